// @sdk/multimodal: Miniscope calcium imaging and ephys alignment: TTL sync, phase analysis.
// Nothing is exported until the package's issue lands; see README.md.
export {};

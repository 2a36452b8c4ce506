// @sdk/ecephys: Neuropixels sessions: units, spikes, LFP, probe sync, stimulus metrics.
// Nothing is exported until the package's issue lands; see README.md.
export {};

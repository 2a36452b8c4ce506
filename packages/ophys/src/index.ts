// @sdk/ophys: Brain Observatory 2-photon: dF/F, neuropil, demixing, time sync, stimulus metrics.
// Nothing is exported until the package's issue lands; see README.md.
export {};

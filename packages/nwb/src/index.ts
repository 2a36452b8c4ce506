// @sdk/nwb: NWB 2.x read and write (base, ophys, ecephys, icephys, behavior) and NWB 1.x read.
// Nothing is exported until the package's issue (#5) lands; see README.md.
export {};

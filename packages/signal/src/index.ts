// @sdk/signal: Numeric kernels every modality shares, following numpy/scipy semantics: filters, FFT, robust statistics, statistical tests, fitting, numpy-compatible RNG.
// Nothing is exported until the package's issue (#4) lands; see README.md.
export {};

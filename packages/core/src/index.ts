// @sdk/core: HDF5 (h5wasm), Apache Arrow tables, zod schemas, NRRD/NPY/JSON/CSV, sync files, manifest and on-disk download cache, SdkError.
// Nothing is exported until the package's issue (#3) lands; see README.md.
export {};

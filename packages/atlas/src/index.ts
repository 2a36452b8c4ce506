// @sdk/atlas: Structure tree, reference space, annotation volumes, mouse connectivity and SWC morphology.
// Nothing is exported until the package's issue lands; see README.md.
export {};

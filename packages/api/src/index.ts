// @sdk/api: Allen Brain Atlas API client: RMA queries, paging, downloads and caches.
// Nothing is exported until the package's issue (#6) lands; see README.md.
export {};

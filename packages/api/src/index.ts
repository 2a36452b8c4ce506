// @sdk/api: Allen Brain Atlas API client: RMA queries, paging, downloads and caches.
export * from './api.js';
export * from './cache/cacheable.js';
export type { DownloadOptions, DownloadProgressEvent, DownloadResult } from './download/file.js';
export * from './ecephys/rmaEngine.js';
export * from './ecephys/warehouseApi.js';
export * from './errors.js';
export * from './formats/metaImage.js';
export * from './formats/obj.js';
export * from './http/client.js';
export { pyCompare, pyD, pyF, pyFloatRepr, pyRepr, pyStr } from './python/format.js';
export * from './python/quote.js';
export * from './queries/biophysicalApi.js';
export * from './queries/brainObservatoryApi.js';
export * from './queries/brainObservatoryFilters.js';
export * from './queries/cellTypesApi.js';
export * from './queries/connectedServices.js';
export * from './queries/connectedServicesSchema.js';
export * from './queries/glifApi.js';
export * from './queries/gridDataApi.js';
export * from './queries/imageDownloadApi.js';
export * from './queries/mouseAtlasApi.js';
export * from './queries/mouseConnectivityApi.js';
export * from './queries/ontologiesApi.js';
export * from './queries/referenceSpaceApi.js';
export * from './queries/smallApis.js';
export * from './remote/rangeReader.js';
export type {
  DebugValue,
  ModelStageOptions,
  RmaFormat,
  RmaOptions,
  TupleFilter,
} from './rma/builder.js';
export * as rma from './rma/builder.js';
export * from './rma/pager.js';
export * from './rma/rmaApi.js';
export * from './rma/template.js';
export * from './schemas/records.js';

export { H5Reference } from './decode.js';
export { dtypeName, type H5CompoundMember, type H5DType } from './dtype.js';
export {
  type CreateDatasetOptions,
  DEFAULT_MAX_READ_BYTES,
  DEFAULT_PIECE_BYTES,
  H5Attributes,
  type H5Child,
  H5Dataset,
  H5File,
  H5Group,
  type H5LinkInfo,
  type H5Mode,
  type H5Source,
  type H5Value,
  type OpenH5Options,
  openH5,
  type ReadOptions,
} from './file.js';
export {
  H5_FILTER_NAMES,
  type H5FilterInfo,
  type InstalledFilterPlugins,
  installFilterPluginFiles,
  PLUGIN_FILTER_IDS,
} from './plugins.js';
export {
  decodeBytes,
  type H5Matcher,
  type H5Node,
  keyedLocateH5Objects,
  loadDatasetsByRelnames,
  locateH5Objects,
  matchRelnameIn,
  traverseH5,
} from './utilities.js';
export type { H5CompoundColumn, H5WriteData, WriteDType } from './write.js';

export {
  type ColumnInput,
  type ColumnTypeName,
  indexColumns,
  type TableFromColumnsOptions,
  tableFromColumns,
  tableFromRecords,
  withIndex,
} from './build.js';
export { type Cell, INDEX_METADATA_KEY } from './cells.js';
export { type AggregateName, type Aggregations, groupBy } from './groupby.js';
export { type JoinOptions, join } from './join.js';
export { filter, type SortKey, type SortOptions, select, sort, takeRows } from './ops.js';
export { columnValues, type RecordValue, toRecords } from './records.js';

export {
  type EdgeKind,
  getSynchronizedFrameTimes,
  SyncDataset,
  type SyncLine,
  type SyncLineStats,
  type SyncPeriod,
  type SyncUnits,
  trimDiscontiguousTimes,
} from './dataset.js';

// TimeIntervals (epochs, trials, invalid_times and custom interval tables).
import { SdkError } from '@sdk/core';
import { TimeSeries } from './base.js';
import type { BuildContext } from './container.js';
import { numbersOf } from './data.js';
import { DynamicTable, type TimeSeriesReference } from './table.js';

export interface IntervalRow {
  start_time: number;
  stop_time: number;
  /** Tags: a list, or comma-separated text (split like pynwb). */
  tags?: readonly string[] | string;
  /** Series this interval applies to; idx_start/count are computed like pynwb's add_interval. */
  timeseries?: TimeSeries | readonly (TimeSeries | TimeSeriesReference)[] | TimeSeriesReference;
  id?: number;
  [column: string]: unknown;
}

function bisectLeft(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** pynwb's TimeIntervals.__calculate_idx_count. */
export function intervalReference(
  start: number,
  stop: number,
  ts: TimeSeries,
): TimeSeriesReference {
  let startIdx: number;
  let stopIdx: number;
  if (ts.starting_time !== undefined && ts.rate) {
    startIdx = Math.trunc((start - ts.starting_time) * ts.rate);
    stopIdx = Math.trunc((stop - ts.starting_time) * ts.rate);
  } else {
    let src: TimeSeries = ts;
    while (src.timestamps instanceof TimeSeries) src = src.timestamps;
    const t = src.timestamps;
    if (t === undefined || (typeof t === 'object' && 'kind' in t && t.kind === 'stream')) {
      throw new SdkError(
        'E_VALIDATION',
        `${ts.describe()}: in-memory timestamps or a rate are needed to reference it from an interval`,
      );
    }
    const values = numbersOf(
      (typeof t === 'object' && 'kind' in t && t.kind === 'dataio' ? t.data : t) as never,
      ts.describe(),
    );
    startIdx = bisectLeft(values, start);
    stopIdx = bisectLeft(values, stop);
  }
  return { idx_start: startIdx, count: stopIdx - startIdx, timeseries: ts };
}

export class TimeIntervals extends DynamicTable {
  override readonly neurodata_type: string = 'TimeIntervals';
  override readonly namespace = 'core' as const;

  constructor(opts: { name: string; description: string }) {
    super(opts);
    this.predefined.set('start_time', {
      name: 'start_time',
      description: 'Start time of epoch, in seconds',
      dtype: 'float64',
    });
    this.predefined.set('stop_time', {
      name: 'stop_time',
      description: 'Stop time of epoch, in seconds',
      dtype: 'float64',
    });
    this.predefined.set('tags', { name: 'tags', description: 'user-defined tags', index: 1 });
    this.predefined.set('timeseries', {
      name: 'timeseries',
      description: 'index into a TimeSeries object',
      index: 1,
      kind: 'tsref',
      neurodata_type: 'TimeSeriesReferenceVectorData',
      namespace: 'core',
    });
    this.addColumn({ name: 'start_time', description: 'Start time of epoch, in seconds' });
    this.addColumn({ name: 'stop_time', description: 'Stop time of epoch, in seconds' });
  }

  addInterval(row: IntervalRow): number {
    const where = this.describe();
    const { start_time, stop_time, tags, timeseries, ...rest } = row;
    if (!Number.isFinite(start_time) || !Number.isFinite(stop_time)) {
      throw new SdkError(
        'E_VALIDATION',
        `${where}: start_time and stop_time must be finite numbers`,
      );
    }
    if (stop_time < start_time)
      throw new SdkError(
        'E_VALIDATION',
        `${where}: stop_time ${stop_time} < start_time ${start_time}`,
      );
    if (start_time < 0)
      throw new SdkError('E_VALIDATION', `${where}: start_time ${start_time} is negative`);
    const values: Record<string, unknown> = { start_time, stop_time, ...rest };
    if (tags !== undefined) {
      values.tags =
        typeof tags === 'string'
          ? tags
              .split(',')
              .filter((s) => s.trim().length > 0)
              .map((s) => s.trim())
          : [...tags];
    }
    if (timeseries !== undefined) {
      const list = Array.isArray(timeseries) ? timeseries : [timeseries];
      values.timeseries = (list as (TimeSeries | TimeSeriesReference)[]).map((t) =>
        t instanceof TimeSeries ? intervalReference(start_time, stop_time, t) : t,
      );
    }
    return this.addRow(values as Record<string, unknown> & { id?: number });
  }

  protected override checkRows(ctx: BuildContext): void {
    super.checkRows(ctx);
    const starts = this.column('start_time').cells as number[];
    for (let i = 1; i < starts.length; i++) {
      if ((starts[i] as number) < (starts[i - 1] as number)) {
        throw new SdkError(
          'E_VALIDATION',
          `${this.describe()}: start_time must be ascending (row ${i})`,
        );
      }
    }
  }
}

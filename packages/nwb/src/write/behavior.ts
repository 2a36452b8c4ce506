// Behavior: SpatialSeries and the containers that group series (Position, EyeTracking, ...).
import { SdkError } from '@sdk/core';
import {
  MultiContainerInterface,
  TimeSeries,
  TimeSeriesGroup,
  type TimeSeriesOptions,
} from './base.js';
import type { BuildContext, NwbContainer } from './container.js';
import { isDataIO, isStream, numbersOf, shapeOf } from './data.js';
import { type Node, textDataset } from './node.js';

export interface SpatialSeriesOptions extends Omit<TimeSeriesOptions, 'unit'> {
  unit?: string;
  reference_frame?: string;
}

export class SpatialSeries extends TimeSeries {
  override readonly neurodata_type = 'SpatialSeries';
  readonly reference_frame: string | undefined;

  constructor(opts: SpatialSeriesOptions) {
    super({ ...opts, unit: opts.unit ?? 'meters' });
    this.reference_frame = opts.reference_frame;
    const where = `SpatialSeries '${opts.name}'`;
    if (!(this.data instanceof TimeSeries)) {
      const shape = shapeOf(this.data, where);
      if (shape.length > 2 || (shape.length === 2 && (shape[1] as number) > 3)) {
        throw new SdkError(
          'E_VALIDATION',
          `${where}: data must be (time) or (time, 1-3), got [${shape.join(', ')}]`,
        );
      }
    }
  }

  protected override extraChildren(_ctx: BuildContext): (Node | undefined)[] {
    return [textDataset('reference_frame', this.reference_frame)];
  }
}

class SpatialSeriesGroup extends MultiContainerInterface<SpatialSeries> {
  readonly neurodata_type: string = 'Position';
  constructor(
    opts: { name?: string; spatial_series?: SpatialSeries | readonly SpatialSeries[] } = {},
  ) {
    super(opts.name ?? new.target.name, opts.spatial_series);
  }
  protected accepts(item: NwbContainer): boolean {
    return item instanceof SpatialSeries;
  }
  addSpatialSeries(s: SpatialSeries): SpatialSeries {
    return this.add(s);
  }
  createSpatialSeries(opts: SpatialSeriesOptions): SpatialSeries {
    return this.add(new SpatialSeries(opts));
  }
}

export class Position extends SpatialSeriesGroup {
  override readonly neurodata_type = 'Position';
}

export class EyeTracking extends SpatialSeriesGroup {
  override readonly neurodata_type = 'EyeTracking';
}

export class CompassDirection extends SpatialSeriesGroup {
  override readonly neurodata_type = 'CompassDirection';

  override add(s: SpatialSeries): SpatialSeries {
    const where = `CompassDirection '${this.name}' / ${s.describe()}`;
    if (s.unit !== 'degrees' && s.unit !== 'radians') {
      throw new SdkError(
        'E_VALIDATION',
        `${where}: unit must be 'degrees' or 'radians' (got '${s.unit}')`,
      );
    }
    const d = s.data;
    if (!(d instanceof TimeSeries) && !isStream(d)) {
      const limit = s.unit === 'degrees' ? 360 : 2 * Math.PI;
      const values = numbersOf(isDataIO(d) ? d.data : d, where);
      const bad = values.find((v) => Math.abs(v * s.conversion) > limit);
      if (bad !== undefined)
        throw new SdkError(
          'E_VALIDATION',
          `${where}: value ${bad} is outside ±${s.unit === 'degrees' ? 360 : '2π'}`,
        );
    }
    return super.add(s);
  }
}

export class BehavioralTimeSeries extends TimeSeriesGroup {
  constructor(opts: { name?: string; time_series?: TimeSeries | readonly TimeSeries[] } = {}) {
    super('BehavioralTimeSeries', opts);
  }
}

export class BehavioralEvents extends TimeSeriesGroup {
  constructor(opts: { name?: string; time_series?: TimeSeries | readonly TimeSeries[] } = {}) {
    super('BehavioralEvents', opts);
  }
}

export class PupilTracking extends TimeSeriesGroup {
  constructor(opts: { name?: string; time_series?: TimeSeries | readonly TimeSeries[] } = {}) {
    super('PupilTracking', opts);
  }
}

/** Intervals as +1 (start) / -1 (stop) events at timestamps. */
export class IntervalSeries extends TimeSeries {
  override readonly neurodata_type = 'IntervalSeries';

  constructor(opts: Omit<TimeSeriesOptions, 'unit'> & { unit?: string }) {
    super({ ...opts, unit: opts.unit ?? 'n/a', autoRate: false });
  }

  /** Builds the +1/-1 data and timestamps from [start, stop] pairs (sorted by time). */
  static fromIntervals(opts: {
    name: string;
    description?: string;
    intervals: readonly (readonly [number, number])[];
  }): IntervalSeries {
    const events: [number, number][] = [];
    for (const [a, b] of opts.intervals) {
      if (!(b >= a))
        throw new SdkError(
          'E_VALIDATION',
          `IntervalSeries '${opts.name}': stop < start in [${a}, ${b}]`,
        );
      events.push([a, 1], [b, -1]);
    }
    events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    return new IntervalSeries({
      name: opts.name,
      ...(opts.description !== undefined ? { description: opts.description } : {}),
      data: Int8Array.from(events, (e) => e[1]),
      timestamps: Float64Array.from(events, (e) => e[0]),
    });
  }
}

export class BehavioralEpochs extends MultiContainerInterface<IntervalSeries> {
  readonly neurodata_type = 'BehavioralEpochs';
  constructor(
    opts: { name?: string; interval_series?: IntervalSeries | readonly IntervalSeries[] } = {},
  ) {
    super(opts.name ?? 'BehavioralEpochs', opts.interval_series);
  }
  protected accepts(item: NwbContainer): boolean {
    return item instanceof IntervalSeries;
  }
  addIntervalSeries(s: IntervalSeries): IntervalSeries {
    return this.add(s);
  }
}

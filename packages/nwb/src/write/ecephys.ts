// Extracellular electrophysiology: ElectrodeGroup, the electrodes table, ElectricalSeries,
// SpikeEventSeries, LFP / FilteredEphys and the Units table.
import { SdkError } from '@sdk/core';
import {
  type Device,
  MultiContainerInterface,
  TimeSeries,
  type TimeSeriesOptions,
} from './base.js';
import { type BuildContext, NwbContainer, required } from './container.js';
import { type ArrayInput, shapeOf } from './data.js';
import {
  type AttrValue,
  attr,
  dataset,
  type GroupNode,
  group,
  type Node,
  optAttr,
  softLink,
} from './node.js';
import { DynamicTable, type DynamicTableRegion } from './table.js';

export interface ElectrodeGroupOptions {
  name: string;
  description: string;
  location: string;
  device: Device;
  /** Position of the group (x, y, z). */
  position?: readonly [number, number, number];
}

export class ElectrodeGroup extends NwbContainer {
  readonly neurodata_type = 'ElectrodeGroup';
  readonly description: string;
  readonly location: string;
  readonly device: Device;
  readonly position: readonly [number, number, number] | undefined;

  constructor(opts: ElectrodeGroupOptions) {
    super(opts.name);
    const where = `ElectrodeGroup '${opts.name}'`;
    this.description = required(opts.description, 'description', where);
    this.location = required(opts.location, 'location', where);
    this.device = required(opts.device, 'device', where);
    this.position = opts.position;
  }

  buildNode(ctx: BuildContext): GroupNode {
    ctx.description(this.description, this.describe());
    const children: Node[] = [softLink('device', this.device)];
    if (this.position) {
      const [x, y, z] = this.position;
      children.push(
        dataset('position', {
          kind: 'compound',
          columns: new Map([
            ['x', [x]],
            ['y', [y]],
            ['z', [z]],
          ]),
          dtypes: new Map([
            ['x', 'float32'],
            ['y', 'float32'],
            ['z', 'float32'],
          ]),
          scalar: true,
        }),
      );
    }
    return group(this.name, children, {
      description: attr(this.description),
      location: attr(this.location),
    });
  }
}

const ELECTRODE_COLUMNS: Record<string, string> = {
  x: 'the x coordinate of the position (+x is posterior)',
  y: 'the y coordinate of the position (+y is inferior)',
  z: 'the z coordinate of the position (+z is right)',
  imp: 'the impedance of the electrode, in ohms',
  filtering: 'description of hardware filtering, including the filter name and frequency cutoffs',
  rel_x: 'the x coordinate within the electrode group',
  rel_y: 'the y coordinate within the electrode group',
  rel_z: 'the z coordinate within the electrode group',
  reference:
    'Description of the reference electrode and/or reference scheme used for this                         electrode, e.g.,"stainless steel skull screw" or "online common average referencing".',
};

export interface ElectrodeRow {
  group: ElectrodeGroup;
  location: string;
  group_name?: string;
  x?: number;
  y?: number;
  z?: number;
  imp?: number;
  filtering?: string;
  rel_x?: number;
  rel_y?: number;
  rel_z?: number;
  reference?: string;
  id?: number;
  [column: string]: unknown;
}

/** `/general/extracellular_ephys/electrodes` (a DynamicTable at schema 2.7.0). */
export class ElectrodesTable extends DynamicTable {
  constructor() {
    super({ name: 'electrodes', description: 'metadata about extracellular electrodes' });
    this.addColumn({
      name: 'location',
      description: 'the location of channel within the subject e.g. brain region',
    });
    this.addColumn({
      name: 'group',
      description: 'a reference to the ElectrodeGroup this electrode is a part of',
      kind: 'ref',
    });
    this.addColumn({
      name: 'group_name',
      description: 'the name of the ElectrodeGroup this electrode is a part of',
    });
    for (const [name, description] of Object.entries(ELECTRODE_COLUMNS)) {
      this.predefined.set(name, { name, description });
    }
  }

  addElectrode(row: ElectrodeRow): number {
    const where = this.describe();
    if (!(row.group instanceof ElectrodeGroup))
      throw new SdkError('E_VALIDATION', `${where}: "group" must be an ElectrodeGroup`);
    required(row.location, 'location', where);
    return this.addRow({ ...row, group_name: row.group_name ?? row.group.name });
  }
}

export interface ElectricalSeriesOptions extends Omit<TimeSeriesOptions, 'unit'> {
  /** Region of the file's electrodes table, one row per data column. */
  electrodes: DynamicTableRegion;
  channel_conversion?: ArrayInput;
  filtering?: string;
}

export class ElectricalSeries extends TimeSeries {
  override readonly neurodata_type: string = 'ElectricalSeries';
  readonly electrodes: DynamicTableRegion;
  readonly channel_conversion: ArrayInput | undefined;
  readonly filtering: string | undefined;

  constructor(opts: ElectricalSeriesOptions) {
    super({ ...opts, unit: 'volts' });
    const where = `${new.target.name} '${opts.name}'`;
    this.electrodes = required(opts.electrodes, 'electrodes', where);
    this.channel_conversion = opts.channel_conversion;
    this.filtering = opts.filtering;
    const shape = this.data instanceof TimeSeries ? null : shapeOf(this.data, where);
    if (shape && shape[0] !== -1 && new.target === ElectricalSeries) {
      const channels = shape.length > 1 ? shape[1] : 1;
      if (channels !== this.electrodes.length) {
        throw new SdkError(
          'E_VALIDATION',
          `${where}: data has ${channels} channels (shape[1]) but electrodes has ${this.electrodes.length} rows`,
        );
      }
    }
    if (
      this.channel_conversion &&
      shapeOf(this.channel_conversion, where)[0] !== this.electrodes.length
    ) {
      throw new SdkError(
        'E_VALIDATION',
        `${where}: channel_conversion needs one value per electrode`,
      );
    }
  }

  protected override groupAttrs(): Record<string, AttrValue | undefined> {
    return { filtering: optAttr(this.filtering) };
  }

  protected override extraChildren(ctx: BuildContext): (Node | undefined)[] {
    if (ctx.fileElectrodes !== undefined && this.electrodes.table !== ctx.fileElectrodes) {
      throw new SdkError(
        'E_VALIDATION',
        `${this.describe()}: electrodes must be a region of the file's electrodes table (createElectrodeTableRegion)`,
      );
    }
    const out: (Node | undefined)[] = [ctx.build(this.electrodes)];
    if (this.channel_conversion) {
      out.push(
        dataset(
          'channel_conversion',
          { kind: 'data', data: this.channel_conversion, dtype: 'float32' },
          { axis: attr(1, 'int64') },
        ),
      );
    }
    return out;
  }
}

export class SpikeEventSeries extends ElectricalSeries {
  override readonly neurodata_type = 'SpikeEventSeries';

  constructor(opts: ElectricalSeriesOptions) {
    if (opts.timestamps === undefined)
      throw new SdkError(
        'E_VALIDATION',
        `SpikeEventSeries '${opts.name}': timestamps are required`,
      );
    super({ ...opts, autoRate: false });
  }
}

export class LFP extends MultiContainerInterface<ElectricalSeries> {
  readonly neurodata_type: string = 'LFP';
  constructor(
    opts: {
      name?: string;
      electrical_series?: ElectricalSeries | readonly ElectricalSeries[];
    } = {},
  ) {
    super(opts.name ?? new.target.name, opts.electrical_series);
  }
  protected accepts(item: NwbContainer): boolean {
    return item instanceof ElectricalSeries;
  }
  addElectricalSeries(es: ElectricalSeries): ElectricalSeries {
    return this.add(es);
  }
  createElectricalSeries(opts: ElectricalSeriesOptions): ElectricalSeries {
    return this.add(new ElectricalSeries(opts));
  }
}

export class FilteredEphys extends LFP {
  override readonly neurodata_type = 'FilteredEphys';
}

const WAVEFORMS_DESC =
  'Individual waveforms for each spike. If the dataset is three-dimensional, the third dimension shows the response from different electrodes that all observe this unit simultaneously. In this case, the `electrodes` column of this Units table should be used to indicate which electrodes are associated with this unit, and the electrodes dimension here should be in the same order as the electrodes referenced in the `electrodes` column of this table.';

export interface UnitRow {
  spike_times?: readonly number[] | Float64Array;
  /** [[start, stop], ...] */
  obs_intervals?: readonly (readonly [number, number])[];
  /** Row positions in the electrodes table. */
  electrodes?: readonly number[];
  electrode_group?: ElectrodeGroup;
  waveform_mean?: ArrayInput;
  waveform_sd?: ArrayInput;
  /** One waveform per spike per electrode: waveforms[spike][electrode] = samples. */
  waveforms?: readonly (readonly (readonly number[])[])[];
  id?: number;
  [column: string]: unknown;
}

export class Units extends DynamicTable {
  override readonly neurodata_type = 'Units';
  override readonly namespace = 'core' as const;
  electrodeTable: DynamicTable | undefined;

  constructor(
    opts: {
      name?: string;
      description?: string;
      electrode_table?: DynamicTable;
      /** Sampling rate of the waveform columns (attribute `sampling_rate`). */
      waveform_rate?: number;
      waveform_unit?: string;
      /** Spike time resolution in seconds. */
      resolution?: number;
    } = {},
  ) {
    super({ name: opts.name ?? 'units', description: opts.description ?? 'data on spiking units' });
    const wave: Record<string, AttrValue | undefined> = {
      sampling_rate: optAttr(opts.waveform_rate, 'float64'),
      unit: attr(opts.waveform_unit ?? 'volts'),
    };
    const pre = (
      name: string,
      description: string,
      extra: Partial<Parameters<DynamicTable['addColumn']>[0]> = {},
    ): void => {
      this.predefined.set(name, { name, description, ...extra });
    };
    pre('spike_times', 'the spike times for each unit', {
      index: 1,
      dtype: 'float64',
      attrs: { resolution: optAttr(opts.resolution, 'float64') },
    });
    pre('obs_intervals', 'the observation intervals for each unit', { index: 1, dtype: 'float64' });
    if (opts.electrode_table) this.setElectrodeTable(opts.electrode_table);
    pre('electrode_group', 'the electrode group that each spike unit came from', { kind: 'ref' });
    pre('waveform_mean', 'the spike waveform mean for each spike unit', { attrs: wave });
    pre('waveform_sd', 'the spike waveform standard deviation for each spike unit', {
      attrs: wave,
    });
    pre('waveforms', WAVEFORMS_DESC, { index: 2, attrs: wave });
  }

  /** The table the `electrodes` column indexes (set by the file when the table appears later). */
  setElectrodeTable(table: DynamicTable): void {
    if (this.electrodeTable === table) return;
    if (this.hasColumn('electrodes')) {
      throw new SdkError(
        'E_VALIDATION',
        `${this.describe()}: the electrodes column already targets another table`,
      );
    }
    this.electrodeTable = table;
    this.predefined.set('electrodes', {
      name: 'electrodes',
      description: 'the electrodes that each spike unit came from',
      index: 1,
      table,
    });
  }

  addUnit(row: UnitRow): number {
    const where = this.describe();
    if (row.electrodes !== undefined && !this.electrodeTable) {
      throw new SdkError(
        'E_VALIDATION',
        `${where}: an "electrodes" cell needs the file's electrodes table`,
      );
    }
    const st = row.spike_times ? Array.from(row.spike_times) : undefined;
    if (st) {
      st.forEach((t, i) => {
        if (!Number.isFinite(t) || t < 0)
          throw new SdkError(
            'E_VALIDATION',
            `${where}: spike_times[${i}] = ${t} must be finite and >= 0`,
          );
      });
      if (row.obs_intervals) {
        const inside = (t: number): boolean =>
          row.obs_intervals?.some(([a, b]) => t >= a && t <= b) ?? true;
        const bad = st.find((t) => !inside(t));
        if (bad !== undefined)
          throw new SdkError(
            'E_VALIDATION',
            `${where}: spike time ${bad} lies outside obs_intervals`,
          );
      }
    }
    const obs = row.obs_intervals?.map(([a, b], i) => {
      if (!(b >= a))
        throw new SdkError('E_VALIDATION', `${where}: obs_intervals[${i}] stop < start`);
      return [a, b];
    });
    return this.addRow({ ...row, spike_times: st, obs_intervals: obs });
  }
}

// Intracellular electrophysiology: electrodes, PatchClampSeries family and the icephys
// metadata tables (intracellular recordings and its grouping tables).
import { SdkError } from '@sdk/core';
import { type Device, TimeSeries, type TimeSeriesOptions } from './base.js';
import { type BuildContext, type Namespace, NwbContainer, required } from './container.js';
import {
  type AttrValue,
  attr,
  floatDataset,
  type GroupNode,
  group,
  type Node,
  optAttr,
  softLink,
  textDataset,
} from './node.js';
import { type ColumnOptions, DynamicTable, type TimeSeriesReference } from './table.js';

export interface IntracellularElectrodeOptions {
  name: string;
  description: string;
  device: Device;
  cell_id?: string;
  filtering?: string;
  initial_access_resistance?: string;
  location?: string;
  resistance?: string;
  seal?: string;
  slice?: string;
}

export class IntracellularElectrode extends NwbContainer {
  readonly neurodata_type = 'IntracellularElectrode';
  readonly opts: Readonly<IntracellularElectrodeOptions>;

  constructor(opts: IntracellularElectrodeOptions) {
    super(opts.name);
    const where = `IntracellularElectrode '${opts.name}'`;
    required(opts.description, 'description', where);
    required(opts.device, 'device', where);
    this.opts = { ...opts };
  }

  get device(): Device {
    return this.opts.device;
  }

  buildNode(ctx: BuildContext): GroupNode {
    const o = this.opts;
    ctx.description(o.description, this.describe());
    return group(this.name, [
      textDataset('cell_id', o.cell_id),
      textDataset('description', o.description),
      softLink('device', o.device),
      textDataset('filtering', o.filtering),
      textDataset('initial_access_resistance', o.initial_access_resistance),
      textDataset('location', o.location),
      textDataset('resistance', o.resistance),
      textDataset('seal', o.seal),
      textDataset('slice', o.slice),
    ]);
  }
}

export interface PatchClampSeriesOptions extends Omit<TimeSeriesOptions, 'unit'> {
  electrode: IntracellularElectrode;
  gain?: number;
  stimulus_description?: string;
  sweep_number?: number;
  unit?: string;
}

export class PatchClampSeries extends TimeSeries {
  override readonly neurodata_type: string = 'PatchClampSeries';
  readonly electrode: IntracellularElectrode;
  readonly gain: number | undefined;
  readonly stimulus_description: string;
  readonly sweep_number: number | undefined;

  constructor(opts: PatchClampSeriesOptions, defaultUnit = 'unknown') {
    super({ ...opts, unit: opts.unit ?? defaultUnit });
    const where = `${new.target.name} '${opts.name}'`;
    this.electrode = required(opts.electrode, 'electrode', where);
    this.gain = opts.gain;
    this.stimulus_description = opts.stimulus_description ?? 'N/A';
    this.sweep_number = opts.sweep_number;
    if (
      this.sweep_number !== undefined &&
      !(
        Number.isInteger(this.sweep_number) &&
        this.sweep_number >= 0 &&
        this.sweep_number < 2 ** 32
      )
    ) {
      throw new SdkError(
        'E_VALIDATION',
        `${where}: sweep_number must be an unsigned 32-bit integer`,
      );
    }
  }

  protected override groupAttrs(): Record<string, AttrValue | undefined> {
    return {
      stimulus_description: attr(this.stimulus_description),
      sweep_number: optAttr(this.sweep_number, 'uint32'),
    };
  }

  protected override extraChildren(_ctx: BuildContext): (Node | undefined)[] {
    return [
      softLink('electrode', this.electrode),
      floatDataset('gain', this.gain),
      ...this.clampChildren(),
    ];
  }

  /** @internal */
  protected clampChildren(): (Node | undefined)[] {
    return [];
  }
}

export interface CurrentClampSeriesOptions extends PatchClampSeriesOptions {
  bias_current?: number;
  bridge_balance?: number;
  capacitance_compensation?: number;
}

export class CurrentClampSeries extends PatchClampSeries {
  override readonly neurodata_type: string = 'CurrentClampSeries';
  readonly bias_current: number | undefined;
  readonly bridge_balance: number | undefined;
  readonly capacitance_compensation: number | undefined;

  constructor(opts: CurrentClampSeriesOptions) {
    super(opts, 'volts');
    this.bias_current = opts.bias_current;
    this.bridge_balance = opts.bridge_balance;
    this.capacitance_compensation = opts.capacitance_compensation;
  }

  protected override clampChildren(): (Node | undefined)[] {
    return [
      floatDataset('bias_current', this.bias_current),
      floatDataset('bridge_balance', this.bridge_balance),
      floatDataset('capacitance_compensation', this.capacitance_compensation),
    ];
  }
}

export class IZeroClampSeries extends CurrentClampSeries {
  override readonly neurodata_type = 'IZeroClampSeries';
  constructor(opts: Omit<PatchClampSeriesOptions, 'stimulus_description'>) {
    super({
      ...opts,
      stimulus_description: 'N/A',
      bias_current: 0.0,
      bridge_balance: 0.0,
      capacitance_compensation: 0.0,
    });
  }
}

export class CurrentClampStimulusSeries extends PatchClampSeries {
  override readonly neurodata_type = 'CurrentClampStimulusSeries';
  constructor(opts: PatchClampSeriesOptions) {
    super(opts, 'amperes');
  }
}

export class VoltageClampStimulusSeries extends PatchClampSeries {
  override readonly neurodata_type = 'VoltageClampStimulusSeries';
  constructor(opts: PatchClampSeriesOptions) {
    super(opts, 'volts');
  }
}

const VC_FIELDS = {
  capacitance_fast: 'farads',
  capacitance_slow: 'farads',
  resistance_comp_bandwidth: 'hertz',
  resistance_comp_correction: 'percent',
  resistance_comp_prediction: 'percent',
  whole_cell_capacitance_comp: 'farads',
  whole_cell_series_resistance_comp: 'ohms',
} as const;

export type VoltageClampSeriesOptions = PatchClampSeriesOptions & {
  [K in keyof typeof VC_FIELDS]?: number;
};

export class VoltageClampSeries extends PatchClampSeries {
  override readonly neurodata_type = 'VoltageClampSeries';
  readonly clamp: Readonly<Partial<Record<keyof typeof VC_FIELDS, number>>>;

  constructor(opts: VoltageClampSeriesOptions) {
    super(opts, 'amperes');
    const clamp: Partial<Record<keyof typeof VC_FIELDS, number>> = {};
    for (const k of Object.keys(VC_FIELDS) as (keyof typeof VC_FIELDS)[]) {
      if (opts[k] !== undefined) clamp[k] = opts[k];
    }
    this.clamp = clamp;
  }

  protected override clampChildren(): (Node | undefined)[] {
    return (Object.keys(VC_FIELDS) as (keyof typeof VC_FIELDS)[]).map((k) =>
      floatDataset(k, this.clamp[k], { unit: attr(VC_FIELDS[k]) }),
    );
  }
}

/** A DynamicTable of the core namespace with a fixed name/description (icephys tables). */
class CoreTable extends DynamicTable {
  override readonly namespace: Namespace = 'core';
  override readonly neurodata_type: string;
  constructor(type: string, name: string, description: string) {
    super({ name, description });
    this.neurodata_type = type;
  }
}

export interface IntracellularRecordingOptions {
  electrode?: IntracellularElectrode;
  stimulus?: TimeSeries;
  stimulus_start_index?: number;
  stimulus_index_count?: number;
  stimulus_template?: TimeSeries;
  response?: TimeSeries;
  response_start_index?: number;
  response_index_count?: number;
  id?: number;
}

function seriesLength(ts: TimeSeries, where: string): number {
  const n = ts.length;
  if (n === null)
    throw new SdkError(
      'E_VALIDATION',
      `${where}: the length of ${ts.describe()} is unknown (streamed data); pass the index count`,
    );
  return n;
}

/** `/general/intracellular_ephys/intracellular_recordings` (an AlignedDynamicTable). */
export class IntracellularRecordingsTable extends NwbContainer {
  readonly neurodata_type = 'IntracellularRecordingsTable';
  readonly description =
    'A table to group together a stimulus and response from a single electrode and a single simultaneous recording and for storing metadata about the intracellular recording.';
  readonly electrodes = new CoreTable(
    'IntracellularElectrodesTable',
    'electrodes',
    'Table for storing intracellular electrode related metadata.',
  );
  readonly stimuli = new CoreTable(
    'IntracellularStimuliTable',
    'stimuli',
    'Table for storing intracellular stimulus related metadata.',
  );
  readonly responses = new CoreTable(
    'IntracellularResponsesTable',
    'responses',
    'Table for storing intracellular response related metadata.',
  );
  private readonly ids: number[] = [];

  constructor() {
    super('intracellular_recordings');
    this.electrodes.addColumn({
      name: 'electrode',
      description: 'Column for storing the reference to the intracellular electrode',
      kind: 'ref',
    });
    const tsCol = (name: string, description: string) => ({
      name,
      description,
      kind: 'tsref' as const,
      neurodata_type: 'TimeSeriesReferenceVectorData',
      namespace: 'core' as const,
    });
    this.stimuli.addColumn(
      tsCol(
        'stimulus',
        'Column storing the reference to the recorded stimulus for the recording (rows)',
      ),
    );
    this.responses.addColumn(
      tsCol(
        'response',
        'Column storing the reference to the recorded response for the recording (rows)',
      ),
    );
    this.templateColumn = tsCol(
      'stimulus_template',
      'Column storing the reference to the stimulus template for the recording (rows)',
    );
  }

  private readonly templateColumn: ColumnOptions;

  get length(): number {
    return this.ids.length;
  }

  /** Adds one row (pynwb's add_intracellular_recording); returns its position. */
  addRecording(opts: IntracellularRecordingOptions): number {
    const where = this.describe();
    if (!opts.stimulus && !opts.response)
      throw new SdkError('E_VALIDATION', `${where}: a recording needs a stimulus or a response`);
    const electrode =
      opts.electrode ??
      ((opts.response ?? opts.stimulus) as { electrode?: IntracellularElectrode }).electrode ??
      required(undefined as IntracellularElectrode | undefined, 'electrode', where);
    const ref = (
      ts: TimeSeries | undefined,
      start: number | undefined,
      count: number | undefined,
      other: TimeSeries,
    ): TimeSeriesReference => {
      if (!ts) return { idx_start: -1, count: -1, timeseries: other };
      const s = start ?? 0;
      const c = count ?? seriesLength(ts, where) - s;
      if (s < 0 || c < 0)
        throw new SdkError(
          'E_VALIDATION',
          `${where}: negative start index or count for ${ts.describe()}`,
        );
      const n = ts.length;
      if (n !== null && s + c > n)
        throw new SdkError(
          'E_VALIDATION',
          `${where}: ${ts.describe()} has ${n} samples, reference ends at ${s + c}`,
        );
      return { idx_start: s, count: c, timeseries: ts };
    };
    const stim = ref(
      opts.stimulus,
      opts.stimulus_start_index,
      opts.stimulus_index_count,
      opts.response as TimeSeries,
    );
    const resp = ref(
      opts.response,
      opts.response_start_index,
      opts.response_index_count,
      opts.stimulus as TimeSeries,
    );
    const id = opts.id ?? this.ids.length;
    this.electrodes.addRow({ electrode, id });
    const stimRow: Record<string, unknown> & { id?: number } = { stimulus: stim, id };
    if (opts.stimulus_template || this.stimuli.hasColumn('stimulus_template')) {
      if (!this.stimuli.hasColumn('stimulus_template')) {
        if (this.ids.length > 0)
          throw new SdkError(
            'E_VALIDATION',
            `${where}: stimulus_template must be given from the first recording on`,
          );
        this.stimuli.addColumn(this.templateColumn);
      }
      const t = opts.stimulus_template;
      stimRow.stimulus_template = t
        ? { idx_start: 0, count: seriesLength(t, where), timeseries: t }
        : { idx_start: -1, count: -1, timeseries: (opts.stimulus ?? opts.response) as TimeSeries };
    }
    this.stimuli.addRow(stimRow);
    this.responses.addRow({ response: resp, id });
    this.ids.push(id);
    return this.ids.length - 1;
  }

  /** Series and electrodes the rows refer to (the file adds missing ones). */
  referenced(): { electrodes: IntracellularElectrode[]; series: TimeSeries[] } {
    const electrodes = this.electrodes.column('electrode').cells as IntracellularElectrode[];
    const series: TimeSeries[] = [];
    for (const t of [this.stimuli, this.responses]) {
      for (const c of t.colnames) {
        for (const r of t.column(c).cells as TimeSeriesReference[])
          if (r.idx_start >= 0) series.push(r.timeseries as TimeSeries);
      }
    }
    return { electrodes: [...new Set(electrodes)], series: [...new Set(series)] };
  }

  buildNode(ctx: BuildContext): GroupNode {
    const idNode = ctx.build(new IdHolder(this.ids));
    return group(
      this.name,
      [idNode, ctx.build(this.electrodes), ctx.build(this.stimuli), ctx.build(this.responses)],
      {
        categories: attr(['electrodes', 'stimuli', 'responses']),
        colnames: attr(new Float64Array(0)),
        description: attr(this.description),
      },
    );
  }
}

/** The `id` dataset of an aligned table (ElementIdentifiers). */
class IdHolder extends NwbContainer {
  readonly neurodata_type = 'ElementIdentifiers';
  override readonly namespace: Namespace = 'hdmf-common';
  constructor(private readonly ids: readonly number[]) {
    super('id');
  }
  buildNode(): Node & { kind: 'dataset' } {
    return {
      kind: 'dataset',
      name: 'id',
      content: { kind: 'data', data: BigInt64Array.from(this.ids, (v) => BigInt(v)) },
      attrs: new Map(),
    };
  }
}

/** A grouping table whose `column` is a ragged region into `target`. */
class GroupingTable extends CoreTable {
  constructor(
    type: string,
    name: string,
    description: string,
    readonly regionColumn: string,
    target: DynamicTable | IntracellularRecordingsTable,
    regionDescription: string,
  ) {
    super(type, name, description);
    this.addColumn({
      name: regionColumn,
      description: regionDescription,
      index: 1,
      table: target as DynamicTable,
    });
  }

  /** Adds a row grouping the given row positions of the target table. */
  addGroup(rows: readonly number[], extra: Record<string, unknown> = {}): number {
    if (rows.length === 0)
      throw new SdkError('E_VALIDATION', `${this.describe()}: a row must group at least one row`);
    return this.addRow({ ...extra, [this.regionColumn]: [...rows] });
  }
}

export class SimultaneousRecordingsTable extends GroupingTable {
  constructor(target: IntracellularRecordingsTable) {
    super(
      'SimultaneousRecordingsTable',
      'simultaneous_recordings',
      'A table for grouping different intracellular recordings from theIntracellularRecordingsTable table together that were recorded simultaneously from different electrodes.',
      'recordings',
      target,
      'Column with references to one or more rows in the IntracellularRecordingsTable table',
    );
  }
}

export class SequentialRecordingsTable extends GroupingTable {
  constructor(target: SimultaneousRecordingsTable) {
    super(
      'SequentialRecordingsTable',
      'sequential_recordings',
      'A table for grouping different intracellular recording simultaneous_recordings from the SimultaneousRecordingsTable table together. This is typically used to group together simultaneous_recordings where the a sequence of stimuli of the same type with varying parameters have been presented in a sequence.',
      'simultaneous_recordings',
      target,
      'Column with references to one or more rows in the SimultaneousRecordingsTable table',
    );
    this.addColumn({
      name: 'stimulus_type',
      description: 'Column storing the type of stimulus used for the sequential recording',
    });
  }
}

export class RepetitionsTable extends GroupingTable {
  constructor(target: SequentialRecordingsTable) {
    super(
      'RepetitionsTable',
      'repetitions',
      'A table for grouping different intracellular recording sequential recordings together. With each SimultaneousRecording typically representing a particular type of stimulus, the RepetitionsTable table is typically used to group sets of stimuli applied in sequence.',
      'sequential_recordings',
      target,
      'Column with references to one or more rows in the SequentialRecordingsTable table',
    );
  }
}

export class ExperimentalConditionsTable extends GroupingTable {
  constructor(target: RepetitionsTable) {
    super(
      'ExperimentalConditionsTable',
      'experimental_conditions',
      'A table for grouping different intracellular recording repetitions together that belong to the same experimental conditions.',
      'repetitions',
      target,
      'Column with references to one or more rows in the RepetitionsTable table',
    );
  }
}

// The NWBFile being built: root metadata, /general and every collection of the file.
import { SdkError } from '@sdk/core';
import {
  Device,
  type DeviceOptions,
  ProcessingModule,
  Subject,
  type SubjectOptions,
} from './base.js';
import { type BuildContext, NamedCollection, type NwbContainer } from './container.js';
import {
  ElectrodeGroup,
  type ElectrodeGroupOptions,
  type ElectrodeRow,
  ElectrodesTable,
  type UnitRow,
  Units,
} from './ecephys.js';
import { type IntervalRow, TimeIntervals } from './epoch.js';
import { catalogWithExtensions, type ExtensionNamespace } from './extension.js';
import {
  ExperimentalConditionsTable,
  IntracellularElectrode,
  type IntracellularElectrodeOptions,
  type IntracellularRecordingOptions,
  IntracellularRecordingsTable,
  RepetitionsTable,
  SequentialRecordingsTable,
  SimultaneousRecordingsTable,
} from './icephys.js';
import { ImageSeries } from './image.js';
import { attr, dataset, type GroupNode, group, type Node, textDataset } from './node.js';
import { ImagingPlane, type ImagingPlaneOptions } from './ophys.js';
import { type ColumnOptions, DynamicTableRegion } from './table.js';
import { type DateInput, formatIsoDatetime, isoToMillis } from './time.js';

export interface NwbFileOptions {
  session_description: string;
  identifier: string;
  /** Must carry a time zone (a Date is written in UTC). */
  session_start_time: DateInput;
  file_create_date?: DateInput | readonly DateInput[];
  timestamps_reference_time?: DateInput;
  experimenter?: string | readonly string[];
  keywords?: readonly string[];
  related_publications?: string | readonly string[];
  experiment_description?: string;
  session_id?: string;
  institution?: string;
  lab?: string;
  notes?: string;
  pharmacology?: string;
  protocol?: string;
  slices?: string;
  data_collection?: string;
  surgery?: string;
  virus?: string;
  /** Written to /general/stimulus. */
  stimulus_notes?: string;
  source_script?: string;
  source_script_file_name?: string;
  subject?: Subject | SubjectOptions;
}

const SCALAR_GENERAL = [
  'data_collection',
  'experiment_description',
  'institution',
  'lab',
  'notes',
  'pharmacology',
  'protocol',
  'session_id',
  'slices',
  'surgery',
  'virus',
] as const;

function list(v: string | readonly string[] | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'string' ? [v] : [...v];
}

/** An NWB file under construction; write it with `writeNwb`. */
export class NwbFileBuilder {
  readonly session_description: string;
  readonly identifier: string;
  readonly session_start_time: string;
  readonly timestamps_reference_time: string;
  readonly file_create_date: string[];
  readonly meta: Readonly<NwbFileOptions>;
  subject: Subject | undefined;
  /** Assigned when written unless set before. */
  object_id: string | undefined;

  readonly acquisition = new NamedCollection<NwbContainer>('/acquisition');
  readonly stimulus = new NamedCollection<NwbContainer>('/stimulus/presentation');
  readonly stimulus_template = new NamedCollection<NwbContainer>('/stimulus/templates');
  readonly analysis = new NamedCollection<NwbContainer>('/analysis');
  readonly scratch = new NamedCollection<NwbContainer>('/scratch');
  readonly processing = new NamedCollection<ProcessingModule>('/processing');
  readonly devices = new NamedCollection<Device>('/general/devices');
  readonly electrode_groups = new NamedCollection<ElectrodeGroup>('/general/extracellular_ephys');
  readonly imaging_planes = new NamedCollection<ImagingPlane>('/general/optophysiology');
  readonly icephys_electrodes = new NamedCollection<IntracellularElectrode>(
    '/general/intracellular_ephys',
  );
  readonly intervals = new NamedCollection<TimeIntervals>('/intervals');
  /** LabMetaData objects (extension types), written to /general/<name>. */
  readonly lab_meta_data = new NamedCollection<NwbContainer>('/general');
  private readonly extensionList: ExtensionNamespace[] = [];
  electrodes: ElectrodesTable | undefined;
  private unitsTable: Units | undefined;
  intracellular_recordings: IntracellularRecordingsTable | undefined;
  icephys_simultaneous_recordings: SimultaneousRecordingsTable | undefined;
  icephys_sequential_recordings: SequentialRecordingsTable | undefined;
  icephys_repetitions: RepetitionsTable | undefined;
  icephys_experimental_conditions: ExperimentalConditionsTable | undefined;

  constructor(opts: NwbFileOptions) {
    for (const f of ['session_description', 'identifier', 'session_start_time'] as const) {
      if (opts[f] === undefined || opts[f] === '')
        throw new SdkError('E_VALIDATION', `NWBFile: "${f}" is required`);
    }
    this.session_description = opts.session_description;
    this.identifier = opts.identifier;
    this.session_start_time = formatIsoDatetime(opts.session_start_time, 'session_start_time');
    const start = isoToMillis(this.session_start_time);
    if (start > Date.now())
      throw new SdkError(
        'E_VALIDATION',
        `NWBFile: session_start_time ${this.session_start_time} lies in the future`,
      );
    this.timestamps_reference_time =
      opts.timestamps_reference_time === undefined
        ? this.session_start_time
        : formatIsoDatetime(opts.timestamps_reference_time, 'timestamps_reference_time');
    const created =
      opts.file_create_date === undefined
        ? [new Date()]
        : Array.isArray(opts.file_create_date)
          ? opts.file_create_date
          : [opts.file_create_date as DateInput];
    this.file_create_date = (created as DateInput[]).map((d, i) =>
      formatIsoDatetime(d, `file_create_date[${i}]`),
    );
    this.meta = { ...opts };
    this.subject =
      opts.subject === undefined
        ? undefined
        : opts.subject instanceof Subject
          ? opts.subject
          : new Subject(opts.subject);
  }

  addAcquisition<T extends NwbContainer>(obj: T): T {
    return this.acquisition.add(obj);
  }
  addStimulus<T extends NwbContainer>(obj: T): T {
    return this.stimulus.add(obj);
  }
  addStimulusTemplate<T extends NwbContainer>(obj: T): T {
    return this.stimulus_template.add(obj);
  }
  addAnalysis<T extends NwbContainer>(obj: T): T {
    return this.analysis.add(obj);
  }
  addScratch<T extends NwbContainer>(obj: T): T {
    return this.scratch.add(obj);
  }

  createProcessingModule(opts: { name: string; description: string }): ProcessingModule {
    return this.processing.add(new ProcessingModule(opts));
  }
  addProcessingModule(m: ProcessingModule): ProcessingModule {
    return this.processing.add(m);
  }

  createDevice(opts: DeviceOptions): Device {
    return this.devices.add(new Device(opts));
  }
  addDevice(d: Device): Device {
    return this.devices.add(d);
  }

  // --- extensions ---
  /**
   * Registers an extension namespace (pynwb's `load_namespaces`): its spec is cached under
   * /specifications/<name>/<version>/ and objects of its types can be added. Namespaces it
   * includes must be registered before it.
   */
  addExtension(ns: ExtensionNamespace): ExtensionNamespace {
    const existing = this.extensionList.find((e) => e.name === ns.name);
    if (existing === ns) return ns;
    if (existing)
      throw new SdkError('E_VALIDATION', `extension namespace '${ns.name}' is already registered`);
    catalogWithExtensions([...this.extensionList, ns]);
    this.extensionList.push(ns);
    return ns;
  }
  /** Registered extension namespaces, in registration order. */
  extensions(): readonly ExtensionNamespace[] {
    return [...this.extensionList];
  }
  /** Adds lab metadata (an extension type extending LabMetaData) under /general. */
  addLabMetaData<T extends NwbContainer>(obj: T): T {
    const reserved = new Set([
      ...SCALAR_GENERAL,
      'stimulus',
      'source_script',
      'experimenter',
      'keywords',
      'related_publications',
      'devices',
      'subject',
      'extracellular_ephys',
      'intracellular_ephys',
      'optophysiology',
      'optogenetics',
    ]);
    if (reserved.has(obj.name))
      throw new SdkError(
        'E_VALIDATION',
        `lab metadata cannot be named "${obj.name}" (a /general field)`,
      );
    return this.lab_meta_data.add(obj);
  }

  // --- ecephys ---
  createElectrodeGroup(opts: ElectrodeGroupOptions): ElectrodeGroup {
    return this.electrode_groups.add(new ElectrodeGroup(opts));
  }
  addElectrodeGroup(g: ElectrodeGroup): ElectrodeGroup {
    return this.electrode_groups.add(g);
  }
  private electrodeTable(): ElectrodesTable {
    this.electrodes ??= new ElectrodesTable();
    return this.electrodes;
  }
  addElectrodeColumn(opts: ColumnOptions): void {
    this.electrodeTable().addColumn(opts);
  }
  addElectrode(row: ElectrodeRow): number {
    return this.electrodeTable().addElectrode(row);
  }
  createElectrodeTableRegion(opts: {
    region: readonly number[];
    description: string;
    name?: string;
  }): DynamicTableRegion {
    if (!this.electrodes)
      throw new SdkError('E_VALIDATION', 'createElectrodeTableRegion: add electrodes first');
    return new DynamicTableRegion({
      name: opts.name ?? 'electrodes',
      data: opts.region,
      description: opts.description,
      table: this.electrodes,
    });
  }

  /** The Units table (created on first use, like pynwb's add_unit). */
  get units(): Units {
    this.unitsTable ??= new Units({
      name: 'units',
      description: 'Autogenerated by NWBFile',
      ...(this.electrodes ? { electrode_table: this.electrodes } : {}),
    });
    return this.unitsTable;
  }
  /** Replaces the units table (e.g. one with waveform_rate / resolution options). */
  setUnits(units: Units): Units {
    if (this.unitsTable && this.unitsTable.length > 0)
      throw new SdkError('E_VALIDATION', 'the units table already has rows');
    if (units.name !== 'units')
      throw new SdkError('E_VALIDATION', "the file's Units table must be named 'units'");
    this.unitsTable = units;
    return units;
  }
  addUnitColumn(opts: ColumnOptions): void {
    this.units.addColumn(opts);
  }
  addUnit(row: UnitRow): number {
    if (row.electrodes !== undefined && this.electrodes)
      this.units.setElectrodeTable(this.electrodes);
    return this.units.addUnit(row);
  }

  // --- intervals ---
  private intervalTable(name: string, description: string): TimeIntervals {
    const existing = this.intervals.get(name);
    if (existing) return existing;
    return this.intervals.add(new TimeIntervals({ name, description }));
  }
  get epochs(): TimeIntervals {
    return this.intervalTable('epochs', 'experimental epochs');
  }
  get trials(): TimeIntervals {
    return this.intervalTable('trials', 'experimental trials');
  }
  get invalid_times(): TimeIntervals {
    return this.intervalTable('invalid_times', 'time intervals to be removed from analysis');
  }
  addEpoch(row: IntervalRow): number {
    return this.epochs.addInterval(row);
  }
  addEpochColumn(opts: ColumnOptions): void {
    this.epochs.addColumn(opts);
  }
  addTrial(row: IntervalRow): number {
    return this.trials.addInterval(row);
  }
  addTrialColumn(opts: ColumnOptions): void {
    this.trials.addColumn(opts);
  }
  addInvalidTime(row: IntervalRow): number {
    return this.invalid_times.addInterval(row);
  }
  addInvalidTimesColumn(opts: ColumnOptions): void {
    this.invalid_times.addColumn(opts);
  }
  addTimeIntervals(t: TimeIntervals | { name: string; description: string }): TimeIntervals {
    return this.intervals.add(t instanceof TimeIntervals ? t : new TimeIntervals(t));
  }

  // --- ophys ---
  createImagingPlane(opts: ImagingPlaneOptions): ImagingPlane {
    return this.imaging_planes.add(new ImagingPlane(opts));
  }
  addImagingPlane(p: ImagingPlane): ImagingPlane {
    return this.imaging_planes.add(p);
  }

  // --- icephys ---
  createIcephysElectrode(opts: IntracellularElectrodeOptions): IntracellularElectrode {
    return this.icephys_electrodes.add(new IntracellularElectrode(opts));
  }
  addIcephysElectrode(e: IntracellularElectrode): IntracellularElectrode {
    return this.icephys_electrodes.add(e);
  }
  /** Adds a row to the intracellular recordings table; returns its position. */
  addIntracellularRecording(opts: IntracellularRecordingOptions): number {
    this.intracellular_recordings ??= new IntracellularRecordingsTable();
    return this.intracellular_recordings.addRecording(opts);
  }
  addIcephysSimultaneousRecording(opts: { recordings: readonly number[]; id?: number }): number {
    if (!this.intracellular_recordings)
      throw new SdkError('E_VALIDATION', 'add intracellular recordings first');
    this.icephys_simultaneous_recordings ??= new SimultaneousRecordingsTable(
      this.intracellular_recordings,
    );
    return this.icephys_simultaneous_recordings.addGroup(
      opts.recordings,
      opts.id === undefined ? {} : { id: opts.id },
    );
  }
  addIcephysSequentialRecording(opts: {
    simultaneous_recordings: readonly number[];
    stimulus_type: string;
    id?: number;
  }): number {
    if (!this.icephys_simultaneous_recordings)
      throw new SdkError('E_VALIDATION', 'add simultaneous recordings first');
    this.icephys_sequential_recordings ??= new SequentialRecordingsTable(
      this.icephys_simultaneous_recordings,
    );
    return this.icephys_sequential_recordings.addGroup(opts.simultaneous_recordings, {
      stimulus_type: opts.stimulus_type,
      ...(opts.id === undefined ? {} : { id: opts.id }),
    });
  }
  addIcephysRepetition(opts: { sequential_recordings: readonly number[]; id?: number }): number {
    if (!this.icephys_sequential_recordings)
      throw new SdkError('E_VALIDATION', 'add sequential recordings first');
    this.icephys_repetitions ??= new RepetitionsTable(this.icephys_sequential_recordings);
    return this.icephys_repetitions.addGroup(
      opts.sequential_recordings,
      opts.id === undefined ? {} : { id: opts.id },
    );
  }
  addIcephysExperimentalCondition(opts: { repetitions: readonly number[]; id?: number }): number {
    if (!this.icephys_repetitions) throw new SdkError('E_VALIDATION', 'add repetitions first');
    this.icephys_experimental_conditions ??= new ExperimentalConditionsTable(
      this.icephys_repetitions,
    );
    return this.icephys_experimental_conditions.addGroup(
      opts.repetitions,
      opts.id === undefined ? {} : { id: opts.id },
    );
  }

  /** @internal Builds the root node (without /specifications, added by the writer). */
  buildRoot(ctx: BuildContext): GroupNode {
    const m = this.meta;
    // Objects the file must hold because something here links to them.
    if (this.intracellular_recordings) {
      const { electrodes, series } = this.intracellular_recordings.referenced();
      for (const e of electrodes)
        if (!this.icephys_electrodes.includes(e)) this.icephys_electrodes.add(e);
      for (const s of series) {
        const held = [this.acquisition, this.stimulus, this.stimulus_template].some((c) =>
          c.includes(s),
        );
        if (!held && !this.inProcessing(s)) {
          const isStim = /StimulusSeries$/.test(s.neurodata_type);
          (isStim ? this.stimulus : this.acquisition).add(s);
        }
      }
    }
    for (const d of this.linkedDevices()) if (!this.devices.includes(d)) this.devices.add(d);

    ctx.fileElectrodes = this.electrodes;
    ctx.catalog = catalogWithExtensions(this.extensionList);
    const general: (Node | undefined)[] = [];
    for (const f of SCALAR_GENERAL) general.push(textDataset(f, m[f]));
    general.push(textDataset('stimulus', m.stimulus_notes));
    if (m.source_script !== undefined) {
      general.push(
        textDataset('source_script', m.source_script, {
          file_name: attr(m.source_script_file_name ?? ''),
        }),
      );
    }
    for (const [name, v] of [
      ['experimenter', list(m.experimenter)],
      ['keywords', list(m.keywords)],
      ['related_publications', list(m.related_publications)],
    ] as const) {
      if (v !== undefined) general.push(dataset(name, { kind: 'data', data: v }));
    }
    if (this.devices.size > 0) general.push(group('devices', ctx.buildAll(this.devices.values())));
    if (this.subject) general.push(ctx.build(this.subject));
    if (this.electrode_groups.size > 0 || this.electrodes) {
      general.push(
        group('extracellular_ephys', [
          ...ctx.buildAll(this.electrode_groups.values()),
          this.electrodes ? ctx.build(this.electrodes) : undefined,
        ]),
      );
    }
    const icephysTables = [
      this.intracellular_recordings,
      this.icephys_simultaneous_recordings,
      this.icephys_sequential_recordings,
      this.icephys_repetitions,
      this.icephys_experimental_conditions,
    ].filter((t): t is NonNullable<typeof t> => t !== undefined);
    if (this.icephys_electrodes.size > 0 || icephysTables.length > 0) {
      general.push(
        group('intracellular_ephys', [
          ...ctx.buildAll(this.icephys_electrodes.values()),
          ...ctx.buildAll(icephysTables),
        ]),
      );
    }
    if (this.imaging_planes.size > 0)
      general.push(group('optophysiology', ctx.buildAll(this.imaging_planes.values())));
    for (const m of this.lab_meta_data.values()) {
      // an unknown type (unregistered namespace) is reported by the object's own build
      if (ctx.catalog.has(m.neurodata_type) && !ctx.catalog.isA(m.neurodata_type, 'LabMetaData'))
        throw new SdkError(
          'E_VALIDATION',
          `lab metadata ${m.describe()} must be of a type extending LabMetaData`,
        );
      general.push(ctx.build(m));
    }

    const children: (Node | undefined)[] = [
      dataset('file_create_date', { kind: 'data', data: this.file_create_date }),
      textDataset('identifier', this.identifier),
      textDataset('session_description', this.session_description),
      textDataset('session_start_time', this.session_start_time),
      textDataset('timestamps_reference_time', this.timestamps_reference_time),
      group('acquisition', ctx.buildAll(this.acquisition.values())),
      group('analysis', ctx.buildAll(this.analysis.values())),
      group('general', general),
      group('processing', ctx.buildAll(this.processing.values())),
      group('stimulus', [
        group('presentation', ctx.buildAll(this.stimulus.values())),
        group('templates', ctx.buildAll(this.stimulus_template.values())),
      ]),
    ];
    // The epochs / trials / invalid_times / units getters create their table on first access
    // (pynwb creates them on the first add_*); one left empty is not written (an empty table is a
    // best-practice violation and crashes several nwbinspector checks).
    const implicit = (t: { length: number; describe(): string }): boolean => {
      if (t.length > 0) return true;
      ctx.warn(`${t.describe()} has no rows and was not written`);
      return false;
    };
    const intervals = this.intervals
      .values()
      .filter((t) => !['epochs', 'trials', 'invalid_times'].includes(t.name) || implicit(t));
    if (intervals.length > 0) children.push(group('intervals', ctx.buildAll(intervals)));
    if (this.unitsTable && implicit(this.unitsTable)) children.push(ctx.build(this.unitsTable));
    if (this.scratch.size > 0) children.push(group('scratch', ctx.buildAll(this.scratch.values())));
    const root = group('', children, { nwb_version: attr('2.7.0') });
    root.type = { neurodata_type: 'NWBFile', namespace: 'core' };
    root.owner = this;
    return root;
  }

  private inProcessing(c: NwbContainer): boolean {
    return this.processing.values().some((m) => m.containers.includes(c));
  }

  private linkedDevices(): Device[] {
    const out: Device[] = [];
    for (const g of this.electrode_groups.values()) out.push(g.device);
    for (const p of this.imaging_planes.values()) out.push(p.device);
    for (const e of this.icephys_electrodes.values()) out.push(e.device);
    for (const c of [
      ...this.acquisition.values(),
      ...this.stimulus.values(),
      ...this.stimulus_template.values(),
    ]) {
      if (c instanceof ImageSeries && c.device) out.push(c.device);
    }
    return [...new Set(out)];
  }
}

/** Starts a new NWB file (pynwb's `NWBFile(...)`). */
export function createNwbFile(opts: NwbFileOptions): NwbFileBuilder {
  return new NwbFileBuilder(opts);
}

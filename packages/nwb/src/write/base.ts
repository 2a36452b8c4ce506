// NWB base types: TimeSeries, ProcessingModule, Device, Subject, Images and the generic
// multi-container interfaces (LFP, Position, Fluorescence, ...).
import { SdkError } from '@sdk/core';
import { BuildContext, checkName, NamedCollection, NwbContainer, required } from './container.js';
import { type ArrayInput, type DataInput, isDataIO, isStream, numbersOf, shapeOf } from './data.js';
import {
  type AttrValue,
  arrayDataset,
  attr,
  dataset,
  floatDataset,
  type GroupNode,
  group,
  type Node,
  optAttr,
  ref,
  softLink,
  textDataset,
} from './node.js';
import { type DateInput, formatIsoDatetime } from './time.js';

export interface TimeSeriesOptions {
  name: string;
  /** Samples, time first. Another TimeSeries links to its data instead of copying it. */
  data: DataInput | TimeSeries;
  unit: string;
  description?: string;
  comments?: string;
  conversion?: number;
  resolution?: number;
  offset?: number;
  continuity?: 'continuous' | 'instantaneous' | 'step';
  /** Sample times in seconds; another TimeSeries links to its timestamps. */
  timestamps?: DataInput | TimeSeries;
  starting_time?: number;
  rate?: number;
  control?: ArrayInput;
  control_description?: readonly string[];
  /** Regularly spaced timestamps (to 9 decimals) are written as starting_time + rate (default true). */
  autoRate?: boolean;
  /** Write data whose time axis is not the longest (nwbinspector CRITICAL otherwise). */
  allowWideData?: boolean;
  /** @internal ImageSeries with external_file: data is an empty placeholder. */
  skipLengthCheck?: boolean;
}

/** Shape of a TimeSeries' data, following links to other series; null when unknown (streams). */
function dataShapeOf(d: DataInput | TimeSeries, where: string): number[] | null {
  let cur: DataInput | TimeSeries = d;
  while (cur instanceof TimeSeries) cur = cur.data;
  const s = shapeOf(cur, where);
  return s[0] === -1 ? null : s;
}

function regularRate(ts: Float64Array): { starting_time: number; rate: number } | null {
  if (ts.length < 3) return null;
  const round9 = (x: number): number => Math.round(x * 1e9) / 1e9;
  const d0 = round9((ts[1] as number) - (ts[0] as number));
  if (!(d0 > 0)) return null;
  for (let i = 2; i < ts.length; i++) {
    if (round9((ts[i] as number) - (ts[i - 1] as number)) !== d0) return null;
  }
  return { starting_time: ts[0] as number, rate: 1 / d0 };
}

export class TimeSeries extends NwbContainer {
  readonly neurodata_type: string = 'TimeSeries';
  readonly data: DataInput | TimeSeries;
  readonly unit: string;
  readonly description: string;
  readonly comments: string;
  readonly conversion: number;
  readonly resolution: number;
  readonly offset: number;
  readonly continuity: string | undefined;
  readonly timestamps: DataInput | TimeSeries | undefined;
  readonly starting_time: number | undefined;
  readonly rate: number | undefined;
  readonly control: ArrayInput | undefined;
  readonly control_description: readonly string[] | undefined;

  constructor(opts: TimeSeriesOptions) {
    super(opts.name);
    const where = `${new.target.name} '${opts.name}'`;
    this.data = required(opts.data, 'data', where);
    this.unit = required(opts.unit, 'unit', where);
    this.description = opts.description ?? 'no description';
    this.comments = opts.comments ?? 'no comments';
    this.conversion = opts.conversion ?? 1.0;
    this.resolution = opts.resolution ?? -1.0;
    this.offset = opts.offset ?? 0.0;
    this.continuity = opts.continuity;
    this.control = opts.control;
    this.control_description = opts.control_description;
    if (!Number.isFinite(this.conversion))
      throw new SdkError('E_VALIDATION', `${where}: conversion must be finite`);
    if (!(this.resolution === -1 || this.resolution > 0)) {
      throw new SdkError(
        'E_VALIDATION',
        `${where}: resolution must be -1 (unknown) or > 0, got ${this.resolution}`,
      );
    }
    const hasTs = opts.timestamps !== undefined;
    const hasRate = opts.rate !== undefined;
    if (hasTs === hasRate) {
      throw new SdkError(
        'E_VALIDATION',
        `${where}: give exactly one of "timestamps" and "rate" (with optional "starting_time")`,
      );
    }
    const shape = dataShapeOf(this.data, where);
    if (
      shape &&
      shape.length > 1 &&
      !opts.allowWideData &&
      shape.slice(1).some((d) => d > (shape[0] as number))
    ) {
      throw new SdkError(
        'E_VALIDATION',
        `${where}: data shape [${shape.join(', ')}] has an axis longer than time (axis 0); transpose it or pass allowWideData: true`,
      );
    }
    if (hasRate) {
      const rate = opts.rate as number;
      if (!(rate > 0) || !Number.isFinite(rate))
        throw new SdkError('E_VALIDATION', `${where}: rate must be > 0, got ${rate}`);
      this.rate = rate;
      this.starting_time = opts.starting_time ?? 0.0;
      this.timestamps = undefined;
      if (!Number.isFinite(this.starting_time))
        throw new SdkError('E_VALIDATION', `${where}: starting_time must be finite`);
    } else {
      const ts = opts.timestamps as DataInput | TimeSeries;
      if (ts instanceof TimeSeries || isStream(ts)) {
        this.timestamps = ts;
        this.rate = undefined;
        this.starting_time = undefined;
      } else {
        const values = numbersOf(isDataIO(ts) ? ts.data : ts, `${where} timestamps`);
        for (let i = 0; i < values.length; i++) {
          const v = values[i] as number;
          if (!Number.isFinite(v))
            throw new SdkError('E_VALIDATION', `${where}: timestamps[${i}] is not finite`);
          if (i > 0 && v < (values[i - 1] as number)) {
            throw new SdkError(
              'E_VALIDATION',
              `${where}: timestamps must be ascending (timestamps[${i}] < timestamps[${i - 1}])`,
            );
          }
        }
        if (shape && !opts.skipLengthCheck && shape[0] !== values.length) {
          throw new SdkError(
            'E_VALIDATION',
            `${where}: ${values.length} timestamps for ${shape[0]} samples (data.shape[0])`,
          );
        }
        const regular = opts.autoRate === false ? null : regularRate(values);
        if (regular) {
          this.rate = regular.rate;
          this.starting_time = regular.starting_time;
          this.timestamps = undefined;
        } else {
          this.timestamps = ts;
          this.rate = undefined;
          this.starting_time = undefined;
        }
      }
    }
    if (this.timestamps instanceof TimeSeries) {
      if (this.timestamps.timestamps === undefined) {
        throw new SdkError(
          'E_VALIDATION',
          `${where}: linked TimeSeries '${this.timestamps.name}' has no timestamps (it uses a rate)`,
        );
      }
      const n = this.timestamps.length;
      if (shape && n !== null && !opts.skipLengthCheck && n !== shape[0]) {
        throw new SdkError(
          'E_VALIDATION',
          `${where}: ${n} timestamps (linked from '${this.timestamps.name}') for ${shape[0]} samples`,
        );
      }
    }
  }

  /** Number of samples when known. */
  get length(): number | null {
    const s = dataShapeOf(this.data, this.name);
    return s ? (s[0] as number) : null;
  }

  /** @internal the data dataset's attributes. */
  protected dataAttrs(): Record<string, AttrValue | undefined> {
    return {
      unit: attr(this.unit),
      conversion: attr(this.conversion, 'float64'),
      resolution: attr(this.resolution, 'float64'),
      offset: attr(this.offset, 'float64'),
      continuity: optAttr(this.continuity),
    };
  }

  /** @internal attributes of the series group beyond description/comments. */
  protected groupAttrs(): Record<string, AttrValue | undefined> {
    return {};
  }

  /** @internal datasets, links and groups beyond data/timing/control. */
  protected extraChildren(_ctx: BuildContext): (Node | undefined)[] {
    return [];
  }

  protected dataNode(): Node {
    if (this.data instanceof TimeSeries) {
      let src: TimeSeries = this.data;
      while (src.data instanceof TimeSeries) src = src.data;
      return softLink('data', src, 'data');
    }
    const node = arrayDataset('data', this.data, this.dataAttrs());
    if (!node) throw new SdkError('E_VALIDATION', `${this.describe()}: data is required`);
    return node;
  }

  protected timingNodes(ctx: BuildContext): Node[] {
    if (this.timestamps === undefined) {
      const n = floatDataset('starting_time', this.starting_time, {
        rate: attr(this.rate as number, 'float64'),
        unit: attr('seconds'),
      });
      return n ? [n] : [];
    }
    if (this.timestamps instanceof TimeSeries) {
      let src: TimeSeries = this.timestamps;
      while (src.timestamps instanceof TimeSeries) src = src.timestamps;
      return [softLink('timestamps', src, 'timestamps')];
    }
    const ts = arrayDataset(
      'timestamps',
      this.timestamps,
      { interval: attr(1, 'int64'), unit: attr('seconds') },
      'float64',
    );
    const node = ts as NonNullable<typeof ts>;
    if (isStream(this.timestamps)) {
      ctx.postChecks.push(() => this.checkStreamLengths(node.rowsWritten));
    }
    return [node];
  }

  private checkStreamLengths(timestampRows: number | undefined): void {
    const n = this.length;
    if (n !== null && timestampRows !== undefined && n !== timestampRows) {
      throw new SdkError(
        'E_VALIDATION',
        `${this.describe()}: ${timestampRows} timestamps for ${n} samples`,
      );
    }
  }

  buildNode(ctx: BuildContext): GroupNode {
    ctx.description(this.description, this.describe());
    const data = this.dataNode();
    const children: (Node | undefined)[] = [data, ...this.timingNodes(ctx)];
    if (this.control !== undefined) {
      children.push(arrayDataset('control', this.control, {}, 'uint8'));
      children.push(
        arrayDataset(
          'control_description',
          required(this.control_description, 'control_description', this.describe()) as string[],
        ),
      );
    }
    children.push(...this.extraChildren(ctx));
    if (
      data.kind === 'dataset' &&
      isStream(this.data) &&
      this.timestamps !== undefined &&
      !(this.timestamps instanceof TimeSeries)
    ) {
      const tsNode = children.find((c) => c?.name === 'timestamps');
      ctx.postChecks.push(() => {
        const tRows = tsNode?.kind === 'dataset' ? tsNode.rowsWritten : undefined;
        if (data.rowsWritten !== undefined && tRows !== undefined && data.rowsWritten !== tRows) {
          throw new SdkError(
            'E_VALIDATION',
            `${this.describe()}: ${tRows} timestamps for ${data.rowsWritten} streamed samples`,
          );
        }
      });
    }
    return group(this.name, children, {
      description: attr(this.description),
      comments: attr(this.comments),
      ...this.groupAttrs(),
    });
  }
}

/** Default names pynwb gives each interface when none is given. */
export interface ProcessingModuleOptions {
  name: string;
  description: string;
}

export class ProcessingModule extends NwbContainer {
  readonly neurodata_type = 'ProcessingModule';
  readonly description: string;
  private readonly items: NamedCollection<NwbContainer>;

  constructor(opts: ProcessingModuleOptions) {
    super(opts.name);
    this.description = required(opts.description, 'description', `ProcessingModule '${opts.name}'`);
    this.items = new NamedCollection(`ProcessingModule '${opts.name}'`);
  }

  /** Adds a data interface or table. */
  add<T extends NwbContainer>(item: T): T {
    return this.items.add(item);
  }

  get(name: string): NwbContainer | undefined {
    return this.items.get(name);
  }

  get containers(): NwbContainer[] {
    return this.items.values();
  }

  buildNode(ctx: BuildContext): GroupNode {
    ctx.description(this.description, this.describe());
    return group(this.name, ctx.buildAll(this.items.values()), {
      description: attr(this.description),
    });
  }
}

export interface DeviceOptions {
  name: string;
  description?: string;
  manufacturer?: string;
}

export class Device extends NwbContainer {
  readonly neurodata_type = 'Device';
  readonly description: string | undefined;
  readonly manufacturer: string | undefined;

  constructor(opts: DeviceOptions) {
    super(opts.name);
    this.description = opts.description;
    this.manufacturer = opts.manufacturer;
  }

  buildNode(): GroupNode {
    return group(this.name, [], {
      description: optAttr(this.description),
      manufacturer: optAttr(this.manufacturer),
    });
  }
}

export interface SubjectOptions {
  age?: string;
  age__reference?: 'birth' | 'gestational';
  date_of_birth?: DateInput;
  description?: string;
  genotype?: string;
  sex?: string;
  species?: string;
  strain?: string;
  subject_id?: string;
  weight?: string;
}

export class Subject extends NwbContainer {
  readonly neurodata_type = 'Subject';
  readonly fields: Readonly<SubjectOptions>;

  constructor(opts: SubjectOptions = {}) {
    super('subject');
    if (
      opts.age !== undefined &&
      !/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?(\/P.*)?$/.test(
        opts.age,
      )
    ) {
      throw new SdkError(
        'E_VALIDATION',
        `Subject: age "${opts.age}" is not an ISO 8601 duration such as P90D`,
      );
    }
    if (opts.sex !== undefined && !['M', 'F', 'O', 'U'].includes(opts.sex)) {
      throw new SdkError(
        'E_VALIDATION',
        `Subject: sex must be one of M, F, O, U (got "${opts.sex}")`,
      );
    }
    this.fields = { ...opts };
  }

  buildNode(): GroupNode {
    const f = this.fields;
    return group(this.name, [
      textDataset('age', f.age, { reference: attr(f.age__reference ?? 'birth') }),
      textDataset(
        'date_of_birth',
        f.date_of_birth === undefined
          ? undefined
          : formatIsoDatetime(f.date_of_birth, 'Subject.date_of_birth'),
      ),
      textDataset('description', f.description),
      textDataset('genotype', f.genotype),
      textDataset('sex', f.sex),
      textDataset('species', f.species),
      textDataset('strain', f.strain),
      textDataset('subject_id', f.subject_id),
      textDataset('weight', f.weight),
    ]);
  }
}

/** Base of the groups that hold several objects of one kind (LFP, Position, Fluorescence, ...). */
export abstract class MultiContainerInterface<T extends NwbContainer> extends NwbContainer {
  protected readonly items: NamedCollection<T>;

  constructor(name: string, items: T | readonly T[] | undefined) {
    super(name);
    this.items = new NamedCollection(`${new.target.name} '${name}'`);
    const list = items === undefined ? [] : Array.isArray(items) ? items : [items as T];
    for (const it of list) this.add(it);
  }

  /** The class (or classes) accepted as items. */
  protected abstract accepts(item: NwbContainer): boolean;

  add(item: T): T {
    if (!this.accepts(item)) {
      throw new SdkError('E_VALIDATION', `${this.describe()} cannot hold ${item.describe()}`);
    }
    return this.items.add(item);
  }

  /** The item `name`, or the only item when no name is given. */
  get(name?: string): T {
    if (name === undefined) {
      const all = this.items.values();
      if (all.length !== 1) {
        throw new SdkError(
          'E_NOT_FOUND',
          `${this.describe()} holds ${all.length} items; pass a name`,
        );
      }
      return all[0] as T;
    }
    const it = this.items.get(name);
    if (!it) throw new SdkError('E_NOT_FOUND', `${this.describe()} has no item "${name}"`);
    return it;
  }

  values(): T[] {
    return this.items.values();
  }

  buildNode(ctx: BuildContext): GroupNode {
    if (this.items.size === 0) throw new SdkError('E_VALIDATION', `${this.describe()} is empty`);
    return group(this.name, ctx.buildAll(this.items.values()));
  }
}

/** Any number of TimeSeries (BehavioralTimeSeries, BehavioralEvents, PupilTracking). */
export class TimeSeriesGroup extends MultiContainerInterface<TimeSeries> {
  constructor(
    readonly neurodata_type: string,
    opts: { name?: string; time_series?: TimeSeries | readonly TimeSeries[] } = {},
  ) {
    super(opts.name ?? neurodata_type, opts.time_series);
  }

  protected accepts(item: NwbContainer): boolean {
    return item instanceof TimeSeries;
  }

  addTimeseries(ts: TimeSeries): TimeSeries {
    return this.add(ts);
  }

  createTimeSeries(opts: TimeSeriesOptions): TimeSeries {
    return this.add(new TimeSeries(opts));
  }
}

export interface ImageOptions {
  name: string;
  /** (x, y) for GrayscaleImage, (x, y, 3) RGBImage, (x, y, 4) RGBAImage. */
  data: ArrayInput;
  /** Pixels per centimetre. */
  resolution?: number;
  description?: string;
}

abstract class BaseImage extends NwbContainer {
  abstract readonly rank: number;
  readonly data: ArrayInput;
  readonly resolution: number | undefined;
  readonly description: string | undefined;

  constructor(opts: ImageOptions) {
    super(opts.name);
    this.data = required(opts.data, 'data', `${new.target.name} '${opts.name}'`);
    this.resolution = opts.resolution;
    this.description = opts.description;
  }

  buildNode(): Node & { kind: 'dataset' } {
    const shape = shapeOf(this.data, this.describe());
    if (
      shape.length !== this.rank ||
      (this.rank === 3 && shape[2] !== (this.neurodata_type === 'RGBImage' ? 3 : 4))
    ) {
      throw new SdkError(
        'E_VALIDATION',
        `${this.describe()}: data shape [${shape.join(', ')}] does not fit ${this.neurodata_type}`,
      );
    }
    return dataset(
      this.name,
      { kind: 'data', data: this.data },
      {
        resolution: optAttr(this.resolution, 'float64'),
        description: optAttr(this.description),
      },
    );
  }
}

export class GrayscaleImage extends BaseImage {
  readonly neurodata_type = 'GrayscaleImage';
  readonly rank = 2;
}

export class RGBImage extends BaseImage {
  readonly neurodata_type = 'RGBImage';
  readonly rank = 3;
}

export class RGBAImage extends BaseImage {
  readonly neurodata_type = 'RGBAImage';
  readonly rank = 3;
}

export type AnyImage = GrayscaleImage | RGBImage | RGBAImage;

export class Images extends NwbContainer {
  readonly neurodata_type = 'Images';
  readonly description: string;
  private readonly items: NamedCollection<AnyImage>;
  /** Optional explicit order (written as an ImageReferences dataset). */
  order_of_images: AnyImage[] | undefined;

  constructor(opts: {
    name: string;
    description?: string;
    images?: readonly AnyImage[];
    order_of_images?: readonly AnyImage[];
  }) {
    super(opts.name);
    this.description = opts.description ?? 'no description';
    this.items = new NamedCollection(`Images '${opts.name}'`);
    for (const im of opts.images ?? []) this.addImage(im);
    this.order_of_images = opts.order_of_images ? [...opts.order_of_images] : undefined;
  }

  addImage(image: AnyImage): AnyImage {
    return this.items.add(image);
  }

  get images(): AnyImage[] {
    return this.items.values();
  }

  buildNode(ctx: BuildContext): GroupNode {
    ctx.description(this.description, this.describe());
    const children: Node[] = ctx.buildAll(this.items.values());
    if (this.order_of_images) {
      for (const im of this.order_of_images) {
        if (!this.items.includes(im))
          throw new SdkError(
            'E_VALIDATION',
            `${this.describe()}: order_of_images names ${im.describe()}, which it does not hold`,
          );
      }
      const order = dataset('order_of_images', { kind: 'refs', targets: this.order_of_images });
      order.type = { neurodata_type: 'ImageReferences', namespace: 'core' };
      children.push(order);
    }
    return group(this.name, children, { description: attr(this.description) });
  }
}

/** Re-exported so subclasses in other modules share one definition. */
export { BuildContext, checkName, ref };

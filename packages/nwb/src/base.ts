// NWB base types: TimeSeries and its timing, ProcessingModule, Device, Subject, containers of
// named children (pynwb's MultiContainerInterface), Images.
import { cStrides, type NdArray, type NumericArray, SdkError, sizeOf } from '@sdk/core';
import { type AxisSelection, DatasetHandle, type DatasetReadOptions, toNumber } from './dataset.js';
import { NwbData, NwbObject } from './object.js';
import { registerType } from './registry.js';

function flatF64(nd: NdArray<NumericArray>): Float64Array {
  return nd.data instanceof Float64Array
    ? nd.data
    : Float64Array.from(nd.data as ArrayLike<number | bigint>, Number);
}

/** Whether the (cached or bundled) spec of `obj`'s type declares field `name` as required. */
export function specRequires(
  obj: NwbObject,
  role: 'attribute' | 'dataset' | 'group' | 'link',
  name: string,
): boolean {
  const type = obj.neurodata_type;
  if (!type) return false;
  const f = obj.nwb.spec.fields(type).find((x) => x.role === role && x.name === name);
  if (!f) return false;
  if (role === 'attribute') return f.spec.required ?? true;
  const q = f.spec.quantity;
  return q === undefined || q === 1 || q === '+' || q === 'one_or_many';
}

/** The axis-0 range a selection picks, for rebuilding timestamps of a rate-sampled series. */
function axis0Positions(sel: readonly AxisSelection[] | undefined, n: number): number[] {
  const s = sel?.[0] ?? null;
  if (s === null) return Array.from({ length: n }, (_, i) => i);
  if (typeof s === 'number') return [s < 0 ? s + n : s];
  const o = Array.isArray(s)
    ? { start: s[0], stop: s[1], step: s[2] }
    : (s as { start?: number | null; stop?: number | null; step?: number | null });
  const step = o.step ?? 1;
  let start = o.start ?? (step > 0 ? 0 : n - 1);
  let stop = o.stop ?? (step > 0 ? n : -n - 1);
  if (start < 0) start += n;
  if (stop < 0) stop += n;
  start = Math.max(0, Math.min(n, start));
  stop = Math.max(-1, Math.min(n, stop));
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

/** TimeSeries and every subtype without a class of its own (ImageSeries, SpatialSeries, …). */
export class TimeSeries extends NwbObject {
  get description(): string {
    return this.text('description') ?? 'no description';
  }

  get comments(): string {
    return this.text('comments') ?? 'no comments';
  }

  /** The stored (unscaled) data, or null when the file has none (pre-2.0 ImageSeries). */
  get data(): DatasetHandle | null {
    return this.dataset('data') ?? null;
  }

  private dataAttr(name: string): unknown {
    const d = this.data;
    if (!d) return undefined;
    const a = d.dataset.attrs;
    return a.has(name) ? a.get(name) : undefined;
  }

  /** `data@unit`; `'unknown'` when missing (spec §4). */
  get unit(): string {
    const u = this.dataAttr('unit');
    return typeof u === 'string' ? u.replace(/\0.*$/, '') : 'unknown';
  }

  get conversion(): number {
    const v = this.dataAttr('conversion');
    return v === undefined ? 1.0 : toNumber(v);
  }

  get resolution(): number {
    const v = this.dataAttr('resolution');
    return v === undefined ? -1.0 : toNumber(v);
  }

  /** `data@offset`, absent before NWB 2.5 → 0. */
  get offset(): number {
    const v = this.dataAttr('offset');
    return v === undefined ? 0.0 : toNumber(v);
  }

  get continuity(): string | undefined {
    const v = this.dataAttr('continuity');
    return typeof v === 'string' ? v : undefined;
  }

  /** Stored timestamps (a link to another series' timestamps is followed), or null. */
  get timestamps(): DatasetHandle | null {
    return this.dataset('timestamps') ?? null;
  }

  /** Path of the timestamps' owner when they are a soft link to another series. */
  get timestampsLink(): string | undefined {
    return this.links().timestamps;
  }

  get dataLink(): string | undefined {
    return this.links().data;
  }

  get timestamps_unit(): string | undefined {
    const t = this.timestamps;
    if (!t) return undefined;
    const u = t.dataset.attrs.has('unit') ? t.dataset.attrs.get('unit') : undefined;
    return typeof u === 'string' ? u : 'seconds';
  }

  get interval(): number | undefined {
    const t = this.timestamps;
    if (!t) return undefined;
    return t.dataset.attrs.has('interval') ? toNumber(t.dataset.attrs.get('interval')) : 1;
  }

  /** `starting_time` (0.0 when only a rate is given), or undefined for timestamped series. */
  get starting_time(): number | undefined {
    const st = this.dataset('starting_time');
    if (st) return toNumber(st.readScalar());
    return this.timestamps ? undefined : 0.0;
  }

  get rate(): number | undefined {
    const st = this.dataset('starting_time');
    if (!st?.dataset.attrs.has('rate')) return undefined;
    return toNumber(st.dataset.attrs.get('rate'));
  }

  get starting_time_unit(): string | undefined {
    const st = this.dataset('starting_time');
    if (!st) return undefined;
    const u = st.dataset.attrs.has('unit') ? st.dataset.attrs.get('unit') : undefined;
    return typeof u === 'string' ? u : 'seconds';
  }

  get control(): DatasetHandle | undefined {
    return this.dataset('control');
  }

  get control_description(): string[] | undefined {
    return this.dataset('control_description')?.readStrings();
  }

  /** Number of samples along the time axis (from data, else from timestamps). */
  get numSamples(): number {
    const d = this.data;
    if (d && d.ndim > 0) return d.shape[0] ?? 0;
    return this.timestamps?.shape[0] ?? 0;
  }

  /**
   * Timestamps in seconds: the stored ones, else `starting_time + k / rate` (division, as pynwb).
   * `sel` picks samples along the time axis only.
   */
  getTimestamps(sel?: readonly AxisSelection[], options: DatasetReadOptions = {}): Float64Array {
    const t = this.timestamps;
    if (t) return flatF64(t.readNumeric(sel?.slice(0, 1), options));
    const rate = this.rate;
    if (rate === undefined) {
      throw new SdkError('E_FORMAT', 'TimeSeries has neither timestamps nor starting_time@rate', {
        file: this.nwb.filename,
        path: this.path,
      });
    }
    const start = this.starting_time ?? 0;
    const pos = axis0Positions(sel, this.numSamples);
    return Float64Array.from(pos, (k) => k / rate + start);
  }

  /** Stored data, unscaled (`sel` per axis; dim 0 is time). */
  getData(sel?: readonly AxisSelection[], options: DatasetReadOptions = {}): NdArray<NumericArray> {
    const d = this.data;
    if (!d) {
      // Only types whose schema makes `data` optional (ImageSeries with external files) may lack it.
      if (specRequires(this, 'dataset', 'data')) {
        throw new SdkError(
          'E_FORMAT',
          `${this.neurodata_type} has no data dataset, which its schema requires`,
          { file: this.nwb.filename, path: `${this.path}/data` },
        );
      }
      return { data: new Uint8Array(0), shape: [0], strides: [1] };
    }
    return d.readNumeric(sel, options);
  }

  /** `data * conversion (* channel_conversion[c] along axis 1) + offset`, as float64. */
  getDataInUnits(
    sel?: readonly AxisSelection[],
    options: DatasetReadOptions = {},
  ): NdArray<Float64Array> {
    const raw = this.getData(sel, options);
    const conv = this.conversion;
    const off = this.offset;
    const out = new Float64Array(sizeOf(raw.shape));
    const src = raw.data as ArrayLike<number | bigint>;
    for (let i = 0; i < out.length; i++) out[i] = Number(src[i]);
    const cc = this.dataset('channel_conversion');
    const dropsAxis1 = typeof sel?.[1] === 'number';
    if (cc && raw.shape.length >= 2 && !dropsAxis1) {
      const factors = flatF64(cc.readNumeric(sel?.[1] !== undefined ? [sel[1]] : undefined));
      const stride = cStrides(raw.shape)[1] as number;
      const nc = raw.shape[1] as number;
      for (let i = 0; i < out.length; i++) {
        const c = Math.floor(i / stride) % nc;
        out[i] = (out[i] as number) * conv * (factors[c] as number) + off;
      }
    } else if (cc && dropsAxis1) {
      const f = toNumber(cc.readNumeric([sel?.[1] as number]).data[0]);
      for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) * conv * f + off;
    } else {
      for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) * conv + off;
    }
    return { data: out, shape: raw.shape, strides: cStrides(raw.shape) };
  }

  override field(name: string): unknown {
    switch (name) {
      case 'unit':
        return this.data ? this.unit : undefined;
      case 'conversion':
        return this.data ? this.conversion : undefined;
      case 'resolution':
        return this.data ? this.resolution : undefined;
      case 'offset':
        return this.data ? this.offset : undefined;
      case 'continuity':
        return this.continuity;
      case 'rate':
        return this.rate;
      case 'starting_time_unit':
        return this.starting_time_unit;
      case 'timestamps_unit':
        return this.timestamps_unit;
      case 'interval':
        return this.interval;
      case 'timestamps':
      case 'data': {
        // pynwb reports a series whose timestamps/data link to another series as that series
        const target = this.links()[name];
        if (target) {
          const owner = this.nwb.objectAt(target.slice(0, target.lastIndexOf('/')));
          if (owner instanceof TimeSeries) return owner;
        }
        return super.field(name);
      }
      default:
        return super.field(name);
    }
  }
}

/** A group of named data interfaces (`/processing/<name>`). */
export class ProcessingModule extends NwbObject {
  get description(): string | undefined {
    return this.text('description');
  }

  /** The data interfaces and tables it holds, by name. */
  get data_interfaces(): Map<string, NwbObject> {
    return this.typedChildren();
  }

  get containers(): Map<string, NwbObject> {
    return this.data_interfaces;
  }

  get(name: string): NwbObject {
    const c = this.data_interfaces.get(name);
    if (!c) {
      throw new SdkError(
        'E_NOT_FOUND',
        `no data interface "${name}" (has: ${[...this.data_interfaces.keys()].join(', ')})`,
        {
          file: this.nwb.filename,
          path: this.path,
        },
      );
    }
    return c;
  }

  override field(name: string): unknown {
    if (name === 'data_interfaces') return this.data_interfaces;
    return super.field(name);
  }
}

/**
 * pynwb's MultiContainerInterface (Position, Fluorescence, ImageSegmentation, LFP, …): a group of
 * typed children. `get()` without a name returns the only child.
 */
export class MultiContainer extends NwbObject {
  /** The held objects by name (pynwb names the attribute after the kind: `spatial_series`, …). */
  get items(): Map<string, NwbObject> {
    return this.typedChildren();
  }

  get(name?: string): NwbObject {
    const items = this.items;
    if (name === undefined) {
      if (items.size === 1) return items.values().next().value as NwbObject;
      throw new SdkError(
        'E_NOT_FOUND',
        `${this.neurodata_type} holds ${items.size} objects; name one of: ${[...items.keys()].join(', ')}`,
        {
          file: this.nwb.filename,
          path: this.path,
        },
      );
    }
    const c = items.get(name);
    if (!c) {
      throw new SdkError(
        'E_NOT_FOUND',
        `no "${name}" in ${this.neurodata_type} (has: ${[...items.keys()].join(', ')})`,
        {
          file: this.nwb.filename,
          path: this.path,
        },
      );
    }
    return c;
  }

  override field(name: string): unknown {
    const f = MULTI_FIELDS[this.neurodata_type ?? ''];
    if (f && name === f) return this.items;
    return super.field(name);
  }
}

/** pynwb's attribute name for the children of each MultiContainerInterface. */
export const MULTI_FIELDS: Record<string, string> = {
  Position: 'spatial_series',
  EyeTracking: 'spatial_series',
  CompassDirection: 'spatial_series',
  BehavioralEvents: 'time_series',
  BehavioralTimeSeries: 'time_series',
  PupilTracking: 'time_series',
  BehavioralEpochs: 'interval_series',
  Fluorescence: 'roi_response_series',
  DfOverF: 'roi_response_series',
  ImageSegmentation: 'plane_segmentations',
  MotionCorrection: 'corrected_image_stacks',
  LFP: 'electrical_series',
  FilteredEphys: 'electrical_series',
  EventWaveform: 'spike_event_series',
  Images: 'images',
};

for (const t of Object.keys(MULTI_FIELDS)) if (t !== 'Images') registerType(t, MultiContainer);

export class Device extends NwbObject {
  get description(): string | undefined {
    return this.text('description');
  }

  get manufacturer(): string | undefined {
    return this.text('manufacturer');
  }
}

export class Subject extends NwbObject {
  get subject_id(): string | undefined {
    return this.text('subject_id');
  }
  get species(): string | undefined {
    return this.text('species');
  }
  get sex(): string | undefined {
    return this.text('sex');
  }
  get age(): string | undefined {
    return this.text('age');
  }
  /** `age@reference` (2.6+): `birth` or `gestational`; pynwb's default is `birth`. */
  get age__reference(): string | undefined {
    const a = this.dataset('age');
    if (!a) return undefined;
    const r = a.dataset.attrs.has('reference') ? a.dataset.attrs.get('reference') : undefined;
    return typeof r === 'string' ? r : undefined;
  }
  get description(): string | undefined {
    return this.text('description');
  }
  get genotype(): string | undefined {
    return this.text('genotype');
  }
  get strain(): string | undefined {
    return this.text('strain');
  }
  get weight(): string | undefined {
    return this.text('weight');
  }
  get date_of_birth(): string | undefined {
    return this.text('date_of_birth');
  }

  override field(name: string): unknown {
    if (name === 'age__reference') return this.age__reference;
    return super.field(name);
  }
}

/** Images: a group of GrayscaleImage / RGBImage / RGBAImage datasets. */
export class Images extends MultiContainer {
  get description(): string | undefined {
    return this.text('description');
  }
  get images(): Map<string, NwbObject> {
    return this.items;
  }
  /** `order_of_images` as image paths, when stored. */
  get order_of_images(): (string | null)[] | undefined {
    return this.dataset('order_of_images')?.readRefPaths();
  }
}

/** GrayscaleImage (x, y), RGBImage (x, y, 3), RGBAImage (x, y, 4). */
export class Image extends NwbData {
  get resolution(): number | undefined {
    const r = this.attr('resolution');
    return r === undefined ? undefined : toNumber(r);
  }
}

/** ScratchData: the schema's `notes` attribute, which pynwb 3 calls `description`; both names answer. */
export class ScratchData extends NwbData {
  override field(name: string): unknown {
    if (name === 'description' && !this.attrNames().includes('description'))
      return super.field('notes');
    return super.field(name);
  }
}

registerType('TimeSeries', TimeSeries);
registerType('ProcessingModule', ProcessingModule);
registerType('Device', Device);
registerType('Subject', Subject);
registerType('Images', Images);
registerType('Image', Image);
registerType('ScratchData', ScratchData);

export { DatasetHandle };

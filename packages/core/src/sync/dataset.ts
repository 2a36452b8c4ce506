// The Allen Institute sync file (allensdk.brain_observatory.sync_dataset.Dataset, 2.16.2): an HDF5
// file with `data` (N×2 uint32: sample counter, 32-bit line-state word) and `meta`, a Python dict
// repr holding the DAQ settings and the line labels.
import { SdkError } from '../errors.js';
import { type PyDict, type PyValue, parsePythonLiteral } from '../formats/python-literal.js';
import { type H5File, type H5Source, openH5 } from '../h5/file.js';
import type { NdArray, NumericArray } from '../ndarray.js';

export type SyncUnits = 'samples' | 'seconds' | 'sec' | 'secs';
export type SyncLine = string | number;
export type EdgeKind = 'rising' | 'falling' | 'all';

export interface SyncPeriod {
  avg: number;
  max: number;
  min: number;
  /** Always 0: the reference takes the standard deviation of the average. */
  sd: number;
}

export interface SyncLineStats {
  line: SyncLine;
  bit: number;
  total_rising: number;
  total_falling: number;
  avg_freq: number | null;
  duty_cycle: string | null;
  total_data_points?: number;
  total_events?: number;
  avg_period?: number;
  min_period?: number;
  max_period?: number;
  period_sd?: number;
}

const ROLLOVER = 4294967296;

function pyGet(obj: PyValue | undefined, key: string): PyValue | undefined {
  if (obj === null || obj === undefined || typeof obj !== 'object' || Array.isArray(obj))
    return undefined;
  if (obj instanceof Map) return obj.get(key);
  if (obj instanceof Set || obj instanceof Uint8Array) return undefined;
  return (obj as PyDict)[key];
}

function toNumber(v: PyValue | undefined): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return Number.parseFloat(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return Number.NaN;
}

function decodeText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  throw new SdkError('E_FORMAT', 'sync metadata is not a string');
}

/** `np.searchsorted(sorted, value, side='right')`. */
function searchRight(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function select(
  values: Float64Array,
  changes: Uint8Array,
  want: (c: number) => boolean,
): Float64Array {
  let n = 0;
  for (let i = 0; i < changes.length; i++) if (want(changes[i] as number)) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < changes.length; i++)
    if (want(changes[i] as number)) out[k++] = values[i] as number;
  return out;
}

export class SyncDataset {
  static readonly FRAME_KEYS = ['frames', 'stim_vsync', 'vsync_stim'] as const;
  static readonly PHOTODIODE_KEYS = ['photodiode', 'stim_photodiode'] as const;
  static readonly OPTOGENETIC_STIMULATION_KEYS = ['LED_sync', 'opto_trial'] as const;
  static readonly EYE_TRACKING_KEYS = [
    'eye_frame_received',
    'cam2_exposure',
    'eyetracking',
    'eye_cam_exposing',
    'eye_tracking',
  ] as const;
  static readonly BEHAVIOR_TRACKING_KEYS = [
    'beh_frame_received',
    'cam1_exposure',
    'behavior_monitoring',
  ] as const;
  /** Empty in 2.16.2, so no deprecation warning ever fires. */
  static readonly DEPRECATED_KEYS: ReadonlySet<string> = new Set();

  /** The parsed `meta` dict. */
  readonly metaData: PyDict;
  /** Label of each bit ('' for unused bits). */
  readonly lineLabels: string[];
  private readonly counter: Float64Array;
  private readonly words: Uint32Array;
  private readonly events: NdArray<Uint32Array>;
  /** Rollover-corrected sample counts (used when counter_bits is not 32). */
  readonly times: Float64Array;

  /** Reads a sync file from a path (Node) or its bytes. */
  static async open(source: H5Source): Promise<SyncDataset> {
    const file = await openH5(source, { mode: 'r' });
    try {
      return new SyncDataset(file);
    } catch (error) {
      file.close();
      throw error;
    }
  }

  /** Wraps an open HDF5 file; the dataset owns it and closes it on `close()`. */
  constructor(private readonly file: H5File) {
    const metaRaw = file.dataset('meta').read();
    const meta = parsePythonLiteral(decodeText(metaRaw), { file: file.filename });
    if (
      meta === null ||
      typeof meta !== 'object' ||
      Array.isArray(meta) ||
      meta instanceof Map ||
      meta instanceof Set ||
      meta instanceof Uint8Array
    ) {
      throw new SdkError('E_FORMAT', 'sync meta is not a dict', {
        file: file.filename,
        path: '/meta',
      });
    }
    this.metaData = meta as PyDict;
    const labels = pyGet(meta, 'line_labels');
    if (!Array.isArray(labels)) {
      throw new SdkError('E_FORMAT', "sync meta has no 'line_labels'", {
        file: file.filename,
        path: '/meta',
      });
    }
    this.lineLabels = labels.map((l) => String(l));
    const data = file.dataset('data').readNumeric({ int64: 'number' });
    if (data.shape.length !== 2 || (data.shape[1] as number) < 2) {
      throw new SdkError('E_FORMAT', `sync data must be N×2, found [${data.shape.join(', ')}]`, {
        file: file.filename,
        path: '/data',
      });
    }
    const n = data.shape[0] as number;
    const width = data.shape[1] as number;
    const flat = data.data as NumericArray;
    const words = new Uint32Array(n);
    const counter = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      counter[i] = Number(flat[i * width]);
      words[i] = Number(flat[i * width + width - 1]);
    }
    this.counter = counter;
    this.words = words;
    this.events =
      flat instanceof Uint32Array
        ? { data: flat, shape: [n, width], strides: [width, 1] }
        : {
            data: Uint32Array.from(flat as ArrayLike<number>),
            shape: [n, width],
            strides: [width, 1],
          };
    // Rollover correction: wherever the counter goes backwards, add 2^32 from there on.
    const times = new Float64Array(n);
    let offset = 0;
    for (let i = 0; i < n; i++) {
      if (i > 0 && (counter[i] as number) - (counter[i - 1] as number) < 0) offset += ROLLOVER;
      times[i] = (counter[i] as number) + offset;
    }
    this.times = times;
  }

  get filename(): string {
    return this.file.filename;
  }

  /** `ni_daq.sample_freq`, falling back to `ni_daq.counter_output_freq`. */
  get sampleFreq(): number {
    const daq = pyGet(this.metaData, 'ni_daq');
    const f = pyGet(daq, 'sample_freq');
    if (f !== undefined) return toNumber(f);
    const c = pyGet(daq, 'counter_output_freq');
    if (c === undefined) {
      throw new SdkError(
        'E_FORMAT',
        'sync meta has neither ni_daq.sample_freq nor counter_output_freq',
        {
          file: this.filename,
          path: '/meta',
        },
      );
    }
    return toNumber(c);
  }

  private get counterBits(): number {
    return toNumber(pyGet(pyGet(this.metaData, 'ni_daq'), 'counter_bits'));
  }

  /** The bit index of a line label (a number is taken as the bit). */
  lineToBit(line: SyncLine): number {
    if (typeof line === 'number') {
      if (!Number.isInteger(line) || line < 0) {
        throw new SdkError('E_VALIDATION', `bit ${line} must be a non-negative integer`, {
          file: this.filename,
        });
      }
      return line;
    }
    const bit = this.lineLabels.indexOf(line);
    if (bit < 0) {
      throw new SdkError('E_NOT_FOUND', `'${line}' is not in the sync line labels`, {
        file: this.filename,
      });
    }
    return bit;
  }

  bitToLine(bit: number): string | undefined {
    return this.lineLabels[bit];
  }

  /** The line-state word of every sample. */
  getAllBits(): Uint32Array {
    return this.words;
  }

  /** The raw `data` array (N×2). */
  getAllEvents(): NdArray<Uint32Array> {
    return this.events;
  }

  /** Sample counts (raw counter if counter_bits is 32, else rollover-corrected), or seconds. */
  getAllTimes(units: SyncUnits | string = 'samples'): Float64Array {
    const times = this.counterBits === 32 ? this.counter : this.times;
    const u = units.toLowerCase();
    if (u === 'samples') return times;
    if (u === 'seconds' || u === 'sec' || u === 'secs') {
      const freq = this.sampleFreq;
      return times.map((t) => t / freq);
    }
    throw new SdkError('E_VALIDATION', "Only 'samples' or 'seconds' are valid units.", {
      file: this.filename,
    });
  }

  /** 0/1 per sample: `(word & 2^bit) != 0`. */
  getBit(bit: number): Uint8Array {
    const b = this.lineToBit(bit);
    const out = new Uint8Array(this.words.length);
    if (b > 31) return out;
    const mask = 2 ** b;
    for (let i = 0; i < out.length; i++) out[i] = ((this.words[i] as number) & mask) !== 0 ? 1 : 0;
    return out;
  }

  getLine(line: SyncLine): Uint8Array {
    return this.getBit(this.lineToBit(line));
  }

  /** First difference in uint8 arithmetic with a leading 0: 1 = rising, 255 = falling. */
  getBitChanges(bit: number): Uint8Array {
    const bits = this.getBit(bit);
    const out = new Uint8Array(bits.length);
    for (let i = 1; i < bits.length; i++)
      out[i] = ((bits[i] as number) - (bits[i - 1] as number)) & 0xff;
    return out;
  }

  getLineChanges(line: SyncLine): Uint8Array {
    return this.getBitChanges(this.lineToBit(line));
  }

  /** Times of every transition (rising and falling) of a bit. */
  getEventsByBit(bit: number, units: SyncUnits | string = 'samples'): Float64Array {
    const changes = this.getBitChanges(bit);
    return select(this.getAllTimes(units), changes, (c) => c !== 0);
  }

  getEventsByLine(line: SyncLine, units: SyncUnits | string = 'samples'): Float64Array {
    return this.getEventsByBit(this.lineToBit(line), units);
  }

  getRisingEdges(line: SyncLine, units: SyncUnits | string = 'samples'): Float64Array {
    const changes = this.getBitChanges(this.lineToBit(line));
    return select(this.getAllTimes(units), changes, (c) => c === 1);
  }

  getFallingEdges(line: SyncLine, units: SyncUnits | string = 'samples'): Float64Array {
    const changes = this.getBitChanges(this.lineToBit(line));
    return select(this.getAllTimes(units), changes, (c) => c === 255);
  }

  /**
   * Edge times of the first of `keys` present in the line labels. 'all' merges rising and falling
   * (sorted) and ignores `permissive`. With no key present: throws E_NOT_FOUND ("none of [...]
   * were found", KeyError in the reference) or returns null when permissive. As in the reference,
   * invalid units are swallowed per key and end in that same error.
   */
  getEdges(
    kind: EdgeKind,
    keys: SyncLine | readonly SyncLine[],
    options: { units?: SyncUnits | string; permissive?: boolean } = {},
  ): Float64Array | null {
    const units = options.units ?? 'seconds';
    if (kind === 'all') {
      const rising = this.getEdges('rising', keys, { units }) as Float64Array;
      const falling = this.getEdges('falling', keys, { units }) as Float64Array;
      const all = new Float64Array(rising.length + falling.length);
      all.set(rising);
      all.set(falling, rising.length);
      // With rollover-corrected times the reference's edges have shape (k, 1) and np.sort sorts
      // each length-1 row: the result stays rising-then-falling. Copied.
      return this.counterBits === 32 ? all.sort() : all;
    }
    if (kind !== 'rising' && kind !== 'falling') {
      throw new SdkError(
        'E_VALIDATION',
        `edge kind must be 'rising', 'falling' or 'all', got '${String(kind)}'`,
      );
    }
    const list: readonly SyncLine[] =
      typeof keys === 'string' || typeof keys === 'number' ? [keys] : keys;
    for (const key of list) {
      try {
        return kind === 'rising'
          ? this.getRisingEdges(key, units)
          : this.getFallingEdges(key, units);
      } catch (error) {
        // The reference catches ValueError: an unknown label or invalid units.
        if (
          error instanceof SdkError &&
          (error.code === 'E_NOT_FOUND' || error.code === 'E_VALIDATION')
        )
          continue;
        throw error;
      }
    }
    if (options.permissive) return null;
    throw new SdkError(
      'E_NOT_FOUND',
      `none of [${list.map((k) => (typeof k === 'string' ? `'${k}'` : String(k))).join(', ')}] were found in this dataset's line labels`,
      { file: this.filename },
    );
  }

  /**
   * For each source edge, the nearest target edge. Labels are lower-cased before lookup, as in the
   * reference. Units: 'indices' (into the target edges), 'samples' or 'seconds'.
   */
  getNearest(
    source: string,
    target: string,
    options: {
      sourceEdge?: 'rising' | 'falling';
      targetEdge?: 'rising' | 'falling';
      direction?: 'previous' | 'next';
      units?: 'indices' | 'index' | 'samples' | 'sec' | 'seconds' | 'second';
    } = {},
  ): Int32Array | Float64Array {
    const edges = (edge: string, line: string) => {
      const e = edge.toLowerCase();
      if (e === 'rising') return this.getRisingEdges(line.toLowerCase(), 'samples');
      if (e === 'falling') return this.getFallingEdges(line.toLowerCase(), 'samples');
      throw new SdkError('E_VALIDATION', `edge must be 'rising' or 'falling', got '${edge}'`);
    };
    const src = edges(options.sourceEdge ?? 'rising', source);
    const tgt = edges(options.targetEdge ?? 'rising', target);
    if (this.counterBits !== 32) {
      // Rollover-corrected edges are (k, 1) arrays in the reference, and np.searchsorted raises
      // ValueError on them; the spec copies reference crashes unless it marks a deviation.
      throw new SdkError(
        'E_VALIDATION',
        'getNearest is not available for sync files with counter_bits != 32 (the reference raises ValueError)',
        { file: this.filename },
      );
    }
    const direction = (options.direction ?? 'previous').toLowerCase();
    const indices = new Int32Array(src.length);
    for (let i = 0; i < src.length; i++) {
      let idx = searchRight(tgt, src[i] as number);
      if (direction === 'previous') {
        if (idx !== 0) idx -= 1;
      } else if (direction === 'next') {
        if (idx === tgt.length) idx = -1;
      }
      indices[i] = idx;
    }
    const units = options.units ?? 'indices';
    if (units === 'indices' || units === 'index') return indices;
    if (units !== 'samples' && units !== 'sec' && units !== 'seconds' && units !== 'second') {
      throw new SdkError('E_VALIDATION', "Invalid units.  Try 'seconds', 'samples' or 'indices'");
    }
    // numpy indexing: -1 is the last target edge; an index into an empty array fails.
    const scale = units === 'samples' ? 1 : this.sampleFreq;
    return Float64Array.from(indices, (idx) => {
      const at = idx < 0 ? tgt.length + idx : idx;
      if (at < 0 || at >= tgt.length) {
        throw new SdkError(
          'E_VALIDATION',
          `index ${idx} is out of bounds for ${tgt.length} target edges`,
        );
      }
      return (tgt[at] as number) / scale;
    });
  }

  /** The parsed `analog_meta` dict. The reference fails here under h5py 3 (`.value`); this reads it. */
  getAnalogMeta(): PyDict {
    if (!this.file.has('analog_meta')) {
      throw new SdkError('E_NOT_FOUND', 'No analog data was saved.', {
        file: this.filename,
        path: '/analog_meta',
      });
    }
    const meta = parsePythonLiteral(decodeText(this.file.dataset('analog_meta').read()), {
      file: this.filename,
    });
    if (
      meta === null ||
      typeof meta !== 'object' ||
      Array.isArray(meta) ||
      meta instanceof Map ||
      meta instanceof Set ||
      meta instanceof Uint8Array
    ) {
      throw new SdkError('E_FORMAT', 'analog_meta is not a dict', {
        file: this.filename,
        path: '/analog_meta',
      });
    }
    return meta as PyDict;
  }

  get analogMetaData(): PyDict {
    return this.getAnalogMeta();
  }

  /** Rows `[int(start·rate) : int(stop·rate) : downsample]` of one analog channel. */
  getAnalogChannel(
    channel: number | string,
    options: { startTime?: number; stopTime?: number; downsample?: number } = {},
  ): Float64Array {
    let ch = channel;
    if (typeof ch === 'string') {
      const meta = this.getAnalogMeta();
      const labels = pyGet(meta, 'analog_labels');
      const channels = pyGet(meta, 'analog_channels');
      const labelIndex = Array.isArray(labels) ? labels.indexOf(ch) : -1;
      const chIndex = Array.isArray(channels)
        ? channels.findIndex((c) => toNumber(c) === labelIndex)
        : -1;
      if (labelIndex < 0 || chIndex < 0) {
        throw new SdkError('E_NOT_FOUND', `analog channel '${ch}' not found`, {
          file: this.filename,
        });
      }
      ch = chIndex;
    }
    if (!this.file.has('analog_data')) {
      throw new SdkError('E_NOT_FOUND', 'No analog data was saved.', {
        file: this.filename,
        path: '/analog_data',
      });
    }
    const rate = toNumber(pyGet(this.getAnalogMeta(), 'analog_sample_rate'));
    const start = Math.trunc((options.startTime ?? 0) * rate);
    const downsample = options.downsample ?? 1;
    // The reference tests `if stop_time:`, so 0 means "to the end".
    const stop = options.stopTime ? Math.trunc(options.stopTime * rate) : null;
    return this.file.dataset('analog_data').readFloat64({ slice: [[start, stop, downsample], ch] });
  }

  /** Average, min and max period of a line (in counter_output_freq units) from its edges. */
  period(line: SyncLine, edge: 'rising' | 'falling' = 'rising'): SyncPeriod {
    const bit = this.lineToBit(line);
    const edges =
      edge.toLowerCase() === 'rising' ? this.getRisingEdges(bit) : this.getFallingEdges(bit);
    if (edges.length <= 2) {
      throw new SdkError('E_VALIDATION', `Not enough edges for period: ${edges.length}`, {
        file: this.filename,
      });
    }
    const timebase = toNumber(pyGet(pyGet(this.metaData, 'ni_daq'), 'counter_output_freq'));
    const diffs: number[] = [];
    for (let i = 2; i < edges.length; i++)
      diffs.push((edges[i] as number) - (edges[i - 1] as number));
    // numpy's mean uses pairwise summation; for these integer differences the sum is exact.
    const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
    return {
      avg: mean / timebase,
      max: Math.max(...diffs) / timebase,
      min: Math.min(...diffs) / timebase,
      sd: 0,
    };
  }

  frequency(line: SyncLine, edge: 'rising' | 'falling' = 'rising'): number {
    return 1.0 / this.period(line, edge).avg;
  }

  /** The reference returns the string "fix me". */
  dutyCycle(_line: SyncLine): string {
    return 'fix me';
  }

  /** Counts and period statistics of one line; null when it has no events. */
  lineStats(line: SyncLine): SyncLineStats | null {
    const bit = this.lineToBit(line);
    const events = this.getEventsByBit(bit);
    const rising = this.getRisingEdges(bit).length;
    const falling = this.getFallingEdges(bit).length;
    if (events.length <= 0) return null;
    if (events.length <= 10) {
      return {
        line,
        bit,
        total_rising: rising,
        total_falling: falling,
        avg_freq: null,
        duty_cycle: null,
      };
    }
    const p = this.period(line);
    return {
      line,
      bit,
      total_data_points: this.words.length,
      total_events: events.length,
      total_rising: rising,
      total_falling: falling,
      avg_period: p.avg,
      min_period: p.min,
      max_period: p.max,
      period_sd: p.sd,
      avg_freq: this.frequency(line),
      duty_cycle: this.dutyCycle(line),
    };
  }

  close(): void {
    this.file.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

/**
 * Cuts a time series at its first discontinuity: an interval larger than median(intervals) ×
 * threshold. If the first interval is one, only the first time remains.
 */
export function trimDiscontiguousTimes(times: ArrayLike<number>, threshold = 100): Float64Array {
  const t = Float64Array.from(times);
  if (t.length < 2) {
    throw new SdkError(
      'E_VALIDATION',
      `trimDiscontiguousTimes needs at least 2 times, got ${t.length}`,
    );
  }
  const intervals = new Float64Array(t.length - 1);
  for (let i = 0; i < intervals.length; i++) intervals[i] = (t[i + 1] as number) - (t[i] as number);
  const sorted = Float64Array.from(intervals).sort();
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  const limit = median * threshold;
  let gap = -1;
  if (Math.abs(intervals[0] as number) > limit) gap = 0;
  else {
    for (let i = 0; i < intervals.length; i++) {
      if ((intervals[i] as number) > limit) {
        gap = i;
        break;
      }
    }
  }
  return gap < 0 ? t : t.slice(0, gap + 1);
}

/** Rising edges (seconds) of the first present key → trimmed at a spike → frames dropped. */
export async function getSynchronizedFrameTimes(
  source: H5Source,
  keys: readonly string[],
  options: { dropFrames?: readonly number[]; trimAfterSpike?: boolean } = {},
): Promise<Float64Array> {
  using sync = await SyncDataset.open(source);
  let times = sync.getEdges('rising', keys, { units: 'seconds' }) as Float64Array;
  if (options.trimAfterSpike ?? true) times = trimDiscontiguousTimes(times);
  if (options.dropFrames) {
    const drop = new Set(options.dropFrames);
    times = times.filter((_, i) => !drop.has(i));
  }
  return times;
}

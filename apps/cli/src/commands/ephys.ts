import { readFile } from 'node:fs/promises';
import { isSdkError, parseNpy, SdkError, toRecords } from '@sdk/core';
import {
  assertIncreasingTime,
  EphysSweepFeatureExtractor,
  extractCellFeatures,
  NwbDataSet,
  nwbSweepTrace,
  resetLongSquaresStart,
  STIMULUS_WINDOWS,
  type SweepFeatureValue,
} from '@sdk/ephys';
import type { Command } from 'commander';
import type { CliIo } from '../io.js';

/** A current-clamp trace: t (s), v (mV) and optionally i (pA); float32 when read so from NWB. */
export interface Trace {
  t: Float64Array;
  v: Float64Array | Float32Array;
  i: Float64Array | Float32Array | null;
}

function fromColumns(cols: number[][], file: string): Trace {
  const [t, v, i] = cols;
  if (!t || !v || t.length < 2) {
    throw new SdkError('E_VALIDATION', 'a trace needs at least two rows of t (s) and v (mV)', {
      file,
    });
  }
  const tt = Float64Array.from(t);
  assertIncreasingTime(tt, { file, name: 't' });
  return { t: tt, v: Float64Array.from(v), i: i ? Float64Array.from(i) : null };
}

/** Whitespace- or comma-separated text with 2 (t, v) or 3 (t, v, i) columns, as the Allen SDK's test traces. */
export function parseTraceText(text: string, file: string): Trace {
  const cols: number[][] = [];
  let width = 0;
  text.split(/\r?\n/).forEach((line, k) => {
    const s = line.trim();
    if (!s || s.startsWith('#')) return;
    const parts = s.split(/[\s,]+/);
    if (width === 0) {
      width = parts.length;
      if (width < 2 || width > 3) {
        throw new SdkError('E_FORMAT', `expected 2 or 3 columns (t, v[, i]), found ${width}`, {
          file,
          path: `line ${k + 1}`,
        });
      }
      for (let c = 0; c < width; c++) cols.push([]);
    }
    if (parts.length !== width) {
      throw new SdkError('E_FORMAT', `expected ${width} columns, found ${parts.length}`, {
        file,
        path: `line ${k + 1}`,
      });
    }
    parts.forEach((p, c) => {
      const x = Number(p);
      if (Number.isNaN(x) && p.toLowerCase() !== 'nan') {
        throw new SdkError('E_FORMAT', `"${p}" is not a number`, { file, path: `line ${k + 1}` });
      }
      cols[c]?.push(x);
    });
  });
  return fromColumns(cols, file);
}

/** A 2-D .npy array of shape (n, 2|3): columns t, v[, i]. */
export function parseTraceNpy(bytes: Uint8Array, file: string): Trace {
  const arr = parseNpy(bytes, { file });
  if (Array.isArray(arr.data) || arr.shape.length !== 2) {
    throw new SdkError(
      'E_FORMAT',
      `expected a numeric 2-D array (n, 2|3), got shape (${arr.shape.join(', ')})`,
      {
        file,
      },
    );
  }
  const [n, w] = arr.shape as [number, number];
  if (w < 2 || w > 3)
    throw new SdkError('E_FORMAT', `expected 2 or 3 columns (t, v[, i]), found ${w}`, { file });
  const data = arr.data as ArrayLike<number>;
  const strides = arr.strides ?? [w, 1];
  const cols: number[][] = Array.from({ length: w }, (_, c) =>
    Array.from({ length: n }, (_, r) =>
      Number(data[r * (strides[0] as number) + c * (strides[1] as number)]),
    ),
  );
  return fromColumns(cols, file);
}

export async function readTrace(file: string): Promise<Trace> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new SdkError('E_IO', 'cannot read the trace', { file, cause });
  }
  if (/\.npy$/i.test(file)) return parseTraceNpy(bytes, file);
  return parseTraceText(bytes.toString('utf8'), file);
}

export interface FeatureArgs {
  filter?: number | null;
  start?: number;
  end?: number;
}

/** JSON-ready value: NaN and infinities become null, tuples become arrays. */
function jsonValue(x: unknown): unknown {
  if (typeof x === 'number') return Number.isFinite(x) ? x : null;
  if (Array.isArray(x)) return x.map(jsonValue);
  return x;
}

/**
 * The spike table and sweep features of a trace, keyed as the Allen SDK: the spike-derived
 * features, then `v_baseline`, `peak_deflect`, `sag` and `tau` (null, with a warning, where the
 * reference raises, e.g. `tau` of a trace without a hyperpolarisation).
 */
export function traceFeatures(
  trace: Trace,
  args: FeatureArgs,
  warn: (message: string) => void = () => {},
): { spikes: Record<string, unknown>[]; sweep: Record<string, unknown> } {
  const ext = new EphysSweepFeatureExtractor({
    t: trace.t,
    v: trace.v,
    i: trace.i,
    start: args.start ?? null,
    end: args.end ?? null,
    filter: args.filter === undefined ? 10 : args.filter,
  });
  ext.processSpikes();
  const sweep: Record<string, unknown> = {};
  for (const k of ext.sweepFeatureKeys()) sweep[k] = jsonValue(ext.sweepFeature(k));
  for (const k of ['v_baseline', 'peak_deflect', 'sag', 'tau']) {
    let value: SweepFeatureValue;
    try {
      value = ext.sweepFeature(k);
    } catch (e) {
      if (!isSdkError(e)) throw e;
      warn(`${k}: ${e.message}`);
      value = null;
    }
    sweep[k] = jsonValue(value);
  }
  // the rows of the Arrow spike table (its NaN and null cells become null)
  const spikes = toRecords(ext.spikesTable()).map((s) => {
    const rec: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(s)) rec[k] = jsonValue(x);
    return rec;
  });
  return { spikes, sweep };
}

/** A trace with its default analysis window (s), from one sweep of an NWB file. */
export interface NwbTrace extends Trace {
  start: number;
  end: number;
}

/**
 * One sweep of an NWB file as allensdk's `extractor_for_nwb_sweeps` prepares it: v (mV), i (pA),
 * t = k / rate, and the window from the sweep's experiment epoch (`index_range`); trailing NaN
 * padding (NWB 2) is cut off.
 */
export async function readNwbSweepTrace(
  file: string,
  sweep: number,
  options: { applyConversion?: boolean } = {},
): Promise<NwbTrace> {
  const ds = await NwbDataSet.open(file);
  try {
    const data = ds.getSweep(sweep, { applyConversion: options.applyConversion ?? false });
    if (data.stimulus_unit === 'Volts') {
      throw new SdkError(
        'E_VALIDATION',
        `sweep ${sweep} is a voltage-clamp sweep (stimulus in volts); features need current clamp`,
        { file },
      );
    }
    const { t, v, i, start, end } = nwbSweepTrace(data);
    // NWB 2 (MIES) sweeps end in NaN padding, which a filtered dV/dt would spread over the whole
    // trace: keep the samples up to the last finite voltage
    let keep = v.length;
    while (keep > 0 && !Number.isFinite(v[keep - 1] as number)) keep--;
    if (keep < v.length) {
      return { t: t.subarray(0, keep), v: v.subarray(0, keep), i: i.subarray(0, keep), start, end };
    }
    return { t, v, i, start, end };
  } finally {
    ds.close();
  }
}

function parseNumber(name: string) {
  return (value: string): number => {
    const x = Number(value);
    if (!Number.isFinite(x))
      throw new SdkError('E_VALIDATION', `${name} must be a number, got "${value}"`);
    return x;
  };
}

function parseSweepNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) {
    throw new SdkError('E_VALIDATION', `--sweep must be an integer sweep number, got "${value}"`);
  }
  return n;
}

/** The stimulus names the Allen pipeline's cell features use (public names of its LIMS codes). */
export const CELL_FEATURE_STIMULI = {
  ramp: 'Ramp',
  shortSquare: 'Short Square',
  longSquare: 'Long Square',
} as const;

/** The pipeline's test pulse length (s): long-square onsets are searched after it. */
const TEST_PULSE_DURATION_SEC = 0.4;

/** `find_stim_start`: one past the first index ≥ `idx0` where the stimulus changes, else -1. */
export function findStimStart(stim: ArrayLike<number>, idx0 = 0): number {
  for (let k = Math.max(0, Math.ceil(idx0)); k + 1 < stim.length; k++) {
    if ((stim[k + 1] as number) - (stim[k] as number) !== 0) return k + 1;
  }
  return -1;
}

export interface CellSweepTypes {
  ramps: number[];
  shortSquares: number[];
  longSquares: number[];
}

/** Current-clamp sweeps of an NWB file grouped by `aibs_stimulus_name`, each list sorted by number. */
export function cellSweepTypes(ds: NwbDataSet): CellSweepTypes {
  const out: CellSweepTypes = { ramps: [], shortSquares: [], longSquares: [] };
  const lists: Record<string, number[]> = {
    [CELL_FEATURE_STIMULI.ramp]: out.ramps,
    [CELL_FEATURE_STIMULI.shortSquare]: out.shortSquares,
    [CELL_FEATURE_STIMULI.longSquare]: out.longSquares,
  };
  for (const n of ds.getSweepNumbers()) {
    const meta = ds.getSweepMetadata(n) as Record<string, unknown>;
    const name = meta.aibs_stimulus_name;
    const list = typeof name === 'string' ? lists[name] : undefined;
    // the pipeline keeps current-clamp sweeps only
    if (list && ds.getSweep(n).stimulus_unit !== 'Volts') list.push(n);
  }
  for (const l of [out.ramps, out.shortSquares, out.longSquares]) l.sort((a, b) => a - b);
  return out;
}

/** JSON-ready copy: NaN and infinities → null, typed arrays → arrays. */
function jsonDeep(x: unknown): unknown {
  if (typeof x === 'number') return Number.isFinite(x) ? x : null;
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    return Array.from(x as unknown as ArrayLike<number>, (v) => jsonDeep(Number(v)));
  }
  if (Array.isArray(x)) return x.map(jsonDeep);
  if (x !== null && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = jsonDeep(v);
    return out;
  }
  return x;
}

/**
 * The cell features of an Allen Cell Types NWB file as the Allen pipeline computes them
 * (`core_feature_extract`): sweeps typed by their stimulus names, the long-square window moved to
 * the first long square's onset after the test pulse (`reset_long_squares_start`), then
 * `extract_cell_features`. Keys are the Allen SDK's; NaN as null.
 */
export async function nwbCellFeatures(
  file: string,
  options: { subthreshMinAmp?: number } = {},
): Promise<{ sweeps: CellSweepTypes; cell_features: unknown }> {
  const ds = await NwbDataSet.open(file);
  const saved = { ...STIMULUS_WINDOWS };
  try {
    const types = cellSweepTypes(ds);
    const first = types.longSquares[0];
    if (first === undefined) {
      throw new SdkError(
        'E_VALIDATION',
        `no current-clamp sweep named "${CELL_FEATURE_STIMULI.longSquare}" (aibs_stimulus_name)`,
        { file },
      );
    }
    const sweep = ds.getSweep(first);
    const sr = sweep.sampling_rate;
    const stimStart = findStimStart(sweep.stimulus, TEST_PULSE_DURATION_SEC * sr) / sr;
    if (stimStart > 0) resetLongSquaresStart(stimStart);
    const cell = extractCellFeatures(ds, types.ramps, types.shortSquares, types.longSquares, {
      ...(options.subthreshMinAmp === undefined
        ? {}
        : { subthreshMinAmp: options.subthreshMinAmp }),
    });
    return { sweeps: types, cell_features: jsonDeep(cell) };
  } finally {
    // the windows are module state, as in allensdk: leave them as found
    Object.assign(STIMULUS_WINDOWS, saved);
    ds.close();
  }
}

export function registerEphys(program: Command, io: CliIo): void {
  const ephys = program
    .command('ephys')
    .description('intracellular electrophysiology (Allen Cell Types)');
  ephys
    .command('features')
    .description(
      'spike and sweep features of a current-clamp trace (allensdk EphysSweepFeatureExtractor)',
    )
    .argument('[file]', 'an NWB file (NWB 1 Allen Cell Types or NWB 2 icephys); needs --sweep')
    .option(
      '--trace <file>',
      'text (or .npy of shape (n, 2|3)) with columns t (s), v (mV)[, i (pA)]',
    )
    .option('--sweep <n>', 'sweep number in the NWB file', parseSweepNumber)
    .option(
      '--apply-conversion',
      "NWB 1: multiply the data by their conversion attribute (allensdk doesn't, the default)",
    )
    .option(
      '--filter <kHz>',
      'Bessel low-pass cutoff for dV/dt (default 10)',
      parseNumber('--filter'),
    )
    .option('--no-filter', 'differentiate the raw voltage')
    .option('--start <s>', 'start of the analysis window (s)', parseNumber('--start'))
    .option('--end <s>', 'end of the analysis window (s)', parseNumber('--end'))
    .option('--json', 'print {"spikes": [...], "sweep": {...}} as JSON (NaN as null)')
    .action(
      async (
        file: string | undefined,
        options: {
          trace?: string;
          sweep?: number;
          filter?: number | boolean;
          start?: number;
          end?: number;
          json?: boolean;
          applyConversion?: boolean;
        },
      ) => {
        if (options.trace && file) {
          throw new SdkError('E_VALIDATION', 'give either an NWB file or --trace, not both', {
            file,
          });
        }
        let trace: Trace;
        let start = options.start;
        let end = options.end;
        if (options.trace) {
          trace = await readTrace(options.trace);
        } else if (file) {
          if (options.sweep === undefined) {
            throw new SdkError('E_VALIDATION', 'an NWB file needs --sweep <n>', { file });
          }
          const nwb = await readNwbSweepTrace(file, options.sweep, {
            applyConversion: options.applyConversion === true,
          });
          trace = nwb;
          start ??= nwb.start;
          end ??= nwb.end;
        } else {
          throw new SdkError(
            'E_VALIDATION',
            'give an NWB file with --sweep <n>, or a trace with --trace <file>',
          );
        }
        const filter =
          options.filter === false ? null : options.filter === true ? undefined : options.filter;
        const result = traceFeatures(trace, { filter, start, end }, (m) => io.err(`warning: ${m}`));
        if (options.json) {
          io.out(JSON.stringify(result));
          return;
        }
        io.out(`${result.spikes.length} spikes`);
        for (const [k, x] of Object.entries(result.sweep)) io.out(`${k}: ${JSON.stringify(x)}`);
      },
    );
  ephys
    .command('cell-features')
    .description(
      'cell features of an Allen Cell Types NWB file (allensdk extract_cell_features on its Ramp, Short Square and Long Square sweeps)',
    )
    .argument('<file>', 'an NWB file (NWB 1 Allen Cell Types or NWB 2 icephys)')
    .option(
      '--subthresh-min-amp <pA>',
      'smallest subthreshold long-square amplitude for tau and input resistance (default -100)',
      parseNumber('--subthresh-min-amp'),
    )
    .option('--json', 'print the cell features as JSON (NaN as null)')
    .action(async (file: string, options: { subthreshMinAmp?: number; json?: boolean }) => {
      const { sweeps, cell_features } = await nwbCellFeatures(file, options);
      if (options.json) {
        io.out(JSON.stringify(cell_features));
        return;
      }
      io.out(
        `ramps ${JSON.stringify(sweeps.ramps)}, short squares ${JSON.stringify(sweeps.shortSquares)}, long squares ${JSON.stringify(sweeps.longSquares)}`,
      );
      const cf = cell_features as Record<string, Record<string, unknown>>;
      const ls = cf.long_squares ?? {};
      for (const k of [
        'rheobase_i',
        'fi_fit_slope',
        'input_resistance',
        'tau',
        'v_baseline',
        'sag',
      ]) {
        io.out(`long_squares.${k}: ${JSON.stringify(ls[k])}`);
      }
      io.out(
        `short_squares.stimulus_amplitude: ${JSON.stringify(cf.short_squares?.stimulus_amplitude)}`,
      );
    });
}

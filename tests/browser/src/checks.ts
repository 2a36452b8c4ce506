// The work the browser smoke test does, as one function of bytes and plain inputs, so that the
// page (src/smoke.ts) and the Node test process run exactly the same code on the same data and
// their results can be compared for equality. Everything returned is plain JSON: typed arrays
// become arrays, bigints become {int: "digits"}, so a JSON round trip loses nothing.
import { type PyValue, parseNpy, parseNrrd, parsePythonLiteral, toNested } from '@sdk/core';
// The typed classes are imported as values (instanceof below). Importing openNwb alone is not
// enough in a bundle today: @sdk/nwb declares "sideEffects": false, so a bundler drops the
// modules whose only use is their registerType calls (see test/browser.test.ts).
import { type DynamicTable, openNwb, PlaneSegmentation, TimeSeries, Units } from '@sdk/nwb';
import { bessel, fft, filtfilt, ks2samp, medianFilter } from '@sdk/signal';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Inputs of the signal checks, taken by the test from @sdk/signal's scipy fixtures. */
export interface SignalInputs {
  /** `filtfilt(bessel(order, wn))` on `x` (scipy's fixture noise input). */
  filtfilt: { order: number; wn: number; x: number[] };
  /** The spec's ramp KAT: 3 V/s sampled at `fs` for `n` samples, bessel(4, 0.1), dV/dt. */
  ramp: { n: number; fs: number };
  /** `fft` of complex inputs of several lengths (radix and Bluestein paths). */
  fft: { re: number[]; im: number[] }[];
  ks2samp: { a: number[]; b: number[] };
  medianFilter: {
    x: number[];
    size: number;
    mode: 'reflect' | 'constant' | 'nearest' | 'mirror' | 'wrap';
    origin: number;
    cval: number;
  };
}

export interface SmokeInputs {
  /** basic.nwb (packages/nwb/test/fixtures). */
  nwb: Uint8Array;
  /** An NPY file from core's fixtures. */
  npy: Uint8Array;
  /** A gzip-encoded NRRD file from core's fixtures (gzip goes through DecompressionStream). */
  nrrd: Uint8Array;
  /** Python literal texts (e.g. sync-file metadata) for parsePythonLiteral. */
  pythonLiterals: string[];
  signal: SignalInputs;
}

/** The paths of basic.nwb read by the smoke test. */
export const TIMESERIES_PATHS = ['/acquisition/ts_timestamps', '/acquisition/ts_rate'] as const;
export const PLANE_SEGMENTATION_PATH = '/processing/ophys/ImageSegmentation/PlaneSegmentation';

function numbers(a: ArrayLike<number | bigint>): Json[] {
  return Array.from(a, (v) => (typeof v === 'bigint' ? { int: v.toString() } : v));
}

/** Nested arrays (from toNested or column values) to JSON. */
function plain(v: unknown): Json {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return { int: v.toString() };
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    return numbers(v as unknown as ArrayLike<number | bigint>);
  }
  if (Array.isArray(v)) return v.map(plain);
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    return plain((v as { toJSON(): unknown }).toJSON());
  }
  if (typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function') {
    return Array.from(v as Iterable<unknown>, plain);
  }
  if (typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  throw new TypeError(`cannot convert a ${typeof v} to JSON`);
}

/** A parsed Python literal as JSON: bytes → {bytes}, sets → {set} (sorted), big ints → {int}. */
export function pyToJson(v: PyValue): Json {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') {
    return v;
  }
  if (typeof v === 'bigint') return { int: v.toString() };
  if (v instanceof Uint8Array) return { bytes: Array.from(v) };
  if (Array.isArray(v)) return v.map(pyToJson);
  if (v instanceof Set) {
    return { set: sortByJson(Array.from(v, pyToJson)) };
  }
  if (v instanceof Map) {
    throw new TypeError('parsePythonLiteral was asked for plain objects, not Maps');
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, pyToJson(x)]));
}

export function sortByJson(items: Json[]): Json[] {
  return items
    .map((x) => [JSON.stringify(x), x] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, x]) => x);
}

/** An Arrow table as {numRows, fields: [{name, type}], columns: {name: cells}}. */
function arrowToJson(table: ReturnType<DynamicTable['toTable']>): Json {
  const fields = table.schema.fields.map((f) => ({ name: f.name, type: String(f.type) }));
  const columns: Record<string, Json> = {};
  for (const f of table.schema.fields) {
    const col = table.getChild(f.name);
    const cells: Json[] = [];
    for (let i = 0; i < table.numRows; i++) cells.push(plain(col?.get(i)));
    columns[f.name] = cells;
  }
  return { numRows: table.numRows, fields, columns };
}

function typed<T>(obj: unknown, cls: abstract new (...args: never[]) => T, path: string): T {
  if (obj instanceof cls) return obj;
  const name = (obj as { constructor?: { name?: string } } | undefined)?.constructor?.name;
  throw new Error(`${path} was read as ${name ?? String(obj)}, not as ${cls.name}`);
}

async function nwbChecks(bytes: Uint8Array): Promise<Json> {
  const nwb = await openNwb(bytes);
  try {
    const timeseries: Record<string, Json> = {};
    for (const path of TIMESERIES_PATHS) {
      const ts = typed(nwb.get(path), TimeSeries, path);
      timeseries[path] = {
        dtype: ts.data?.dtype ?? null,
        shape: ts.data?.shape ?? null,
        data: plain(toNested(ts.getData())),
        timestamps: numbers(ts.getTimestamps()),
        dataInUnits: plain(toNested(ts.getDataInUnits())),
      };
    }
    const units = typed(nwb.units, Units, '/units');
    const nUnits = units.ids().length;
    const ps = typed(nwb.get(PLANE_SEGMENTATION_PATH), PlaneSegmentation, PLANE_SEGMENTATION_PATH);
    return {
      nwb_version: nwb.nwb_version,
      identifier: nwb.identifier,
      session_start_time: nwb.session_start_time,
      timeseries,
      units: {
        ids: plain(units.ids()),
        colnames: plain(units.colnames),
        spike_times: Array.from({ length: nUnits }, (_, i) => numbers(units.getSpikeTimes(i))),
        quality: plain(units.column('quality').values()),
      },
      plane_segmentation: {
        ids: plain(ps.ids()),
        image_mask_1: plain(toNested(ps.imageMask(1))),
        image_mask: plain(ps.column('image_mask').values()),
      },
      arrow: {
        units: arrowToJson(units.toTable({ columns: ['spike_times', 'quality'] })),
        plane_segmentation: arrowToJson(ps.toTable()),
      },
    };
  } finally {
    nwb.close();
  }
}

function signalChecks(s: SignalInputs): Json {
  const { b, a } = bessel(s.filtfilt.order, s.filtfilt.wn);
  const y = filtfilt(b, a, s.filtfilt.x);
  const ramp = Float64Array.from({ length: s.ramp.n }, (_, i) => 3.0 * (i / s.ramp.fs));
  const r = bessel(4, 0.1);
  const yr = filtfilt(r.b, r.a, ramp);
  const dvdt = Array.from(
    { length: yr.length - 1 },
    (_, i) => (yr[i + 1]! - yr[i]!) / (1 / s.ramp.fs),
  );
  const ks = ks2samp(s.ks2samp.a, s.ks2samp.b);
  const m = s.medianFilter;
  return {
    bessel: { b: numbers(b), a: numbers(a) },
    filtfilt: numbers(y),
    rampDvdt: dvdt,
    fft: s.fft.map((x) => {
      const out = fft({ re: Float64Array.from(x.re), im: Float64Array.from(x.im) });
      return { re: numbers(out.re), im: numbers(out.im) };
    }),
    ks2samp: {
      statistic: ks.statistic,
      pvalue: ks.pvalue,
      statisticLocation: ks.statisticLocation,
      statisticSign: ks.statisticSign,
      method: ks.method,
    },
    medianFilter: numbers(
      medianFilter(m.x, m.size, { mode: m.mode, origin: m.origin, cval: m.cval }),
    ),
  };
}

async function coreChecks(inputs: SmokeInputs): Promise<Json> {
  const npy = parseNpy(inputs.npy, { file: 'npy' });
  const nrrd = await parseNrrd(inputs.nrrd, { file: 'nrrd' });
  return {
    npy: {
      dtype: npy.dtype,
      shape: npy.shape,
      strides: npy.strides,
      elements: plain(npy.data),
    },
    nrrd: {
      header: plain(nrrd.header),
      shape: nrrd.data.shape,
      strides: nrrd.data.strides,
      elements: plain(nrrd.data.data),
    },
    pythonLiterals: inputs.pythonLiterals.map((t) => pyToJson(parsePythonLiteral(t))),
  };
}

/** Runs every check; the result is plain JSON. */
export async function runChecks(inputs: SmokeInputs): Promise<{ [key: string]: Json }> {
  return {
    nwb: await nwbChecks(inputs.nwb),
    signal: signalChecks(inputs.signal),
    core: await coreChecks(inputs),
  };
}

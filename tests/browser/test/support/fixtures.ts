// The smoke test's inputs and the reference values they are checked against, all taken from the
// oracle fixtures of the packages under test (pynwb 2.8.3, numpy 1.23.5, scipy 1.10.1, pynrrd,
// Python's ast.literal_eval); nothing here is computed by the code under test.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePythonJson } from '@sdk/core';
import { type Json, type SignalInputs, sortByJson } from '../../src/checks.js';

const PACKAGES = new URL('../../../../packages/', import.meta.url);

export const FILES = {
  nwb: fileURLToPath(new URL('nwb/test/fixtures/basic.nwb', PACKAGES)),
  npy: fileURLToPath(new URL('core/test/fixtures/formats/npy/be_i4.npy', PACKAGES)),
  nrrd: fileURLToPath(new URL('core/test/fixtures/formats/nrrd/i16_gzip.nrrd', PACKAGES)),
} as const;

// biome-ignore lint/suspicious/noExplicitAny: fixture documents are untyped JSON
function fixture(rel: string): any {
  return parsePythonJson(readFileSync(new URL(rel, PACKAGES), 'utf8'));
}

function f64(e: { f64: string }): number[] {
  const buf = Buffer.from(e.f64, 'base64');
  return Array.from({ length: buf.length / 8 }, (_, i) => buf.readDoubleLE(i * 8));
}

/** A tagged value of python_literal_cases.json ({int: "…"}, {tuple: […]}, …) as pyToJson gives it. */
function taggedToJson(t: Record<string, unknown>): Json {
  const [tag, v] = Object.entries(t)[0] as [string, unknown];
  switch (tag) {
    case 'none':
      return null;
    case 'bool':
      return v as boolean;
    case 'int': {
      const n = BigInt(v as string);
      const safe = n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= -BigInt(Number.MAX_SAFE_INTEGER);
      return safe ? Number(n) : { int: n.toString() };
    }
    case 'float':
      return Number(v as string);
    case 'str':
      return v as string;
    case 'bytes':
      return { bytes: v as number[] };
    case 'list':
    case 'tuple':
      return (v as Record<string, unknown>[]).map(taggedToJson);
    case 'set':
      return { set: sortByJson((v as Record<string, unknown>[]).map(taggedToJson)) };
    case 'dict':
      return Object.fromEntries(
        (v as [Record<string, unknown>, Record<string, unknown>][]).map(([k, x]) => {
          if (!('str' in k)) throw new Error('the chosen literal cases have str keys only');
          return [k.str as string, taggedToJson(x)];
        }),
      );
    default:
      throw new Error(`unknown tag ${tag}`);
  }
}

export interface Reference {
  basic: {
    nwb_version: string;
    root: { identifier: string; session_start_time: string };
    timeseries: Record<
      string,
      {
        dtype: string;
        shape: number[];
        data: unknown;
        conversion: number;
        offset: number;
        timestamps?: number[];
        starting_time?: number;
        rate?: number;
      }
    >;
    units: { ids: number[]; spike_times: number[][]; quality: string[]; colnames: string[] };
    plane_segmentation: { ids: number[]; image_mask: number[][][] };
  };
  signal: {
    b: number[];
    a: number[];
    filtfilt: number[];
    rampDvdt: number[];
    fft: { re: number[]; im: number[] }[];
    ks2samp: [number, number, number, number];
    medianFilter: number[];
  };
  npy: { descr: string; shape: number[]; fortran_order: boolean; elements: number[] };
  nrrd: { header: Record<string, unknown>; shape: number[]; elements: number[] };
  pythonLiterals: Json[];
}

export function loadFixtures(): {
  signal: SignalInputs;
  pythonLiterals: string[];
  reference: Reference;
} {
  const filtering = fixture('signal/test/fixtures/filters_filtering.json');
  const bes = filtering.lfilter.find(
    (c: { filter: string; x: string }) => c.filter === 'bessel4_01' && c.x === 'noise',
  );
  const spectral = fixture('signal/test/fixtures/spectral_fft.json');
  // 17 and 31 take the Bluestein path, 64 the radix-4/2 one.
  const fftCases = [17, 31, 64].map((n) => spectral.cases.find((c: { n: number }) => c.n === n));
  const ks = fixture('signal/test/fixtures/signal_stats_ks2samp.json').find(
    (c: { a?: number[]; b?: number[] }) => c.a && c.b && c.a.length + c.b.length > 20,
  );
  const rank = fixture('signal/test/fixtures/filters_rank.json');
  const med = rank.median.find(
    (c: { x: string; size: number; mode: string; origin: number }) =>
      c.x === 'r20' && c.size === 5 && c.mode === 'reflect' && c.origin === -2,
  );
  const npyCases = fixture('core/test/fixtures/formats/npy/npy_cases.json');
  const nrrdCases = fixture('core/test/fixtures/formats/nrrd/nrrd_cases.json');
  const literals = fixture('core/test/fixtures/formats/python_literal_cases.json').cases as {
    text: string;
    value: Record<string, unknown>;
  }[];
  // Allen sync-file metadata, big ints and bytes, NUL and CJK in strings, a set.
  const chosen = ["{'ni_daq':", "{'k435':", "{'k954':", "{'k415':"].map((prefix) => {
    const c = literals.find((l) => l.text.startsWith(prefix));
    if (!c) throw new Error(`no Python literal case starting with ${prefix}`);
    return c;
  });
  const signal: SignalInputs = {
    filtfilt: { order: 4, wn: 0.1, x: f64(filtering.noise) },
    ramp: { n: filtering.ramp.n, fs: filtering.ramp.fs },
    fft: fftCases.map((c: { x: { re: { f64: string }; im: { f64: string } } }) => ({
      re: f64(c.x.re),
      im: f64(c.x.im),
    })),
    ks2samp: { a: ks.a, b: ks.b },
    medianFilter: {
      x: f64(rank.inputs[med.x]),
      size: med.size,
      mode: med.mode,
      origin: med.origin,
      cval: med.cval,
    },
  };
  const reference: Reference = {
    basic: fixture('nwb/test/fixtures/basic.json'),
    signal: {
      b: f64(bes.b),
      a: f64(bes.a),
      filtfilt: f64(bes.filtfilt),
      rampDvdt: f64(filtering.ramp.dvdt),
      fft: fftCases.map((c: { fft: { re: { f64: string }; im: { f64: string } } }) => ({
        re: f64(c.fft.re),
        im: f64(c.fft.im),
      })),
      ks2samp: ks.out['two-sided/auto'],
      medianFilter: f64(med.y),
    },
    npy: npyCases.cases.find((c: { file: string }) => c.file === 'be_i4.npy'),
    nrrd: nrrdCases.cases.find((c: { file: string }) => c.file === 'i16_gzip.nrrd'),
    pythonLiterals: chosen.map((c) => taggedToJson(c.value)),
  };
  return { signal, pythonLiterals: chosen.map((c) => c.text), reference };
}

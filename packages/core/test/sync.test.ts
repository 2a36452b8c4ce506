import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isSdkError, type SdkError } from '../src/errors.js';
import { parsePythonJson } from '../src/json/python-json.js';
import {
  type EdgeKind,
  getSynchronizedFrameTimes,
  SyncDataset,
  trimDiscontiguousTimes,
} from '../src/sync/dataset.js';

// Expected values are allensdk 2.16.2 outputs (tooling/oracle/generators/core_sync.py).
// Tolerances: sample counts, bits, indices and edge times (samples / freq, the same single
// division in both) are compared exactly; period/frequency (a mean of integer differences)
// with relative 1e-12.
const FIXTURES = new URL('./fixtures/', import.meta.url);
const SHARED_SYNC = fileURLToPath(
  new URL('../../../../shared/data/allensdk/sync/sync.h5', import.meta.url),
);

type Outcome = { result?: unknown; error?: string };
interface SyncExpect {
  sample_freq: number;
  line_labels: string[];
  meta_data: Record<string, unknown>;
  n_samples: number;
  all_times_samples: number[];
  all_times_seconds: number[];
  all_times_bad_units: Outcome;
  all_bits: number[];
  bits: Record<string, Record<string, number[]>>;
  lines: Record<string, Record<string, number[] | null | Outcome>>;
  unknown_line: Outcome;
  key_sets: Record<string, string | string[]>;
  get_edges: ({ keys: string; kind: EdgeKind; units: string; permissive: boolean } & Outcome)[];
  get_nearest: ({
    source: string;
    target: string;
    source_edge: 'rising' | 'falling';
    target_edge: 'rising' | 'falling';
    direction: 'previous' | 'next';
    units: 'indices' | 'samples' | 'seconds';
  } & Outcome)[];
  synchronized_frame_times: ({
    keys: string;
    drop_frames: number[] | null;
    trim_after_spike: boolean;
  } & Outcome)[];
  analog: {
    channel: number | string;
    start_time: number;
    stop_time: number | null;
    downsample: number;
    values: number[];
  }[];
  analog_meta?: Record<string, unknown>;
  analog_reference_error: Outcome;
  trim_kats?: ({ times: number[]; threshold: number } & Outcome)[];
}

function load(name: string): SyncExpect {
  return parsePythonJson(readFileSync(new URL(name, FIXTURES), 'utf8')) as unknown as SyncExpect;
}

/** The SdkError code standing in for each Python exception the reference raises. */
const ERROR_CODES: Record<string, string[]> = {
  KeyError: ['E_NOT_FOUND'],
  ValueError: ['E_NOT_FOUND', 'E_VALIDATION'],
  IndexError: ['E_VALIDATION'],
};

function expectOutcome(run: () => unknown, want: Outcome, where: string): void {
  if (want.error) {
    let thrown: unknown;
    try {
      run();
    } catch (e) {
      thrown = e;
    }
    expect(isSdkError(thrown), `${where}: expected ${want.error}`).toBe(true);
    expect(ERROR_CODES[want.error], where).toContain((thrown as SdkError).code);
    return;
  }
  const got = run();
  if (want.result === null) {
    expect(got, where).toBeNull();
    return;
  }
  expect(Array.from(got as ArrayLike<number>), where).toEqual(want.result);
}

function closeRel(a: number, b: number, rel: number): boolean {
  if (Object.is(a, b) || a === b) return true;
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
}

function checkDataset(sync: SyncDataset, want: SyncExpect, full: boolean): void {
  expect(sync.sampleFreq).toBe(want.sample_freq);
  expect(sync.lineLabels).toEqual(want.line_labels);
  expect(sync.getAllBits().length).toBe(want.n_samples);
  expect(Array.from(sync.getAllTimes('samples'))).toEqual(want.all_times_samples);
  expect(Array.from(sync.getAllTimes('seconds'))).toEqual(want.all_times_seconds);
  expectOutcome(() => sync.getAllTimes('minutes'), want.all_times_bad_units, 'bad units');
  expect(Array.from(sync.getAllBits())).toEqual(want.all_bits);
  for (const [bitText, e] of Object.entries(want.bits)) {
    const bit = Number(bitText);
    const w = `bit ${bit}`;
    expect(Array.from(sync.getRisingEdges(bit)), w).toEqual(e.rising);
    expect(Array.from(sync.getFallingEdges(bit)), w).toEqual(e.falling);
    expect(Array.from(sync.getRisingEdges(bit, 'seconds')), w).toEqual(e.rising_seconds);
    expect(Array.from(sync.getFallingEdges(bit, 'sec')), w).toEqual(e.falling_seconds);
    expect(Array.from(sync.getEventsByBit(bit)), w).toEqual(e.events);
    expect(Array.from(sync.getEventsByBit(bit, 'secs')), w).toEqual(e.events_seconds);
    if (full) {
      expect(Array.from(sync.getBit(bit)), w).toEqual(e.bit);
      expect(Array.from(sync.getBitChanges(bit)), w).toEqual(e.changes);
    }
  }
  for (const [label, e] of Object.entries(want.lines)) {
    if (e.line) expect(Array.from(sync.getLine(label)), label).toEqual(e.line);
    if (e.changes) expect(Array.from(sync.getLineChanges(label)), label).toEqual(e.changes);
    expect(Array.from(sync.getRisingEdges(label)), label).toEqual(e.rising);
    expect(Array.from(sync.getFallingEdges(label, 'seconds')), label).toEqual(e.falling_seconds);
    expect(Array.from(sync.getEventsByLine(label)), label).toEqual(e.events_by_line);
    const period = e.period as Outcome;
    if (period.error) {
      expectOutcome(() => sync.period(label), period, `${label} period`);
    } else {
      const p = sync.period(label);
      const r = period.result as { avg: number; max: number; min: number; sd: number };
      expect(
        closeRel(p.avg, r.avg, 1e-12) &&
          closeRel(p.max, r.max, 1e-12) &&
          closeRel(p.min, r.min, 1e-12),
        label,
      ).toBe(true);
      expect(p.sd).toBe(r.sd);
      const f = (e.frequency as Outcome).result as number;
      expect(closeRel(sync.frequency(label), f, 1e-12), `${label} frequency`).toBe(true);
    }
    const pf = e.period_falling as Outcome;
    if (pf.error) expectOutcome(() => sync.period(label, 'falling'), pf, `${label} period falling`);
    else
      expect(
        closeRel(sync.period(label, 'falling').avg, (pf.result as { avg: number }).avg, 1e-12),
      ).toBe(true);
    const stats = e.line_stats as Outcome;
    if (stats.error) {
      expectOutcome(() => sync.lineStats(label), stats, `${label} line_stats`);
    } else if (stats.result === null) {
      expect(sync.lineStats(label)).toBeNull();
    } else {
      const got = sync.lineStats(label) as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(stats.result as Record<string, unknown>)) {
        if (typeof v === 'number' && !Number.isInteger(v))
          expect(closeRel(got[k] as number, v, 1e-12), `${label}.${k}`).toBe(true);
        else expect(got[k], `${label}.${k}`).toEqual(v);
      }
    }
  }
  expectOutcome(() => sync.getRisingEdges('no_such_line'), want.unknown_line, 'unknown line');
  for (const c of want.get_edges) {
    const keys = want.key_sets[c.keys] as string | string[];
    expectOutcome(
      () => sync.getEdges(c.kind, keys, { units: c.units, permissive: c.permissive }),
      c,
      `getEdges(${c.kind}, ${c.keys}, ${c.units}, ${c.permissive})`,
    );
  }
  expect(want.get_nearest.length).toBeGreaterThan(10);
  for (const c of want.get_nearest) {
    expectOutcome(
      () =>
        sync.getNearest(c.source, c.target, {
          sourceEdge: c.source_edge,
          targetEdge: c.target_edge,
          direction: c.direction,
          units: c.units,
        }),
      c,
      `getNearest(${c.source}, ${c.target}, ${c.source_edge}, ${c.target_edge}, ${c.direction}, ${c.units})`,
    );
  }
}

async function checkFrameTimes(source: string, want: SyncExpect): Promise<void> {
  for (const c of want.synchronized_frame_times) {
    const keys = want.key_sets[c.keys] as string[];
    const options = {
      trimAfterSpike: c.trim_after_spike,
      ...(c.drop_frames ? { dropFrames: c.drop_frames } : {}),
    };
    const where = `getSynchronizedFrameTimes(${c.keys}, ${JSON.stringify(c.drop_frames)}, ${c.trim_after_spike})`;
    if (c.error) {
      await expect(getSynchronizedFrameTimes(source, keys, options), where).rejects.toSatisfy(
        (e: unknown) =>
          isSdkError(e) && (ERROR_CODES[c.error as string] ?? []).includes((e as SdkError).code),
      );
    } else {
      expect(Array.from(await getSynchronizedFrameTimes(source, keys, options)), where).toEqual(
        c.result,
      );
    }
  }
}

describe('SyncDataset on a synthetic Allen-layout sync file (counter_bits 32)', () => {
  const path = fileURLToPath(new URL('sync_synthetic.h5', FIXTURES));
  const want = load('sync_synthetic.json');

  it('matches allensdk for every public method', async () => {
    using sync = await SyncDataset.open(path);
    expect(sync.metaData).toMatchObject({
      ni_daq: { counter_bits: 32 },
      version: { dataset: 1.04 },
    });
    checkDataset(sync, want, true);
    // A line high at the first sample has no rising edge there.
    expect(sync.getLine('cam2_exposure')[0]).toBe(1);
    expect(sync.getBitChanges(4)[0]).toBe(0);
  });

  it('getSynchronizedFrameTimes matches sync_utilities', async () => {
    await checkFrameTimes(path, want);
  });

  it('trimDiscontiguousTimes matches the reference known answers', () => {
    expect(want.trim_kats?.length).toBeGreaterThan(5);
    for (const c of want.trim_kats ?? []) {
      expectOutcome(
        () => trimDiscontiguousTimes(c.times, c.threshold),
        c,
        `trim ${JSON.stringify(c.times)}`,
      );
    }
  });

  it('reads analog channels (the reference fails on h5py 3; values from the same hyperslab in h5py)', async () => {
    expect(want.analog_reference_error.error).toBe('AttributeError');
    using sync = await SyncDataset.open(readFileSync(path));
    expect(sync.getAnalogMeta()).toEqual(want.analog_meta);
    for (const c of want.analog) {
      const values = sync.getAnalogChannel(c.channel, {
        startTime: c.start_time,
        ...(c.stop_time !== null ? { stopTime: c.stop_time } : {}),
        downsample: c.downsample,
      });
      // float32 in the file, widened to float64 on both sides: exact.
      expect(Array.from(values), JSON.stringify(c)).toEqual(c.values);
    }
  });

  it('has the 2.16.2 key tuples and an empty deprecated set', () => {
    expect(SyncDataset.FRAME_KEYS).toEqual(want.key_sets.FRAME_KEYS);
    expect(SyncDataset.PHOTODIODE_KEYS).toEqual(want.key_sets.PHOTODIODE_KEYS);
    expect(SyncDataset.OPTOGENETIC_STIMULATION_KEYS).toEqual(
      want.key_sets.OPTOGENETIC_STIMULATION_KEYS,
    );
    expect(SyncDataset.EYE_TRACKING_KEYS).toEqual(want.key_sets.EYE_TRACKING_KEYS);
    expect(SyncDataset.BEHAVIOR_TRACKING_KEYS).toEqual(want.key_sets.BEHAVIOR_TRACKING_KEYS);
    expect(SyncDataset.DEPRECATED_KEYS.size).toBe(0);
  });
});

describe('SyncDataset with counter rollover (counter_bits 24)', () => {
  const path = fileURLToPath(new URL('sync_rollover.h5', FIXTURES));
  const want = load('sync_rollover.json');

  it('matches allensdk (rollover-corrected times, 1-D instead of (k, 1))', async () => {
    using sync = await SyncDataset.open(path);
    expect(Math.max(...sync.getAllTimes())).toBeGreaterThan(2 ** 33);
    checkDataset(sync, want, true);
  });
});

describe('SyncDataset on the Allen SDK test sync file', () => {
  it.skipIf(!existsSync(SHARED_SYNC))(
    'matches allensdk on ../shared/data/allensdk/sync/sync.h5',
    async () => {
      const want = load('sync_shared.json');
      using sync = await SyncDataset.open(SHARED_SYNC);
      checkDataset(sync, want, true);
      await checkFrameTimes(SHARED_SYNC, want);
    },
  );
});

describe('SyncDataset errors', () => {
  it('throws E_FORMAT when meta has no line_labels, and E_NOT_FOUND for a missing file', async () => {
    const { openH5 } = await import('../src/h5/file.js');
    const f = await openH5(null, { mode: 'w' });
    f.createDataset('data', { data: Uint32Array.from([0, 1, 5, 0]), shape: [2, 2] });
    f.createDataset('meta', {
      data: "{'ni_daq': {'counter_bits': 32, 'counter_output_freq': 1000.0}}",
    });
    const bytes = f.toBytes();
    f.close();
    await expect(SyncDataset.open(bytes)).rejects.toMatchObject({ code: 'E_FORMAT' });
    await expect(SyncDataset.open('/no/such/sync.h5')).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    });
  });

  it('never evaluates the metadata', async () => {
    const { openH5 } = await import('../src/h5/file.js');
    const f = await openH5(null, { mode: 'w' });
    f.createDataset('data', { data: Uint32Array.from([0, 1]), shape: [1, 2] });
    f.createDataset('meta', { data: "__import__('os').system('echo hacked')" });
    const bytes = f.toBytes();
    f.close();
    await expect(SyncDataset.open(bytes)).rejects.toSatisfy((e: unknown) => isSdkError(e));
  });
});

// Issue #7's bad input: a sweep number that does not exist and a trace with non-monotonic time are
// each an SdkError naming the value (the sweep number; the index and value of the bad sample).
import { isSdkError } from '@sdk/core';
import { describe, expect, it } from 'vitest';
import {
  assertIncreasingTime,
  EphysSweepFeatureExtractor,
  FeatureError,
  NwbDataSet,
} from '../src/index.js';

const SWEEPS = new URL('./fixtures/sweeps/', import.meta.url);

function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('a sweep number that does not exist', () => {
  for (const [file, present] of [
    ['cell_nwb1.nwb', 2],
    ['icephys_nwb2.nwb', 0],
  ] as const) {
    it(`${file}: getSweep(999) is E_NOT_FOUND naming 999 and the file`, async () => {
      const ds = await NwbDataSet.open(new URL(file, SWEEPS).pathname);
      try {
        expect(ds.getSweep(present).response.length).toBeGreaterThan(0);
        const e = caught(() => ds.getSweep(999));
        expect(isSdkError(e)).toBe(true);
        expect(e).toMatchObject({ code: 'E_NOT_FOUND' });
        expect((e as Error).message).toMatch(/\b999\b/);
        expect((e as Error).message).toContain(file);
      } finally {
        ds.close();
      }
    });
  }
});

describe('a trace with non-monotonic time', () => {
  const n = 2000;
  const dt = 2e-5;
  const base = () => Float64Array.from({ length: n }, (_, k) => k * dt);
  const v = new Float64Array(n).fill(-70);

  it('the sweep extractor rejects t going back, naming the sample', () => {
    const t = base();
    t[500] = t[400] as number;
    const e = caught(() => new EphysSweepFeatureExtractor({ t, v }));
    expect(e).toBeInstanceOf(FeatureError);
    expect(e).toMatchObject({ code: 'E_VALIDATION', path: 't[500]' });
    expect((e as Error).message).toContain(`t[500] = ${t[400]} after t[499] = ${t[499]}`);
  });

  it('repeated and non-finite times are rejected too', () => {
    const t = base();
    t[7] = t[6] as number;
    expect(() => new EphysSweepFeatureExtractor({ t, v, filter: null })).toThrow(
      /not strictly increasing: t\[7\]/,
    );
    const u = base();
    u[3] = Number.NaN;
    expect(() => assertIncreasingTime(u, { file: 'x.txt' })).toThrow(
      /t\[3\] = NaN is not a finite number \(x\.txt: t\[3\]\)/,
    );
  });

  it('an increasing t is accepted (unevenly spaced too)', () => {
    const t = base();
    t[10] = (t[10] as number) + 1e-7;
    expect(() => assertIncreasingTime(t)).not.toThrow();
    const ext = new EphysSweepFeatureExtractor({ t: base(), v });
    ext.processSpikes();
    expect(ext.spikes()).toEqual([]);
  });
});

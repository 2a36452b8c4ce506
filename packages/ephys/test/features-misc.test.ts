// Direct cases of the small ephys_features functions, fits, pauses/bursts on arrays, detection
// parameter estimation and stimulus characteristics, against allensdk 2.16.2 (misc.json).
// Values 1e-9 relative; membrane time-constant fits 1e-6 relative (curve_fit stopping tolerances).
import { isSdkError } from '@sdk/core';
import { describe, expect, it } from 'vitest';
import {
  adaptationIndex,
  averageRate,
  averageVoltage,
  detectBursts,
  detectPauses,
  estimateAdjustedDetectionParameters,
  findTimeIndex,
  fitMembraneTimeConstant,
  getIsis,
  getRampStimCharacteristics,
  getSquareStimCharacteristics,
  getStimCharacteristics,
  latency,
  normDiff,
  normSqDiff,
} from '../src/index.js';
import { close, fixture, type Json, syntheticSweep, timeVector } from './features-support.js';

const REL = 1e-9;
const FIT_REL = 1e-6;
const HZ = 50000;
const doc = fixture('misc.json');

function outcome<T>(fn: () => T): Json {
  try {
    return { value: fn() };
  } catch (e) {
    if (isSdkError(e)) return { error: e.name };
    throw e;
  }
}

describe('norm_diff, norm_sq_diff, adaptation_index', () => {
  it('match allensdk', () => {
    for (const c of doc.norm) {
      if (c.norm_diff !== null) close(normDiff(c.a), c.norm_diff, REL, `normDiff(${c.a})`);
      close(normSqDiff(c.a), c.norm_sq_diff, REL, `normSqDiff(${c.a})`);
      close(adaptationIndex(c.a), c.adaptation_index, REL, `adaptationIndex(${c.a})`);
    }
    // spec KAT: positive when intervals lengthen
    expect(normDiff([1, 2, 4])).toBeCloseTo(1 / 3, 15);
  });
});

describe('timing helpers', () => {
  it('match allensdk', () => {
    const c = doc.timing;
    const t = Float64Array.from({ length: c.n }, (_, k) => k * c.dt);
    close(getIsis(t, c.spikes), c.isis, REL);
    expect(getIsis(t, c.spikes.slice(0, 1))).toEqual([]);
    close(latency(t, c.spikes, 0.0005), c.latency, REL);
    close(latency(t, c.spikes, null), c.latency_none, REL);
    close(latency(t, [], 0), c.latency_empty, REL);
    close(averageRate(t, c.spikes, 0.001, 0.07), c.average_rate, REL);
    close(averageRate(t, c.spikes, null, null), c.average_rate_none, REL);
    expect([0, 0.00005, 0.0123, 0.0999].map((x) => findTimeIndex(t, x))).toEqual(c.find_time_index);
    expect(() => findTimeIndex(t, 5)).toThrow(/Could not find given time/);
    const v = doc.average_voltage.v;
    for (const [s, e, want] of doc.average_voltage.cases)
      close(averageVoltage(v, t, s, e), want, REL);
  });
});

describe('fitMembraneTimeConstant', () => {
  it('matches allensdk curve_fit results', () => {
    for (const c of doc.fit_membrane_time_constant) {
      const t = Float64Array.from({ length: c.n }, (_, k) => k / HZ);
      const v = c.noise_q64
        ? t.map((x, k) => -70 - 5 * (1 - Math.exp(-x / 0.02)) + (c.noise_q64[k] as number) / 64)
        : t.map((x) => c.y0 + c.a * Math.exp(-x / c.tau));
      const got = outcome(() => fitMembraneTimeConstant(v, t, 0, t[t.length - 1] as number));
      expect(got.error, JSON.stringify(c.result)).toBe(c.result.error);
      if (c.result.value) close(got.value, c.result.value, FIT_REL, `fit a=${c.a}`);
    }
  });

  it('recovers the spec KAT (5, 50, −75)', () => {
    const t = Float64Array.from({ length: 5000 }, (_, k) => k / HZ);
    const v = t.map((x) => -70 - 5 * (1 - Math.exp(-x / 0.02)));
    const [a, invTau, y0] = fitMembraneTimeConstant(v, t, 0, 0.0999);
    expect(a).toBeCloseTo(5, 6);
    expect(invTau).toBeCloseTo(50, 5);
    expect(y0).toBeCloseTo(-75, 6);
  });
});

describe('detectPauses / detectBursts on arrays', () => {
  it('match allensdk (bursts with the list fix; see the generator)', () => {
    let withBursts = 0;
    let unpatchedCrashes = 0;
    for (const [k, c] of doc.pauses_bursts.entries()) {
      close(
        outcome(() => detectPauses(c.isis, c.isi_types)).value,
        c.pauses.value,
        0,
        `pauses[${k}]`,
      );
      close(
        outcome(() => detectPauses(c.isis, c.isi_types, 2)).value,
        c.pauses_w2.value,
        0,
        `pauses_w2[${k}]`,
      );
      const got = outcome(() =>
        detectBursts(
          c.isis,
          c.isi_types,
          c.fast_tr_v,
          c.fast_tr_t,
          c.slow_tr_v,
          c.slow_tr_t,
          c.thr_v,
        ),
      );
      if (c.bursts.error) expect(got.error, `bursts[${k}]`).toBe('FeatureError');
      else close(got.value, c.bursts.value, REL, `bursts[${k}]`);
      if (c.bursts.value?.length) withBursts++;
      if (c.bursts_unpatched_error) unpatchedCrashes++;
    }
    expect(withBursts).toBeGreaterThan(3);
    expect(unpatchedCrashes).toBeGreaterThan(3);
  });
});

describe('estimateAdjustedDetectionParameters', () => {
  it('matches allensdk on the short squares', () => {
    const c = doc.estimate_adjusted;
    const sweeps = (c.sweeps as string[]).map((n) => syntheticSweep(n));
    const got = estimateAdjustedDetectionParameters(
      sweeps.map((s) => s.v),
      sweeps.map((s) => s.t),
      c.interval[0],
      c.interval[1],
    );
    close(got, c.result, REL);
  });
});

describe('stimulus characteristics', () => {
  it('match allensdk', () => {
    for (const c of doc.stim_characteristics) {
      if (c.sweep === 'flat') {
        const z = new Float64Array(100);
        expect(getStimCharacteristics(z, timeVector(100, 1000))).toEqual(c.stim.value);
        continue;
      }
      const s = syntheticSweep(c.sweep);
      const i = s.i as Float64Array;
      const t = timeVector(i.length, HZ);
      const pairs: [string, () => unknown][] = [
        ['stim', () => getStimCharacteristics(i, t)],
        ['stim_no_tp', () => getStimCharacteristics(i, t, { noTestPulse: true })],
        ['square', () => getSquareStimCharacteristics(i, t)],
        ['ramp', () => getRampStimCharacteristics(i, t)],
      ];
      for (const [key, fn] of pairs) {
        const got = outcome(fn);
        if (c[key].error) expect(got.error, `${c.sweep}.${key}`).toBe('FeatureError');
        else close(got.value, c[key].value, REL, `${c.sweep}.${key}`);
      }
    }
  });
});

// EphysSweepFeatureExtractor against allensdk 2.16.2 on the same cases as features-functions:
// spike table (columns, order, NaN/'nan' cells), sweep features, on-request features and
// pause/burst/delay metrics. Tolerances: indexes exact; values 1e-9 relative; outputs of curve
// fits (tau, delay metrics) 1e-6 relative, because MINPACK's stopping tests (ftol/xtol 1.49e-8)
// make last-bit differences in exp() and summation order visible at ~1e-9…1e-7.
import { isSdkError, toRecords } from '@sdk/core';
import { Type } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { EphysSweepFeatureExtractor, type SweepFeatureValue } from '../src/index.js';
import { caseTrace, close, fixture, HAS_TRACES, type Json } from './features-support.js';

const REL = 1e-9;
const FIT_REL = 1e-6;

function extractorFor(c: Json): EphysSweepFeatureExtractor {
  const { t, v, i } = caseTrace(c.source);
  const p = c.params;
  return new EphysSweepFeatureExtractor({
    t,
    v,
    i,
    start: p.start,
    end: p.end,
    filter: p.filter === undefined ? 10 : p.filter,
    dvCutoff: p.dv_cutoff,
    maxInterval: p.max_interval,
    minHeight: p.min_height,
    minPeak: p.min_peak,
    threshFrac: p.thresh_frac,
  });
}

function outcome(fn: () => SweepFeatureValue | readonly number[]): Json {
  try {
    return { value: fn() };
  } catch (e) {
    if (isSdkError(e)) return { error: e.name };
    throw e;
  }
}

function compareOutcome(actual: Json, expected: Json, rel: number, path: string): void {
  if ('error' in expected) {
    expect(
      actual.error,
      `${path} should fail like allensdk (${expected.error}: ${expected.message})`,
    ).toBe(expected.error);
    return;
  }
  expect(actual.error, `${path} failed`).toBeUndefined();
  close(actual.value, expected.value, rel, path);
}

const cases: Json[] = fixture('functions.json').cases;

describe('EphysSweepFeatureExtractor.spikesTable (Arrow)', () => {
  for (const c of cases) {
    it.skipIf(Boolean(c.source.real) && !HAS_TRACES)(c.name, () => {
      const ext = extractorFor(c);
      ext.processSpikes();
      const exp = c.extractor;
      const table = ext.spikesTable();
      // pandas' column order; no spikes: an empty frame
      expect(table.schema.fields.map((f) => f.name)).toEqual(exp.spike_feature_keys);
      expect(table.numRows).toBe(exp.spikes.length);
      for (const f of table.schema.fields) {
        const want =
          f.name === 'clipped'
            ? Type.Bool
            : f.name === 'isi_type' && exp.spikes.some((s: Json) => typeof s.isi_type === 'string')
              ? Type.Utf8
              : Type.Float;
        expect(f.type.typeId, f.name).toBe(want);
      }
      // the same cells as the records accessor and as allensdk (Utf8 null = pandas NaN)
      const records = toRecords(table).map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, x]) => [k, x === null ? Number.NaN : x])),
      );
      exp.spikes.forEach((s: Json, r: number) => {
        close(records[r], s, REL, `spikesTable row ${r}`);
      });
      const spikes = ext.spikes();
      records.forEach((rec, r) => {
        expect(Object.keys(rec)).toEqual(Object.keys(spikes[r] ?? {}));
      });
    });
  }
});

describe('EphysSweepFeatureExtractor', () => {
  for (const c of cases) {
    it.skipIf(Boolean(c.source.real) && !HAS_TRACES)(c.name, () => {
      const ext = extractorFor(c);
      ext.processSpikes();
      const exp = c.extractor;
      expect(ext.spikeFeatureKeys()).toEqual(exp.spike_feature_keys);
      const spikes = ext.spikes();
      expect(spikes.length).toBe(exp.spikes.length);
      exp.spikes.forEach((s: Json, r: number) => {
        close(spikes[r], s, REL, `spikes[${r}]`);
      });
      close(
        Object.fromEntries(ext.sweepFeatureKeys().map((k) => [k, ext.sweepFeature(k)])),
        exp.sweep_features,
        REL,
      );
      expect(ext.affectedByClippingKeys()).toEqual(exp.affected_by_clipping);
      if (exp.spike_feature_unclipped) {
        for (const [k, values] of Object.entries(exp.spike_feature_unclipped)) {
          close(ext.spikeFeature(k), values, REL, `spikeFeature(${k})`);
        }
      }
      for (const [key, e] of Object.entries(exp.on_request as Record<string, Json>)) {
        const rel = key === 'tau' ? FIT_REL : REL;
        compareOutcome(
          outcome(() => ext.sweepFeature(key)),
          e,
          rel,
          key,
        );
      }
      if (exp.pause_metrics)
        compareOutcome(
          outcome(() => ext.pauseMetrics()),
          exp.pause_metrics,
          REL,
          'pause_metrics',
        );
      if (exp.burst_metrics)
        compareOutcome(
          outcome(() => ext.burstMetrics()),
          exp.burst_metrics,
          REL,
          'burst_metrics',
        );
      if (exp.delay_metrics) {
        const got = outcome(() => ext.delayMetrics());
        const e = exp.delay_metrics;
        if (e.error) compareOutcome(got, e, FIT_REL, 'delay');
        else {
          // fit_prespike_time_constant starts curve_fit from two equal time constants, so the
          // reference itself moves when v is nudged by one ulp (nudged_tau): compare within 10×
          // that spread (at least 1e-6); where the spread is > 1e-3 the fit lands on different
          // optima and only the latency (ratio × tau) and a positive tau are comparable
          const tau = e.value[1] as number;
          const spread = Math.max(
            ...(e.nudged_tau as number[]).map((x) => Math.abs(x - tau) / Math.abs(tau)),
          );
          const [ratio, gotTau] = got.value as [number, number];
          close(ratio * gotTau, e.value[0] * tau, REL, 'latency');
          if (spread <= 1e-3) close(got.value, e.value, Math.max(FIT_REL, 10 * spread), 'delay');
          else expect(gotTau).toBeGreaterThan(0);
        }
      }
      // asDict: the sweep features computed so far plus the spikes
      const d = ext.asDict();
      expect(Object.keys(d)).toEqual([...ext.sweepFeatureKeys(), 'spikes']);
    });
  }

  it('reports unknown features and unprocessed sweeps', () => {
    const c = cases.find((x) => x.name === 'ls_150');
    const ext = extractorFor(c);
    expect(() => ext.spikes()).toThrow(/have spikes been processed/);
    ext.processSpikes();
    expect(() => ext.spikeFeature('nonexistent_key')).toThrow(/not available/);
    expect(() => ext.sweepFeature('nonexistent_key')).toThrow(/not available/);
    expect(ext.sweepFeature('nonexistent_key', { allowMissing: true })).toBeNaN();
    ext.processNewSweepFeature('n_spikes', (s) => s.spikes().length);
    expect(ext.sweepFeature('n_spikes')).toBe(1);
    expect(() => ext.processNewSweepFeature('n_spikes', () => 0)).toThrow(/already exists/);
    ext.processNewSpikeFeature(
      'double_peak',
      (s) => s.spikeFeature('peak_v').map((x) => 2 * Number(x)),
      {
        affectedByClipping: true,
      },
    );
    expect(ext.spikeFeature('double_peak')).toEqual(
      ext.spikeFeature('peak_v').map((x) => 2 * Number(x)),
    );
    expect(ext.isSpikeFeatureAffectedByClipping('double_peak')).toBe(true);
  });
});

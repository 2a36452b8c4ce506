// Every ephys_features step of the extractor pipeline against allensdk 2.16.2 (fixtures from
// tooling/oracle/generators/ephys_features.py): indexes exact; values 1e-9 relative (the same
// float64 steps, filtered by @sdk/signal's scipy-equivalent Bessel/filtfilt).
import { describe, expect, it } from 'vitest';
import {
  analyzeTroughDetails,
  calculateDvdt,
  checkThresholdsAndPeaks,
  detectPutativeSpikes,
  filterPutativeSpikes,
  findDownstrokeIndexes,
  findPeakIndexes,
  findTroughIndexes,
  findUpstrokeIndexes,
  findWidths,
  hasFixedDt,
  refineThresholdIndexes,
} from '../src/index.js';
import { caseTrace, close, fixture, HAS_TRACES, type Json } from './features-support.js';

const REL = 1e-9;

const cases: Json[] = fixture('functions.json').cases;

describe('ephys_features pipeline steps', () => {
  for (const c of cases) {
    const needsShared = Boolean(c.source.real);
    it.skipIf(needsShared && !HAS_TRACES)(c.name, () => {
      const { t, v } = caseTrace(c.source);
      const p = c.params;
      const filter = p.filter === undefined ? 10 : p.filter;
      const exp = c.pipeline;
      const dvdt = calculateDvdt(v, t, filter);
      expect(dvdt.length).toBe(exp.dvdt.n);
      const sampled = Array.from(
        { length: exp.dvdt.values.length },
        (_, k) => dvdt[k * exp.dvdt.stride],
      );
      // filtering a flat stretch leaves ~1e-12 V/s of rounding either way: compare with an absolute floor
      close(sampled, exp.dvdt.values, REL, 'dvdt', 1e-9);
      expect(hasFixedDt(t)).toBe(exp.has_fixed_dt);

      const putative = detectPutativeSpikes(v, t, {
        start: p.start,
        end: p.end,
        filter,
        dvCutoff: p.dv_cutoff,
      });
      expect(putative).toEqual(exp.putative);
      const peaks = findPeakIndexes(v, t, putative, { end: p.end });
      expect(peaks).toEqual(exp.peaks);
      const f = filterPutativeSpikes(v, t, putative, peaks, {
        minHeight: p.min_height,
        minPeak: p.min_peak,
        dvdt,
        filter,
      });
      expect(f.spikeIndexes).toEqual(exp.filtered.spikes);
      expect(f.peakIndexes).toEqual(exp.filtered.peaks);
      if (f.spikeIndexes.length === 0) {
        expect(exp.upstrokes).toBeUndefined();
        return;
      }
      const up = findUpstrokeIndexes(v, t, f.spikeIndexes, f.peakIndexes, { dvdt });
      expect(up).toEqual(exp.upstrokes);
      const thr = refineThresholdIndexes(v, t, up, { threshFrac: p.thresh_frac, dvdt });
      expect(thr).toEqual(exp.thresholds);
      const ch = checkThresholdsAndPeaks(v, t, thr, f.peakIndexes, up, {
        end: p.end,
        maxInterval: p.max_interval,
        dvdt,
      });
      expect(ch.spikeIndexes).toEqual(exp.checked.spikes);
      expect(ch.peakIndexes).toEqual(exp.checked.peaks);
      expect(ch.upstrokeIndexes).toEqual(exp.checked.upstrokes);
      expect(ch.clipped).toEqual(exp.checked.clipped);
      if (ch.spikeIndexes.length === 0) return;
      expect(findUpstrokeIndexes(v, t, ch.spikeIndexes, ch.peakIndexes, { dvdt })).toEqual(
        exp.upstrokes2,
      );
      const troughs = findTroughIndexes(v, t, ch.spikeIndexes, ch.peakIndexes, {
        clipped: ch.clipped,
        end: p.end,
      });
      close(troughs, exp.troughs, 0, 'troughs');
      const down = findDownstrokeIndexes(v, t, ch.peakIndexes, troughs, {
        clipped: ch.clipped,
        dvdt,
      });
      close(down, exp.downstrokes, 0, 'downstrokes');
      const d = analyzeTroughDetails(v, t, ch.spikeIndexes, ch.peakIndexes, {
        clipped: ch.clipped,
        end: p.end,
        filter,
        dvdt,
      });
      close(d.isiTypes, exp.trough_details.isi_types, 0, 'isi_types');
      close(d.fastTroughIndexes, exp.trough_details.fast_trough, 0, 'fast_trough');
      close(d.adpIndexes, exp.trough_details.adp, 0, 'adp');
      close(d.slowTroughIndexes, exp.trough_details.slow_trough, 0, 'slow_trough');
      expect(d.clipped).toEqual(exp.trough_details.clipped);
      const widths = findWidths(v, t, ch.spikeIndexes, ch.peakIndexes, d.fastTroughIndexes, {
        clipped: d.clipped,
      });
      close(widths, exp.widths, REL, 'widths');
    });
  }

  it('covers the branches the cases were built for', () => {
    const byName = new Map(cases.map((c) => [c.name, c.pipeline]));
    const slow = byName.get('slow_peak');
    // a doublet merged by filterPutativeSpikes
    expect(slow.putative.length).toBeGreaterThan(slow.filtered.spikes.length);
    // a threshold > 5 ms before its peak re-found, and a late peak moved back
    expect(slow.checked.spikes[0]).not.toBe(slow.thresholds[0]);
    expect(slow.checked.peaks[1]).not.toBe(slow.filtered.peaks[1]);
    // a slow event dropped by checkThresholdsAndPeaks
    const maxint = byName.get('slow_peak_maxint');
    expect(maxint.checked.spikes.length).toBeLessThan(maxint.thresholds.length);
    expect(byName.get('ls_200_clipped').checked.clipped.at(-1)).toBe(true);
    expect(byName.get('ls_-70').filtered.spikes).toEqual([]);
    expect(byName.get('pair_var_dt').has_fixed_dt).toBe(false);
    expect(byName.get('pair_nofilter').dvdt.n).toBeGreaterThan(0);
  });
});

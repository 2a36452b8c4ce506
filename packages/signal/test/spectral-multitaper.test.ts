// multitaperSpectrogram against a numpy/scipy 1.10 transcription of the Prerau lab's
// multitaper_spectrogram_python (tooling/oracle/generators/signal_spectral_multitaper.py).
// Tolerance 1e-9 relative to the largest power: the DPSS tapers come from a different eigensolver.
import { describe, expect, it } from 'vitest';
import { multitaperSpectrogram, nanpow2db } from '../src/spectral/multitaper.js';
import { expectClose, f64, loadFixture } from './spectral-fixtures.js';

const fx = loadFixture('spectral_multitaper.json');
const signals: Record<string, Float64Array> = { chirp: f64(fx.chirp), gapped: f64(fx.gapped) };

describe('multitaperSpectrogram', () => {
  for (const c of fx.cases) {
    it(`matches the reference: ${c.name}`, () => {
      const x = (signals[c.x] as Float64Array).slice(0, c.n);
      const kw = c.kw;
      const r = multitaperSpectrogram(x, fx.fs, {
        frequencyRange: kw.frequency_range,
        timeBandwidth: kw.time_bandwidth,
        numTapers: kw.num_tapers,
        windowParams: kw.window_params,
        minNfft: kw.min_nfft,
        detrend: kw.detrend_opt,
        weighting: kw.weighting,
      });
      expect(r.spectrogram.shape).toEqual(c.shape);
      expectClose(r.times, f64(c.t), 1e-15, { elementwise: true, atol: 1e-300, label: 'times' });
      expectClose(r.freqs, f64(c.f), 1e-15, { elementwise: true, atol: 1e-300, label: 'freqs' });
      expectClose(r.spectrogram.data, f64(c.S), 1e-9, { label: `${c.name} PSD` });
    });
  }
  it('rejects data shorter than the window and maps zero power to NaN dB', () => {
    expect(() => multitaperSpectrogram(new Float64Array(10), 30, { windowParams: [1, 1] })).toThrow(
      /shorter than window/,
    );
    expect([...nanpow2db([0, 1, 100])]).toEqual([Number.NaN, 0, 20]);
  });
});

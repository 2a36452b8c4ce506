// hilbert, detrend, welch, window functions and dpss against scipy.signal 1.10.1 / numpy 1.23.5.
import { describe, expect, it } from 'vitest';
import { detrend } from '../src/spectral/detrend.js';
import { dpss } from '../src/spectral/dpss.js';
import { hilbert, instantaneousPhase } from '../src/spectral/hilbert.js';
import { welch } from '../src/spectral/welch.js';
import {
  bartlett,
  blackman,
  getWindow,
  hamming,
  hanning,
  scipyWindow,
} from '../src/spectral/windows.js';
import { c128, expectClose, expectComplexClose, f64, loadFixture } from './spectral-fixtures.js';

const fx = loadFixture('spectral_misc.json');
const xw = f64(fx.xw);

describe('hilbert (1e-12 of the largest magnitude)', () => {
  it('matches scipy.signal.hilbert for odd/even n and explicit N', () => {
    for (const c of fx.hilbert) {
      const x = f64(c.x);
      expectComplexClose(
        hilbert(x, c.N ?? undefined),
        c128(c.y),
        1e-12,
        `hilbert n=${x.length} N=${c.N}`,
      );
    }
  });
  it('KAT [1,0,−1,0] → [1, i, −1, −i] and its phase', () => {
    const z = hilbert([1, 0, -1, 0]);
    expectClose(z.re, [1, 0, -1, 0], 1e-15, { atol: 1 });
    expectClose(z.im, [0, 1, 0, -1], 1e-15, { atol: 1 });
    expectClose(instantaneousPhase(z), [0, Math.PI / 2, Math.PI, -Math.PI / 2], 1e-15, { atol: 1 });
    expect(() => hilbert([1, 2], 0)).toThrow(/N must be positive/);
  });
});

describe('detrend (1e-12 of max |x|)', () => {
  it('constant and linear', () => {
    for (const c of fx.detrend) {
      const x = f64(c.x);
      let scale = 0;
      for (const v of x) scale = Math.max(scale, Math.abs(v));
      expectClose(detrend(x, 'constant'), f64(c.constant), 1e-12, {
        atol: scale,
        label: `constant n=${x.length}`,
      });
      expectClose(detrend(x, 'linear'), f64(c.linear), 1e-12, {
        atol: scale,
        label: `linear n=${x.length}`,
      });
    }
  });
});

describe('welch (1e-12 of the largest density)', () => {
  it(`matches ${fx.welch.length} scipy.signal.welch calls (defaults, nperseg > n, nfft, detrend, scaling, median, windows)`, () => {
    for (const c of fx.welch) {
      const x = c.x === 'xw' ? xw : f64(c.x);
      const kw = c.kw;
      const r = welch(x, {
        fs: kw.fs,
        nperseg: kw.nperseg,
        noverlap: kw.noverlap,
        nfft: kw.nfft,
        detrend: kw.detrend,
        scaling: kw.scaling,
        returnOnesided: kw.return_onesided,
        average: kw.average,
        window: kw.window,
      });
      const label = `welch n=${x.length} ${JSON.stringify(kw)}`;
      expectClose(r.f, f64(c.f), 1e-15, { elementwise: true, atol: 1e-300, label: `${label} f` });
      expectClose(r.p, f64(c.p), 1e-12, { label: `${label} p` });
    }
  });
  it('spec KAT: 64-sample sinusoid at 0.1 cycles/sample, nperseg 16', () => {
    const x = Float64Array.from({ length: 64 }, (_, i) => Math.sin(2 * Math.PI * 0.1 * i));
    const { f, p } = welch(x, { nperseg: 16 });
    expect(f.length).toBe(9);
    expectClose(p.slice(0, 3), [0.53619646, 4.19679169, 4.33456266], 1e-8, { elementwise: true });
  });
  it('rejects inconsistent segment parameters like scipy', () => {
    expect(fx.welch_errors.noverlap_ge_nperseg.type).toBe('ValueError');
    expect(fx.welch_errors.nfft_lt_nperseg.type).toBe('ValueError');
    expect(() => welch(xw, { nperseg: 64, noverlap: 64 })).toThrow(
      /noverlap must be less than nperseg/,
    );
    expect(() => welch(xw, { nperseg: 64, nfft: 32 })).toThrow(
      /nfft must be greater than or equal/,
    );
    expect(() => welch([1, 2, 3], { window: [1, 1, 1, 1] })).toThrow(/window is longer than input/);
  });
});

describe('window functions (1e-15 absolute: windows peak at 1)', () => {
  it('numpy and scipy windows', () => {
    const opts = { atol: 1 };
    for (const c of fx.windows) {
      const M = c.M as number;
      expectClose(hanning(M), f64(c.np_hanning), 1e-15, { ...opts, label: `np.hanning(${M})` });
      expectClose(hamming(M), f64(c.np_hamming), 1e-15, { ...opts, label: `np.hamming(${M})` });
      expectClose(blackman(M), f64(c.np_blackman), 1e-15, { ...opts, label: `np.blackman(${M})` });
      expectClose(bartlett(M), f64(c.np_bartlett), 1e-15, { ...opts, label: `np.bartlett(${M})` });
      expectClose(scipyWindow('hann', M), f64(c.hann_sym), 1e-15, { ...opts, label: `hann(${M})` });
      expectClose(scipyWindow('boxcar', M), f64(c.boxcar), 0, { ...opts, label: `boxcar(${M})` });
      if (M > 0) {
        expectClose(getWindow('hann', M), f64(c.hann_periodic), 1e-15, {
          ...opts,
          label: `get_window hann ${M}`,
        });
        expectClose(getWindow('hamming', M), f64(c.hamming_periodic), 1e-15, {
          ...opts,
          label: `hamming ${M}`,
        });
        expectClose(getWindow('blackman', M), f64(c.blackman_periodic), 1e-15, {
          ...opts,
          label: `blackman ${M}`,
        });
        expectClose(getWindow('bartlett', M), f64(c.bartlett_periodic), 1e-15, {
          ...opts,
          label: `bartlett ${M}`,
        });
      }
    }
    expect(() => hanning(-1)).toThrow(/non-negative integer/);
  });
});

describe('dpss (tapers 1e-9 absolute on unit-norm vectors, ratios 1e-10)', () => {
  it('matches scipy.signal.windows.dpss with Kmax and return_ratios', () => {
    for (const c of fx.dpss.filter((d: { K: number | null }) => d.K !== null)) {
      const { windows, ratios } = dpss(c.M, c.NW, c.K);
      const want = f64(c.windows);
      expect(windows.length).toBe(c.K);
      windows.forEach((w, k) => {
        expectClose(w, want.subarray(k * c.M, (k + 1) * c.M), 1e-9, {
          atol: 1,
          label: `dpss(${c.M},${c.NW})[${k}]`,
        });
      });
      expectClose(ratios, f64(c.ratios), 1e-10, {
        elementwise: true,
        label: `ratios ${c.M},${c.NW}`,
      });
    }
  });
  it('single taper with approximate / subsample / 2 norms and sym=False', () => {
    for (const c of fx.dpss.filter((d: { K: number | null }) => d.K === null)) {
      const { windows } = dpss(c.M, c.NW, undefined, { norm: c.kw.norm, sym: c.kw.sym });
      expectClose(windows[0] as Float64Array, f64(c.windows), 1e-9, {
        atol: 1,
        label: `dpss ${JSON.stringify(c.kw)}`,
      });
    }
  });
  it('spec KAT and argument checks', () => {
    const { windows } = dpss(8, 2, 3);
    expectClose(
      (windows[0] as Float64Array).slice(0, 3),
      [0.04986699, 0.19047208, 0.39530206],
      1e-7,
      { elementwise: true },
    );
    expectClose(
      (windows[1] as Float64Array).slice(0, 3),
      [0.17263019, 0.41946338, 0.49384873],
      1e-7,
      { elementwise: true },
    );
    expect(() => dpss(8, 4, 2)).toThrow(/NW must be less than M\/2/);
    expect(() => dpss(8, 2, 9)).toThrow(/Kmax/);
  });
});

// numpy.fft parity (numpy 1.23.5 pocketfft). Tolerance: 1e-12 of the largest output magnitude (spec §4).
import { describe, expect, it } from 'vitest';
import { fft, fftfreq, ifft, irfft, rfft, rfftfreq } from '../src/spectral/fft.js';
import {
  c128,
  expectClose,
  expectComplexClose,
  f64,
  lcg,
  loadFixture,
} from './spectral-fixtures.js';

const fx = loadFixture('spectral_fft.json');
const TOL = 1e-12;

describe('fft family against numpy.fft', () => {
  it('fft/rfft/irfft for every n = 1…64, ifft and the frequency grids for a subset', () => {
    expect(fx.cases.length).toBe(64);
    let checkedIfft = 0;
    for (const c of fx.cases) {
      const x = c128(c.x);
      expectComplexClose(fft(x), c128(c.fft), TOL, `fft n=${c.n}`);
      expectComplexClose(rfft(f64(c.xr)), c128(c.rfft), TOL, `rfft n=${c.n}`);
      expectClose(irfft(c128(c.spec), c.n), f64(c.irfft), TOL, { label: `irfft n=${c.n}` });
      if (c.ifft) {
        checkedIfft++;
        expectComplexClose(ifft(x), c128(c.ifft), TOL, `ifft n=${c.n}`);
        expectClose(fftfreq(c.n, 0.1), f64(c.fftfreq), 1e-15, {
          elementwise: true,
          label: 'fftfreq',
        });
        expectClose(rfftfreq(c.n, 0.1), f64(c.rfftfreq), 1e-15, {
          elementwise: true,
          label: 'rfftfreq',
        });
      }
    }
    expect(checkedIfft).toBeGreaterThan(20);
  });

  it('long transforms n = 1000, 1024, 1031 (radix-4 and Bluestein)', () => {
    for (const c of fx.long) {
      const x = { re: lcg(c.n, c.n), im: lcg(c.n, c.n + 1) };
      expectComplexClose(fft(x), c128(c.fft), TOL, `fft n=${c.n}`);
      expectComplexClose(rfft(x.re), c128(c.rfft), TOL, `rfft n=${c.n}`);
      // the inverse transform recovers the input
      const back = ifft(c128(c.fft));
      expectClose(back.re, x.re, 1e-12, { atol: 0.5, label: `ifft∘fft n=${c.n}` });
      expectClose(back.im, x.im, 1e-12, { atol: 0.5, label: `ifft∘fft n=${c.n}` });
    }
  });

  it('truncation and zero padding through n', () => {
    const p = fx.pad;
    const x = f64(p.x);
    expectComplexClose(fft(x, 16), c128(p.fft_n16), TOL, 'fft n16');
    expectComplexClose(fft(x, 7), c128(p.fft_n7), TOL, 'fft n7');
    expectComplexClose(rfft(x, 13), c128(p.rfft_n13), TOL, 'rfft n13');
    expectComplexClose(rfft(x, 4), c128(p.rfft_n4), TOL, 'rfft n4');
    expectClose(irfft(rfft(x)), f64(p.irfft_default), TOL, { label: 'irfft default n' });
    expectClose(irfft(rfft(x), 9), f64(p.irfft_n9), TOL, { label: 'irfft n9' });
    expectClose(irfft(rfft(x), 30), f64(p.irfft_n30), TOL, { label: 'irfft n30' });
  });

  it('rejects an invalid length', () => {
    expect(() => fft([], undefined)).toThrow(/Invalid number of FFT data points/);
    expect(() => fft([1, 2], 0)).toThrow(/Invalid number of FFT data points \(0\)/);
    expect(() => irfft({ re: new Float64Array(1), im: new Float64Array(1) })).toThrow(
      /Invalid number/,
    );
  });

  it('round-trips a 2^16 transform', () => {
    const x = lcg(1 << 16, 7);
    const back = irfft(rfft(x), x.length);
    expectClose(back, x, 1e-13, { label: 'irfft(rfft(x))' });
  });
});

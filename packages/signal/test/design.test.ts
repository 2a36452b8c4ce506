// Filter design against scipy.signal 1.10.1. Tolerance 1e-9 relative to the largest coefficient
// (spec §2: IIR tolerance), and the spec's hand-checked KATs.
import { describe, expect, it } from 'vitest';
import {
  bessel,
  butter,
  cheby1,
  firwin,
  type Sos,
  type TransferFunction,
} from '../src/filters/design.js';
import { lfilterZi, sosfiltZi } from '../src/filters/lfilter.js';
import { expectClose, f64, loadFixture } from './spectral-fixtures.js';

const fx = loadFixture('filters_design.json');
const TOL = 1e-9;

// biome-ignore lint/suspicious/noExplicitAny: fixture rows
function design(c: any, output: 'ba' | 'sos'): TransferFunction | Sos {
  const opts = { btype: c.btype, fs: c.fs, output };
  if (c.f === 'butter') return butter(c.N, c.Wn, opts);
  if (c.f === 'bessel') return bessel(c.N, c.Wn, { ...opts, norm: c.norm });
  return cheby1(c.N, c.rp, c.Wn, opts);
}

describe('IIR design (butter, bessel, cheby1) against scipy', () => {
  it(`matches ${fx.design.length} designs as ba and as sos (nearest pairing)`, () => {
    for (const c of fx.design) {
      const label = `${c.f}(${c.N}, ${JSON.stringify(c.Wn)}, ${c.btype}${c.norm ? `, ${c.norm}` : ''})`;
      const tf = design(c, 'ba') as TransferFunction;
      expectClose(tf.b, f64(c.ba.b), TOL, { label: `${label} b` });
      expectClose(tf.a, f64(c.ba.a), TOL, { label: `${label} a` });
      const sos = design(c, 'sos') as Sos;
      const want = f64(c.sos);
      expect(sos.shape, label).toEqual([want.length / 6, 6]);
      // per section, so a mis-paired section cannot hide behind a large gain elsewhere
      for (let s = 0; s < want.length; s += 6) {
        expectClose(sos.data.subarray(s, s + 6), want.subarray(s, s + 6), TOL, {
          label: `${label} sos[${s / 6}]`,
        });
      }
    }
  });

  it('reproduces the spec KATs for bessel(4, Wn) and the multimodal bandpass', () => {
    const k1 = bessel(4, 0.1);
    expectClose(
      k1.b,
      [3.88858936e-4, 1.555435744e-3, 2.333153616e-3, 1.555435744e-3, 3.88858936e-4],
      1e-8,
      {
        elementwise: true,
      },
    );
    expectClose(
      k1.a,
      [1, -3.065948821575, 3.573787452856, -1.874411564477, 0.372794676173],
      1e-11,
      { elementwise: true },
    );
    expect(bessel(4, 0.01).b[0]).toBeCloseTo(5.799123745463e-8, 19);
    expectClose(
      bessel(4, 0.01).a,
      [1, -3.902340203184, 5.711291703057, -3.715466405523, 0.90651583351],
      1e-11,
      {
        elementwise: true,
      },
    );
    expect(bessel(4, 0.4).b[0]).toBeCloseTo(0.039277641267, 12);
    expectClose(
      bessel(4, 0.4).a,
      [1, -0.700503055406, 0.427897756276, -0.112969694273, 0.014017253684],
      1e-10,
      {
        elementwise: true,
      },
    );
    const bp = butter(2, [0.1 / 15, 1.5 / 15], { btype: 'bandpass' });
    expectClose(bp.b, [0.01771892, 0, -0.03543785, 0, 0.01771892], 1e-6, { atol: 0.04 });
    expectClose(bp.a, [1, -3.57784624, 4.81858662, -2.90131523, 0.6606105], 1e-8, {
      elementwise: true,
    });
  });

  it('raises scipy-like errors for bad critical frequencies', () => {
    expect(() => butter(2, 0)).toThrow(/greater than 0/);
    expect(() => butter(2, 1.0)).toThrow(/0 < Wn < 1/);
    expect(() => butter(2, [0.4, 0.1], { btype: 'bandpass' })).toThrow(
      /Wn\[0\] must be less than Wn\[1\]/,
    );
    expect(() => butter(2, 0.3, { btype: 'bandpass' })).toThrow(/start and stop frequencies/);
    expect(() => butter(2, [0.1, 0.3], { btype: 'low' })).toThrow(/single critical frequency/);
    expect(() => butter(2, 30, { fs: 60 })).toThrow(/fs\/2/);
    expect(() => butter(2.5, 0.3)).toThrow(/nonnegative integer/);
    expect(() => butter(2, Number.NaN)).toThrow(/finite/);
    // and the reference raises for the same inputs
    for (const k of ['wn_zero', 'wn_one', 'wn_order', 'band_scalar', 'low_two', 'fs_nyquist']) {
      expect(fx.errors[k]?.type, k).toBe('ValueError');
    }
  });
});

describe('firwin', () => {
  it('matches scipy.signal.firwin (1e-12)', () => {
    for (const c of fx.firwin) {
      const h = firwin(c.numtaps, c.cutoff, {
        passZero: c.kw.pass_zero,
        fs: c.kw.fs,
        window: c.kw.window,
      });
      expectClose(h, f64(c.h), 1e-12, {
        label: `firwin(${c.numtaps}, ${JSON.stringify(c.cutoff)})`,
      });
    }
    expect(fx.firwin_errors.even_highpass.type).toBe('ValueError');
    expect(() => firwin(20, 0.3, { passZero: false })).toThrow(/even number of coefficients/);
  });
});

describe('steady-state initial conditions', () => {
  it('lfilterZi matches scipy.signal.lfilter_zi (1e-9)', () => {
    for (const c of fx.lfilter_zi)
      expectClose(lfilterZi(f64(c.b), f64(c.a)), f64(c.zi), TOL, { label: 'lfilter_zi' });
  });
  it('sosfiltZi matches scipy.signal.sosfilt_zi (1e-9)', () => {
    for (const c of fx.sosfilt_zi) {
      const sos = f64(c.sos);
      expectClose(sosfiltZi({ data: sos, shape: [sos.length / 6, 6] }), f64(c.zi), TOL, {
        label: 'sosfilt_zi',
      });
    }
  });
});

// lfilter / sosfilt / filtfilt / sosfiltfilt / decimate against scipy.signal 1.10.1.
// Tolerance: 1e-9 relative to the largest output magnitude (spec §3, IIR).
import { describe, expect, it } from 'vitest';
import { bessel, butter } from '../src/filters/design.js';
import { decimate, filtfilt, sosfiltfilt } from '../src/filters/filtfilt.js';
import { lfilter, sosfilt } from '../src/filters/lfilter.js';
import { expectClose, f64, lcg, loadFixture } from './spectral-fixtures.js';

const fx = loadFixture('filters_filtering.json');
const TOL = 1e-9;
const inputs: Record<string, Float64Array> = {
  noise: f64(fx.noise),
  step: f64(fx.step),
  short: f64(fx.noise).slice(0, 7),
};
const sosOf = (e: { f64: string; shape: number[] }) => {
  const d = f64(e);
  return { data: d, shape: [d.length / 6, 6] };
};

describe('lfilter and filtfilt (transfer functions)', () => {
  it(`match scipy on ${fx.lfilter.length} filter × input cases, with and without zi and for every padtype`, () => {
    for (const c of fx.lfilter) {
      const x = inputs[c.x] as Float64Array;
      const b = f64(c.b);
      const a = f64(c.a);
      const label = `${c.filter}/${c.x}`;
      expectClose(lfilter(b, a, x), f64(c.lfilter), TOL, { label: `${label} lfilter` });
      const st = lfilter(b, a, x, f64(c.zi));
      expectClose(st.y, f64(c.lfilter_zi_y), TOL, { label: `${label} lfilter zi y` });
      expectClose(st.zf, f64(c.lfilter_zi_zf), TOL, { label: `${label} lfilter zf`, atol: 1e-300 });
      // Gustafsson: 1e-9 relative, plus cond(M)·eps of the input's scale, M being the least-squares
      // matrix (all cases but the underdetermined 7-sample runs of 4th-order filters pass at 1e-9 alone,
      // cond 4e9 and 1e11, where two SVDs may differ by that much)
      let xMax = 0;
      for (const v of x) xMax = Math.max(xMax, Math.abs(v));
      for (const [key, irlen] of [
        ['filtfilt_gust', undefined],
        ['filtfilt_gust_irlen3', 3],
        ['filtfilt_gust_irlen50', 50],
      ] as const) {
        const conditioned = (c[`${key}_cond`] as number) * 2.220446049250313e-16 * xMax;
        // expectClose: |got − want| ≤ TOL · max(scale of want, atol)
        expectClose(filtfilt(b, a, x, { method: 'gust', irlen }), f64(c[key]), TOL, {
          label: `${label} ${key}`,
          atol: conditioned / TOL,
        });
      }
      if (c.filtfilt_error) {
        expect(c.filtfilt_error.type).toBe('ValueError');
        expect(() => filtfilt(b, a, x)).toThrow(/must be greater than padlen/);
        continue;
      }
      expectClose(filtfilt(b, a, x), f64(c.filtfilt), TOL, { label: `${label} filtfilt` });
      expectClose(filtfilt(b, a, x, { padtype: 'even' }), f64(c.filtfilt_even), TOL, {
        label: `${label} even`,
      });
      expectClose(filtfilt(b, a, x, { padtype: 'constant' }), f64(c.filtfilt_const), TOL, {
        label: `${label} const`,
      });
      expectClose(filtfilt(b, a, x, { padtype: null }), f64(c.filtfilt_none), TOL, {
        label: `${label} none`,
      });
      expectClose(filtfilt(b, a, x, { padlen: 5 }), f64(c.filtfilt_pad5), TOL, {
        label: `${label} padlen 5`,
      });
    }
  });

  it('reproduces the spec ramp KAT (bessel(4, 0.1) on a 3 V/s ramp at 200 kHz)', () => {
    const fs = fx.ramp.fs as number;
    const ramp = Float64Array.from({ length: fx.ramp.n }, (_, i) => 3.0 * (i / fs));
    const { b, a } = bessel(4, 0.1);
    const y = filtfilt(b, a, ramp);
    const dvdt = new Float64Array(y.length - 1);
    for (let i = 0; i < dvdt.length; i++)
      dvdt[i] = ((y[i + 1] as number) - (y[i] as number)) / (1 / fs);
    expectClose(dvdt, f64(fx.ramp.dvdt), 1e-9, { label: 'dV/dt' });
    expect(dvdt[0]).toBeCloseTo(3.009243412876, 9);
    expect(dvdt[500]).toBeCloseTo(3.0, 9);
    expect(dvdt[dvdt.length - 1]).toBeCloseTo(2.683981345414, 9);
  });

  it('matches on 1e5 samples (LCG input; every 97th sample and the last 50 compared)', () => {
    const x = lcg(fx.long.n, fx.long.seed);
    const { b, a } = bessel(4, 0.05);
    const y = filtfilt(b, a, x);
    const stride = fx.long.stride as number;
    expectClose(
      y.filter((_, i) => i % stride === 0),
      f64(fx.long.filtfilt),
      TOL,
      { label: 'long filtfilt' },
    );
    expectClose(y.slice(-50), f64(fx.long.filtfilt_tail), TOL, { label: 'long filtfilt tail' });
    const ys = sosfiltfilt(butter(4, 0.05, { output: 'sos' }), x);
    expectClose(
      ys.filter((_, i) => i % stride === 0),
      f64(fx.long.sosfiltfilt),
      TOL,
      { label: 'long sosfiltfilt' },
    );
    expectClose(ys.slice(-50), f64(fx.long.sosfiltfilt_tail), TOL, {
      label: 'long sosfiltfilt tail',
    });
  });

  it('rejects bad input with SdkError instead of NaN output', () => {
    const x = inputs.noise as Float64Array;
    expect(() => lfilter([1, Number.NaN], [1], x)).toThrow(/not finite/);
    expect(() => lfilter([1], [0, 1], x)).toThrow(/a\[0\]/);
    expect(() => lfilter([1, 2], [1], x, [1, 2])).toThrow(/Unexpected shape for zi/);
    expect(() => filtfilt([1, 2], [1, 0.5], x.slice(0, 6))).toThrow(/padlen, which is 6/);
    expect(() => filtfilt([1, 2], [1, 0.5], x, { padtype: 'weird' as never })).toThrow(
      /Unknown value 'weird'/,
    );
    expect(() => filtfilt([1, Number.POSITIVE_INFINITY], [1, 0.5], x)).toThrow(/not finite/);
  });
});

describe('sosfilt and sosfiltfilt', () => {
  it(`match scipy on ${fx.sos.length} cases`, () => {
    for (const c of fx.sos) {
      const x = inputs[c.x] as Float64Array;
      const sos = sosOf(c.sos);
      const label = `${c.filter}/${c.x}`;
      expectClose(sosfilt(sos, x), f64(c.sosfilt), TOL, { label: `${label} sosfilt` });
      const st = sosfilt(sos, x, f64(c.zi));
      expectClose(st.y, f64(c.sosfilt_zi_y), TOL, { label: `${label} sosfilt zi` });
      expectClose(st.zf, f64(c.sosfilt_zi_zf), TOL, { label: `${label} zf` });
      expectClose(sosfiltfilt(sos, x), f64(c.sosfiltfilt), TOL, { label: `${label} sosfiltfilt` });
      expectClose(sosfiltfilt(sos, x, { padtype: 'even' }), f64(c.sosfiltfilt_even), TOL, {
        label: `${label} even`,
      });
      expectClose(sosfiltfilt(sos, x, { padlen: 0 }), f64(c.sosfiltfilt_pad0), TOL, {
        label: `${label} pad0`,
      });
    }
  });

  it('applies the sosfiltfilt padlen rule and rejects short input', () => {
    const sos = sosOf(fx.sos[0].sos); // butter(4): 2 sections, no zero b2/a2 → ntaps 5, padlen 15
    expect(fx.sos_errors.short.type).toBe('ValueError');
    expect(() =>
      sosfiltfilt(sos, (inputs.noise as Float64Array).slice(0, fx.sos_errors.n_short)),
    ).toThrow(/padlen, which is 15/);
    expect(() => sosfilt([[1, 0, 0, 2, 0, 0]], [1, 2])).toThrow(/sos\[:, 3\] should be all ones/);
    expect(() => sosfilt([1, 2, 3], [1, 2])).toThrow(/n_sections, 6/);
  });
});

describe('decimate', () => {
  const x = f64(fx.decimate.x);
  it('matches scipy for q = 2, 4, 5, 12 (iir, zero phase and causal) and exactly after an int16 cast', () => {
    for (const c of fx.decimate.cases) {
      const y = decimate(x, c.q);
      expectClose(y, f64(c.y), TOL, { label: `decimate q=${c.q}` });
      expectClose(decimate(x, c.q, { zeroPhase: false }), f64(c.y_nozp), TOL, {
        label: `decimate q=${c.q} causal`,
      });
      const want = f64(c.y_int16);
      let mismatches = 0;
      for (let i = 0; i < y.length; i++) {
        // astype(int16) truncates toward zero; ties at ±0.5 boundaries are the spec's allowed exception
        if (Math.trunc(y[i] as number) !== want[i]) mismatches++;
      }
      expect(mismatches, `int16 q=${c.q}`).toBe(0);
    }
  });
  it('matches the causal FIR variant and refuses the FIR zero-phase one', () => {
    for (const c of fx.decimate.fir)
      expectClose(decimate(x, c.q, { ftype: 'fir', zeroPhase: false }), f64(c.y), 1e-12);
    for (const c of fx.decimate.fir_zero_phase) {
      const got = decimate(x.subarray(0, c.length), c.q, { ftype: 'fir', n: c.n ?? undefined });
      expectClose(got, f64(c.y), 1e-12, {
        label: `fir zero phase q ${c.q} n ${c.n} of ${c.length}`,
      });
    }
  });
  it('throws for length 20 with q = 4 (padlen 27), as scipy does', () => {
    expect(fx.decimate.short_error.type).toBe('ValueError');
    expect(() =>
      decimate(
        Float64Array.from({ length: 20 }, (_, i) => i),
        4,
      ),
    ).toThrow(/padlen, which is 27/);
  });
});

describe('edge cases (expected values from scipy 1.10.1 on the same inputs)', () => {
  it('empty and length-1 inputs', () => {
    const e = new Float64Array(0);
    expect(lfilter([1, 2], [1, 0.5], e).length).toBe(0);
    expect(sosfilt(butter(2, 0.2, { output: 'sos' }), e).length).toBe(0);
    expect([...lfilter([1, 2], [1, 0.5], [2])]).toEqual([2]);
    expect(() => decimate(e, 2)).toThrow(/padlen, which is 27/);
    expect(() => filtfilt([1, 2], [1, 0.5], e)).toThrow(/padlen/);
    expect(() => filtfilt([1, 0.5], [1], [1, 2, 3, 4, 5], { method: 'gust', irlen: -1 })).toThrow(
      /irlen/,
    );
    expect(() => filtfilt([1, 0.5], [0, 1], [1, 2, 3], { method: 'gust' })).toThrow(/a\[0\]/);
  });
});

describe('filtfilt work buffers and view results', () => {
  const { b, a } = bessel(4, 0.2, { btype: 'low' });
  const x = Float64Array.from({ length: 5000 }, (_, i) => Math.sin(i / 37) * 40 - 60 + (i % 7));
  const same = (p: Float64Array, q: Float64Array) =>
    p.length === q.length && p.every((v, i) => Object.is(v, q[i]));

  it('filters in a given buffer with the same bits, the result a view of it', () => {
    const plain = filtfilt(b, a, x);
    for (const padtype of ['odd', 'even', 'constant', null] as const) {
      const work = new Float64Array(x.length + 40).fill(123);
      const got = filtfilt(b, a, x, { padtype, work });
      expect(same(got, filtfilt(b, a, x, { padtype })), String(padtype)).toBe(true);
      expect(got.buffer).toBe(work.buffer);
    }
    // twice into one buffer: the second call overwrites the first result, and is right
    const work = new Float64Array(x.length + 30);
    filtfilt(
      b,
      a,
      x.map((v) => -v),
      { work },
    );
    expect(same(filtfilt(b, a, x, { work }), plain)).toBe(true);
  });

  it('allocates when the buffer is too short or shares memory with x', () => {
    const short = new Float64Array(x.length + 29); // padlen 15 needs 30 more
    const got = filtfilt(b, a, x, { work: short });
    expect(got.buffer).not.toBe(short.buffer);
    expect(same(got, filtfilt(b, a, x))).toBe(true);
    const shared = new Float64Array(x.length * 3);
    const xs = shared.subarray(100, 100 + x.length);
    xs.set(x);
    const viaShared = filtfilt(b, a, xs, { work: shared });
    expect(viaShared.buffer).not.toBe(shared.buffer);
    expect(same(viaShared, filtfilt(b, a, x))).toBe(true);
    expect(same(xs, x)).toBe(true);
  });

  it('returns a view past the padding that owns no part of x', () => {
    const y = filtfilt(b, a, x);
    expect(y.length).toBe(x.length);
    expect(y.byteOffset).toBe(15 * 8);
    expect(y.buffer).not.toBe(x.buffer);
    const s = sosfiltfilt(butter(4, 0.2, { output: 'sos' }) as never, x);
    expect(s.length).toBe(x.length);
    expect(s.buffer).not.toBe(x.buffer);
  });

  it('the same coefficients in other arrays give the same bits (lfilter_zi reused by value)', () => {
    const first = filtfilt(b, a, x);
    const again = filtfilt(Array.from(b), Array.from(a), x);
    expect(same(first, again)).toBe(true);
    const other = bessel(4, 0.21, { btype: 'low' });
    expect(same(filtfilt(other.b, other.a, x), first)).toBe(false);
  });
});

// IIR and FIR filter design following scipy.signal 1.10 step for step (iirfilter: analog
// prototype → frequency transform → bilinear transform → tf/sos), so coefficients agree with the
// reference to rounding, and zpk2sos pairs poles and zeros exactly as scipy's 'nearest' pairing.
import { SdkError } from '../errors.js';
import type { NdArray } from '../ndarray.js';
import { sum } from '../reductions.js';
import { getWindow, type WindowName } from '../spectral/windows.js';
import {
  type Complex,
  cabs,
  cadd,
  cconj,
  cdiv,
  cmul,
  cneg,
  cprod,
  cscale,
  csqrt,
  csub,
  cx,
  isReal,
} from './complex.js';

export type { Complex } from './complex.js';

/** Zeros, poles and gain of a transfer function. */
export interface Zpk {
  z: Complex[];
  p: Complex[];
  k: number;
}

/** Numerator and denominator polynomials, highest power first, `a[0] = 1`. */
export interface TransferFunction {
  b: Float64Array;
  a: Float64Array;
}

/** Second-order sections: shape `[nSections, 6]`, rows `[b0, b1, b2, 1, a1, a2]`. */
export type Sos = NdArray<Float64Array>;

export type BType =
  | 'low'
  | 'lowpass'
  | 'high'
  | 'highpass'
  | 'bandpass'
  | 'bandstop'
  | 'band'
  | 'pass'
  | 'stop';
export type BesselNorm = 'phase' | 'delay' | 'mag';

export interface IirOptions {
  btype?: BType;
  /** Sampling frequency; Wn is then in the same units (Hz) instead of a fraction of Nyquist. */
  fs?: number;
}

type Band = 'lowpass' | 'highpass' | 'bandpass' | 'bandstop';

function bandOf(btype: string): Band {
  switch (btype) {
    case 'low':
    case 'lowpass':
    case 'l':
      return 'lowpass';
    case 'high':
    case 'highpass':
    case 'h':
      return 'highpass';
    case 'bandpass':
    case 'band':
    case 'pass':
    case 'bp':
      return 'bandpass';
    case 'bandstop':
    case 'stop':
    case 'bs':
      return 'bandstop';
    default:
      throw new SdkError('E_VALIDATION', `'${btype}' is an invalid bandtype for filter.`, {
        path: 'btype',
      });
  }
}

function checkOrder(N: number): void {
  if (!Number.isInteger(N) || N < 0) {
    throw new SdkError('E_VALIDATION', `Filter order must be a nonnegative integer, got ${N}`, {
      path: 'N',
    });
  }
}

// --- analog prototypes -----------------------------------------------------------------------

/** `scipy.signal.buttap`: poles on the unit circle, the middle one exactly real. */
export function buttap(N: number): Zpk {
  checkOrder(N);
  const p: Complex[] = [];
  for (let m = -N + 1; m < N; m += 2) {
    const a = (Math.PI * m) / (2 * N);
    // -exp(1j*a); m = 0 gives exactly -1
    p.push(m === 0 ? cx(-1, -0) : cx(-Math.cos(a), -Math.sin(a)));
  }
  return { z: [], p, k: 1 };
}

/** `scipy.signal.cheb1ap`: Chebyshev type I prototype with rp dB of passband ripple. */
export function cheb1ap(N: number, rp: number): Zpk {
  checkOrder(N);
  if (N === 0) return { z: [], p: [], k: 10 ** (-rp / 20) };
  const eps = Math.sqrt(10 ** (0.1 * rp) - 1.0);
  const mu = (1.0 / N) * Math.asinh(1 / eps);
  const p: Complex[] = [];
  for (let m = -N + 1; m < N; m += 2) {
    const theta = (Math.PI * m) / (2 * N);
    // -sinh(mu + 1j*theta)
    p.push(cx(-(Math.sinh(mu) * Math.cos(theta)), -(Math.cosh(mu) * Math.sin(theta))));
  }
  let k = cprod(p.map(cneg)).re;
  if (N % 2 === 0) k = k / Math.sqrt(1 + eps * eps);
  return { z: [], p, k };
}

function polyvalReal(coefsHighFirst: readonly number[], x: number): number {
  let acc = 0;
  for (const c of coefsHighFirst) acc = acc * x + c;
  return acc;
}

/** Initial guesses of Campos & Calderon for the zeros of the Bessel polynomial (scipy `_campos_zeros`). */
function camposZeros(n: number): Complex[] {
  if (n === 1) return [cx(-1)];
  // numpy.polynomial.polynomial.polyval takes coefficients lowest power first
  const pv = (low: number[]) => polyvalReal([...low].reverse(), n);
  const s = pv([0, 0, 2, 0, -3, 1]);
  const b3 = pv([16, -8]) / s;
  const b2 = pv([-24, -12, 12]) / s;
  const b1 = pv([8, 24, -12, -2]) / s;
  const b0 = pv([0, -6, 0, 5, -1]) / s;
  const r = pv([0, 0, 2, 1]);
  const a1 = pv([-6, -6]) / r;
  const a2 = 6 / r;
  const out: Complex[] = [];
  for (let k = 1; k <= n; k++) {
    const x = polyvalReal([a2, a1, 0], k);
    const y = polyvalReal([b3, b2, b1, b0], k);
    out.push(cx(x, y));
  }
  return out;
}

/** Zeros of the ordinary Bessel polynomial y_N (scipy `_bessel_zeros`): Aberth, then Newton polish. */
function besselZeros(N: number): Complex[] {
  if (N === 0) return [];
  // y_N(x) = Σ_k (N+k)!/(k!(N−k)!) (x/2)^k, the zeros of kve(N+½, 1/x)
  const coef: number[] = []; // lowest power first
  for (let k = 0; k <= N; k++) {
    let c = 1;
    for (let j = N - k + 1; j <= N + k; j++) c *= j; // (N+k)!/(N−k)!
    for (let j = 2; j <= k; j++) c /= j;
    coef.push(c / 2 ** k);
  }
  const f = (x: Complex): Complex => {
    let acc = cx(0);
    for (let k = N; k >= 0; k--) acc = cadd(cmul(acc, x), cx(coef[k] as number));
    return acc;
  };
  const fp = (x: Complex): Complex => {
    let acc = cx(0);
    for (let k = N; k >= 1; k--) acc = cadd(cmul(acc, x), cx(k * (coef[k] as number)));
    return acc;
  };
  let x = camposZeros(N);
  let converged = false;
  for (let iter = 0; iter < 50 && !converged; iter++) {
    const alpha = x.map((xi) => cneg(cdiv(f(xi), fp(xi))));
    const beta = x.map((xk, k) => {
      let s = cx(0);
      for (let j = 0; j < N; j++) if (j !== k) s = cadd(s, cdiv(cx(1), csub(xk, x[j] as Complex)));
      return s;
    });
    x = x.map((xk, k) => {
      const a = alpha[k] as Complex;
      return cadd(xk, cdiv(a, cadd(cx(1), cmul(a, beta[k] as Complex))));
    });
    if (!x.every((v) => Number.isFinite(v.re) && Number.isFinite(v.im))) {
      throw new SdkError('E_VALIDATION', 'Root-finding calculation failed', { path: 'N' });
    }
    // scipy stops at |Newton step| ≤ 1e-15; evaluating y_N in the monomial basis has a rounding
    // floor near 1e-14 for N ≥ 7, so stop there (the poles are then exact to ~1e-14, far inside 1e-9)
    converged = alpha.every((a, k) => cabs(a) <= 1e-13 * Math.max(1, cabs(x[k] as Complex)));
  }
  if (!converged) throw new SdkError('E_VALIDATION', 'Zeros failed to converge', { path: 'N' });
  // Newton polish, keeping the iterate with the smallest residual
  x = x.map((x0) => {
    let best = x0;
    let bestRes = cabs(f(x0));
    let p0 = x0;
    for (let i = 0; i < 8 && bestRes > 0; i++) {
      const p = csub(p0, cdiv(f(p0), fp(p0)));
      const res = cabs(f(p));
      if (res < bestRes) {
        best = p;
        bestRes = res;
      }
      if (cabs(csub(p, p0)) <= 1e-15) break;
      p0 = p;
    }
    return best;
  });
  // make conjugates exactly symmetric
  return x.map((xi, i) => cscale(cadd(xi, cconj(x[N - 1 - i] as Complex)), 0.5));
}

/** scipy `optimize.newton` without a derivative (the secant method), as `_norm_factor` uses it. */
function secant(func: (x: number) => number, x0: number, tol = 1.48e-8, maxiter = 50): number {
  let p0 = x0;
  let p1 = x0 * (1 + 1e-4);
  p1 += p1 >= 0 ? 1e-4 : -1e-4;
  let q0 = func(p0);
  let q1 = func(p1);
  if (Math.abs(q1) < Math.abs(q0)) {
    [p0, p1, q0, q1] = [p1, p0, q1, q0];
  }
  for (let i = 0; i < maxiter; i++) {
    if (q1 === q0) return (p1 + p0) / 2;
    const p =
      Math.abs(q1) > Math.abs(q0)
        ? ((-q0 / q1) * p1 + p0) / (1 - q0 / q1)
        : ((-q1 / q0) * p0 + p1) / (1 - q1 / q0);
    if (Math.abs(p - p1) <= tol) return p;
    p0 = p1;
    q0 = q1;
    p1 = p;
    q1 = func(p1);
  }
  throw new SdkError('E_VALIDATION', `Failed to converge after ${maxiter} iterations`, {
    path: 'norm',
  });
}

/** `scipy.signal.besselap(N, norm)`. */
export function besselap(N: number, norm: BesselNorm = 'phase'): Zpk {
  checkOrder(N);
  if (N === 0) return { z: [], p: [], k: 1 };
  let p = besselZeros(N).map((z) => cdiv(cx(1), z));
  // falling_factorial(2N, N) // 2**N = (2N−1)!!
  let aLast = 1;
  for (let j = 1; j < 2 * N; j += 2) aLast *= j;
  let k: number;
  if (norm === 'delay' || norm === 'mag') {
    k = aLast;
    if (norm === 'mag') {
      const pp = p;
      const G = (w: number) => cabs(cdiv(cx(aLast), cprod(pp.map((pi) => csub(cx(0, w), pi)))));
      const nf = secant((w) => G(w) - 1 / Math.sqrt(2), 1.5);
      p = pp.map((pi) => cdiv(pi, cx(nf)));
      k = nf ** -N * aLast;
    }
  } else if (norm === 'phase') {
    const s = 10 ** (-Math.log10(aLast) / N);
    p = p.map((pi) => cscale(pi, s));
    k = 1;
  } else {
    throw new SdkError('E_VALIDATION', `normalization not understood: ${String(norm)}`, {
      path: 'norm',
    });
  }
  return { z: [], p, k };
}

// --- frequency transforms (scipy lp2*_zpk, bilinear_zpk) -------------------------------------

function relativeDegree(z: readonly Complex[], p: readonly Complex[]): number {
  const degree = p.length - z.length;
  if (degree < 0) {
    throw new SdkError(
      'E_VALIDATION',
      'Improper transfer function. Must have at least as many poles as zeros.',
    );
  }
  return degree;
}

export function lp2lpZpk({ z, p, k }: Zpk, wo: number): Zpk {
  const degree = relativeDegree(z, p);
  return { z: z.map((v) => cscale(v, wo)), p: p.map((v) => cscale(v, wo)), k: k * wo ** degree };
}

export function lp2hpZpk({ z, p, k }: Zpk, wo: number): Zpk {
  const degree = relativeDegree(z, p);
  const zh = z.map((v) => cdiv(cx(wo), v));
  const ph = p.map((v) => cdiv(cx(wo), v));
  for (let i = 0; i < degree; i++) zh.push(cx(0));
  return { z: zh, p: ph, k: k * cdiv(cprod(z.map(cneg)), cprod(p.map(cneg))).re };
}

function bandRoots(v: readonly Complex[], wo: number): Complex[] {
  const plus: Complex[] = [];
  const minus: Complex[] = [];
  for (const s of v) {
    const r = csqrt(csub(cmul(s, s), cx(wo * wo)));
    plus.push(cadd(s, r));
    minus.push(csub(s, r));
  }
  return [...plus, ...minus];
}

export function lp2bpZpk({ z, p, k }: Zpk, wo: number, bw: number): Zpk {
  const degree = relativeDegree(z, p);
  const zb = bandRoots(
    z.map((v) => cscale(v, bw / 2)),
    wo,
  );
  const pb = bandRoots(
    p.map((v) => cscale(v, bw / 2)),
    wo,
  );
  for (let i = 0; i < degree; i++) zb.push(cx(0));
  return { z: zb, p: pb, k: k * bw ** degree };
}

export function lp2bsZpk({ z, p, k }: Zpk, wo: number, bw: number): Zpk {
  const degree = relativeDegree(z, p);
  const zs = bandRoots(
    z.map((v) => cdiv(cx(bw / 2), v)),
    wo,
  );
  const ps = bandRoots(
    p.map((v) => cdiv(cx(bw / 2), v)),
    wo,
  );
  for (let i = 0; i < degree; i++) zs.push(cx(0, wo));
  for (let i = 0; i < degree; i++) zs.push(cx(0, -wo));
  return { z: zs, p: ps, k: k * cdiv(cprod(z.map(cneg)), cprod(p.map(cneg))).re };
}

export function bilinearZpk({ z, p, k }: Zpk, fs: number): Zpk {
  const degree = relativeDegree(z, p);
  const fs2 = cx(2.0 * fs);
  const zz = z.map((v) => cdiv(cadd(fs2, v), csub(fs2, v)));
  const pz = p.map((v) => cdiv(cadd(fs2, v), csub(fs2, v)));
  for (let i = 0; i < degree; i++) zz.push(cx(-1));
  const gain = cdiv(cprod(z.map((v) => csub(fs2, v))), cprod(p.map((v) => csub(fs2, v))));
  return { z: zz, p: pz, k: k * gain.re };
}

// --- representations --------------------------------------------------------------------------

/** `numpy.poly`: monic polynomial with the given roots, highest power first. */
function polyFromRoots(roots: readonly Complex[]): Complex[] {
  let a: Complex[] = [cx(1)];
  for (const r of roots) {
    // convolve(a, [1, -r])
    const next: Complex[] = [];
    for (let i = 0; i <= a.length; i++) {
      const left = i < a.length ? (a[i] as Complex) : cx(0);
      const right = i > 0 ? cmul(a[i - 1] as Complex, cneg(r)) : cx(0);
      next.push(cadd(left, right));
    }
    a = next;
  }
  return a;
}

/** `scipy.signal.zpk2tf` for conjugate-symmetric zeros and poles (real coefficients). */
export function zpk2tf({ z, p, k }: Zpk): TransferFunction {
  const b = polyFromRoots(z).map((c) => c.re * k);
  const a = polyFromRoots(p).map((c) => c.re);
  return { b: Float64Array.from(b), a: Float64Array.from(a) };
}

const EPS = 2.220446049250313e-16;

/** Stable argsort by a numeric key (numpy's quicksort is stable at the sizes used here). */
function argsortBy(n: number, key: (i: number) => number): number[] {
  return Array.from({ length: n }, (_, i) => i).sort((i, j) => key(i) - key(j) || i - j);
}

/** scipy `_cplxreal`: one member of each conjugate pair (positive imag) and the real values. */
function cplxreal(zIn: readonly Complex[]): { zc: Complex[]; zr: number[] } {
  if (zIn.length === 0) return { zc: [], zr: [] };
  const tol = 100 * EPS;
  // lexsort((|imag|, real)): by real, then by |imag|, stable
  const order = Array.from({ length: zIn.length }, (_, i) => i).sort((i, j) => {
    const a = zIn[i] as Complex;
    const b = zIn[j] as Complex;
    return a.re - b.re || Math.abs(a.im) - Math.abs(b.im) || i - j;
  });
  const z = order.map((i) => zIn[i] as Complex);
  const realMask = z.map((v) => Math.abs(v.im) <= tol * cabs(v));
  const zr = z.filter((_, i) => realMask[i]).map((v) => v.re);
  if (zr.length === z.length) return { zc: [], zr };
  const rest = z.filter((_, i) => !realMask[i]);
  const zp = rest.filter((v) => v.im > 0);
  const zn = rest.filter((v) => v.im < 0);
  if (zp.length !== zn.length) {
    throw new SdkError('E_VALIDATION', 'Array contains complex value with no matching conjugate.');
  }
  // runs of (approximately) equal real part are sorted by |imag|
  const sameReal = zp.slice(0, -1).map((v, i) => (zp[i + 1] as Complex).re - v.re <= tol * cabs(v));
  let i = 0;
  while (i < sameReal.length) {
    if (!sameReal[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < sameReal.length && sameReal[j]) j++;
    for (const chunk of [zp, zn]) {
      const part = chunk.slice(i, j + 1);
      const sorted = argsortBy(part.length, (q) => Math.abs((part[q] as Complex).im)).map(
        (q) => part[q] as Complex,
      );
      chunk.splice(i, sorted.length, ...sorted);
    }
    i = j;
  }
  for (let q = 0; q < zp.length; q++) {
    const a = zp[q] as Complex;
    const b = zn[q] as Complex;
    if (cabs(csub(a, cconj(b))) > tol * cabs(b)) {
      throw new SdkError(
        'E_VALIDATION',
        'Array contains complex value with no matching conjugate.',
      );
    }
  }
  const zc = zp.map((a, q) => cscale(cadd(a, cconj(zn[q] as Complex)), 0.5));
  return { zc, zr };
}

function nearestIdx(
  fro: readonly Complex[],
  to: Complex,
  which: 'real' | 'complex' | 'any',
): number {
  const order = argsortBy(fro.length, (i) => cabs(csub(fro[i] as Complex, to)));
  if (which === 'any') return order[0] as number;
  const found = order.find((i) => isReal(fro[i] as Complex) === (which === 'real'));
  if (found === undefined) throw new SdkError('E_VALIDATION', `no ${which} zero left to pair`);
  return found;
}

function singleSection(z: readonly Complex[], p: readonly Complex[]): number[] {
  const { b, a } = zpk2tf({ z: [...z], p: [...p], k: 1 });
  const row = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < b.length; i++) row[3 - b.length + i] = b[i] as number;
  for (let i = 0; i < a.length; i++) row[6 - a.length + i] = a[i] as number;
  return row;
}

/** `scipy.signal.zpk2sos(z, p, k)` for digital filters with scipy 1.10's default pairing 'nearest'. */
export function zpk2sos({ z: zIn, p: pIn, k }: Zpk): Sos {
  if (zIn.length === 0 && pIn.length === 0) {
    return { data: Float64Array.from([k, 0, 0, 1, 0, 0]), shape: [1, 6] };
  }
  let p = [...pIn];
  let z = [...zIn];
  while (p.length < z.length) p.push(cx(0));
  while (z.length < p.length) z.push(cx(0));
  const nSections = (Math.max(p.length, z.length) + 1) >> 1;
  if (p.length % 2 === 1) {
    p.push(cx(0));
    z.push(cx(0));
  }
  const zs = cplxreal(z);
  const ps = cplxreal(p);
  z = [...zs.zc, ...zs.zr.map((v) => cx(v))];
  p = [...ps.zc, ...ps.zr.map((v) => cx(v))];
  // digital: the "worst" pole is the one closest to the unit circle
  const idxWorst = (v: readonly Complex[]) => {
    let best = 0;
    let bestVal = Number.POSITIVE_INFINITY;
    v.forEach((q, i) => {
      const d = Math.abs(1 - cabs(q));
      if (d < bestVal) {
        bestVal = d;
        best = i;
      }
    });
    return best;
  };
  const take = (v: Complex[], i: number) => v.splice(i, 1)[0] as Complex;
  const sos: number[][] = Array.from({ length: nSections }, () => [0, 0, 0, 0, 0, 0]);
  for (let si = nSections - 1; si >= 0; si--) {
    const p1 = take(p, idxWorst(p));
    const nRealP = p.filter(isReal).length;
    if (isReal(p1) && nRealP === 0) {
      // last remaining real pole
      const z1 = take(z, nearestIdx(z, p1, 'real'));
      sos[si] = singleSection([z1, cx(0)], [p1, cx(0)]);
    } else if (
      p.length + 1 === z.length &&
      !isReal(p1) &&
      nRealP === 1 &&
      z.filter(isReal).length === 1
    ) {
      // one real pole and one real zero left: this complex pole must take a complex zero
      const z1 = take(z, nearestIdx(z, p1, 'complex'));
      sos[si] = singleSection([z1, cconj(z1)], [p1, cconj(p1)]);
    } else {
      let p2: Complex;
      if (isReal(p1)) {
        const realIdx = p.flatMap((q, i) => (isReal(q) ? [i] : []));
        const worst = realIdx[idxWorst(realIdx.map((i) => p[i] as Complex))] as number;
        p2 = take(p, worst);
      } else {
        p2 = cconj(p1);
      }
      if (z.length > 0) {
        const z1 = take(z, nearestIdx(z, p1, 'any'));
        if (!isReal(z1)) {
          sos[si] = singleSection([z1, cconj(z1)], [p1, p2]);
        } else if (z.length > 0) {
          const z2 = take(z, nearestIdx(z, p1, 'real'));
          sos[si] = singleSection([z1, z2], [p1, p2]);
        } else {
          sos[si] = singleSection([z1], [p1, p2]);
        }
      } else {
        sos[si] = singleSection([], [p1, p2]);
      }
    }
  }
  const first = sos[0] as number[];
  for (let j = 0; j < 3; j++) first[j] = (first[j] as number) * k;
  return { data: Float64Array.from(sos.flat()), shape: [nSections, 6] };
}

// --- iirfilter and its front ends --------------------------------------------------------------

export type FilterOutput = 'ba' | 'sos' | 'zpk';

interface IirDesign extends IirOptions {
  ftype: 'butter' | 'bessel' | 'cheby1';
  norm?: BesselNorm;
  rp?: number;
}

/** `scipy.signal.iirfilter(N, Wn, btype, analog=False, ftype, fs)` up to the digital zpk. */
function iirZpk(N: number, Wn: number | readonly number[], d: IirDesign): Zpk {
  checkOrder(N);
  let wn = typeof Wn === 'number' ? [Wn] : [...Wn];
  if (wn.length < 1 || wn.length > 2) {
    throw new SdkError(
      'E_VALIDATION',
      `Wn must hold one or two critical frequencies, got ${wn.length}`,
      { path: 'Wn' },
    );
  }
  if (!wn.every((w) => Number.isFinite(w))) {
    throw new SdkError(
      'E_VALIDATION',
      `filter critical frequencies must be finite, got [${wn.join(', ')}]`,
      {
        path: 'Wn',
      },
    );
  }
  const fs = d.fs;
  if (fs !== undefined) {
    if (!(fs > 0) || !Number.isFinite(fs))
      throw new SdkError('E_VALIDATION', `fs must be a positive number, got ${fs}`, { path: 'fs' });
    wn = wn.map((w) => (2 * w) / fs);
  }
  if (wn.some((w) => w <= 0)) {
    throw new SdkError('E_VALIDATION', 'filter critical frequencies must be greater than 0', {
      path: 'Wn',
    });
  }
  if (wn.length > 1 && !((wn[0] as number) < (wn[1] as number))) {
    throw new SdkError('E_VALIDATION', 'Wn[0] must be less than Wn[1]', { path: 'Wn' });
  }
  let proto: Zpk;
  if (d.ftype === 'butter') proto = buttap(N);
  else if (d.ftype === 'bessel') proto = besselap(N, d.norm ?? 'phase');
  else {
    if (d.rp === undefined || !(d.rp > 0) || !Number.isFinite(d.rp)) {
      throw new SdkError('E_VALIDATION', 'passband ripple (rp) must be positive', { path: 'rp' });
    }
    proto = cheb1ap(N, d.rp);
  }
  if (wn.some((w) => w >= 1)) {
    throw new SdkError(
      'E_VALIDATION',
      fs !== undefined
        ? `Digital filter critical frequencies must be 0 < Wn < fs/2 (fs=${fs} -> fs/2=${fs / 2})`
        : 'Digital filter critical frequencies must be 0 < Wn < 1',
      { path: 'Wn' },
    );
  }
  const warped = wn.map((w) => 2 * 2.0 * Math.tan((Math.PI * w) / 2.0));
  const band = bandOf(d.btype ?? (wn.length === 2 ? 'bandpass' : 'lowpass'));
  let zpk: Zpk;
  if (band === 'lowpass' || band === 'highpass') {
    if (wn.length !== 1) {
      throw new SdkError(
        'E_VALIDATION',
        'Must specify a single critical frequency Wn for lowpass or highpass filter',
        {
          path: 'Wn',
        },
      );
    }
    zpk =
      band === 'lowpass'
        ? lp2lpZpk(proto, warped[0] as number)
        : lp2hpZpk(proto, warped[0] as number);
  } else {
    if (wn.length !== 2) {
      throw new SdkError(
        'E_VALIDATION',
        'Wn must specify start and stop frequencies for bandpass or bandstop filter',
        {
          path: 'Wn',
        },
      );
    }
    const [w0, w1] = warped as [number, number];
    const bw = w1 - w0;
    const wo = Math.sqrt(w0 * w1);
    zpk = band === 'bandpass' ? lp2bpZpk(proto, wo, bw) : lp2bsZpk(proto, wo, bw);
  }
  return bilinearZpk(zpk, 2.0);
}

function shape(zpk: Zpk, output: FilterOutput): TransferFunction | Sos | Zpk {
  if (output === 'zpk') return zpk;
  if (output === 'sos') return zpk2sos(zpk);
  if (output === 'ba') return zpk2tf(zpk);
  throw new SdkError('E_VALIDATION', `'${String(output)}' is not a valid output form.`, {
    path: 'output',
  });
}

export interface DesignOptions<O extends FilterOutput> extends IirOptions {
  /** 'ba' (default), 'sos' or 'zpk', as scipy's `output`. */
  output?: O;
}

type Designed<O extends FilterOutput> = O extends 'sos'
  ? Sos
  : O extends 'zpk'
    ? Zpk
    : TransferFunction;

/** `scipy.signal.butter(N, Wn, btype='low', analog=False, output='ba', fs=None)`. */
export function butter<O extends FilterOutput = 'ba'>(
  N: number,
  Wn: number | readonly number[],
  opts: DesignOptions<O> = {},
): Designed<O> {
  return shape(iirZpk(N, Wn, { ...opts, ftype: 'butter' }), opts.output ?? 'ba') as Designed<O>;
}

/** `scipy.signal.bessel(N, Wn, btype='low', analog=False, output='ba', norm='phase', fs=None)`. */
export function bessel<O extends FilterOutput = 'ba'>(
  N: number,
  Wn: number | readonly number[],
  opts: DesignOptions<O> & { norm?: BesselNorm } = {},
): Designed<O> {
  return shape(iirZpk(N, Wn, { ...opts, ftype: 'bessel' }), opts.output ?? 'ba') as Designed<O>;
}

/** `scipy.signal.cheby1(N, rp, Wn, btype='low', analog=False, output='ba', fs=None)`. */
export function cheby1<O extends FilterOutput = 'ba'>(
  N: number,
  rp: number,
  Wn: number | readonly number[],
  opts: DesignOptions<O> = {},
): Designed<O> {
  return shape(iirZpk(N, Wn, { ...opts, ftype: 'cheby1', rp }), opts.output ?? 'ba') as Designed<O>;
}

// --- FIR ---------------------------------------------------------------------------------------

function sinc(x: number): number {
  if (x === 0) return 1;
  const y = Math.PI * x;
  return Math.sin(y) / y;
}

export interface FirwinOptions {
  /** true (default): the DC gain is 1; false: the first band starts above DC. */
  passZero?: boolean;
  fs?: number;
  /** A window name of `getWindow`; scipy's default is 'hamming'. */
  window?: WindowName;
  scale?: boolean;
}

/** `scipy.signal.firwin(numtaps, cutoff, window='hamming', pass_zero=True, scale=True, fs=None)`. */
export function firwin(
  numtaps: number,
  cutoff: number | readonly number[],
  opts: FirwinOptions = {},
): Float64Array {
  if (!Number.isInteger(numtaps) || numtaps < 1) {
    throw new SdkError('E_VALIDATION', `numtaps must be a positive integer, got ${numtaps}`, {
      path: 'numtaps',
    });
  }
  const nyq = 0.5 * (opts.fs ?? 2);
  const cut = (typeof cutoff === 'number' ? [cutoff] : [...cutoff]).map((c) => c / nyq);
  if (cut.length === 0)
    throw new SdkError('E_VALIDATION', 'At least one cutoff frequency must be given.', {
      path: 'cutoff',
    });
  if (Math.min(...cut) <= 0 || Math.max(...cut) >= 1) {
    throw new SdkError(
      'E_VALIDATION',
      'Invalid cutoff frequency: frequencies must be greater than 0 and less than fs/2.',
      { path: 'cutoff' },
    );
  }
  for (let i = 1; i < cut.length; i++) {
    if ((cut[i] as number) - (cut[i - 1] as number) <= 0) {
      throw new SdkError(
        'E_VALIDATION',
        'Invalid cutoff frequencies: the frequencies must be strictly increasing.',
        {
          path: 'cutoff',
        },
      );
    }
  }
  const passZero = opts.passZero ?? true;
  const passNyquist = (cut.length % 2 === 1) !== passZero;
  if (passNyquist && numtaps % 2 === 0) {
    throw new SdkError(
      'E_VALIDATION',
      'A filter with an even number of coefficients must have zero response at the Nyquist frequency.',
      { path: 'numtaps' },
    );
  }
  const edges = [...(passZero ? [0] : []), ...cut, ...(passNyquist ? [1] : [])];
  const alpha = 0.5 * (numtaps - 1);
  const h = new Float64Array(numtaps);
  for (let b = 0; b < edges.length; b += 2) {
    const left = edges[b] as number;
    const right = edges[b + 1] as number;
    for (let i = 0; i < numtaps; i++) {
      const m = i - alpha;
      h[i] = (h[i] as number) + right * sinc(right * m);
      h[i] = (h[i] as number) - left * sinc(left * m);
    }
  }
  const win = getWindow(opts.window ?? 'hamming', numtaps, { fftbins: false });
  for (let i = 0; i < numtaps; i++) h[i] = (h[i] as number) * (win[i] as number);
  if (opts.scale ?? true) {
    const left = edges[0] as number;
    const right = edges[1] as number;
    const sf = left === 0 ? 0 : right === 1 ? 1 : 0.5 * (left + right);
    let s = 0;
    const terms = new Float64Array(numtaps);
    for (let i = 0; i < numtaps; i++)
      terms[i] = (h[i] as number) * Math.cos(Math.PI * (i - alpha) * sf);
    s = sum(terms);
    for (let i = 0; i < numtaps; i++) h[i] = (h[i] as number) / s;
  }
  return h;
}

// Discrete Fourier transforms with numpy.fft conventions: unnormalised forward transform, inverse
// scaled by 1/n, an optional length n that truncates or zero-pads the input. Powers of two use an
// iterative radix-2 transform with exact (not recurrence-built) twiddles; every other length goes
// through Bluestein's chirp-z algorithm on a power-of-two grid, which keeps the error at a few ulps
// of the largest magnitude, as the spec's 1e-12 tolerance needs.
import { SdkError } from '../errors.js';
import type { ArrayLike } from '../ndarray.js';

/** A complex vector as two parallel float64 arrays. */
export interface ComplexArray {
  re: Float64Array;
  im: Float64Array;
}

interface Pow2Plan {
  n: number;
  /** Bit-reversal swaps as pairs (i, j) with i < j. */
  swaps: Uint32Array;
  /** Whether a radix-2 stage precedes the radix-4 stages (log2 n odd). */
  radix2First: boolean;
  /**
   * Twiddles of the radix-4 stages, concatenated: the stage of quarter-size m holds
   * w^j, w^2j, w^3j (w = exp(−2πi/(4m))), j < m, as cos/sin pairs.
   */
  tw: Float64Array;
}

const pow2Plans = new Map<number, Pow2Plan>();
let pow2PlanBytes = 0;

function isPow2(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

function pow2Plan(n: number): Pow2Plan {
  let plan = pow2Plans.get(n);
  if (plan) return plan;
  const bits = Math.round(Math.log2(n));
  const swapList: number[] = [];
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0, v = i; b < bits; b++, v >>>= 1) r = (r << 1) | (v & 1);
    if (i < r) swapList.push(i, r);
  }
  const radix2First = bits % 2 === 1;
  let total = 0;
  for (let m = radix2First ? 2 : 1; 4 * m <= n; m *= 4) total += 6 * m;
  const tw = new Float64Array(total);
  let off = 0;
  for (let m = radix2First ? 2 : 1; 4 * m <= n; m *= 4) {
    const L = 4 * m;
    for (let j = 0; j < m; j++) {
      for (let r = 1; r <= 3; r++) {
        // exact angle for every power, so the error does not compound
        const q = (r * j) % L;
        const a = (-2 * Math.PI * q) / L;
        // quarter turns exactly (cos(−π/2) is 6e-17 in floating point, not 0)
        const quarter = (4 * q) % L === 0 ? (4 * q) / L : -1;
        tw[off + 6 * j + 2 * (r - 1)] =
          quarter < 0 ? Math.cos(a) : ([1, 0, -1, 0][quarter] as number);
        tw[off + 6 * j + 2 * (r - 1) + 1] =
          quarter < 0 ? Math.sin(a) : ([0, -1, 0, 1][quarter] as number);
      }
    }
    off += 6 * m;
  }
  plan = { n, swaps: Uint32Array.from(swapList), radix2First, tw };
  const bytes = 8 * tw.length + 4 * plan.swaps.length;
  // bounded cache: transforms of many distinct large sizes must not pile up tables
  if (pow2Plans.size > 32 || pow2PlanBytes + bytes > 256 * 1024 * 1024) {
    pow2Plans.clear();
    pow2PlanBytes = 0;
  }
  pow2Plans.set(n, plan);
  pow2PlanBytes += bytes;
  return plan;
}

/** In-place forward transform of a power-of-two length: bit reversal, then radix-4 decimation in time. */
function fftPow2InPlace(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (n <= 1) return;
  const { swaps, radix2First, tw } = pow2Plan(n);
  for (let s = 0; s < swaps.length; s += 2) {
    const i = swaps[s] as number;
    const j = swaps[s + 1] as number;
    const tr = re[i] as number;
    re[i] = re[j] as number;
    re[j] = tr;
    const ti = im[i] as number;
    im[i] = im[j] as number;
    im[j] = ti;
  }
  let m = 1;
  if (radix2First) {
    for (let i = 0; i < n; i += 2) {
      const ar = re[i] as number;
      const ai = im[i] as number;
      const br = re[i + 1] as number;
      const bi = im[i + 1] as number;
      re[i] = ar + br;
      im[i] = ai + bi;
      re[i + 1] = ar - br;
      im[i + 1] = ai - bi;
    }
    m = 2;
  }
  // after bit reversal the four quarter blocks of a size-4m block hold the sub-transforms of the
  // samples ≡ 0, 2, 1, 3 (mod 4)
  for (let off = 0; 4 * m <= n; off += 6 * m, m *= 4) {
    const L = 4 * m;
    for (let k = 0; k < n; k += L) {
      for (let j = 0; j < m; j++) {
        const t = off + 6 * j;
        const w1r = tw[t] as number;
        const w1i = tw[t + 1] as number;
        const w2r = tw[t + 2] as number;
        const w2i = tw[t + 3] as number;
        const w3r = tw[t + 4] as number;
        const w3i = tw[t + 5] as number;
        const i0 = k + j;
        const i1 = i0 + m;
        const i2 = i1 + m;
        const i3 = i2 + m;
        const a0r = re[i0] as number;
        const a0i = im[i0] as number;
        // residue 2 sits in the second quarter, residue 1 in the third
        const x2r = re[i1] as number;
        const x2i = im[i1] as number;
        const x1r = re[i2] as number;
        const x1i = im[i2] as number;
        const x3r = re[i3] as number;
        const x3i = im[i3] as number;
        const b1r = w1r * x1r - w1i * x1i;
        const b1i = w1r * x1i + w1i * x1r;
        const b2r = w2r * x2r - w2i * x2i;
        const b2i = w2r * x2i + w2i * x2r;
        const b3r = w3r * x3r - w3i * x3i;
        const b3i = w3r * x3i + w3i * x3r;
        const t0r = a0r + b2r;
        const t0i = a0i + b2i;
        const t1r = a0r - b2r;
        const t1i = a0i - b2i;
        const t2r = b1r + b3r;
        const t2i = b1i + b3i;
        const t3r = b1r - b3r;
        const t3i = b1i - b3i;
        re[i0] = t0r + t2r;
        im[i0] = t0i + t2i;
        re[i2] = t0r - t2r;
        im[i2] = t0i - t2i;
        // X[j+m] = t1 − i·t3, X[j+3m] = t1 + i·t3
        re[i1] = t1r + t3i;
        im[i1] = t1i - t3r;
        re[i3] = t1r - t3i;
        im[i3] = t1i + t3r;
      }
    }
  }
}

interface BluesteinPlan {
  n: number;
  m: number;
  /** Chirp w_k = exp(-iπk²/n). */
  wr: Float64Array;
  wi: Float64Array;
  /** FFT (length m) of conj(w) wrapped around zero. */
  br: Float64Array;
  bi: Float64Array;
}

const bluesteinPlans = new Map<number, BluesteinPlan>();

function bluesteinPlan(n: number): BluesteinPlan {
  let plan = bluesteinPlans.get(n);
  if (plan) return plan;
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  // k² mod 2n, kept in integers so the angle stays exact for any n
  const period = 2 * n;
  let k2 = 0;
  for (let k = 0; k < n; k++) {
    const a = (-Math.PI * k2) / n;
    wr[k] = Math.cos(a);
    wi[k] = Math.sin(a);
    k2 = (k2 + 2 * k + 1) % period;
  }
  const br = new Float64Array(m);
  const bi = new Float64Array(m);
  br[0] = wr[0] as number;
  bi[0] = -(wi[0] as number);
  for (let k = 1; k < n; k++) {
    br[k] = wr[k] as number;
    bi[k] = -(wi[k] as number);
    br[m - k] = wr[k] as number;
    bi[m - k] = -(wi[k] as number);
  }
  fftPow2InPlace(br, bi);
  plan = { n, m, wr, wi, br, bi };
  if (bluesteinPlans.size > 32) bluesteinPlans.clear();
  bluesteinPlans.set(n, plan);
  return plan;
}

function fftBluesteinInPlace(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  const { m, wr, wi, br, bi } = bluesteinPlan(n);
  const ar = new Float64Array(m);
  const ai = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    const xr = re[k] as number;
    const xi = im[k] as number;
    const cr = wr[k] as number;
    const ci = wi[k] as number;
    ar[k] = xr * cr - xi * ci;
    ai[k] = xr * ci + xi * cr;
  }
  fftPow2InPlace(ar, ai);
  for (let k = 0; k < m; k++) {
    const xr = ar[k] as number;
    const xi = ai[k] as number;
    const yr = br[k] as number;
    const yi = bi[k] as number;
    // multiply, conjugate: the inverse transform below is a forward one on conjugated data
    ar[k] = xr * yr - xi * yi;
    ai[k] = -(xr * yi + xi * yr);
  }
  fftPow2InPlace(ar, ai);
  const scale = 1 / m;
  for (let k = 0; k < n; k++) {
    const xr = (ar[k] as number) * scale;
    const xi = -(ai[k] as number) * scale;
    const cr = wr[k] as number;
    const ci = wi[k] as number;
    re[k] = xr * cr - xi * ci;
    im[k] = xr * ci + xi * cr;
  }
}

/** In-place forward DFT of any length. */
export function fftInPlace(re: Float64Array, im: Float64Array): void {
  if (re.length !== im.length) {
    throw new SdkError(
      'E_VALIDATION',
      `real and imaginary parts differ in length: ${re.length} vs ${im.length}`,
      {
        path: 'im',
      },
    );
  }
  const n = re.length;
  if (n <= 1) return;
  if (isPow2(n)) fftPow2InPlace(re, im);
  else fftBluesteinInPlace(re, im);
}

function isComplex(x: ArrayLike | ComplexArray): x is ComplexArray {
  return typeof x === 'object' && x !== null && 're' in x && 'im' in x && !ArrayBuffer.isView(x);
}

function checkLength(n: number | undefined, fallback: number, name: string): number {
  const len = n ?? fallback;
  if (!Number.isInteger(len) || len < 1) {
    throw new SdkError('E_VALIDATION', `Invalid number of FFT data points (${len}) specified.`, {
      path: name,
    });
  }
  return len;
}

/** Copies (truncated or zero-padded to n) into fresh arrays. */
function loadComplex(x: ArrayLike | ComplexArray, n: number): ComplexArray {
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  if (isComplex(x)) {
    if (x.re.length !== x.im.length) {
      throw new SdkError(
        'E_VALIDATION',
        `real and imaginary parts differ in length: ${x.re.length} vs ${x.im.length}`,
        {
          path: 'x',
        },
      );
    }
    const len = Math.min(n, x.re.length);
    re.set(len === x.re.length ? x.re : x.re.subarray(0, len));
    im.set(len === x.im.length ? x.im : x.im.subarray(0, len));
  } else {
    const len = Math.min(n, x.length);
    for (let i = 0; i < len; i++) re[i] = x[i] as number;
  }
  return { re, im };
}

function inputLength(x: ArrayLike | ComplexArray): number {
  return isComplex(x) ? x.re.length : x.length;
}

/** `numpy.fft.fft(x, n)`: forward DFT of real or complex input. */
export function fft(x: ArrayLike | ComplexArray, n?: number): ComplexArray {
  const len = checkLength(n, inputLength(x), 'n');
  const out = loadComplex(x, len);
  fftInPlace(out.re, out.im);
  return out;
}

/** `numpy.fft.ifft(x, n)`: inverse DFT, scaled by 1/n. */
export function ifft(x: ArrayLike | ComplexArray, n?: number): ComplexArray {
  const len = checkLength(n, inputLength(x), 'n');
  const { re, im } = loadComplex(x, len);
  // ifft(x) = swap(fft(swap(x)))/n with swap(a + ib) = b + ia: no negations, so signed zeros come
  // out as a direct evaluation gives them (hilbert's phase of −1 + 0i is π, not −π)
  fftInPlace(im, re);
  const s = 1 / len;
  for (let i = 0; i < len; i++) {
    re[i] = (re[i] as number) * s;
    im[i] = (im[i] as number) * s;
  }
  return { re, im };
}

/** Half-length twiddles exp(-2πik/n), k ≤ n/4 … reused by the real transforms. */
const halfTwiddles = new Map<number, ComplexArray>();

function realTwiddles(n: number): ComplexArray {
  let t = halfTwiddles.get(n);
  if (t) return t;
  const h = n >> 1;
  const re = new Float64Array(h + 1);
  const im = new Float64Array(h + 1);
  for (let k = 0; k <= h; k++) {
    const a = (-2 * Math.PI * k) / n;
    re[k] = Math.cos(a);
    im[k] = Math.sin(a);
  }
  t = { re, im };
  if (halfTwiddles.size > 32) halfTwiddles.clear();
  halfTwiddles.set(n, t);
  return t;
}

/** `numpy.fft.rfft(x, n)`: the n//2+1 non-negative frequency terms of a real input's DFT. */
export function rfft(x: ArrayLike, n?: number): ComplexArray {
  const len = checkLength(n, x.length, 'n');
  const nOut = (len >> 1) + 1;
  if (len % 2 === 1 || len < 4) {
    const full = fft(x, len);
    return { re: full.re.slice(0, nOut), im: full.im.slice(0, nOut) };
  }
  // pack even/odd samples as one complex signal of half length, then untangle
  const h = len >> 1;
  const zr = new Float64Array(h);
  const zi = new Float64Array(h);
  const avail = Math.min(len, x.length);
  for (let j = 0; j < h; j++) {
    const e = 2 * j;
    zr[j] = e < avail ? (x[e] as number) : 0;
    zi[j] = e + 1 < avail ? (x[e + 1] as number) : 0;
  }
  fftInPlace(zr, zi);
  const tw = realTwiddles(len);
  const re = new Float64Array(nOut);
  const im = new Float64Array(nOut);
  re[0] = (zr[0] as number) + (zi[0] as number);
  im[0] = 0;
  re[h] = (zr[0] as number) - (zi[0] as number);
  im[h] = 0;
  for (let k = 1; k < h; k++) {
    const ar = zr[k] as number;
    const ai = zi[k] as number;
    const br = zr[h - k] as number;
    const bi = -(zi[h - k] as number);
    // even part E = (Z_k + conj Z_{h-k})/2, odd part O = (Z_k - conj Z_{h-k})/(2i)
    const er = 0.5 * (ar + br);
    const ei = 0.5 * (ai + bi);
    const or = 0.5 * (ai - bi);
    const oi = -0.5 * (ar - br);
    const wr = tw.re[k] as number;
    const wi = tw.im[k] as number;
    re[k] = er + (wr * or - wi * oi);
    im[k] = ei + (wr * oi + wi * or);
  }
  return { re, im };
}

/**
 * `numpy.fft.irfft(X, n)`: the real signal of length n (default 2(m−1)) whose rfft is X. Like
 * pocketfft, the imaginary parts of the DC term and (even n) the Nyquist term are ignored.
 */
export function irfft(x: ComplexArray, n?: number): Float64Array {
  const m = x.re.length;
  if (x.im.length !== m) {
    throw new SdkError(
      'E_VALIDATION',
      `real and imaginary parts differ in length: ${m} vs ${x.im.length}`,
      {
        path: 'x',
      },
    );
  }
  const len = checkLength(n, 2 * (m - 1), 'n');
  const nIn = (len >> 1) + 1;
  const getRe = (k: number) => (k < m ? (x.re[k] as number) : 0);
  const getIm = (k: number) => (k < m ? (x.im[k] as number) : 0);
  if (len % 2 === 1 || len < 4) {
    const re = new Float64Array(len);
    const im = new Float64Array(len);
    for (let k = 0; k < nIn; k++) {
      re[k] = getRe(k);
      im[k] = k === 0 || 2 * k === len ? 0 : getIm(k);
    }
    for (let k = nIn; k < len; k++) {
      re[k] = re[len - k] as number;
      im[k] = -(im[len - k] as number);
    }
    return ifft({ re, im }).re;
  }
  const h = len >> 1;
  const tw = realTwiddles(len);
  const zr = new Float64Array(h);
  const zi = new Float64Array(h);
  for (let k = 0; k < h; k++) {
    const ar = getRe(k);
    const ai = k === 0 ? 0 : getIm(k);
    const br = getRe(h - k);
    const bi = k === 0 ? 0 : -getIm(h - k);
    // E_k = (X_k + conj X_{h-k})/2, O_k = (X_k − conj X_{h-k})·conj(w_k)/2, Z_k = E_k + i·O_k
    const er = 0.5 * (ar + br);
    const ei = 0.5 * (ai + bi);
    const dr = 0.5 * (ar - br);
    const di = 0.5 * (ai - bi);
    const wr = tw.re[k] as number;
    const wi = -(tw.im[k] as number);
    const or = dr * wr - di * wi;
    const oi = dr * wi + di * wr;
    zr[k] = er - oi;
    zi[k] = ei + or;
  }
  // inverse complex transform of half length (swapped parts, as in ifft)
  fftInPlace(zi, zr);
  const out = new Float64Array(len);
  const s = 1 / h;
  for (let j = 0; j < h; j++) {
    out[2 * j] = (zr[j] as number) * s;
    out[2 * j + 1] = (zi[j] as number) * s;
  }
  return out;
}

/** `numpy.fft.fftfreq(n, d)`: sample frequencies `[0, 1, …, ⌈n/2⌉−1, −⌊n/2⌋, …, −1] / (d·n)`. */
export function fftfreq(n: number, d = 1): Float64Array {
  if (!Number.isInteger(n) || n < 0)
    throw new SdkError('E_VALIDATION', `n must be a non-negative integer, got ${n}`, { path: 'n' });
  const out = new Float64Array(n);
  const val = 1 / (n * d);
  const pos = ((n - 1) >> 1) + 1;
  for (let i = 0; i < pos; i++) out[i] = i * val;
  for (let i = pos, k = -(n >> 1); i < n; i++, k++) out[i] = k * val;
  return out;
}

/** `numpy.fft.rfftfreq(n, d)`: `[0, 1, …, n//2] / (d·n)`. */
export function rfftfreq(n: number, d = 1): Float64Array {
  if (!Number.isInteger(n) || n < 0)
    throw new SdkError('E_VALIDATION', `n must be a non-negative integer, got ${n}`, { path: 'n' });
  const val = 1 / (n * d);
  const out = new Float64Array((n >> 1) + 1);
  for (let i = 0; i < out.length; i++) out[i] = i * val;
  return out;
}

/** scipy.fft.next_fast_len for real transforms: the smallest 5-smooth number ≥ n. */
export function nextFastLen(n: number): number {
  if (n <= 6) return Math.max(n, 1);
  let best = Number.POSITIVE_INFINITY;
  for (let p5 = 1; p5 < best; p5 *= 5) {
    for (let p35 = p5; p35 < best; p35 *= 3) {
      let v = p35;
      while (v < n) v *= 2;
      if (v < best) best = v;
      if (p35 >= n) break;
    }
    if (p5 >= n) break;
  }
  return best;
}

// Linear filtering in direct form II transposed, operation for operation as scipy's
// `_linear_filter` (lfilter) and `_sosfilt`, plus the steady-state initial conditions.
import { SdkError } from '../errors.js';
import type { ArrayLike, NdArray } from '../ndarray.js';
import type { Sos } from './design.js';

/** Second-order sections: an `[n, 6]` NdArray, rows as nested arrays, or a flat array of 6·n values. */
export type SosLike = Sos | NdArray<Float64Array> | readonly (readonly number[])[] | ArrayLike;

function toF64(x: ArrayLike, name: string): Float64Array {
  if (x === null || typeof x !== 'object' || typeof x.length !== 'number') {
    throw new SdkError('E_VALIDATION', 'expected an array of numbers', { path: name });
  }
  return x instanceof Float64Array ? x : Float64Array.from(x as Iterable<number>);
}

function checkCoefficients(c: Float64Array, name: string): void {
  if (c.length === 0)
    throw new SdkError('E_VALIDATION', `filter coefficients ${name} must not be empty`, {
      path: name,
    });
  for (let i = 0; i < c.length; i++) {
    if (!Number.isFinite(c[i] as number)) {
      throw new SdkError(
        'E_VALIDATION',
        `filter coefficient ${name}[${i}] is not finite (${c[i]})`,
        { path: name },
      );
    }
  }
}

/** Validated, normalised (a[0] = 1) and equal-length coefficient arrays. */
function prepareBa(bIn: ArrayLike, aIn: ArrayLike): { b: Float64Array; a: Float64Array } {
  const b0 = toF64(bIn, 'b');
  const a0 = toF64(aIn, 'a');
  checkCoefficients(b0, 'b');
  checkCoefficients(a0, 'a');
  if (a0[0] === 0) {
    throw new SdkError('E_VALIDATION', 'filter coefficient a[0] must not be 0', { path: 'a' });
  }
  const n = Math.max(b0.length, a0.length);
  const b = new Float64Array(n);
  const a = new Float64Array(n);
  b.set(b0);
  a.set(a0);
  const lead = a[0] as number;
  for (let i = 0; i < n; i++) {
    b[i] = (b[i] as number) / lead;
    a[i] = (a[i] as number) / lead;
  }
  return { b, a };
}

/**
 * Direct form II transposed over x, updating the delays z in place (scipy RawFilter). With
 * `backward` the samples are taken from the last to the first (filtfilt's second pass without
 * reversing copies); y may be x. Orders 0–4 have their own loops, each direction its own: V8
 * keeps the delays in registers there and indexes without arithmetic, about twice as fast as one
 * loop over `base + step·i`. The arithmetic, and so every bit of the result, is scipy's.
 */
function rawFilter(
  b: Float64Array,
  a: Float64Array,
  x: Float64Array,
  z: Float64Array,
  y: Float64Array,
  backward = false,
): void {
  const nz = b.length - 1;
  if (nz === 0) filter0(b, x, y);
  else if (nz === 1) filter1(b, a, x, z, y, backward);
  else if (nz === 2) filter2(b, a, x, z, y, backward);
  else if (nz === 3) filter3(b, a, x, z, y, backward);
  else if (nz === 4) filter4(b, a, x, z, y, backward);
  else filterN(b, a, x, z, y, backward);
}

function filter0(b: Float64Array, x: Float64Array, y: Float64Array): void {
  const b0 = b[0] as number;
  for (let j = 0; j < x.length; j++) y[j] = (x[j] as number) * b0;
}

function filter1(
  b: Float64Array,
  a: Float64Array,
  x: Float64Array,
  z: Float64Array,
  y: Float64Array,
  backward: boolean,
): void {
  const b0 = b[0] as number;
  const b1 = b[1] as number;
  const a1 = a[1] as number;
  let z0 = z[0] as number;
  if (!backward) {
    for (let j = 0; j < x.length; j++) {
      const xn = x[j] as number;
      const yn = z0 + b0 * xn;
      z0 = xn * b1 - yn * a1;
      y[j] = yn;
    }
  } else {
    for (let j = x.length - 1; j >= 0; j--) {
      const xn = x[j] as number;
      const yn = z0 + b0 * xn;
      z0 = xn * b1 - yn * a1;
      y[j] = yn;
    }
  }
  z[0] = z0;
}

function filter2(
  b: Float64Array,
  a: Float64Array,
  x: Float64Array,
  z: Float64Array,
  y: Float64Array,
  backward: boolean,
): void {
  const b0 = b[0] as number;
  const b1 = b[1] as number;
  const b2 = b[2] as number;
  const a1 = a[1] as number;
  const a2 = a[2] as number;
  let z0 = z[0] as number;
  let z1 = z[1] as number;
  if (!backward) {
    for (let j = 0; j < x.length; j++) {
      const xn = x[j] as number;
      const yn = z0 + b0 * xn;
      z0 = z1 + xn * b1 - yn * a1;
      z1 = xn * b2 - yn * a2;
      y[j] = yn;
    }
  } else {
    for (let j = x.length - 1; j >= 0; j--) {
      const xn = x[j] as number;
      const yn = z0 + b0 * xn;
      z0 = z1 + xn * b1 - yn * a1;
      z1 = xn * b2 - yn * a2;
      y[j] = yn;
    }
  }
  z[0] = z0;
  z[1] = z1;
}

function filter3(
  b: Float64Array,
  a: Float64Array,
  x: Float64Array,
  z: Float64Array,
  y: Float64Array,
  backward: boolean,
): void {
  const b0 = b[0] as number;
  const b1 = b[1] as number;
  const b2 = b[2] as number;
  const b3 = b[3] as number;
  const a1 = a[1] as number;
  const a2 = a[2] as number;
  const a3 = a[3] as number;
  let z0 = z[0] as number;
  let z1 = z[1] as number;
  let z2 = z[2] as number;
  if (!backward) {
    for (let j = 0; j < x.length; j++) {
      const xn = x[j] as number;
      const yn = z0 + b0 * xn;
      z0 = z1 + xn * b1 - yn * a1;
      z1 = z2 + xn * b2 - yn * a2;
      z2 = xn * b3 - yn * a3;
      y[j] = yn;
    }
  } else {
    for (let j = x.length - 1; j >= 0; j--) {
      const xn = x[j] as number;
      const yn = z0 + b0 * xn;
      z0 = z1 + xn * b1 - yn * a1;
      z1 = z2 + xn * b2 - yn * a2;
      z2 = xn * b3 - yn * a3;
      y[j] = yn;
    }
  }
  z[0] = z0;
  z[1] = z1;
  z[2] = z2;
}

// The 4-pole Bessel/Butterworth of the ephys paths.
function filter4(
  b: Float64Array,
  a: Float64Array,
  x: Float64Array,
  z: Float64Array,
  y: Float64Array,
  backward: boolean,
): void {
  const b0 = b[0] as number;
  const b1 = b[1] as number;
  const b2 = b[2] as number;
  const b3 = b[3] as number;
  const b4 = b[4] as number;
  const a1 = a[1] as number;
  const a2 = a[2] as number;
  const a3 = a[3] as number;
  const a4 = a[4] as number;
  let z0 = z[0] as number;
  let z1 = z[1] as number;
  let z2 = z[2] as number;
  let z3 = z[3] as number;
  if (!backward) {
    for (let j = 0; j < x.length; j++) {
      const xn = x[j] as number;
      const yn = z0 + b0 * xn;
      z0 = z1 + xn * b1 - yn * a1;
      z1 = z2 + xn * b2 - yn * a2;
      z2 = z3 + xn * b3 - yn * a3;
      z3 = xn * b4 - yn * a4;
      y[j] = yn;
    }
  } else {
    for (let j = x.length - 1; j >= 0; j--) {
      const xn = x[j] as number;
      const yn = z0 + b0 * xn;
      z0 = z1 + xn * b1 - yn * a1;
      z1 = z2 + xn * b2 - yn * a2;
      z2 = z3 + xn * b3 - yn * a3;
      z3 = xn * b4 - yn * a4;
      y[j] = yn;
    }
  }
  z[0] = z0;
  z[1] = z1;
  z[2] = z2;
  z[3] = z3;
}

function filterN(
  b: Float64Array,
  a: Float64Array,
  x: Float64Array,
  z: Float64Array,
  y: Float64Array,
  backward: boolean,
): void {
  const nz = b.length - 1;
  const n = x.length;
  const b0 = b[0] as number;
  for (let i = 0; i < n; i++) {
    const j = backward ? n - 1 - i : i;
    const xn = x[j] as number;
    const yn = (z[0] as number) + b0 * xn;
    for (let k = 0; k < nz - 1; k++) {
      z[k] = (z[k + 1] as number) + xn * (b[k + 1] as number) - yn * (a[k + 1] as number);
    }
    z[nz - 1] = xn * (b[nz] as number) - yn * (a[nz] as number);
    y[j] = yn;
  }
}

/** Output and final delays of a filter run started from given initial conditions. */
export interface FilterState {
  y: Float64Array;
  zf: Float64Array;
}

/**
 * `scipy.signal.lfilter(b, a, x, zi=None)`: y only, or `{y, zf}` when zi (length
 * `max(len(a), len(b)) − 1`) is given.
 */
export function lfilter(b: ArrayLike, a: ArrayLike, x: ArrayLike): Float64Array;
export function lfilter(b: ArrayLike, a: ArrayLike, x: ArrayLike, zi: ArrayLike): FilterState;
export function lfilter(
  b: ArrayLike,
  a: ArrayLike,
  x: ArrayLike,
  zi?: ArrayLike,
): Float64Array | FilterState {
  const c = prepareBa(b, a);
  const xs = toF64(x, 'x');
  const nz = c.b.length - 1;
  const z = new Float64Array(nz);
  if (zi !== undefined) {
    if (zi.length !== nz) {
      throw new SdkError(
        'E_VALIDATION',
        `Unexpected shape for zi: expected (${nz},), found (${zi.length},).`,
        {
          path: 'zi',
        },
      );
    }
    for (let i = 0; i < nz; i++) z[i] = zi[i] as number;
  }
  const y = new Float64Array(xs.length);
  rawFilter(c.b, c.a, xs, z, y);
  return zi === undefined ? y : { y, zf: z };
}

/** Solves A·x = B (n×n, row-major) by LU with partial pivoting, as LAPACK gesv does. */
function solveDense(A: Float64Array, B: Float64Array, n: number): Float64Array {
  const M = A.slice();
  const x = B.slice();
  for (let col = 0; col < n; col++) {
    let piv = col;
    let best = Math.abs(M[col * n + col] as number);
    for (let r = col + 1; r < n; r++) {
      const v = Math.abs(M[r * n + col] as number);
      if (v > best) {
        best = v;
        piv = r;
      }
    }
    if (best === 0)
      throw new SdkError(
        'E_VALIDATION',
        'Singular matrix: the filter has no steady state (a pole at z = 1)',
        { path: 'a' },
      );
    if (piv !== col) {
      for (let j = 0; j < n; j++) {
        const t = M[col * n + j] as number;
        M[col * n + j] = M[piv * n + j] as number;
        M[piv * n + j] = t;
      }
      const t = x[col] as number;
      x[col] = x[piv] as number;
      x[piv] = t;
    }
    const d = M[col * n + col] as number;
    for (let r = col + 1; r < n; r++) {
      const f = (M[r * n + col] as number) / d;
      if (f === 0) continue;
      M[r * n + col] = f;
      for (let j = col + 1; j < n; j++)
        M[r * n + j] = (M[r * n + j] as number) - f * (M[col * n + j] as number);
      x[r] = (x[r] as number) - f * (x[col] as number);
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r] as number;
    for (let j = r + 1; j < n; j++) s -= (M[r * n + j] as number) * (x[j] as number);
    x[r] = s / (M[r * n + r] as number);
  }
  return x;
}

/**
 * `scipy.signal.lfilter_zi(b, a)`: delays for which a unit step input is already in steady state.
 * Solves (I − Aᵀ)·zi = b[1:] − a[1:]·b[0] with the companion matrix A of a, as scipy does.
 */
export function lfilterZi(bIn: ArrayLike, aIn: ArrayLike): Float64Array {
  let a = toF64(aIn, 'a');
  let b = toF64(bIn, 'b');
  checkCoefficients(b, 'b');
  checkCoefficients(a, 'a');
  let start = 0;
  while (a.length - start > 1 && a[start] === 0) start++;
  a = a.subarray(start);
  if (a[0] === 0)
    throw new SdkError('E_VALIDATION', 'There must be at least one nonzero `a` coefficient.', {
      path: 'a',
    });
  if (a[0] !== 1) {
    const lead = a[0] as number;
    b = b.map((v) => v / lead);
    a = a.map((v) => v / lead);
  }
  const n = Math.max(a.length, b.length);
  const ap = new Float64Array(n);
  const bp = new Float64Array(n);
  ap.set(a);
  bp.set(b);
  const m = n - 1;
  if (m === 0) return new Float64Array(0);
  // companion(a).T: first column is −a[1:]/a[0], superdiagonal... transposed: first row is −a[1:], subdiag ones
  // I − companion(a).T: row i: e_i − (companion.T)[i]; companion[0][j] = −a[j+1], companion[i][i−1] = 1
  // companion.T[j][0] = −a[j+1], companion.T[i−1][i] = 1
  const IA = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    IA[i * m + i] = 1;
    IA[i * m] = (IA[i * m] as number) + (ap[i + 1] as number);
    if (i + 1 < m) IA[i * m + i + 1] = (IA[i * m + i + 1] as number) - 1;
  }
  const B = new Float64Array(m);
  const b0 = bp[0] as number;
  for (let i = 0; i < m; i++) B[i] = (bp[i + 1] as number) - (ap[i + 1] as number) * b0;
  return solveDense(IA, B, m);
}

/** Rows of a second-order-section matrix, validated (6 columns, a0 = 1, finite). */
export function sosRows(sos: SosLike): Float64Array {
  let flat: Float64Array;
  if (typeof sos === 'object' && sos !== null && 'data' in sos && 'shape' in sos) {
    const nd = sos as NdArray<Float64Array>;
    if (nd.shape.length !== 2 || nd.shape[1] !== 6) {
      throw new SdkError(
        'E_VALIDATION',
        `sos array must be shape (n_sections, 6), got (${nd.shape.join(', ')})`,
        {
          path: 'sos',
        },
      );
    }
    flat = Float64Array.from(nd.data);
  } else if (Array.isArray(sos) && sos.length > 0 && Array.isArray(sos[0])) {
    const rows = sos as readonly (readonly number[])[];
    if (rows.some((r) => r.length !== 6)) {
      throw new SdkError('E_VALIDATION', 'sos array must be shape (n_sections, 6)', {
        path: 'sos',
      });
    }
    flat = Float64Array.from(rows.flat());
  } else {
    flat = Float64Array.from(sos as Iterable<number>);
    if (flat.length % 6 !== 0) {
      throw new SdkError(
        'E_VALIDATION',
        `sos array must be shape (n_sections, 6), got ${flat.length} values`,
        {
          path: 'sos',
        },
      );
    }
  }
  if (flat.length === 0)
    throw new SdkError('E_VALIDATION', 'sos array must have at least one section', { path: 'sos' });
  for (let i = 0; i < flat.length; i++) {
    if (!Number.isFinite(flat[i] as number)) {
      throw new SdkError(
        'E_VALIDATION',
        `sos coefficient [${Math.floor(i / 6)}, ${i % 6}] is not finite`,
        { path: 'sos' },
      );
    }
  }
  for (let s = 0; s < flat.length; s += 6) {
    if (flat[s + 3] !== 1)
      throw new SdkError('E_VALIDATION', 'sos[:, 3] should be all ones', { path: 'sos' });
  }
  return flat;
}

function sosKernel(
  sos: Float64Array,
  x: Float64Array,
  zi: Float64Array,
  y: Float64Array,
  backward = false,
): void {
  const nSec = sos.length / 6;
  const n = x.length;
  const base = backward ? n - 1 : 0;
  const step = backward ? -1 : 1;
  if (nSec === 1) {
    const [b0, b1, b2, , a1, a2] = sos as unknown as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    let z0 = zi[0] as number;
    let z1 = zi[1] as number;
    for (let i = 0; i < n; i++) {
      const j = base + step * i;
      const xc = x[j] as number;
      const xn = b0 * xc + z0;
      z0 = b1 * xc - a1 * xn + z1;
      z1 = b2 * xc - a2 * xn;
      y[j] = xn;
    }
    zi[0] = z0;
    zi[1] = z1;
    return;
  }
  for (let i = 0; i < n; i++) {
    const j = base + step * i;
    let xc = x[j] as number;
    for (let s = 0, o = 0; s < nSec; s++, o += 6) {
      const zo = 2 * s;
      const xn = (sos[o] as number) * xc + (zi[zo] as number);
      zi[zo] = (sos[o + 1] as number) * xc - (sos[o + 4] as number) * xn + (zi[zo + 1] as number);
      zi[zo + 1] = (sos[o + 2] as number) * xc - (sos[o + 5] as number) * xn;
      xc = xn;
    }
    y[j] = xc;
  }
}

/** `scipy.signal.sosfilt(sos, x, zi=None)`; zi has shape `[nSections, 2]` (flat, row-major). */
export function sosfilt(sos: SosLike, x: ArrayLike): Float64Array;
export function sosfilt(sos: SosLike, x: ArrayLike, zi: ArrayLike): FilterState;
export function sosfilt(sos: SosLike, x: ArrayLike, zi?: ArrayLike): Float64Array | FilterState {
  const s = sosRows(sos);
  const xs = toF64(x, 'x');
  const nSec = s.length / 6;
  const z = new Float64Array(2 * nSec);
  if (zi !== undefined) {
    if (zi.length !== 2 * nSec) {
      throw new SdkError(
        'E_VALIDATION',
        `Invalid zi shape. With a 1-d x and ${nSec} sections, zi must hold ${2 * nSec} values (shape (${nSec}, 2)), got ${zi.length}.`,
        {
          path: 'zi',
        },
      );
    }
    for (let i = 0; i < z.length; i++) z[i] = zi[i] as number;
  }
  const y = new Float64Array(xs.length);
  sosKernel(s, xs, z, y);
  return zi === undefined ? y : { y, zf: z };
}

/** `scipy.signal.sosfilt_zi(sos)`: flat `[nSections, 2]` steady-state delays for a unit step. */
export function sosfiltZi(sos: SosLike): Float64Array {
  const s = sosRows(sos);
  const nSec = s.length / 6;
  const zi = new Float64Array(2 * nSec);
  let scale = 1.0;
  for (let k = 0; k < nSec; k++) {
    const b = s.subarray(6 * k, 6 * k + 3);
    const a = s.subarray(6 * k + 3, 6 * k + 6);
    const z = lfilterZi(b, a);
    zi[2 * k] = scale * (z[0] as number);
    zi[2 * k + 1] = scale * (z[1] as number);
    // H(1) = b.sum()/a.sum(), the DC gain of this section
    scale *=
      ((b[0] as number) + (b[1] as number) + (b[2] as number)) /
      ((a[0] as number) + (a[1] as number) + (a[2] as number));
  }
  return zi;
}

/** @internal sosfilt of validated sections over x, in place (each sample is read before it is written). */
export function sosfiltInPlace(
  sos: Float64Array,
  x: Float64Array,
  zi: Float64Array,
  backward = false,
): void {
  sosKernel(sos, x, zi, x, backward);
}

/** @internal lfilter over x, in place, from delays zi (updated). */
export function lfilterInPlace(
  bIn: ArrayLike,
  aIn: ArrayLike,
  x: Float64Array,
  zi: Float64Array,
  backward = false,
): void {
  const c = prepareBa(bIn, aIn);
  rawFilter(c.b, c.a, x, zi, x, backward);
}

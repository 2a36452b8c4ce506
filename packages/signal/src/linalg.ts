// Small dense linear algebra: LU solve/inverse (LAPACK dgesv/dgetri semantics: partial pivoting,
// singular matrices throw), the tridiagonal solver behind scipy.linalg.solve_banded((1,1)) (LAPACK
// dgtsv), minimum-norm least squares through an SVD (numpy.linalg.lstsq, rcond=None) and polyfit.
import { SdkError } from './errors.js';
import type { ArrayLike } from './ndarray.js';

/** A dense row-major matrix. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

export type MatrixInput = Matrix | readonly ArrayLike[];

function toMatrix(a: MatrixInput, path: string): Matrix {
  if (!Array.isArray(a)) {
    const m = a as Matrix;
    if (m.data.length !== m.rows * m.cols)
      throw new SdkError('E_VALIDATION', 'matrix data length does not match its shape', { path });
    return { rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) };
  }
  const rowsIn = a as readonly ArrayLike[];
  const rows = rowsIn.length;
  const cols = rows ? (rowsIn[0] as ArrayLike).length : 0;
  const data = new Float64Array(rows * cols);
  rowsIn.forEach((r, i) => {
    if (r.length !== cols)
      throw new SdkError('E_VALIDATION', 'matrix rows have different lengths', { path });
    for (let j = 0; j < cols; j++) data[i * cols + j] = r[j] as number;
  });
  return { rows, cols, data };
}

function checkFinite(m: Matrix, path: string): void {
  for (let i = 0; i < m.data.length; i++) {
    if (!Number.isFinite(m.data[i] as number))
      throw new SdkError('E_VALIDATION', 'array must not contain infs or NaNs', { path });
  }
}

/** LU factorisation with partial pivoting (dgetrf order); throws on an exactly singular pivot. */
function luFactor(m: Matrix): { lu: Float64Array; piv: Int32Array } {
  const n = m.rows;
  const lu = m.data;
  const piv = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(lu[k * n + k] as number);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + k] as number);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    piv[k] = p;
    if (best === 0) throw new SdkError('E_VALIDATION', 'Singular matrix', { path: 'a' });
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j] as number;
        lu[k * n + j] = lu[p * n + j] as number;
        lu[p * n + j] = t;
      }
    }
    const d = lu[k * n + k] as number;
    for (let i = k + 1; i < n; i++) {
      const f = (lu[i * n + k] as number) / d;
      lu[i * n + k] = f;
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++)
        lu[i * n + j] = (lu[i * n + j] as number) - f * (lu[k * n + j] as number);
    }
  }
  return { lu, piv };
}

function luSolve(lu: Float64Array, piv: Int32Array, n: number, b: Float64Array): Float64Array {
  const x = Float64Array.from(b);
  for (let k = 0; k < n; k++) {
    const p = piv[k] as number;
    if (p !== k) {
      const t = x[k] as number;
      x[k] = x[p] as number;
      x[p] = t;
    }
  }
  for (let i = 0; i < n; i++) {
    let s = x[i] as number;
    for (let j = 0; j < i; j++) s -= (lu[i * n + j] as number) * (x[j] as number);
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i] as number;
    for (let j = i + 1; j < n; j++) s -= (lu[i * n + j] as number) * (x[j] as number);
    x[i] = s / (lu[i * n + i] as number);
  }
  return x;
}

/** `numpy.linalg.solve(a, b)` for a square a and a vector b. Singular a throws (callers fall back to lstsq). */
export function solve(a: MatrixInput, b: ArrayLike): Float64Array {
  const m = toMatrix(a, 'a');
  if (m.rows !== m.cols)
    throw new SdkError('E_VALIDATION', 'Last 2 dimensions of the array must be square', {
      path: 'a',
    });
  if (b.length !== m.rows)
    throw new SdkError('E_VALIDATION', `b has length ${b.length}, expected ${m.rows}`, {
      path: 'b',
    });
  checkFinite(m, 'a');
  const { lu, piv } = luFactor(m);
  return luSolve(lu, piv, m.rows, Float64Array.from(b as ArrayLike & Iterable<number>));
}

/** `numpy.linalg.inv(a)` (row-major result). Singular a throws. */
export function inv(a: MatrixInput): Matrix {
  const m = toMatrix(a, 'a');
  const n = m.rows;
  if (n !== m.cols)
    throw new SdkError('E_VALIDATION', 'Last 2 dimensions of the array must be square', {
      path: 'a',
    });
  checkFinite(m, 'a');
  const { lu, piv } = luFactor(m);
  const out = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    const col = luSolve(lu, piv, n, e);
    for (let i = 0; i < n; i++) out[i * n + j] = col[i] as number;
  }
  return { rows: n, cols: n, data: out };
}

/** Cholesky factor L (lower) of a symmetric positive-definite 2×2 matrix [[a, b], [b, c]]. */
export function cholesky2x2(a: number, b: number, c: number): [number, number, number] {
  if (!(a > 0))
    throw new SdkError('E_VALIDATION', 'Matrix is not positive definite', { path: 'a' });
  const l11 = Math.sqrt(a);
  const l21 = b / l11;
  const d = c - l21 * l21;
  if (!(d > 0))
    throw new SdkError('E_VALIDATION', 'Matrix is not positive definite', { path: 'a' });
  return [l11, l21, Math.sqrt(d)];
}

/**
 * `scipy.linalg.solve_banded((1, 1), ab, b)`: ab[0] is the superdiagonal (ab[0][0] unused), ab[1]
 * the diagonal, ab[2] the subdiagonal (last entry unused). LAPACK dgtsv: Gaussian elimination
 * with partial pivoting; a zero pivot throws "singular matrix".
 */
export function solveBanded11(
  ab: readonly [ArrayLike, ArrayLike, ArrayLike],
  b: ArrayLike,
): Float64Array {
  const n = (ab[1] as ArrayLike).length;
  if (ab[0].length !== n || ab[2].length !== n)
    throw new SdkError('E_VALIDATION', 'ab rows must all have length n', { path: 'ab' });
  if (b.length !== n)
    throw new SdkError(
      'E_VALIDATION',
      `shapes of ab and b are not compatible (${n} vs ${b.length})`,
      { path: 'b' },
    );
  const d = new Float64Array(n);
  const du = new Float64Array(Math.max(n - 1, 0));
  const dl = new Float64Array(Math.max(n - 1, 0));
  const x = Float64Array.from(b as ArrayLike & Iterable<number>);
  for (let i = 0; i < n; i++) d[i] = ab[1][i] as number;
  for (let i = 0; i < n - 1; i++) {
    du[i] = ab[0][i + 1] as number;
    dl[i] = ab[2][i] as number;
  }
  for (const arr of [d, du, dl, x]) {
    for (let i = 0; i < arr.length; i++) {
      if (!Number.isFinite(arr[i] as number))
        throw new SdkError('E_VALIDATION', 'array must not contain infs or NaNs', { path: 'ab' });
    }
  }
  if (n === 0) return x;
  // dgtsv, NRHS = 1
  for (let i = 0; i < n - 2; i++) {
    if (Math.abs(d[i] as number) >= Math.abs(dl[i] as number)) {
      if (d[i] === 0) throw singular(i);
      const fact = (dl[i] as number) / (d[i] as number);
      d[i + 1] = (d[i + 1] as number) - fact * (du[i] as number);
      x[i + 1] = (x[i + 1] as number) - fact * (x[i] as number);
      dl[i] = 0;
    } else {
      const fact = (d[i] as number) / (dl[i] as number);
      d[i] = dl[i] as number;
      const temp = d[i + 1] as number;
      d[i + 1] = (du[i] as number) - fact * temp;
      dl[i] = du[i + 1] as number;
      du[i + 1] = -fact * (dl[i] as number);
      du[i] = temp;
      const t2 = x[i] as number;
      x[i] = x[i + 1] as number;
      x[i + 1] = t2 - fact * (x[i + 1] as number);
    }
  }
  if (n > 1) {
    const i = n - 2;
    if (Math.abs(d[i] as number) >= Math.abs(dl[i] as number)) {
      if (d[i] === 0) throw singular(i);
      const fact = (dl[i] as number) / (d[i] as number);
      d[i + 1] = (d[i + 1] as number) - fact * (du[i] as number);
      x[i + 1] = (x[i + 1] as number) - fact * (x[i] as number);
    } else {
      const fact = (d[i] as number) / (dl[i] as number);
      d[i] = dl[i] as number;
      const temp = d[i + 1] as number;
      d[i + 1] = (du[i] as number) - fact * temp;
      du[i] = temp;
      const t2 = x[i] as number;
      x[i] = x[i + 1] as number;
      x[i + 1] = t2 - fact * (x[i + 1] as number);
    }
  }
  if (d[n - 1] === 0) throw singular(n - 1);
  // back substitution with U (diagonal d, superdiagonals du and dl)
  x[n - 1] = (x[n - 1] as number) / (d[n - 1] as number);
  if (n > 1)
    x[n - 2] =
      ((x[n - 2] as number) - (du[n - 2] as number) * (x[n - 1] as number)) / (d[n - 2] as number);
  for (let i = n - 3; i >= 0; i--) {
    x[i] =
      ((x[i] as number) -
        (du[i] as number) * (x[i + 1] as number) -
        (dl[i] as number) * (x[i + 2] as number)) /
      (d[i] as number);
  }
  return x;
}

function singular(i: number): SdkError {
  return new SdkError('E_VALIDATION', `singular matrix: resolution failed at diagonal ${i}`, {
    path: 'ab',
  });
}

/** Thin SVD A = U·diag(s)·Vᵀ by one-sided Jacobi (accurate to a few ulp of ‖A‖); s descending. */
export function svd(a: MatrixInput): { u: Matrix; s: Float64Array; v: Matrix } {
  const A = toMatrix(a, 'a');
  checkFinite(A, 'a');
  const transpose = A.rows < A.cols;
  const m = transpose ? A.cols : A.rows;
  const n = transpose ? A.rows : A.cols;
  // column-major working copy of the m×n (m ≥ n) matrix
  const U = new Float64Array(m * n);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < A.cols; j++) {
      const v = A.data[i * A.cols + j] as number;
      if (transpose) U[i * m + j] = v;
      else U[j * m + i] = v;
    }
  }
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  const eps = 2.220446049250313e-16;
  for (let sweep = 0; sweep < 80; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < m; i++) {
          const up = U[p * m + i] as number;
          const uq = U[q * m + i] as number;
          alpha += up * up;
          beta += uq * uq;
          gamma += up * uq;
        }
        if (gamma === 0 || Math.abs(gamma) <= eps * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < m; i++) {
          const up = U[p * m + i] as number;
          const uq = U[q * m + i] as number;
          U[p * m + i] = c * up - s * uq;
          U[q * m + i] = s * up + c * uq;
        }
        for (let i = 0; i < n; i++) {
          const vp = V[p * n + i] as number;
          const vq = V[q * n + i] as number;
          V[p * n + i] = c * vp - s * vq;
          V[q * n + i] = s * vp + c * vq;
        }
      }
    }
    if (!rotated) break;
  }
  const sv = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += (U[j * m + i] as number) ** 2;
    sv[j] = Math.sqrt(s);
  }
  const order = Array.from({ length: n }, (_, j) => j).sort(
    (x, y) => (sv[y] as number) - (sv[x] as number),
  );
  const s = new Float64Array(n);
  const Uo = new Float64Array(m * n); // row-major m×n
  const Vo = new Float64Array(n * n); // row-major n×n
  order.forEach((j, k) => {
    const sj = sv[j] as number;
    s[k] = sj;
    for (let i = 0; i < m; i++) Uo[i * n + k] = sj > 0 ? (U[j * m + i] as number) / sj : 0;
    for (let i = 0; i < n; i++) Vo[i * n + k] = V[j * n + i] as number;
  });
  if (transpose) return { u: { rows: n, cols: n, data: Vo }, s, v: { rows: m, cols: n, data: Uo } };
  return { u: { rows: m, cols: n, data: Uo }, s, v: { rows: n, cols: n, data: Vo } };
}

/**
 * `numpy.linalg.lstsq(a, b, rcond=None)`: the minimum-norm least-squares solution, singular values
 * below `max(m, n)·ε·s_max` treated as zero. `residuals` is ‖b − a·x‖² when rank = n < m, else empty.
 */
export function lstsq(
  a: MatrixInput,
  b: ArrayLike,
  rcond?: number,
): { x: Float64Array; residuals: Float64Array; rank: number; s: Float64Array } {
  const A = toMatrix(a, 'a');
  const m = A.rows;
  const n = A.cols;
  if (b.length !== m)
    throw new SdkError(
      'E_VALIDATION',
      `Incompatible dimensions: a has ${m} rows, b has ${b.length}`,
      { path: 'b' },
    );
  const { u, s, v } = svd(A);
  const k = s.length;
  const tol = (rcond ?? 2.220446049250313e-16 * Math.max(m, n)) * (s[0] ?? 0);
  const x = new Float64Array(n);
  let rank = 0;
  for (let j = 0; j < k; j++) {
    const sj = s[j] as number;
    if (!(sj > tol)) continue;
    rank++;
    let ub = 0;
    for (let i = 0; i < u.rows; i++) ub += (u.data[i * u.cols + j] as number) * (b[i] as number);
    const c = ub / sj;
    for (let i = 0; i < n; i++) x[i] = (x[i] as number) + c * (v.data[i * v.cols + j] as number);
  }
  let residuals = new Float64Array(0);
  if (rank === n && m > n) {
    let r2 = 0;
    for (let i = 0; i < m; i++) {
      let ax = 0;
      for (let j = 0; j < n; j++) ax += (A.data[i * n + j] as number) * (x[j] as number);
      r2 += ((b[i] as number) - ax) ** 2;
    }
    residuals = Float64Array.of(r2);
  }
  return { x, residuals, rank, s };
}

/** `numpy.polyfit(x, y, deg)`: highest power first; Vandermonde columns scaled to unit norm. */
export function polyfit(x: ArrayLike, y: ArrayLike, deg: number): Float64Array {
  if (!Number.isInteger(deg) || deg < 0)
    throw new SdkError('E_VALIDATION', 'expected deg >= 0', { path: 'deg' });
  if (x.length === 0)
    throw new SdkError('E_VALIDATION', 'expected non-empty vector for x', { path: 'x' });
  if (x.length !== y.length)
    throw new SdkError('E_VALIDATION', 'expected x and y to have same length', { path: 'y' });
  const m = x.length;
  const order = deg + 1;
  const lhs = new Float64Array(m * order);
  for (let i = 0; i < m; i++) {
    let p = 1;
    for (let j = order - 1; j >= 0; j--) {
      lhs[i * order + j] = p;
      p *= x[i] as number;
    }
  }
  const scale = new Float64Array(order);
  for (let j = 0; j < order; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += (lhs[i * order + j] as number) ** 2;
    scale[j] = Math.sqrt(s);
  }
  for (let i = 0; i < m; i++)
    for (let j = 0; j < order; j++)
      lhs[i * order + j] = (lhs[i * order + j] as number) / (scale[j] as number);
  const { x: c } = lstsq({ rows: m, cols: order, data: lhs }, y, m * 2.220446049250313e-16);
  for (let j = 0; j < order; j++) c[j] = (c[j] as number) / (scale[j] as number);
  return c;
}

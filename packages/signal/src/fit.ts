// Nonlinear least squares as scipy 1.10 does it: a faithful port of MINPACK lmdif (with fdjac2,
// qrfac, lmpar, qrsolv and enorm) behind `leastsq`, and `curveFit` (method 'lm') on top of it,
// including the covariance from the R factor. Arrays follow the Fortran column-major layout.
import { SdkError } from './errors.js';
import type { ArrayLike } from './ndarray.js';

const EPSMCH = 2.22044604926e-16; // MINPACK dpmpar(1)
const DWARF = 2.22507385852e-308; // dpmpar(2)
const RDWARF = 3.834e-20;
const RGIANT = 1.304e19;

/** MINPACK enorm: Euclidean norm of x[off .. off+n) avoiding overflow and underflow. */
function enorm(n: number, x: Float64Array, off = 0): number {
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let x1max = 0;
  let x3max = 0;
  const agiant = RGIANT / n;
  for (let i = 0; i < n; i++) {
    const xabs = Math.abs(x[off + i] as number);
    if (xabs > RDWARF && xabs < agiant) {
      s2 += xabs * xabs;
    } else if (xabs > RDWARF) {
      if (xabs > x1max) {
        s1 = 1 + s1 * (x1max / xabs) ** 2;
        x1max = xabs;
      } else s1 += (xabs / x1max) ** 2;
    } else if (xabs > x3max) {
      s3 = 1 + s3 * (x3max / xabs) ** 2;
      x3max = xabs;
    } else if (xabs !== 0) s3 += (xabs / x3max) ** 2;
  }
  if (s1 !== 0) return x1max * Math.sqrt(s1 + s2 / x1max / x1max);
  if (s2 !== 0) {
    if (s2 >= x3max) return Math.sqrt(s2 * (1 + (x3max / s2) * (x3max * s3)));
    return Math.sqrt(x3max * (s2 / x3max + x3max * s3));
  }
  return x3max * Math.sqrt(s3);
}

/** MINPACK qrfac with column pivoting; a is m×n column-major (lda = m). ipvt is 0-based. */
function qrfac(
  m: number,
  n: number,
  a: Float64Array,
  ipvt: Int32Array,
  rdiag: Float64Array,
  acnorm: Float64Array,
  wa: Float64Array,
): void {
  for (let j = 0; j < n; j++) {
    acnorm[j] = enorm(m, a, j * m);
    rdiag[j] = acnorm[j] as number;
    wa[j] = rdiag[j] as number;
    ipvt[j] = j;
  }
  const minmn = Math.min(m, n);
  for (let j = 0; j < minmn; j++) {
    let kmax = j;
    for (let k = j; k < n; k++) if ((rdiag[k] as number) > (rdiag[kmax] as number)) kmax = k;
    if (kmax !== j) {
      for (let i = 0; i < m; i++) {
        const t = a[j * m + i] as number;
        a[j * m + i] = a[kmax * m + i] as number;
        a[kmax * m + i] = t;
      }
      rdiag[kmax] = rdiag[j] as number;
      wa[kmax] = wa[j] as number;
      const k = ipvt[j] as number;
      ipvt[j] = ipvt[kmax] as number;
      ipvt[kmax] = k;
    }
    let ajnorm = enorm(m - j, a, j * m + j);
    if (ajnorm !== 0) {
      if ((a[j * m + j] as number) < 0) ajnorm = -ajnorm;
      for (let i = j; i < m; i++) a[j * m + i] = (a[j * m + i] as number) / ajnorm;
      a[j * m + j] = (a[j * m + j] as number) + 1;
      for (let k = j + 1; k < n; k++) {
        let sum = 0;
        for (let i = j; i < m; i++) sum += (a[j * m + i] as number) * (a[k * m + i] as number);
        const temp = sum / (a[j * m + j] as number);
        for (let i = j; i < m; i++)
          a[k * m + i] = (a[k * m + i] as number) - temp * (a[j * m + i] as number);
        if (rdiag[k] !== 0) {
          const t = (a[k * m + j] as number) / (rdiag[k] as number);
          rdiag[k] = (rdiag[k] as number) * Math.sqrt(Math.max(0, 1 - t * t));
          if (0.05 * ((rdiag[k] as number) / (wa[k] as number)) ** 2 <= EPSMCH) {
            rdiag[k] = enorm(m - j - 1, a, k * m + j + 1);
            wa[k] = rdiag[k] as number;
          }
        }
      }
    }
    rdiag[j] = -ajnorm;
  }
}

/** MINPACK qrsolv; r is n×n column-major with leading dimension ldr. */
function qrsolv(
  n: number,
  r: Float64Array,
  ldr: number,
  ipvt: Int32Array,
  diag: Float64Array,
  qtb: Float64Array,
  x: Float64Array,
  sdiag: Float64Array,
  wa: Float64Array,
): void {
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) r[j * ldr + i] = r[i * ldr + j] as number;
    x[j] = r[j * ldr + j] as number;
    wa[j] = qtb[j] as number;
  }
  for (let j = 0; j < n; j++) {
    const l = ipvt[j] as number;
    if (diag[l] !== 0) {
      for (let k = j; k < n; k++) sdiag[k] = 0;
      sdiag[j] = diag[l] as number;
      let qtbpj = 0;
      for (let k = j; k < n; k++) {
        if (sdiag[k] === 0) continue;
        let sin: number;
        let cos: number;
        const rkk = r[k * ldr + k] as number;
        if (Math.abs(rkk) >= Math.abs(sdiag[k] as number)) {
          const tan = (sdiag[k] as number) / rkk;
          cos = 0.5 / Math.sqrt(0.25 + 0.25 * tan * tan);
          sin = cos * tan;
        } else {
          const cotan = rkk / (sdiag[k] as number);
          sin = 0.5 / Math.sqrt(0.25 + 0.25 * cotan * cotan);
          cos = sin * cotan;
        }
        r[k * ldr + k] = cos * rkk + sin * (sdiag[k] as number);
        const temp = cos * (wa[k] as number) + sin * qtbpj;
        qtbpj = -sin * (wa[k] as number) + cos * qtbpj;
        wa[k] = temp;
        for (let i = k + 1; i < n; i++) {
          const t = cos * (r[k * ldr + i] as number) + sin * (sdiag[i] as number);
          sdiag[i] = -sin * (r[k * ldr + i] as number) + cos * (sdiag[i] as number);
          r[k * ldr + i] = t;
        }
      }
    }
    sdiag[j] = r[j * ldr + j] as number;
    r[j * ldr + j] = x[j] as number;
  }
  let nsing = n;
  for (let j = 0; j < n; j++) {
    if (sdiag[j] === 0 && nsing === n) nsing = j;
    if (nsing < n) wa[j] = 0;
  }
  for (let k = 0; k < nsing; k++) {
    const j = nsing - k - 1;
    let sum = 0;
    for (let i = j + 1; i < nsing; i++) sum += (r[j * ldr + i] as number) * (wa[i] as number);
    wa[j] = ((wa[j] as number) - sum) / (sdiag[j] as number);
  }
  for (let j = 0; j < n; j++) x[ipvt[j] as number] = wa[j] as number;
}

/** MINPACK lmpar: the Levenberg–Marquardt parameter; returns the new par. */
function lmpar(
  n: number,
  r: Float64Array,
  ldr: number,
  ipvt: Int32Array,
  diag: Float64Array,
  qtb: Float64Array,
  delta: number,
  parIn: number,
  x: Float64Array,
  sdiag: Float64Array,
  wa1: Float64Array,
  wa2: Float64Array,
): number {
  let par = parIn;
  let nsing = n;
  for (let j = 0; j < n; j++) {
    wa1[j] = qtb[j] as number;
    if (r[j * ldr + j] === 0 && nsing === n) nsing = j;
    if (nsing < n) wa1[j] = 0;
  }
  for (let k = 0; k < nsing; k++) {
    const j = nsing - k - 1;
    wa1[j] = (wa1[j] as number) / (r[j * ldr + j] as number);
    const temp = wa1[j] as number;
    for (let i = 0; i < j; i++) wa1[i] = (wa1[i] as number) - (r[j * ldr + i] as number) * temp;
  }
  for (let j = 0; j < n; j++) x[ipvt[j] as number] = wa1[j] as number;
  let iter = 0;
  for (let j = 0; j < n; j++) wa2[j] = (diag[j] as number) * (x[j] as number);
  let dxnorm = enorm(n, wa2);
  let fp = dxnorm - delta;
  if (fp <= 0.1 * delta) return 0;
  let parl = 0;
  if (nsing >= n) {
    for (let j = 0; j < n; j++) {
      const l = ipvt[j] as number;
      wa1[j] = (diag[l] as number) * ((wa2[l] as number) / dxnorm);
    }
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let i = 0; i < j; i++) sum += (r[j * ldr + i] as number) * (wa1[i] as number);
      wa1[j] = ((wa1[j] as number) - sum) / (r[j * ldr + j] as number);
    }
    const temp = enorm(n, wa1);
    parl = fp / delta / temp / temp;
  }
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let i = 0; i <= j; i++) sum += (r[j * ldr + i] as number) * (qtb[i] as number);
    wa1[j] = sum / (diag[ipvt[j] as number] as number);
  }
  const gnorm = enorm(n, wa1);
  let paru = gnorm / delta;
  if (paru === 0) paru = DWARF / Math.min(delta, 0.1);
  par = Math.max(par, parl);
  par = Math.min(par, paru);
  if (par === 0) par = gnorm / dxnorm;
  for (;;) {
    iter++;
    if (par === 0) par = Math.max(DWARF, 0.001 * paru);
    const temp = Math.sqrt(par);
    for (let j = 0; j < n; j++) wa1[j] = temp * (diag[j] as number);
    qrsolv(n, r, ldr, ipvt, wa1, qtb, x, sdiag, wa2);
    for (let j = 0; j < n; j++) wa2[j] = (diag[j] as number) * (x[j] as number);
    dxnorm = enorm(n, wa2);
    const told = fp;
    fp = dxnorm - delta;
    if (Math.abs(fp) <= 0.1 * delta || (parl === 0 && fp <= told && told < 0) || iter === 10) break;
    for (let j = 0; j < n; j++) {
      const l = ipvt[j] as number;
      wa1[j] = (diag[l] as number) * ((wa2[l] as number) / dxnorm);
    }
    for (let j = 0; j < n; j++) {
      wa1[j] = (wa1[j] as number) / (sdiag[j] as number);
      const t = wa1[j] as number;
      for (let i = j + 1; i < n; i++) wa1[i] = (wa1[i] as number) - (r[j * ldr + i] as number) * t;
    }
    const tn = enorm(n, wa1);
    const parc = fp / delta / tn / tn;
    if (fp > 0) parl = Math.max(parl, par);
    if (fp < 0) paru = Math.min(paru, par);
    par = Math.max(parl, par + parc);
  }
  return iter === 0 ? 0 : par;
}

export interface LeastsqOptions {
  ftol?: number;
  xtol?: number;
  gtol?: number;
  /** Default 200·(n+1), as scipy. */
  maxfev?: number;
  /** Default machine epsilon, as scipy. */
  epsfcn?: number;
  factor?: number;
  /** Scale factors (MINPACK mode 2); omitted = mode 1 (column norms). */
  diag?: ArrayLike;
}

export interface LeastsqResult {
  x: Float64Array;
  /** MINPACK info: 1–4 success, 5 maxfev reached, 6–8 tolerances too small. */
  ier: number;
  nfev: number;
  fvec: Float64Array;
  /** The R factor and Householder vectors, n×m row-major as scipy returns `fjac`. */
  fjac: Float64Array;
  /** 1-based pivot indices, as scipy returns them. */
  ipvt: Int32Array;
  qtf: Float64Array;
  /** `cov_x` from `leastsq(full_output=True)`: (RᵀR)⁻¹ with the pivoting undone; null if singular. */
  covX: Float64Array | null;
  message: string;
}

const MESSAGES: Record<number, string> = {
  0: 'Improper input parameters.',
  1: 'Both actual and predicted relative reductions in the sum of squares\n  are at most %ftol',
  2: 'The relative error between two consecutive iterates is at most %xtol',
  3: 'Both actual and predicted relative reductions in the sum of squares\n  are at most %ftol and the relative error between two consecutive iterates is at \n  most %xtol',
  4: 'The cosine of the angle between func(x) and any column of the\n  Jacobian is at most %gtol in absolute value',
  5: 'Number of calls to function has reached maxfev = %maxfev.',
  6: 'ftol=%ftol is too small, no further reduction in the sum of squares\n  is possible.',
  7: 'xtol=%xtol is too small, no further improvement in the approximate\n  solution is possible.',
  8: 'gtol=%gtol is too small, func(x) is orthogonal to the columns of\n  the Jacobian to machine precision.',
};

/**
 * `scipy.optimize.leastsq(func, x0)`: minimise Σ func(x)² with MINPACK lmdif (forward-difference
 * Jacobian). `func` returns the m residuals for parameters x.
 */
export function leastsq(
  func: (x: Float64Array) => ArrayLike,
  x0: ArrayLike,
  options: LeastsqOptions = {},
): LeastsqResult {
  const n = x0.length;
  const x = Float64Array.from(x0 as ArrayLike & Iterable<number>);
  const call = (p: Float64Array): Float64Array =>
    Float64Array.from(func(Float64Array.from(p)) as ArrayLike & Iterable<number>);
  let fvec = call(x);
  const m = fvec.length;
  if (n > m)
    throw new SdkError(
      'E_VALIDATION',
      `Improper input: func (m=${m}) returned less than N=${n} values`,
      { path: 'x0' },
    );
  const ftol = options.ftol ?? 1.49012e-8;
  const xtol = options.xtol ?? 1.49012e-8;
  const gtol = options.gtol ?? 0;
  const maxfev = options.maxfev ?? 200 * (n + 1);
  const epsfcn = options.epsfcn ?? 2.220446049250313e-16;
  const factor = options.factor ?? 100;
  const mode = options.diag ? 2 : 1;
  const diag = new Float64Array(n);
  if (options.diag) {
    if (options.diag.length !== n)
      throw new SdkError('E_VALIDATION', 'diag must have length n', { path: 'diag' });
    for (let j = 0; j < n; j++) diag[j] = options.diag[j] as number;
  }
  const fjac = new Float64Array(m * n);
  const ipvt = new Int32Array(n);
  const qtf = new Float64Array(n);
  const wa1 = new Float64Array(n);
  const wa2 = new Float64Array(n);
  const wa3 = new Float64Array(n);
  let wa4 = new Float64Array(m);
  let info = 0;
  let nfev = 1;
  const finish = (): LeastsqResult => {
    const fjacT = new Float64Array(n * m); // scipy returns fjac transposed: n×m row-major = our column-major
    fjacT.set(fjac);
    const ipvt1 = ipvt.map((v) => v + 1);
    return {
      x,
      ier: info,
      nfev,
      fvec,
      fjac: fjacT,
      ipvt: ipvt1,
      qtf,
      covX: [1, 2, 3, 4].includes(info) ? covFromR(n, m, fjac, ipvt) : null,
      message: (MESSAGES[info] ?? 'Unknown error.')
        .replace('%ftol', String(ftol))
        .replace('%xtol', String(xtol))
        .replace('%gtol', String(gtol))
        .replace('%maxfev', String(maxfev)),
    };
  };
  if (n <= 0 || ftol < 0 || xtol < 0 || gtol < 0 || maxfev <= 0 || factor <= 0) return finish();
  if (mode === 2) for (let j = 0; j < n; j++) if ((diag[j] as number) <= 0) return finish();
  let fnorm = enorm(m, fvec);
  let par = 0;
  let iter = 1;
  let delta = 0;
  let xnorm = 0;
  const eps = Math.sqrt(Math.max(epsfcn, EPSMCH));
  for (;;) {
    // fdjac2
    for (let j = 0; j < n; j++) {
      const temp = x[j] as number;
      let h = eps * Math.abs(temp);
      if (h === 0) h = eps;
      x[j] = temp + h;
      const wa = call(x);
      x[j] = temp;
      for (let i = 0; i < m; i++) fjac[j * m + i] = ((wa[i] as number) - (fvec[i] as number)) / h;
    }
    nfev += n;
    qrfac(m, n, fjac, ipvt, wa1, wa2, wa3);
    if (iter === 1) {
      if (mode !== 2) for (let j = 0; j < n; j++) diag[j] = wa2[j] === 0 ? 1 : (wa2[j] as number);
      for (let j = 0; j < n; j++) wa3[j] = (diag[j] as number) * (x[j] as number);
      xnorm = enorm(n, wa3);
      delta = factor * xnorm;
      if (delta === 0) delta = factor;
    }
    wa4 = Float64Array.from(fvec);
    for (let j = 0; j < n; j++) {
      const fjj = fjac[j * m + j] as number;
      if (fjj !== 0) {
        let sum = 0;
        for (let i = j; i < m; i++) sum += (fjac[j * m + i] as number) * (wa4[i] as number);
        const temp = -sum / fjj;
        for (let i = j; i < m; i++)
          wa4[i] = (wa4[i] as number) + (fjac[j * m + i] as number) * temp;
      }
      fjac[j * m + j] = wa1[j] as number;
      qtf[j] = wa4[j] as number;
    }
    let gnorm = 0;
    if (fnorm !== 0) {
      for (let j = 0; j < n; j++) {
        const l = ipvt[j] as number;
        if (wa2[l] !== 0) {
          let sum = 0;
          for (let i = 0; i <= j; i++)
            sum += (fjac[j * m + i] as number) * ((qtf[i] as number) / fnorm);
          gnorm = Math.max(gnorm, Math.abs(sum / (wa2[l] as number)));
        }
      }
    }
    if (gnorm <= gtol) info = 4;
    if (info !== 0) return finish();
    if (mode !== 2)
      for (let j = 0; j < n; j++) diag[j] = Math.max(diag[j] as number, wa2[j] as number);
    let ratio: number;
    do {
      par = lmpar(n, fjac, m, ipvt, diag, qtf, delta, par, wa1, wa2, wa3, wa4);
      for (let j = 0; j < n; j++) {
        wa1[j] = -(wa1[j] as number);
        wa2[j] = (x[j] as number) + (wa1[j] as number);
        wa3[j] = (diag[j] as number) * (wa1[j] as number);
      }
      const pnorm = enorm(n, wa3);
      if (iter === 1) delta = Math.min(delta, pnorm);
      const fv = call(wa2);
      nfev++;
      const fnorm1 = enorm(m, fv);
      let actred = -1;
      if (0.1 * fnorm1 < fnorm) actred = 1 - (fnorm1 / fnorm) ** 2;
      for (let j = 0; j < n; j++) {
        wa3[j] = 0;
        const temp = wa1[ipvt[j] as number] as number;
        for (let i = 0; i <= j; i++)
          wa3[i] = (wa3[i] as number) + (fjac[j * m + i] as number) * temp;
      }
      const temp1 = enorm(n, wa3) / fnorm;
      const temp2 = (Math.sqrt(par) * pnorm) / fnorm;
      const prered = temp1 ** 2 + temp2 ** 2 / 0.5;
      const dirder = -(temp1 ** 2 + temp2 ** 2);
      ratio = 0;
      if (prered !== 0) ratio = actred / prered;
      if (ratio <= 0.25) {
        let temp = actred >= 0 ? 0.5 : (0.5 * dirder) / (dirder + 0.5 * actred);
        if (0.1 * fnorm1 >= fnorm || temp < 0.1) temp = 0.1;
        delta = temp * Math.min(delta, pnorm / 0.1);
        par = par / temp;
      } else if (par === 0 || ratio >= 0.75) {
        delta = pnorm / 0.5;
        par = 0.5 * par;
      }
      if (ratio >= 1e-4) {
        for (let j = 0; j < n; j++) {
          x[j] = wa2[j] as number;
          wa2[j] = (diag[j] as number) * (x[j] as number);
        }
        fvec = fv;
        xnorm = enorm(n, wa2);
        fnorm = fnorm1;
        iter++;
      }
      if (Math.abs(actred) <= ftol && prered <= ftol && 0.5 * ratio <= 1) info = 1;
      if (delta <= xtol * xnorm) info = 2;
      if (Math.abs(actred) <= ftol && prered <= ftol && 0.5 * ratio <= 1 && info === 2) info = 3;
      if (info !== 0) return finish();
      if (nfev >= maxfev) info = 5;
      if (Math.abs(actred) <= EPSMCH && prered <= EPSMCH && 0.5 * ratio <= 1) info = 6;
      if (delta <= EPSMCH * xnorm) info = 7;
      if (gnorm <= EPSMCH) info = 8;
      if (info !== 0) return finish();
    } while (ratio < 1e-4);
  }
}

/** scipy's cov_x: invert the upper-triangular R (LAPACK trtri), undo the pivoting, form R⁻¹R⁻ᵀ. */
function covFromR(n: number, m: number, fjac: Float64Array, ipvt: Int32Array): Float64Array | null {
  // R[i][j] = fjac column j, row i (i ≤ j)
  const R = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i <= j; i++) R[i * n + j] = fjac[j * m + i] as number;
  for (let i = 0; i < n; i++) if (R[i * n + i] === 0) return null;
  const inv = new Float64Array(n * n);
  for (let j = n - 1; j >= 0; j--) {
    inv[j * n + j] = 1 / (R[j * n + j] as number);
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s += (R[i * n + k] as number) * (inv[k * n + j] as number);
      inv[i * n + j] = -s / (R[i * n + i] as number);
    }
  }
  // invR[perm] = invR: row i of the result is row i of inv placed at ipvt[i]
  const P = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) P[(ipvt[i] as number) * n + j] = inv[i * n + j] as number;
  const cov = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += (P[i * n + k] as number) * (P[j * n + k] as number);
      cov[i * n + j] = s;
    }
  }
  return cov;
}

export interface CurveFitResult {
  popt: Float64Array;
  /** n×n row-major covariance; all +∞ when it cannot be estimated (singular, or m = n). */
  pcov: Float64Array;
  nfev: number;
  ier: number;
}

/**
 * `scipy.optimize.curve_fit(f, xdata, ydata, p0, sigma, maxfev)` with method 'lm' (no bounds).
 * `f(x, p)` returns the model at every x for parameters p. Non-finite data, m < n and a failed fit
 * (ier ∉ 1…4, e.g. maxfev reached) throw.
 */
export function curveFit(
  f: (x: Float64Array, p: Float64Array) => ArrayLike,
  xdata: ArrayLike,
  ydata: ArrayLike,
  options: { p0: ArrayLike; sigma?: ArrayLike; absoluteSigma?: boolean } & LeastsqOptions,
): CurveFitResult {
  const x = Float64Array.from(xdata as ArrayLike & Iterable<number>);
  const y = Float64Array.from(ydata as ArrayLike & Iterable<number>);
  for (const [arr, path] of [
    [x, 'xdata'],
    [y, 'ydata'],
  ] as const) {
    for (let i = 0; i < arr.length; i++) {
      if (!Number.isFinite(arr[i] as number))
        throw new SdkError('E_VALIDATION', 'array must not contain infs or NaNs', { path });
    }
  }
  if (y.length === 0)
    throw new SdkError('E_VALIDATION', '`ydata` must not be empty!', { path: 'ydata' });
  const p0 = options.p0;
  const n = p0.length;
  if (n > y.length) {
    throw new SdkError(
      'E_VALIDATION',
      `Improper input: func (m=${y.length}) returned less than N=${n} values`,
      { path: 'p0' },
    );
  }
  let weight: Float64Array | null = null;
  if (options.sigma) {
    if (options.sigma.length !== y.length)
      throw new SdkError('E_VALIDATION', '`sigma` has incorrect shape.', { path: 'sigma' });
    weight = Float64Array.from(options.sigma as ArrayLike & Iterable<number>).map((s) => 1 / s);
  }
  const residual = (p: Float64Array): Float64Array => {
    const model = f(x, p);
    if (model.length !== y.length)
      throw new SdkError('E_VALIDATION', 'model returned the wrong number of values', {
        path: 'f',
      });
    const r = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) {
      const d = (model[i] as number) - (y[i] as number);
      r[i] = weight ? (weight[i] as number) * d : d;
    }
    return r;
  };
  const res = leastsq(residual, p0, options);
  if (![1, 2, 3, 4].includes(res.ier)) {
    throw new SdkError('E_VALIDATION', `Optimal parameters not found: ${res.message}`, {
      path: 'p0',
    });
  }
  let cost = 0;
  for (let i = 0; i < res.fvec.length; i++) cost += (res.fvec[i] as number) ** 2;
  let pcov: Float64Array;
  if (!res.covX) pcov = new Float64Array(n * n).fill(Number.POSITIVE_INFINITY);
  else if (options.absoluteSigma) pcov = res.covX;
  else if (y.length > n) {
    const s2 = cost / (y.length - n);
    pcov = res.covX.map((v) => v * s2);
  } else pcov = new Float64Array(n * n).fill(Number.POSITIVE_INFINITY);
  return { popt: res.x, pcov, nfev: res.nfev, ier: res.ier };
}

/** Akaike information criterion from the residual sum of squares (allensdk `internal.model.AIC`). */
export function aic(rss: number, k: number, n: number): number {
  return 2 * k + n * Math.log(rss / n);
}

/** Small-sample corrected AIC (allensdk `AICc`: no correction when n − k − 1 = 0). */
export function aicc(rss: number, k: number, n: number): number {
  const r = aic(rss, k, n);
  return n - k - 1 !== 0 ? r + (2.0 * k * (k + 1)) / (n - k - 1) : r;
}

/** Bayesian information criterion (allensdk `BIC`). */
export function bic(rss: number, k: number, n: number): number {
  return n * Math.log(rss / n) + k * Math.log(n);
}

export interface NelderMeadResult {
  x: Float64Array;
  fun: number;
  nit: number;
  nfev: number;
  /** 0 success, 1 maxfev reached, 2 maxiter reached (scipy's warnflag). */
  status: number;
  finalSimplex: Float64Array[];
}

class MaxFuncCall extends Error {}

/**
 * `scipy.optimize.minimize(f, x0, method='Nelder-Mead')` as in scipy 1.10 (adaptive=False, no
 * bounds): the same initial simplex, branch order, stable sort and stopping rules, so nfev matches.
 */
export function nelderMead(
  f: (x: Float64Array) => number,
  x0: ArrayLike,
  options: {
    xatol?: number;
    fatol?: number;
    maxiter?: number;
    maxfev?: number;
    initialSimplex?: readonly ArrayLike[];
  } = {},
): NelderMeadResult {
  const xatol = options.xatol ?? 1e-4;
  const fatol = options.fatol ?? 1e-4;
  const rho = 1;
  const chi = 2;
  const psi = 0.5;
  const sigma = 0.5;
  const N0 = x0.length;
  let sim: Float64Array[];
  if (options.initialSimplex) {
    sim = options.initialSimplex.map((r) => Float64Array.from(r as ArrayLike & Iterable<number>));
    if (sim.length !== (sim[0]?.length ?? 0) + 1) {
      throw new SdkError('E_VALIDATION', '`initial_simplex` should be an array of shape (N+1,N)', {
        path: 'initialSimplex',
      });
    }
    if ((sim[0] as Float64Array).length !== N0) {
      throw new SdkError('E_VALIDATION', 'Size of `initial_simplex` is not consistent with `x0`', {
        path: 'initialSimplex',
      });
    }
  } else {
    const base = Float64Array.from(x0 as ArrayLike & Iterable<number>);
    sim = [base];
    for (let k = 0; k < N0; k++) {
      const y = Float64Array.from(base);
      y[k] = y[k] !== 0 ? (1 + 0.05) * (y[k] as number) : 0.00025;
      sim.push(y);
    }
  }
  const N = (sim[0] as Float64Array).length;
  let maxiter = options.maxiter;
  let maxfun = options.maxfev;
  if (maxiter === undefined && maxfun === undefined) {
    maxiter = N * 200;
    maxfun = N * 200;
  } else if (maxiter === undefined)
    maxiter = maxfun === Number.POSITIVE_INFINITY ? N * 200 : Number.POSITIVE_INFINITY;
  else if (maxfun === undefined)
    maxfun = maxiter === Number.POSITIVE_INFINITY ? N * 200 : Number.POSITIVE_INFINITY;
  const maxIt = maxiter as number;
  const maxFun = maxfun as number;
  let ncalls = 0;
  const func = (x: Float64Array): number => {
    if (ncalls >= maxFun) throw new MaxFuncCall();
    ncalls++;
    const v = f(Float64Array.from(x));
    if (typeof v !== 'number')
      throw new SdkError(
        'E_VALIDATION',
        'The user-provided objective function must return a scalar value.',
        { path: 'f' },
      );
    return v;
  };
  let fsim = new Float64Array(N + 1).fill(Number.POSITIVE_INFINITY);
  const sortSim = () => {
    const ind = Array.from({ length: N + 1 }, (_, i) => i).sort((a, b) => {
      const fa = fsim[a] as number;
      const fb = fsim[b] as number;
      if (fa < fb || (Number.isNaN(fb) && !Number.isNaN(fa))) return -1;
      if (fb < fa || (Number.isNaN(fa) && !Number.isNaN(fb))) return 1;
      return a - b;
    });
    sim = ind.map((i) => sim[i] as Float64Array);
    fsim = Float64Array.from(ind.map((i) => fsim[i] as number));
  };
  try {
    for (let k = 0; k <= N; k++) fsim[k] = func(sim[k] as Float64Array);
  } catch (e) {
    if (!(e instanceof MaxFuncCall)) throw e;
  }
  sortSim();
  let iterations = 1;
  const comb = (a: number, u: Float64Array, b: number, v: Float64Array): Float64Array => {
    const out = new Float64Array(N);
    for (let i = 0; i < N; i++) out[i] = a * (u[i] as number) - b * (v[i] as number);
    return out;
  };
  while (ncalls < maxFun && iterations < maxIt) {
    try {
      let dx = 0;
      let dfv = 0;
      const s0 = sim[0] as Float64Array;
      for (let j = 1; j <= N; j++) {
        const sj = sim[j] as Float64Array;
        for (let i = 0; i < N; i++)
          dx = Math.max(dx, Math.abs((sj[i] as number) - (s0[i] as number)));
        dfv = Math.max(dfv, Math.abs((fsim[0] as number) - (fsim[j] as number)));
      }
      if (dx <= xatol && dfv <= fatol) break;
      const xbar = new Float64Array(N);
      for (let j = 0; j < N; j++) {
        const sj = sim[j] as Float64Array;
        for (let i = 0; i < N; i++) xbar[i] = (xbar[i] as number) + (sj[i] as number);
      }
      for (let i = 0; i < N; i++) xbar[i] = (xbar[i] as number) / N;
      const worst = sim[N] as Float64Array;
      const xr = comb(1 + rho, xbar, rho, worst);
      const fxr = func(xr);
      let doshrink = false;
      if (fxr < (fsim[0] as number)) {
        const xe = comb(1 + rho * chi, xbar, rho * chi, worst);
        const fxe = func(xe);
        if (fxe < fxr) {
          sim[N] = xe;
          fsim[N] = fxe;
        } else {
          sim[N] = xr;
          fsim[N] = fxr;
        }
      } else if (fxr < (fsim[N - 1] as number)) {
        sim[N] = xr;
        fsim[N] = fxr;
      } else {
        if (fxr < (fsim[N] as number)) {
          const xc = comb(1 + psi * rho, xbar, psi * rho, worst);
          const fxc = func(xc);
          if (fxc <= fxr) {
            sim[N] = xc;
            fsim[N] = fxc;
          } else doshrink = true;
        } else {
          const xcc = new Float64Array(N);
          for (let i = 0; i < N; i++)
            xcc[i] = (1 - psi) * (xbar[i] as number) + psi * (worst[i] as number);
          const fxcc = func(xcc);
          if (fxcc < (fsim[N] as number)) {
            sim[N] = xcc;
            fsim[N] = fxcc;
          } else doshrink = true;
        }
        if (doshrink) {
          for (let j = 1; j <= N; j++) {
            const sj = sim[j] as Float64Array;
            const s0b = sim[0] as Float64Array;
            const nj = new Float64Array(N);
            for (let i = 0; i < N; i++)
              nj[i] = (s0b[i] as number) + sigma * ((sj[i] as number) - (s0b[i] as number));
            sim[j] = nj;
            fsim[j] = func(nj);
          }
        }
      }
      iterations++;
    } catch (e) {
      if (!(e instanceof MaxFuncCall)) throw e;
    } finally {
      sortSim();
    }
  }
  let fval = Number.POSITIVE_INFINITY;
  for (let i = 0; i <= N; i++) if ((fsim[i] as number) < fval) fval = fsim[i] as number;
  const status = ncalls >= maxFun ? 1 : iterations >= maxIt ? 2 : 0;
  return {
    x: Float64Array.from(sim[0] as Float64Array),
    fun: fval,
    nit: iterations,
    nfev: ncalls,
    status,
    finalSimplex: sim,
  };
}

// biome-ignore-all lint/correctness/noPrecisionLoss: coefficient tables are copied digit for digit from
// the reference C sources so that they parse to exactly the doubles its compiler produced.
// Distribution functions as scipy.stats 1.10 evaluates them: normal (ndtr/ndtri), Student t,
// F (fdtrc), χ² (igam/igamc), and the two-sided Kolmogorov–Smirnov distribution `kstwo`
// (a port of scipy/stats/_ksstats.py `_kolmogn` and Cephes `smirnov`).
import { SdkError } from './errors.js';
import { betainc, gammainc, gammaincc, ndtr, ndtri } from './special.js';

/** `norm.cdf(x)` = `ndtr(x)`. */
export function normCdf(x: number): number {
  return ndtr(x);
}

/** `norm.sf(x)` = `ndtr(−x)`. */
export function normSf(x: number): number {
  return ndtr(-x);
}

/** `norm.ppf(p)` = `ndtri(p)`; NaN outside [0, 1]. */
export function normPpf(p: number): number {
  return ndtri(p);
}

/** `norm.pdf(x)`. */
export function normPdf(x: number): number {
  return Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
}

/**
 * `t.cdf(t, df)` = `scipy.special.stdtr(df, t)`.
 *
 * scipy 1.10 evaluates stdtr with CDFLIB's `cumt`, i.e. the incomplete beta ratio of
 * x = df/(df+t²) and its complement y = t²/(df+t²) (both passed exactly). We use Cephes `incbet`
 * on whichever of x and y avoids cancellation; the two agree to ~1e-11 relative or better.
 */
export function tCdf(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df) || !(df > 0)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  if (df === Number.POSITIVE_INFINITY) return ndtr(t);
  const tail = tTail(Math.abs(t), df);
  return t <= 0 ? tail : 0.5 + (0.5 - tail);
}

/** `t.sf(t, df)` = `stdtr(df, −t)`. */
export function tSf(t: number, df: number): number {
  return tCdf(-t, df);
}

/** P(T ≤ −|t|) = ½·I_{df/(df+t²)}(df/2, ½). */
function tTail(at: number, df: number): number {
  const tt = at * at;
  const dfptt = df + tt;
  const xx = df / dfptt;
  const yy = tt / dfptt;
  // For |t| < 1 the tail is far from 0, so the complement (computed from the exact small yy)
  // loses nothing, while df/(df+t²) may have rounded to 1; otherwise the direct tail avoids
  // cancellation.
  if (tt < 1) return 0.5 * (1 - betainc(0.5, 0.5 * df, yy));
  return 0.5 * betainc(0.5 * df, 0.5, xx);
}

/** `f.sf(F, d1, d2)` = `fdtrc(d1, d2, F)` (Cephes). */
export function fSf(f: number, d1: number, d2: number): number {
  if (Number.isNaN(f) || !(d1 > 0) || !(d2 > 0) || f < 0) return Number.NaN;
  if (f === Number.POSITIVE_INFINITY) return 0;
  const w = d2 / (d2 + d1 * f);
  return betainc(0.5 * d2, 0.5 * d1, w);
}

/** `f.cdf(F, d1, d2)` = `fdtr` (Cephes): I_{d1·F/(d2+d1·F)}(d1/2, d2/2). */
export function fCdf(f: number, d1: number, d2: number): number {
  if (Number.isNaN(f) || !(d1 > 0) || !(d2 > 0) || f < 0) return Number.NaN;
  if (f === Number.POSITIVE_INFINITY) return 1;
  const w = (d1 * f) / (d2 + d1 * f);
  return betainc(0.5 * d1, 0.5 * d2, w);
}

/** `chi2.cdf(x, k)` = `chdtr(k, x)` = `gammainc(k/2, x/2)`; x < 0 → 0; k ≤ 0 → NaN. */
export function chi2Cdf(x: number, k: number): number {
  if (Number.isNaN(x) || !(k > 0)) return Number.NaN;
  if (x <= 0) return 0;
  return gammainc(k / 2, x / 2);
}

/** `chi2.sf(x, k)` = `chdtrc(k, x)` = `gammaincc(k/2, x/2)`. */
export function chi2Sf(x: number, k: number): number {
  if (Number.isNaN(x) || !(k > 0)) return Number.NaN;
  if (x <= 0) return 1;
  return gammaincc(k / 2, x / 2);
}

/** `halfnorm(loc=0, scale).pdf(x)`. */
export function halfnormPdf(x: number, scale = 1): number {
  if (!(scale > 0))
    throw new SdkError('E_VALIDATION', `scale must be > 0, got ${scale}`, { path: 'scale' });
  const y = x / scale;
  if (!(y >= 0)) return Number.isNaN(y) ? Number.NaN : 0;
  return (Math.sqrt(2 / Math.PI) * Math.exp((-y * y) / 2)) / scale;
}

// ---------------------------------------------------------------- Kolmogorov–Smirnov

const clip01 = (p: number): number => Math.min(Math.max(p, 0), 1);

/**
 * Cephes `smirnov(n, x)`: the one-sided SF P(D⁺_n ≥ x) (Birnbaum–Tingey sum). scipy accumulates in
 * double-double; we accumulate the positive terms in plain double with each power taken through
 * `exp(m·log1p(·))`, which keeps the relative error near n·ε.
 */
export function smirnov(n: number, x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (!(n > 0 && x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const nx = n * x;
  let nxfl = Math.floor(nx);
  let alpha = nx - nxfl;
  if (alpha === 1) {
    nxfl += 1;
    alpha = 0;
  }
  let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1);
  let n1mxceil = n - nxfl;
  if (alpha === 0) {
    n1mxfl -= 1;
    n1mxceil += 1;
  }
  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    const t = (1 + x) ** (n - 1);
    return 1 - x * t;
  }
  if (-2 * n * x * x < -7.451332191019412076235e2) return 0;
  if (nxfl >= n - 1) return (1 - x) ** n;
  if (n > 1000000) {
    const logp = -((6.0 * n * x + 1) ** 2) / 18.0 / n;
    return logp < -Math.LN2 ? Math.exp(logp) : 1 - -Math.expm1(logp);
  }
  const nUpperTerms = n - n1mxceil + 1;
  const useUpper =
    (nUpperTerms <= 1 && x < 0.5) || (n >= 10 && nUpperTerms <= 3 && x <= 0.5 / Math.sqrt(n));
  // log C(n, j) by recurrence, in log space to avoid overflow
  let logC = 0;
  let sum = 0;
  const vmid = Math.floor(n / 2);
  let start: number;
  let step: number;
  let nTerms: number;
  let first: number;
  if (useUpper) {
    start = n;
    step = -1;
    nTerms = n - n1mxceil + 1;
    first = (n - 1) * Math.log1p(x); // (1+x)^(n−1)
  } else {
    start = 0;
    step = 1;
    nTerms = n1mxfl + 1;
    first = n * Math.log1p(-x) - Math.log(x); // (1−x)^n / x
  }
  sum = Math.exp(first);
  logC += Math.log((n - 0) / 1);
  for (let j = 1; j < nTerms; j++) {
    const v = start + j * step;
    // A_v = C(n, v)·((n−v)/n − x)^(n−v)·(v/n + x)^(v−1)
    const t2x = (n - v - nx) / n;
    const t1x = (v + nx) / n;
    // the upper sum has t2x ≤ 0, so its terms alternate in sign
    let logA = logC + (v - 1) * Math.log(t1x);
    let sign = 1;
    if (n - v > 0) {
      logA += (n - v) * Math.log(Math.abs(t2x));
      if (t2x < 0 && (n - v) % 2 === 1) sign = -1;
    }
    const a = t2x === 0 && n - v > 0 ? 0 : sign * Math.exp(logA);
    if (a !== 0 && Number.isFinite(a)) sum += a;
    if (a !== 0) {
      if (4 * (nTerms - j) * Math.abs(a) < Number.EPSILON * sum && j !== nTerms - 1) break;
    } else if (j > vmid) break;
    logC += Math.log((n - j) / (j + 1));
  }
  const prob = x * sum;
  const sf = step < 0 ? 1 - prob : prob;
  return clip01(sf);
}

const LOG_2PI = Math.log(2 * Math.PI);
const STIRLING = [
  -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3,
  8.4175084175084175084e-4, -5.952380952380952381e-4, 7.9365079365079365079e-4,
  -2.7777777777777777778e-3, 8.3333333333333333333e-2,
];
const E128 = 128;
const EP128 = 2 ** 128;
const EM128 = 2 ** -128;
const MIN_LOG = -708;
const SQRT2PI = Math.sqrt(2 * Math.PI);
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;

function logNfactorialDivNPowN(n: number): number {
  const rn = 1 / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * (rn / n) + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

function matmul(A: Float64Array, B: Float64Array, m: number): Float64Array {
  const C = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const a = A[i * m + k] as number;
      if (a === 0) continue;
      for (let j = 0; j < m; j++)
        C[i * m + j] = (C[i * m + j] as number) + a * (B[k * m + j] as number);
    }
  }
  return C;
}

/** Durbin matrix (Marsaglia–Tsang–Wang) CDF of D_n. */
function kolmognDMTW(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  let H: Float64Array = new Float64Array(m * m);
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    v[j - 1] = 1 - h ** j;
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (v[j - 1] as number) * fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - (i - 1)] as number;
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r] as number;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c] as number;
  let Hpwr: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) Hpwr[i * m + i] = 1;
  let nn = n;
  let expnt = 0;
  let Hexpnt = 0;
  while (nn > 0) {
    if (nn % 2) {
      Hpwr = matmul(Hpwr, H, m);
      expnt += Hexpnt;
    }
    H = matmul(H, H, m);
    Hexpnt *= 2;
    if (Math.abs(H[(k - 1) * m + (k - 1)] as number) > EP128) {
      for (let i = 0; i < H.length; i++) H[i] = (H[i] as number) / EP128;
      Hexpnt += E128;
    }
    nn = Math.floor(nn / 2);
  }
  let p = Hpwr[(k - 1) * m + (k - 1)] as number;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= EP128;
      expnt -= E128;
    }
  }
  if (expnt !== 0) p = p * 2 ** expnt;
  return clip01(p);
}

function pomeranzJ1J2(
  i: number,
  n: number,
  ll: number,
  ceilf: number,
  roundf: number,
): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const ip1div2 = Math.floor((i + 1) / 2);
    const ip1mod2 = (i + 1) % 2;
    if (ip1mod2 === 0) {
      if (ip1div2 === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = ip1div2 - 1 - ll - roundf - 1;
        j2 = ip1div2 + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = ip1div2 - 1 - ll - 1;
      j2 = ip1div2 + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** Pomeranz recursion CDF of D_n. */
function kolmognPomeranz(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = 1;
  twogpower[0] = 1;
  onem2gpower[0] = 1;
  let expnt = 0;
  const gOverN = g / n;
  const twoGOverN = (2 * g) / n;
  const oneMinusTwoGOverN = (1 - 2 * g) / n;
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = ((gpower[m - 1] as number) * gOverN) / m;
    twogpower[m] = ((twogpower[m - 1] as number) * twoGOverN) / m;
    onem2gpower[m] = ((onem2gpower[m - 1] as number) * oneMinusTwoGOverN) / m;
  }
  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let [j1, j2] = pomeranzJ1J2(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    [j1, j2] = pomeranzJ1J2(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      const convStart = j1 - k1;
      const convLen = j2 - j1 + 1;
      const base = k1 - V0s;
      // np.convolve(V0[base:base+ln2], pwrs[:ln2]) entries convStart .. convStart+convLen
      for (let c = 0; c < convLen; c++) {
        const idx = convStart + c;
        let s = 0;
        const lo = Math.max(0, idx - (ln2 - 1));
        const hi = Math.min(idx, ln2 - 1);
        for (let a = lo; a <= hi; a++) s += (V0[base + a] as number) * (pwrs[idx - a] as number);
        V1[c] = s;
      }
      let mx = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < V1.length; c++) if ((V1[c] as number) > mx) mx = V1[c] as number;
      if (mx > 0 && mx < EM128) {
        for (let c = 0; c < V1.length; c++) V1[c] = (V1[c] as number) * EP128;
        expnt -= E128;
      }
      V1s = V0s + j1 - k1;
    }
  }
  let ans = V1[n - V1s] as number;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > EP128) {
      ans *= EM128;
      expnt += E128;
    }
    ans *= m;
  }
  if (expnt !== 0) ans = ans * 2 ** expnt;
  return clip01(ans);
}

/** Pelz–Good asymptotic CDF of D_n. */
function kolmognPelzGood(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z ** 2;
  const z3 = z ** 3;
  const z4 = z ** 4;
  const z6 = z ** 6;
  const qlog = -PI2 / 8 / z2;
  if (qlog < MIN_LOG) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m ** 2;
    const m4 = m ** 4;
    const m6 = m ** 6;
    const qpower = q ** (8 * k);
    const c = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = (K[i] as number) * qpower + (c[i] as number);
  }
  const div = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = ((K[i] as number) * q * SQRT2PI) / (div[i] as number);
  q = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = Math.sqrt(3) * z;
  for (let k = maxk; k > 0; k--) {
    const k2 = k ** 2;
    const qp = q ** k2;
    k2extra += k2 * qp;
    const kspi = Math.PI * k;
    k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * k2 * qp;
  }
  k2extra *= (PI2 * SQRT2PI) / (-36 * z3);
  k3extra *= (PI2 * SQRT2PI) / (216 * z6);
  K[2] = (K[2] as number) + k2extra;
  K[3] = (K[3] as number) + k3extra;
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += (K[i] as number) / n ** (i / 2);
  return sum;
}

/** scipy `_kolmogn(n, x, cdf)`: CDF or SF of the two-sided one-sample KS statistic D_n. */
function kolmogn(n: number, x: number, cdf: boolean): number {
  if (Number.isNaN(n) || Number.isNaN(x)) return Number.NaN;
  if (!Number.isInteger(n) || n <= 0) return Number.NaN;
  const pick = (c: number, s: number): number => clip01(cdf ? c : s);
  if (x >= 1) return pick(1, 0);
  if (x <= 0) return pick(0, 1);
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return pick(0, 1);
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logNfactorialDivNPowN(n) + n * Math.log(2 * t - 1));
    }
    return pick(prob, 1 - prob);
  }
  if (t >= n - 1) {
    const prob = 2 * (1 - x) ** n;
    return pick(1 - prob, prob);
  }
  if (x >= 0.5) {
    const prob = 2 * smirnov(n, x);
    return pick(1 - prob, prob);
  }
  const nxsquared = t * x;
  if (n <= 140) {
    if (nxsquared <= 0.754693) {
      const prob = kolmognDMTW(n, x);
      return pick(prob, 1 - prob);
    }
    if (nxsquared <= 4) {
      const prob = kolmognPomeranz(n, x);
      return pick(prob, 1 - prob);
    }
    const prob = 2 * smirnov(n, x);
    return pick(1 - prob, prob);
  }
  if (!cdf) {
    if (nxsquared >= 370) return 0;
    if (nxsquared >= 2.2) return clip01(2 * smirnov(n, x));
  }
  let cdfprob: number;
  if (nxsquared >= 18) cdfprob = 1;
  else if (n <= 100000 && n * x ** 1.5 <= 1.4) cdfprob = kolmognDMTW(n, x);
  else cdfprob = kolmognPelzGood(n, x);
  return pick(cdfprob, 1 - cdfprob);
}

/** `scipy.stats.kstwo.cdf(x, n)`. */
export function kstwoCdf(x: number, n: number): number {
  return kolmogn(n, x, true);
}

/** `scipy.stats.kstwo.sf(x, n)`. */
export function kstwoSf(x: number, n: number): number {
  return kolmogn(n, x, false);
}

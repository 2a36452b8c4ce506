// Scalar complex arithmetic for filter design (a handful of poles and zeros, so objects are fine).

export interface Complex {
  re: number;
  im: number;
}

export const cx = (re: number, im = 0): Complex => ({ re, im });
export const cadd = (a: Complex, b: Complex): Complex => ({ re: a.re + b.re, im: a.im + b.im });
export const csub = (a: Complex, b: Complex): Complex => ({ re: a.re - b.re, im: a.im - b.im });
export const cmul = (a: Complex, b: Complex): Complex => ({
  re: a.re * b.re - a.im * b.im,
  im: a.re * b.im + a.im * b.re,
});
export const cscale = (a: Complex, s: number): Complex => ({ re: a.re * s, im: a.im * s });
export const cconj = (a: Complex): Complex => ({ re: a.re, im: -a.im });
export const cneg = (a: Complex): Complex => ({ re: -a.re, im: -a.im });
export const cabs = (a: Complex): number => Math.hypot(a.re, a.im);
export const isReal = (a: Complex): boolean => a.im === 0;

/** Smith's algorithm, as numpy's complex division, to avoid overflow in |b|². */
export function cdiv(a: Complex, b: Complex): Complex {
  const abr = Math.abs(b.re);
  const abi = Math.abs(b.im);
  if (abr >= abi) {
    if (abr === 0 && abi === 0) return { re: a.re / abr, im: a.im / abi };
    const rat = b.im / b.re;
    const scl = 1 / (b.re + b.im * rat);
    return { re: (a.re + a.im * rat) * scl, im: (a.im - a.re * rat) * scl };
  }
  const rat = b.re / b.im;
  const scl = 1 / (b.im + b.re * rat);
  return { re: (a.re * rat + a.im) * scl, im: (a.im * rat - a.re) * scl };
}

/** Principal square root (branch cut on the negative real axis, like C99 csqrt). */
export function csqrt(a: Complex): Complex {
  const { re, im } = a;
  if (re === 0 && im === 0) return { re: 0, im };
  const t = Math.sqrt((Math.abs(re) + Math.hypot(re, im)) / 2);
  if (re >= 0) return { re: t, im: im / (2 * t) };
  return { re: Math.abs(im) / (2 * t), im: im < 0 || Object.is(im, -0) ? -t : t };
}

/** exp(a) */
export function cexp(a: Complex): Complex {
  const e = Math.exp(a.re);
  return { re: e * Math.cos(a.im), im: e * Math.sin(a.im) };
}

/** ∏ v, starting from 1 as numpy's prod. */
export function cprod(v: readonly Complex[]): Complex {
  let acc = cx(1);
  for (const z of v) acc = cmul(acc, z);
  return acc;
}

// scipy.signal.detrend for 1-D data: remove the mean or a least-squares line.
import { SdkError } from '../errors.js';
import type { ArrayLike } from '../ndarray.js';
import { mean } from '../reductions.js';

export type DetrendType = 'constant' | 'linear';

/**
 * `scipy.signal.detrend(x, type)`. 'linear' fits `c0·t + c1` with `t = (1…n)/n` as scipy's lstsq
 * does; the fit is solved in centred form, which matches to rounding.
 */
export function detrend(x: ArrayLike, type: DetrendType = 'linear'): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  if (type === 'constant') {
    const m = mean(x);
    for (let i = 0; i < n; i++) out[i] = (x[i] as number) - m;
    return out;
  }
  if (type !== 'linear') {
    throw new SdkError('E_VALIDATION', "Trend type must be 'linear' or 'constant'.", {
      path: 'type',
    });
  }
  if (n === 1) return out; // the minimum-norm fit passes through the single point
  let ty = 0;
  let yy = 0;
  for (let i = 0; i < n; i++) {
    ty += (i + 1) / n;
    yy += x[i] as number;
  }
  const tm = ty / n;
  const ym = yy / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dt = (i + 1) / n - tm;
    sxy += dt * ((x[i] as number) - ym);
    sxx += dt * dt;
  }
  const slope = sxy / sxx;
  const intercept = ym - slope * tm;
  for (let i = 0; i < n; i++) out[i] = (x[i] as number) - (slope * ((i + 1) / n) + intercept);
  return out;
}

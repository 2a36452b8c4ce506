// scipy.signal.hilbert: the analytic signal by zeroing the negative frequencies of the FFT.
import { SdkError } from '../errors.js';
import type { ArrayLike } from '../ndarray.js';
import { type ComplexArray, fft, ifft } from './fft.js';

/**
 * `scipy.signal.hilbert(x, N)`: `ifft(fft(x, N)·h)` with h = 1 at DC (and Nyquist for even N), 2 on
 * positive frequencies, 0 on negative ones. The imaginary part is the Hilbert transform of x.
 */
export function hilbert(x: ArrayLike, N?: number): ComplexArray {
  const len = N ?? x.length;
  if (!Number.isInteger(len) || len <= 0)
    throw new SdkError('E_VALIDATION', 'N must be positive.', { path: 'N' });
  const X = fft(x, len);
  const half = len % 2 === 0 ? len / 2 : (len + 1) / 2;
  for (let k = 1; k < len; k++) {
    const h = k < half ? 2 : len % 2 === 0 && k === half ? 1 : 0;
    X.re[k] = (X.re[k] as number) * h;
    X.im[k] = (X.im[k] as number) * h;
  }
  return ifft(X);
}

/** Instantaneous phase `atan2(im, re)` of an analytic signal, in (−π, π]. */
export function instantaneousPhase(z: ComplexArray): Float64Array {
  const out = new Float64Array(z.re.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.atan2(z.im[i] as number, z.re[i] as number);
  return out;
}

// Window functions. Two families with different arithmetic: numpy's `np.hanning` & co. (symmetric,
// cos(π·n/(M−1)) over n = 1−M … M−1 step 2), and scipy.signal.windows (general_cosine over
// linspace(−π, π)); `getWindow` is scipy's, periodic by default as Welch uses it.
import { SdkError } from '../errors.js';

export type WindowName = 'hann' | 'hamming' | 'blackman' | 'bartlett' | 'boxcar';

function checkM(M: number): void {
  if (!Number.isInteger(M) || M < 0) {
    throw new SdkError('E_VALIDATION', `Window length M must be a non-negative integer, got ${M}`, {
      path: 'M',
    });
  }
}

function numpyCosine(M: number, terms: (arg: number) => number): Float64Array {
  checkM(M);
  if (M < 1) return new Float64Array(0);
  if (M === 1) return Float64Array.of(1);
  const out = new Float64Array(M);
  for (let i = 0, n = 1 - M; i < M; i++, n += 2) out[i] = terms(n);
  return out;
}

/** `np.hanning(M)`: symmetric Hann, endpoints 0. */
export function hanning(M: number): Float64Array {
  return numpyCosine(M, (n) => 0.5 + 0.5 * Math.cos((Math.PI * n) / (M - 1)));
}

/** `np.hamming(M)`. */
export function hamming(M: number): Float64Array {
  return numpyCosine(M, (n) => 0.54 + 0.46 * Math.cos((Math.PI * n) / (M - 1)));
}

/** `np.blackman(M)`. */
export function blackman(M: number): Float64Array {
  return numpyCosine(
    M,
    (n) =>
      0.42 +
      0.5 * Math.cos((Math.PI * n) / (M - 1)) +
      0.08 * Math.cos((2.0 * Math.PI * n) / (M - 1)),
  );
}

/** `np.bartlett(M)`. */
export function bartlett(M: number): Float64Array {
  return numpyCosine(M, (n) => (n <= 0 ? 1 + n / (M - 1) : 1 - n / (M - 1)));
}

/** `numpy.linspace(start, stop, num)` with numpy's arithmetic (i·step + start, last = stop). */
function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const div = num - 1;
  const step = (stop - start) / div;
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  if (num > 1) out[num - 1] = stop;
  return out;
}

/** `scipy.signal.windows.general_cosine(M, a, sym)`. */
function generalCosine(M: number, a: readonly number[], sym: boolean): Float64Array {
  checkM(M);
  if (M <= 1) return new Float64Array(M).fill(1);
  const len = sym ? M : M + 1;
  const fac = linspace(-Math.PI, Math.PI, len);
  const w = new Float64Array(len);
  for (let k = 0; k < a.length; k++) {
    const ak = a[k] as number;
    for (let i = 0; i < len; i++) w[i] = (w[i] as number) + ak * Math.cos(k * (fac[i] as number));
  }
  return sym ? w : w.subarray(0, M).slice();
}

function scipyBartlett(M: number, sym: boolean): Float64Array {
  checkM(M);
  if (M <= 1) return new Float64Array(M).fill(1);
  const len = sym ? M : M + 1;
  const w = new Float64Array(len);
  for (let n = 0; n < len; n++)
    w[n] = n <= (len - 1) / 2.0 ? (2.0 * n) / (len - 1) : 2.0 - (2.0 * n) / (len - 1);
  return sym ? w : w.subarray(0, M).slice();
}

/** `scipy.signal.windows.<name>(M, sym)`. */
export function scipyWindow(name: WindowName, M: number, sym = true): Float64Array {
  switch (name) {
    case 'hann':
      return generalCosine(M, [0.5, 0.5], sym);
    case 'hamming':
      return generalCosine(M, [0.54, 1 - 0.54], sym);
    case 'blackman':
      return generalCosine(M, [0.42, 0.5, 0.08], sym);
    case 'bartlett':
      return scipyBartlett(M, sym);
    case 'boxcar':
      checkM(M);
      return new Float64Array(M).fill(1);
    default:
      throw new SdkError('E_UNSUPPORTED', `Unknown window type: ${String(name)}`, {
        path: 'window',
      });
  }
}

/** `scipy.signal.get_window(name, M, fftbins)`: periodic (fftbins=true, the default) or symmetric. */
export function getWindow(
  name: WindowName,
  M: number,
  opts: { fftbins?: boolean } = {},
): Float64Array {
  return scipyWindow(name, M, !(opts.fftbins ?? true));
}

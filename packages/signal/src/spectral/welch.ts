// scipy.signal.welch (through csd/_spectral_helper) for real 1-D signals.
import { SdkError } from '../errors.js';
import type { ArrayLike } from '../ndarray.js';
import { detrend as detrendLine } from './detrend.js';
import { fft, fftfreq, rfft, rfftfreq } from './fft.js';
import { getWindow, type WindowName } from './windows.js';

export interface WelchOptions {
  /** Sampling frequency (default 1). */
  fs?: number;
  /** A scipy window name (periodic, default 'hann') or the window itself. */
  window?: WindowName | ArrayLike;
  /** Segment length; default 256 for a named window (capped at the signal length), else the window's length. */
  nperseg?: number;
  /** Default nperseg//2. */
  noverlap?: number;
  /** FFT length (default nperseg). */
  nfft?: number;
  /** Per-segment detrending (default 'constant'); false for none. */
  detrend?: 'constant' | 'linear' | false;
  returnOnesided?: boolean;
  scaling?: 'density' | 'spectrum';
  average?: 'mean' | 'median';
}

export interface Periodogram {
  f: Float64Array;
  p: Float64Array;
}

/** scipy `_median_bias(n)`: the expected median/mean ratio of n χ²₂ periodograms. */
function medianBias(n: number): number {
  let s = 0;
  for (let i = 1; i <= (n - 1) >> 1; i++) {
    const ii2 = 2 * i;
    s += 1 / (ii2 + 1) - 1 / ii2;
  }
  return 1 + s;
}

function medianOf(v: Float64Array): number {
  const s = Float64Array.from(v).sort();
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * `scipy.signal.welch(x, fs=1, window='hann', nperseg=None, noverlap=None, nfft=None,
 * detrend='constant', return_onesided=True, scaling='density', average='mean')`.
 */
export function welch(x: ArrayLike, opts: WelchOptions = {}): Periodogram {
  const n = x.length;
  const fs = opts.fs ?? 1;
  const scaling = opts.scaling ?? 'density';
  if (scaling !== 'density' && scaling !== 'spectrum') {
    throw new SdkError('E_VALIDATION', `Unknown scaling: ${String(scaling)}`, { path: 'scaling' });
  }
  const average = opts.average ?? 'mean';
  if (average !== 'mean' && average !== 'median') {
    throw new SdkError(
      'E_VALIDATION',
      `average must be "median" or "mean", got ${String(average)}`,
      { path: 'average' },
    );
  }
  if (n === 0) return { f: new Float64Array(0), p: new Float64Array(0) };
  let nperseg = opts.nperseg;
  if (nperseg !== undefined && (!Number.isInteger(nperseg) || nperseg < 1)) {
    throw new SdkError('E_VALIDATION', 'nperseg must be a positive integer', { path: 'nperseg' });
  }
  const windowOpt = opts.window ?? 'hann';
  let win: Float64Array;
  if (typeof windowOpt === 'string') {
    nperseg = nperseg ?? 256;
    if (nperseg > n) nperseg = n;
    win = getWindow(windowOpt, nperseg);
  } else {
    win = Float64Array.from(windowOpt as Iterable<number>);
    if (n < win.length)
      throw new SdkError('E_VALIDATION', 'window is longer than input signal', { path: 'window' });
    if (nperseg === undefined) nperseg = win.length;
    else if (nperseg !== win.length) {
      throw new SdkError(
        'E_VALIDATION',
        'value specified for nperseg is different from length of window',
        {
          path: 'nperseg',
        },
      );
    }
  }
  const nfft = opts.nfft ?? nperseg;
  if (!Number.isInteger(nfft) || nfft < nperseg) {
    throw new SdkError('E_VALIDATION', 'nfft must be greater than or equal to nperseg.', {
      path: 'nfft',
    });
  }
  const noverlap = opts.noverlap ?? nperseg >> 1;
  if (!Number.isInteger(noverlap) || noverlap < 0 || noverlap >= nperseg) {
    throw new SdkError('E_VALIDATION', 'noverlap must be less than nperseg.', { path: 'noverlap' });
  }
  const step = nperseg - noverlap;
  const nseg = Math.floor((n - noverlap) / step);
  let wsum = 0;
  let w2sum = 0;
  for (let i = 0; i < win.length; i++) {
    wsum += win[i] as number;
    w2sum += (win[i] as number) * (win[i] as number);
  }
  const scale = scaling === 'density' ? 1.0 / (fs * w2sum) : 1.0 / (wsum * wsum);
  const onesided = opts.returnOnesided ?? true;
  const f = onesided ? rfftfreq(nfft, 1 / fs) : fftfreq(nfft, 1 / fs);
  const nf = f.length;
  const det = opts.detrend === undefined ? 'constant' : opts.detrend;
  // per-segment periodograms, frequency-major so that averaging reads contiguous rows
  const perSeg = new Float64Array(nf * nseg);
  const seg = new Float64Array(nperseg);
  for (let s = 0; s < nseg; s++) {
    const start = s * step;
    for (let i = 0; i < nperseg; i++) seg[i] = x[start + i] as number;
    const d = det === false ? seg : detrendLine(seg, det);
    for (let i = 0; i < nperseg; i++) d[i] = (d[i] as number) * (win[i] as number);
    const X = onesided ? rfft(d, nfft) : fft(d, nfft);
    for (let k = 0; k < nf; k++) {
      const re = X.re[k] as number;
      const im = X.im[k] as number;
      let v = (re * re + im * im) * scale;
      if (onesided && k > 0 && !(nfft % 2 === 0 && k === nf - 1)) v *= 2;
      perSeg[k * nseg + s] = v;
    }
  }
  const p = new Float64Array(nf);
  if (nseg === 0) {
    p.fill(Number.NaN);
  } else if (average === 'median' && nseg > 1) {
    const bias = medianBias(nseg);
    for (let k = 0; k < nf; k++) p[k] = medianOf(perSeg.subarray(k * nseg, (k + 1) * nseg)) / bias;
  } else {
    for (let k = 0; k < nf; k++) {
      let acc = 0;
      for (let s = 0; s < nseg; s++) acc += perSeg[k * nseg + s] as number;
      p[k] = acc / nseg;
    }
  }
  return { f, p };
}

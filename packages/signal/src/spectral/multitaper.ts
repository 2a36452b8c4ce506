// Multitaper spectrogram following the Prerau lab's `multitaper_spectrogram_python`
// (`shared.multitaper_spectrogram_python` as the multimodal pipeline calls it): DPSS tapers,
// per-window |FFT|² averaged over tapers, one-sided scaling by 2/fs.
import { SdkError } from '../errors.js';
import type { ArrayLike, NdArray } from '../ndarray.js';
import { detrend as detrendLine } from './detrend.js';
import { dpss } from './dpss.js';
import { fftInPlace } from './fft.js';

export interface MultitaperOptions {
  /** [fLow, fHigh] in Hz; default [0, fs/2]; fHigh is clamped to fs/2. */
  frequencyRange?: readonly [number, number];
  /** Time-half-bandwidth product TW (default 5 as the reference function; the multimodal pipeline passes 2). */
  timeBandwidth?: number;
  /** Default floor(2·TW) − 1. */
  numTapers?: number;
  /** [window length, step] in seconds (default [5, 1]); non-integer sample counts are rounded half to even. */
  windowParams?: readonly [number, number];
  minNfft?: number;
  detrend?: 'linear' | 'constant' | 'off';
  weighting?: 'unity' | 'eigen' | 'adapt';
}

export interface MultitaperSpectrogram {
  /** Power spectral density, shape `[frequencies, windows]`. */
  spectrogram: NdArray<Float64Array>;
  /** Window centre times (s). */
  times: Float64Array;
  /** Frequencies (Hz) of the rows. */
  freqs: Float64Array;
}

/** Python's round(): half to even. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v - Math.trunc(v)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * `multitaper_spectrogram(data, fs, frequency_range, time_bandwidth, num_tapers, window_params,
 * min_nfft, detrend_opt, weighting)` → `(mt_spectrogram, stimes, sfreqs)`.
 */
export function multitaperSpectrogram(
  x: ArrayLike,
  fs: number,
  opts: MultitaperOptions = {},
): MultitaperSpectrogram {
  if (!(fs > 0) || !Number.isFinite(fs))
    throw new SdkError('E_VALIDATION', `fs must be positive, got ${fs}`, { path: 'fs' });
  const fr: [number, number] = [...(opts.frequencyRange ?? [0, fs / 2])] as [number, number];
  if (fr[1] > fs / 2) fr[1] = fs / 2;
  const tw = opts.timeBandwidth ?? 5;
  const K = opts.numTapers ?? Math.floor(2 * tw) - 1;
  const [win, step] = opts.windowParams ?? [5, 1];
  const detrendOpt = opts.detrend ?? 'linear';
  if (detrendOpt !== 'linear' && detrendOpt !== 'constant' && detrendOpt !== 'off') {
    throw new SdkError(
      'E_VALIDATION',
      `detrend must be 'linear', 'constant' or 'off', got ${String(detrendOpt)}`,
      {
        path: 'detrend',
      },
    );
  }
  const weighting = opts.weighting ?? 'unity';
  const winsize = (win * fs) % 1 !== 0 ? roundHalfEven(win * fs) : win * fs;
  const winstep = (step * fs) % 1 !== 0 ? roundHalfEven(step * fs) : step * fs;
  const n = x.length;
  if (!(winsize >= 1) || !(winstep >= 1)) {
    throw new SdkError(
      'E_VALIDATION',
      `window and step must cover at least one sample (got ${winsize}, ${winstep})`,
      {
        path: 'windowParams',
      },
    );
  }
  if (n < winsize) {
    throw new SdkError(
      'E_VALIDATION',
      `Data length (${n}) is shorter than window size (${winsize}).`,
      { path: 'x' },
    );
  }
  const starts: number[] = [];
  for (let s = 0; s < n - winsize + 1; s += winstep) starts.push(s);
  const pow2 = (v: number) => 2 ** Math.ceil(Math.log2(Math.abs(v)));
  const minNfft = opts.minNfft ?? 0;
  const nfft =
    minNfft === 0
      ? Math.max(pow2(winsize), winsize)
      : Math.max(Math.max(pow2(winsize), winsize), pow2(minNfft));
  // sfreqs = np.arange(0, fs, fs/nfft)
  const df = fs / nfft;
  const nAll = Math.min(Math.ceil(fs / df), nfft);
  const keep: number[] = [];
  for (let k = 0; k < nAll; k++) {
    const f = k * df;
    if (f >= fr[0] && f <= fr[1]) keep.push(k);
  }
  const { windows: tapers, ratios } = dpss(winsize, tw, K);
  const nf = keep.length;
  const nw = starts.length;
  const out = new Float64Array(nf * nw);
  const re = new Float64Array(nfft);
  const im = new Float64Array(nfft);
  const spower = new Float64Array(nfft * K);
  for (let w = 0; w < nw; w++) {
    const s0 = starts[w] as number;
    let allZero = true;
    let anyNaN = false;
    for (let i = 0; i < winsize; i++) {
      const v = x[s0 + i] as number;
      if (v !== 0) allZero = false;
      if (Number.isNaN(v)) anyNaN = true;
    }
    if (allZero || anyNaN) {
      for (let r = 0; r < nf; r++) out[r * nw + w] = anyNaN ? Number.NaN : 0;
      continue;
    }
    const seg = new Float64Array(winsize);
    for (let i = 0; i < winsize; i++) seg[i] = x[s0 + i] as number;
    const d = detrendOpt === 'off' ? seg : detrendLine(seg, detrendOpt);
    for (let k = 0; k < K; k++) {
      const taper = tapers[k] as Float64Array;
      re.fill(0);
      im.fill(0);
      for (let i = 0; i < winsize; i++) re[i] = (d[i] as number) * (taper[i] as number);
      fftInPlace(re, im);
      for (let f = 0; f < nfft; f++)
        spower[f * K + k] = (im[f] as number) ** 2 + (re[f] as number) ** 2;
    }
    const spectrum = new Float64Array(nfft);
    if (weighting === 'adapt') {
      let tpower = 0;
      for (let i = 0; i < winsize; i++) tpower += (d[i] as number) * ((d[i] as number) / winsize);
      const a = Float64Array.from(ratios, (l) => (1 - l) * tpower);
      const m = Math.min(2, K);
      for (let f = 0; f < nfft; f++) {
        let acc = 0;
        for (let k = 0; k < m; k++) acc += spower[f * K + k] as number;
        spectrum[f] = acc / m;
      }
      for (let it = 0; it < 3; it++) {
        for (let f = 0; f < nfft; f++) {
          const S = spectrum[f] as number;
          let num = 0;
          let den = 0;
          for (let k = 0; k < K; k++) {
            const l = ratios[k] as number;
            const b = S / (S * l + (a[k] as number));
            const wk = b * b * l;
            num += wk * (spower[f * K + k] as number);
            den += wk;
          }
          spectrum[f] = num / den;
        }
      }
    } else {
      for (let f = 0; f < nfft; f++) {
        let acc = 0;
        for (let k = 0; k < K; k++) {
          const wt = weighting === 'eigen' ? (ratios[k] as number) / K : 1 / K;
          acc += (spower[f * K + k] as number) * wt;
        }
        spectrum[f] = acc;
      }
    }
    for (let r = 0; r < nf; r++) out[r * nw + w] = spectrum[keep[r] as number] as number;
  }
  // one-sided: DC and Nyquist rows as they are, every other row doubled, all divided by fs
  const freqs = Float64Array.from(keep, (k) => k * df);
  const rows: number[] = [];
  const dc = keep.flatMap((_, r) => ((freqs[r] as number) === 0 ? [r] : []));
  const nyq = keep.flatMap((_, r) => ((freqs[r] as number) === fs / 2 ? [r] : []));
  const mid = keep.flatMap((_, r) =>
    (freqs[r] as number) !== 0 && (freqs[r] as number) !== fs / 2 ? [r] : [],
  );
  rows.push(...dc, ...mid, ...nyq);
  const spec = new Float64Array(nf * nw);
  rows.forEach((r, i) => {
    const scale = dc.includes(r) || nyq.includes(r) ? 1 : 2;
    for (let w = 0; w < nw; w++) spec[i * nw + w] = (scale * (out[r * nw + w] as number)) / fs;
  });
  const times = Float64Array.from(starts, (s) => (s + roundHalfEven(winsize / 2)) / fs);
  return {
    spectrogram: { data: spec, shape: [nf, nw] },
    times,
    freqs: Float64Array.from(rows, (r) => freqs[r] as number),
  };
}

/** The reference's `nanpow2db`: 10·log10(y) with zero power mapped to NaN. */
export function nanpow2db(y: ArrayLike): Float64Array {
  return Float64Array.from(y as Iterable<number>, (v) =>
    v === 0 ? Number.NaN : 10 * Math.log10(v),
  );
}

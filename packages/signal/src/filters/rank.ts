// Rank filters on 1-D signals: scipy.ndimage median/percentile/rank/minimum/maximum filters and
// scipy.signal.medfilt. All run on the O(log w) sliding order statistic; windows holding a NaN
// reproduce the reference's own selection (ndimage: NI_Select; signal: glibc qsort) so that even
// NaN-contaminated outputs agree.
import { SdkError } from '../errors.js';
import type { ArrayLike } from '../ndarray.js';
import { glibcMsort, niSelect, slidingMinMax, slidingRank } from '../windows/sliding-rank.js';
import { type BoundaryMode, canonicalMode, extendLine } from './boundary.js';

export interface RankFilterOptions {
  /** Boundary mode (default 'reflect'). */
  mode?: BoundaryMode;
  /** Value beyond the edges for mode 'constant' (default 0). */
  cval?: number;
  /** Shift of the window; the window for output i starts at `i − (size//2 + origin)`. */
  origin?: number;
}

function toF64(x: ArrayLike): Float64Array {
  if (x === null || typeof x !== 'object' || typeof x.length !== 'number') {
    throw new SdkError('E_VALIDATION', 'expected an array of numbers', { path: 'x' });
  }
  return x instanceof Float64Array ? x : Float64Array.from(x as Iterable<number>);
}

function checkSize(size: number): void {
  if (!Number.isInteger(size) || size < 1) {
    throw new SdkError('E_VALIDATION', `filter size must be a positive integer, got ${size}`, {
      path: 'size',
    });
  }
}

function checkOrigin(size: number, origin: number): void {
  const half = Math.floor(size / 2);
  if (!Number.isInteger(origin) || half + origin < 0 || half + origin >= size) {
    throw new SdkError('E_VALIDATION', `invalid origin ${origin} for a filter of size ${size}`, {
      path: 'origin',
    });
  }
}

/** Extended line for a window of `size` centred at size//2 + origin. */
function extended(x: Float64Array, size: number, opts: RankFilterOptions): Float64Array {
  const origin = opts.origin ?? 0;
  checkOrigin(size, origin);
  const before = Math.floor(size / 2) + origin;
  const after = size - 1 - before;
  return extendLine(x, before, after, canonicalMode(opts.mode ?? 'reflect'), opts.cval ?? 0);
}

/**
 * `scipy.ndimage.rank_filter(x, rank, size, mode, cval, origin)` for 1-D input. Negative ranks count
 * from the top. Rank 0 and size−1 go through the minimum/maximum filter, as scipy does.
 */
export function rankFilter(
  x: ArrayLike,
  rank: number,
  size: number,
  opts: RankFilterOptions = {},
): Float64Array {
  checkSize(size);
  let r = rank;
  if (!Number.isInteger(r))
    throw new SdkError('E_VALIDATION', `rank must be an integer, got ${rank}`, { path: 'rank' });
  if (r < 0) r += size;
  if (r < 0 || r >= size) {
    throw new SdkError('E_VALIDATION', `rank ${rank} not within filter footprint size ${size}`, {
      path: 'rank',
    });
  }
  const xs = toF64(x);
  const out = new Float64Array(xs.length);
  if (xs.length === 0) return out;
  const ext = extended(xs, size, opts);
  if (r === 0 || r === size - 1) {
    slidingMinMax(ext, size, r === 0, out);
    return out;
  }
  const buf = new Float64Array(size);
  slidingRank(ext, size, r, out, (start) => {
    buf.set(ext.subarray(start, start + size));
    return niSelect(buf, r);
  });
  return out;
}

/** `scipy.ndimage.median_filter(x, size, mode='reflect', cval=0, origin=0)`: rank size//2 (upper median for even sizes). */
export function medianFilter(
  x: ArrayLike,
  size: number,
  opts: RankFilterOptions = {},
): Float64Array {
  checkSize(size);
  return rankFilter(x, Math.floor(size / 2), size, opts);
}

/**
 * `scipy.ndimage.percentile_filter(x, percentile, size, mode='reflect', cval=0, origin=0)`:
 * rank `int(size·p/100)`, or size−1 for p = 100; a negative p adds 100.
 */
export function percentileFilter(
  x: ArrayLike,
  percentile: number,
  size: number,
  opts: RankFilterOptions = {},
): Float64Array {
  checkSize(size);
  let p = percentile;
  if (p < 0) p += 100;
  if (!(p >= 0 && p <= 100)) {
    throw new SdkError('E_VALIDATION', `invalid percentile ${percentile}: must be in [-100, 100]`, {
      path: 'percentile',
    });
  }
  const rank = p === 100 ? size - 1 : Math.trunc((size * p) / 100);
  return rankFilter(x, rank, size, opts);
}

/** `scipy.ndimage.minimum_filter1d(x, size, mode, cval, origin)`. */
export function minimumFilter1d(
  x: ArrayLike,
  size: number,
  opts: RankFilterOptions = {},
): Float64Array {
  checkSize(size);
  const xs = toF64(x);
  const out = new Float64Array(xs.length);
  if (xs.length > 0) slidingMinMax(extended(xs, size, opts), size, true, out);
  return out;
}

/** `scipy.ndimage.maximum_filter1d(x, size, mode, cval, origin)`. */
export function maximumFilter1d(
  x: ArrayLike,
  size: number,
  opts: RankFilterOptions = {},
): Float64Array {
  checkSize(size);
  const xs = toF64(x);
  const out = new Float64Array(xs.length);
  if (xs.length > 0) slidingMinMax(extended(xs, size, opts), size, false, out);
  return out;
}

/**
 * `scipy.signal.medfilt(x, kernelSize=3)`: median over an odd window with zero padding. Unlike
 * ndimage, the edge windows are sorted with the zeros placed after the in-range samples, which
 * only matters when a window holds a NaN.
 */
export function medfilt(x: ArrayLike, kernelSize = 3): Float64Array {
  if (!Number.isInteger(kernelSize) || kernelSize < 1 || kernelSize % 2 !== 1) {
    throw new SdkError(
      'E_VALIDATION',
      `Each element of kernel_size should be odd, got ${kernelSize}`,
      {
        path: 'kernel_size',
      },
    );
  }
  const xs = toF64(x);
  const n = xs.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const half = kernelSize >> 1;
  const ext = extendLine(xs, half, half, 'constant', 0);
  const buf = new Float64Array(kernelSize);
  slidingRank(ext, kernelSize, half, out, (start) => {
    // in-range samples in window order, then the padding zeros (scipy's fill_buffer)
    let k = 0;
    for (let j = start - half; j < start - half + kernelSize; j++)
      if (j >= 0 && j < n) buf[k++] = xs[j] as number;
    buf.fill(0, k);
    glibcMsort(buf);
    return buf[half] as number;
  });
  return out;
}

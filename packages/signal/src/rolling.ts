// Trailing rolling windows as pandas 1.5 `Series.rolling(w, min_periods)` computes them: Kahan-
// compensated running sums for the mean, Welford with Kahan compensation for the variance, NaN
// skipped, and pandas' guards (identical values give exactly that value / zero variance; an
// all-positive window never gives a negative mean).
import { SdkError } from './errors.js';
import type { ArrayLike } from './ndarray.js';

function checkWindow(x: ArrayLike, w: number, minPeriods: number): void {
  if (!Number.isInteger(w) || w < 1)
    throw new SdkError('E_VALIDATION', `window must be a positive integer, got ${w}`, {
      path: 'window',
    });
  if (!Number.isInteger(minPeriods) || minPeriods < 0) {
    throw new SdkError(
      'E_VALIDATION',
      `min_periods must be a non-negative integer, got ${minPeriods}`,
      { path: 'minPeriods' },
    );
  }
  if (minPeriods > w)
    throw new SdkError('E_VALIDATION', `min_periods ${minPeriods} must be <= window ${w}`, {
      path: 'minPeriods',
    });
  void x;
}

/**
 * pandas' walk over trailing windows: at the first sample, and wherever a window does not overlap
 * the previous one (w = 1), the accumulator starts afresh (`reset(start)`, then `add`); otherwise
 * the sample that left is removed and the new one added. `emit(i)` reads the window ending at i.
 */
function walkWindows(
  x: ArrayLike,
  w: number,
  ops: {
    reset: (start: number) => void;
    add: (v: number) => void;
    remove: (v: number) => void;
    emit: (i: number) => void;
  },
): void {
  for (let i = 0; i < x.length; i++) {
    const start = Math.max(0, i - w + 1);
    if (i === 0 || start >= i) {
      ops.reset(start);
    } else if (start > 0) {
      ops.remove(x[start - 1] as number);
    }
    ops.add(x[i] as number);
    ops.emit(i);
  }
}

/** `Series.rolling(w, min_periods).mean()`; a window with fewer than max(minPeriods, 1) values is NaN. */
export function rollingMean(
  x: ArrayLike,
  w: number,
  options: { minPeriods?: number } = {},
): Float64Array {
  const minp = options.minPeriods ?? 0;
  checkWindow(x, w, minp);
  const n = x.length;
  const out = new Float64Array(n);
  let nobs = 0;
  let sumX = 0;
  let negCt = 0;
  let compAdd = 0;
  let compRemove = 0;
  let consecutive = 0;
  let prev = n > 0 ? (x[0] as number) : 0;
  const add = (v: number) => {
    if (Number.isNaN(v)) return;
    nobs++;
    const y = v - compAdd;
    const t = sumX + y;
    compAdd = t - sumX - y;
    sumX = t;
    if (v < 0 || Object.is(v, -0)) negCt++;
    if (v === prev) consecutive++;
    else consecutive = 1;
    prev = v;
  };
  const remove = (v: number) => {
    if (Number.isNaN(v)) return;
    nobs--;
    const y = -v - compRemove;
    const t = sumX + y;
    compRemove = t - sumX - y;
    sumX = t;
    if (v < 0 || Object.is(v, -0)) negCt--;
  };
  walkWindows(x, w, {
    reset: (start) => {
      prev = x[start] as number;
      consecutive = 0;
      sumX = 0;
      compAdd = 0;
      compRemove = 0;
      nobs = 0;
      negCt = 0;
    },
    add,
    remove,
    emit: (i) => {
      let r: number;
      if (nobs >= minp && nobs > 0) {
        r = sumX / nobs;
        if (consecutive >= nobs) r = prev;
        else if (negCt === 0 && r < 0) r = 0;
        else if (negCt === nobs && r > 0) r = 0;
      } else r = Number.NaN;
      out[i] = r;
    },
  });
  return out;
}

/** `Series.rolling(w, min_periods).count()`: non-NaN values in each trailing window. */
export function rollingCount(
  x: ArrayLike,
  w: number,
  options: { minPeriods?: number } = {},
): Float64Array {
  const minp = Math.max(options.minPeriods ?? 0, 1);
  checkWindow(x, w, options.minPeriods ?? 0);
  const out = new Float64Array(x.length);
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isNaN(x[i] as number)) c++;
    if (i - w >= 0 && !Number.isNaN(x[i - w] as number)) c--;
    const len = Math.min(i + 1, w);
    out[i] = len >= minp ? c : Number.NaN;
  }
  return out;
}

/** `Series.rolling(w, min_periods).var(ddof)` (pandas default ddof 1). */
export function rollingVar(
  x: ArrayLike,
  w: number,
  options: { minPeriods?: number; ddof?: number } = {},
): Float64Array {
  const minp0 = options.minPeriods ?? 0;
  checkWindow(x, w, minp0);
  const minp = Math.max(minp0, 1);
  const ddof = options.ddof ?? 1;
  const n = x.length;
  const out = new Float64Array(n);
  let nobs = 0;
  let meanX = 0;
  let ssq = 0;
  let compAdd = 0;
  let compRemove = 0;
  let consecutive = 0;
  let prev = n > 0 ? (x[0] as number) : 0;
  const add = (v: number) => {
    if (Number.isNaN(v)) return;
    nobs++;
    if (v === prev) consecutive++;
    else consecutive = 1;
    prev = v;
    const prevMean = meanX - compAdd;
    const y = v - compAdd;
    const t = y - meanX;
    compAdd = t + meanX - y;
    meanX = nobs ? meanX + t / nobs : 0;
    ssq = ssq + (v - prevMean) * (v - meanX);
  };
  const remove = (v: number) => {
    if (Number.isNaN(v)) return;
    nobs--;
    if (nobs) {
      const prevMean = meanX - compRemove;
      const y = v - compRemove;
      const t = y - meanX;
      compRemove = t + meanX - y;
      meanX = meanX - t / nobs;
      ssq = ssq - (v - prevMean) * (v - meanX);
    } else {
      meanX = 0;
      ssq = 0;
    }
  };
  walkWindows(x, w, {
    reset: (start) => {
      prev = x[start] as number;
      consecutive = 0;
      meanX = 0;
      ssq = 0;
      nobs = 0;
      compAdd = 0;
      compRemove = 0;
    },
    add,
    remove,
    emit: (i) => {
      let r: number;
      if (nobs >= minp && nobs > ddof) {
        r = nobs === 1 || consecutive >= nobs ? 0 : ssq / (nobs - ddof);
      } else r = Number.NaN;
      out[i] = r;
    },
  });
  return out;
}

/** `Series.rolling(w, min_periods).std(ddof)`: √var, negative round-off clipped to 0. */
export function rollingStd(
  x: ArrayLike,
  w: number,
  options: { minPeriods?: number; ddof?: number } = {},
): Float64Array {
  const v = rollingVar(x, w, options);
  for (let i = 0; i < v.length; i++) {
    const a = v[i] as number;
    v[i] = a < 0 ? 0 : Math.sqrt(a);
  }
  return v;
}

// Ordering and searching with numpy 1.23 semantics: NaN sorts after every number, argmin/argmax
// return the first occurrence (a NaN wins), argsort is stable.
import { SdkError } from './errors.js';
import type { ArrayLike } from './ndarray.js';

/** numpy's float ordering: a < b, with NaN greater than everything. */
function lt(a: number, b: number): boolean {
  return a < b || (Number.isNaN(b) && !Number.isNaN(a));
}

function nonEmpty(x: ArrayLike, what: string): void {
  if (x.length === 0)
    throw new SdkError('E_VALIDATION', `attempt to get ${what} of an empty sequence`, {
      path: 'x',
    });
}

/** `np.argmin`: first index of the minimum; the first NaN if any. */
export function argmin(x: ArrayLike): number {
  nonEmpty(x, 'argmin');
  let best = 0;
  let v = x[0] as number;
  if (Number.isNaN(v)) return 0;
  for (let i = 1; i < x.length; i++) {
    const c = x[i] as number;
    if (Number.isNaN(c)) return i;
    if (c < v) {
      v = c;
      best = i;
    }
  }
  return best;
}

/** `np.argmax`: first index of the maximum; the first NaN if any. */
export function argmax(x: ArrayLike): number {
  nonEmpty(x, 'argmax');
  let best = 0;
  let v = x[0] as number;
  if (Number.isNaN(v)) return 0;
  for (let i = 1; i < x.length; i++) {
    const c = x[i] as number;
    if (Number.isNaN(c)) return i;
    if (c > v) {
      v = c;
      best = i;
    }
  }
  return best;
}

/** `np.argsort(x, kind='stable')`: indices that sort x ascending, ties in input order, NaN last. */
export function argsort(x: ArrayLike): Int32Array {
  const n = x.length;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  // Array.prototype.sort is stable; typed-array sort with a comparator is too (ES2019).
  idx.sort((a, b) => {
    const va = x[a] as number;
    const vb = x[b] as number;
    if (lt(va, vb)) return -1;
    if (lt(vb, va)) return 1;
    return a - b;
  });
  return idx;
}

/** `np.sort` (NaN last) as a new Float64Array. */
export function sort(x: ArrayLike): Float64Array {
  return Float64Array.from(x as ArrayLike & Iterable<number>).sort();
}

function searchOne(a: ArrayLike, v: number, right: boolean): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const m = a[mid] as number;
    // left: first i with !(a[i] < v); right: first i with v < a[i]
    const goRight = right ? !lt(v, m) : lt(m, v);
    if (goRight) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `np.searchsorted(a, v, side)` for a scalar v. a must be ascending (numpy order). */
export function searchsorted(a: ArrayLike, v: number, side?: 'left' | 'right'): number;
/** `np.searchsorted(a, v, side)` for an array of values. */
export function searchsorted(a: ArrayLike, v: ArrayLike, side?: 'left' | 'right'): Int32Array;
export function searchsorted(
  a: ArrayLike,
  v: number | ArrayLike,
  side: 'left' | 'right' = 'left',
): number | Int32Array {
  if (side !== 'left' && side !== 'right') {
    throw new SdkError('E_VALIDATION', `side must be 'left' or 'right', got ${String(side)}`, {
      path: 'side',
    });
  }
  const right = side === 'right';
  if (typeof v === 'number') return searchOne(a, v, right);
  const out = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = searchOne(a, v[i] as number, right);
  return out;
}

export interface UniqueResult {
  values: Float64Array;
  counts?: Float64Array;
  /** Index of the first occurrence of each unique value. */
  index?: Int32Array;
  /** For each input element, the index of its value in `values`. */
  inverse?: Int32Array;
}

/**
 * `np.unique(x, return_index, return_inverse, return_counts)` (1.23: sorted ascending, all NaN
 * collapsed into one trailing NaN).
 */
export function unique(
  x: ArrayLike,
  options: { returnCounts?: boolean; returnIndex?: boolean; returnInverse?: boolean } = {},
): UniqueResult {
  const perm = argsort(x);
  const n = x.length;
  const values: number[] = [];
  const counts: number[] = [];
  const index: number[] = [];
  const inverse = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = perm[k] as number;
    const v = x[i] as number;
    const last = values.length - 1;
    const same =
      last >= 0 &&
      (values[last] === v || (Number.isNaN(values[last] as number) && Number.isNaN(v)));
    if (!same) {
      values.push(v);
      counts.push(1);
      index.push(i);
    } else {
      counts[last] = (counts[last] as number) + 1;
    }
    inverse[i] = values.length - 1;
  }
  const res: UniqueResult = { values: Float64Array.from(values) };
  if (options.returnCounts) res.counts = Float64Array.from(counts);
  if (options.returnIndex) res.index = Int32Array.from(index);
  if (options.returnInverse) res.inverse = inverse;
  return res;
}

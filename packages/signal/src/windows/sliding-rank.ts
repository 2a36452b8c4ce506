// Order statistics over a sliding window in O(log w) per step, the fast path of median and
// percentile filters. Two indexed heaps hold the window (a max-heap of the r+1 smallest values and
// a min-heap of the rest); the sample leaving the window is overwritten in place by the one
// entering it and sifted, so the r-th smallest is always the max-heap's root. For windows without
// NaN this is the sort-based definition exactly (any tie is the same number). Windows containing
// NaN, where the reference result depends on its selection algorithm, are handed to a callback
// that reproduces the reference on that one window.

/**
 * For each `i` in `[0, out.length)`: `out[i]` = the element of rank `r` (0-based) of
 * `ext[i .. i+w)`. `ext.length` must be `out.length + w − 1`. `onNaN(start)` computes windows that
 * contain a NaN.
 */
export function slidingRank(
  ext: Float64Array,
  w: number,
  r: number,
  out: Float64Array,
  onNaN: (start: number) => number,
): void {
  const n = out.length;
  if (n === 0) return;
  const nLow = r + 1;
  const nHigh = w - nLow;
  // slots are ring-buffer positions 0..w-1; heaps hold slot ids
  const key = new Float64Array(w);
  const vals = new Float64Array(w);
  const low = new Int32Array(nLow);
  const high = new Int32Array(Math.max(nHigh, 1));
  // where a slot is: ≥ 0 index in low, < 0 −(index+1) in high
  const where = new Int32Array(w);
  let nanCount = 0;

  const keyOf = (v: number) => (Number.isNaN(v) ? Number.POSITIVE_INFINITY : v);

  const lowUp = (i0: number) => {
    let i = i0;
    const s = low[i] as number;
    const k = key[s] as number;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const ps = low[parent] as number;
      if ((key[ps] as number) >= k) break;
      low[i] = ps;
      where[ps] = i;
      i = parent;
    }
    low[i] = s;
    where[s] = i;
  };
  const lowDown = (i0: number) => {
    let i = i0;
    const s = low[i] as number;
    const k = key[s] as number;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= nLow) break;
      let cs = low[c] as number;
      let ck = key[cs] as number;
      if (c + 1 < nLow) {
        const c2 = low[c + 1] as number;
        const k2 = key[c2] as number;
        if (k2 > ck) {
          c++;
          cs = c2;
          ck = k2;
        }
      }
      if (ck <= k) break;
      low[i] = cs;
      where[cs] = i;
      i = c;
    }
    low[i] = s;
    where[s] = i;
  };
  const highUp = (i0: number) => {
    let i = i0;
    const s = high[i] as number;
    const k = key[s] as number;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const ps = high[parent] as number;
      if ((key[ps] as number) <= k) break;
      high[i] = ps;
      where[ps] = -(i + 1);
      i = parent;
    }
    high[i] = s;
    where[s] = -(i + 1);
  };
  const highDown = (i0: number) => {
    let i = i0;
    const s = high[i] as number;
    const k = key[s] as number;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= nHigh) break;
      let cs = high[c] as number;
      let ck = key[cs] as number;
      if (c + 1 < nHigh) {
        const c2 = high[c + 1] as number;
        const k2 = key[c2] as number;
        if (k2 < ck) {
          c++;
          cs = c2;
          ck = k2;
        }
      }
      if (ck >= k) break;
      high[i] = cs;
      where[cs] = -(i + 1);
      i = c;
    }
    high[i] = s;
    where[s] = -(i + 1);
  };

  // first window: sort the slots once and split
  const order = new Int32Array(w);
  for (let s = 0; s < w; s++) {
    const v = ext[s] as number;
    if (Number.isNaN(v)) nanCount++;
    key[s] = keyOf(v);
    vals[s] = v;
    order[s] = s;
  }
  order.sort((a, b) => (key[a] as number) - (key[b] as number) || a - b);
  // ascending order is a valid min-heap; reversed ascending a valid max-heap
  for (let i = 0; i < nLow; i++) {
    const s = order[nLow - 1 - i] as number;
    low[i] = s;
    where[s] = i;
  }
  for (let i = 0; i < nHigh; i++) {
    const s = order[nLow + i] as number;
    high[i] = s;
    where[s] = -(i + 1);
  }

  out[0] = nanCount > 0 ? onNaN(0) : (vals[low[0] as number] as number);
  for (let i = 1; i < n; i++) {
    const slot = (i - 1) % w;
    const old = ext[i - 1] as number;
    const v = ext[i + w - 1] as number;
    if (Number.isNaN(old)) nanCount--;
    if (Number.isNaN(v)) nanCount++;
    const k = keyOf(v);
    const prev = key[slot] as number;
    key[slot] = k;
    vals[slot] = v;
    const pos = where[slot] as number;
    if (pos >= 0) {
      if (k > prev) lowUp(pos);
      else if (k < prev) lowDown(pos);
    } else if (k < prev) highUp(-pos - 1);
    else if (k > prev) highDown(-pos - 1);
    if (nHigh > 0) {
      const lt = low[0] as number;
      const ht = high[0] as number;
      if ((key[lt] as number) > (key[ht] as number)) {
        low[0] = ht;
        where[ht] = 0;
        high[0] = lt;
        where[lt] = -1;
        lowDown(0);
        highDown(0);
      }
    }
    out[i] = nanCount > 0 ? onNaN(i) : (vals[low[0] as number] as number);
  }
}

/**
 * scipy.ndimage `NI_Select`: Hoare partition around the first element, recursing into the side
 * that holds `rank`. Reorders `buf`. Used for windows containing NaN, where the result depends
 * on exactly this sequence of comparisons.
 */
export function niSelect(buf: Float64Array, rank0: number): number {
  let min = 0;
  let max = buf.length - 1;
  let rank = rank0;
  for (;;) {
    if (min === max) return buf[min] as number;
    const x = buf[min] as number;
    let ii = min - 1;
    let jj = max + 1;
    for (;;) {
      do jj--;
      while ((buf[jj] as number) > x);
      do ii++;
      while ((buf[ii] as number) < x);
      if (ii < jj) {
        const t = buf[ii] as number;
        buf[ii] = buf[jj] as number;
        buf[jj] = t;
      } else break;
    }
    const cnt = jj - min + 1;
    if (rank < cnt) max = jj;
    else {
      min = jj + 1;
      rank -= cnt;
    }
  }
}

/** C `a < b ? -1 : a == b ? 0 : 1`, scipy.signal's DOUBLE_compare (NaN compares greater both ways). */
function cCompare(a: number, b: number): number {
  return a < b ? -1 : a === b ? 0 : 1;
}

/**
 * glibc 2.36 `qsort` on doubles (top-down merge sort, `msort_with_tmp`) with scipy.signal's
 * comparison. scipy.signal.medfilt sorts each window with it; with NaN present the order it
 * produces is not a sort, so windows with NaN need this exact sequence.
 */
export function glibcMsort(b: Float64Array): void {
  const tmp = new Float64Array(b.length);
  const rec = (lo: number, n: number) => {
    if (n <= 1) return;
    const n1 = n >>> 1;
    const n2 = n - n1;
    rec(lo, n1);
    rec(lo + n1, n2);
    let i = lo;
    let j = lo + n1;
    let k = 0;
    let r1 = n1;
    let r2 = n2;
    while (r1 > 0 && r2 > 0) {
      if (cCompare(b[i] as number, b[j] as number) <= 0) {
        tmp[k++] = b[i++] as number;
        r1--;
      } else {
        tmp[k++] = b[j++] as number;
        r2--;
      }
    }
    while (r1-- > 0) tmp[k++] = b[i++] as number;
    // the tail of the second half is already in place
    for (let q = 0; q < k; q++) b[lo + q] = tmp[q] as number;
  };
  rec(0, b.length);
}

/**
 * scipy.ndimage `NI_MinOrMaxFilter1D` (Richard Harter's ascending-minima deque) over an extended
 * line: `out[i]` = min (or max) of `ext[i .. i+w)`, with the reference's NaN behaviour.
 */
export function slidingMinMax(
  ext: Float64Array,
  w: number,
  minimum: boolean,
  out: Float64Array,
): void {
  const n = out.length;
  if (n === 0) return;
  if (w === 1) {
    out.set(ext.subarray(0, n));
    return;
  }
  const value = new Float64Array(w);
  const death = new Float64Array(w);
  let minpair = 0;
  let last = 0;
  value[0] = ext[0] as number;
  death[0] = w;
  let o = 0;
  let p = 1;
  for (let ll = 1; ll < w + n - 1; ll++) {
    const val = ext[p++] as number;
    if (death[minpair] === ll) {
      minpair++;
      if (minpair >= w) minpair = 0;
    }
    const mv = value[minpair] as number;
    if (minimum ? val <= mv : val >= mv) {
      value[minpair] = val;
      death[minpair] = ll + w;
      last = minpair;
    } else {
      while (minimum ? (value[last] as number) >= val : (value[last] as number) <= val) {
        if (last === 0) last = w;
        last--;
      }
      last++;
      if (last >= w) last = 0;
      value[last] = val;
      death[last] = ll + w;
    }
    if (ll >= w - 1) out[o++] = value[minpair] as number;
  }
}

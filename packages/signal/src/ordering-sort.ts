// Fast ascending sort of float64 values in numpy order (NaN last) by LSD radix sort on the IEEE
// bit patterns: 4 passes of 16 bits. V8's TypedArray#sort is a comparison sort several times
// slower on 10^5 elements, which dominated ks_2samp.

const SMALL = 512;

/**
 * One counting-sort pass over elements [start, start+len) of the (lo, hi) pair array `src` into
 * the same positions of `dst`, on 16 bits of word `word` (0 low, 1 high) from bit `shift`.
 * Returns false (and moves nothing) when every element has the same digit.
 */
function radixPass(
  src: Uint32Array,
  dst: Uint32Array,
  start: number,
  len: number,
  word: number,
  shift: number,
  count: Uint32Array,
): boolean {
  count.fill(0);
  const end = start + len;
  for (let i = start; i < end; i++) {
    const d = ((src[2 * i + word] as number) >>> shift) & 0xffff;
    count[d] = (count[d] as number) + 1;
  }
  const first = ((src[2 * start + word] as number) >>> shift) & 0xffff;
  if (count[first] === len) return false;
  let total = start;
  for (let d = 0; d < 65536; d++) {
    const c = count[d] as number;
    count[d] = total;
    total += c;
  }
  for (let i = start; i < end; i++) {
    const lo = src[2 * i] as number;
    const hi = src[2 * i + 1] as number;
    const d = ((word ? hi : lo) >>> shift) & 0xffff;
    const p = count[d] as number;
    count[d] = p + 1;
    dst[2 * p] = lo;
    dst[2 * p + 1] = hi;
  }
  return true;
}

/** A sorted copy of x: ascending, every NaN at the end (−0 before +0). */
export function sortedFloat64(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = x[i] as number;
  if (n < SMALL) return out.sort();
  let src = new Uint32Array(out.buffer);
  // order-preserving unsigned keys: flip the sign bit of positives, every bit of negatives
  for (let i = 0; i < n; i++) {
    const v = out[i] as number;
    const lo = 2 * i;
    const hi = lo + 1;
    if (Number.isNaN(v)) {
      src[lo] = 0xffffffff;
      src[hi] = 0xffffffff;
    } else if ((src[hi] as number) & 0x80000000) {
      src[lo] = ~(src[lo] as number);
      src[hi] = ~(src[hi] as number);
    } else {
      src[hi] = (src[hi] as number) | 0x80000000;
    }
  }
  // Radix-sort on the high words only, then order each run of equal high words by its low
  // words: continuous data rarely shares a high word, so this halves the passes.
  let dst = new Uint32Array(2 * n);
  const count = new Uint32Array(65536);
  for (let pass = 0; pass < 2; pass++) {
    if (radixPass(src, dst, 0, n, 1, pass * 16, count)) {
      const t = src;
      src = dst;
      dst = t;
    }
  }
  let i = 0;
  while (i < n) {
    const h = src[2 * i + 1] as number;
    let j = i + 1;
    while (j < n && src[2 * j + 1] === h) j++;
    const len = j - i;
    if (len > 32) {
      // long run of one high word: sort its low words (the high words are all equal)
      const los = new Uint32Array(len);
      for (let k = 0; k < len; k++) los[k] = src[2 * (i + k)] as number;
      los.sort();
      for (let k = 0; k < len; k++) src[2 * (i + k)] = los[k] as number;
    } else if (len > 1) {
      for (let k = i + 1; k < j; k++) {
        const lo = src[2 * k] as number;
        let m = k - 1;
        while (m >= i && (src[2 * m] as number) > lo) {
          src[2 * m + 2] = src[2 * m] as number;
          m--;
        }
        src[2 * m + 2] = lo;
      }
    }
    i = j;
  }
  for (let i = 0; i < n; i++) {
    const lo = 2 * i;
    const hi = lo + 1;
    if ((src[hi] as number) & 0x80000000) {
      src[hi] = (src[hi] as number) & 0x7fffffff;
    } else {
      src[lo] = ~(src[lo] as number);
      src[hi] = ~(src[hi] as number);
    }
  }
  const res = new Float64Array(src.buffer);
  // the all-ones NaN key decodes to a negative NaN; restore the canonical NaN
  for (let i = n - 1; i >= 0 && Number.isNaN(res[i] as number); i--) res[i] = Number.NaN;
  return res;
}

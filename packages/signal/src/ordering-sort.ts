// Fast ascending sort of float64 values in numpy order (NaN last) by LSD radix sort on the IEEE
// bit patterns: 4 passes of 16 bits. V8's TypedArray#sort is a comparison sort several times
// slower on 10^5 elements, which dominated ks_2samp.

const SMALL = 512;

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
  let dst = new Uint32Array(2 * n);
  const count = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass >> 1; // 0: low word, 1: high word
    const shift = (pass & 1) * 16;
    count.fill(0);
    for (let i = 0; i < n; i++) {
      const d = ((src[2 * i + word] as number) >>> shift) & 0xffff;
      count[d] = (count[d] as number) + 1;
    }
    // a pass where every key has the same digit moves nothing
    let skip = false;
    for (let d = 0; d < 65536; d++) {
      const c = count[d] as number;
      if (c === n) {
        skip = true;
        break;
      }
      if (c !== 0) break;
    }
    if (skip) continue;
    let total = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d] as number;
      count[d] = total;
      total += c;
    }
    for (let i = 0; i < n; i++) {
      const lo = src[2 * i] as number;
      const hi = src[2 * i + 1] as number;
      const d = ((word ? hi : lo) >>> shift) & 0xffff;
      const p = count[d] as number;
      count[d] = p + 1;
      dst[2 * p] = lo;
      dst[2 * p + 1] = hi;
    }
    const t = src;
    src = dst;
    dst = t;
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

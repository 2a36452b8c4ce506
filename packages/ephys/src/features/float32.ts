// numpy's float32 reductions, for sweeps whose voltage is float32 (every Allen NWB 1 file):
// `v[a:b].mean()` sums in float32 with numpy's pairwise summation and divides in float32, so a
// float64 mean differs from allensdk's in the 7th-8th digit (and a tau fit seeded by it more).

/** numpy's default ufunc buffer size (`np.getbufsize()`). */
const UFUNC_BUFFER_SIZE = 8192;

/** numpy's `pairwise_sum_FLOAT` (blocks of 8 partial sums up to 128 elements, then halving). */
function pairwiseSumF32(x: ArrayLike<number>, from: number, n: number): number {
  const f = Math.fround;
  if (n < 8) {
    let res = 0;
    for (let k = 0; k < n; k++) res = f(res + (x[from + k] as number));
    return res;
  }
  if (n <= 128) {
    const r = new Float32Array(8);
    for (let j = 0; j < 8; j++) r[j] = x[from + j] as number;
    let k = 8;
    for (; k < n - (n % 8); k += 8) {
      for (let j = 0; j < 8; j++) r[j] = (r[j] as number) + (x[from + k + j] as number);
    }
    const [r0, r1, r2, r3, r4, r5, r6, r7] = r as unknown as number[];
    let res = f(
      f(f((r0 as number) + (r1 as number)) + f((r2 as number) + (r3 as number))) +
        f(f((r4 as number) + (r5 as number)) + f((r6 as number) + (r7 as number))),
    );
    for (; k < n; k++) res = f(res + (x[from + k] as number));
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return f(pairwiseSumF32(x, from, n2) + pairwiseSumF32(x, from + n2, n - n2));
}

/** `np.float32 array[from:to].mean()` (NaN for an empty slice, as numpy). */
export function meanFloat32(x: ArrayLike<number>, from = 0, to = x.length): number {
  const n = to - from;
  if (n <= 0) return Number.NaN;
  // the reduction hands the inner loop blocks of the ufunc buffer size (8192 elements)
  let sum = 0;
  for (let a = from; a < to; a += UFUNC_BUFFER_SIZE) {
    sum = Math.fround(sum + pairwiseSumF32(x, a, Math.min(UFUNC_BUFFER_SIZE, to - a)));
  }
  // a float32 quotient of two float32 values: the double quotient rounds correctly to float32
  return Math.fround(sum / n);
}

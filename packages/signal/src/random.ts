// numpy's legacy `np.random.RandomState` (MT19937), bit for bit: the same seeding, the same
// 53-bit doubles, the polar Gaussian with its cached second value, and the masked-rejection
// integer draws used by randint/shuffle/permutation/choice. Seeded shuffles therefore reproduce
// the Python reference exactly.
import { SdkError } from './errors.js';
import type { ArrayLike } from './ndarray.js';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** Smallest 2^k − 1 ≥ max (32-bit). */
function mask32(max: number): number {
  let m = max >>> 0;
  m |= m >>> 1;
  m |= m >>> 2;
  m |= m >>> 4;
  m |= m >>> 8;
  m |= m >>> 16;
  return m >>> 0;
}

export class RandomState {
  private readonly mt = new Uint32Array(N);
  private pos = N;
  private hasGauss = false;
  private gauss = 0;

  /** `np.random.RandomState(seed)`: an integer in [0, 2^32) or an array of uint32 words. */
  constructor(seed: number | ArrayLike = 0) {
    this.seed(seed);
  }

  /**
   * `RandomState.seed`: an integer uses MT19937 `init_genrand`; an array of 32-bit words uses
   * `init_by_array`, as numpy's `_legacy_seeding` does. Resets the cached Gaussian.
   */
  seed(seed: number | ArrayLike): void {
    if (typeof seed === 'number') {
      if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
        throw new SdkError('E_VALIDATION', `Seed must be between 0 and 2**32 - 1, got ${seed}`, {
          path: 'seed',
        });
      }
      this.initGenrand(seed);
    } else {
      if (seed.length === 0)
        throw new SdkError('E_VALIDATION', 'Seed must be non-empty', { path: 'seed' });
      const key = new Uint32Array(seed.length);
      for (let i = 0; i < seed.length; i++) {
        const v = seed[i] as number;
        if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
          throw new SdkError(
            'E_VALIDATION',
            `Seed values must be between 0 and 2**32 - 1, got ${v}`,
            {
              path: `seed[${i}]`,
            },
          );
        }
        key[i] = v;
      }
      this.initByArray(key);
    }
    this.hasGauss = false;
    this.gauss = 0;
  }

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] as number;
      const x = (prev ^ (prev >>> 30)) >>> 0;
      // 1812433253·x mod 2^32 without losing bits: split the multiplier.
      mt[i] = ((((x & 0xffff0000) >>> 16) * 1812433253) << 16) + (x & 0x0000ffff) * 1812433253 + i;
    }
    this.pos = N;
  }

  private initByArray(key: Uint32Array): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1] as number;
      const s = (prev ^ (prev >>> 30)) >>> 0;
      const mul =
        (((((s & 0xffff0000) >>> 16) * 1664525) << 16) + (s & 0x0000ffff) * 1664525) >>> 0;
      mt[i] = (((mt[i] as number) ^ mul) >>> 0) + (key[j] as number) + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1] as number;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1] as number;
      const s = (prev ^ (prev >>> 30)) >>> 0;
      const mul =
        (((((s & 0xffff0000) >>> 16) * 1566083941) << 16) + (s & 0x0000ffff) * 1566083941) >>> 0;
      mt[i] = (((mt[i] as number) ^ mul) >>> 0) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1] as number;
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    this.pos = N;
  }

  private generate(): void {
    const mt = this.mt;
    let kk = 0;
    for (; kk < N - M; kk++) {
      const y = ((mt[kk] as number) & UPPER_MASK) | ((mt[kk + 1] as number) & LOWER_MASK);
      mt[kk] = (mt[kk + M] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; kk < N - 1; kk++) {
      const y = ((mt[kk] as number) & UPPER_MASK) | ((mt[kk + 1] as number) & LOWER_MASK);
      mt[kk] = (mt[kk + (M - N)] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    const y = ((mt[N - 1] as number) & UPPER_MASK) | ((mt[0] as number) & LOWER_MASK);
    mt[N - 1] = (mt[M - 1] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.pos = 0;
  }

  /** One raw 32-bit MT19937 output. */
  nextUint32(): number {
    if (this.pos >= N) this.generate();
    let y = this.mt[this.pos++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** numpy's `mt19937_next64`: high word first. */
  private nextUint64(): bigint {
    const hi = BigInt(this.nextUint32());
    const lo = BigInt(this.nextUint32());
    return (hi << 32n) | lo;
  }

  /** `random_sample()`: 53-bit double in [0, 1). */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** `rand(n)` / `random_sample(n)`. */
  rand(n: number): Float64Array {
    checkSize(n);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.randomSample();
    return out;
  }

  /** `standard_normal()` with the legacy polar method; every second value comes from the cache. */
  gaussian(): number {
    if (this.hasGauss) {
      const t = this.gauss;
      this.hasGauss = false;
      this.gauss = 0;
      return t;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.randomSample() - 1;
      x2 = 2 * this.randomSample() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** `randn(n)`. */
  randn(n: number): Float64Array {
    checkSize(n);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.gaussian();
    return out;
  }

  /** `normal(loc, scale, n)`: `loc + scale·gauss`. */
  normal(loc: number, scale: number, n: number): Float64Array {
    if (!(scale >= 0)) throw new SdkError('E_VALIDATION', 'scale < 0', { path: 'scale' });
    checkSize(n);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = loc + scale * this.gaussian();
    return out;
  }

  /** `uniform(low, high, n)`: `low + (high−low)·random_sample()`. */
  uniform(low: number, high: number, n: number): Float64Array {
    checkSize(n);
    const range = high - low;
    if (!Number.isFinite(range))
      throw new SdkError('E_VALIDATION', 'Range exceeds valid bounds', { path: 'high' });
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = low + range * this.randomSample();
    return out;
  }

  /** One draw in [0, rng] by masked rejection (numpy's bounded uint64 fill, masked path). */
  private boundedMasked(rng: number): number {
    if (rng === 0) return 0;
    if (rng <= 0xffffffff) {
      if (rng === 0xffffffff) return this.nextUint32();
      const mask = mask32(rng);
      let v: number;
      do v = (this.nextUint32() & mask) >>> 0;
      while (v > rng);
      return v;
    }
    const big = BigInt(rng);
    let mask = big;
    for (let s = 1n; s <= 32n; s *= 2n) mask |= mask >> s;
    let v: bigint;
    do v = this.nextUint64() & mask;
    while (v > big);
    return Number(v);
  }

  /** `randint(low, high, n)` (default int64, legacy masked rejection). high is exclusive. */
  randint(low: number, high: number, n: number): Float64Array {
    checkSize(n);
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high)) {
      throw new SdkError('E_VALIDATION', 'randint bounds must be safe integers', { path: 'low' });
    }
    if (low >= high) throw new SdkError('E_VALIDATION', 'low >= high', { path: 'high' });
    const rng = high - 1 - low;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = low + this.boundedMasked(rng);
    return out;
  }

  /** numpy `random_interval(max)`: uniform integer in [0, max]. */
  private interval(max: number): number {
    if (max === 0) return 0;
    return this.boundedMasked(max);
  }

  /** `shuffle(arr)` in place (Fisher–Yates from the end, as numpy). */
  shuffle<T extends { length: number; [i: number]: unknown }>(arr: T): T {
    for (let i = arr.length - 1; i >= 1; i--) {
      const j = this.interval(i);
      const t = arr[i];
      arr[i] = arr[j];
      arr[j] = t;
    }
    return arr;
  }

  /** `permutation(n)`: a shuffled `arange(n)`. */
  permutation(n: number): Float64Array {
    checkSize(n);
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) a[i] = i;
    return this.shuffle(a);
  }

  /**
   * `choice(n, size, replace, p)`: indices into a population of n, consuming the stream exactly
   * as numpy's legacy implementation does.
   */
  choice(
    n: number,
    size: number,
    options: { replace?: boolean; p?: ArrayLike } = {},
  ): Float64Array {
    const replace = options.replace ?? true;
    checkSize(size);
    if (!Number.isInteger(n) || n < 0)
      throw new SdkError('E_VALIDATION', 'a must be a non-negative integer', { path: 'a' });
    if (n === 0 && size > 0) {
      throw new SdkError('E_VALIDATION', 'a must be greater than 0 unless no samples are taken', {
        path: 'a',
      });
    }
    const p = options.p;
    if (p !== undefined) {
      if (p.length !== n)
        throw new SdkError('E_VALIDATION', "'a' and 'p' must have same size", { path: 'p' });
      let pSum = 0;
      let c = 0;
      // numpy's kahan_sum
      for (let i = 0; i < p.length; i++) {
        const y = (p[i] as number) - c;
        const t = pSum + y;
        c = t - pSum - y;
        pSum = t;
      }
      if (Number.isNaN(pSum))
        throw new SdkError('E_VALIDATION', 'probabilities contain NaN', { path: 'p' });
      for (let i = 0; i < p.length; i++) {
        if ((p[i] as number) < 0)
          throw new SdkError('E_VALIDATION', 'probabilities are not non-negative', { path: 'p' });
      }
      if (Math.abs(pSum - 1) > Math.sqrt(2.220446049250313e-16)) {
        throw new SdkError('E_VALIDATION', 'probabilities do not sum to 1', { path: 'p' });
      }
    }
    if (replace) {
      if (p === undefined) return this.randint(0, n, size);
      const cdf = cumsumNormalised(p);
      const out = new Float64Array(size);
      for (let i = 0; i < size; i++) out[i] = searchRight(cdf, this.randomSample());
      return out;
    }
    if (size > n) {
      throw new SdkError(
        'E_VALIDATION',
        "Cannot take a larger sample than population when 'replace=False'",
        {
          path: 'size',
        },
      );
    }
    if (p === undefined) return this.permutation(n).subarray(0, size).slice();
    let nonzero = 0;
    for (let i = 0; i < p.length; i++) if ((p[i] as number) > 0) nonzero++;
    if (nonzero < size)
      throw new SdkError('E_VALIDATION', 'Fewer non-zero entries in p than size', { path: 'p' });
    const pw = Float64Array.from(p as ArrayLike & Iterable<number>);
    const found = new Float64Array(size);
    let nUniq = 0;
    while (nUniq < size) {
      const x = this.rand(size - nUniq);
      for (let i = 0; i < nUniq; i++) pw[found[i] as number] = 0;
      const cdf = cumsumNormalised(pw);
      // unique values of the draws, kept in order of first occurrence
      const seen = new Set<number>();
      for (let i = 0; i < x.length; i++) {
        const idx = searchRight(cdf, x[i] as number);
        if (!seen.has(idx)) {
          seen.add(idx);
          found[nUniq++] = idx;
        }
      }
    }
    return found;
  }
}

function checkSize(n: number): void {
  if (!Number.isInteger(n) || n < 0)
    throw new SdkError('E_VALIDATION', `size must be a non-negative integer, got ${n}`, {
      path: 'size',
    });
}

function cumsumNormalised(p: ArrayLike): Float64Array {
  const cdf = new Float64Array(p.length);
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    s += p[i] as number;
    cdf[i] = s;
  }
  const last = cdf[cdf.length - 1] as number;
  for (let i = 0; i < cdf.length; i++) cdf[i] = (cdf[i] as number) / last;
  return cdf;
}

function searchRight(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

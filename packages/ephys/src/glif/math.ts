/**
 * Small numeric helpers of allensdk.model.glif, written with the reference's operation order so
 * results agree to the last bit where the reference uses plain float64 arithmetic.
 */

/**
 * `Math.exp` remembering its last argument. The simulation evaluates the same few exponentials
 * (decays over one `dt`) every step; a hit returns exactly what `Math.exp` returned for that
 * argument, so results do not change, only the cost.
 */
export class ExpMemo {
  private x = Number.NaN;
  private y = Number.NaN;

  exp(x: number): number {
    if (x !== this.x) {
      this.x = x;
      this.y = Math.exp(x);
    }
    return this.y;
  }
}

/**
 * `np.sum` of a float64 vector: numpy's pairwise summation (sequential from 0 below 8 elements,
 * 8 accumulators up to 128, then halving), so sums of many currents round as numpy's do.
 */
export function npSum(a: ArrayLike<number>): number {
  const n = a.length;
  if (n < 8) {
    // numpy's short case, inlined: the simulation sums 0–3 currents every step
    let res = 0;
    for (let i = 0; i < n; i++) res += a[i] as number;
    return res;
  }
  return pairwiseSum(a, 0, n);
}

function pairwiseSum(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i] as number;
    return res;
  }
  if (n <= 128) {
    const r = new Float64Array(8);
    for (let j = 0; j < 8; j++) r[j] = a[start + j] as number;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] = (r[j] as number) + (a[start + i + j] as number);
    }
    let res = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[start + i] as number;
    return res;
  }
  let n2 = Math.trunc(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** x of the crossing of two lines sampled `dx` apart: a from a0 to a1, b from b0 to b1. */
export function lineCrossingX(dx: number, a0: number, a1: number, b0: number, b1: number): number {
  return (dx * (b0 - a0)) / (a1 - a0 - (b1 - b0));
}

/** y of the crossing of the two lines of {@link lineCrossingX}. */
export function lineCrossingY(_dx: number, a0: number, a1: number, b0: number, b1: number): number {
  return b0 + ((b1 - b0) * (b0 - a0)) / (a1 - a0 - (b1 - b0));
}

/** Spike time (s) of a crossing inside step `timeStep`: the lines v0→v1 and θ0→θ1 intersect. */
export function interpolateSpikeTime(
  dt: number,
  timeStep: number,
  threshold0: number,
  threshold1: number,
  voltage0: number,
  voltage1: number,
): number {
  return timeStep * dt + lineCrossingX(dt, voltage0, voltage1, threshold0, threshold1);
}

/** Linear interpolation of a value sampled at two steps, `offset` seconds after the first. */
export function interpolateSpikeValue(dt: number, offset: number, v0: number, v1: number): number {
  return v0 + ((v1 - v0) * offset) / dt;
}

/** max(b, c·x + d). */
export function maxOfLineAndConst(x: number, b: number, c: number, d: number): number {
  return Math.max(b, c * x + d);
}

/** min(0, c·x + d). */
export function minOfLineAndZero(x: number, c: number, d: number): number {
  return Math.min(0, c * x + d);
}

/** Exponential decay of the spike component of threshold, exact: θ0·e^{−b·t}. */
export function spikeComponentOfThresholdExact(th0: number, bSpike: number, t: number): number {
  return th0 * Math.exp(-bSpike * t);
}

/** Forward-Euler step of the spike component of threshold: θ0 + θ0·(−b)·dt. */
export function spikeComponentOfThresholdForwardEuler(
  th0: number,
  bSpike: number,
  dt: number,
): number {
  return th0 + th0 * -bSpike * dt;
}

/** Forward-Euler step of the voltage component of threshold (Mihalas & Niebur 2009, eq. 2.1). */
export function voltageComponentOfThresholdForwardEuler(
  th0: number,
  v0: number,
  dt: number,
  aVoltage: number,
  bVoltage: number,
  El: number,
): number {
  return th0 + (aVoltage * (v0 - El) - bVoltage * (th0 - 0)) * dt;
}

/**
 * Exact solution of the voltage component of threshold after time `t`, relative to θ∞, for a
 * constant total current `I` (injected plus after-spike currents).
 */
export function voltageComponentOfThresholdExact(
  th0: number,
  v0: number,
  I: number,
  t: number,
  aVoltage: number,
  bVoltage: number,
  C: number,
  g: number,
  El: number,
): number {
  const beta = (I + g * El) / g;
  const phi = aVoltage / (bVoltage - g / C);
  return (
    phi * (v0 - beta) * Math.exp((-g * t) / C) +
    (1 / Math.exp(bVoltage * t)) *
      (th0 - phi * (v0 - beta) - (aVoltage / bVoltage) * (beta - El) - 0) +
    (aVoltage / bVoltage) * (beta - El) +
    0
  );
}

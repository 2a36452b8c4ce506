import type { SdkErrorOptions } from '@sdk/core';
import { FeatureError } from './errors.js';

// Float64Array time vectors that passed the check below: lookups in them may bisect. A trace's
// arrays are not expected to change after an extractor has checked them.
const increasing = new WeakSet<Float64Array>();

// Facts computed once per checked vector (hasFixedDt); a new check forgets them, so a buffer
// refilled in place and checked again is looked at afresh.
const facts = new WeakMap<Float64Array, { fixedDt?: boolean }>();

/** The memo of a checked vector's facts; undefined for vectors not checked. */
export function checkedFacts(t: unknown): { fixedDt?: boolean } | undefined {
  return t instanceof Float64Array && increasing.has(t) ? facts.get(t) : undefined;
}

/** True when `t` passed `assertIncreasingTime` (finite, strictly increasing). */
export function isCheckedIncreasing(t: unknown): boolean {
  return t instanceof Float64Array && increasing.has(t);
}

/**
 * Throws a FeatureError naming the first sample where `t` is not finite or not strictly
 * increasing. allensdk accepts such traces and returns infinite dV/dt or meaningless spikes;
 * here they are bad input. `where` names the file and the array in the error.
 */
export function assertIncreasingTime(
  t: ArrayLike<number>,
  where: { file?: string; name?: string } = {},
): void {
  if (t instanceof Float64Array) increasing.delete(t);
  const name = where.name ?? 't';
  const opts = (k: number): SdkErrorOptions => ({
    ...(where.file ? { file: where.file } : {}),
    path: `${name}[${k}]`,
  });
  for (let k = 0; k < t.length; k++) {
    const x = t[k] as number;
    if (!Number.isFinite(x)) {
      throw new FeatureError(`time ${name}[${k}] = ${x} is not a finite number`, opts(k));
    }
    if (k > 0 && !(x > (t[k - 1] as number))) {
      throw new FeatureError(
        `time is not strictly increasing: ${name}[${k}] = ${x} after ${name}[${k - 1}] = ${t[k - 1]}`,
        opts(k),
      );
    }
  }
  if (t instanceof Float64Array) {
    increasing.add(t);
    facts.set(t, {});
  }
}

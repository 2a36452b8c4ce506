/**
 * The dynamics and reset rules of allensdk.model.glif.glif_neuron_methods, with the reference's
 * operation order kept in every formula (see the parity notes in reference/ephys.md §8).
 */
import { SdkError } from '@sdk/core';
import { ExpMemo, npSum, spikeComponentOfThresholdExact } from './math.js';
import type {
  AScurrentDynamicsFn,
  AScurrentResetFn,
  GlifMethodFns,
  GlifMethodParams,
  GlifMethodType,
  ThresholdDynamicsFn,
  ThresholdResetFn,
  VoltageDynamicsFn,
  VoltageResetFn,
} from './method.js';
import type { GlifNeuron } from './neuron.js';
import { ThresholdComponents } from './threshold-components.js';

/** A number, or one number per after-spike current (numpy broadcasting: length 1 also fits all). */
export type PerCurrent = number | readonly number[];

/** Element `i` of a scalar-or-vector parameter, broadcast as numpy would. */
export function perCurrentAt(value: PerCurrent, i: number): number {
  if (typeof value === 'number') return value;
  return (value.length === 1 ? value[0] : value[i]) as number;
}

function num(params: GlifMethodParams, key: string): number {
  return params[key] as number;
}

/** One memo per exponential call site (and per current), shared by all neurons: pure functions. */
const memos = (n: number) => Array.from({ length: n }, () => new ExpMemo());
const ascDecayMemo: ExpMemo[] = memos(4);
const spikeDecayMemo = new ExpMemo();
const spikeCutMemo = new ExpMemo();
const thresholdVoltageMemo = memos(2);

function memoAt(list: ExpMemo[], i: number): ExpMemo {
  while (list.length <= i) list.push(new ExpMemo());
  return list[i] as ExpMemo;
}

// ---- after-spike current dynamics ----

/** `asc0 · e^{−k·dt}` per current. */
export const dynamicsAScurrentExp: AScurrentDynamicsFn = (neuron, asc0, _step, _spikes, out) => {
  const k = neuron.k;
  const dt = neuron.dt;
  for (let i = 0; i < asc0.length; i++) {
    out[i] = (asc0[i] as number) * memoAt(ascDecayMemo, i).exp(-(k[i] as number) * dt);
  }
  return out;
};

/** Always zero currents. */
export const dynamicsAScurrentNone: AScurrentDynamicsFn = (_neuron, _asc0, _step, _spikes, out) => {
  for (let i = 0; i < out.length; i++) out[i] = 0;
  return out;
};

// ---- voltage dynamics ----

/** Forward Euler of `C' dV/dt = I + Σ asc − G'(V − El)`. */
export const dynamicsVoltageLinearForwardEuler: VoltageDynamicsFn = (neuron, v0, asc0, inj) => {
  const c = neuron.coeffs;
  return (
    v0 + ((inj + npSum(asc0) - neuron.G * c.G * (v0 - neuron.El)) * neuron.dt) / (neuron.C * c.C)
  );
};

/**
 * Exact solution of the linear voltage equation over one step. allensdk defines it but leaves it
 * out of its method library, so a config cannot name it; configure it with
 * `GlifNeuron.configureMethod('linear_exact', dynamicsVoltageLinearExact, {})`.
 */
export const dynamicsVoltageLinearExact: VoltageDynamicsFn = (neuron, v0, asc0, inj) => {
  const C = neuron.C * neuron.coeffs.C;
  const I = inj + npSum(asc0);
  const g = neuron.G * neuron.coeffs.G;
  const tau = g / C;
  const N = (I + g * neuron.El) / C;
  return v0 * Math.exp(-neuron.dt * tau) + (N * (1 - Math.exp(-tau * neuron.dt))) / tau;
};

// ---- threshold dynamics ----

function thresholdInf(neuron: GlifNeuron): number {
  return neuron.coeffs.th_inf * neuron.th_inf;
}

/** Threshold equals θ∞ = c_th_inf · th_inf. */
export const dynamicsThresholdInf: ThresholdDynamicsFn = (neuron) => thresholdInf(neuron);

/** The component histories, created empty on first use (allensdk's `None` → lists). */
function componentsOf(neuron: GlifNeuron): ThresholdComponents {
  let tcs = neuron.thresholdComponents;
  if (tcs === null) {
    tcs = new ThresholdComponents(neuron.recordThresholdComponents);
    neuron.thresholdComponents = tcs;
  }
  return tcs;
}

/** Spike component decaying exponentially, plus θ∞ (the voltage component stays 0). */
export const dynamicsThresholdSpikeComponent: ThresholdDynamicsFn = (
  neuron,
  _th0,
  _v0,
  _asc0,
  _inj,
  params,
) => {
  const tcs = componentsOf(neuron);
  const thSpike = tcs.length === 0 ? 0 : tcs.spike;
  // spikeComponentOfThresholdExact(thSpike, b_spike, dt)
  const spikeComponent = thSpike * spikeDecayMemo.exp(-num(params, 'b_spike') * neuron.dt);
  tcs.append(spikeComponent, 0.0);
  return spikeComponent + thresholdInf(neuron);
};

/** Voltage component (exact) plus spike component (exact) plus θ∞. */
export const dynamicsThresholdThreeComponentsExact: ThresholdDynamicsFn = (
  neuron,
  _th0,
  v0,
  asc0,
  inj,
  params,
) => {
  const tcs = componentsOf(neuron);
  const empty = tcs.length === 0;
  const thSpike = empty ? 0 : tcs.spike;
  const thVoltage = empty ? 0 : tcs.voltage;
  const c = neuron.coeffs;
  const aVoltage = num(params, 'a_voltage') * c.a;
  const bVoltage = num(params, 'b_voltage') * c.b;
  const I = inj + npSum(asc0);
  const C = neuron.C * c.C;
  const g = neuron.G * c.G;
  // voltageComponentOfThresholdExact(thVoltage, v0, I, dt, aVoltage, bVoltage, C, g, El), inlined
  const t = neuron.dt;
  const El = neuron.El;
  const beta = (I + g * El) / g;
  const phi = aVoltage / (bVoltage - g / C);
  const voltageComponent =
    phi * (v0 - beta) * memoAt(thresholdVoltageMemo, 0).exp((-g * t) / C) +
    (1 / memoAt(thresholdVoltageMemo, 1).exp(bVoltage * t)) *
      (thVoltage - phi * (v0 - beta) - (aVoltage / bVoltage) * (beta - El) - 0) +
    (aVoltage / bVoltage) * (beta - El) +
    0;
  const spikeComponent = thSpike * spikeDecayMemo.exp(-num(params, 'b_spike') * t);
  tcs.append(spikeComponent, voltageComponent);
  return voltageComponent + spikeComponent + thresholdInf(neuron);
};

// ---- after-spike current resets ----

/**
 * New currents `asc_amp_array · c_asc_amp_array` plus the old ones, scaled by `r` and decayed
 * through the spike cut: `asc1 · r · e^{−k·dt·L}`.
 */
export const resetAScurrentSum: AScurrentResetFn = (neuron, asc1, out, params) => {
  const r = params.r as PerCurrent;
  const k = neuron.k;
  const amp = neuron.asc_amp_array;
  const coeffAmp = neuron.coeffs.asc_amp_array;
  const dt = neuron.dt;
  const L = neuron.spike_cut_length;
  for (let i = 0; i < asc1.length; i++) {
    const fresh = (amp[i] as number) * perCurrentAt(coeffAmp, i);
    const leftOver =
      (asc1[i] as number) * perCurrentAt(r, i) * Math.exp(-((k[i] as number) * dt * L));
    out[i] = fresh + leftOver;
  }
  return out;
};

/** Zero currents; a LIF must never have had non-zero currents. */
export const resetAScurrentNone: AScurrentResetFn = (_neuron, asc1, out) => {
  if (npSum(asc1) !== 0) {
    throw new SdkError(
      'E_VALIDATION',
      'AScurrent_reset_method "none": the after-spike currents are not zero (a LIF model must not have after-spike current dynamics)',
      { path: 'AScurrent_reset_method' },
    );
  }
  out.fill(0);
  return out;
};

// ---- voltage resets ----

/** `a · v1 + b`. */
export const resetVoltageVBefore: VoltageResetFn = (_neuron, v1, params) =>
  num(params, 'a') * v1 + num(params, 'b');

/** Back to rest (0 V relative to rest). */
export const resetVoltageZero: VoltageResetFn = () => 0.0;

// ---- threshold resets ----

/** θ∞. */
export const resetThresholdInf: ThresholdResetFn = (neuron) => thresholdInf(neuron);

/**
 * Holds the voltage component through the spike cut, decays the spike component over the L cut
 * steps, then adds `a_spike` to the last spike component; returns spike + voltage + θ∞.
 */
export const resetThresholdThreeComponents: ThresholdResetFn = (neuron, _th1, _vReset, params) => {
  const tcs = neuron.thresholdComponents;
  if (tcs === null) {
    throw new SdkError(
      'E_VALIDATION',
      'threshold_reset_method "three_components" needs threshold components, but none were recorded before the first spike (use a threshold_dynamics_method that records them: spike_component or three_components_exact)',
      { path: 'threshold_reset_method' },
    );
  }
  const bSpike = num(params, 'b_spike');
  const thSpike = tcs.spike;
  const thVoltage = tcs.voltage;
  const L = neuron.spike_cut_length;
  const dt = neuron.dt;
  if (tcs.spikeHistory) {
    for (let n = 1; n <= L; n++) {
      tcs.append(spikeComponentOfThresholdExact(thSpike, bSpike, n * dt), thVoltage);
    }
  } else if (L > 0) {
    // only the last of the L decayed entries is ever read
    tcs.spike = thSpike * spikeCutMemo.exp(-bSpike * (L * dt));
    tcs.length += L;
  }
  if (tcs.length === 0) {
    throw new SdkError(
      'E_VALIDATION',
      'threshold_reset_method "three_components": no threshold component to reset',
      { path: 'threshold_reset_method' },
    );
  }
  tcs.setLastSpike(tcs.spike + num(params, 'a_spike'));
  return tcs.spike + tcs.voltage + thresholdInf(neuron);
};

// ---- the library ----

/** How a library method's bound parameter is checked when the method is configured. */
export type GlifParamKind = 'number' | 'per_current';

export interface GlifLibraryEntry<F> {
  fn: F;
  /** Parameters the method accepts (allensdk's partial fails on any other). */
  params: Readonly<Record<string, GlifParamKind>>;
  /** Parameters that must be present (the others are accepted but unused). */
  required: readonly string[];
}

const thresholdParams = {
  a_spike: 'number',
  b_spike: 'number',
  a_voltage: 'number',
  b_voltage: 'number',
} as const;

/**
 * allensdk's METHOD_LIBRARY: the built-in rules by method type and name. Names not listed are
 * rejected by `GlifNeuron.fromConfig` unless passed in its `methods` option.
 */
export const GLIF_METHOD_LIBRARY: {
  readonly [T in GlifMethodType]: Readonly<Record<string, GlifLibraryEntry<GlifMethodFns[T]>>>;
} = {
  AScurrent_dynamics_method: {
    exp: { fn: dynamicsAScurrentExp, params: {}, required: [] },
    none: { fn: dynamicsAScurrentNone, params: {}, required: [] },
  },
  voltage_dynamics_method: {
    linear_forward_euler: { fn: dynamicsVoltageLinearForwardEuler, params: {}, required: [] },
  },
  threshold_dynamics_method: {
    spike_component: {
      fn: dynamicsThresholdSpikeComponent,
      params: thresholdParams,
      required: ['a_spike', 'b_spike', 'a_voltage', 'b_voltage'],
    },
    inf: { fn: dynamicsThresholdInf, params: {}, required: [] },
    three_components_exact: {
      fn: dynamicsThresholdThreeComponentsExact,
      params: thresholdParams,
      required: ['a_spike', 'b_spike', 'a_voltage', 'b_voltage'],
    },
  },
  AScurrent_reset_method: {
    sum: { fn: resetAScurrentSum, params: { r: 'per_current' }, required: ['r'] },
    none: { fn: resetAScurrentNone, params: {}, required: [] },
  },
  voltage_reset_method: {
    v_before: {
      fn: resetVoltageVBefore,
      params: { a: 'number', b: 'number' },
      required: ['a', 'b'],
    },
    zero: { fn: resetVoltageZero, params: {}, required: [] },
  },
  threshold_reset_method: {
    inf: { fn: resetThresholdInf, params: {}, required: [] },
    three_components: {
      fn: resetThresholdThreeComponents,
      params: { a_spike: 'number', b_spike: 'number' },
      required: ['a_spike', 'b_spike'],
    },
  },
};

import type { GlifNeuron } from './neuron.js';

/**
 * Parameters bound to a method, as a config's `{name, params}` gives them (Python binds them
 * with `functools.partial`). Library methods have their params checked when configured; a custom
 * method receives whatever its configuration holds and checks what it needs.
 */
export type GlifMethodParams = Record<string, unknown>;

/**
 * After-spike current dynamics: the currents one step after `asc0`. `out` is a scratch array of the
 * right length that never aliases `asc0`; a method may fill it and return it (no allocation) or
 * return an array of its own.
 */
export type AScurrentDynamicsFn = (
  neuron: GlifNeuron,
  asc0: Float64Array,
  timeStep: number,
  spikeTimeSteps: readonly number[],
  out: Float64Array,
  params: GlifMethodParams,
) => Float64Array;

/** Voltage one step after `v0` (V relative to rest) under injected current `inj` (A). */
export type VoltageDynamicsFn = (
  neuron: GlifNeuron,
  v0: number,
  asc0: Float64Array,
  inj: number,
  params: GlifMethodParams,
) => number;

/** Threshold one step after `th0`; may record threshold components on the neuron. */
export type ThresholdDynamicsFn = (
  neuron: GlifNeuron,
  th0: number,
  v0: number,
  asc0: Float64Array,
  inj: number,
  params: GlifMethodParams,
) => number;

/** After-spike currents after a spike; `out` as for {@link AScurrentDynamicsFn}. */
export type AScurrentResetFn = (
  neuron: GlifNeuron,
  asc1: Float64Array,
  out: Float64Array,
  params: GlifMethodParams,
) => Float64Array;

/** Voltage after a spike, from the voltage `v1` that crossed threshold. */
export type VoltageResetFn = (neuron: GlifNeuron, v1: number, params: GlifMethodParams) => number;

/** Threshold after a spike; `vReset` is the voltage the voltage reset rule just produced. */
export type ThresholdResetFn = (
  neuron: GlifNeuron,
  th1: number,
  vReset: number,
  params: GlifMethodParams,
) => number;

/** The function type of each of the six method slots of a GLIF neuron (config keys). */
export interface GlifMethodFns {
  AScurrent_dynamics_method: AScurrentDynamicsFn;
  voltage_dynamics_method: VoltageDynamicsFn;
  threshold_dynamics_method: ThresholdDynamicsFn;
  AScurrent_reset_method: AScurrentResetFn;
  voltage_reset_method: VoltageResetFn;
  threshold_reset_method: ThresholdResetFn;
}

export type GlifMethodType = keyof GlifMethodFns;

export const GLIF_METHOD_TYPES: readonly GlifMethodType[] = [
  'AScurrent_dynamics_method',
  'voltage_dynamics_method',
  'threshold_dynamics_method',
  'AScurrent_reset_method',
  'voltage_reset_method',
  'threshold_reset_method',
];

export type AnyGlifMethodFn = GlifMethodFns[GlifMethodType];

/** The serialisable form of a method: what a neuron config holds under each method key. */
export interface GlifMethodConfig {
  name: string;
  params: GlifMethodParams;
}

type DropLast<T extends unknown[]> = T extends [...infer Head, unknown] ? Head : never;

/**
 * A named dynamics or reset rule with its parameters fixed (allensdk `GlifNeuronMethod`).
 * `method(...args, params)` is what the simulation loop calls; `call(...args)` does the same with
 * the bound params appended.
 */
export class GlifNeuronMethod<F extends AnyGlifMethodFn = AnyGlifMethodFn> {
  readonly name: string;
  readonly method: F;
  /** The bound parameters (a copy of the configured ones; `modifyParameter` changes them). */
  readonly params: GlifMethodParams;

  constructor(name: string, method: F, params: GlifMethodParams) {
    this.name = name;
    this.method = method;
    this.params = { ...params };
  }

  call(...args: DropLast<Parameters<F>>): ReturnType<F> {
    return (this.method as (...a: unknown[]) => ReturnType<F>)(...args, this.params);
  }

  toDict(): GlifMethodConfig {
    return { name: this.name, params: structuredClone(this.params) };
  }

  /**
   * Replaces a bound parameter with `operator(current value)` and returns the new value. Unlike
   * allensdk, whose `to_dict` keeps reporting the original value, `toDict` reports the new one.
   */
  modifyParameter<T = unknown>(param: string, operator: (value: unknown) => T): T {
    const value = operator(this.params[param]);
    this.params[param] = value;
    return value;
  }
}

import { formatJsonPath, SdkError } from '@sdk/core';
import {
  type GlifCoeffs,
  type GlifNeuronConfig,
  parseGlifNeuronConfig,
  unwrapGlifNeuronConfig,
} from './config.js';
import { interpolateSpikeTime, interpolateSpikeValue } from './math.js';
import {
  type AScurrentDynamicsFn,
  type AScurrentResetFn,
  type GlifMethodConfig,
  type GlifMethodFns,
  type GlifMethodParams,
  type GlifMethodType,
  GlifNeuronMethod,
  type ThresholdDynamicsFn,
  type ThresholdResetFn,
  type VoltageDynamicsFn,
  type VoltageResetFn,
} from './method.js';
import { GLIF_METHOD_LIBRARY, type GlifLibraryEntry } from './methods.js';
import type { ThresholdComponents } from './threshold-components.js';

/** Extra named methods a config may refer to, by method type (allensdk's library plus these). */
export type GlifCustomMethods = {
  [T in GlifMethodType]?: Readonly<Record<string, GlifMethodFns[T]>>;
};

export interface GlifNeuronOptions {
  /** Named in validation errors. */
  file?: string;
  /** Methods a config may name besides the built-in ones; their params are passed unchecked. */
  methods?: GlifCustomMethods;
  /** JSON path of the config inside its file, for error messages (`fromConfig` sets it). */
  at?: readonly string[];
}

/** A row-major `steps × currents` matrix (an `NdArray` of @sdk/core). */
export interface GlifMatrix {
  data: Float64Array;
  shape: [number, number];
  strides: [number, number];
}

/** What `GlifNeuron.run` returns: the keys of allensdk's output dict. Times in seconds. */
export interface GlifRunResult {
  /** V relative to rest; NaN over spike cuts (and after a bad reset's stop). */
  voltage: Float64Array;
  threshold: Float64Array;
  /** After-spike currents, steps × currents. */
  AScurrents: GlifMatrix;
  /** `step · dt` of each spike. */
  grid_spike_times: Float64Array;
  /** Threshold crossing interpolated inside the spike step. */
  interpolated_spike_times: Float64Array;
  /** Stimulus index of each spike. */
  spike_time_steps: Int32Array;
  interpolated_spike_voltage: Float64Array;
  interpolated_spike_threshold: Float64Array;
}

export interface GlifRunOptions {
  /** Keep the per-step threshold component histories on `neuron.thresholdComponents`. */
  recordThresholdComponents?: boolean;
}

/** Steps written with the reset values after a bad reset, before the run stops (allensdk). */
const BAD_RESET_TAIL = 5;

/** A plain loop: TypedArray#set costs more than the copy itself for the 0–3 currents of GLIF. */
function copyInto(target: Float64Array, offset: number, source: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) target[offset + i] = source[i] as number;
}

function badLength(type: GlifMethodType, got: number, expected: number): SdkError {
  return new SdkError(
    'E_VALIDATION',
    `${type} returned ${got} after-spike currents, expected ${expected}`,
    { path: type },
  );
}

function checkMethodParams(
  type: GlifMethodType,
  config: GlifMethodConfig,
  spec: GlifLibraryEntry<unknown>,
  nAsc: number,
  file: string | undefined,
  at: readonly string[],
): void {
  const fail = (key: string, message: string): never => {
    throw new SdkError('E_VALIDATION', `invalid GLIF neuron config: ${message}`, {
      file,
      path: formatJsonPath([...at, type, 'params', key]),
    });
  };
  for (const key of spec.required) {
    if (config.params[key] === undefined) {
      fail(key, `method "${config.name}" of ${type} needs parameter "${key}"`);
    }
  }
  for (const [key, value] of Object.entries(config.params)) {
    const kind = spec.params[key];
    if (kind === undefined) {
      const accepted = Object.keys(spec.params);
      fail(
        key,
        `method "${config.name}" of ${type} has no parameter "${key}" (accepts ${accepted.length ? accepted.join(', ') : 'none'})`,
      );
    }
    if (kind === 'number' && (typeof value !== 'number' || !Number.isFinite(value))) {
      fail(key, `"${key}" of ${type} "${config.name}" must be a finite number`);
    }
    if (kind === 'per_current') {
      const ok =
        (typeof value === 'number' && Number.isFinite(value)) ||
        (Array.isArray(value) &&
          (value.length === nAsc || value.length === 1) &&
          value.every((x) => typeof x === 'number' && Number.isFinite(x)));
      if (!ok) {
        fail(
          key,
          `"${key}" of ${type} "${config.name}" must be a number or ${nAsc} numbers (one per after-spike current)`,
        );
      }
    }
  }
}

/**
 * The current-based Mihalas–Niebur GLIF neuron of allensdk.model.glif: modular dynamics rules
 * step voltage, threshold and after-spike currents until voltage crosses threshold, then modular
 * reset rules apply. Units SI (V, A, s, Ω, F), voltages relative to rest.
 */
export class GlifNeuron {
  static readonly TYPE = 'GLIF';
  readonly type = GlifNeuron.TYPE;

  El: number;
  /** Simulation step (s). Set it to `1 / sampling_rate` of the stimulus before `run`. */
  dt: number;
  readonly asc_tau_array: Float64Array;
  readonly R_input: number;
  C: number;
  readonly asc_amp_array: Float64Array;
  spike_cut_length: number;
  th_inf: number;
  th_adapt: number | null;
  readonly coeffs: GlifCoeffs;
  init_voltage: number;
  init_threshold: number;
  readonly init_AScurrents: Float64Array;

  /** 1 / asc_tau_array, computed once (as allensdk does). */
  readonly k: Float64Array;
  /** 1 / R_input. */
  readonly G: number;

  AScurrent_dynamics_method: GlifNeuronMethod<AScurrentDynamicsFn>;
  voltage_dynamics_method: GlifNeuronMethod<VoltageDynamicsFn>;
  threshold_dynamics_method: GlifNeuronMethod<ThresholdDynamicsFn>;
  AScurrent_reset_method: GlifNeuronMethod<AScurrentResetFn>;
  voltage_reset_method: GlifNeuronMethod<VoltageResetFn>;
  threshold_reset_method: GlifNeuronMethod<ThresholdResetFn>;

  /** Threshold components of the current run (allensdk `threshold_components`); null before. */
  thresholdComponents: ThresholdComponents | null = null;
  /** Whether threshold rules keep full component histories (set by `run`'s option). */
  recordThresholdComponents = false;

  constructor(config: GlifNeuronConfig, options: GlifNeuronOptions = {}) {
    const n = config.asc_tau_array.length;
    if (config.asc_amp_array.length !== n || config.init_AScurrents.length !== n) {
      throw new SdkError(
        'E_VALIDATION',
        `invalid GLIF neuron config: asc_tau_array (${n}), asc_amp_array (${config.asc_amp_array.length}) and init_AScurrents (${config.init_AScurrents.length}) must have the same length`,
        { file: options.file },
      );
    }
    this.El = config.El;
    this.dt = config.dt;
    this.asc_tau_array = Float64Array.from(config.asc_tau_array);
    this.R_input = config.R_input;
    this.C = config.C;
    this.asc_amp_array = Float64Array.from(config.asc_amp_array);
    this.spike_cut_length = Math.trunc(config.spike_cut_length);
    this.th_inf = config.th_inf;
    this.th_adapt = config.th_adapt;
    this.init_voltage = config.init_voltage;
    this.init_threshold = config.init_threshold;
    this.init_AScurrents = Float64Array.from(config.init_AScurrents);
    this.k = this.asc_tau_array.map((tau) => 1.0 / tau);
    this.G = 1.0 / this.R_input;
    this.coeffs = {
      th_inf: 1,
      C: 1,
      G: 1,
      b: 1,
      a: 1,
      asc_amp_array: new Array<number>(n).fill(1),
      ...structuredClone(config.coeffs),
    };
    const lib = <T extends GlifMethodType>(type: T) =>
      GlifNeuron.configureLibraryMethod(type, config[type], { ...options, nAsc: n });
    this.AScurrent_dynamics_method = lib('AScurrent_dynamics_method');
    this.voltage_dynamics_method = lib('voltage_dynamics_method');
    this.threshold_dynamics_method = lib('threshold_dynamics_method');
    this.AScurrent_reset_method = lib('AScurrent_reset_method');
    this.voltage_reset_method = lib('voltage_reset_method');
    this.threshold_reset_method = lib('threshold_reset_method');
  }

  /**
   * A neuron from a `neuron_config.json` as the API serves it (`{"<model id>": {...}}`) or bare,
   * validated (errors name the field).
   */
  static fromConfig(raw: unknown, options: GlifNeuronOptions = {}): GlifNeuron {
    const { key } = unwrapGlifNeuronConfig(raw);
    return new GlifNeuron(parseGlifNeuronConfig(raw, { file: options.file }), {
      ...options,
      at: key === undefined ? [] : [key],
    });
  }

  /** allensdk's name for {@link GlifNeuron.fromConfig}. */
  static fromDict(raw: unknown, options: GlifNeuronOptions = {}): GlifNeuron {
    return GlifNeuron.fromConfig(raw, options);
  }

  /** A method from any function and its bound params (allensdk `configure_method`). */
  static configureMethod<F extends GlifMethodFns[GlifMethodType]>(
    name: string,
    method: F,
    params: GlifMethodParams = {},
  ): GlifNeuronMethod<F> {
    return new GlifNeuronMethod(name, method, params);
  }

  /**
   * A method of the library by type and `{name, params}` (allensdk `configure_library_method`);
   * `options.methods` adds named custom methods to the library.
   */
  static configureLibraryMethod<T extends GlifMethodType>(
    type: T,
    config: GlifMethodConfig,
    /** `nAsc`: the number of after-spike currents, for checking per-current params. */
    options: GlifNeuronOptions & { nAsc?: number } = {},
  ): GlifNeuronMethod<GlifMethodFns[T]> {
    const library: Readonly<Record<string, GlifLibraryEntry<GlifMethodFns[T]>>> | undefined =
      GLIF_METHOD_LIBRARY[type];
    if (library === undefined) {
      throw new SdkError('E_VALIDATION', `unknown GLIF method type "${String(type)}"`, {
        file: options.file,
      });
    }
    if (config === null || typeof config !== 'object' || typeof config.name !== 'string') {
      throw new SdkError('E_VALIDATION', `method configuration for ${type} has no "name"`, {
        file: options.file,
        path: formatJsonPath([...(options.at ?? []), type, 'name']),
      });
    }
    if (config.params === null || typeof config.params !== 'object') {
      throw new SdkError('E_VALIDATION', `method configuration for ${type} has no "params"`, {
        file: options.file,
        path: formatJsonPath([...(options.at ?? []), type, 'params']),
      });
    }
    const custom = options.methods?.[type] as
      | Readonly<Record<string, GlifMethodFns[T]>>
      | undefined;
    const customFn = custom && Object.hasOwn(custom, config.name) ? custom[config.name] : undefined;
    if (customFn !== undefined) return new GlifNeuronMethod(config.name, customFn, config.params);
    const entry = Object.hasOwn(library, config.name) ? library[config.name] : undefined;
    if (entry === undefined) {
      const known = [...Object.keys(library), ...Object.keys(custom ?? {})];
      throw new SdkError(
        'E_VALIDATION',
        `unknown ${type} "${config.name}" (known: ${known.join(', ')})`,
        { file: options.file, path: formatJsonPath([...(options.at ?? []), type, 'name']) },
      );
    }
    checkMethodParams(type, config, entry, options.nAsc ?? 0, options.file, options.at ?? []);
    return new GlifNeuronMethod(config.name, entry.fn, config.params);
  }

  /** Membrane time constant R·C (s). */
  get tau_m(): number {
    return this.R_input * this.C;
  }

  /** The neuron as a config dict (allensdk `to_dict`), readable again by `fromConfig`. */
  toDict(): Record<string, unknown> {
    return {
      type: this.type,
      El: this.El,
      dt: this.dt,
      asc_tau_array: Array.from(this.asc_tau_array),
      R_input: this.R_input,
      C: this.C,
      asc_amp_array: Array.from(this.asc_amp_array),
      spike_cut_length: this.spike_cut_length,
      th_inf: this.th_inf,
      th_adapt: this.th_adapt,
      coeffs: structuredClone(this.coeffs),
      AScurrent_dynamics_method: this.AScurrent_dynamics_method.toDict(),
      voltage_dynamics_method: this.voltage_dynamics_method.toDict(),
      threshold_dynamics_method: this.threshold_dynamics_method.toDict(),
      AScurrent_reset_method: this.AScurrent_reset_method.toDict(),
      voltage_reset_method: this.voltage_reset_method.toDict(),
      threshold_reset_method: this.threshold_reset_method.toDict(),
      init_voltage: this.init_voltage,
      init_threshold: this.init_threshold,
      init_AScurrents: Array.from(this.init_AScurrents),
      El_reference: this.El,
    };
  }

  appendThresholdComponents(spike: number, voltage: number): void {
    if (this.thresholdComponents === null) {
      throw new SdkError('E_VALIDATION', 'no threshold components: none recorded in this run');
    }
    this.thresholdComponents.append(spike, voltage);
  }

  /**
   * One step of the dynamics rules: `[v1, θ1, asc1]` (allensdk `dynamics`). `asc1` is a new array.
   */
  dynamics(
    voltage0: number,
    threshold0: number,
    asc0: ArrayLike<number>,
    inj: number,
    timeStep: number,
    spikeTimeSteps: readonly number[],
  ): [number, number, Float64Array] {
    const a0 = Float64Array.from(asc0);
    const asc1 = Float64Array.from(
      this.AScurrent_dynamics_method.method(
        this,
        a0,
        timeStep,
        spikeTimeSteps,
        new Float64Array(a0.length),
        this.AScurrent_dynamics_method.params,
      ),
    );
    const m = this.voltage_dynamics_method;
    const v1 = m.method(this, voltage0, a0, inj, m.params);
    const t = this.threshold_dynamics_method;
    const th1 = t.method(this, threshold0, voltage0, a0, inj, t.params);
    return [v1, th1, asc1];
  }

  /** The reset rules after a spike: `[v, θ, asc, badReset]` (allensdk `reset`). */
  reset(
    voltage1: number,
    threshold1: number,
    asc1: ArrayLike<number>,
  ): [number, number, Float64Array, boolean] {
    const a1 = Float64Array.from(asc1);
    const ascR = Float64Array.from(
      this.AScurrent_reset_method.method(
        this,
        a1,
        new Float64Array(a1.length),
        this.AScurrent_reset_method.params,
      ),
    );
    const vr = this.voltage_reset_method;
    const v = vr.method(this, voltage1, vr.params);
    const tr = this.threshold_reset_method;
    const th = tr.method(this, threshold1, v, tr.params);
    return [v, th, ascR, v > th];
  }

  /**
   * Simulates the neuron over a stimulus (A, one value per `dt`). After a threshold crossing the
   * next `spike_cut_length` samples are NaN and the reset values are stored after them; when a
   * reset leaves voltage above threshold the reset values fill 5 more samples and the run stops.
   */
  run(stimulus: ArrayLike<number>, options: GlifRunOptions = {}): GlifRunResult {
    const nSteps = stimulus.length;
    const nAsc = this.init_AScurrents.length;
    const dt = this.dt;
    const L = this.spike_cut_length;
    if (!(dt > 0) || !Number.isFinite(dt)) {
      throw new SdkError(
        'E_VALIDATION',
        `GLIF neuron dt must be a positive number of seconds, got ${dt}`,
        {
          path: 'dt',
        },
      );
    }
    if (!Number.isInteger(L) || L < 0) {
      throw new SdkError(
        'E_VALIDATION',
        `spike_cut_length must be a non-negative integer, got ${L}`,
        {
          path: 'spike_cut_length',
        },
      );
    }
    for (let i = 0; i < nSteps; i++) {
      // allensdk would carry a NaN stimulus silently into every later sample
      if (!Number.isFinite(stimulus[i])) {
        throw new SdkError(
          'E_VALIDATION',
          `stimulus sample ${i} is ${stimulus[i]}: expected a finite current in amps`,
          {
            path: `stimulus[${i}]`,
          },
        );
      }
    }

    this.recordThresholdComponents = options.recordThresholdComponents ?? false;
    this.thresholdComponents = null;

    const voltage = new Float64Array(nSteps).fill(Number.NaN);
    const threshold = new Float64Array(nSteps).fill(Number.NaN);
    const asc = new Float64Array(nSteps * nAsc).fill(Number.NaN);

    const spikeTimeSteps: number[] = [];
    const gridSpikeTimes: number[] = [];
    const interpolatedSpikeTimes: number[] = [];
    const interpolatedSpikeVoltage: number[] = [];
    const interpolatedSpikeThreshold: number[] = [];

    const ascDyn = this.AScurrent_dynamics_method;
    const vDyn = this.voltage_dynamics_method;
    const thDyn = this.threshold_dynamics_method;
    const ascReset = this.AScurrent_reset_method;
    const vReset = this.voltage_reset_method;
    const thReset = this.threshold_reset_method;

    let v0 = this.init_voltage;
    let th0 = this.init_threshold;
    // asc0 is the loop's own state; methods write into the scratch arrays, never into asc0
    const asc0 = Float64Array.from(this.init_AScurrents);
    const scratchDyn = new Float64Array(nAsc);
    const scratchReset = new Float64Array(nAsc);

    let step = 0;
    while (step < nSteps) {
      const inj = stimulus[step] as number;
      const asc1 = ascDyn.method(this, asc0, step, spikeTimeSteps, scratchDyn, ascDyn.params);
      const v1 = vDyn.method(this, v0, asc0, inj, vDyn.params);
      const th1 = thDyn.method(this, th0, v0, asc0, inj, thDyn.params);

      if (v1 > th1) {
        spikeTimeSteps.push(step);
        gridSpikeTimes.push(step * dt);
        const tSpike = interpolateSpikeTime(dt, step, th0, th1, v0, v1);
        interpolatedSpikeTimes.push(tSpike);
        const offset = tSpike - (step - 1) * dt;
        interpolatedSpikeVoltage.push(interpolateSpikeValue(dt, offset, v0, v1));
        interpolatedSpikeThreshold.push(interpolateSpikeValue(dt, offset, th0, th1));

        const ascR = ascReset.method(this, asc1, scratchReset, ascReset.params);
        v0 = vReset.method(this, v1, vReset.params);
        th0 = thReset.method(this, th1, v0, thReset.params);
        if (ascR.length !== nAsc) throw badLength('AScurrent_reset_method', ascR.length, nAsc);
        copyInto(asc0, 0, ascR, nAsc);
        const badReset = v0 > th0;

        // the cut [step, step + L) stays NaN; the reset values land right after it
        if (L > 0) {
          const at = step + L;
          if (at < nSteps) {
            voltage[at] = v0;
            threshold[at] = th0;
            copyInto(asc, at * nAsc, asc0, nAsc);
          }
          step += L + 1;
        } else {
          voltage[step] = v0;
          threshold[step] = th0;
          copyInto(asc, step * nAsc, asc0, nAsc);
          step += 1;
        }

        if (badReset) {
          const end = Math.min(step + BAD_RESET_TAIL, nSteps);
          for (let i = step; i < end; i++) {
            voltage[i] = v0;
            threshold[i] = th0;
            copyInto(asc, i * nAsc, asc0, nAsc);
          }
          break;
        }
      } else {
        voltage[step] = v1;
        threshold[step] = th1;
        if (asc1.length !== nAsc) throw badLength('AScurrent_dynamics_method', asc1.length, nAsc);
        copyInto(asc, step * nAsc, asc1, nAsc);
        v0 = v1;
        th0 = th1;
        if (asc1 !== asc0) copyInto(asc0, 0, asc1, nAsc);
        step += 1;
      }
    }

    return {
      voltage,
      threshold,
      AScurrents: { data: asc, shape: [nSteps, nAsc], strides: [nAsc, 1] },
      grid_spike_times: Float64Array.from(gridSpikeTimes),
      interpolated_spike_times: Float64Array.from(interpolatedSpikeTimes),
      spike_time_steps: Int32Array.from(spikeTimeSteps),
      interpolated_spike_voltage: Float64Array.from(interpolatedSpikeVoltage),
      interpolated_spike_threshold: Float64Array.from(interpolatedSpikeThreshold),
    };
  }
}

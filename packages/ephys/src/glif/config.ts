/**
 * The GLIF neuron configuration (`neuron_config.json`) and its validation. Checking is done by the
 * small `ConfigReader` below so that every error names the failing field; it can be swapped for a
 * zod schema (core's `parseWithSchema`) without changing `parseGlifNeuronConfig`'s contract.
 */
import { formatJsonPath, SdkError } from '@sdk/core';
import { GLIF_METHOD_TYPES, type GlifMethodConfig, type GlifMethodType } from './method.js';
import type { PerCurrent } from './methods.js';

/** Multipliers applied to neuron properties during simulation (fit by the optimiser). */
export interface GlifCoeffs {
  th_inf: number;
  C: number;
  G: number;
  a: number;
  b: number;
  asc_amp_array: PerCurrent;
  [key: string]: number | PerCurrent;
}

/** A validated neuron config: SI units, voltages relative to rest. Unknown keys are dropped. */
export interface GlifNeuronConfig {
  El: number;
  dt: number;
  asc_tau_array: number[];
  R_input: number;
  C: number;
  asc_amp_array: number[];
  spike_cut_length: number;
  th_inf: number;
  th_adapt: number | null;
  /** Partial coeffs as configured; defaults are filled in by the neuron. */
  coeffs: Partial<GlifCoeffs>;
  AScurrent_dynamics_method: GlifMethodConfig;
  voltage_dynamics_method: GlifMethodConfig;
  threshold_dynamics_method: GlifMethodConfig;
  AScurrent_reset_method: GlifMethodConfig;
  voltage_reset_method: GlifMethodConfig;
  threshold_reset_method: GlifMethodConfig;
  init_voltage: number;
  init_threshold: number;
  init_AScurrents: number[];
}

export interface ParseGlifConfigOptions {
  /** Named in error messages (the config file's path). */
  file?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads typed fields off a JSON object, throwing E_VALIDATION errors that name the field path. */
class ConfigReader {
  constructor(
    private readonly obj: Record<string, unknown>,
    private readonly at: readonly (string | number)[],
    private readonly file: string | undefined,
  ) {}

  /** JSON path of a field, e.g. `$["566283540"].asc_amp_array[1]`. */
  path(...key: (string | number)[]): string {
    return formatJsonPath([...this.at, ...key]);
  }

  fail(key: string | (string | number)[], message: string): never {
    throw new SdkError('E_VALIDATION', `invalid GLIF neuron config: ${message}`, {
      file: this.file,
      path: this.path(...(Array.isArray(key) ? key : [key])),
    });
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined;
  }

  number(key: string, { positive = false } = {}): number {
    const v = this.obj[key];
    if (v === undefined) this.fail(key, `missing required field "${key}"`);
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.fail(key, `"${key}" must be a finite number, got ${describe(v)}`);
    }
    if (positive && !(v > 0)) this.fail(key, `"${key}" must be > 0, got ${v}`);
    return v;
  }

  numberOrNull(key: string): number | null {
    const v = this.obj[key];
    if (v === undefined || v === null) return null;
    return this.number(key);
  }

  numberArray(key: string): number[] {
    const v = this.obj[key];
    if (v === undefined) this.fail(key, `missing required field "${key}"`);
    if (!Array.isArray(v))
      this.fail(key, `"${key}" must be an array of numbers, got ${describe(v)}`);
    return v.map((x, i) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        this.fail([key, i], `"${key}[${i}]" must be a finite number, got ${describe(x)}`);
      }
      return x;
    });
  }

  object(key: string): ConfigReader {
    const v = this.obj[key];
    if (v === undefined) this.fail(key, `missing required field "${key}"`);
    if (!isRecord(v)) this.fail(key, `"${key}" must be an object, got ${describe(v)}`);
    return new ConfigReader(v, [...this.at, key], this.file);
  }

  raw(key: string): unknown {
    return this.obj[key];
  }

  keys(): string[] {
    return Object.keys(this.obj);
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'object') return 'an object';
  return String(v);
}

function readMethod(r: ConfigReader, key: GlifMethodType): GlifMethodConfig {
  const m: ConfigReader = r.object(key);
  const name = m.raw('name');
  if (typeof name !== 'string' || name === '') {
    m.fail('name', `"${key}.name" must be a non-empty string, got ${describe(name)}`);
  }
  const params = m.raw('params');
  if (!isRecord(params)) {
    m.fail('params', `"${key}.params" must be an object, got ${describe(params)}`);
  }
  return { name, params: structuredClone(params) };
}

function readCoeffs(r: ConfigReader, nAsc: number): Partial<GlifCoeffs> {
  if (!r.has('coeffs')) return {};
  const c = r.object('coeffs');
  const out: Partial<GlifCoeffs> = {};
  for (const key of c.keys()) {
    const v = c.raw(key);
    if (Array.isArray(v)) {
      const arr = c.numberArray(key);
      if (key === 'asc_amp_array' && arr.length !== nAsc && arr.length !== 1) {
        c.fail(
          key,
          `"coeffs.asc_amp_array" has ${arr.length} elements, expected ${nAsc} (one per after-spike current)`,
        );
      }
      out[key] = arr;
    } else {
      out[key] = c.number(key);
    }
  }
  return out;
}

/** The config object inside an API file (`{"<model id>": {...}}`), or the object itself. */
export function unwrapGlifNeuronConfig(raw: unknown): { config: unknown; key: string | undefined } {
  if (isRecord(raw) && !('voltage_dynamics_method' in raw)) {
    const keys = Object.keys(raw);
    if (keys.length === 1) {
      const only = raw[keys[0] as string];
      if (isRecord(only)) return { config: only, key: keys[0] as string };
    }
  }
  return { config: raw, key: undefined };
}

/**
 * Validates a neuron config as the Cell Types API serves it (`{"<model id>": {...}}`) or bare.
 * Ignores the keys GlifNeuron ignores (`El_reference`, `type`, `dt_multiplier`,
 * `extrapolation_method_name`, ...). Method names and their params are checked later, against
 * the method library, when the neuron is built.
 */
export function parseGlifNeuronConfig(
  raw: unknown,
  options: ParseGlifConfigOptions = {},
): GlifNeuronConfig {
  const { config, key } = unwrapGlifNeuronConfig(raw);
  const at = key === undefined ? [] : [key];
  if (!isRecord(config)) {
    throw new SdkError(
      'E_VALIDATION',
      `invalid GLIF neuron config: expected a JSON object, got ${describe(config)}`,
      { file: options.file, path: formatJsonPath(at) },
    );
  }
  const r = new ConfigReader(config, at, options.file);
  const asc_tau_array = r.numberArray('asc_tau_array');
  const asc_amp_array = r.numberArray('asc_amp_array');
  const init_AScurrents = r.numberArray('init_AScurrents');
  const n = asc_tau_array.length;
  if (asc_amp_array.length !== n) {
    r.fail(
      'asc_amp_array',
      `"asc_amp_array" has ${asc_amp_array.length} elements but "asc_tau_array" has ${n}`,
    );
  }
  if (init_AScurrents.length !== n) {
    r.fail(
      'init_AScurrents',
      `"init_AScurrents" has ${init_AScurrents.length} elements but "asc_tau_array" has ${n}`,
    );
  }
  const spike_cut_length = r.number('spike_cut_length');
  if (!Number.isInteger(spike_cut_length) || spike_cut_length < 0) {
    r.fail(
      'spike_cut_length',
      `"spike_cut_length" must be a non-negative integer, got ${spike_cut_length}`,
    );
  }
  const methods = {} as Record<GlifMethodType, GlifMethodConfig>;
  for (const type of GLIF_METHOD_TYPES) methods[type] = readMethod(r, type);
  return {
    El: r.number('El'),
    dt: r.number('dt', { positive: true }),
    asc_tau_array,
    R_input: r.number('R_input'),
    C: r.number('C'),
    asc_amp_array,
    spike_cut_length,
    th_inf: r.number('th_inf'),
    th_adapt: r.numberOrNull('th_adapt'),
    coeffs: readCoeffs(r, n),
    ...methods,
    init_voltage: r.number('init_voltage'),
    init_threshold: r.number('init_threshold'),
    init_AScurrents,
  };
}

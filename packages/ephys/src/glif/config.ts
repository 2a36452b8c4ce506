/**
 * The GLIF neuron configuration (`neuron_config.json`) and its validation: a zod schema checked
 * through core's `parseWithSchema`, so every error names the file and the JSON path of the field.
 */
import { formatJsonPath, parseWithSchema } from '@sdk/core';
import { z } from 'zod';
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

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'object') return 'an object';
  return String(v);
}

/** A finite number; `label` is how the field is named in messages (`asc_amp_array[1]`). */
function finite(label: string) {
  return z.number({
    error: (iss) =>
      iss.input === undefined
        ? `missing required field "${label}"`
        : `"${label}" must be a finite number, got ${describe(iss.input)}`,
  });
}

function numberArray(key: string) {
  return z
    .array(z.unknown(), {
      error: (iss) =>
        iss.input === undefined
          ? `missing required field "${key}"`
          : `"${key}" must be an array of numbers, got ${describe(iss.input)}`,
    })
    .superRefine((arr, ctx) => {
      arr.forEach((x, i) => {
        if (typeof x !== 'number' || !Number.isFinite(x)) {
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: `"${key}[${i}]" must be a finite number, got ${describe(x)}`,
          });
        }
      });
    })
    .transform((arr) => arr as number[]);
}

function method(key: GlifMethodType) {
  return z.object(
    {
      name: z
        .string({
          error: (iss) => `"${key}.name" must be a non-empty string, got ${describe(iss.input)}`,
        })
        .min(1, { error: `"${key}.name" must be a non-empty string, got ""` }),
      params: z.record(z.string(), z.unknown(), {
        error: (iss) => `"${key}.params" must be an object, got ${describe(iss.input)}`,
      }),
    },
    {
      error: (iss) =>
        iss.input === undefined
          ? `missing required field "${key}"`
          : `"${key}" must be an object, got ${describe(iss.input)}`,
    },
  );
}

/** The schema of a bare config object (unknown keys are dropped, as GlifNeuron ignores them). */
export const glifNeuronConfigSchema = z
  .object(
    {
      El: finite('El'),
      dt: finite('dt').refine((x) => x > 0, {
        error: (iss) => `"dt" must be > 0, got ${iss.input}`,
      }),
      asc_tau_array: numberArray('asc_tau_array'),
      R_input: finite('R_input'),
      C: finite('C'),
      asc_amp_array: numberArray('asc_amp_array'),
      spike_cut_length: finite('spike_cut_length').refine((x) => Number.isInteger(x) && x >= 0, {
        error: (iss) => `"spike_cut_length" must be a non-negative integer, got ${iss.input}`,
      }),
      th_inf: finite('th_inf'),
      th_adapt: finite('th_adapt')
        .nullish()
        .transform((x) => x ?? null),
      coeffs: z
        .record(z.string(), z.unknown(), {
          error: (iss) => `"coeffs" must be an object, got ${describe(iss.input)}`,
        })
        .optional(),
      AScurrent_dynamics_method: method('AScurrent_dynamics_method'),
      voltage_dynamics_method: method('voltage_dynamics_method'),
      threshold_dynamics_method: method('threshold_dynamics_method'),
      AScurrent_reset_method: method('AScurrent_reset_method'),
      voltage_reset_method: method('voltage_reset_method'),
      threshold_reset_method: method('threshold_reset_method'),
      init_voltage: finite('init_voltage'),
      init_threshold: finite('init_threshold'),
      init_AScurrents: numberArray('init_AScurrents'),
    },
    { error: (iss) => `expected a JSON object, got ${describe(iss.input)}` },
  )
  .superRefine((c, ctx) => {
    const n = c.asc_tau_array.length;
    for (const key of ['asc_amp_array', 'init_AScurrents'] as const) {
      if (c[key].length !== n) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `"${key}" has ${c[key].length} elements but "asc_tau_array" has ${n}`,
        });
      }
    }
    for (const [key, v] of Object.entries(c.coeffs ?? {})) {
      if (!Array.isArray(v)) {
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          ctx.addIssue({
            code: 'custom',
            path: ['coeffs', key],
            message: `"coeffs.${key}" must be a finite number or an array of numbers, got ${describe(v)}`,
          });
        }
        continue;
      }
      v.forEach((x, i) => {
        if (typeof x !== 'number' || !Number.isFinite(x)) {
          ctx.addIssue({
            code: 'custom',
            path: ['coeffs', key, i],
            message: `"coeffs.${key}[${i}]" must be a finite number, got ${describe(x)}`,
          });
        }
      });
      if (key === 'asc_amp_array' && v.length !== n && v.length !== 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['coeffs', key],
          message: `"coeffs.asc_amp_array" has ${v.length} elements, expected ${n} (one per after-spike current)`,
        });
      }
    }
  });

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
  const parsed = parseWithSchema(glifNeuronConfigSchema, config, {
    ...(options.file !== undefined ? { file: options.file } : {}),
    root: formatJsonPath(key === undefined ? [] : [key]),
  });
  const methods = {} as Record<GlifMethodType, GlifMethodConfig>;
  for (const type of GLIF_METHOD_TYPES) {
    const m = parsed[type];
    methods[type] = { name: m.name, params: structuredClone(m.params) };
  }
  return {
    El: parsed.El,
    dt: parsed.dt,
    asc_tau_array: parsed.asc_tau_array,
    R_input: parsed.R_input,
    C: parsed.C,
    asc_amp_array: parsed.asc_amp_array,
    spike_cut_length: parsed.spike_cut_length,
    th_inf: parsed.th_inf,
    th_adapt: parsed.th_adapt,
    coeffs: structuredClone(parsed.coeffs ?? {}) as Partial<GlifCoeffs>,
    ...methods,
    init_voltage: parsed.init_voltage,
    init_threshold: parsed.init_threshold,
    init_AScurrents: parsed.init_AScurrents,
  };
}

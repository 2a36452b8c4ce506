import { unwrapGlifNeuronConfig } from './config.js';
import { GLIF_METHOD_TYPES, type GlifMethodType } from './method.js';

/** One of the five GLIF model levels of the Allen Cell Types Database (Teeter et al. 2018). */
export interface GlifLevel {
  level: 1 | 2 | 3 | 4 | 5;
  /** Short name as in the model names, e.g. `LIF-R-ASC-A`. */
  name: string;
  /** `neuronal_model_template_id` of the API's neuronal model records. */
  template_id: number;
  /** The library method each of the six rules uses at this level. */
  methods: Readonly<Record<GlifMethodType, string>>;
}

function level(
  n: GlifLevel['level'],
  name: string,
  template_id: number,
  vReset: string,
  thDyn: string,
  thReset: string,
  ascDyn: string,
  ascReset: string,
): GlifLevel {
  return {
    level: n,
    name,
    template_id,
    methods: {
      AScurrent_dynamics_method: ascDyn,
      voltage_dynamics_method: 'linear_forward_euler',
      threshold_dynamics_method: thDyn,
      AScurrent_reset_method: ascReset,
      voltage_reset_method: vReset,
      threshold_reset_method: thReset,
    },
  };
}

export const GLIF_LEVELS: readonly GlifLevel[] = [
  level(1, 'LIF', 395310469, 'zero', 'inf', 'inf', 'none', 'none'),
  level(2, 'LIF-R', 395310479, 'v_before', 'spike_component', 'three_components', 'none', 'none'),
  level(3, 'LIF-ASC', 395310475, 'zero', 'inf', 'inf', 'exp', 'sum'),
  level(4, 'LIF-R-ASC', 471355161, 'v_before', 'spike_component', 'three_components', 'exp', 'sum'),
  level(
    5,
    'LIF-R-ASC-A',
    395310498,
    'v_before',
    'three_components_exact',
    'three_components',
    'exp',
    'sum',
  ),
];

/** The level of a `neuronal_model_template_id`, or undefined for other model templates. */
export function glifLevelOfTemplate(templateId: number): GlifLevel | undefined {
  return GLIF_LEVELS.find((l) => l.template_id === templateId);
}

/** The level whose six method names a neuron config (API form or bare) uses, if any. */
export function glifLevelOfConfig(raw: unknown): GlifLevel | undefined {
  const { config } = unwrapGlifNeuronConfig(raw);
  if (config === null || typeof config !== 'object') return undefined;
  const c = config as Record<string, { name?: unknown } | undefined>;
  return GLIF_LEVELS.find((l) => GLIF_METHOD_TYPES.every((t) => c[t]?.name === l.methods[t]));
}

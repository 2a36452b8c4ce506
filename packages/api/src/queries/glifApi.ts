/** `GlifApi`: GLIF neuronal models and their neuron configs. */
import type { ApiRecord } from '../api.js';
import { ApiError } from '../errors.js';
import { type QueryManifest, RmaTemplate } from '../rma/template.js';

export const GLIF_TYPES = [395310498, 395310469, 395310475, 395310479, 471355161] as const;

export const GLIF_TEMPLATES: QueryManifest = {
  glif_queries: [
    {
      name: 'neuronal_model_templates',
      model: 'NeuronalModelTemplate',
      num_rows: 'all',
      count: false,
    },
    {
      name: 'neuronal_models',
      model: 'Specimen',
      include: `neuronal_models(well_known_files,neuronal_model_template[id$in${GLIF_TYPES.join(',')}],neuronal_model_runs(well_known_files))`,
      criteria:
        '{% if ephys_experiment_ids is defined %}[id$in{{ ephys_experiment_ids }}]{%endif%}',
      num_rows: 'all',
      criteria_params: ['ephys_experiment_ids'],
      count: false,
    },
    {
      name: 'neuron_config',
      model: 'NeuronalModel',
      include: 'well_known_files(well_known_file_type)',
      criteria: '[id$in{{ neuronal_model_ids }}]',
      num_rows: 'all',
      criteria_params: ['neuronal_model_ids'],
      count: false,
    },
  ],
};

export class GlifApi extends RmaTemplate {
  static readonly GLIF_TYPES = GLIF_TYPES;
  override templates = GLIF_TEMPLATES;

  getNeuronalModelTemplates(): Promise<ApiRecord[]> {
    return this.templateQuery('glif_queries', 'neuronal_model_templates');
  }

  getNeuronalModels(ephysExperimentIds?: readonly number[] | null): Promise<ApiRecord[]> {
    return this.templateQuery('glif_queries', 'neuronal_models', {
      ephys_experiment_ids: ephysExperimentIds,
    });
  }

  getNeuronalModelsById(neuronalModelIds?: readonly number[] | null): Promise<ApiRecord[]> {
    return this.templateQuery('glif_queries', 'neuron_config', {
      neuronal_model_ids: neuronalModelIds,
    });
  }

  /** Each model's neuron config (GET of its first well-known file), keyed by model id. */
  async getNeuronConfigs(
    neuronalModelIds?: readonly number[] | null,
  ): Promise<Map<number, unknown>> {
    const data = await this.templateQuery('glif_queries', 'neuron_config', {
      neuronal_model_ids: neuronalModelIds,
    });
    const out = new Map<number, unknown>();
    for (const config of data) {
      const files = config.well_known_files as ApiRecord[] | undefined;
      const link = files?.[0]?.download_link;
      if (typeof link !== 'string') {
        throw new ApiError(
          `neuronal model ${String(config.id)} has no well-known file`,
          this.rmaEndpoint,
          {
            code: 'E_FORMAT',
          },
        );
      }
      out.set(config.id as number, await this.retrieveParsedJsonOverHttp(this.apiUrl + link));
    }
    return out;
  }
}

/** `BiophysicalApi`: biophysical neuronal models, their files, and a runnable manifest. */
import { SdkError } from '@sdk/core';
import type { ApiRecord } from '../api.js';
import { pyD } from '../python/format.js';
import { type QueryManifest, RmaTemplate } from '../rma/template.js';

export const BIOPHYSICAL_MODEL_TYPE_IDS = [491455321, 329230710] as const;

export const BIOPHYSICAL_TEMPLATES: QueryManifest = {
  model_queries: [
    {
      name: 'models_by_specimen',
      model: 'NeuronalModel',
      num_rows: 'all',
      count: false,
      criteria:
        '[neuronal_model_template_id$in{{biophysical_model_types}}],[specimen_id$in{{specimen_ids}}]',
      criteria_params: ['specimen_ids', 'biophysical_model_types'],
    },
  ],
};

/** Well-known file ids of a model, by role, mapped to the file name each is saved under. */
export interface BiophysicalFileIds {
  stimulus: Record<string, string>;
  morphology: Record<string, string>;
  marker: Record<string, string>;
  modfiles: Record<string, string>;
  fit: Record<string, string>;
}

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

function isType(wkf: ApiRecord, name: string): boolean {
  const t = wkf.well_known_file_type as ApiRecord | undefined;
  return t !== null && typeof t === 'object' && t.name === name;
}

const hasIdAndPath = (w: ApiRecord) => 'id' in w && 'path' in w;
const list = (v: unknown): ApiRecord[] => (Array.isArray(v) ? (v as ApiRecord[]) : []);

export class BiophysicalApi extends RmaTemplate {
  static readonly NWB_FILE_TYPE = 'NWBDownload';
  static readonly SWC_FILE_TYPE = '3DNeuronReconstruction';
  static readonly MOD_FILE_TYPE = 'BiophysicalModelDescription';
  static readonly FIT_FILE_TYPE = 'NeuronalModelParameters';
  static readonly MARKER_FILE_TYPE = '3DNeuronMarker';
  static readonly BIOPHYSICAL_MODEL_TYPE_IDS = BIOPHYSICAL_MODEL_TYPE_IDS;
  override templates = BIOPHYSICAL_TEMPLATES;
  cacheStimulus = true;
  ids: BiophysicalFileIds = { stimulus: {}, morphology: {}, marker: {}, modfiles: {}, fit: {} };
  sweeps: number[] = [];
  manifest: Record<string, unknown> = {};
  modelType: string | null = null;

  getNeuronalModels(
    specimenIds: readonly number[],
    {
      numRows = 'all',
      count = false,
      modelTypeIds,
    }: { numRows?: number | 'all'; count?: boolean; modelTypeIds?: readonly number[] | null } = {},
  ): Promise<ApiRecord[]> {
    return this.templateQuery('model_queries', 'models_by_specimen', {
      specimen_ids: specimenIds,
      biophysical_model_types: [...(modelTypeIds ?? BIOPHYSICAL_MODEL_TYPE_IDS)],
      num_rows: numRows,
      count,
    });
  }

  buildRma(neuronalModelId: number, fmt = 'json'): string {
    const include = [
      'neuronal_model_template(well_known_files(well_known_file_type)),',
      'specimen(ephys_result(well_known_files(well_known_file_type)),',
      'neuron_reconstructions(well_known_files(well_known_file_type)),',
      'ephys_sweeps),',
      'well_known_files(well_known_file_type)',
    ].join('');
    const criteria = `[id$eq${pyD(neuronalModelId, 'neuronalModelId')}],${include}`;
    return `${this.rmaEndpoint}/query.${fmt}?q=model::NeuronalModel,rma::criteria,${criteria},rma::include,${include}`;
  }

  /** `read_json`: collects the model's file ids by role, its sweeps (except `Test`) and model type. */
  readJson(parsed: unknown): BiophysicalFileIds {
    this.ids = { stimulus: {}, morphology: {}, marker: {}, modfiles: {}, fit: {} };
    this.sweeps = [];
    const msg = (parsed as ApiRecord | null)?.msg;
    for (const model of list(msg)) {
      for (const w of list(model.well_known_files)) {
        if (hasIdAndPath(w) && isType(w, BiophysicalApi.FIT_FILE_TYPE))
          this.ids.fit[String(w.id)] = basename(String(w.path));
      }
      const template = model.neuronal_model_template as ApiRecord | undefined;
      if (template) {
        this.modelType = template.name as string;
        for (const w of list(template.well_known_files)) {
          if (hasIdAndPath(w) && isType(w, BiophysicalApi.MOD_FILE_TYPE)) {
            this.ids.modfiles[String(w.id)] = `modfiles/${basename(String(w.path))}`;
          }
        }
      }
      const specimen = model.specimen as ApiRecord | undefined;
      if (specimen) {
        for (const nr of list(specimen.neuron_reconstructions)) {
          for (const w of list(nr.well_known_files)) {
            if (!hasIdAndPath(w)) continue;
            if (isType(w, BiophysicalApi.SWC_FILE_TYPE))
              this.ids.morphology[String(w.id)] = basename(String(w.path));
            else if (isType(w, BiophysicalApi.MARKER_FILE_TYPE))
              this.ids.marker[String(w.id)] = basename(String(w.path));
          }
        }
        const er = specimen.ephys_result as ApiRecord | undefined;
        if (er) {
          for (const w of list(er.well_known_files)) {
            if (hasIdAndPath(w) && isType(w, BiophysicalApi.NWB_FILE_TYPE)) {
              this.ids.stimulus[String(w.id)] = `${pyD(er.id, 'ephys_result.id')}.nwb`;
            }
          }
        }
        this.sweeps = list(specimen.ephys_sweeps)
          .filter((s) => s.stimulus_name !== 'Test')
          .map((s) => s.sweep_number as number);
      }
    }
    return this.ids;
  }

  getWellKnownFileIds(neuronalModelId: number): Promise<BiophysicalFileIds> {
    return this.doQuery(
      () => this.buildRma(neuronalModelId),
      (parsed) => this.readJson(parsed),
    );
  }

  createManifest({
    fitPath = '',
    modelType = '',
    stimulusFilename = '',
    swcMorphologyPath = '',
    markerPath = '',
    sweeps = [],
  }: {
    fitPath?: string;
    modelType?: string | null;
    stimulusFilename?: string;
    swcMorphologyPath?: string;
    markerPath?: string;
    sweeps?: readonly number[];
  } = {}): Record<string, unknown> {
    this.manifest = {
      biophys: [{ model_file: ['manifest.json', fitPath], model_type: modelType }],
      runs: [{ sweeps: [...sweeps] }],
      neuron: [{ hoc: ['stdgui.hoc', 'import3d.hoc'] }],
      manifest: [
        { type: 'dir', spec: '.', key: 'BASEDIR' },
        { type: 'dir', spec: 'work', key: 'WORKDIR', parent: 'BASEDIR' },
        { type: 'file', spec: swcMorphologyPath, key: 'MORPHOLOGY' },
        { type: 'file', spec: markerPath, key: 'MARKER' },
        { type: 'dir', spec: 'modfiles', key: 'MODFILE_DIR' },
        { type: 'file', format: 'NWB', spec: stimulusFilename, key: 'stimulus_path' },
        {
          parent_key: 'WORKDIR',
          type: 'file',
          format: 'NWB',
          spec: stimulusFilename,
          key: 'output_path',
        },
      ],
    };
    return this.manifest;
  }

  /**
   * Downloads every file of the model into `workingDirectory` (with `work/` and `modfiles/`) and
   * writes `manifest.json` there. Node only.
   */
  async cacheData(
    neuronalModelId: number,
    workingDirectory = '.',
  ): Promise<Record<string, unknown>> {
    const ids = await this.getWellKnownFileIds(neuronalModelId);
    if (!Object.values(ids).some((d) => Object.keys(d).length > 0)) {
      throw new SdkError(
        'E_NOT_FOUND',
        `No data found for neuronal model id ${pyD(neuronalModelId)}`,
      );
    }
    const { mkdir, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    await mkdir(join(workingDirectory, 'work'), { recursive: true });
    await mkdir(join(workingDirectory, 'modfiles'), { recursive: true });
    for (const [key, files] of Object.entries(ids) as Array<
      [keyof BiophysicalFileIds, Record<string, string>]
    >) {
      if (!this.cacheStimulus && key === 'stimulus') continue;
      for (const [id, filename] of Object.entries(files)) {
        await this.retrieveFileOverHttp(
          this.constructWellKnownFileDownloadUrl(id),
          join(workingDirectory, filename),
        );
      }
    }
    const first = (d: Record<string, string>, what: string) => {
      const v = Object.values(d)[0];
      if (v === undefined)
        throw new SdkError('E_NOT_FOUND', `neuronal model ${neuronalModelId} has no ${what} file`);
      return v;
    };
    const manifest = this.createManifest({
      fitPath: first(ids.fit, 'fit'),
      modelType: this.modelType,
      stimulusFilename: first(ids.stimulus, 'stimulus'),
      swcMorphologyPath: first(ids.morphology, 'morphology'),
      markerPath: Object.values(ids.marker)[0] ?? '',
      sweeps: [...this.sweeps].sort((a, b) => a - b),
    });
    await writeFile(join(workingDirectory, 'manifest.json'), JSON.stringify(manifest, null, 2));
    return manifest;
  }
}

/** `BrainObservatoryApi`: Visual Coding 2-photon experiments, containers, cell metrics and files. */
import { type parseCsv, SdkError } from '@sdk/core';
import type { ApiRecord } from '../api.js';
import type { CacheCallOptions } from '../cache/cacheable.js';
import { pyD } from '../python/format.js';
import { collect, pager } from '../rma/pager.js';
import { type QueryManifest, RmaTemplate, type TemplateKwargs } from '../rma/template.js';
import {
  type CellSpecimenFilterOptions,
  type ContainerFilterOptions,
  type DataframeFilter,
  dataframeQuery,
  dataframeQueryString,
  type ExperimentFilterOptions,
  filterCellSpecimens,
  filterExperimentContainers,
  filterExperimentsAndContainers,
  filterOphysExperiments,
  type OphysExperimentFilterOptions,
  simplifyExperimentContainers,
  simplifyOphysExperiments,
} from './brainObservatoryFilters.js';

/** An Apache Arrow table, as core's CSV reader returns it. */
export type ArrowTable = ReturnType<typeof parseCsv>;

export const NWB_FILE_TYPE = 'NWBOphys';
export const OPHYS_ANALYSIS_FILE_TYPE = 'OphysExperimentCellRoiMetricsFile';
export const OPHYS_EVENTS_FILE_TYPE = 'ObservatoryEventsFile';
export const CELL_MAPPING_ID = 590985414;

const wkfCriteria = (type: string) =>
  `[attachable_id$eq{{ ophys_experiment_id }}],well_known_file_type[name$eq${type}]`;

export const BRAIN_OBSERVATORY_TEMPLATES: QueryManifest = {
  brain_observatory_queries: [
    {
      name: 'list_isi_experiments',
      model: 'IsiExperiment',
      num_rows: 'all',
      count: false,
      criteria_params: [],
    },
    {
      name: 'isi_experiment_by_ids',
      model: 'IsiExperiment',
      criteria: '[id$in{{ isi_experiment_ids }}]',
      include: 'experiment_container(ophys_experiments,targeted_structure)',
      num_rows: 'all',
      count: false,
      criteria_params: ['isi_experiment_ids'],
    },
    {
      name: 'ophys_experiment_by_ids',
      model: 'OphysExperiment',
      criteria:
        '{% if ophys_experiment_ids is defined %}[id$in{{ ophys_experiment_ids }}]{%endif%}',
      include:
        'experiment_container,well_known_files(well_known_file_type),targeted_structure,specimen(donor(age,transgenic_lines))',
      num_rows: 'all',
      count: false,
      criteria_params: ['ophys_experiment_ids'],
    },
    {
      name: 'ophys_experiment_data',
      model: 'WellKnownFile',
      criteria: wkfCriteria(NWB_FILE_TYPE),
      num_rows: 'all',
      count: false,
      criteria_params: ['ophys_experiment_id'],
    },
    {
      name: 'ophys_analysis_file',
      model: 'WellKnownFile',
      criteria: wkfCriteria(OPHYS_ANALYSIS_FILE_TYPE),
      num_rows: 'all',
      count: false,
      criteria_params: ['ophys_experiment_id'],
    },
    {
      name: 'ophys_events_file',
      model: 'WellKnownFile',
      criteria: wkfCriteria(OPHYS_EVENTS_FILE_TYPE),
      num_rows: 'all',
      count: false,
      criteria_params: ['ophys_experiment_id'],
    },
    {
      name: 'column_definitions',
      model: 'ApiColumnDefinition',
      criteria: '[api_class_name$eq{{ api_class_name }}]',
      num_rows: 'all',
      count: false,
      criteria_params: ['api_class_name'],
    },
    {
      name: 'column_definition_class_names',
      model: 'ApiColumnDefinition',
      only: ['api_class_name'],
      num_rows: 'all',
      count: false,
    },
    {
      name: 'stimulus_mapping',
      model: 'ApiCamStimulusMapping',
      criteria:
        '{% if stimulus_mapping_ids is defined %}[id$in{{ stimulus_mapping_ids }}]{%endif%}',
      num_rows: 'all',
      count: false,
      criteria_params: ['stimulus_mapping_ids'],
    },
    {
      name: 'experiment_container',
      model: 'ExperimentContainer',
      criteria:
        '{% if experiment_container_ids is defined %}[id$in{{ experiment_container_ids }}]{%endif%}',
      include:
        'ophys_experiments,isi_experiment,specimen(donor(conditions,age,transgenic_lines)),targeted_structure',
      num_rows: 'all',
      count: false,
      criteria_params: ['experiment_container_ids'],
    },
    {
      name: 'experiment_container_metric',
      model: 'ApiCamExperimentContainerMetric',
      criteria:
        '{% if experiment_container_metric_ids is defined %}[id$in{{ experiment_container_metric_ids }}]{%endif%}',
      num_rows: 'all',
      count: false,
      criteria_params: ['experiment_container_metric_ids'],
    },
    {
      name: 'cell_metric',
      model: 'ApiCamCellMetric',
      criteria:
        '{% if cell_specimen_ids is defined %}[cell_specimen_id$in{{ cell_specimen_ids }}]{%endif%}',
      criteria_params: ['cell_specimen_ids'],
    },
    {
      name: 'cell_specimen_id_mapping_table',
      model: 'WellKnownFile',
      criteria:
        '[id$eq{{ mapping_table_id }}],well_known_file_type[name$eqOphysCellSpecimenIdMapping]',
      num_rows: 'all',
      count: false,
      criteria_params: ['mapping_table_id'],
    },
    {
      name: 'eye_gaze_mapping_file',
      model: 'WellKnownFile',
      criteria:
        '[attachable_id$eq{{ ophys_session_id }}],well_known_file_type[name$eqEyeDlcScreenMapping]',
      num_rows: 'all',
      count: false,
      criteria_params: ['ophys_session_id'],
    },
    {
      name: 'all_eye_mapping_files',
      model: 'WellKnownFile',
      criteria: 'well_known_file_type[name$eqEyeDlcScreenMapping]',
      num_rows: 'all',
      count: false,
    },
  ],
};

type Ids = readonly number[] | null | undefined;
const Q = 'brain_observatory_queries';

export class BrainObservatoryApi extends RmaTemplate {
  static readonly NWB_FILE_TYPE = NWB_FILE_TYPE;
  static readonly OPHYS_ANALYSIS_FILE_TYPE = OPHYS_ANALYSIS_FILE_TYPE;
  static readonly OPHYS_EVENTS_FILE_TYPE = OPHYS_EVENTS_FILE_TYPE;
  static readonly CELL_MAPPING_ID = CELL_MAPPING_ID;
  override templates = BRAIN_OBSERVATORY_TEMPLATES;

  getOphysExperiments(ophysExperimentIds?: Ids): Promise<ApiRecord[]> {
    return this.templateQuery(Q, 'ophys_experiment_by_ids', {
      ophys_experiment_ids: ophysExperimentIds,
    });
  }

  getIsiExperiments(isiExperimentIds?: Ids): Promise<ApiRecord[]> {
    return this.templateQuery(Q, 'isi_experiment_by_ids', { isi_experiment_ids: isiExperimentIds });
  }

  listIsiExperiments(): Promise<ApiRecord[]> {
    return this.templateQuery(Q, 'list_isi_experiments');
  }

  /** Distinct `api_class_name`s (order unspecified, as the reference's set). */
  async listColumnDefinitionClassNames(): Promise<string[]> {
    const data = await this.templateQuery(Q, 'column_definition_class_names');
    return [...new Set(data.map((n) => n.api_class_name as string))];
  }

  getColumnDefinitions(apiClassName?: string | null): Promise<ApiRecord[]> {
    return this.templateQuery(Q, 'column_definitions', { api_class_name: apiClassName });
  }

  getStimulusMappings(stimulusMappingIds?: Ids): Promise<ApiRecord[]> {
    return this.templateQuery(Q, 'stimulus_mapping', { stimulus_mapping_ids: stimulusMappingIds });
  }

  /**
   * Cell metrics, paged (`numRows=2000`, `totalRows='all'`, ordered by `'cell_specimen_id'`),
   * yielded lazily.
   */
  iterCellMetrics(
    cellSpecimenIds?: Ids,
    {
      numRows = 2000,
      totalRows = 'all',
      order = ["'cell_specimen_id'"],
      ...rest
    }: {
      numRows?: number;
      totalRows?: number | 'all';
      order?: readonly string[];
    } & TemplateKwargs = {},
  ): AsyncGenerator<ApiRecord, void, undefined> {
    return pager(
      (p) =>
        this.templateQuery(Q, 'cell_metric', {
          cell_specimen_ids: cellSpecimenIds,
          order,
          ...rest,
          num_rows: p.numRows,
          count: p.count,
          start_row: p.startRow,
        }),
      { numRows, totalRows },
    );
  }

  getCellMetrics(
    cellSpecimenIds?: Ids,
    options: {
      numRows?: number;
      totalRows?: number | 'all';
      order?: readonly string[];
    } & TemplateKwargs = {},
  ): Promise<ApiRecord[]> {
    return collect(this.iterCellMetrics(cellSpecimenIds, options));
  }

  getExperimentContainers(experimentContainerIds?: Ids): Promise<ApiRecord[]> {
    return this.templateQuery(Q, 'experiment_container', {
      experiment_container_ids: experimentContainerIds,
    });
  }

  getExperimentContainerMetrics(experimentContainerMetricIds?: Ids): Promise<ApiRecord[]> {
    return this.templateQuery(Q, 'experiment_container_metric', {
      experiment_container_metric_ids: experimentContainerMetricIds,
    });
  }

  private async saveWellKnownFile(
    entry: string,
    kwargs: TemplateKwargs,
    path: string,
    missing: string,
  ): Promise<void> {
    const data = await this.templateQuery(Q, entry, kwargs);
    const link = data[0]?.download_link;
    if (typeof link !== 'string') throw new SdkError('E_NOT_FOUND', missing);
    await this.retrieveFileOverHttp(this.apiUrl + link, path);
  }

  /** The save methods are `@cacheable(strategy='create')` with the file argument as path. */
  private cachedSave(
    entry: string,
    kwargs: TemplateKwargs,
    path: string,
    missing: string,
    cache: CacheCallOptions | undefined,
  ): Promise<unknown> {
    return this.cacheableCall({ strategy: 'create' }, path, cache, (target) =>
      this.saveWellKnownFile(entry, kwargs, target ?? path, missing),
    );
  }

  saveOphysExperimentData(
    ophysExperimentId: number,
    path: string,
    cache?: CacheCallOptions,
  ): Promise<unknown> {
    return this.cachedSave(
      'ophys_experiment_data',
      { ophys_experiment_id: ophysExperimentId },
      path,
      `ophys experiment ${pyD(ophysExperimentId)} has no data file`,
      cache,
    );
  }

  saveOphysExperimentAnalysisData(
    ophysExperimentId: number,
    path: string,
    cache?: CacheCallOptions,
  ): Promise<unknown> {
    return this.cachedSave(
      'ophys_analysis_file',
      { ophys_experiment_id: ophysExperimentId },
      path,
      `ophys experiment ${pyD(ophysExperimentId)} has no analysis file`,
      cache,
    );
  }

  saveOphysExperimentEventData(
    ophysExperimentId: number,
    path: string,
    cache?: CacheCallOptions,
  ): Promise<unknown> {
    return this.cachedSave(
      'ophys_events_file',
      { ophys_experiment_id: ophysExperimentId },
      path,
      `ophys experiment ${pyD(ophysExperimentId)} has no events file`,
      cache,
    );
  }

  /** The eye-gaze mapping file is attached to the ophys **session**, not the experiment. */
  saveOphysExperimentEyeGazeData(
    ophysExperimentId: number,
    ophysSessionId: number,
    path: string,
    cache?: CacheCallOptions,
  ): Promise<unknown> {
    return this.cachedSave(
      'eye_gaze_mapping_file',
      { ophys_session_id: ophysSessionId },
      path,
      `ophys_experiment '${ophysExperimentId}' (session '${ophysSessionId}') has no eye gaze mapping file`,
      cache,
    );
  }

  /**
   * `get_cell_specimen_id_mapping`: downloads the mapping CSV (old → new cell specimen ids) to
   * `path` and reads it as `pd.read_csv` does (core's CSV reader; Node only).
   */
  async getCellSpecimenIdMapping(
    path: string,
    mappingTableId: number | null = CELL_MAPPING_ID,
  ): Promise<ArrowTable> {
    await this.saveCellSpecimenIdMapping(path, mappingTableId ?? CELL_MAPPING_ID);
    const { readCsv } = await import('@sdk/core/node');
    return readCsv(path);
  }

  filterExperimentsAndContainers(
    objs: readonly ApiRecord[],
    options?: ExperimentFilterOptions,
  ): ApiRecord[] {
    return filterExperimentsAndContainers(objs, options);
  }

  filterExperimentContainers(
    containers: readonly ApiRecord[],
    options?: ContainerFilterOptions,
  ): ApiRecord[] {
    return filterExperimentContainers(containers, options);
  }

  filterOphysExperiments(
    experiments: readonly ApiRecord[],
    options?: OphysExperimentFilterOptions,
  ): ApiRecord[] {
    return filterOphysExperiments(experiments, options);
  }

  filterCellSpecimens(
    cellSpecimens: readonly ApiRecord[],
    options?: CellSpecimenFilterOptions,
  ): ApiRecord[] {
    return filterCellSpecimens(cellSpecimens, options);
  }

  dataframeQueryString(filters: readonly DataframeFilter[]): string {
    return dataframeQueryString(filters);
  }

  dataframeQuery(
    data: readonly ApiRecord[],
    filters: readonly DataframeFilter[],
    primaryKey: string,
  ): ApiRecord[] {
    return dataframeQuery(data, filters, primaryKey);
  }

  simplifyExperimentContainers(containers: readonly ApiRecord[]): ApiRecord[] {
    return simplifyExperimentContainers(containers);
  }

  simplifyOphysExperiments(exps: readonly ApiRecord[]): ApiRecord[] {
    return simplifyOphysExperiments(exps);
  }

  /** Downloads the cell-specimen id mapping CSV to `path`; `getCellSpecimenIdMapping` also reads it. */
  saveCellSpecimenIdMapping(path: string, mappingTableId: number = CELL_MAPPING_ID): Promise<void> {
    return this.saveWellKnownFile(
      'cell_specimen_id_mapping_table',
      { mapping_table_id: mappingTableId },
      path,
      'No OphysCellSpecimenIdMapping file found.',
    );
  }
}

/** `CellTypesApi`: Allen Cell Types Database queries and file downloads. */
import { SdkError } from '@sdk/core';
import type { ApiRecord } from '../api.js';
import type { CacheCallOptions } from '../cache/cacheable.js';
import { pyD } from '../python/format.js';
import { RmaApi } from '../rma/rmaApi.js';

export interface FilterCellsOptions {
  requireMorphology?: boolean;
  requireReconstruction?: boolean;
  /** Keep cells whose `cell_reporter_status` is one of these. */
  reporterStatus?: readonly string[] | null;
  /** Keep cells whose `donor__species` matches one of these, case-insensitively. */
  species?: readonly string[] | null;
  /** Rename the fields to the simple names (default true). */
  simple?: boolean;
}

/** A cell as `simplify_cells_api` returns it. */
export interface SimpleCell {
  reporter_status: unknown;
  cell_soma_location: [unknown, unknown, unknown];
  species: unknown;
  id: unknown;
  name: unknown;
  structure_layer_name: unknown;
  structure_area_id: unknown;
  structure_area_abbrev: unknown;
  transgenic_line: unknown;
  dendrite_type: unknown;
  apical: unknown;
  reconstruction_type: unknown;
  disease_state: unknown;
  donor_id: unknown;
  structure_hemisphere: unknown;
  normalized_depth: unknown;
}

function field(cell: ApiRecord, key: string): unknown {
  if (!(key in cell)) {
    throw new SdkError('E_NOT_FOUND', `cell record has no field ${key}`, { path: key });
  }
  return cell[key];
}

export class CellTypesApi extends RmaApi {
  static readonly NWB_FILE_TYPE = 'NWBDownload';
  static readonly SWC_FILE_TYPE = '3DNeuronReconstruction';
  static readonly MARKER_FILE_TYPE = '3DNeuronMarker';
  static readonly MOUSE = 'Mus musculus';
  static readonly HUMAN = 'Homo Sapiens';

  /** Every cell of `ApiCellTypesSpecimenDetail` (or the one with `id`); filters are not applied here. */
  listCellsApi({ id }: { id?: number | null } = {}): Promise<ApiRecord[]> {
    const criteria = id ? `[specimen__id$eq${pyD(id, 'id')}]` : null;
    return this.modelQuery('ApiCellTypesSpecimenDetail', { criteria, numRows: 'all' });
  }

  async getCell(id: number): Promise<ApiRecord | null> {
    const cells = await this.listCellsApi({ id });
    return cells[0] ?? null;
  }

  /** Sweeps of a specimen, sorted by `sweep_number`. */
  async getEphysSweeps(specimenId: number): Promise<ApiRecord[]> {
    const sweeps = await this.modelQuery('EphysSweep', {
      criteria: `[specimen_id$eq${pyD(specimenId, 'specimenId')}]`,
      numRows: 'all',
    });
    // Array.prototype.sort is stable, as Python's sorted is.
    return [...sweeps].sort((a, b) => Number(a.sweep_number) - Number(b.sweep_number));
  }

  filterCellsApi(
    cells: readonly ApiRecord[],
    options: FilterCellsOptions & { simple: false },
  ): ApiRecord[];
  filterCellsApi(cells: readonly ApiRecord[], options?: FilterCellsOptions): SimpleCell[];
  filterCellsApi(
    cells: readonly ApiRecord[],
    options: FilterCellsOptions = {},
  ): ApiRecord[] | SimpleCell[] {
    const {
      requireMorphology = false,
      requireReconstruction = false,
      reporterStatus,
      species,
      simple = true,
    } = options;
    let out = [...cells];
    if (requireMorphology || requireReconstruction) {
      out = out.filter(
        (c) => c.nr__reconstruction_type !== null && c.nr__reconstruction_type !== undefined,
      );
    }
    if (reporterStatus && reporterStatus.length > 0) {
      out = out.filter((c) => reporterStatus.includes(c.cell_reporter_status as string));
    }
    if (species && species.length > 0) {
      const lower = species.map((s) => s.toLowerCase());
      out = out.filter((c) => lower.includes(String(c.donor__species ?? '').toLowerCase()));
    }
    return simple ? this.simplifyCellsApi(out) : out;
  }

  simplifyCellsApi(cells: readonly ApiRecord[]): SimpleCell[] {
    return cells.map((c) => ({
      reporter_status: field(c, 'cell_reporter_status'),
      cell_soma_location: [field(c, 'csl__x'), field(c, 'csl__y'), field(c, 'csl__z')],
      species: field(c, 'donor__species'),
      id: field(c, 'specimen__id'),
      name: field(c, 'specimen__name'),
      structure_layer_name: field(c, 'structure__layer'),
      structure_area_id: field(c, 'structure_parent__id'),
      structure_area_abbrev: field(c, 'structure_parent__acronym'),
      transgenic_line: field(c, 'line_name'),
      dendrite_type: field(c, 'tag__dendrite_type'),
      apical: field(c, 'tag__apical'),
      reconstruction_type: field(c, 'nr__reconstruction_type'),
      disease_state: field(c, 'donor__disease_state'),
      donor_id: field(c, 'donor__id'),
      structure_hemisphere: field(c, 'specimen__hemisphere'),
      normalized_depth: field(c, 'csl__normalized_depth'),
    }));
  }

  getEphysFeatures(): Promise<ApiRecord[]> {
    return this.modelQuery('EphysFeature', {
      criteria: 'specimen(ephys_result[failed$eqfalse])',
      numRows: 'all',
    });
  }

  getMorphologyFeatures(): Promise<ApiRecord[]> {
    return this.modelQuery('NeuronReconstruction', {
      criteria: 'specimen(ephys_result[failed$eqfalse])',
      // The reference passes the string 'tags', which ','.join spells `t,a,g,s`; kept for identical URLs.
      excpt: [...'tags'],
      numRows: 'all',
    });
  }

  /**
   * Downloads the specimen's NWB file to `path` (`@cacheable(strategy='create')`: `cache` adds the
   * cacher options, e.g. `{strategy: 'lazy'}` skips an existing file).
   */
  saveEphysData(specimenId: number, path: string, cache?: CacheCallOptions): Promise<unknown> {
    return this.cacheableCall({ strategy: 'create' }, path, cache, (target) =>
      this.saveEphysDataNow(specimenId, target ?? path),
    );
  }

  private async saveEphysDataNow(specimenId: number, path: string): Promise<void> {
    const id = pyD(specimenId, 'specimenId');
    const results = await this.modelQuery('Specimen', {
      criteria: `[id$eq${id}],ephys_result(well_known_files(well_known_file_type[name$eq${CellTypesApi.NWB_FILE_TYPE}]))`,
      include: 'ephys_result(well_known_files(well_known_file_type))',
      numRows: 'all',
    });
    const link = downloadLink(
      results,
      (r) => (r.ephys_result as ApiRecord | undefined)?.well_known_files,
    );
    if (link === undefined) throw new SdkError('E_NOT_FOUND', `Specimen ${id} has no ephys data`);
    await this.retrieveFileOverHttp(this.apiUrl + link, path);
  }

  /** Downloads the specimen's SWC reconstruction to `path`. */
  saveReconstruction(specimenId: number, path: string): Promise<void> {
    return this.saveReconstructionFile(
      specimenId,
      path,
      CellTypesApi.SWC_FILE_TYPE,
      'reconstruction',
    );
  }

  /** Downloads the specimen's marker file to `path`; a missing file is E_NOT_FOUND (LookupError). */
  saveReconstructionMarkers(specimenId: number, path: string): Promise<void> {
    return this.saveReconstructionFile(
      specimenId,
      path,
      CellTypesApi.MARKER_FILE_TYPE,
      'marker file',
    );
  }

  private async saveReconstructionFile(
    specimenId: number,
    path: string,
    type: string,
    what: string,
  ): Promise<void> {
    const id = pyD(specimenId, 'specimenId');
    const results = await this.modelQuery('Specimen', {
      criteria: `[id$eq${id}],neuron_reconstructions(well_known_files)`,
      include: `neuron_reconstructions(well_known_files(well_known_file_type[name$eq'${type}']))`,
      numRows: 'all',
    });
    const link = downloadLink(
      results,
      (r) =>
        ((r.neuron_reconstructions as ApiRecord[] | undefined)?.[0] as ApiRecord | undefined)
          ?.well_known_files,
    );
    if (link === undefined) throw new SdkError('E_NOT_FOUND', `Specimen ${id} has no ${what}`);
    await this.retrieveFileOverHttp(this.apiUrl + link, path);
  }
}

/** `results[0]…well_known_files[0].download_link`, or undefined where any step is missing. */
export function downloadLink(
  results: readonly ApiRecord[],
  files: (r: ApiRecord) => unknown,
): string | undefined {
  const first = results[0];
  if (!first) return undefined;
  const list = files(first);
  if (!Array.isArray(list)) return undefined;
  const link = (list[0] as ApiRecord | undefined)?.download_link;
  return typeof link === 'string' ? link : undefined;
}

/** `MouseConnectivityApi`: connectivity experiments, unionizes, projection volumes, searches. */
import { SdkError } from '@sdk/core';
import type { ApiRecord } from '../api.js';
import type { CacheCallOptions } from '../cache/cacheable.js';
import { ApiError } from '../errors.js';
import { pyD, pyF, pyStr } from '../python/format.js';
import type { DebugValue, ModelStageOptions, TupleFilter } from '../rma/builder.js';
import {
  DATA_MASK,
  GridDataApi,
  INJECTION_DENSITY,
  INJECTION_FRACTION,
  PROJECTION_DENSITY,
} from './gridDataApi.js';
import { withReferenceSpace } from './referenceSpaceApi.js';

export const PRODUCT_IDS = [5, 31] as const;

export interface StructureUnionizeOptions {
  isInjection?: boolean | null;
  structureName?: string | null;
  structureIds?: readonly number[] | null;
  hemisphereIds?: readonly number[] | null;
  normalizedProjectionVolumeLimit?: number | null;
  include?: string | readonly string[] | null;
  debug?: DebugValue | null;
  order?: readonly string[] | null;
}

/** A dense volume in row-major order, as core's NdArray. */
export interface VolumeLike {
  data: ArrayLike<number>;
  shape: readonly number[];
}

/** Service-search parameters: each entry becomes a `(key, value)` tuple filter. */
export type SearchParameters = Record<string, unknown>;

const toTuples = (kwargs: SearchParameters): TupleFilter[] =>
  Object.entries(kwargs).map(([k, v]) => [k, v] as const);

export class MouseConnectivityApi extends withReferenceSpace(GridDataApi) {
  static readonly PRODUCT_IDS = PRODUCT_IDS;

  /** Section data sets of the connectivity products (optionally of these ids). No `num_rows` is sent. */
  getExperiments(
    structureIds?: number | readonly number[] | null,
    options: ModelStageOptions = {},
  ): Promise<ApiRecord[]> {
    const criteria = ['[failed$eqfalse]', `products[id$in${PRODUCT_IDS.join(',')}]`];
    if (structureIds !== null && structureIds !== undefined) {
      const ids = typeof structureIds === 'number' ? [structureIds] : structureIds;
      criteria.push(`[id$in${ids.map(pyStr).join(',')}]`);
    }
    return this.modelQuery('SectionDataSet', { ...options, criteria: criteria.join(',') });
  }

  getExperimentsApi(): Promise<ApiRecord[]> {
    return this.modelQuery('ApiConnectivity', { numRows: 'all' });
  }

  getManualInjectionSummary(experimentId: number): Promise<ApiRecord[]> {
    return this.modelQuery('SectionDataSet', {
      criteria: `[id$in${pyD(experimentId, 'experimentId')}]`,
      include: [
        'specimen(donor(transgenic_mouse(transgenic_lines)),',
        'injections(structure,age)),',
        'equalization,products',
      ],
      only: [
        'id',
        'failed',
        'storage_directory',
        'red_lower',
        'red_upper',
        'green_lower',
        'green_upper',
        'blue_lower',
        'blue_upper',
        'products.id',
        'specimen_id',
        'structure_id',
        'reference_space_id',
        'primary_injection_structure_id',
        'registration_point',
        'coordinates_ap',
        'coordinates_dv',
        'coordinates_ml',
        'angle',
        'sex',
        'strain',
        'injection_materials',
        'acronym',
        'structures.name',
        'days',
        'transgenic_mice.name',
        'transgenic_lines.name',
        'transgenic_lines.description',
        'transgenic_lines.id',
        'donors.id',
      ],
    });
  }

  getExperimentDetail(experimentId: number): Promise<ApiRecord[]> {
    return this.modelQuery('SectionDataSet', {
      criteria: `[id$eq${pyD(experimentId, 'experimentId')}]`,
      include: [
        'specimen(stereotaxic_injections(primary_injection_structure,structures,stereotaxic_injection_coordinates)),',
        'equalization,',
        'sub_images',
      ],
      order: ["'sub_images.section_number$asc'"],
    });
  }

  getProjectionImageInfo(experimentId: number, sectionNumber: number): Promise<ApiRecord[]> {
    return this.modelQuery('SectionDataSet', {
      criteria: `[id$eq${pyD(experimentId, 'experimentId')}]`,
      include: [`equalization,sub_images[section_number$eq${pyD(sectionNumber, 'sectionNumber')}]`],
    });
  }

  buildReferenceAlignedImageChannelVolumesUrl(dataSetId: number): string {
    const stage = this.modelStage('WellKnownFile', {
      criteria: [
        'well_known_file_type',
        "[name$eq'ImagesResampledTo25MicronARA']",
        `[attachable_id$eq${pyD(dataSetId)}]`,
      ],
    });
    return this.buildQueryUrl([stage]);
  }

  async getReferenceAlignedImageChannelVolumesUrl(dataSetId: number): Promise<string> {
    const link = await this.doQuery(
      () => this.buildReferenceAlignedImageChannelVolumesUrl(dataSetId),
      (parsed, url) => {
        const msg = this.readData(parsed, url);
        const first = Array.isArray(msg) ? (msg[0] as ApiRecord | undefined) : undefined;
        if (!first || first.download_link === undefined) {
          throw new ApiError(
            `no ImagesResampledTo25MicronARA file for data set ${dataSetId}`,
            url,
            { code: 'E_NOT_FOUND' },
          );
        }
        return pyStr(first.download_link);
      },
    );
    return this.apiUrl + link;
  }

  async downloadReferenceAlignedImageChannelVolumes(
    dataSetId: number,
    path?: string | null,
  ): Promise<void> {
    const url = await this.getReferenceAlignedImageChannelVolumesUrl(dataSetId);
    await this.retrieveFileOverHttp(url, path ?? `${String(dataSetId)}.zip`);
  }

  experimentSourceSearch(kwargs: SearchParameters): Promise<ApiRecord[]> {
    return this.serviceQuery('mouse_connectivity_injection_structure', toTuples(kwargs));
  }

  experimentSpatialSearch(kwargs: SearchParameters): Promise<ApiRecord[]> {
    return this.serviceQuery('mouse_connectivity_target_spatial', toTuples(kwargs));
  }

  experimentInjectionCoordinateSearch(kwargs: SearchParameters): Promise<ApiRecord[]> {
    return this.serviceQuery('mouse_connectivity_injection_coordinate', toTuples(kwargs));
  }

  experimentCorrelationSearch(kwargs: SearchParameters): Promise<ApiRecord[]> {
    return this.serviceQuery('mouse_connectivity_correlation', toTuples(kwargs));
  }

  getStructureUnionizes(
    experimentIds: readonly number[],
    options: StructureUnionizeOptions = {},
  ): Promise<ApiRecord[]> {
    const parts = [`[section_data_set_id$in${experimentIds.map(pyStr).join(',')}]`];
    if (options.isInjection === true) parts.push('[is_injection$eqtrue]');
    else if (options.isInjection === false) parts.push('[is_injection$eqfalse]');
    const limit = options.normalizedProjectionVolumeLimit;
    if (limit !== null && limit !== undefined)
      parts.push(`[normalized_projection_volume$gt${pyF(limit)}]`);
    if (options.hemisphereIds)
      parts.push(`[hemisphere_id$in${options.hemisphereIds.map(pyStr).join(',')}]`);
    if (options.structureName !== null && options.structureName !== undefined) {
      parts.push(`,structure[name$eq'${options.structureName}']`);
    } else if (options.structureIds) {
      parts.push(`[structure_id$in${options.structureIds.map(pyStr).join(',')}]`);
    }
    return this.modelQuery('ProjectionStructureUnionize', {
      criteria: parts.join(''),
      include: options.include ?? null,
      order: options.order ?? null,
      numRows: 'all',
      debug: options.debug ?? null,
      count: false,
    });
  }

  /** `@cacheable(strategy='create')`: `cache` adds the cacher options (see `CacheCallOptions`). */
  downloadInjectionDensity(
    path: string,
    experimentId: number,
    resolution: number,
    cache?: CacheCallOptions,
  ): Promise<unknown> {
    return this.cacheableCall({ strategy: 'create' }, path, cache, (target) =>
      this.downloadProjectionGridData(experimentId, {
        image: [INJECTION_DENSITY],
        resolution,
        path: target ?? path,
      }),
    );
  }

  /** `@cacheable(strategy='create')`: `cache` adds the cacher options (see `CacheCallOptions`). */
  downloadProjectionDensity(
    path: string,
    experimentId: number,
    resolution: number,
    cache?: CacheCallOptions,
  ): Promise<unknown> {
    return this.cacheableCall({ strategy: 'create' }, path, cache, (target) =>
      this.downloadProjectionGridData(experimentId, {
        image: [PROJECTION_DENSITY],
        resolution,
        path: target ?? path,
      }),
    );
  }

  /** `@cacheable(strategy='create')`: `cache` adds the cacher options (see `CacheCallOptions`). */
  downloadInjectionFraction(
    path: string,
    experimentId: number,
    resolution: number,
    cache?: CacheCallOptions,
  ): Promise<unknown> {
    return this.cacheableCall({ strategy: 'create' }, path, cache, (target) =>
      this.downloadProjectionGridData(experimentId, {
        image: [INJECTION_FRACTION],
        resolution,
        path: target ?? path,
      }),
    );
  }

  /** `@cacheable(strategy='create')`: `cache` adds the cacher options (see `CacheCallOptions`). */
  downloadDataMask(
    path: string,
    experimentId: number,
    resolution: number,
    cache?: CacheCallOptions,
  ): Promise<unknown> {
    return this.cacheableCall({ strategy: 'create' }, path, cache, (target) =>
      this.downloadProjectionGridData(experimentId, {
        image: [DATA_MASK],
        resolution,
        path: target ?? path,
      }),
    );
  }

  /** See `calculateInjectionCentroid`. */
  calculateInjectionCentroid(
    density: VolumeLike,
    fraction: VolumeLike,
    resolution = 25,
  ): number[] | null {
    return calculateInjectionCentroid(density, fraction, resolution);
  }
}

/**
 * Density-weighted centroid of the injection (voxels where `fraction ≠ 0`), in µm, volume axis
 * order: `Σ w·index / Σ w · resolution` with `w = density·fraction`; null when `Σ w ≤ 0`.
 */
export function calculateInjectionCentroid(
  density: VolumeLike,
  fraction: VolumeLike,
  resolution = 25,
): number[] | null {
  if (
    density.shape.length !== fraction.shape.length ||
    density.shape.some((n, i) => n !== fraction.shape[i])
  ) {
    throw new SdkError(
      'E_VALIDATION',
      `density shape [${density.shape}] differs from fraction shape [${fraction.shape}]`,
    );
  }
  const shape = fraction.shape;
  const nd = shape.length;
  const sums = new Float64Array(nd);
  let total = 0;
  const idx = new Array<number>(nd).fill(0);
  const n = fraction.data.length;
  for (let flat = 0; flat < n; flat++) {
    const f = fraction.data[flat] as number;
    if (f !== 0) {
      const w = (density.data[flat] as number) * f;
      total += w;
      for (let d = 0; d < nd; d++) sums[d] = (sums[d] as number) + w * (idx[d] as number);
    }
    for (let d = nd - 1; d >= 0; d--) {
      idx[d] = (idx[d] as number) + 1;
      if ((idx[d] as number) < (shape[d] as number)) break;
      idx[d] = 0;
    }
  }
  if (!(total > 0)) return null;
  return Array.from(sums, (s) => (s / total) * resolution);
}

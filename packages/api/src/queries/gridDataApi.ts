/** `GridDataApi`: projection and expression grid volumes, deformation fields, 3-D alignments. */
import { SdkError } from '@sdk/core';
import type { ApiOptions, ApiRecord } from '../api.js';
import { pyD } from '../python/format.js';
import { RmaApi } from '../rma/rmaApi.js';

export const INJECTION_DENSITY = 'injection_density';
export const PROJECTION_DENSITY = 'projection_density';
export const INJECTION_FRACTION = 'injection_fraction';
export const INJECTION_ENERGY = 'injection_energy';
export const PROJECTION_ENERGY = 'projection_energy';
export const DATA_MASK = 'data_mask';
export const ENERGY = 'energy';
export const DENSITY = 'density';
export const INTENSITY = 'intensity';

export interface GridDataApiOptions extends ApiOptions {
  /** Default 25 µm. */
  resolution?: number;
}

export class GridDataApi extends RmaApi {
  static readonly INJECTION_DENSITY = INJECTION_DENSITY;
  static readonly PROJECTION_DENSITY = PROJECTION_DENSITY;
  static readonly INJECTION_FRACTION = INJECTION_FRACTION;
  static readonly INJECTION_ENERGY = INJECTION_ENERGY;
  static readonly PROJECTION_ENERGY = PROJECTION_ENERGY;
  static readonly DATA_MASK = DATA_MASK;
  static readonly ENERGY = ENERGY;
  static readonly DENSITY = DENSITY;
  static readonly INTENSITY = INTENSITY;
  resolution: number;

  constructor(options: GridDataApiOptions = {}) {
    super(options);
    this.resolution = options.resolution ?? 25;
  }

  /** The zipped expression volume of a section data set, extracted next to `path`. */
  downloadGeneExpressionGridData(
    sectionDataSetId: number,
    volumeType: string,
    path: string,
  ): Promise<void> {
    const url = `${this.gridDataEndpoint}/download/${String(sectionDataSetId)}?include=${volumeType}`;
    return this.retrieveFileOverHttp(url, path, { zipped: true });
  }

  /** Deprecated in the reference: saves the zip itself (not extracted). */
  downloadExpressionGridData(
    sectionDataSetId: number,
    { include, path }: { include?: readonly string[] | null; path?: string | null } = {},
  ): Promise<void> {
    const clause = include ? `?include=${include.join(',')}` : '';
    const url = `${this.gridDataEndpoint}/download/${String(sectionDataSetId)}${clause}`;
    return this.retrieveFileOverHttp(url, path ?? `${String(sectionDataSetId)}.zip`);
  }

  downloadProjectionGridData(
    sectionDataSetId: number,
    {
      image,
      resolution,
      path,
    }: { image?: readonly string[] | null; resolution?: number | null; path?: string | null } = {},
  ): Promise<void> {
    const params: string[] = [];
    if (image !== null && image !== undefined) {
      if (!Array.isArray(image))
        throw new SdkError('E_VALIDATION', 'image must be an array of image names', {
          path: 'image',
        });
      params.push(`image=${image.join(',')}`);
    }
    if (resolution !== null && resolution !== undefined)
      params.push(`resolution=${pyD(resolution, 'resolution')}`);
    const clause = params.length > 0 ? `?${params.join('&')}` : '';
    const url = `${this.gridDataEndpoint}/download_file/${String(sectionDataSetId)}${clause}`;
    return this.retrieveFileOverHttp(url, path ?? `${String(sectionDataSetId)}.nrrd`);
  }

  async downloadDeformationField(
    sectionDataSetId: number,
    {
      headerPath,
      voxelPath,
      voxelType = 'DeformationFieldVoxels',
      headerType = 'DeformationFieldHeader',
    }: {
      headerPath?: string | null;
      voxelPath?: string | null;
      voxelType?: string;
      headerType?: string;
    } = {},
  ): Promise<void> {
    const files = await this.modelQuery('WellKnownFile', {
      filters: { attachable_id: sectionDataSetId },
      criteria: "well_known_file_type[name$in'DeformationFieldHeader','DeformationFieldVoxels']",
      include: 'well_known_file_type',
    });
    const urls = new Map<string, string>();
    for (const wkf of files) {
      const type = (wkf.well_known_file_type as ApiRecord | undefined)?.name;
      urls.set(String(type), this.constructWellKnownFileDownloadUrl(wkf.id as number));
    }
    const url = (type: string) => {
      const u = urls.get(type);
      if (u === undefined) {
        throw new SdkError(
          'E_NOT_FOUND',
          `section data set ${sectionDataSetId} has no ${type} file`,
        );
      }
      return u;
    };
    const headerUrl = url(headerType);
    const voxelUrl = url(voxelType);
    await this.retrieveFileOverHttp(
      headerUrl,
      headerPath ?? `${String(sectionDataSetId)}_dfmfld.mhd`,
    );
    await this.retrieveFileOverHttp(
      voxelUrl,
      voxelPath ?? `${String(sectionDataSetId)}_dfmfld.raw`,
    );
  }

  /** The `alignment3d` record of a section data set; exactly one must exist. */
  async downloadAlignment3d(
    sectionDataSetId: number,
    { numRows = 'all', count = false }: { numRows?: number | 'all'; count?: boolean } = {},
  ): Promise<ApiRecord> {
    const results = (
      await this.modelQuery('SectionDataSet', {
        filters: { id: sectionDataSetId },
        include: 'alignment3d',
        numRows,
        count,
      })
    ).filter((r) => 'alignment3d' in r);
    if (results.length === 0) {
      throw new SdkError(
        'E_NOT_FOUND',
        `no SectionDataSet with attached alignment3d found for id ${sectionDataSetId}`,
      );
    }
    if (results.length > 1) {
      throw new SdkError(
        'E_VALIDATION',
        `found multiple SectionDataSets with attached alignment3ds for id ${sectionDataSetId}`,
      );
    }
    return (results[0] as ApiRecord).alignment3d as ApiRecord;
  }
}

/** `MouseAtlasApi`: genes, section data sets and expression volumes of the mouse ISH atlases. */
import type { ApiRecord } from '../api.js';
import { type CacheCallOptions, metaImageReader } from '../cache/cacheable.js';
import type { MetaImage } from '../formats/metaImage.js';
import { pyStr } from '../python/format.js';
import type { ModelStageOptions } from '../rma/builder.js';
import { collect, pager } from '../rma/pager.js';
import { DENSITY, ENERGY, GridDataApi, INTENSITY } from './gridDataApi.js';
import { withReferenceSpace } from './referenceSpaceApi.js';

export const MOUSE_ATLAS_PRODUCTS = [1] as const;
export const DEVMOUSE_ATLAS_PRODUCTS = [3] as const;
export const MOUSE_ORGANISM = [2] as const;
export const HUMAN_ORGANISM = [1] as const;

export interface PagedQueryOptions {
  /** Rows per page (default 2000). */
  numRows?: number;
  /** `'all'` (default) or a row count. */
  totalRows?: number | 'all';
  order?: readonly string[];
}

export class MouseAtlasApi extends withReferenceSpace(GridDataApi) {
  static readonly MOUSE_ATLAS_PRODUCTS = MOUSE_ATLAS_PRODUCTS;
  static readonly DEVMOUSE_ATLAS_PRODUCTS = DEVMOUSE_ATLAS_PRODUCTS;
  static readonly MOUSE_ORGANISM = MOUSE_ORGANISM;
  static readonly HUMAN_ORGANISM = HUMAN_ORGANISM;

  /** Section data sets of these products (default the adult mouse atlas), paged lazily. */
  iterSectionDataSets(
    {
      geneIds,
      productIds,
    }: { geneIds?: readonly number[] | null; productIds?: readonly number[] | null } = {},
    paging: PagedQueryOptions = {},
  ): AsyncGenerator<ApiRecord, void, undefined> {
    let criteria = `products[id$in${(productIds ?? MOUSE_ATLAS_PRODUCTS).map(pyStr).join(',')}]`;
    if (geneIds) criteria += `,genes[id$in${geneIds.map(pyStr).join(',')}]`;
    return this.paged('SectionDataSet', { criteria, include: 'genes' }, paging);
  }

  getSectionDataSets(
    filter: { geneIds?: readonly number[] | null; productIds?: readonly number[] | null } = {},
    paging: PagedQueryOptions = {},
  ): Promise<ApiRecord[]> {
    return collect(this.iterSectionDataSets(filter, paging));
  }

  /** Genes of these organisms (default mouse), optionally of these chromosomes, paged lazily. */
  iterGenes(
    {
      organismIds,
      chromosomeIds,
    }: { organismIds?: readonly number[] | null; chromosomeIds?: readonly number[] | null } = {},
    paging: PagedQueryOptions = {},
  ): AsyncGenerator<ApiRecord, void, undefined> {
    let criteria = `[organism_id$in${(organismIds ?? MOUSE_ORGANISM).map(pyStr).join(',')}]`;
    if (chromosomeIds) criteria += `,[chromosome_id$in${chromosomeIds.map(pyStr).join(',')}]`;
    return this.paged('Gene', { criteria, include: 'chromosome' }, paging);
  }

  getGenes(
    filter: {
      organismIds?: readonly number[] | null;
      chromosomeIds?: readonly number[] | null;
    } = {},
    paging: PagedQueryOptions = {},
  ): Promise<ApiRecord[]> {
    return collect(this.iterGenes(filter, paging));
  }

  /**
   * Downloads the zipped volume, extracts it next to `path` (the `.mhd`) and reads it
   * (`@cacheable(strategy='create', reader=read_ndarray_with_sitk)`).
   */
  downloadExpressionDensity(path: string, experimentId: number): Promise<MetaImage>;
  downloadExpressionDensity(
    path: string,
    experimentId: number,
    cache: CacheCallOptions,
  ): Promise<unknown>;
  downloadExpressionDensity(
    path: string,
    experimentId: number,
    cache?: CacheCallOptions,
  ): Promise<unknown> {
    return this.cacheableCall(
      { strategy: 'create', reader: metaImageReader },
      path,
      cache,
      (target) => this.downloadGeneExpressionGridData(experimentId, DENSITY, target ?? path),
    );
  }

  /**
   * Downloads the zipped volume, extracts it next to `path` (the `.mhd`) and reads it
   * (`@cacheable(strategy='create', reader=read_ndarray_with_sitk)`).
   */
  downloadExpressionEnergy(path: string, experimentId: number): Promise<MetaImage>;
  downloadExpressionEnergy(
    path: string,
    experimentId: number,
    cache: CacheCallOptions,
  ): Promise<unknown>;
  downloadExpressionEnergy(
    path: string,
    experimentId: number,
    cache?: CacheCallOptions,
  ): Promise<unknown> {
    return this.cacheableCall(
      { strategy: 'create', reader: metaImageReader },
      path,
      cache,
      (target) => this.downloadGeneExpressionGridData(experimentId, ENERGY, target ?? path),
    );
  }

  /**
   * Downloads the zipped volume, extracts it next to `path` (the `.mhd`) and reads it
   * (`@cacheable(strategy='create', reader=read_ndarray_with_sitk)`).
   */
  downloadExpressionIntensity(path: string, experimentId: number): Promise<MetaImage>;
  downloadExpressionIntensity(
    path: string,
    experimentId: number,
    cache: CacheCallOptions,
  ): Promise<unknown>;
  downloadExpressionIntensity(
    path: string,
    experimentId: number,
    cache?: CacheCallOptions,
  ): Promise<unknown> {
    return this.cacheableCall(
      { strategy: 'create', reader: metaImageReader },
      path,
      cache,
      (target) => this.downloadGeneExpressionGridData(experimentId, INTENSITY, target ?? path),
    );
  }

  private paged(
    model: string,
    stage: ModelStageOptions,
    paging: PagedQueryOptions,
  ): AsyncGenerator<ApiRecord, void, undefined> {
    const order = paging.order ?? ["'id'"];
    return pager(
      (p) =>
        this.modelQuery(model, {
          ...stage,
          order,
          numRows: p.numRows,
          startRow: p.startRow,
          count: p.count,
        }),
      {
        numRows: paging.numRows ?? 2000,
        totalRows: paging.totalRows ?? 'all',
      },
    );
  }
}

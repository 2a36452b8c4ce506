/** `ImageDownloadApi`: section, atlas and projection image downloads and image metadata queries. */
import { SdkError } from '@sdk/core';
import type { ApiRecord } from '../api.js';
import { pyD, pyStr } from '../python/format.js';
import { type QueryManifest, RmaTemplate } from '../rma/template.js';

export const COLORMAPS: Readonly<Record<string, number>> = {
  gray: 0,
  hotmetal: 1,
  jet: 2,
  redtemp: 3,
  expression: 4,
  red: 5,
  blue: 6,
  green: 7,
  aba: 8,
  aibsmap_alt: 9,
  colormap: 10,
  projection: 11,
};

export const IMAGE_TEMPLATES: QueryManifest = {
  image_queries: [
    {
      name: 'section_image_ranges',
      model: 'Equalization',
      num_rows: 'all',
      count: false,
      only: ['blue_lower', 'blue_upper', 'red_lower', 'red_upper', 'green_lower', 'green_upper'],
      criteria: 'section_data_set(section_images[id$in{{ section_image_ids }}])',
      criteria_params: ['section_image_ids'],
    },
    {
      name: 'section_images_by_data_set_id',
      model: 'SectionImage',
      num_rows: 'all',
      count: false,
      criteria: '[data_set_id$eq{{ data_set_id }}]',
      criteria_params: ['data_set_id'],
    },
    {
      name: 'section_data_sets_by_product_id',
      model: 'SectionDataSet',
      num_rows: 'all',
      count: false,
      criteria: '[failed$in{{failed}}],products[id$in{{ product_ids }}]',
      criteria_params: ['product_ids', 'failed'],
    },
  ],
};

export type ImageView =
  | 'expression'
  | 'projection'
  | 'tumor_feature_annotation'
  | 'tumor_feature_boundary';

/** Image-service parameters, in the order they are written into the URL. */
export interface ImageDownloadParams {
  downsample?: number | null;
  quality?: number | null;
  tumor_feature_annotation?: boolean | null;
  tumor_feature_boundary?: boolean | null;
  annotation?: boolean | null;
  atlas?: number | null;
  projection?: boolean | null;
  expression?: boolean | null;
  /** `[lowerThreshold, colormapName]`, or a raw `colormap` parameter string. */
  colormap?: readonly [number, string] | string | null;
  range?: readonly number[] | null;
  rgb?: readonly number[] | null;
  contrast?: readonly number[] | null;
  view?: ImageView | null;
  left?: number | null;
  top?: number | null;
  width?: number | null;
  height?: number | null;
  downsample_dimensions?: boolean | null;
}

export interface DownloadImageOptions extends ImageDownloadParams {
  /** Default `{id}.jpg`. */
  path?: string | null;
  /** Default the generic image download endpoint. */
  endpoint?: string | null;
}

const given = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined;

export class ImageDownloadApi extends RmaTemplate {
  static readonly COLORMAPS = COLORMAPS;
  override templates = IMAGE_TEMPLATES;

  /** `[r_lo, r_hi, g_lo, g_hi, b_lo, b_hi]` per image (or the raw records with `asLists: false`). */
  async getSectionImageRanges(
    sectionImageIds: readonly number[],
    {
      numRows = 'all',
      count = false,
      asLists = true,
    }: { numRows?: number | 'all'; count?: boolean; asLists?: boolean } = {},
  ): Promise<unknown[][] | ApiRecord[]> {
    const ranges = await this.templateQuery('image_queries', 'section_image_ranges', {
      section_image_ids: sectionImageIds,
      num_rows: numRows,
      count,
    });
    if (!asLists) return ranges;
    return ranges.map((r) => [
      r.red_lower,
      r.red_upper,
      r.green_lower,
      r.green_upper,
      r.blue_lower,
      r.blue_upper,
    ]);
  }

  getSectionDataSetsByProduct(
    productIds: readonly number[],
    {
      includeFailed = false,
      numRows = 'all',
      count = false,
    }: { includeFailed?: boolean; numRows?: number | 'all'; count?: boolean } = {},
  ): Promise<ApiRecord[]> {
    return this.templateQuery('image_queries', 'section_data_sets_by_product_id', {
      product_ids: productIds,
      failed: includeFailed ? "'false','true'" : "'false'",
      num_rows: numRows,
      count,
    });
  }

  sectionImageQuery(
    sectionDataSetId: number,
    { numRows = 'all', count = false }: { numRows?: number | 'all'; count?: boolean } = {},
  ): Promise<ApiRecord[]> {
    return this.templateQuery('image_queries', 'section_images_by_data_set_id', {
      data_set_id: sectionDataSetId,
      num_rows: numRows,
      count,
    });
  }

  downloadSectionImage(id: number, options: DownloadImageOptions = {}): Promise<void> {
    return this.downloadImage(id, { ...options, endpoint: this.sectionImageDownloadEndpoint });
  }

  downloadAtlasImage(id: number, options: DownloadImageOptions = {}): Promise<void> {
    return this.downloadImage(id, { ...options, endpoint: this.atlasImageDownloadEndpoint });
  }

  downloadProjectionImage(id: number, options: DownloadImageOptions = {}): Promise<void> {
    return this.downloadImage(id, { ...options, endpoint: this.projectionImageDownloadEndpoint });
  }

  /** The image-service URL for `imageId` with these parameters. */
  buildImageUrl(imageId: number, options: DownloadImageOptions = {}): string {
    const p: string[] = [];
    const o = options;
    const tf = (v: unknown) => (v ? 'true' : 'false');
    if (given(o.downsample)) p.push(`downsample=${pyD(o.downsample, 'downsample')}`);
    if (given(o.quality)) p.push(`quality=${pyD(o.quality, 'quality')}`);
    if (given(o.tumor_feature_annotation))
      p.push(`tumor_feature_annotation=${tf(o.tumor_feature_annotation)}`);
    if (given(o.tumor_feature_boundary))
      p.push(`tumor_feature_boundary=${tf(o.tumor_feature_boundary)}`);
    if (given(o.annotation)) p.push(`annotation=${o.annotation === true ? 'true' : 'false'}`);
    if (given(o.atlas)) p.push(`atlas=${pyD(o.atlas, 'atlas')}`);
    if (given(o.projection)) p.push(`projection=${o.projection === true ? 'true' : 'false'}`);
    if (given(o.expression)) p.push(`expression=${tf(o.expression)}`);
    if (given(o.colormap)) {
      if (typeof o.colormap === 'string') p.push(`colormap=${o.colormap}`);
      else {
        const [threshold, name] = o.colormap;
        const id = COLORMAPS[name];
        if (id === undefined)
          throw new SdkError('E_VALIDATION', `unknown colormap ${name}`, { path: 'colormap' });
        p.push(`colormap=0.5,${pyStr(threshold)},0,256,${id}`);
      }
    }
    for (const key of ['range', 'rgb', 'contrast'] as const) {
      const v = o[key];
      if (given(v)) p.push(`${key}=${v.map(pyStr).join(',')}`);
    }
    if (given(o.view)) {
      if (
        ![
          'expression',
          'projection',
          'tumor_feature_annotation',
          'tumor_feature_boundary',
        ].includes(o.view)
      ) {
        throw new SdkError(
          'E_VALIDATION',
          "view argument should be 'expression', 'projection', 'tumor_feature_annotation' or 'tumor_feature_boundary'",
          { path: 'view' },
        );
      }
      p.push(`view=${o.view}`);
    }
    for (const key of ['left', 'top', 'width', 'height'] as const) {
      const v = o[key];
      if (given(v)) p.push(`${key}=${pyD(v, key)}`);
    }
    if (given(o.downsample_dimensions))
      p.push(`downsample_dimensions=${tf(o.downsample_dimensions)}`);
    const endpoint = o.endpoint ?? this.imageDownloadEndpoint;
    return `${endpoint}/${pyStr(imageId)}${p.length > 0 ? `?${p.join('&')}` : ''}`;
  }

  downloadImage(imageId: number, options: DownloadImageOptions = {}): Promise<void> {
    const url = this.buildImageUrl(imageId, options);
    return this.retrieveFileOverHttp(url, options.path ?? `${pyD(imageId, 'imageId')}.jpg`);
  }

  /** Atlas images of an atlas, of its own image type (a pipe stage) or of `imageTypeName`. */
  atlasImageQuery(atlasId: number, imageTypeName?: string | null): Promise<ApiRecord[]> {
    const stages: string[] = [];
    let typeName: string;
    if (imageTypeName === null || imageTypeName === undefined) {
      stages.push(
        this.modelStage('Atlas', {
          criteria: `[id$eq${pyD(atlasId, 'atlasId')}]`,
          only: ['image_type'],
        }),
      );
      stages.push(this.pipeStage('list', [['type_name', this.IS, this.quoteString('image_type')]]));
      typeName = '$type_name';
    } else {
      typeName = this.quoteString(imageTypeName);
    }
    stages.push(
      this.modelStage('AtlasImage', {
        criteria: [
          '[annotated$eqtrue],',
          `atlas_data_set(atlases[id$eq${pyD(atlasId, 'atlasId')}]),`,
          `alternate_images[image_type$eq${typeName}]`,
        ],
        order: ['sub_images.section_number'],
        numRows: 'all',
      }),
    );
    return this.recordsQuery(this.buildQueryUrl(stages));
  }
}

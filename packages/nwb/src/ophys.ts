// pynwb.ophys and the image types it builds on.
import { type NdArray, type NumericArray, SdkError } from '@sdk/core';
import { TimeSeries } from './base.js';
import { type DatasetHandle, toNumber } from './dataset.js';
import { NwbObject } from './object.js';
import { registerType } from './registry.js';
import { DynamicTable, type DynamicTableRegion } from './table.js';

function datasetAttr(h: DatasetHandle | undefined, name: string): unknown {
  if (!h?.dataset.attrs.has(name)) return undefined;
  const v = h.dataset.attrs.get(name);
  return typeof v === 'bigint' ? toNumber(v) : v;
}

export class OpticalChannel extends NwbObject {
  get description(): string | undefined {
    return this.text('description');
  }
  get emission_lambda(): number | undefined {
    return this.num('emission_lambda');
  }
}

export class ImagingPlane extends NwbObject {
  /** The OpticalChannel subgroups. */
  get optical_channel(): OpticalChannel[] {
    return [...this.typedChildren().values()].filter(
      (c): c is OpticalChannel => c instanceof OpticalChannel,
    );
  }
  get description(): string | undefined {
    return this.text('description');
  }
  get device(): NwbObject | undefined {
    return this.child('device');
  }
  get excitation_lambda(): number | undefined {
    return this.num('excitation_lambda');
  }
  get imaging_rate(): number | undefined {
    return this.num('imaging_rate');
  }
  get indicator(): string | undefined {
    return this.text('indicator');
  }
  get location(): string | undefined {
    return this.text('location');
  }
  get reference_frame(): string | undefined {
    return this.text('reference_frame');
  }
  get origin_coords_unit(): string | undefined {
    const h = this.dataset('origin_coords');
    return h ? String(datasetAttr(h, 'unit') ?? 'meters') : undefined;
  }
  get grid_spacing_unit(): string | undefined {
    const h = this.dataset('grid_spacing');
    return h ? String(datasetAttr(h, 'unit') ?? 'meters') : undefined;
  }

  override field(name: string): unknown {
    switch (name) {
      case 'optical_channel':
        return this.optical_channel;
      case 'origin_coords_unit':
        return this.origin_coords_unit;
      case 'grid_spacing_unit':
        return this.grid_spacing_unit;
      // pynwb reports manifold's attributes with their defaults even without a manifold
      case 'conversion':
        return toNumber(datasetAttr(this.dataset('manifold'), 'conversion') ?? 1);
      case 'unit':
        return String(datasetAttr(this.dataset('manifold'), 'unit') ?? 'meters');
      default:
        return super.field(name);
    }
  }
}

/** ImageSeries: frames in `data`, or files listed in `external_file`. */
export class ImageSeries extends TimeSeries {
  get external_file(): string[] | undefined {
    return this.dataset('external_file')?.readStrings();
  }
  /** First frame of each external file (`external_file@starting_frame`). */
  get starting_frame(): number[] | undefined {
    const v = datasetAttr(this.dataset('external_file'), 'starting_frame');
    if (v === undefined) return undefined;
    const nd = v as NdArray<NumericArray>;
    return typeof v === 'number'
      ? [v]
      : Array.from(nd.data as ArrayLike<number | bigint>, (x) => toNumber(x));
  }
  /** `format`; absent means `'raw'`. */
  get format(): string {
    const f = this.dataset('format');
    return f ? String(f.readScalar()) : 'raw';
  }
  get device(): NwbObject | undefined {
    return this.child('device');
  }

  override field(name: string): unknown {
    if (name === 'starting_frame') return this.starting_frame;
    if (name === 'format') return this.hasChild('format') ? this.format : undefined;
    return super.field(name);
  }
}

/** TwoPhotonSeries and OnePhotonSeries. */
export class PhotonSeries extends ImageSeries {
  get imaging_plane(): ImagingPlane | undefined {
    const p = this.child('imaging_plane');
    return p instanceof ImagingPlane ? p : undefined;
  }
}

export class CorrectedImageStack extends NwbObject {
  get corrected(): ImageSeries | undefined {
    return this.child('corrected') as ImageSeries | undefined;
  }
  get original(): ImageSeries | undefined {
    return this.child('original') as ImageSeries | undefined;
  }
  get xy_translation(): TimeSeries | undefined {
    return this.child('xy_translation') as TimeSeries | undefined;
  }
}

export class RoiResponseSeries extends TimeSeries {
  get rois(): DynamicTableRegion | undefined {
    return this.child('rois') as DynamicTableRegion | undefined;
  }
}

/** PlaneSegmentation: ROIs as image, pixel or voxel masks. */
export class PlaneSegmentation extends DynamicTable {
  get imaging_plane(): ImagingPlane | undefined {
    const p = this.child('imaging_plane');
    return p instanceof ImagingPlane ? p : undefined;
  }

  /** Reference images (ImageSeries held or linked under `reference_images`). */
  get reference_images(): NwbObject[] {
    return [...(this.child('reference_images')?.typedChildren().values() ?? [])];
  }

  override field(name: string): unknown {
    if (name === 'reference_images') return this.reference_images;
    return super.field(name);
  }

  /** The image mask of ROI `i` (x, y[, z]), read alone. */
  imageMask(i: number): NdArray<NumericArray> {
    const h = this.column('image_mask').data;
    return h.readNumeric([i]);
  }

  /** The pixel mask of ROI `i` as `[x, y, weight]` triples. */
  pixelMask(i: number): [number, number, number][] {
    return (this.column('pixel_mask').get(i) as { x: number; y: number; weight: number }[]).map(
      (p) => [p.x, p.y, p.weight],
    );
  }

  /** The voxel mask of ROI `i` as `[x, y, z, weight]`. */
  voxelMask(i: number): [number, number, number, number][] {
    return (
      this.column('voxel_mask').get(i) as { x: number; y: number; z: number; weight: number }[]
    ).map((p) => [p.x, p.y, p.z, p.weight]);
  }

  /** `[x, y, w]` for each element > 0 in row-major scan order (x = first index), as pynwb. */
  static imageToPixel(mask: NdArray<NumericArray>): [number, number, number][] {
    if (mask.shape.length !== 2)
      throw new SdkError(
        'E_VALIDATION',
        `imageToPixel needs a 2-D mask, got shape [${mask.shape}]`,
      );
    const [nx, ny] = mask.shape as [number, number];
    const out: [number, number, number][] = [];
    for (let x = 0; x < nx; x++) {
      for (let y = 0; y < ny; y++) {
        const w = Number(
          mask.data[x * (mask.strides[0] as number) + y * (mask.strides[1] as number)],
        );
        if (w > 0) out.push([x, y, w]);
      }
    }
    return out;
  }

  /** An image of `shape` with `img[x][y] = w` (pynwb's own version is mis-shaped; spec §12). */
  static pixelToImage(
    pixelMask: readonly (readonly number[])[],
    options: { shape: readonly [number, number] },
  ): NdArray<Float64Array> {
    const [nx, ny] = options.shape;
    const data = new Float64Array(nx * ny);
    for (const p of pixelMask) {
      const [x, y, w] = p as [number, number, number];
      if (x < 0 || x >= nx || y < 0 || y >= ny) {
        throw new SdkError(
          'E_VALIDATION',
          `pixel (${x}, ${y}) lies outside an image of shape [${nx}, ${ny}]`,
        );
      }
      data[x * ny + y] = w;
    }
    return { data, shape: [nx, ny], strides: [ny, 1] };
  }
}

registerType('OpticalChannel', OpticalChannel);
registerType('ImagingPlane', ImagingPlane);
registerType('ImageSeries', ImageSeries);
registerType('TwoPhotonSeries', PhotonSeries);
registerType('OnePhotonSeries', PhotonSeries);
registerType('CorrectedImageStack', CorrectedImageStack);
registerType('RoiResponseSeries', RoiResponseSeries);
registerType('PlaneSegmentation', PlaneSegmentation);

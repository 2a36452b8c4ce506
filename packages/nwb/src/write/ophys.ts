// Optical physiology (pynwb.ophys): imaging planes, photon series, segmentation, ROI traces and
// motion correction.
import { SdkError } from '@sdk/core';
import {
  type Device,
  MultiContainerInterface,
  TimeSeries,
  type TimeSeriesOptions,
} from './base.js';
import { type BuildContext, NwbContainer, required } from './container.js';
import { type ArrayInput, shapeOf } from './data.js';
import { ImageSeries, type ImageSeriesOptions } from './image.js';
import {
  type AttrValue,
  arrayDataset,
  attr,
  floatDataset,
  type GroupNode,
  group,
  type Node,
  optAttr,
  softLink,
  textDataset,
} from './node.js';
import { DynamicTable, DynamicTableRegion } from './table.js';

export class OpticalChannel extends NwbContainer {
  readonly neurodata_type = 'OpticalChannel';
  readonly description: string;
  readonly emission_lambda: number;

  constructor(opts: { name: string; description: string; emission_lambda: number }) {
    super(opts.name);
    const where = `OpticalChannel '${opts.name}'`;
    this.description = required(opts.description, 'description', where);
    this.emission_lambda = required(opts.emission_lambda, 'emission_lambda', where);
    if (!(this.emission_lambda >= 10))
      throw new SdkError(
        'E_VALIDATION',
        `${where}: emission_lambda is in nm (got ${this.emission_lambda})`,
      );
  }

  buildNode(ctx: BuildContext): GroupNode {
    ctx.description(this.description, this.describe());
    return group(this.name, [
      textDataset('description', this.description),
      floatDataset('emission_lambda', this.emission_lambda),
    ]);
  }
}

export interface ImagingPlaneOptions {
  name: string;
  optical_channel: OpticalChannel | readonly OpticalChannel[];
  description: string;
  device: Device;
  /** nm */
  excitation_lambda: number;
  indicator: string;
  location: string;
  /** Hz */
  imaging_rate?: number;
  /** Deprecated: (height, width, xyz) physical coordinates of each pixel. */
  manifold?: ArrayInput;
  conversion?: number;
  unit?: string;
  reference_frame?: string;
  origin_coords?: ArrayInput;
  origin_coords_unit?: string;
  grid_spacing?: ArrayInput;
  grid_spacing_unit?: string;
}

export class ImagingPlane extends NwbContainer {
  readonly neurodata_type = 'ImagingPlane';
  readonly opts: Readonly<ImagingPlaneOptions>;
  readonly optical_channel: readonly OpticalChannel[];

  constructor(opts: ImagingPlaneOptions) {
    super(opts.name);
    const where = `ImagingPlane '${opts.name}'`;
    for (const f of [
      'description',
      'device',
      'excitation_lambda',
      'indicator',
      'location',
      'optical_channel',
    ] as const) {
      required(opts[f], f, where);
    }
    if (!(opts.excitation_lambda >= 10))
      throw new SdkError(
        'E_VALIDATION',
        `${where}: excitation_lambda is in nm (got ${opts.excitation_lambda})`,
      );
    this.optical_channel = Array.isArray(opts.optical_channel)
      ? [...opts.optical_channel]
      : [opts.optical_channel as OpticalChannel];
    if (this.optical_channel.length === 0)
      throw new SdkError('E_VALIDATION', `${where}: at least one optical_channel is required`);
    this.opts = { ...opts };
  }

  get device(): Device {
    return this.opts.device;
  }

  buildNode(ctx: BuildContext): GroupNode {
    const o = this.opts;
    ctx.description(o.description, this.describe());
    return group(this.name, [
      ...ctx.buildAll(this.optical_channel),
      textDataset('description', o.description),
      softLink('device', o.device),
      floatDataset('excitation_lambda', o.excitation_lambda),
      floatDataset('imaging_rate', o.imaging_rate),
      textDataset('indicator', o.indicator),
      textDataset('location', o.location),
      arrayDataset(
        'manifold',
        o.manifold,
        { conversion: attr(o.conversion ?? 1.0, 'float64'), unit: attr(o.unit ?? 'meters') },
        'float32',
      ),
      textDataset('reference_frame', o.reference_frame),
      arrayDataset('origin_coords', o.origin_coords, {
        unit: attr(o.origin_coords_unit ?? 'meters'),
      }),
      arrayDataset('grid_spacing', o.grid_spacing, { unit: attr(o.grid_spacing_unit ?? 'meters') }),
    ]);
  }
}

export interface TwoPhotonSeriesOptions extends ImageSeriesOptions {
  imaging_plane: ImagingPlane;
  pmt_gain?: number;
  scan_line_rate?: number;
  /** (width, height[, depth]) in metres. */
  field_of_view?: ArrayInput;
}

export class TwoPhotonSeries extends ImageSeries {
  override readonly neurodata_type = 'TwoPhotonSeries';
  readonly imaging_plane: ImagingPlane;
  readonly pmt_gain: number | undefined;
  readonly scan_line_rate: number | undefined;
  readonly field_of_view: ArrayInput | undefined;

  constructor(opts: TwoPhotonSeriesOptions) {
    super(opts);
    this.imaging_plane = required(
      opts.imaging_plane,
      'imaging_plane',
      `TwoPhotonSeries '${opts.name}'`,
    );
    this.pmt_gain = opts.pmt_gain;
    this.scan_line_rate = opts.scan_line_rate;
    this.field_of_view = opts.field_of_view;
  }

  protected override groupAttrs(): Record<string, AttrValue | undefined> {
    return {
      pmt_gain: optAttr(this.pmt_gain, 'float64'),
      scan_line_rate: optAttr(this.scan_line_rate, 'float64'),
    };
  }

  protected override imagingChildren(): (Node | undefined)[] {
    return [
      softLink('imaging_plane', this.imaging_plane),
      arrayDataset('field_of_view', this.field_of_view),
    ];
  }
}

export interface OnePhotonSeriesOptions extends ImageSeriesOptions {
  imaging_plane: ImagingPlane;
  pmt_gain?: number;
  scan_line_rate?: number;
  exposure_time?: number;
  binning?: number;
  /** mW */
  power?: number;
  /** mW/mm^2 */
  intensity?: number;
}

export class OnePhotonSeries extends ImageSeries {
  override readonly neurodata_type = 'OnePhotonSeries';
  readonly imaging_plane: ImagingPlane;
  private readonly extra: OnePhotonSeriesOptions;

  constructor(opts: OnePhotonSeriesOptions) {
    super(opts);
    this.imaging_plane = required(
      opts.imaging_plane,
      'imaging_plane',
      `OnePhotonSeries '${opts.name}'`,
    );
    if (
      opts.binning !== undefined &&
      !(Number.isInteger(opts.binning) && opts.binning >= 0 && opts.binning < 256)
    ) {
      throw new SdkError(
        'E_VALIDATION',
        `OnePhotonSeries '${opts.name}': binning must be an integer 0-255`,
      );
    }
    this.extra = opts;
  }

  protected override groupAttrs(): Record<string, AttrValue | undefined> {
    const o = this.extra;
    return {
      pmt_gain: optAttr(o.pmt_gain, 'float64'),
      scan_line_rate: optAttr(o.scan_line_rate, 'float64'),
      exposure_time: optAttr(o.exposure_time, 'float64'),
      binning: optAttr(o.binning, 'uint8'),
      power: optAttr(o.power, 'float64'),
      intensity: optAttr(o.intensity, 'float64'),
    };
  }

  protected override imagingChildren(): (Node | undefined)[] {
    return [softLink('imaging_plane', this.imaging_plane)];
  }
}

/** One pixel of a pixel mask: [x, y, weight]. */
export type PixelMaskEntry = readonly [number, number, number];
/** One voxel of a voxel mask: [x, y, z, weight]. */
export type VoxelMaskEntry = readonly [number, number, number, number];

export interface RoiRow {
  image_mask?: ArrayInput;
  pixel_mask?: readonly PixelMaskEntry[];
  voxel_mask?: readonly VoxelMaskEntry[];
  id?: number;
  [column: string]: unknown;
}

export class PlaneSegmentation extends DynamicTable {
  override readonly neurodata_type = 'PlaneSegmentation';
  override readonly namespace = 'core' as const;
  readonly imaging_plane: ImagingPlane;
  readonly reference_images: ImageSeries[];

  constructor(opts: {
    description: string;
    imaging_plane: ImagingPlane;
    name?: string;
    reference_images?: ImageSeries | readonly ImageSeries[];
  }) {
    super({ name: opts.name ?? opts.imaging_plane.name, description: opts.description });
    this.imaging_plane = required(
      opts.imaging_plane,
      'imaging_plane',
      `PlaneSegmentation '${this.name}'`,
    );
    const refs = opts.reference_images;
    this.reference_images =
      refs === undefined ? [] : Array.isArray(refs) ? [...refs] : [refs as ImageSeries];
    this.predefined.set('image_mask', {
      name: 'image_mask',
      description: 'Image masks for each ROI',
    });
    this.predefined.set('pixel_mask', {
      name: 'pixel_mask',
      description: 'Pixel masks for each ROI',
      index: 1,
      kind: 'compound',
      compound: [
        ['x', 'uint32'],
        ['y', 'uint32'],
        ['weight', 'float32'],
      ],
    });
    this.predefined.set('voxel_mask', {
      name: 'voxel_mask',
      description: 'Voxel masks for each ROI',
      index: 1,
      kind: 'compound',
      compound: [
        ['x', 'uint32'],
        ['y', 'uint32'],
        ['z', 'uint32'],
        ['weight', 'float32'],
      ],
    });
  }

  addRoi(row: RoiRow): number {
    const where = this.describe();
    if (
      row.image_mask === undefined &&
      row.pixel_mask === undefined &&
      row.voxel_mask === undefined
    ) {
      throw new SdkError(
        'E_VALIDATION',
        `${where}: addRoi needs an image_mask, pixel_mask or voxel_mask`,
      );
    }
    if (row.image_mask !== undefined && this.hasColumn('image_mask') && this.length > 0) {
      const first = shapeOf((this.column('image_mask').cells as unknown[])[0] as ArrayInput, where);
      const s = shapeOf(row.image_mask, where);
      if (s.length !== first.length || s.some((d, i) => d !== first[i])) {
        throw new SdkError(
          'E_VALIDATION',
          `${where}: image_mask shape [${s.join(', ')}] differs from the first ROI's [${first.join(', ')}]`,
        );
      }
    }
    return this.addRow(row as Record<string, unknown> & { id?: number });
  }

  createRoiTableRegion(opts: {
    description: string;
    region?: readonly number[];
    name?: string;
  }): DynamicTableRegion {
    const region = opts.region ?? Array.from({ length: this.length }, (_, i) => i);
    return new DynamicTableRegion({
      name: opts.name ?? 'rois',
      data: region,
      description: opts.description,
      table: this,
    });
  }

  /** pynwb's image_to_pixel: [x, y, weight] for every element > 0 in row-major order. */
  static imageToPixel(mask: {
    data: ArrayLike<number>;
    shape: readonly number[];
  }): PixelMaskEntry[] {
    const [nx, ny] = mask.shape as [number, number];
    const out: PixelMaskEntry[] = [];
    for (let x = 0; x < nx; x++) {
      for (let y = 0; y < ny; y++) {
        const w = mask.data[x * ny + y] as number;
        if (w > 0) out.push([x, y, w]);
      }
    }
    return out;
  }

  /** Image with img[x][y] = weight (row-major, shape given). */
  static pixelToImage(
    pixelMask: readonly PixelMaskEntry[],
    opts: { shape: readonly [number, number] },
  ): { data: Float64Array; shape: [number, number] } {
    const [nx, ny] = opts.shape;
    const data = new Float64Array(nx * ny);
    for (const [x, y, w] of pixelMask) {
      if (x < 0 || y < 0 || x >= nx || y >= ny)
        throw new SdkError('E_VALIDATION', `pixel (${x}, ${y}) lies outside shape [${nx}, ${ny}]`);
      data[x * ny + y] = w;
    }
    return { data, shape: [nx, ny] };
  }

  protected override extraChildren(): (Node | undefined)[] {
    return [
      softLink('imaging_plane', this.imaging_plane),
      group(
        'reference_images',
        this.reference_images.map((im) => softLink(im.name, im)),
      ),
    ];
  }
}

export class ImageSegmentation extends MultiContainerInterface<PlaneSegmentation> {
  readonly neurodata_type = 'ImageSegmentation';
  constructor(
    opts: {
      name?: string;
      plane_segmentations?: PlaneSegmentation | readonly PlaneSegmentation[];
    } = {},
  ) {
    super(opts.name ?? 'ImageSegmentation', opts.plane_segmentations);
  }
  protected accepts(item: NwbContainer): boolean {
    return item instanceof PlaneSegmentation;
  }
  addPlaneSegmentation(ps: PlaneSegmentation): PlaneSegmentation {
    return this.add(ps);
  }
  createPlaneSegmentation(
    opts: ConstructorParameters<typeof PlaneSegmentation>[0],
  ): PlaneSegmentation {
    return this.add(new PlaneSegmentation(opts));
  }
}

export interface RoiResponseSeriesOptions extends TimeSeriesOptions {
  rois: DynamicTableRegion;
}

export class RoiResponseSeries extends TimeSeries {
  override readonly neurodata_type = 'RoiResponseSeries';
  readonly rois: DynamicTableRegion;

  constructor(opts: RoiResponseSeriesOptions) {
    super(opts);
    const where = `RoiResponseSeries '${opts.name}'`;
    this.rois = required(opts.rois, 'rois', where);
    if (!(this.rois.table instanceof PlaneSegmentation)) {
      throw new SdkError('E_VALIDATION', `${where}: rois must refer to a PlaneSegmentation`);
    }
    const shape = this.data instanceof TimeSeries ? null : shapeOf(this.data, where);
    if (shape && shape[0] !== -1) {
      const n = shape.length > 1 ? shape[1] : 1;
      if (n !== this.rois.length)
        throw new SdkError(
          'E_VALIDATION',
          `${where}: data has ${n} columns but rois has ${this.rois.length} rows`,
        );
    }
  }

  protected override extraChildren(ctx: BuildContext): (Node | undefined)[] {
    return [ctx.build(this.rois)];
  }
}

class RoiResponseGroup extends MultiContainerInterface<RoiResponseSeries> {
  readonly neurodata_type: string = 'Fluorescence';
  constructor(
    opts: {
      name?: string;
      roi_response_series?: RoiResponseSeries | readonly RoiResponseSeries[];
    } = {},
  ) {
    super(opts.name ?? new.target.name, opts.roi_response_series);
  }
  protected accepts(item: NwbContainer): boolean {
    return item instanceof RoiResponseSeries;
  }
  addRoiResponseSeries(rrs: RoiResponseSeries): RoiResponseSeries {
    return this.add(rrs);
  }
  createRoiResponseSeries(opts: RoiResponseSeriesOptions): RoiResponseSeries {
    return this.add(new RoiResponseSeries(opts));
  }
}

export class Fluorescence extends RoiResponseGroup {
  override readonly neurodata_type = 'Fluorescence';
}

export class DfOverF extends RoiResponseGroup {
  override readonly neurodata_type = 'DfOverF';
}

export interface CorrectedImageStackOptions {
  /** Must be named 'corrected'. */
  corrected: ImageSeries;
  original: ImageSeries;
  /** (frames, 2) TimeSeries named 'xy_translation'. */
  xy_translation: TimeSeries;
  name?: string;
}

export class CorrectedImageStack extends NwbContainer {
  readonly neurodata_type = 'CorrectedImageStack';
  readonly corrected: ImageSeries;
  readonly original: ImageSeries;
  readonly xy_translation: TimeSeries;

  constructor(opts: CorrectedImageStackOptions) {
    super(opts.name ?? 'CorrectedImageStack');
    const where = `CorrectedImageStack '${this.name}'`;
    this.corrected = required(opts.corrected, 'corrected', where);
    this.original = required(opts.original, 'original', where);
    this.xy_translation = required(opts.xy_translation, 'xy_translation', where);
    if (this.corrected.name !== 'corrected')
      throw new SdkError(
        'E_VALIDATION',
        `${where}: the corrected ImageSeries must be named 'corrected'`,
      );
    if (this.xy_translation.name !== 'xy_translation')
      throw new SdkError(
        'E_VALIDATION',
        `${where}: the xy_translation TimeSeries must be named 'xy_translation'`,
      );
  }

  buildNode(ctx: BuildContext): GroupNode {
    return group(this.name, [
      ctx.build(this.corrected),
      softLink('original', this.original),
      ctx.build(this.xy_translation),
    ]);
  }
}

export class MotionCorrection extends MultiContainerInterface<CorrectedImageStack> {
  readonly neurodata_type = 'MotionCorrection';
  constructor(
    opts: {
      name?: string;
      corrected_image_stacks?: CorrectedImageStack | readonly CorrectedImageStack[];
    } = {},
  ) {
    super(opts.name ?? 'MotionCorrection', opts.corrected_image_stacks);
  }
  protected accepts(item: NwbContainer): boolean {
    return item instanceof CorrectedImageStack;
  }
  addCorrectedImageStack(x: CorrectedImageStack | readonly CorrectedImageStack[]): void {
    for (const s of Array.isArray(x) ? x : [x as CorrectedImageStack]) this.add(s);
  }
  createCorrectedImageStack(opts: CorrectedImageStackOptions): CorrectedImageStack {
    return this.add(new CorrectedImageStack(opts));
  }
  getCorrectedImageStack(name?: string): CorrectedImageStack {
    return this.get(name);
  }
  get corrected_image_stacks(): CorrectedImageStack[] {
    return this.values();
  }
}

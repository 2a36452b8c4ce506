// ImageSeries (nwb.image), the base of TwoPhotonSeries / OnePhotonSeries.
import { cStrides, SdkError } from '@sdk/core';
import { type Device, TimeSeries, type TimeSeriesOptions } from './base.js';
import type { BuildContext } from './container.js';
import type { DataInput } from './data.js';
import { attr, dataset, type Node, softLink, textDataset } from './node.js';

export interface ImageSeriesOptions extends Omit<TimeSeriesOptions, 'data' | 'unit'> {
  /** (frames, x, y[, z]); omit when the frames live in `external_file`. */
  data?: DataInput | TimeSeries;
  unit?: string;
  /** Paths (relative to the NWB file) of the files holding the frames. */
  external_file?: readonly string[];
  /** First frame of each external file (default [0] for one file). */
  starting_frame?: readonly number[];
  /** 'raw' (default when absent), 'external' or an image format such as 'tiff'. */
  format?: string;
  /** Number of pixels on x, y[, z]. */
  dimension?: readonly number[];
  device?: Device;
}

const EMPTY_FRAMES = { data: new Uint8Array(0), shape: [0, 0, 0], strides: cStrides([0, 0, 0]) };

export class ImageSeries extends TimeSeries {
  override readonly neurodata_type: string = 'ImageSeries';
  readonly external_file: readonly string[] | undefined;
  readonly starting_frame: readonly number[] | undefined;
  readonly format: string | undefined;
  readonly dimension: readonly number[] | undefined;
  readonly device: Device | undefined;

  constructor(opts: ImageSeriesOptions) {
    const where = `${new.target.name} '${opts.name}'`;
    const hasData = opts.data !== undefined;
    const hasExternal = opts.external_file !== undefined;
    if (hasData === hasExternal)
      throw new SdkError(
        'E_VALIDATION',
        `${where}: give exactly one of "data" and "external_file"`,
      );
    if (hasExternal && opts.format !== undefined && opts.format !== 'external') {
      throw new SdkError(
        'E_VALIDATION',
        `${where}: format must be 'external' with external_file (got '${opts.format}')`,
      );
    }
    super({
      ...opts,
      data: opts.data ?? EMPTY_FRAMES,
      unit: opts.unit ?? (hasData ? (undefined as unknown as string) : 'unknown'),
      ...(hasExternal ? { skipLengthCheck: true } : {}),
    });
    this.external_file = opts.external_file ? [...opts.external_file] : undefined;
    this.format = hasExternal ? 'external' : opts.format;
    this.dimension = opts.dimension;
    this.device = opts.device;
    if (this.external_file) {
      if (this.external_file.length === 0)
        throw new SdkError('E_VALIDATION', `${where}: external_file is empty`);
      const sf = opts.starting_frame ?? (this.external_file.length === 1 ? [0] : undefined);
      if (!sf || sf.length !== this.external_file.length) {
        throw new SdkError(
          'E_VALIDATION',
          `${where}: starting_frame needs one entry per external file`,
        );
      }
      this.starting_frame = [...sf];
    } else {
      this.starting_frame = undefined;
    }
  }

  protected override extraChildren(ctx: BuildContext): (Node | undefined)[] {
    const out: (Node | undefined)[] = [];
    if (this.external_file) {
      out.push(
        dataset(
          'external_file',
          { kind: 'data', data: this.external_file },
          {
            starting_frame: attr(
              BigInt64Array.from(this.starting_frame ?? [], (v) => BigInt(v)),
              'int64',
            ),
          },
        ),
      );
    }
    out.push(textDataset('format', this.format));
    if (this.dimension)
      out.push(dataset('dimension', { kind: 'data', data: Int32Array.from(this.dimension) }));
    if (this.device) out.push(softLink('device', this.device));
    out.push(...this.imagingChildren(ctx));
    return out;
  }

  /** @internal subclass children. */
  protected imagingChildren(_ctx: BuildContext): (Node | undefined)[] {
    return [];
  }
}

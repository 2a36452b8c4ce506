// Optical physiology written by the TS writer, read back by pynwb and checked by nwbinspector.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cStrides, openH5 } from '@sdk/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CorrectedImageStack,
  createNwbFile,
  DfOverF,
  GrayscaleImage,
  ImageSegmentation,
  ImageSeries,
  Images,
  MotionCorrection,
  OnePhotonSeries,
  OpticalChannel,
  PlaneSegmentation,
  RGBImage,
  seededIdGenerator,
  TimeSeries,
  TwoPhotonSeries,
  writeNwb,
} from '../src/write/index.js';
import {
  HAS_VENV,
  nest,
  nums,
  once,
  publishForInterop,
  runInterop,
  runReadback,
  SKIP_REASON,
  tempDir,
} from './write_support.js';

const F = 12;
const X = 5;
const Y = 4;

function build() {
  const nwb = createNwbFile({
    session_description: 'TS writer: optical physiology',
    identifier: 'ts-ophys-0001',
    session_start_time: new Date(Date.UTC(2023, 5, 1, 9, 30, 0, 250)),
    file_create_date: '2023-06-01T12:00:00+02:00',
    experimenter: 'Doe, Jane',
    keywords: ['ophys'],
    subject: {
      subject_id: 'm2',
      species: 'Mus musculus',
      sex: 'M',
      date_of_birth: '2023-01-01T00:00:00+00:00',
    },
  });
  const scope = nwb.createDevice({ name: 'Scope', description: '1p scope' });
  const plane = nwb.createImagingPlane({
    name: 'plane0',
    optical_channel: [
      new OpticalChannel({ name: 'green', description: 'GCaMP', emission_lambda: 525 }),
      new OpticalChannel({ name: 'red', description: 'tdTomato', emission_lambda: 580 }),
    ],
    description: 'a plane',
    device: scope,
    excitation_lambda: 470,
    indicator: 'GCaMP6s',
    location: 'VISp',
    imaging_rate: 10,
    reference_frame: 'bregma',
    origin_coords: [0.1, 0.2, 0.3],
    origin_coords_unit: 'mm',
    grid_spacing: [0.01, 0.01, 0.02],
    grid_spacing_unit: 'mm',
  });
  const movie = Uint8Array.from({ length: F * X * Y }, (_, i) => (i * 7) % 251);
  const one = nwb.addAcquisition(
    new OnePhotonSeries({
      name: 'OnePhotonSeries',
      description: '1p movie',
      data: { data: movie, shape: [F, X, Y], strides: cStrides([F, X, Y]) },
      unit: 'n.a.',
      imaging_plane: plane,
      rate: 10,
      pmt_gain: 2,
      scan_line_rate: 5000,
      exposure_time: 0.01,
      binning: 2,
      power: 1.5,
      intensity: 0.3,
    }),
  );
  const two = nwb.addAcquisition(
    new TwoPhotonSeries({
      name: 'TwoPhotonSeries',
      description: '2p movie sharing the 1p timestamps',
      data: {
        data: Uint16Array.from(movie, (v) => v * 3),
        shape: [F, X, Y],
        strides: cStrides([F, X, Y]),
      },
      unit: 'a.u.',
      imaging_plane: plane,
      timestamps: Float64Array.from({ length: F }, (_, i) => i * 0.1 + (i % 2) * 0.003),
      field_of_view: [0.0005, 0.0004],
      dimension: [X, Y],
      pmt_gain: 1.5,
    }),
  );
  nwb.addAcquisition(
    new ImageSeries({
      name: 'external_movie',
      description: 'movie stored outside',
      external_file: ['movie_a.avi', 'movie_b.avi'],
      starting_frame: [0, 100],
      rate: 30,
    }),
  );
  const ophys = nwb.createProcessingModule({ name: 'ophys', description: 'ophys' });
  const seg = ophys.add(new ImageSegmentation());
  const imageMasks = [0, 1, 2].map((k) =>
    Float32Array.from({ length: X * Y }, (_, i) => (i % (k + 2) === 0 ? 0.5 + k * 0.25 : 0)),
  );
  const images = seg.createPlaneSegmentation({
    name: 'images',
    description: 'image masks',
    imaging_plane: plane,
    reference_images: one,
  });
  images.addColumn({ name: 'accepted', description: 'curated' });
  imageMasks.forEach((m, k) => {
    images.addRoi({ image_mask: { data: m, shape: [X, Y], strides: [Y, 1] }, accepted: k !== 1 });
  });
  const pixelMasks = imageMasks.map((m) =>
    PlaneSegmentation.imageToPixel({ data: m, shape: [X, Y] }),
  );
  const pixels = seg.createPlaneSegmentation({
    name: 'pixels',
    description: 'pixel masks',
    imaging_plane: plane,
  });
  pixelMasks.forEach((pm, k) => {
    pixels.addRoi({ pixel_mask: pm, id: 10 + k });
  });
  const voxelMasks: [number, number, number, number][][] = [
    [
      [0, 1, 0, 1],
      [1, 1, 0, 0.5],
    ],
    [[2, 3, 1, 0.25]],
  ];
  const voxels = seg.createPlaneSegmentation({
    name: 'voxels',
    description: 'voxel masks',
    imaging_plane: plane,
  });
  for (const vm of voxelMasks) voxels.addRoi({ voxel_mask: vm });
  const dff = Float64Array.from({ length: F * 3 }, (_, i) => Math.sin(i / 3));
  ophys.add(new DfOverF()).createRoiResponseSeries({
    name: 'dff',
    description: 'dF/F of the image-mask ROIs',
    data: { data: dff, shape: [F, 3], strides: [3, 1] },
    unit: 'n.a.',
    rois: images.createRoiTableRegion({ description: 'all rois' }),
    rate: 10,
  });
  const corrected = new ImageSeries({
    name: 'corrected',
    description: 'motion corrected',
    data: { data: Float32Array.from(movie), shape: [F, X, Y], strides: cStrides([F, X, Y]) },
    unit: 'n.a.',
    rate: 10,
  });
  const xy = new TimeSeries({
    name: 'xy_translation',
    description: 'shifts',
    data: {
      data: Float64Array.from(
        { length: F * 2 },
        (_, i) => (i % 2 ? -1 : 1) * Math.floor(i / 2) * 0.25,
      ),
      shape: [F, 2],
      strides: [2, 1],
    },
    unit: 'pixels',
    rate: 10,
  });
  ophys
    .add(new MotionCorrection())
    .addCorrectedImageStack(
      new CorrectedImageStack({ corrected, original: one, xy_translation: xy }),
    );
  const mean = Float64Array.from({ length: X * Y }, (_, i) => i / 2);
  const rgb = Uint8Array.from({ length: X * Y * 3 }, (_, i) => (i * 11) % 256);
  const gray = new GrayscaleImage({
    name: 'mean',
    data: { data: mean, shape: [X, Y], strides: [Y, 1] },
    resolution: 2,
    description: 'mean image',
  });
  const color = new RGBImage({
    name: 'rgb',
    data: { data: rgb, shape: [X, Y, 3], strides: cStrides([X, Y, 3]) },
    description: 'color',
  });
  ophys.add(
    new Images({
      name: 'summary_images',
      description: 'summary',
      images: [gray, color],
      order_of_images: [color, gray],
    }),
  );
  return { nwb, movie, two, imageMasks, pixelMasks, voxelMasks, dff, mean, rgb };
}

// Python checks (pynwb, nwbinspector; the first run may create the venv) get 5 minutes.
describe('ophys writer', { timeout: 300_000 }, () => {
  const dir = tempDir('ophys');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'ts_ophys.nwb');
  const b = build();

  const written = once(async () => {
    for (const f of ['movie_a.avi', 'movie_b.avi']) writeFileSync(join(dir, f), 'not a real movie');
    await writeNwb(b.nwb, file, { idGenerator: seededIdGenerator(11) });
    publishForInterop(file);
    for (const f of ['movie_a.avi', 'movie_b.avi']) publishForInterop(join(dir, f));
  });

  it('writes the ophys file; external movie files sit next to it', async () => {
    await written();
    const h5 = await openH5(file);
    try {
      expect(h5.dataset('/acquisition/external_movie/data').shape).toEqual([0, 0, 0]);
      expect(h5.dataset('/processing/ophys/ImageSegmentation/pixels/pixel_mask').dtypeName).toBe(
        '{x: uint32, y: uint32, weight: float32}',
      );
      expect(h5.link('/processing/ophys/MotionCorrection/CorrectedImageStack/original')).toEqual({
        kind: 'soft',
        target: '/acquisition/OnePhotonSeries',
      });
      expect(h5.attrs.get('.specloc')).toBeDefined();
    } finally {
      h5.close();
    }
  });

  it.skipIf(!HAS_VENV)(
    `pynwb reads back every value (${HAS_VENV ? 'venv' : SKIP_REASON})`,
    async () => {
      await written();
      const seg = '/processing/ophys/ImageSegmentation';
      const expected = {
        root: { session_start_time: '2023-06-01T09:30:00.250000+00:00' },
        containers: {
          '/general/optophysiology/plane0': {
            fields: {
              description: 'a plane',
              excitation_lambda: 470,
              imaging_rate: 10,
              indicator: 'GCaMP6s',
              location: 'VISp',
              reference_frame: 'bregma',
              origin_coords: [0.1, 0.2, 0.3],
              origin_coords_unit: 'mm',
              grid_spacing: [0.01, 0.01, 0.02],
              grid_spacing_unit: 'mm',
              device: { $ref: '/general/devices/Scope' },
            },
          },
          '/general/optophysiology/plane0/red': {
            fields: { description: 'tdTomato', emission_lambda: 580 },
          },
          '/acquisition/OnePhotonSeries': {
            neurodata_type: 'OnePhotonSeries',
            fields: {
              data: nest(b.movie, [F, X, Y]),
              rate: 10,
              starting_time: 0,
              pmt_gain: 2,
              scan_line_rate: 5000,
              exposure_time: 0.01,
              binning: 2,
              power: 1.5,
              intensity: 0.3,
              imaging_plane: { $ref: '/general/optophysiology/plane0' },
            },
          },
          '/acquisition/TwoPhotonSeries': {
            fields: {
              timestamps: nums(b.two.timestamps as Float64Array),
              field_of_view: [0.0005, 0.0004],
              dimension: [X, Y],
              pmt_gain: 1.5,
            },
          },
          '/acquisition/external_movie': {
            fields: {
              external_file: ['movie_a.avi', 'movie_b.avi'],
              starting_frame: [0, 100],
              format: 'external',
              rate: 30,
            },
          },
          [`${seg}/images`]: {
            fields: {
              imaging_plane: { $ref: '/general/optophysiology/plane0' },
              reference_images: [{ $ref: '/acquisition/OnePhotonSeries' }],
            },
          },
          '/processing/ophys/DfOverF/dff': {
            fields: {
              data: nest(b.dff, [F, 3]),
              rois: { $ref: '/processing/ophys/DfOverF/dff/rois' },
            },
          },
          '/processing/ophys/DfOverF/dff/rois': {
            fields: { data: [0, 1, 2], table: { $ref: `${seg}/images` } },
          },
          '/processing/ophys/MotionCorrection/CorrectedImageStack': {
            fields: {
              original: { $ref: '/acquisition/OnePhotonSeries' },
              corrected: {
                $ref: '/processing/ophys/MotionCorrection/CorrectedImageStack/corrected',
              },
              xy_translation: {
                $ref: '/processing/ophys/MotionCorrection/CorrectedImageStack/xy_translation',
              },
            },
          },
          '/processing/ophys/summary_images/mean': { fields: { data: nest(b.mean, [X, Y]) } },
          '/processing/ophys/summary_images/rgb': { fields: { data: nest(b.rgb, [X, Y, 3]) } },
          '/processing/ophys/summary_images': {
            fields: {
              order_of_images: { $ref: '/processing/ophys/summary_images/order_of_images' },
            },
          },
          '/processing/ophys/summary_images/order_of_images': {
            fields: {
              data: [
                { $ref: '/processing/ophys/summary_images/rgb' },
                { $ref: '/processing/ophys/summary_images/mean' },
              ],
            },
          },
        },
        tables: {
          [`${seg}/images`]: {
            colnames: ['accepted', 'image_mask'],
            id: [0, 1, 2],
            columns: { image_mask: b.imageMasks.map((m) => nest(m, [X, Y])), accepted: [1, 0, 1] },
          },
          [`${seg}/pixels`]: {
            colnames: ['pixel_mask'],
            id: [10, 11, 12],
            columns: {
              pixel_mask: b.pixelMasks.map((pm) =>
                pm.map(([x, y, w]) => ({ x, y, weight: Math.fround(w) })),
              ),
            },
          },
          [`${seg}/voxels`]: {
            colnames: ['voxel_mask'],
            id: [0, 1],
            columns: {
              voxel_mask: b.voxelMasks.map((vm) =>
                vm.map(([x, y, z, weight]) => ({ x, y, z, weight })),
              ),
            },
          },
        },
        types: { '/processing/ophys/summary_images/order_of_images': 'ImageReferences' },
        attrs: {
          '/processing/ophys/summary_images/mean': {
            resolution: 2,
            description: 'mean image',
            neurodata_type: 'GrayscaleImage',
          },
          '/acquisition/OnePhotonSeries': { binning: 2 },
        },
      };
      const r = runReadback(file, expected);
      expect(r.status, r.output).toBe(0);
    },
  );

  it.skipIf(!HAS_VENV)(
    'passes tooling/interop (pynwb read + nwbinspector, no CRITICAL)',
    async () => {
      await written();
      const r = runInterop(file);
      expect(r.status, r.output).toBe(0);
    },
  );
});

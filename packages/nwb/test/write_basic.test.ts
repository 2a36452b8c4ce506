// "The TS writer writes the same content": a TypeScript rebuild of fixtures/basic.nwb (written by
// pynwb in tooling/oracle/generators/nwb_basic.py) from the values recorded in basic.json, checked
// by reading both files with pynwb (tooling/oracle/checks/nwb_compare.py: every typed object,
// container field, table cell and get_timestamps()/get_data_in_units(); floats rel 1e-12, which
// in practice means bit-equal since values are copied, not recomputed).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { cStrides, type H5Reference, type NdArray, type NumericArray, openH5 } from '@sdk/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createNwbFile,
  Fluorescence,
  ImageSegmentation,
  OpticalChannel,
  seededIdGenerator,
  TimeSeries,
  TwoPhotonSeries,
  writeNwb,
} from '../src/write/index.js';
import {
  FIXTURES,
  HAS_VENV,
  once,
  publishForInterop,
  readFixtureJson,
  runCompare,
  runInterop,
  SKIP_REASON,
  tempDir,
} from './write_support.js';

interface TsJson {
  name: string;
  description: string;
  unit: string;
  conversion: number;
  resolution: number;
  dtype: string;
  shape: number[];
  data: unknown;
  timestamps?: number[];
  starting_time?: number;
  rate?: number;
  dimension?: number[];
  field_of_view?: number[];
  rois?: { indices: number[]; description: string };
}

interface BasicJson {
  root: {
    identifier: string;
    session_description: string;
    session_start_time: string;
    file_create_date: string[];
    experimenter: string[];
    lab: string;
    institution: string;
    session_id: string;
    experiment_description: string;
    keywords: string[];
    subject: { subject_id: string; species: string; sex: string; age: string; description: string };
  };
  timeseries: Record<string, TsJson>;
  device: { description: string; manufacturer: string };
  optical_channel: { description: string; emission_lambda: number };
  imaging_plane: {
    description: string;
    excitation_lambda: number;
    imaging_rate: number;
    indicator: string;
    location: string;
    grid_spacing: number[];
    grid_spacing_unit: string;
    origin_coords: number[];
    origin_coords_unit: string;
  };
  plane_segmentation: { description: string; image_mask: number[][][] };
  units: { spike_times: number[][]; obs_intervals: [number, number][][]; quality: string[] };
}

const CTORS: Record<string, new (a: ArrayLike<number>) => NumericArray> = {
  int16: Int16Array,
  uint16: Uint16Array,
  float32: Float32Array,
  float64: Float64Array,
};

function nd(t: TsJson): NdArray<NumericArray> {
  const flat = (t.data as unknown[]).flat(3) as number[];
  const ctor = CTORS[t.dtype];
  if (!ctor) throw new Error(`dtype ${t.dtype}`);
  return { data: new ctor(flat), shape: t.shape, strides: cStrides(t.shape) };
}

export function buildBasic(j: BasicJson) {
  const r = j.root;
  const nwb = createNwbFile({
    session_description: r.session_description,
    identifier: r.identifier,
    session_start_time: r.session_start_time,
    file_create_date: r.file_create_date,
    experimenter: r.experimenter,
    lab: r.lab,
    institution: r.institution,
    session_id: r.session_id,
    experiment_description: r.experiment_description,
    keywords: r.keywords,
    subject: r.subject,
  });
  const ts1 = j.timeseries['/acquisition/ts_timestamps'] as TsJson;
  nwb.addAcquisition(
    new TimeSeries({
      name: ts1.name,
      description: ts1.description,
      data: nd(ts1),
      unit: ts1.unit,
      conversion: ts1.conversion,
      resolution: ts1.resolution,
      timestamps: Float64Array.from(ts1.timestamps ?? []),
    }),
  );
  const ts2 = j.timeseries['/acquisition/ts_rate'] as TsJson;
  nwb.addAcquisition(
    new TimeSeries({
      name: ts2.name,
      description: ts2.description,
      data: nd(ts2),
      unit: ts2.unit,
      conversion: ts2.conversion,
      resolution: ts2.resolution,
      starting_time: ts2.starting_time as number,
      rate: ts2.rate as number,
    }),
  );
  const device = nwb.createDevice({ name: 'Microscope', ...j.device });
  const ip = j.imaging_plane;
  const plane = nwb.createImagingPlane({
    name: 'ImagingPlane',
    optical_channel: new OpticalChannel({ name: 'OpticalChannel', ...j.optical_channel }),
    description: ip.description,
    device,
    excitation_lambda: ip.excitation_lambda,
    imaging_rate: ip.imaging_rate,
    indicator: ip.indicator,
    location: ip.location,
    grid_spacing: ip.grid_spacing,
    grid_spacing_unit: ip.grid_spacing_unit,
    origin_coords: ip.origin_coords,
    origin_coords_unit: ip.origin_coords_unit,
  });
  const tps = j.timeseries['/acquisition/TwoPhotonSeries'] as TsJson;
  nwb.addAcquisition(
    new TwoPhotonSeries({
      name: tps.name,
      description: tps.description,
      imaging_plane: plane,
      data: nd(tps),
      unit: tps.unit,
      rate: tps.rate as number,
      starting_time: tps.starting_time as number,
      dimension: tps.dimension as number[],
      field_of_view: tps.field_of_view as number[],
    }),
  );
  const ophys = nwb.createProcessingModule({
    name: 'ophys',
    description: 'optical physiology processed data',
  });
  const seg = ophys.add(new ImageSegmentation({ name: 'ImageSegmentation' }));
  const ps = seg.createPlaneSegmentation({
    name: 'PlaneSegmentation',
    description: j.plane_segmentation.description,
    imaging_plane: plane,
  });
  for (const mask of j.plane_segmentation.image_mask) {
    ps.addRoi({
      image_mask: { data: Float32Array.from(mask.flat()), shape: [8, 8], strides: [8, 1] },
    });
  }
  const rrs = j.timeseries['/processing/ophys/Fluorescence/RoiResponseSeries'] as TsJson;
  const rois = ps.createRoiTableRegion({
    region: rrs.rois?.indices,
    description: rrs.rois?.description as string,
  });
  const fluo = ophys.add(new Fluorescence({ name: 'Fluorescence' }));
  fluo.createRoiResponseSeries({
    name: rrs.name,
    description: rrs.description,
    data: nd(rrs),
    rois,
    unit: rrs.unit,
    rate: rrs.rate as number,
    starting_time: rrs.starting_time as number,
  });
  nwb.addUnitColumn({ name: 'quality', description: 'sorting quality label' });
  j.units.spike_times.forEach((st, i) => {
    nwb.addUnit({
      spike_times: st,
      obs_intervals: j.units.obs_intervals[i],
      quality: j.units.quality[i],
    });
  });
  return nwb;
}

// Python checks (pynwb, nwbinspector; the first run may create the venv) get 5 minutes.
describe('TS rebuild of fixtures/basic.nwb', { timeout: 300_000 }, () => {
  const basic = readFixtureJson('basic.json') as unknown as BasicJson;
  const dir = tempDir('basic');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'ts_basic.nwb');

  const written = once(async () => {
    await writeNwb(buildBasic(basic), out, { idGenerator: seededIdGenerator(20240101) });
    publishForInterop(out);
  });

  it('writes the file with the layout pynwb uses', async () => {
    await written();
    const h5 = await openH5(out);
    try {
      expect(h5.attrs.get('nwb_version')).toBe('2.7.0');
      expect(h5.attrs.get('neurodata_type')).toBe('NWBFile');
      expect(h5.dataset('/units/spike_times_index').dtypeName).toBe('uint8');
      expect(h5.link('/acquisition/TwoPhotonSeries/imaging_plane')).toEqual({
        kind: 'soft',
        target: '/general/optophysiology/ImagingPlane',
      });
      const ref = (await openH5(join(FIXTURES, 'basic.nwb'))) as Awaited<ReturnType<typeof openH5>>;
      try {
        // the embedded specification is pynwb's, byte for byte
        // (every namespace, version and schema source that pynwb wrote, and nothing else)
        const specPaths = (f: typeof h5): string[] =>
          f
            .group('/specifications')
            .keys()
            .flatMap((ns) =>
              f
                .group(`/specifications/${ns}`)
                .keys()
                .flatMap((v) =>
                  f
                    .group(`/specifications/${ns}/${v}`)
                    .keys()
                    .map((n) => `/specifications/${ns}/${v}/${n}`),
                ),
            );
        const paths = specPaths(ref);
        expect(paths.length).toBe(20); // core: namespace + 12 nwb.*; hdmf-common: 4; hdmf-experimental: 3
        expect(specPaths(h5)).toEqual(paths);
        for (const p of paths) expect(h5.dataset(p).read()).toBe(ref.dataset(p).read());
        expect(h5.refName(h5.attrs.get('.specloc') as H5Reference)).toBe('/specifications');
      } finally {
        ref.close();
      }
    } finally {
      h5.close();
    }
  });

  it.skipIf(!HAS_VENV)(
    `pynwb reads equal content from basic.nwb and the TS file (${HAS_VENV ? 'venv' : SKIP_REASON})`,
    async () => {
      await written();
      const r = runCompare(join(FIXTURES, 'basic.nwb'), out);
      expect(r.output).toContain('0 differences');
      expect(r.status, r.output).toBe(0);
    },
  );

  it.skipIf(!HAS_VENV)(
    'passes tooling/interop (pynwb read + nwbinspector, no CRITICAL)',
    async () => {
      await written();
      const r = runInterop(out);
      expect(r.status, r.output).toBe(0);
      expect(r.output).toContain('1 passed, 0 failed');
    },
  );
});

// basic.nwb (tooling/oracle/generators/nwb_basic.py, pynwb 2.8.3): base, ophys and units values.
// Exact comparisons: the values are stored ones (no arithmetic) except the data in units check.
import { toNested } from '@sdk/core';
import { describe, expect, it } from 'vitest';
import {
  Device,
  ImagingPlane,
  OpticalChannel,
  openNwb,
  PhotonSeries,
  PlaneSegmentation,
  type RoiResponseSeries,
  Subject,
  TimeSeries,
  Units,
} from '../src/index.js';
import { fixturePath, readFixtureJson } from './support/fixtures.js';
import { sameValue } from './support/plain.js';

interface BasicTs {
  neurodata_type: string;
  description: string;
  unit: string;
  conversion: number;
  resolution: number;
  offset: number;
  dtype: string;
  shape: number[];
  data: unknown;
  timestamps?: number[];
  timestamps_unit?: string;
  interval?: number;
  starting_time?: number;
  rate?: number;
  starting_time_unit?: string;
  imaging_plane?: string;
  dimension?: number[];
  field_of_view?: number[];
  rois?: { table: string; indices: number[]; description: string };
}

const basic = readFixtureJson<{
  nwb_version: string;
  root: Record<string, unknown> & { subject: Record<string, string> };
  timeseries: Record<string, BasicTs>;
  device: { path: string; description: string; manufacturer: string };
  optical_channel: { path: string; description: string; emission_lambda: number };
  imaging_plane: Record<string, unknown> & { path: string };
  plane_segmentation: {
    path: string;
    description: string;
    imaging_plane: string;
    colnames: string[];
    ids: number[];
    image_mask: unknown;
  };
  units: {
    path: string;
    description: string;
    colnames: string[];
    ids: number[];
    spike_times: number[][];
    obs_intervals: number[][][];
    quality: string[];
  };
}>('basic.json');

describe('basic.nwb', async () => {
  const nwb = await openNwb(fixturePath('basic.nwb'));

  it('reads NWBFile metadata and general fields', () => {
    const r = basic.root;
    expect(nwb.nwb_version).toBe(basic.nwb_version);
    expect(nwb.identifier).toBe(r.identifier);
    expect(nwb.session_description).toBe(r.session_description);
    expect(Date.parse(nwb.session_start_time)).toBe(Date.parse(String(r.session_start_time)));
    expect(Date.parse(nwb.timestamps_reference_time ?? '')).toBe(
      Date.parse(String(r.timestamps_reference_time)),
    );
    expect(nwb.experimenter).toEqual(r.experimenter);
    expect(nwb.keywords).toEqual(r.keywords);
    expect(nwb.lab).toBe(r.lab);
    expect(nwb.institution).toBe(r.institution);
    expect(nwb.session_id).toBe(r.session_id);
    expect(nwb.experiment_description).toBe(r.experiment_description);
    expect(nwb.general()).toMatchObject({
      lab: r.lab,
      institution: r.institution,
      session_id: r.session_id,
    });
    expect(nwb.namespaces()).toMatchObject({ core: '2.7.0' });
  });

  it('reads the Subject', () => {
    const s = nwb.subject;
    expect(s).toBeInstanceOf(Subject);
    const want = basic.root.subject;
    expect(s?.path).toBe(want.path);
    expect({
      subject_id: s?.subject_id,
      species: s?.species,
      sex: s?.sex,
      age: s?.age,
      description: s?.description,
    }).toEqual({
      subject_id: want.subject_id,
      species: want.species,
      sex: want.sex,
      age: want.age,
      description: want.description,
    });
  });

  it('reads every TimeSeries: data, scaling attributes and timing', () => {
    for (const [path, want] of Object.entries(basic.timeseries)) {
      const ts = nwb.get(path);
      expect(ts).toBeInstanceOf(TimeSeries);
      const s = ts as TimeSeries;
      expect(s.neurodata_type).toBe(want.neurodata_type);
      expect(s.description).toBe(want.description);
      expect(s.unit).toBe(want.unit);
      expect(s.conversion).toBe(want.conversion);
      expect(s.resolution).toBe(want.resolution);
      expect(s.offset).toBe(want.offset);
      expect(s.data?.dtype).toBe(want.dtype);
      expect(s.data?.shape).toEqual(want.shape);
      expect(toNested(s.getData())).toEqual(want.data);
      if (want.timestamps) {
        expect(Array.from(s.getTimestamps())).toEqual(want.timestamps);
        expect(s.timestamps_unit).toBe(want.timestamps_unit);
        expect(s.interval).toBe(want.interval);
        expect(s.rate).toBeUndefined();
      } else {
        expect(s.starting_time).toBe(want.starting_time);
        expect(s.rate).toBe(want.rate);
        expect(s.starting_time_unit).toBe(want.starting_time_unit);
        const n = want.shape[0] as number;
        // pynwb: np.arange(n) / rate + starting_time
        expect(Array.from(s.getTimestamps())).toEqual(
          Array.from(
            { length: n },
            (_, k) => k / (want.rate as number) + (want.starting_time as number),
          ),
        );
      }
      // data in units: stored * conversion + offset
      const inUnits = s.getDataInUnits([[2, 5]]);
      const raw = s.getData([[2, 5]]);
      expect(Array.from(inUnits.data)).toEqual(
        Array.from(raw.data as ArrayLike<number>, (x) => x * want.conversion + want.offset),
      );
    }
  });

  it('reads ophys: TwoPhotonSeries, ImagingPlane, OpticalChannel, Device, RoiResponseSeries', () => {
    const tps = nwb.get('/acquisition/TwoPhotonSeries') as PhotonSeries;
    expect(tps).toBeInstanceOf(PhotonSeries);
    const w = basic.timeseries['/acquisition/TwoPhotonSeries'] as BasicTs;
    expect(tps.imaging_plane?.path).toBe(w.imaging_plane);
    expect(Array.from(tps.dataset('dimension')?.readNumeric().data ?? [], Number)).toEqual(
      w.dimension,
    );
    expect(Array.from(tps.dataset('field_of_view')?.readNumeric().data ?? [], Number)).toEqual(
      w.field_of_view,
    );
    expect(tps.format).toBe('raw');
    // one frame read alone
    const frame = tps.getData([3]);
    expect(frame.shape).toEqual([8, 8]);
    expect(toNested(frame)).toEqual((w.data as unknown[])[3]);

    const ip = nwb.imaging_planes.get('ImagingPlane');
    expect(ip).toBeInstanceOf(ImagingPlane);
    const want = basic.imaging_plane;
    expect(ip?.path).toBe(want.path);
    expect(ip?.description).toBe(want.description);
    expect(ip?.device?.path).toBe(want.device);
    expect(ip?.excitation_lambda).toBe(want.excitation_lambda);
    expect(ip?.imaging_rate).toBe(want.imaging_rate);
    expect(ip?.indicator).toBe(want.indicator);
    expect(ip?.location).toBe(want.location);
    expect(ip?.grid_spacing_unit).toBe(want.grid_spacing_unit);
    expect(ip?.origin_coords_unit).toBe(want.origin_coords_unit);
    expect(toNested(ip?.dataset('grid_spacing')?.readNumeric() as never)).toEqual(
      want.grid_spacing,
    );
    const oc = ip?.optical_channel[0];
    expect(oc).toBeInstanceOf(OpticalChannel);
    expect(oc?.path).toBe(basic.optical_channel.path);
    expect(oc?.description).toBe(basic.optical_channel.description);
    expect(oc?.emission_lambda).toBe(basic.optical_channel.emission_lambda);

    const dev = nwb.devices.get('Microscope');
    expect(dev).toBeInstanceOf(Device);
    expect(dev?.path).toBe(basic.device.path);
    expect(dev?.description).toBe(basic.device.description);
    expect(dev?.manufacturer).toBe(basic.device.manufacturer);

    const rrs = nwb.get('/processing/ophys/Fluorescence/RoiResponseSeries') as RoiResponseSeries;
    const wr = basic.timeseries['/processing/ophys/Fluorescence/RoiResponseSeries']?.rois;
    expect(rrs.rois?.table?.path).toBe(wr?.table);
    expect(rrs.rois?.rows()).toEqual(wr?.indices);
    expect(rrs.rois?.description).toBe(wr?.description);
    const fl = nwb.processing.get('ophys')?.get('Fluorescence') as unknown as {
      get(n?: string): unknown;
    };
    expect(fl.get()).toBe(rrs);
  });

  it('reads the PlaneSegmentation image masks whole and one ROI at a time', () => {
    const ps = nwb.get(basic.plane_segmentation.path) as PlaneSegmentation;
    expect(ps).toBeInstanceOf(PlaneSegmentation);
    expect(ps.description).toBe(basic.plane_segmentation.description);
    expect(ps.imaging_plane?.path).toBe(basic.plane_segmentation.imaging_plane);
    expect(ps.colnames).toEqual(basic.plane_segmentation.colnames);
    expect(ps.ids()).toEqual(basic.plane_segmentation.ids);
    expect(ps.column('image_mask').values()).toEqual(basic.plane_segmentation.image_mask);
    const want = basic.plane_segmentation.image_mask as number[][][];
    expect(toNested(ps.imageMask(1))).toEqual(want[1]);
    const px = PlaneSegmentation.imageToPixel(ps.imageMask(1));
    const back = PlaneSegmentation.pixelToImage(px, { shape: [8, 8] });
    expect(sameValue(toNested(back), want[1])).toBe(true);
    const arrow = ps.toTable();
    expect(arrow.numRows).toBe(3);
    expect(
      JSON.parse(
        JSON.stringify(
          arrow
            .getChild('image_mask')
            ?.get(1)
            ?.toJSON()
            .map((r: { toJSON(): unknown }) => r.toJSON()),
        ),
      ),
    ).toEqual(want[1]);
  });

  it('reads Units: ragged spike times and observation intervals', () => {
    const u = nwb.units as Units;
    expect(u).toBeInstanceOf(Units);
    expect(u.path).toBe(basic.units.path);
    expect(u.description).toBe(basic.units.description);
    expect(u.colnames).toEqual(basic.units.colnames);
    expect(u.ids()).toEqual(basic.units.ids);
    basic.units.spike_times.forEach((st, i) => {
      expect(Array.from(u.getSpikeTimes(i))).toEqual(st);
      expect(u.getObsIntervals(i)).toEqual(basic.units.obs_intervals[i]);
    });
    expect(u.column('quality').values()).toEqual(basic.units.quality);
    expect(Array.from(u.getSpikeTimes(2, { inInterval: [0.31, 0.95] }))).toEqual(
      (basic.units.spike_times[2] as number[]).filter((t) => t >= 0.31 && t < 0.95),
    );
    const t = u.toTable({ columns: ['spike_times', 'quality'], rows: [2, 0] });
    expect(t.numRows).toBe(2);
    expect(Array.from(t.getChild('spike_times')?.get(0)?.toArray() ?? [])).toEqual(
      basic.units.spike_times[2],
    );
    expect(t.getChild('quality')?.get(1)).toBe(basic.units.quality[0]);
    expect(Number(t.getChild('id')?.get(0))).toBe(basic.units.ids[2]);
  });

  it('finds objects by type (with subtypes) and by object_id', () => {
    const series = nwb.objectsOfType('TimeSeries').map((o) => o.path);
    expect(series).toEqual(Object.keys(basic.timeseries).sort());
    expect(nwb.objectsOfType('TimeSeries', { includeSubtypes: false }).map((o) => o.path)).toEqual([
      '/acquisition/ts_rate',
      '/acquisition/ts_timestamps',
    ]);
    const ip = nwb.imaging_planes.get('ImagingPlane');
    expect(nwb.getByObjectId(ip?.object_id ?? '')).toBe(ip);
    expect(tps_chain(nwb.get('/acquisition/TwoPhotonSeries').typeChain)).toEqual([
      'TwoPhotonSeries',
      'ImageSeries',
      'TimeSeries',
    ]);
  });

  it('throws clear errors for missing paths, rows and columns', () => {
    expect(() => nwb.get('/acquisition/nope')).toThrow(/no such object/);
    expect(() => nwb.units?.column('nope')).toThrow(/no column "nope"/);
    expect(() => nwb.units?.column('spike_times').get(3)).toThrow(/out of range/);
  });
});

function tps_chain(chain: string[]): string[] {
  return chain.slice(0, 3);
}

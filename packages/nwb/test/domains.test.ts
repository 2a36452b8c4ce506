// Typed accessors of ophys, ecephys, icephys and behavior classes on the pynwb-written fixtures
// (tooling/oracle/generators/nwb_modalities.py); expected values from the JSON pynwb dumped.
// Exact comparisons (stored values only).
import { describe, expect, it } from 'vitest';
import {
  AlignedDynamicTable,
  CorrectedImageStack,
  ElectricalSeries,
  ElectrodeGroup,
  getNwbVersion,
  ImageSeries,
  Images,
  MultiContainer,
  openNwb,
  PatchClampSeries,
  PhotonSeries,
  PlaneSegmentation,
  SpatialSeries,
  TimeIntervals,
  type TimeSeries,
} from '../src/index.js';
import { fixturePath, readFixtureJson } from './support/fixtures.js';

type Dump = {
  containers: Record<string, { neurodata_type: string; fields: Record<string, unknown> }>;
  tables: Record<string, { columns: Record<string, unknown[]> }>;
};
const fields = (d: Dump, p: string) => d.containers[p]?.fields ?? {};

describe('ophys', async () => {
  const nwb = await openNwb(fixturePath('ophys.nwb'));
  const dump = readFixtureJson<Dump>('ophys.json');

  it('reads OnePhotonSeries attributes and its imaging plane with two channels', () => {
    const ops = nwb.get('/acquisition/OnePhotonSeries') as PhotonSeries;
    expect(ops).toBeInstanceOf(PhotonSeries);
    const w = fields(dump, '/acquisition/OnePhotonSeries');
    for (const k of [
      'pmt_gain',
      'exposure_time',
      'binning',
      'power',
      'intensity',
      'scan_line_rate',
    ]) {
      expect(ops.field(k), k).toBe(w[k]);
    }
    const ip = ops.imaging_plane;
    expect(ip?.optical_channel.map((c) => [c.name, c.emission_lambda])).toEqual([
      ['green', 520],
      ['red', 610],
    ]);
    expect(ip?.reference_frame).toBe(
      fields(dump, '/general/optophysiology/plane0').reference_frame,
    );
  });

  it('reads an ImageSeries stored in external files', () => {
    const s = nwb.get('/acquisition/external_movie') as ImageSeries;
    expect(s).toBeInstanceOf(ImageSeries);
    const w = fields(dump, '/acquisition/external_movie');
    expect(s.external_file).toEqual(w.external_file);
    expect(s.starting_frame).toEqual(w.starting_frame);
    expect(s.format).toBe(w.format);
    expect(s.unit).toBe(w.unit);
    expect(s.data?.shape).toEqual([0, 0, 0]);
  });

  it('reads MotionCorrection and its CorrectedImageStack', () => {
    const mc = nwb.processing.get('ophys')?.get('MotionCorrection') as MultiContainer;
    expect(mc).toBeInstanceOf(MultiContainer);
    const cis = mc.get() as CorrectedImageStack;
    expect(cis).toBeInstanceOf(CorrectedImageStack);
    expect(cis.original?.path).toBe('/acquisition/OnePhotonSeries');
    expect(cis.corrected?.path).toBe(
      '/processing/ophys/MotionCorrection/CorrectedImageStack/corrected',
    );
    expect(cis.xy_translation?.getData([[1, 2]]).data).toEqual(new Float64Array([0.1, -0.1]));
  });

  it('reads pixel and voxel masks, and the Arrow form of a mask column', () => {
    const px = nwb.get('/processing/ophys/ImageSegmentation/pixels') as PlaneSegmentation;
    const want = dump.tables['/processing/ophys/ImageSegmentation/pixels']?.columns.pixel_mask as {
      x: number;
      y: number;
      weight: number;
    }[][];
    want.forEach((roi, i) => {
      expect(px.pixelMask(i)).toEqual(roi.map((p) => [p.x, p.y, p.weight]));
    });
    expect(px.reference_images.map((o) => o.path)).toEqual(['/acquisition/OnePhotonSeries']);
    const vx = nwb.get('/processing/ophys/ImageSegmentation/voxels') as PlaneSegmentation;
    const wantV = dump.tables['/processing/ophys/ImageSegmentation/voxels']?.columns.voxel_mask as {
      x: number;
      y: number;
      z: number;
      weight: number;
    }[][];
    wantV.forEach((roi, i) => {
      expect(vx.voxelMask(i)).toEqual(roi.map((p) => [p.x, p.y, p.z, p.weight]));
    });
    const t = px.toTable();
    const cell = t.getChild('pixel_mask')?.get(2);
    const rows = Array.from({ length: cell?.length ?? 0 }, (_, j) => cell?.get(j)?.toJSON()) as {
      x: bigint;
      y: bigint;
      weight: number;
    }[];
    expect(rows.map((r) => [Number(r.x), Number(r.y), r.weight])).toEqual(
      want[2]?.map((p) => [p.x, p.y, p.weight]),
    );
    expect(PlaneSegmentation.pixelToImage(px.pixelMask(0), { shape: [5, 4] }).data[1 * 4 + 0]).toBe(
      0.5,
    );
  });

  it('reads Images holding GrayscaleImage and RGBImage', () => {
    const im = nwb.processing.get('ophys')?.get('summary_images') as Images;
    expect(im).toBeInstanceOf(Images);
    expect([...im.images.keys()]).toEqual(['mean', 'rgb']);
    const mean = im.get('mean') as unknown as {
      shape: number[];
      resolution: number;
      description: string;
    };
    expect(mean.shape).toEqual([5, 4]);
    expect(mean.resolution).toBe(2);
    expect(mean.description).toBe('mean image');
    expect((im.get('rgb') as unknown as { shape: number[] }).shape).toEqual([5, 4, 3]);
  });

  it('MultiContainer.get() names the children when ambiguous', () => {
    const seg = nwb.processing.get('ophys')?.get('ImageSegmentation') as MultiContainer;
    expect(() => seg.get()).toThrow(/name one of: pixels, voxels/);
    expect(() => seg.get('nope')).toThrow(/no "nope"/);
  });
});

describe('ecephys', async () => {
  const nwb = await openNwb(fixturePath('ecephys.nwb'));
  const dump = readFixtureJson<Dump>('ecephys.json');

  it('reads electrode groups (position compound) and the electrodes table', () => {
    const g = nwb.electrode_groups.get('shank0');
    expect(g).toBeInstanceOf(ElectrodeGroup);
    expect(g?.position).toEqual(fields(dump, '/general/extracellular_ephys/shank0').position);
    expect(g?.device?.path).toBe('/general/devices/Probe');
    expect(nwb.electrodes?.column('location').values()).toEqual(
      dump.tables['/general/extracellular_ephys/electrodes']?.columns.location,
    );
  });

  it('reads an ElectricalSeries: region, channel_conversion and filtering', () => {
    const es = nwb.get('/acquisition/ElectricalSeries') as ElectricalSeries;
    expect(es).toBeInstanceOf(ElectricalSeries);
    expect(es.electrodes?.rows()).toEqual([0, 1, 2, 3]);
    expect(es.electrodes?.table?.path).toBe('/general/extracellular_ephys/electrodes');
    expect(es.filtering).toBe(fields(dump, '/acquisition/ElectricalSeries').filtering);
    expect(nwb.get('/acquisition/SpikeEventSeries')).toBeInstanceOf(ElectricalSeries);
    const lfp = nwb.processing.get('ecephys')?.get('LFP') as MultiContainer;
    expect((lfp.get() as TimeSeries).path).toBe('/processing/ecephys/LFP/lfp');
  });

  it('reads Units waveform metadata and the doubly ragged waveforms as List<List<List>>', () => {
    const u = nwb.units;
    expect(u?.waveform_rate).toBe(fields(dump, '/units').waveform_rate);
    expect(u?.waveform_unit).toBe(fields(dump, '/units').waveform_unit);
    const t = u?.toTable({ columns: ['waveforms', 'electrodes'] });
    const w = t?.getChild('waveforms')?.get(0);
    const nested = Array.from({ length: w?.length ?? 0 }, (_, i) => {
      const spike = w?.get(i);
      return Array.from({ length: spike?.length ?? 0 }, (_, j) =>
        Array.from(spike?.get(j)?.toArray() ?? []),
      );
    });
    expect(nested).toEqual(dump.tables['/units']?.columns.waveforms?.[0]);
    expect(Array.from(t?.getChild('electrodes')?.get(2)?.toArray() ?? [], Number)).toEqual([2, 3]);
  });
});

describe('icephys', async () => {
  const nwb = await openNwb(fixturePath('icephys.nwb'));
  const dump = readFixtureJson<Dump>('icephys.json');

  it('reads PatchClampSeries fields and lists sweeps from sweep_number', () => {
    const ccs = nwb.get('/acquisition/ccs') as PatchClampSeries;
    expect(ccs).toBeInstanceOf(PatchClampSeries);
    const w = fields(dump, '/acquisition/ccs');
    expect(ccs.sweep_number).toBe(w.sweep_number);
    expect(ccs.gain).toBe(w.gain);
    expect(ccs.stimulus_description).toBe(w.stimulus_description);
    expect(ccs.field('bias_current')).toBe(w.bias_current);
    expect(ccs.electrode?.cell_id).toBe(fields(dump, '/general/intracellular_ephys/elec0').cell_id);
    expect(nwb.icephysSweeps()).toEqual([
      { sweep_number: 1, stimulus: '/stimulus/presentation/ccss', response: '/acquisition/ccs' },
      { sweep_number: 2, stimulus: '/stimulus/presentation/vcss', response: '/acquisition/vcs' },
      { sweep_number: 3, response: '/acquisition/izero' },
    ]);
  });

  it('reads the intracellular recordings table with its categories and TimeSeries references', () => {
    const ir = nwb.intracellular_recordings as AlignedDynamicTable;
    expect(ir).toBeInstanceOf(AlignedDynamicTable);
    expect(ir.categories).toEqual(['electrodes', 'stimuli', 'responses']);
    const stim = ir.category('stimuli').column('stimulus');
    expect(stim.kind).toBe('timeseries_reference');
    expect(stim.get(2)).toBeNull();
    expect(stim.get(0)).toEqual({
      idx_start: 0,
      count: 16,
      timeseries: '/stimulus/presentation/ccss',
    });
    const arrow = ir.category('stimuli').toTable();
    expect(arrow.getChild('stimulus')?.get(2)).toBeNull();
    expect(arrow.getChild('stimulus')?.get(1)?.toJSON()).toMatchObject({
      timeseries: '/stimulus/presentation/vcss',
    });
    expect(nwb.icephys_sequential_recordings?.column('stimulus_type').values()).toEqual(['mixed']);
  });
});

describe('behavior', async () => {
  const nwb = await openNwb(fixturePath('behavior.nwb'));
  const dump = readFixtureJson<Dump>('behavior.json');

  it('reads SpatialSeries inside Position, EyeTracking and CompassDirection', () => {
    const beh = nwb.processing.get('behavior');
    if (!beh) throw new Error('no behavior module');
    for (const [c, name] of [
      ['Position', 'xy'],
      ['EyeTracking', 'gaze'],
      ['CompassDirection', 'heading'],
    ] as const) {
      const s = (beh.get(c) as MultiContainer).get() as SpatialSeries;
      expect(s).toBeInstanceOf(SpatialSeries);
      expect(s.name).toBe(name);
      expect(s.reference_frame).toBe(fields(dump, s.path).reference_frame);
    }
    expect([...beh.data_interfaces.keys()]).toEqual([
      'BehavioralEpochs',
      'BehavioralEvents',
      'BehavioralTimeSeries',
      'CompassDirection',
      'EyeTracking',
      'Position',
      'PupilTracking',
    ]);
    const running = (beh.get('BehavioralTimeSeries') as MultiContainer).get(
      'running_speed',
    ) as TimeSeries;
    expect(running.continuity).toBe('continuous');
  });

  it('reads epochs (tags, timeseries references), trials (custom columns) and custom intervals', () => {
    const ep = nwb.epochs as TimeIntervals;
    expect(ep).toBeInstanceOf(TimeIntervals);
    expect(Array.from(ep.startTimes())).toEqual(
      dump.tables['/intervals/epochs']?.columns.start_time,
    );
    expect(ep.column('tags').values()).toEqual(dump.tables['/intervals/epochs']?.columns.tags);
    expect(ep.row(0).timeseries).toEqual([
      {
        idx_start: 0,
        count: 5,
        timeseries: '/processing/behavior/BehavioralTimeSeries/running_speed',
      },
      { idx_start: 0, count: 5, timeseries: '/stimulus/presentation/stim' },
    ]);
    const tr = nwb.trials as TimeIntervals;
    expect(tr.column('correct').values()).toEqual([true, false, true]);
    expect(tr.column('rewards').values()).toEqual(
      dump.tables['/intervals/trials']?.columns.rewards,
    );
    expect([...nwb.intervals.keys()]).toEqual(['blinks', 'epochs', 'invalid_times', 'trials']);
    expect(Array.from(nwb.invalid_times?.stopTimes() ?? [])).toEqual([0.35]);
    const t = tr.toTable();
    expect(t.getChild('correct')?.toArray()).toEqual([true, false, true]);
  });
});

describe('sources and versions', () => {
  it('opens from bytes as in a browser, and tells versions apart', async () => {
    const { readFileSync } = await import('node:fs');
    const bytes = new Uint8Array(readFileSync(fixturePath('behavior.nwb')));
    const nwb = await openNwb(bytes, { name: 'behavior.nwb' });
    expect(nwb.identifier).toBe('oracle-behavior-0001');
    expect(nwb.filename).toBe('behavior.nwb');
    const ep = nwb.epochs as TimeIntervals;
    const ref = ep.column('timeseries').get(1) as {
      idx_start: number;
      count: number;
      timeseries: string;
    }[];
    const stamps = nwb.timeSeriesRefTimestamps(
      ref[0] as { idx_start: number; count: number; timeseries: string },
    );
    const all = (nwb.get(ref[0]?.timeseries ?? '') as TimeSeries).getTimestamps();
    expect(Array.from(stamps)).toEqual(Array.from(all.subarray(5, 11)));
    nwb.close();
    expect(await getNwbVersion(fixturePath('basic.nwb'))).toEqual({ version: '2.7.0', major: 2 });
    expect(await getNwbVersion(fixturePath('nwb1_celltypes.nwb'))).toEqual({
      version: 'NWB-1.0.5',
      major: 1,
    });
  });
});

describe('errors', () => {
  it('rejects HDF5 files that are not NWB and bytes that are not HDF5 with E_FORMAT', async () => {
    const { openH5 } = await import('@sdk/core');
    const h5 = await openH5(null, { mode: 'w' });
    h5.createGroup('/acquisition');
    const bytes = h5.toBytes();
    h5.close();
    await expect(openNwb(bytes, { name: 'plain.h5' })).rejects.toMatchObject({
      code: 'E_FORMAT',
      message: expect.stringMatching(/not an NWB file/),
    });
    await expect(openNwb(new Uint8Array([1, 2, 3, 4]), { name: 'junk.nwb' })).rejects.toMatchObject(
      { code: 'E_FORMAT' },
    );
    await expect(openNwb('/nonexistent/x.nwb')).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });
});

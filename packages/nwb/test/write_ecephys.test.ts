// Extracellular ephys written by the TS writer, read back by pynwb (values compared exactly, or
// rel 1e-12 for floats computed in both languages by the same steps) and checked by nwbinspector.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { cStrides, openH5 } from '@sdk/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createNwbFile,
  dataStream,
  ElectricalSeries,
  LFP,
  SpikeEventSeries,
  seededIdGenerator,
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

const N_RAW = 40_000;
const N_CH = 4;
const RATE = 30_000;

function rawSample(t: number, c: number): number {
  return ((t * 7 + c * 13) % 2001) - 1000;
}

async function* rawChunks(rowsPerChunk: number) {
  for (let t0 = 0; t0 < N_RAW; t0 += rowsPerChunk) {
    const n = Math.min(rowsPerChunk, N_RAW - t0);
    const data = new Int16Array(n * N_CH);
    for (let i = 0; i < n; i++)
      for (let c = 0; c < N_CH; c++) data[i * N_CH + c] = rawSample(t0 + i, c);
    yield { data, shape: [n, N_CH], strides: [N_CH, 1] };
  }
}

function build() {
  const nwb = createNwbFile({
    session_description: 'TS writer: extracellular ephys',
    identifier: 'ts-ecephys-0001',
    session_start_time: '2024-03-04T10:00:00-08:00',
    file_create_date: '2024-03-04T12:00:00-08:00',
    experimenter: ['Doe, Jane'],
    institution: 'Oracle Institute',
    subject: { subject_id: 'm1', species: 'Mus musculus', sex: 'F', age: 'P60D' },
  });
  const probe = nwb.createDevice({
    name: 'Probe',
    description: 'silicon probe',
    manufacturer: 'Oracle Probes',
  });
  const g0 = nwb.createElectrodeGroup({
    name: 'shank0',
    description: 'shank 0',
    location: 'CA1',
    device: probe,
    position: [1, 2.5, -3],
  });
  const g1 = nwb.createElectrodeGroup({
    name: 'shank1',
    description: 'shank 1',
    location: 'CA3',
    device: probe,
  });
  nwb.addElectrodeColumn({ name: 'depth_um', description: 'depth along the shank' });
  const depths = [100, 120, 300, 320];
  depths.forEach((d, i) => {
    nwb.addElectrode({
      group: i < 2 ? g0 : g1,
      location: i < 2 ? 'CA1' : 'CA3',
      x: i * 1.5,
      y: -i,
      z: 0.25,
      imp: 1e6 + i,
      filtering: 'none',
      depth_um: d,
    });
  });
  const all = nwb.createElectrodeTableRegion({
    region: [0, 1, 2, 3],
    description: 'all electrodes',
  });
  const raw = new ElectricalSeries({
    name: 'ElectricalSeries',
    description: 'raw voltage, streamed in chunks',
    data: dataStream(rawChunks(3000), {
      dtype: 'int16',
      innerShape: [N_CH],
      chunkRows: 4096,
      length: N_RAW,
    }),
    electrodes: all,
    rate: RATE,
    starting_time: 0.5,
    conversion: 1.95e-7,
    offset: -0.001,
    channel_conversion: Float32Array.from([1, 0.5, 2, 1.25]),
    filtering: '0.1-8000 Hz',
  });
  nwb.addAcquisition(raw);
  const lfpData = Float32Array.from({ length: 20 * 2 }, (_, i) => Math.fround(Math.sin(i) * 1e-4));
  const lfpTimes = Float64Array.from({ length: 20 }, (_, i) => i * 0.01 + (i % 3) * 0.001);
  const ecephys = nwb.createProcessingModule({
    name: 'ecephys',
    description: 'processed extracellular data',
  });
  const lfp = ecephys.add(new LFP());
  const lfpSeries = lfp.createElectricalSeries({
    name: 'lfp',
    description: 'lfp',
    data: { data: lfpData, shape: [20, 2], strides: [2, 1] },
    electrodes: nwb.createElectrodeTableRegion({ region: [0, 2], description: 'two channels' }),
    timestamps: lfpTimes,
  });
  const snippets = Float32Array.from({ length: 8 * 2 * 6 }, (_, i) => Math.fround((i % 11) * 1e-5));
  const spikeTimes = [0.1, 0.15, 0.2, 0.4, 0.45, 0.5, 0.9, 1.2];
  nwb.addAcquisition(
    new SpikeEventSeries({
      name: 'SpikeEventSeries',
      description: 'snippets',
      data: { data: snippets, shape: [8, 2, 6], strides: cStrides([8, 2, 6]) },
      timestamps: spikeTimes,
      electrodes: nwb.createElectrodeTableRegion({ region: [1, 3], description: 'spike channels' }),
    }),
  );
  const units = nwb.units;
  units.addColumn({ name: 'snr', description: 'signal to noise' });
  const unitRows = [
    {
      spike_times: [0.1, 0.2, 0.4],
      obs_intervals: [[0, 1.5]] as [number, number][],
      electrodes: [0, 1],
      electrode_group: g0,
      snr: 3.5,
    },
    {
      spike_times: [0.45],
      obs_intervals: [
        [0, 0.5],
        [0.8, 1.5],
      ] as [number, number][],
      electrodes: [2],
      electrode_group: g1,
      snr: 1.25,
    },
    {
      spike_times: [0.9, 1.2],
      obs_intervals: [[0.5, 1.5]] as [number, number][],
      electrodes: [2, 3],
      electrode_group: g1,
      snr: 7,
    },
  ];
  const waveforms = unitRows.map((u, k) =>
    u.spike_times.map((_, s) => u.electrodes.map((_, e) => [k, s * 0.5, e - 1])),
  );
  const means = unitRows.map((_, k) => [k * 1e-5, -k * 2e-5, 3e-5]);
  unitRows.forEach((u, k) => {
    nwb.addUnit({ ...u, waveform_mean: means[k], waveforms: waveforms[k] });
  });
  return {
    nwb,
    lfpData,
    lfpTimes,
    lfpSeries,
    snippets,
    spikeTimes,
    unitRows,
    waveforms,
    means,
    depths,
  };
}

// Python checks (pynwb, nwbinspector; the first run may create the venv) get 5 minutes.
describe('ecephys writer', { timeout: 300_000 }, () => {
  const dir = tempDir('ecephys');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'ts_ecephys.nwb');
  const b = build();

  const written = once(async () => {
    const res = await writeNwb(b.nwb, file, { idGenerator: seededIdGenerator(7) });
    publishForInterop(file);
    return res;
  });

  it('writes streamed, chunked and gzip-compressed raw data and the ecephys tables', async () => {
    const res = await written();
    expect(res.warnings).toEqual([]);
    const h5 = await openH5(file);
    try {
      const ds = h5.dataset('/acquisition/ElectricalSeries/data');
      expect(ds.shape).toEqual([N_RAW, N_CH]);
      expect(ds.maxshape).toEqual([null, N_CH]);
      expect(ds.chunks).toEqual([4096, N_CH]);
      expect(ds.filters.map((f) => f.name)).toContain('deflate');
      const tail = ds.read({ slice: [[N_RAW - 2, N_RAW]] }) as { data: Int16Array };
      expect(Array.from(tail.data)).toEqual(
        [N_RAW - 2, N_RAW - 1].flatMap((t) => [0, 1, 2, 3].map((c) => rawSample(t, c))),
      );
      expect(h5.dataset('/units/waveforms_index_index').dtypeName).toBe('uint8');
      expect(h5.dataset('/general/extracellular_ephys/shank0/position').dtypeName).toBe(
        '{x: float32, y: float32, z: float32}',
      );
    } finally {
      h5.close();
    }
  });

  it.skipIf(!HAS_VENV)(
    `pynwb reads back every value (${HAS_VENV ? 'venv' : SKIP_REASON})`,
    async () => {
      await written();
      const electrodes = '/general/extracellular_ephys/electrodes';
      const rawAll = Array.from({ length: N_RAW }, (_, t) =>
        [0, 1, 2, 3].map((c) => rawSample(t, c)),
      );
      const rawTimes = Array.from({ length: N_RAW }, (_, k) => k / RATE + 0.5);
      const expected = {
        root: { identifier: 'ts-ecephys-0001', session_start_time: '2024-03-04T10:00:00-08:00' },
        containers: {
          '/acquisition/ElectricalSeries': {
            neurodata_type: 'ElectricalSeries',
            fields: {
              data: rawAll,
              rate: RATE,
              starting_time: 0.5,
              conversion: 1.95e-7,
              offset: -0.001,
              unit: 'volts',
              filtering: '0.1-8000 Hz',
              channel_conversion: [1, 0.5, 2, 1.25],
              electrodes: { $ref: '/acquisition/ElectricalSeries/electrodes' },
            },
          },
          '/acquisition/ElectricalSeries/electrodes': {
            fields: {
              data: [0, 1, 2, 3],
              table: { $ref: electrodes },
              description: 'all electrodes',
            },
          },
          '/processing/ecephys/LFP/lfp': {
            fields: { data: nest(b.lfpData, [20, 2]), timestamps: nums(b.lfpTimes) },
          },
          '/processing/ecephys/LFP/lfp/electrodes': {
            fields: { data: [0, 2], table: { $ref: electrodes } },
          },
          '/acquisition/SpikeEventSeries': {
            neurodata_type: 'SpikeEventSeries',
            fields: { data: nest(b.snippets, [8, 2, 6]), timestamps: b.spikeTimes },
          },
          '/general/extracellular_ephys/shank0': {
            fields: {
              description: 'shank 0',
              location: 'CA1',
              device: { $ref: '/general/devices/Probe' },
              position: { x: 1, y: 2.5, z: -3 },
            },
          },
          '/general/devices/Probe': {
            fields: { description: 'silicon probe', manufacturer: 'Oracle Probes' },
          },
        },
        tables: {
          [electrodes]: {
            colnames: [
              'location',
              'group',
              'group_name',
              'depth_um',
              'x',
              'y',
              'z',
              'imp',
              'filtering',
            ],
            id: [0, 1, 2, 3],
            columns: {
              location: ['CA1', 'CA1', 'CA3', 'CA3'],
              group: [0, 0, 1, 1].map((g) => ({ $ref: `/general/extracellular_ephys/shank${g}` })),
              group_name: ['shank0', 'shank0', 'shank1', 'shank1'],
              depth_um: b.depths,
              x: [0, 1.5, 3, 4.5],
              imp: [1e6, 1e6 + 1, 1e6 + 2, 1e6 + 3],
            },
          },
          '/units': {
            colnames: [
              'snr',
              'spike_times',
              'obs_intervals',
              'electrodes',
              'electrode_group',
              'waveform_mean',
              'waveforms',
            ],
            id: [0, 1, 2],
            columns: {
              snr: b.unitRows.map((u) => u.snr),
              spike_times: b.unitRows.map((u) => u.spike_times),
              obs_intervals: b.unitRows.map((u) => u.obs_intervals),
              electrodes: b.unitRows.map((u) => u.electrodes),
              electrode_group: b.unitRows.map((u) => ({
                $ref: `/general/extracellular_ephys/${u.electrode_group.name}`,
              })),
              waveform_mean: b.means,
              waveforms: b.waveforms,
            },
          },
        },
        timeseries: {
          '/processing/ecephys/LFP/lfp': { timestamps: nums(b.lfpTimes) },
          '/acquisition/ElectricalSeries': { timestamps: rawTimes },
        },
        links: {
          '/general/extracellular_ephys/shank1/device': '/general/devices/Probe',
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

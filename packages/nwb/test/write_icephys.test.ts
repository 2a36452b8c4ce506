// Intracellular ephys written by the TS writer (patch-clamp series and the icephys metadata
// tables), read back by pynwb and checked by nwbinspector.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openH5 } from '@sdk/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CurrentClampSeries,
  CurrentClampStimulusSeries,
  createNwbFile,
  IZeroClampSeries,
  seededIdGenerator,
  VoltageClampSeries,
  VoltageClampStimulusSeries,
  writeNwb,
} from '../src/write/index.js';
import {
  HAS_VENV,
  nums,
  once,
  publishForInterop,
  runInterop,
  runReadback,
  SKIP_REASON,
  tempDir,
} from './write_support.js';

const N = 16;

function build() {
  const nwb = createNwbFile({
    session_description: 'TS writer: intracellular ephys',
    identifier: 'ts-icephys-0001',
    session_start_time: '2022-11-05T08:15:00+01:00',
    file_create_date: '2022-11-05T09:00:00+01:00',
    experimenter: ['Doe, Jane'],
    subject: { subject_id: 'c1', species: 'Mus musculus', sex: 'U', age: 'P30D' },
  });
  const amp = nwb.createDevice({ name: 'Amplifier', description: 'patch amplifier' });
  const elec = nwb.createIcephysElectrode({
    name: 'elec0',
    description: 'patch pipette',
    device: amp,
    cell_id: 'cell-1',
    filtering: '10 kHz Bessel',
    initial_access_resistance: '10 MOhm',
    location: 'VISp L5',
    resistance: '5 MOhm',
    seal: '1 GOhm',
    slice: 'slice 3',
  });
  const ramp = Float32Array.from({ length: N }, (_, i) => Math.fround(-0.07 + i * 0.001));
  const stimA = Float64Array.from({ length: N }, (_, i) => (i >= 4 && i < 12 ? 1e-10 : 0));
  const vcStim = Float64Array.from({ length: N }, (_, i) => (i >= 4 && i < 12 ? -0.06 : -0.07));
  const vcResp = Float64Array.from({ length: N }, (_, i) => Math.sin(i) * 1e-11);
  const ccss = new CurrentClampStimulusSeries({
    name: 'ccss',
    data: stimA,
    electrode: elec,
    rate: 10000,
    gain: 0.02,
    stimulus_description: 'square',
    sweep_number: 1,
  });
  const ccs = new CurrentClampSeries({
    name: 'ccs',
    data: ramp,
    electrode: elec,
    rate: 10000,
    gain: 0.02,
    stimulus_description: 'square',
    sweep_number: 1,
    bias_current: 1e-12,
    bridge_balance: 1e7,
    capacitance_compensation: 1e-12,
  });
  const vcss = new VoltageClampStimulusSeries({
    name: 'vcss',
    data: vcStim,
    electrode: elec,
    rate: 20000,
    gain: 1,
    sweep_number: 2,
  });
  const vcs = new VoltageClampSeries({
    name: 'vcs',
    data: vcResp,
    electrode: elec,
    rate: 20000,
    gain: 1e9,
    sweep_number: 2,
    capacitance_fast: 1e-12,
    capacitance_slow: 2e-12,
    resistance_comp_bandwidth: 1000,
    resistance_comp_correction: 70,
    resistance_comp_prediction: 60,
    whole_cell_capacitance_comp: 3e-12,
    whole_cell_series_resistance_comp: 1e7,
  });
  const izero = new IZeroClampSeries({
    name: 'izero',
    data: Float64Array.from(ramp),
    electrode: elec,
    rate: 10000,
    gain: 0.02,
    sweep_number: 3,
  });
  // the stimulus / acquisition series are added to the file by addIntracellularRecording
  const r0 = nwb.addIntracellularRecording({ electrode: elec, stimulus: ccss, response: ccs });
  const r1 = nwb.addIntracellularRecording({
    electrode: elec,
    stimulus: vcss,
    response: vcs,
    response_start_index: 2,
    response_index_count: 10,
  });
  const r2 = nwb.addIntracellularRecording({ electrode: elec, response: izero });
  const s0 = nwb.addIcephysSimultaneousRecording({ recordings: [r0, r1] });
  const s1 = nwb.addIcephysSimultaneousRecording({ recordings: [r2] });
  const q0 = nwb.addIcephysSequentialRecording({
    simultaneous_recordings: [s0, s1],
    stimulus_type: 'square',
  });
  const p0 = nwb.addIcephysRepetition({ sequential_recordings: [q0] });
  nwb.addIcephysExperimentalCondition({ repetitions: [p0] });
  return { nwb, ramp, stimA, vcStim, vcResp };
}

// Python checks (pynwb, nwbinspector; the first run may create the venv) get 5 minutes.
describe('icephys writer', { timeout: 300_000 }, () => {
  const dir = tempDir('icephys');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'ts_icephys.nwb');
  const b = build();

  const written = once(async () => {
    await writeNwb(b.nwb, file, { idGenerator: seededIdGenerator(3) });
    publishForInterop(file);
  });

  it('writes the patch-clamp series and icephys tables', async () => {
    await written();
    const h5 = await openH5(file);
    try {
      const resp = h5.dataset(
        '/general/intracellular_ephys/intracellular_recordings/responses/response',
      );
      expect(resp.dtypeName).toMatch(/^\{idx_start: int32, count: int32, timeseries: /);
      const stim = h5
        .dataset('/general/intracellular_ephys/intracellular_recordings/stimuli/stimulus')
        .readTable();
      expect(stim.toArray().map((r) => r.toJSON())).toEqual([
        { idx_start: 0, count: N, timeseries: '/stimulus/presentation/ccss' },
        { idx_start: 0, count: N, timeseries: '/stimulus/presentation/vcss' },
        { idx_start: -1, count: -1, timeseries: '/acquisition/izero' },
      ]);
      expect(h5.attrs.keys()).toContain('.specloc');
      expect(h5.get('/acquisition/ccs').attrs.get('sweep_number')).toBe(1);
    } finally {
      h5.close();
    }
  });

  it.skipIf(!HAS_VENV)(
    `pynwb reads back every value (${HAS_VENV ? 'venv' : SKIP_REASON})`,
    async () => {
      await written();
      const ic = '/general/intracellular_ephys';
      const ts = (p: string) => ({ $ref: p });
      const expected = {
        containers: {
          [`${ic}/elec0`]: {
            fields: {
              description: 'patch pipette',
              cell_id: 'cell-1',
              filtering: '10 kHz Bessel',
              initial_access_resistance: '10 MOhm',
              location: 'VISp L5',
              resistance: '5 MOhm',
              seal: '1 GOhm',
              slice: 'slice 3',
              device: { $ref: '/general/devices/Amplifier' },
            },
          },
          '/acquisition/ccs': {
            neurodata_type: 'CurrentClampSeries',
            fields: {
              data: nums(b.ramp),
              unit: 'volts',
              gain: 0.02,
              stimulus_description: 'square',
              sweep_number: 1,
              bias_current: 1e-12,
              bridge_balance: 1e7,
              capacitance_compensation: 1e-12,
              electrode: { $ref: `${ic}/elec0` },
            },
          },
          '/stimulus/presentation/ccss': {
            neurodata_type: 'CurrentClampStimulusSeries',
            fields: { data: nums(b.stimA), unit: 'amperes', sweep_number: 1 },
          },
          '/stimulus/presentation/vcss': {
            neurodata_type: 'VoltageClampStimulusSeries',
            fields: { data: nums(b.vcStim), unit: 'volts', stimulus_description: 'N/A' },
          },
          '/acquisition/vcs': {
            neurodata_type: 'VoltageClampSeries',
            fields: {
              data: nums(b.vcResp),
              unit: 'amperes',
              capacitance_fast: 1e-12,
              capacitance_slow: 2e-12,
              resistance_comp_bandwidth: 1000,
              resistance_comp_correction: 70,
              resistance_comp_prediction: 60,
              whole_cell_capacitance_comp: 3e-12,
              whole_cell_series_resistance_comp: 1e7,
            },
          },
          '/acquisition/izero': {
            neurodata_type: 'IZeroClampSeries',
            fields: {
              stimulus_description: 'N/A',
              bias_current: 0,
              bridge_balance: 0,
              capacitance_compensation: 0,
              sweep_number: 3,
            },
          },
        },
        tables: {
          [`${ic}/intracellular_recordings/electrodes`]: {
            id: [0, 1, 2],
            columns: { electrode: [0, 1, 2].map(() => ts(`${ic}/elec0`)) },
          },
          [`${ic}/intracellular_recordings/stimuli`]: {
            id: [0, 1, 2],
            columns: {
              stimulus: [
                [0, N, ts('/stimulus/presentation/ccss')],
                [0, N, ts('/stimulus/presentation/vcss')],
                [null, null, null], // pynwb masks the (-1, -1) 'no stimulus' row
              ],
            },
          },
          [`${ic}/intracellular_recordings/responses`]: {
            columns: {
              response: [
                [0, N, ts('/acquisition/ccs')],
                [2, 10, ts('/acquisition/vcs')],
                [0, N, ts('/acquisition/izero')],
              ],
            },
          },
          [`${ic}/simultaneous_recordings`]: {
            colnames: ['recordings'],
            id: [0, 1],
            columns: { recordings: [[0, 1], [2]] },
          },
          [`${ic}/sequential_recordings`]: {
            colnames: ['simultaneous_recordings', 'stimulus_type'],
            columns: { simultaneous_recordings: [[0, 1]], stimulus_type: ['square'] },
          },
          [`${ic}/repetitions`]: { columns: { sequential_recordings: [[0]] } },
          [`${ic}/experimental_conditions`]: { columns: { repetitions: [[0]] } },
        },
        timeseries: {
          '/acquisition/ccs': { timestamps: Array.from({ length: N }, (_, k) => k / 10000) },
        },
        types: { [`${ic}/intracellular_recordings`]: 'IntracellularRecordingsTable' },
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

// NWB 1.x reader against nwb1_celltypes.nwb (tooling/oracle/generators/nwb_v1.py): values as
// allensdk 2.16.2's NwbDataSet and h5py read them. All comparisons exact (stored values).
import { describe, expect, it } from 'vitest';
import { openNwb, openNwb1 } from '../src/index.js';
import { fixturePath, readFixtureJson } from './support/fixtures.js';

interface Series {
  ancestry: string[];
  neurodata_type: string;
  description: string;
  comments: string;
  source: string;
  unit: string;
  conversion: number;
  resolution: number;
  starting_time?: number;
  rate?: number;
  timestamps?: number[];
  num_samples?: number;
  data: unknown;
}

const want = readFixtureJson<{
  allensdk: {
    sweep_numbers: number[];
    sweeps: Record<
      string,
      {
        stimulus: number[];
        response: number[];
        index_range: number[];
        sampling_rate: number;
        stimulus_unit: string;
        metadata: Record<string, unknown>;
      }
    >;
    spike_times: Record<string, number[]>;
    pipeline_version: string;
  };
  series: Record<string, Series>;
  epochs: Record<
    string,
    {
      start_time: number;
      stop_time: number;
      description: string;
      tags: string[];
      timeseries: Record<string, { idx_start: number; count: number; path: string }>;
    }
  >;
  generated_by: string[];
}>('nwb1_celltypes.json');

describe('openNwb1', async () => {
  const nwb1 = await openNwb1(fixturePath('nwb1_celltypes.nwb'));

  it('reads root metadata and general', () => {
    expect(nwb1.nwb_version).toBe('NWB-1.0.5');
    expect(nwb1.identifier).toBe('oracle-nwb1-0001');
    expect(nwb1.session_start_time).toBe('2017-03-14T15:09:26.535897');
    expect(nwb1.general('session_type')).toBe('patch clamp');
    const gb = nwb1.generatedBy();
    expect(Object.entries(gb).flat()).toEqual(want.generated_by);
    expect(gb).toEqual({ pipeline: 'ivscc', version: '1.2.3' });
  });

  it('lists and reads every TimeSeries with its metadata (unscaled)', () => {
    expect(nwb1.timeSeriesPaths()).toEqual(Object.keys(want.series).sort());
    for (const [path, w] of Object.entries(want.series)) {
      const ts = nwb1.timeSeries(path);
      expect(ts.ancestry).toEqual(w.ancestry);
      expect(ts.neurodata_type).toBe(w.neurodata_type);
      expect(ts.description ?? null).toBe(w.description ?? null);
      expect(ts.comments ?? null).toBe(w.comments ?? null);
      expect(ts.source ?? null).toBe(w.source ?? null);
      expect(ts.unit ?? null).toBe(w.unit ?? null);
      expect(ts.conversion).toBe(w.conversion);
      if (Number.isNaN(w.resolution)) expect(ts.resolution).toBeNaN();
      else expect(ts.resolution).toBe(w.resolution);
      expect(ts.starting_time ?? null).toBe(w.starting_time ?? null);
      expect(ts.rate ?? null).toBe(w.rate ?? null);
      expect(ts.num_samples ?? null).toBe(w.num_samples ?? null);
      const data = ts.data?.readNumeric();
      expect(
        JSON.parse(
          JSON.stringify(
            data?.shape.length === 2
              ? [Array.from(data.data, Number).slice(0, 6), Array.from(data.data, Number).slice(6)]
              : Array.from(data?.data ?? [], Number),
          ),
        ),
      ).toEqual(w.data);
      if (w.timestamps)
        expect(Array.from(ts.timestamps?.readFloat64().data ?? [])).toEqual(w.timestamps);
    }
  });

  it('gives the sweeps allensdk NwbDataSet reads (stimulus, response, metadata, spike times)', () => {
    expect(nwb1.sweepNumbers()).toEqual(want.allensdk.sweep_numbers);
    for (const n of nwb1.sweepNumbers()) {
      const w = want.allensdk.sweeps[String(n)];
      const stim = nwb1.timeSeries(`stimulus/presentation/Sweep_${n}`);
      const resp = nwb1.timeSeries(`acquisition/timeseries/Sweep_${n}`);
      expect(Array.from(stim.data?.readFloat64().data ?? [])).toEqual(w?.stimulus);
      expect(Array.from(resp.data?.readFloat64().data ?? [])).toEqual(w?.response);
      expect(stim.rate).toBe(w?.sampling_rate);
      expect(stim.unit).toBe(w?.stimulus_unit);
      for (const [k, v] of Object.entries(w?.metadata ?? {})) {
        const got = nwb1.read(`stimulus/presentation/Sweep_${n}/${k}`);
        expect(got, k).toBe(v);
      }
      expect(Array.from(nwb1.spikeTimes(n))).toEqual(want.allensdk.spike_times[String(n)]);
    }
  });

  it('reads epochs with their member series', () => {
    const epochs = nwb1.epochs();
    expect(Object.fromEntries(epochs.map(({ name, ...rest }) => [name, rest]))).toEqual(
      want.epochs,
    );
  });

  it('gives generic access and clear errors', () => {
    expect(nwb1.list('/epochs/Sweep_4').map((c) => c.name)).toEqual([
      'description',
      'response',
      'start_time',
      'stimulus',
      'stop_time',
      'tags',
    ]);
    expect(nwb1.attrs('/acquisition/timeseries/Sweep_4').ancestry).toEqual([
      'TimeSeries',
      'PatchClampSeries',
      'CurrentClampSeries',
    ]);
    expect(() => nwb1.timeSeries('/epochs/Sweep_4')).toThrow(/not an NWB 1 TimeSeries/);
    expect(() => nwb1.timeSeries('/nope')).toThrow(
      expect.objectContaining({ code: 'E_NOT_FOUND' }),
    );
    expect(() => nwb1.objectsOfType('TimeSeries')).toThrow(
      expect.objectContaining({ code: 'E_UNSUPPORTED' }),
    );
  });

  it('openNwb rejects an NWB 1 file and openNwb1 an NWB 2 file, each naming the other', async () => {
    await expect(openNwb(fixturePath('nwb1_celltypes.nwb'))).rejects.toThrow(
      /NWB 1.x file.*use openNwb1/,
    );
    await expect(openNwb1(fixturePath('basic.nwb'))).rejects.toThrow(
      /NWB 2.7.0 file; use openNwb\b(?!1)/,
    );
  });
});

// NwbDataSet against allensdk 2.16.2 (NWB 1) and the spec's icephys rules on a pynwb file (NWB 2).
// Fixtures: tooling/oracle/generators/ephys_sweeps.py. Arrays are compared bit for bit (sha256 of
// the little-endian bytes, same dtype); index ranges, sweep numbers and metadata exactly.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isSdkError, openH5 } from '@sdk/core';
import { afterEach, describe, expect, it } from 'vitest';
import { extractorForNwbSweeps, meanFloat32, NwbDataSet } from '../src/index.js';
import { close } from './features-support.js';
import {
  expectArrayDigest,
  type Json,
  NWB1,
  NWB2,
  sweepsGolden,
  tempCopies,
} from './sweeps-support.js';

const golden = sweepsGolden();

async function expectSdkError(p: Promise<unknown> | (() => unknown), code: string): Promise<void> {
  let caught: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    caught = e;
  }
  expect(isSdkError(caught, code as never), String(caught)).toBe(true);
}

function expectSweepsMatch(ds: NwbDataSet, doc: Json): void {
  expect(ds.getSweepNumbers()).toEqual(doc.sweep_numbers);
  for (const n of doc.sweep_numbers as number[]) {
    const g = doc.sweeps[String(n)];
    for (const [mode, apply] of [
      ['unscaled', false],
      ['scaled', true],
    ] as const) {
      const s = ds.getSweep(n, { applyConversion: apply });
      const e = g[mode];
      expectArrayDigest(s.stimulus, e.stimulus, `sweep ${n} ${mode} stimulus`);
      expectArrayDigest(s.response, e.response, `sweep ${n} ${mode} response`);
      expect(s.stimulus_unit).toBe(e.stimulus_unit);
      expect(s.index_range).toEqual(e.index_range);
      expect(s.sampling_rate).toBe(e.sampling_rate);
    }
    expect(ds.getSweepMetadata(n)).toEqual(g.metadata);
    expect(Array.from(ds.getSpikeTimes(n))).toEqual(g.spike_times);
    expect(Array.from(ds.getSpikeTimes(n, { key: 'aibs_spike_times' }))).toEqual(
      g.spike_times_aibs_key,
    );
  }
}

describe('NwbDataSet, NWB 1 (allensdk NwbDataSet)', () => {
  it('reads sweep numbers in HDF5 name order, experiment sweeps and every sweep as allensdk', async () => {
    const ds = await NwbDataSet.open(NWB1);
    try {
      expect(ds.nwbMajorVersion).toBe(1);
      expect(ds.getExperimentSweepNumbers()).toEqual(golden.nwb1.experiment_sweep_numbers);
      expectSweepsMatch(ds, golden.nwb1);
      expect(ds.getSweepMetadata(99)).toEqual(golden.nwb1.metadata_missing_sweep);
    } finally {
      ds.close();
    }
  });

  it('decodes the pipeline version that allensdk misses under Python 3', async () => {
    const ds = await NwbDataSet.open(NWB1);
    // allensdk compares bytes with 'version', never matches, and returns (0, 0)
    expect(golden.nwb1.pipeline_version).toEqual([0, 0]);
    expect(ds.getPipelineVersion()).toEqual([1, 1]);
    ds.close();
  });

  it('is a SweepSource: extractorForNwbSweeps on it matches allensdk (1e-9; tau 1e-6 on sweep 10)', async () => {
    const ds = await NwbDataSet.open(NWB1);
    expect(ds.getSweep(2).response).toBeInstanceOf(Float32Array);
    const set = extractorForNwbSweeps(ds, [2, 10]);
    set.processSpikes();
    ds.close();
    set.sweeps().forEach((sweep, k) => {
      const g = golden.features[['2', '10'][k] as string];
      expect(sweep.start).toBe(g.start);
      expect(sweep.end).toBe(g.end);
      expect(sweep.spikeFeatureKeys()).toEqual(g.spikes.length ? g.columns : []);
      close(sweep.spikes(), g.spikes, 1e-9, `sweep ${k} spikes`);
      for (const key of ['v_baseline', 'sag', 'peak_deflect']) {
        close(sweep.sweepFeature(key), g.sweep[key], 1e-9, key);
      }
      if (k === 1) close(sweep.sweepFeature('tau'), g.sweep.tau, 1e-6, 'tau');
    });
  });

  it('names a missing sweep', async () => {
    const ds = await NwbDataSet.open(NWB1);
    await expectSdkError(() => ds.getSweep(7), 'E_NOT_FOUND');
    ds.close();
  });
});

describe('NwbDataSet, NWB 1 writes', () => {
  let tmp: ReturnType<typeof tempCopies> | undefined;
  afterEach(() => {
    tmp?.dispose();
    tmp = undefined;
  });

  it('set_sweep, set_spike_times and fill_sweep_responses leave what allensdk leaves', async () => {
    tmp = tempCopies({ 'edited.nwb': NWB1 });
    const file = tmp.path('edited.nwb');
    const ds = await NwbDataSet.open(file, { mode: 'r+' });
    const response = new Float64Array(12000);
    for (let k = 0; k < response.length; k++) response[k] = -0.065 + k * 1e-7;
    await ds.setSweep(2, { response });
    await ds.setSweep(10, { stimulus: new Float64Array(20000).fill(-1e-11) });
    await ds.setSpikeTimes(2, [0.11, 0.12, 0.13, 0.145]);
    await ds.setSpikeTimes(3, [0.01]);
    await ds.setSpikeTimes(10, [0.02, 0.03]);
    await ds.setSpikeTimes(1, [0.5]);
    await ds.fillSweepResponses({ fillValue: 0.25, sweepNumbers: [3], extendExperiment: true });
    await ds.fillSweepResponses({ fillValue: -0.5, sweepNumbers: [1] });
    const edits = golden.nwb1_edits;
    expectSweepsMatch(ds, edits);
    expect(Array.from(ds.getSpikeTimes(1, { key: 'my_key' }))).toEqual(edits.spike_times_my_key_1);
    ds.close();
    // raw HDF5 facts of what was written
    const h5 = await openH5(file);
    try {
      const st = h5.group('/analysis/spike_times');
      expect(st.attrs.get('neurodata_type')).toBe(edits.facts.spike_times_attrs.neurodata_type);
      for (const [name, f] of Object.entries(edits.facts.spike_datasets as Record<string, Json>)) {
        const d = st.dataset(name);
        expect(d.dtypeName).toBe(f.dtype);
        expect(d.shape).toEqual(f.shape);
        expect(d.maxshape).toEqual(f.maxshape);
      }
      expect(st.keys().sort()).toEqual(Object.keys(edits.facts.spike_datasets).sort());
      expect(Number(h5.dataset('/epochs/Experiment_3/stimulus/count').read())).toBe(
        edits.facts.experiment_3_count,
      );
      expect(Number(h5.dataset('/epochs/Experiment_2/stimulus/count').read())).toBe(
        edits.facts.experiment_2_count,
      );
    } finally {
      h5.close();
    }
  });

  it('runs concurrent edits one after the other', async () => {
    tmp = tempCopies({ 'conc.nwb': NWB1 });
    const ds = await NwbDataSet.open(tmp.path('conc.nwb'), { mode: 'r+' });
    await Promise.all([ds.setSpikeTimes(3, [0.01]), ds.setSpikeTimes(10, [0.02, 0.03])]);
    expect(Array.from(ds.getSpikeTimes(3))).toEqual([0.01]);
    expect(Array.from(ds.getSpikeTimes(10))).toEqual([0.02, 0.03]);
    ds.close();
  });

  it('update() commits several edits with one copy', async () => {
    tmp = tempCopies({ 'batch.nwb': NWB1 });
    const ds = await NwbDataSet.open(tmp.path('batch.nwb'), { mode: 'r+' });
    await ds.update((e) => {
      e.setSpikeTimes(3, [0.01]);
      e.setSpikeTimes(10, [0.02, 0.03]);
    });
    expect(Array.from(ds.getSpikeTimes(3))).toEqual([0.01]);
    expect(Array.from(ds.getSpikeTimes(10))).toEqual([0.02, 0.03]);
    ds.close();
  });

  it('a failed edit leaves the file untouched and no temp file behind', async () => {
    tmp = tempCopies({ 'keep.nwb': NWB1 });
    const file = tmp.path('keep.nwb');
    const before = createHash('sha256').update(readFileSync(file)).digest('hex');
    const ds = await NwbDataSet.open(file, { mode: 'r+' });
    // the first edit succeeds on the copy, the second fails: neither reaches the file
    await expectSdkError(
      ds.update((e) => {
        e.setSpikeTimes(3, [0.5]);
        e.setSweep(2, { response: new Float64Array(17501) });
      }),
      'E_VALIDATION',
    );
    await expectSdkError(ds.setSweep(42, { response: [0] }), 'E_NOT_FOUND');
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(before);
    expect(readdirSync(tmp.dir)).toEqual(['keep.nwb']);
    // still readable after the failures
    expect(Array.from(ds.getSpikeTimes(3))).toEqual([]);
    ds.close();
  });

  it('replaces a non-resizable spike-time dataset only when the length is unchanged', async () => {
    tmp = tempCopies({ 'fixed.nwb': NWB1 });
    const file = tmp.path('fixed.nwb');
    const h5 = await openH5(file, { mode: 'a' });
    h5.createDataset('/analysis/spike_times/Sweep_3', { data: new Float64Array([0.1, 0.2]) });
    h5.close();
    const ds = await NwbDataSet.open(file, { mode: 'r+' });
    await ds.setSpikeTimes(3, [0.3, 0.4]);
    expect(Array.from(ds.getSpikeTimes(3))).toEqual([0.3, 0.4]);
    await expectSdkError(ds.setSpikeTimes(3, [0.3]), 'E_UNSUPPORTED');
    expect(Array.from(ds.getSpikeTimes(3))).toEqual([0.3, 0.4]);
    ds.close();
  });

  it('refuses writes on a read-only data set', async () => {
    const ds = await NwbDataSet.open(NWB1);
    await expectSdkError(ds.setSpikeTimes(2, [0.1]), 'E_VALIDATION');
    ds.close();
  });

  it('edits a data set opened from bytes in memory', async () => {
    const bytes = new Uint8Array(readFileSync(NWB1));
    const ds = await NwbDataSet.open(bytes, { mode: 'r+', name: 'cell.nwb' });
    await ds.setSpikeTimes(3, [0.25, 0.5]);
    expect(Array.from(ds.getSpikeTimes(3))).toEqual([0.25, 0.5]);
    expect(ds.bytes).not.toBe(bytes);
    const again = await NwbDataSet.open(ds.bytes as Uint8Array);
    expect(Array.from(again.getSpikeTimes(3))).toEqual([0.25, 0.5]);
    again.close();
    ds.close();
  });
});

describe('NwbDataSet, NWB 2 icephys (spec §1, pynwb-written file)', () => {
  it('reads sweeps: data · conversion as float64, units, test-pulse / NaN-padding index range', async () => {
    expect(existsSync(NWB2)).toBe(true);
    const ds = await NwbDataSet.open(NWB2);
    try {
      expect(ds.nwbMajorVersion).toBe(2);
      const doc = golden.nwb2;
      expect(ds.getSweepNumbers()).toEqual(doc.sweep_numbers);
      for (const n of doc.sweep_numbers as number[]) {
        const e = doc.sweeps[String(n)];
        const s = ds.getSweep(n);
        expectArrayDigest(s.stimulus, e.stimulus, `sweep ${n} stimulus`);
        expectArrayDigest(s.response, e.response, `sweep ${n} response`);
        expect(s.stimulus_unit).toBe(e.stimulus_unit);
        expect(s.sampling_rate).toBe(e.sampling_rate);
        expect(s.index_range).toEqual(e.index_range);
        expect(ds.getSweepMetadata(n)).toEqual(e.metadata);
        expect(ds.getSpikeTimes(n).length).toBe(0);
      }
      await expectSdkError(() => ds.getExperimentSweepNumbers(), 'E_UNSUPPORTED');
      await expectSdkError(() => ds.getSweep(3), 'E_NOT_FOUND');
    } finally {
      ds.close();
    }
  });

  it('refuses writes', async () => {
    const ds = await NwbDataSet.open(NWB2, { mode: 'r+' });
    await expectSdkError(ds.setSpikeTimes(0, [0.1]), 'E_UNSUPPORTED');
    ds.close();
  });
});

describe('meanFloat32 (numpy float32 mean, used for float32 sweeps)', () => {
  it('equals numpy bit for bit', () => {
    for (const c of golden.float32_means as Json[]) {
      const x = new Float32Array(c.n);
      for (let k = 0; k < c.n; k++) x[k] = ((k * 7919) % 1000) / 37 - 65;
      expect(meanFloat32(x), `n = ${c.n}`).toBe(c.mean);
      if (c.slice_2_n !== null) expect(meanFloat32(x, 2), `n = ${c.n} [2:]`).toBe(c.slice_2_n);
    }
    expect(meanFloat32(new Float32Array(3), 2, 2)).toBeNaN();
  });
});

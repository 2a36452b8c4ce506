import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { openNwb1 } from '@sdk/nwb';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ALL_ACTIVE_TYPE,
  blockMeanDownsample,
  formatG,
  loadBiophysicalDescription,
  manifestPath,
  nwb1SweepSource,
  PERISOMATIC_TYPE,
  recordedToResponse,
  runBiophysical,
  simulationSamplingRate,
  stimulusToNanoamps,
  sweepHoc,
} from '../src/index.js';
import {
  FIXTURES,
  f64,
  golden,
  HAS_NEURON,
  HAS_SHARED,
  modelDir,
  NRNIV,
  NRNIVMODL,
  SHARED,
} from './biophysical-support.js';

if (!HAS_NEURON) {
  console.warn(
    'biophysical runs skipped: NEURON (nrniv, nrnivmodl) not found — `pip install neuron==9.0.2` or set NRNIV_BIN',
  );
}

const scratch = mkdtempSync(join(tmpdir(), 'sdk-biophys-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('biophysical helpers vs allensdk', () => {
  it("formatG equals Python '%g'", () => {
    for (const [x, s] of golden.format_g) expect(formatG(x), String(x)).toBe(s);
  });

  it('simulation rate is lcm(stimulus rate, 40 kHz) (spec KATs)', () => {
    expect(simulationSamplingRate(200000)).toBe(200000);
    expect(simulationSamplingRate(50000)).toBe(200000);
    expect(simulationSamplingRate(10000)).toBe(40000);
    expect(() => simulationSamplingRate(12.5)).toThrow(/integer/);
  });

  it('block means use the real samples of the last block', () => {
    expect([...blockMeanDownsample([1, 2, 3, 4, 5, 6, 7, 8, 9], 4, 10)]).toEqual([2.5, 6.5, 9]);
    expect([...blockMeanDownsample([1, 2, 3, 4, 5, 6, 7, 8, 9], 4, 2)]).toEqual([2.5, 6.5]);
    expect([...recordedToResponse(Float64Array.from([-70, -72]), 200000, 200000, 2, -14)]).toEqual([
      (-70 + 14) * 1e-3,
      (-72 + 14) * 1e-3,
    ]);
  });

  it('float32 stimuli are converted to nA in float32, as numpy does', () => {
    const a = Float32Array.from([1.2345e-10, -3.3e-11]);
    const nA = stimulusToNanoamps(a);
    expect(nA[0]).toBe(Math.fround((a[0] as number) * 1e9));
    expect(stimulusToNanoamps(Float64Array.from([1.2345e-10]))[0]).toBe(1.2345e-10 * 1e9);
  });

  for (const id of Object.keys(golden.descriptions)) {
    it.skipIf(!HAS_SHARED)(`loads real model ${id} as load_description does`, async () => {
      const g = golden.descriptions[id]!;
      for (const axon of ['truncated', 'stub'] as const) {
        const d = await loadBiophysicalDescription(join(SHARED, id, 'manifest.json'), {
          axonType: axon,
        });
        expect(d.data).toEqual(g.data[axon]);
        for (const [key, rel] of Object.entries(g.paths)) {
          expect(relative(d.baseDir, manifestPath(d, key, resolve)), key).toBe(rel);
        }
      }
    });
  }

  it.skipIf(!HAS_SHARED)('generates hoc for both model types from the real fits', async () => {
    const peri = await loadBiophysicalDescription(join(SHARED, '472450023', 'manifest.json'));
    const base = {
      axonType: 'truncated' as const,
      morphologyPath: '/m/cell.swc',
      stimulusPath: '/w/s.f64',
      stimulusLength: 11,
      stimulusHz: 50000,
      simulationHz: 200000,
      voltagePath: '/w/v.f64',
      spikesPath: '/w/sp.f64',
    };
    const hoc = sweepHoc(peri, { ...base, modelType: PERISOMATIC_TYPE });
    // '%g' values as allensdk formats them; Ra and e_pas at full precision.
    expect(hoc).toContain('forsec "soma" { gbar_NaTs = 0.262919 }');
    expect(hoc).toContain('forsec "soma" { cm = 2.20759 }');
    expect(hoc).toContain('forall { Ra = 294.577379958  insert pas  e_pas = -80.97549438476562 }');
    expect(hoc).toContain('connect axon[0](0), soma[0](0.5)');
    expect(hoc).toContain('tstop = 0.2');
    expect(hoc).toContain('dt = 0.005');
    const aa = await loadBiophysicalDescription(join(SHARED, '497232312', 'manifest.json'));
    const aaHoc = sweepHoc(aa, { ...base, modelType: ALL_ACTIVE_TYPE });
    expect(aaHoc).toContain('connect axon[0](0), soma[0](1)');
    // all-active values are float(value) at full precision; the section array guards the entry.
    expect(aaHoc).toContain('forall { if (issection("soma\\[.*")) { g_pas = 0.00000222118 } }');
    expect(aaHoc).toContain('v_init = -90');
    const stub = sweepHoc(aa, { ...base, modelType: ALL_ACTIVE_TYPE, axonType: 'stub' });
    expect(stub).toContain('connect axon[0](0), soma[0](0.5)');
    expect(() =>
      sweepHoc(peri, { ...base, modelType: PERISOMATIC_TYPE, morphologyPath: '/m/c.asc' }),
    ).toThrow(/filetype/);
  });

  it('reads the stimulus of the Allen-layout NWB 1 file', async () => {
    const src = await nwb1SweepSource(join(FIXTURES, 'stimulus.nwb'));
    try {
      const s = await src.getSweep(5);
      expect(s.sampling_rate).toBe(50000);
      expect(s.stimulus).toBeInstanceOf(Float32Array);
      expect(s.stimulus.length).toBe(golden.cases.perisomatic!.sweeps['5']!.stimulus_length);
      expect(await src.getStimulusName?.(5)).toBe('Long Square');
      expect(() => src.getSweep(99)).toThrow(/no sweep 99/);
    } finally {
      src.close();
    }
  });
});

// Same NEURON build, same dt, same statements: the traces agree to the last bits in practice.
// Tolerance 1e-9 mV absolute on raw voltages (1e-12 V on responses) leaves room only for
// floating-point summation-order differences.
const RAW_TOL = 1e-9;
const RESPONSE_TOL = 1e-12;

describe('biophysical goldens', () => {
  it('hold spike trains, single spikes and subthreshold sweeps', () => {
    const counts = Object.values(golden.cases).flatMap((c) =>
      Object.values(c.sweeps).map((s) => f64(s.feature_spike_times_s).length),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(5);
    expect(counts.filter((n) => n === 1).length).toBeGreaterThan(0);
    expect(counts.filter((n) => n === 0).length).toBeGreaterThan(0);
  });
});

describe.skipIf(!HAS_NEURON || !HAS_SHARED)('nrniv runs vs allensdk runner on NEURON', () => {
  for (const [name, c] of Object.entries(golden.cases)) {
    it(`${name}: voltages and spike times equal allensdk's`, async () => {
      const d = modelDir(scratch, name, c.model_id, c.fit);
      const progress: number[] = [];
      const results = await runBiophysical({
        manifestFile: join(d, 'manifest.json'),
        axonType: c.axon_type,
        concurrency: 2,
        nrniv: NRNIV!,
        nrnivmodl: NRNIVMODL!,
        spikeThreshold: golden.spike_threshold,
        keepRawVoltage: true,
        onProgress: (e) => progress.push(e.done),
      });
      expect(results.map((r) => r.sweep)).toEqual(Object.keys(c.sweeps).map(Number));
      expect(progress.sort()).toEqual(results.map((_, i) => i + 1));
      for (const r of results) {
        const g = c.sweeps[String(r.sweep)]!;
        expect(r.stimulusHz).toBe(g.stimulus_hz);
        expect(r.simulationHz).toBe(g.simulation_hz);
        if (g.raw_v_mV) {
          const raw = f64(g.raw_v_mV);
          expect(r.rawVoltage?.length).toBe(raw.length);
          let worst = 0;
          raw.forEach((x, i) => {
            worst = Math.max(worst, Math.abs(x - (r.rawVoltage![i] as number)));
          });
          expect(worst, `sweep ${r.sweep} raw`).toBeLessThanOrEqual(RAW_TOL);
        }
        const resp = f64(g.response_V);
        expect(r.v.length).toBe(resp.length);
        let worst = 0;
        resp.forEach((x, i) => {
          worst = Math.max(worst, Math.abs(x - (r.v[i] as number)));
        });
        expect(worst, `sweep ${r.sweep} response`).toBeLessThanOrEqual(RESPONSE_TOL);
        // NetCon crossing times: NEURON's own ms values, converted to s.
        expect([...r.netconSpikeTimes]).toEqual([...f64(g.spike_times_ms)].map((s) => s * 1e-3));
        // save_nwb's spike times (sweep-feature threshold_t): exact.
        expect(r.featureError, `sweep ${r.sweep}`).toBeUndefined();
        expect([...r.spikeTimes]).toEqual([...f64(g.feature_spike_times_s)]);
      }
      // The NWB 1 output (work/stimulus.nwb) holds what allensdk's save_nwb stores: the
      // response in the file's float32 and the spike times.
      const out = await openNwb1(join(d, 'work', 'stimulus.nwb'));
      try {
        for (const r of results) {
          const g = c.sweeps[String(r.sweep)]!;
          const data = out
            .dataset(`/epochs/Sweep_${r.sweep}/response/timeseries/data`)
            .readFloat64();
          expect([...data.data]).toEqual([...f64(g.saved_response)]);
          expect([...out.spikeTimes(r.sweep)]).toEqual([...f64(g.feature_spike_times_s)]);
        }
      } finally {
        out.close();
      }
    }, 240000);
  }

  it('reports a missing nrniv clearly', async () => {
    const c = golden.cases.perisomatic!;
    const d = modelDir(scratch, 'perisomatic', c.model_id, c.fit, 'missing-nrniv');
    await expect(
      runBiophysical({
        manifestFile: join(d, 'manifest.json'),
        nrniv: join(scratch, 'no-such-nrniv'),
        nrnivmodl: NRNIVMODL!,
        sweeps: [6],
      }),
    ).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
      message: expect.stringMatching(/install NEURON/),
    });
  }, 120000);
});

// simulateNeuronNwb against allensdk 2.16.2's simulate_neuron on the same NWB 1 fixture and GLIF
// config (tooling/oracle/generators/ephys_sweeps.py). The output file's responses are float32 as
// stored and must be equal bit for bit; spike times 1e-12 relative (the GLIF tests' tolerance:
// the interpolation is the same float64 arithmetic).
import { existsSync, readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { GlifNeuron, NwbDataSet, simulateNeuronNwb } from '../src/index.js';
import { readFixture } from './glif-support.js';
import { NWB1, sweepsGolden, tempCopies } from './sweeps-support.js';

const golden = sweepsGolden();
const RTOL = 1e-12;

interface GlifSynthetic {
  cases: Record<string, { config: Record<string, unknown> }>;
}

function float32FromZ(z: string): Float32Array {
  const raw = inflateSync(Buffer.from(z, 'base64'));
  const copy = new Uint8Array(raw.byteLength);
  copy.set(raw);
  return new Float32Array(copy.buffer);
}

describe('simulateNeuronNwb (allensdk simulate_neuron)', () => {
  let tmp: ReturnType<typeof tempCopies> | undefined;
  afterEach(() => {
    tmp?.dispose();
    tmp = undefined;
  });

  it('writes the same responses and spike times into a copy of the input', async () => {
    const sim = golden.simulate;
    const config = readFixture<GlifSynthetic>('synthetic.json').cases[sim.case]?.config;
    const neuron = GlifNeuron.fromConfig(config);
    tmp = tempCopies({ 'in.nwb': NWB1 });
    const out = tmp.path('out.nwb');
    const progress: number[] = [];
    const results = await simulateNeuronNwb(neuron, sim.sweeps, tmp.path('in.nwb'), out, {
      spikeCutValue: sim.spike_cut_value,
      onProgress: (p) => progress.push(p.done),
    });
    expect([...results.keys()]).toEqual(sim.sweeps);
    expect(progress).toEqual([1, 2]);
    expect(existsSync(out)).toBe(true);
    const ds = await NwbDataSet.open(out);
    try {
      for (const n of sim.sweeps as number[]) {
        const e = sim.results[String(n)];
        const s = ds.getSweep(n);
        expect(s.response).toBeInstanceOf(Float32Array);
        const expected = float32FromZ(e.response.z);
        expect(s.response.length).toBe(e.response.n);
        expect(
          Buffer.from(new Uint8Array(s.response.buffer)).equals(Buffer.from(expected.buffer)),
        ).toBe(true);
        const times = ds.getSpikeTimes(n);
        expect(times.length).toBe(e.spike_times.length);
        times.forEach((t, k) => {
          const x = e.spike_times[k] as number;
          expect(Math.abs(t - x)).toBeLessThanOrEqual(RTOL * Math.abs(x));
        });
      }
      // sweeps not simulated keep the input's data
      const inDs = await NwbDataSet.open(NWB1);
      expect(Array.from(ds.getSweep(3).response)).toEqual(Array.from(inDs.getSweep(3).response));
      inDs.close();
    } finally {
      ds.close();
    }
    // the input is left as it was
    expect(readFileSync(tmp.path('in.nwb')).equals(readFileSync(NWB1))).toBe(true);
  });

  it('stops at an aborted signal without touching the input', async () => {
    const config = readFixture<GlifSynthetic>('synthetic.json').cases.lif?.config;
    tmp = tempCopies({ 'in.nwb': NWB1 });
    const controller = new AbortController();
    controller.abort();
    await expect(
      simulateNeuronNwb(
        GlifNeuron.fromConfig(config),
        [2],
        tmp.path('in.nwb'),
        tmp.path('in.nwb'),
        {
          signal: controller.signal,
        },
      ),
    ).rejects.toThrow();
    expect(readFileSync(tmp.path('in.nwb')).equals(readFileSync(NWB1))).toBe(true);
  });
});

// GLIF LIF-R-ASC-A on a 10 s stimulus at 200 kHz (2e6 steps), against allensdk GlifNeuron.run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GlifNeuron } from '@sdk/ephys';
import { readF64 } from './_io.mjs';

export default {
  description: 'GLIF5 LIF-R-ASC-A run, 10 s at 200 kHz (2e6 steps)',
  goal: '>= 100x',
  repeats: 3,
  async setup(workdir) {
    const config = JSON.parse(readFileSync(join(workdir, 'config.json'), 'utf8'));
    const expected = JSON.parse(readFileSync(join(workdir, 'expected.json'), 'utf8'));
    const stim = readF64(workdir, 'stim.f64');
    const neuron = GlifNeuron.fromConfig(config);
    neuron.dt = expected.dt;
    const out = neuron.run(stim);
    const steps = Array.from(out.spike_time_steps);
    if (
      steps.length !== expected.spike_time_steps.length ||
      steps.some((s, k) => s !== expected.spike_time_steps[k])
    )
      throw new Error(
        `glif: spike steps differ (${steps.length} vs ${expected.spike_time_steps.length})`,
      );
    if (steps.length === 0) throw new Error('glif: no spikes');
    const t0 = out.interpolated_spike_times[0];
    const e0 = expected.interpolated_spike_times[0];
    if (!(Math.abs(t0 - e0) <= 1e-9 * Math.abs(e0)))
      throw new Error(`glif: first spike time ${t0} vs ${e0}`);
    for (const [k, e] of Object.entries(expected.probe)) {
      const a = out.voltage[Number(k)];
      if (!(Math.abs(a - e) <= 1e-9 * Math.abs(e)) && !(Number.isNaN(a) && e === null))
        throw new Error(`glif: voltage[${k}] ${a} vs ${e}`);
    }
    return { neuron, stim };
  },
  run({ neuron, stim }) {
    neuron.run(stim);
  },
};

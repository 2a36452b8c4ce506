import { it, expect } from 'vitest';
import { GlifNeuron } from '../src/index.js';
it('kat', () => {
  const neuron = GlifNeuron.fromConfig({
      El: 0, dt: 5e-5, R_input: 1e8, C: 1e-10, th_inf: 0.02, th_adapt: null, spike_cut_length: 0,
      asc_tau_array: [], asc_amp_array: [], init_AScurrents: [], init_voltage: 0, init_threshold: 0.02, coeffs: {},
      AScurrent_dynamics_method: { name: 'none', params: {} },
      voltage_dynamics_method: { name: 'linear_forward_euler', params: {} },
      threshold_dynamics_method: { name: 'inf', params: {} },
      AScurrent_reset_method: { name: 'none', params: {} },
      voltage_reset_method: { name: 'zero', params: {} },
      threshold_reset_method: { name: 'inf', params: {} },
  });
  const r = neuron.run(new Float64Array(2000).fill(3e-10));
  console.log(Array.from(r.spike_time_steps));
  const cfg = JSON.parse(require('fs').readFileSync('/work/shared/data/cell-types/glif/566283540/neuron_config.json','utf8'));
  const n = GlifNeuron.fromConfig(cfg);
  const stim = new Float64Array(2_000_000).fill(2.5e-10);
  let t = performance.now();
  const out = n.run(stim);
  t = performance.now() - t;
  console.log('steps/s', 2e6 / (t/1000), out.spike_time_steps.length);
});

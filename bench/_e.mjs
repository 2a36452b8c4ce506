import { EphysSweepFeatureExtractor } from '@sdk/ephys';
import { readFileSync } from 'node:fs';
const rd = (n) => { const b = readFileSync('/tmp/ef/' + n); return new Float64Array(b.buffer, b.byteOffset, b.length / 8).slice(); };
const t = rd('t.f64'), v = rd('v.f64'), i = rd('i.f64');
function features() {
  const ext = new EphysSweepFeatureExtractor({ t, v, i, start: 0.5, end: 2.5 });
  ext.processSpikes();
  const sweep = {};
  for (const k of ['v_baseline', 'stim_amp', 'peak_deflect']) sweep[k] = ext.sweepFeature(k);
  return { ext, sweep, spikes: ext.spikes() };
}
for (let r = 0; r < 20; r++) features();
const N = Number(process.argv[2] ?? 50);
const t0 = performance.now();
for (let r = 0; r < N; r++) features();
console.log('per run ms', ((performance.now() - t0) / N).toFixed(2));
const f0 = process.resourceUsage().minorPageFault;
for (let r = 0; r < 100; r++) features();
console.log('faults per run', (process.resourceUsage().minorPageFault - f0) / 100);

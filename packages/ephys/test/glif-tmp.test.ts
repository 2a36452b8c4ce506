import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { GlifNeuron } from '../src/index.js';
it('bench', () => {
  const best: Record<string, number> = {};
  const stim = new Float64Array(1_000_000);
  for (let i = 0; i < stim.length; i++) stim[i] = 2.5e-10 * (1 + 0.5 * Math.sin(i / 1000));
  for (let rep = 0; rep < 5; rep++) for (const id of ['486557295','486558431','485904755','486052403','566283540']) {
    const cfg = JSON.parse(readFileSync(`/work/shared/data/cell-types/glif/${id}/neuron_config.json`,'utf8'));
    const n = GlifNeuron.fromConfig(cfg);
    let c = process.cpuUsage();
    n.run(stim);
    const u = process.cpuUsage(c); const t = (u.user + u.system) / 1000;
    best[id] = Math.max(best[id] ?? 0, 1 / (t / 1000));
  }
  console.log(Object.entries(best).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(' | '));
});

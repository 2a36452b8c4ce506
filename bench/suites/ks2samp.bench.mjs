// ks_2samp on 10^5 vs 10^5 samples (asymptotic mode), against scipy.stats.ks_2samp 1.10.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as signal from '@sdk/signal';
import { readF64 } from './_io.mjs';

export default {
  description: 'ks_2samp 1e5 vs 1e5 (two-sided, asymptotic)',
  goal: '>= 1x',
  repeats: 7,
  async setup(workdir) {
    const { ks2samp } = signal;
    const a = readF64(workdir, 'a.f64');
    const b = readF64(workdir, 'b.f64');
    const expected = JSON.parse(readFileSync(join(workdir, 'expected.json'), 'utf8'));
    const r = ks2samp(a, b);
    const rel = Math.abs(r.pvalue - expected.pvalue) / Math.abs(expected.pvalue);
    if (r.statistic !== expected.statistic || !(rel <= 1e-9)) {
      throw new Error(`ks2samp mismatch: ${JSON.stringify(r)} vs ${JSON.stringify(expected)}`);
    }
    return { ks2samp, a, b };
  },
  run({ ks2samp, a, b }) {
    ks2samp(a, b);
  },
};

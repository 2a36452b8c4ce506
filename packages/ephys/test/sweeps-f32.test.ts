// Cell-level features of float32 sweeps (as NwbDataSet returns Allen NWB 1 data) against allensdk
// 2.16.2 on the same data (tooling/oracle/generators/ephys_sweeps_f32.py): numpy keeps v and i in
// float32 and averages them with float32 pairwise sums. Values 1e-9 relative; tau (curve_fit) 1e-6.
import { readFileSync } from 'node:fs';
import { parsePythonJson } from '@sdk/core';
import { describe, it } from 'vitest';
import { extractCellFeatures, type SweepSource } from '../src/index.js';
import { closeWithFitKeys, fixture, type Json, syntheticSweep } from './features-support.js';
import { SWEEP_FIXTURES } from './sweeps-support.js';

const REL = 1e-9;
const FIT_REL = 1e-6;
const doc = parsePythonJson(readFileSync(new URL('cell_f32.json', SWEEP_FIXTURES), 'utf8'), {
  file: 'cell_f32.json',
}) as Json;

function float32DataSet(): SweepSource {
  const traces = fixture('traces.json');
  const byNumber = new Map<number, string>();
  for (const [name, sw] of Object.entries(traces.sweeps as Record<string, Json>)) {
    if (sw.number !== null) byNumber.set(sw.number, name);
  }
  return {
    getSweep(n: number) {
      const name = byNumber.get(n);
      if (!name) throw new Error(`no sweep ${n}`);
      const s = syntheticSweep(name);
      return {
        response: Float32Array.from(s.codes, (c) => c * (1e-3 / 64)),
        stimulus: Float32Array.from(s.i as Float64Array, (x) => x * 1e-12),
        sampling_rate: traces.hz,
        index_range: [doc.index_range_start, s.codes.length - 1] as const,
      };
    },
  };
}

const byType = doc.sweeps_by_type as Record<string, number[]>;

describe('float32 sweeps (Allen NWB 1 data)', () => {
  it('extract_cell_features', () => {
    const cf = extractCellFeatures(
      float32DataSet(),
      byType.Ramp ?? [],
      byType['Short Square'] ?? [],
      byType['Long Square'] ?? [],
    );
    closeWithFitKeys(cf, doc.cell_features.value, REL, FIT_REL, ['tau']);
  });
});

// Issue #7's GLIF acceptance: the five real Cell Types models (GLIF1–5) on a step, a ramp and a
// seeded numpy noise stimulus at dt 5e-5 and 5e-6, every sample against allensdk 2.16.2
// (fixture: tooling/oracle/generators/ephys_glif_matrix.py).
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GlifNeuron } from '../src/index.js';
import {
  type B64,
  buildStimulus,
  expectRunMatches,
  FIXTURES,
  type FullOutput,
  f64,
  GLIF_DATA,
  HAS_GLIF_DATA,
  readRealConfig,
  type Segment,
} from './glif-support.js';

// Tolerance: relative 1e-12 of each array's largest magnitude (the issue asks 1e-9; the TS follows
// allensdk's float64 operation order, so it holds far tighter). Spike steps exactly.
const RTOL = 1e-12;

type StimulusKind = 'step' | 'ramp' | 'noise';
type NoiseDescription = ['numpy_noise', number, number];

interface MatrixFixture {
  steps: Record<string, number>;
  noise: Record<string, { seed: number; z: B64 }>;
  models: Record<
    string,
    {
      label: string;
      runs: Record<
        string,
        Record<StimulusKind, { stimulus: Segment[] | NoiseDescription; output: FullOutput }>
      >;
    }
  >;
}

const fixture = JSON.parse(
  gunzipSync(readFileSync(new URL('matrix.json.gz', FIXTURES))).toString('utf8'),
) as MatrixFixture;

const DTS = ['5e-05', '5e-06'] as const;
const KINDS: StimulusKind[] = ['step', 'ramp', 'noise'];
const ids = Object.keys(fixture.models);

function isNoise(d: Segment[] | NoiseDescription): d is NoiseDescription {
  return d[0] === 'numpy_noise';
}

function stimulusOf(description: Segment[] | NoiseDescription, dtKey: string): Float64Array {
  if (!isNoise(description)) return buildStimulus(description);
  const [, mean, amp] = description;
  const z = f64(fixture.noise[dtKey]!.z);
  // numpy's `mean + amp * z`: one multiply and one add per sample, the same float64 rounding
  return z.map((x) => mean + amp * x);
}

describe('GLIF acceptance matrix: 5 real models × {step, ramp, noise} × dt {5e-5, 5e-6} vs allensdk 2.16.2', () => {
  it('the fixture holds every combination', () => {
    expect(ids.length).toBe(5);
    for (const id of ids) {
      expect(Object.keys(fixture.models[id]!.runs).sort()).toEqual([...DTS]);
      for (const dt of DTS)
        expect(Object.keys(fixture.models[id]!.runs[dt]!).sort()).toEqual([
          'noise',
          'ramp',
          'step',
        ]);
    }
  });

  describe.each(ids)('model %s', (id) => {
    const model = fixture.models[id]!;
    const present = HAS_GLIF_DATA && existsSync(new URL(`${id}/neuron_config.json`, GLIF_DATA));
    const cases = DTS.flatMap((dt) => KINDS.map((kind) => [dt, kind] as const));

    it.skipIf(!present).each(cases)(
      `${model.label}: dt %s, %s stimulus, every sample`,
      (dt, kind) => {
        const run = model.runs[dt]![kind];
        const neuron = GlifNeuron.fromConfig(readRealConfig(id), {
          file: `${id}/neuron_config.json`,
        });
        neuron.dt = Number(dt);
        const stimulus = stimulusOf(run.stimulus, dt);
        expect(stimulus.length).toBe(fixture.steps[dt]);
        const result = neuron.run(stimulus);
        expect(result.spike_time_steps.length).toBeGreaterThan(0);
        expectRunMatches(result, run.output, RTOL, `${id} dt ${dt} ${kind}`);
      },
    );
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type GlifEphysSweep,
  GlifNeuron,
  glifLevelOfConfig,
  glifLevelOfTemplate,
  glifSimulationSweepNumbers,
} from '../src/index.js';
import {
  buildStimulus,
  expectClose,
  expectRunMatches,
  expectSpikesMatch,
  type FullOutput,
  f64,
  GLIF_DATA,
  HAS_GLIF_DATA,
  readFixture,
  readRealConfig,
  type Segment,
  type SummaryOutput,
  strided,
} from './glif-support.js';

// Tolerance: relative 1e-12 of each array's largest magnitude (same float64 operation order as
// allensdk; Math.exp may differ from numpy's exp in the last bit).
const RTOL = 1e-12;

interface RealFixture {
  models: Record<
    string,
    {
      label: string;
      simulated_sweeps: number[];
      short: { segments: Segment[]; output: FullOutput };
      long: { segments: Segment[]; output: SummaryOutput };
    }
  >;
}

const fixture = readFixture<RealFixture>('real.json');
const ids = Object.keys(fixture.models);

describe('real Cell Types GLIF models (GLIF1–5) vs allensdk 2.16.2', () => {
  it('the fixture covers the five levels', () => {
    expect(ids.length).toBe(5);
  });

  describe.each(ids)('model %s', (id) => {
    const model = fixture.models[id]!;
    const present = HAS_GLIF_DATA && existsSync(new URL(`${id}/neuron_config.json`, GLIF_DATA));

    it.skipIf(!present)(`${model.label}: short run, every sample`, () => {
      const neuron = GlifNeuron.fromConfig(readRealConfig(id), {
        file: `${id}/neuron_config.json`,
      });
      const result = neuron.run(buildStimulus(model.short.segments));
      expect(result.spike_time_steps.length).toBeGreaterThan(0);
      expectRunMatches(result, model.short.output, RTOL, `${id} short`);
    });

    it.skipIf(!present)(
      `${model.label}: simulate_neuron's sweep selection (no Test sweeps)`,
      () => {
        const sweeps = JSON.parse(
          readFileSync(new URL(`${id}/ephys_sweeps.json`, GLIF_DATA), 'utf8'),
        ) as GlifEphysSweep[];
        expect(glifSimulationSweepNumbers(sweeps)).toEqual(model.simulated_sweeps);
        expect(model.simulated_sweeps.length).toBeLessThan(sweeps.length);
      },
    );

    it.skipIf(!present)(
      `${model.label}: its level from the template id and from the methods`,
      () => {
        const metadata = JSON.parse(
          readFileSync(new URL(`${id}/model_metadata.json`, GLIF_DATA), 'utf8'),
        ) as { neuronal_model_template_id: number; name: string };
        const byTemplate = glifLevelOfTemplate(metadata.neuronal_model_template_id);
        expect(byTemplate).toBeDefined();
        expect(glifLevelOfConfig(readRealConfig(id))).toBe(byTemplate);
        // model names start with the level number and contain the short name, e.g. "5 LIF-R-ASC-A"
        expect(metadata.name.startsWith(`${byTemplate!.level} `)).toBe(true);
        expect(metadata.name).toContain(`(${byTemplate!.name})`);
        expect(model.label).toBe(`GLIF${byTemplate!.level} ${byTemplate!.name}`);
      },
    );

    it.skipIf(!present)(`${model.label}: long noisy run, spikes and sampled traces`, () => {
      const neuron = GlifNeuron.fromConfig(readRealConfig(id));
      const result = neuron.run(buildStimulus(model.long.segments));
      const exp = model.long.output;
      expect(Array.from(result.spike_time_steps)).toEqual(exp.spike_time_steps);
      expectSpikesMatch(result, exp, RTOL, `${id} long`);
      const nAsc = exp.AScurrents_shape[1];
      expectClose(
        strided(result.voltage, exp.stride),
        f64(exp.voltage),
        RTOL,
        `${id} long voltage`,
      );
      expectClose(
        strided(result.threshold, exp.stride),
        f64(exp.threshold),
        RTOL,
        `${id} long threshold`,
      );
      expectClose(
        strided(result.AScurrents.data, exp.stride, nAsc),
        f64(exp.AScurrents),
        RTOL,
        `${id} long AScurrents`,
      );
      const nanCount = (a: Float64Array) => a.reduce((n, x) => n + (Number.isNaN(x) ? 1 : 0), 0);
      expect(nanCount(result.voltage)).toBe(exp.nan_count.voltage);
      expect(nanCount(result.threshold)).toBe(exp.nan_count.threshold);
      expect(nanCount(result.AScurrents.data)).toBe(exp.nan_count.AScurrents);
      const nansum = (a: Float64Array) => a.reduce((s, x) => (Number.isNaN(x) ? s : s + x), 0);
      // summation order differs from numpy's pairwise nansum: relative 1e-9
      expect(Math.abs(nansum(result.voltage) - exp.nansum.voltage)).toBeLessThan(
        1e-9 * Math.abs(exp.nansum.voltage),
      );
      expect(Math.abs(nansum(result.threshold) - exp.nansum.threshold)).toBeLessThan(
        1e-9 * Math.abs(exp.nansum.threshold),
      );
    });
  });
});

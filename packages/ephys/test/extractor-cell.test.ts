// extract_cell_features / extract_sweep_features / the cell extractor against allensdk 2.16.2 on a
// fake NwbDataSet of synthetic sweeps (ramp, short squares, long squares at 50 kHz; see
// tooling/oracle/generators/ephys_features.py). Values 1e-9 relative; tau (curve_fit) 1e-6.
import { describe, expect, it } from 'vitest';
import {
  EphysSweepSetFeatureExtractor,
  extractCellFeatures,
  extractorForNwbSweeps,
  extractSweepFeatures,
  FeatureError,
  fitFiSlope,
  inputResistance,
  type SweepSource,
} from '../src/index.js';
import { closeWithFitKeys, fixture, type Json, syntheticSweep } from './features-support.js';

const REL = 1e-9;
const FIT_REL = 1e-6;
const doc = fixture('cell.json');

function fakeDataSet(): SweepSource {
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
        response: s.codes.map((c) => c * (1e-3 / 64)),
        stimulus: (s.i as Float64Array).map((x) => x * 1e-12),
        sampling_rate: traces.hz,
        index_range: [doc.index_range_start, s.codes.length - 1] as const,
      };
    },
  };
}

const ds = fakeDataSet();
const byType = doc.sweeps_by_type as Record<string, number[]>;

describe('extractCellFeatures', () => {
  it('matches allensdk extract_cell_features', () => {
    const cf = extractCellFeatures(
      ds,
      byType.Ramp ?? [],
      byType['Short Square'] ?? [],
      byType['Long Square'] ?? [],
    );
    closeWithFitKeys(cf, doc.cell_features.value, REL, FIT_REL, ['tau']);
    // the branches this data set exercises
    expect(
      doc.cell_features.value.long_squares.subthreshold_membrane_property_sweeps.length,
    ).toBeGreaterThan(1);
    expect(doc.cell_features.value.long_squares.hero_sweep.id).not.toBe(
      doc.cell_features.value.long_squares.rheobase_sweep.id,
    );
  });

  it('honours subthreshMinAmp', () => {
    const cf = extractCellFeatures(
      ds,
      byType.Ramp ?? [],
      byType['Short Square'] ?? [],
      byType['Long Square'] ?? [],
      {
        subthreshMinAmp: -120,
      },
    );
    const exp = doc.cell_features_min_amp_120.value;
    closeWithFitKeys(
      {
        input_resistance: cf.long_squares.input_resistance,
        tau: cf.long_squares.tau,
        subthreshold_membrane_property_sweeps:
          cf.long_squares.subthreshold_membrane_property_sweeps,
      },
      exp,
      REL,
      FIT_REL,
      ['tau'],
    );
  });

  it('needs every stimulus type', () => {
    expect(doc.errors.no_ramps).toBe('FeatureError');
    expect(() => extractCellFeatures(ds, [], [40], [10])).toThrow(FeatureError);
  });
});

describe('extractSweepFeatures', () => {
  it('matches allensdk extract_sweep_features', () => {
    const sf = extractSweepFeatures(ds, byType);
    closeWithFitKeys(sf, doc.sweep_features, REL, FIT_REL, ['tau']);
  });
});

describe('sweep-set helpers', () => {
  it('input resistance of an ideal resistor and the f-I slope of a line', () => {
    const n = 1000;
    const t = Float64Array.from({ length: n }, (_, k) => k * 5e-6);
    const ext = new EphysSweepSetFeatureExtractor({
      tSet: [t, t],
      vSet: [new Float64Array(n).fill(-5), new Float64Array(n).fill(-10)],
      iSet: [new Float64Array(n).fill(-50), new Float64Array(n).fill(-100)],
    });
    // allensdk test_extractor_input_resistance: 100 MΩ
    expect(inputResistance(ext)).toBeCloseTo(100, 9);
    expect(() =>
      fitFiSlope(EphysSweepSetFeatureExtractor.fromSweeps(ext.sweeps().slice(0, 1))),
    ).toThrow(FeatureError);
  });

  it('rejects mismatched sets', () => {
    const t = new Float64Array(10);
    expect(() => new EphysSweepSetFeatureExtractor({ tSet: [t, t], vSet: [t] })).toThrow(
      /same number/,
    );
    expect(
      () => new EphysSweepSetFeatureExtractor({ tSet: [t], vSet: [t], idSet: [1, 2] }),
    ).toThrow(/same number/);
  });

  it('reads float32 sweeps as allensdk does (float32 products)', () => {
    const src: SweepSource = {
      getSweep: () => ({
        response: Float32Array.from([-0.0701, -0.0702]),
        stimulus: Float32Array.from([1.5e-10, 0]),
        sampling_rate: 50000,
        index_range: [0, 1],
      }),
    };
    const s = extractorForNwbSweeps(src, [3]).sweeps()[0];
    expect(s?.v[0]).toBe(Math.fround(Math.fround(-0.0701) * 1000));
    expect(s?.i?.[0]).toBe(Math.fround(Math.fround(1.5e-10) * Math.fround(1e12)));
    expect(s?.id).toBe(3);
  });
});

import { readFileSync } from 'node:fs';
import { isSdkError, parseNpy } from '@sdk/core';
import { describe, expect, it } from 'vitest';
import {
  type AScurrentDynamicsFn,
  dynamicsVoltageLinearExact,
  GLIF_METHOD_LIBRARY,
  type GlifCustomMethods,
  GlifNeuron,
  type GlifSweepSink,
  glifLevelOfConfig,
  glifLevelOfTemplate,
  interpolateSpikeTime,
  interpolateSpikeValue,
  lineCrossingX,
  lineCrossingY,
  maxOfLineAndConst,
  minOfLineAndZero,
  npSum,
  simulateNeuron,
  simulateSweep,
  spikeComponentOfThresholdExact,
  spikeComponentOfThresholdForwardEuler,
  type VoltageResetFn,
  voltageComponentOfThresholdExact,
  voltageComponentOfThresholdForwardEuler,
} from '../src/index.js';
import {
  type B64,
  buildStimulus,
  expectClose,
  expectRunMatches,
  FIXTURES,
  type FullOutput,
  f64,
  readFixture,
  type Segment,
} from './glif-support.js';

// Tolerance: relative 1e-12 of each array's largest magnitude. The TS code follows allensdk's
// float64 operation order exactly; the only differences come from Math.exp vs numpy's exp, which
// may differ in the last bit.
const RTOL = 1e-12;

interface SyntheticCase {
  config: Record<string, unknown>;
  segments: Segment[];
  n_steps: number;
  output: FullOutput;
  run_dt?: number;
  custom?: Record<string, { name: string; params: Record<string, unknown> }>;
  threshold_components?: { spike: B64; voltage: B64 };
}

interface SyntheticFixture {
  cases: Record<string, SyntheticCase>;
  simulate: {
    config: Record<string, unknown>;
    spike_cut_value: number;
    sweeps: {
      sweep_number: number;
      sampling_rate: number;
      segments: Segment[];
      response: B64;
      spike_times: B64;
    }[];
  };
  np_sum: { values: B64; sum: number }[];
  utilities: Record<string, [number[], number][]>;
}

const fixture = readFixture<SyntheticFixture>('synthetic.json');

/** The custom functions the generator configured with `configure_method`. */
const resetVoltageGain: VoltageResetFn = (_neuron, v1, params) =>
  (params.gain as number) * v1 + (params.offset as number);
const CUSTOM: GlifCustomMethods = {
  voltage_dynamics_method: { linear_exact: dynamicsVoltageLinearExact },
  voltage_reset_method: { v_gain: resetVoltageGain },
};

function neuronFor(c: SyntheticCase): GlifNeuron {
  const config = structuredClone(c.config);
  for (const [key, method] of Object.entries(c.custom ?? {})) config[key] = method;
  const neuron = GlifNeuron.fromConfig(config, { methods: CUSTOM });
  if (c.run_dt !== undefined) neuron.dt = c.run_dt;
  return neuron;
}

describe('GlifNeuron.run vs allensdk 2.16.2 (synthetic configs, one per method combination)', () => {
  const names = Object.keys(fixture.cases);
  it('covers every built-in method of the library', () => {
    const used = new Set<string>();
    for (const c of Object.values(fixture.cases)) {
      for (const type of Object.keys(GLIF_METHOD_LIBRARY)) {
        used.add(`${type}:${(c.config[type] as { name: string }).name}`);
      }
    }
    for (const [type, methods] of Object.entries(GLIF_METHOD_LIBRARY)) {
      for (const name of Object.keys(methods)) expect(used).toContain(`${type}:${name}`);
    }
  });

  it('rebuilds the stimulus of the generator bit for bit (np.save of one case)', () => {
    const npy = parseNpy(readFileSync(new URL('lif_r_asc_a_stimulus.npy', FIXTURES)));
    expect(npy.dtype).toBe('<f8');
    expect(Array.from(buildStimulus(fixture.cases.lif_r_asc_a!.segments))).toEqual(
      Array.from(npy.data as Float64Array),
    );
  });

  it('the five level method sets are among the cases', () => {
    const levels = names.map((n) => glifLevelOfConfig(fixture.cases[n]!.config)?.level);
    for (const l of [1, 2, 3, 4, 5]) expect(levels).toContain(l);
    expect(glifLevelOfConfig(fixture.cases.lif_r_asc_a!.config)?.template_id).toBe(395310498);
    expect(glifLevelOfTemplate(1)).toBeUndefined();
  });

  it.each(names)('%s', (name) => {
    const c = fixture.cases[name]!;
    const stim = buildStimulus(c.segments);
    expect(stim.length).toBe(c.n_steps);
    const neuron = neuronFor(c);
    const result = neuron.run(stim, {
      recordThresholdComponents: c.threshold_components !== undefined,
    });
    expect(result.spike_time_steps.length).toBeGreaterThanOrEqual(1);
    expectRunMatches(result, c.output, RTOL, name);
    if (c.threshold_components) {
      const tcs = neuron.thresholdComponents!;
      expectClose(
        tcs.spikeHistory!,
        f64(c.threshold_components.spike),
        RTOL,
        `${name}: spike components`,
      );
      expectClose(
        tcs.voltageHistory!,
        f64(c.threshold_components.voltage),
        RTOL,
        `${name}: voltage components`,
      );
      // without recording only the last entries are kept, and the run is the same
      const again = neuron.run(stim);
      expect(neuron.thresholdComponents!.spikeHistory).toBeNull();
      expect(neuron.thresholdComponents!.length).toBe(tcs.length);
      expect(Array.from(again.voltage)).toEqual(Array.from(result.voltage));
    }
  });

  it('stops 5 samples after a bad reset (voltage reset above threshold)', () => {
    const c = fixture.cases.bad_reset!;
    const result = neuronFor(c).run(buildStimulus(c.segments));
    const steps = result.spike_time_steps;
    // the cut is NaN, the reset value is written after it and on 5 more samples, then NaN
    const last = steps[steps.length - 1]!;
    const L = c.config.spike_cut_length as number;
    const after = result.voltage.subarray(last + L, last + L + 7);
    for (let i = 0; i < 6; i++) expect(after[i]).toBe(after[0]);
    expect(after[6]).toBeNaN();
    expect(result.voltage[result.voltage.length - 1]).toBeNaN();
  });

  it('runs a neuron twice with the same result (history cleared per run)', () => {
    const c = fixture.cases.lif_r_asc_a!;
    const neuron = neuronFor(c);
    const stim = buildStimulus(c.segments);
    const a = neuron.run(stim);
    const b = neuron.run(stim);
    expect(Array.from(b.threshold)).toEqual(Array.from(a.threshold));
  });
});

describe('custom methods (configure_method)', () => {
  it('assigning configureMethod results to the slots equals naming them in the config', () => {
    const c = fixture.cases.custom_methods!;
    const neuron = GlifNeuron.fromConfig(c.config);
    neuron.voltage_dynamics_method = GlifNeuron.configureMethod(
      'linear_exact',
      dynamicsVoltageLinearExact,
      {},
    );
    neuron.voltage_reset_method = GlifNeuron.configureMethod('v_gain', resetVoltageGain, {
      gain: 0.5,
      offset: 0.004,
    });
    expectRunMatches(neuron.run(buildStimulus(c.segments)), c.output, RTOL, 'custom via slots');
    expect(neuron.toDict().voltage_reset_method).toEqual({
      name: 'v_gain',
      params: { gain: 0.5, offset: 0.004 },
    });
  });

  it('a custom AScurrent rule may return its own array', () => {
    const c = fixture.cases.lif_r_asc!;
    const allocating: AScurrentDynamicsFn = (neuron, asc0) =>
      asc0.map((a, i) => a * Math.exp(-neuron.k[i]! * neuron.dt));
    const neuron = GlifNeuron.fromConfig(c.config);
    neuron.AScurrent_dynamics_method = GlifNeuron.configureMethod('exp_alloc', allocating);
    expectRunMatches(neuron.run(buildStimulus(c.segments)), c.output, RTOL, 'allocating exp');
  });

  it('modifyParameter changes the bound parameter used by the next run', () => {
    const c = fixture.cases.lif_r!;
    const neuron = GlifNeuron.fromConfig(c.config);
    const stim = buildStimulus(c.segments);
    const before = neuron.run(stim);
    expect(neuron.voltage_reset_method.modifyParameter('b', (b) => (b as number) * 2)).toBe(0.01);
    expect(neuron.voltage_reset_method.params.b).toBe(0.01);
    const after = neuron.run(stim);
    const k = before.spike_time_steps[0]! + (c.config.spike_cut_length as number);
    expect(after.voltage[k]! - before.voltage[k]!).toBeCloseTo(0.005, 15);
  });

  it('call() appends the bound params', () => {
    const neuron = GlifNeuron.fromConfig(fixture.cases.lif_r!.config);
    expect(neuron.voltage_reset_method.call(neuron, 0.01)).toBe(0.6 * 0.01 + 0.005);
  });
});

describe('settable dt and simulateSweep / simulateNeuron', () => {
  it('simulateNeuron sets dt = 1 / sampling_rate per sweep and replaces NaN by spike_cut_value', async () => {
    const sim = fixture.simulate;
    const neuron = GlifNeuron.fromConfig(sim.config);
    const sweeps = new Map(sim.sweeps.map((s) => [s.sweep_number, s]));
    const written = new Map<number, { response?: Float64Array; spikes?: Float64Array }>();
    const sink: GlifSweepSink = {
      setSweep(n, { response }) {
        written.set(n, { ...written.get(n), response });
      },
      setSpikeTimes(n, spikes) {
        written.set(n, { ...written.get(n), spikes });
      },
    };
    const progress: number[] = [];
    const results = await simulateNeuron(
      neuron,
      {
        sweepNumbers: [...sweeps.keys()],
        getSweep: async (n) => {
          const s = sweeps.get(n)!;
          return { stimulus: buildStimulus(s.segments), sampling_rate: s.sampling_rate };
        },
      },
      { sink, spikeCutValue: sim.spike_cut_value, onProgress: (e) => progress.push(e.done) },
    );
    expect(progress).toEqual([1, 2]);
    for (const s of sim.sweeps) {
      const got = written.get(s.sweep_number)!;
      expectClose(got.response!, f64(s.response), RTOL, `sweep ${s.sweep_number} response`);
      expectClose(got.spikes!, f64(s.spike_times), RTOL, `sweep ${s.sweep_number} spike times`);
      expect(got.response!.some(Number.isNaN)).toBe(false);
      expect(results.get(s.sweep_number)!.voltage).toBe(got.response);
    }
    expect(neuron.dt).toBe(1 / 200000);
  });

  it('simulateSweep replaces NaN in place', () => {
    const c = fixture.cases.lif!;
    const neuron = GlifNeuron.fromConfig(c.config);
    const data = simulateSweep(neuron, buildStimulus(c.segments), 0.05);
    const expected = f64(c.output.voltage).map((v) => (Number.isNaN(v) ? 0.05 : v));
    expectClose(data.voltage, expected, RTOL, 'voltage');
  });

  it('simulateNeuron honours an aborted signal', async () => {
    const neuron = GlifNeuron.fromConfig(fixture.cases.lif!.config);
    const controller = new AbortController();
    controller.abort();
    await expect(
      simulateNeuron(
        neuron,
        { sweepNumbers: [1], getSweep: () => ({ stimulus: [0], samplingRate: 1e4 }) },
        {
          signal: controller.signal,
        },
      ),
    ).rejects.toThrow();
  });
});

describe('config validation', () => {
  const base = fixture.cases.lif_r_asc_a!.config;

  function expectInvalid(config: unknown, path: RegExp, message?: RegExp): void {
    let caught: unknown;
    try {
      GlifNeuron.fromConfig(config, { file: 'neuron_config.json' });
    } catch (error) {
      caught = error;
    }
    expect(isSdkError(caught, 'E_VALIDATION'), String(caught)).toBe(true);
    const err = caught as { path?: string; file?: string; message: string };
    expect(err.path).toMatch(path);
    expect(err.file).toBe('neuron_config.json');
    if (message) expect(err.message).toMatch(message);
  }

  it('accepts the API form {"<id>": {...}} and the bare object alike', () => {
    const stim = buildStimulus(fixture.cases.lif_r_asc_a!.segments);
    const a = GlifNeuron.fromConfig({ 566283540: base }).run(stim);
    const b = GlifNeuron.fromConfig(base).run(stim);
    expect(Array.from(a.voltage)).toEqual(Array.from(b.voltage));
  });

  it('names the missing or mistyped field', () => {
    const { R_input: _r, ...noR } = base;
    expectInvalid(noR, /^\$\.R_input$/, /missing required field "R_input"/);
    expectInvalid({ 42: noR }, /^\$\["42"\]\.R_input$/);
    expectInvalid(
      { 42: { ...base, voltage_reset_method: { name: 'v_before', params: { a: 1 } } } },
      /^\$\["42"\]\.voltage_reset_method\.params\.b$/,
    );
    expectInvalid({ ...base, C: '1e-10' }, /^\$\.C$/, /finite number/);
    expectInvalid({ ...base, dt: 0 }, /^\$\.dt$/, /> 0/);
    expectInvalid({ ...base, spike_cut_length: 2.5 }, /^\$\.spike_cut_length$/);
    expectInvalid(
      { ...base, asc_tau_array: [0.01] },
      /^\$\.asc_amp_array$/,
      /2 elements but "asc_tau_array" has 1/,
    );
    expectInvalid({ ...base, init_AScurrents: [0, 0, 0] }, /^\$\.init_AScurrents$/);
    expectInvalid({ ...base, asc_amp_array: [1e-10, null] }, /^\$\.asc_amp_array\[1\]$/);
    expectInvalid({ ...base, coeffs: { asc_amp_array: [1, 1, 1] } }, /^\$\.coeffs\.asc_amp_array$/);
    expectInvalid([], /.*/);
  });

  it('lists every failing field (zod schema through parseWithSchema)', () => {
    let caught: unknown;
    try {
      GlifNeuron.fromConfig(
        { 7: { ...base, asc_tau_array: [0.01], C: Number.POSITIVE_INFINITY } },
        { file: 'cfg.json' },
      );
    } catch (error) {
      caught = error;
    }
    const err = caught as { issues?: { path: string; message: string }[]; message: string };
    expect(err.issues?.map((i) => i.path)).toEqual(['$["7"].C']);
    expect(err.message).toBe('cfg.json: $["7"].C: "C" must be a finite number, got Infinity');
    try {
      GlifNeuron.fromConfig({ ...base, asc_tau_array: [0.01] }, { file: 'cfg.json' });
    } catch (error) {
      caught = error;
    }
    expect((caught as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
      '$.asc_amp_array',
      '$.init_AScurrents',
      '$.coeffs.asc_amp_array',
    ]);
  });

  it('checks method names and params against the library', () => {
    expectInvalid(
      { ...base, voltage_dynamics_method: { name: 'forward_euler_linear', params: {} } },
      /^\$\.voltage_dynamics_method\.name$/,
      /unknown voltage_dynamics_method "forward_euler_linear" \(known: linear_forward_euler\)/,
    );
    expectInvalid(
      { ...base, voltage_reset_method: { name: 'v_before' } },
      /^\$\.voltage_reset_method\.params$/,
    );
    expectInvalid(
      { ...base, voltage_reset_method: { name: 'v_before', params: { a: 1 } } },
      /^\$\.voltage_reset_method\.params\.b$/,
      /needs parameter "b"/,
    );
    expectInvalid(
      { ...base, voltage_reset_method: { name: 'zero', params: { a: 1 } } },
      /^\$\.voltage_reset_method\.params\.a$/,
      /has no parameter "a"/,
    );
    expectInvalid(
      { ...base, AScurrent_reset_method: { name: 'sum', params: { r: [1, 1, 1] } } },
      /^\$\.AScurrent_reset_method\.params\.r$/,
    );
  });

  it('three_components reset without recorded components is an error at the first spike', () => {
    const c = fixture.cases.lif!;
    const config = {
      ...c.config,
      threshold_reset_method: { name: 'three_components', params: { a_spike: 0.001, b_spike: 10 } },
    };
    const neuron = GlifNeuron.fromConfig(config);
    expect(() => neuron.run(buildStimulus(c.segments))).toThrow(/threshold components/);
  });

  it('run rejects a non-finite stimulus sample or a bad dt', () => {
    const neuron = GlifNeuron.fromConfig(fixture.cases.lif!.config);
    expect(() => neuron.run([0, 1e-10, Number.NaN])).toThrow(/stimulus sample 2/);
    neuron.dt = 0;
    expect(() => neuron.run([0])).toThrow(/dt must be a positive/);
  });

  it('dynamics() and reset() are the single steps of run()', () => {
    const c = fixture.cases.lif_r_asc!;
    const neuron = GlifNeuron.fromConfig(c.config);
    const stim = buildStimulus(c.segments);
    const out = neuron.run(stim);
    neuron.thresholdComponents = null;
    const [v1, th1, asc1] = neuron.dynamics(
      neuron.init_voltage,
      neuron.init_threshold,
      neuron.init_AScurrents,
      stim[0]!,
      0,
      [],
    );
    expect(v1).toBe(out.voltage[0]);
    expect(th1).toBe(out.threshold[0]);
    expect(Array.from(asc1)).toEqual(Array.from(out.AScurrents.data.subarray(0, 2)));
    const [v, th, asc, bad] = neuron.reset(0.02, th1, asc1);
    expect(v).toBe(0.6 * 0.02 + 0.005);
    expect(th).toBeGreaterThan(v);
    expect(asc.length).toBe(2);
    expect(bad).toBe(false);
    const badNeuron = GlifNeuron.fromConfig(fixture.cases.bad_reset!.config);
    badNeuron.dynamics(0, 0.02, [0, 0], 0, 0, []);
    expect(badNeuron.reset(0.03, 0.02, [0, 0])[3]).toBe(true);
  });

  it('configureLibraryMethod rejects an unknown method type', () => {
    expect(() =>
      GlifNeuron.configureLibraryMethod('spike_method' as never, { name: 'exp', params: {} }),
    ).toThrow(/unknown GLIF method type "spike_method"/);
  });

  it('toDict round-trips through fromConfig', () => {
    const c = fixture.cases.lif_r_asc_a!;
    const neuron = GlifNeuron.fromConfig(c.config);
    const dict = neuron.toDict();
    expect(dict.type).toBe('GLIF');
    expect(dict.El_reference).toBe(dict.El);
    const again = GlifNeuron.fromConfig(dict);
    const stim = buildStimulus(c.segments);
    expect(Array.from(again.run(stim).voltage)).toEqual(Array.from(neuron.run(stim).voltage));
    expect(neuron.tau_m).toBe((c.config.R_input as number) * (c.config.C as number));
  });
});

describe('known-answer tests (reference/ephys.md §10 D)', () => {
  it('LIF inter-spike interval: R = 1e8, C = 1e-10, I = 3e-10, θ = 0.02, dt = 5e-5, L = 0 → 220 steps', () => {
    const neuron = GlifNeuron.fromConfig({
      El: 0,
      dt: 5e-5,
      R_input: 1e8,
      C: 1e-10,
      th_inf: 0.02,
      th_adapt: null,
      spike_cut_length: 0,
      asc_tau_array: [],
      asc_amp_array: [],
      init_AScurrents: [],
      init_voltage: 0,
      init_threshold: 0.02,
      coeffs: {},
      AScurrent_dynamics_method: { name: 'none', params: {} },
      voltage_dynamics_method: { name: 'linear_forward_euler', params: {} },
      threshold_dynamics_method: { name: 'inf', params: {} },
      AScurrent_reset_method: { name: 'none', params: {} },
      voltage_reset_method: { name: 'zero', params: {} },
      threshold_reset_method: { name: 'inf', params: {} },
    });
    const result = neuron.run(new Float64Array(2000).fill(3e-10));
    const steps = Array.from(result.spike_time_steps);
    expect(steps.length).toBeGreaterThan(3);
    for (let i = 1; i < steps.length; i++) expect(steps[i]! - steps[i - 1]!).toBe(220);
    expect(result.AScurrents.shape).toEqual([2000, 0]);
  });

  it('line crossing and the interpolated spike time', () => {
    expect(lineCrossingX(1, 0, 2, 1, 1)).toBe(0.5);
    expect(lineCrossingY(1, 0, 2, 1, 1)).toBe(1);
    expect(interpolateSpikeTime(0.1, 3, 1, 1, 0, 2)).toBeCloseTo(0.35, 15);
  });

  it('utility functions equal those of allensdk', () => {
    const fns: Record<string, (...args: number[]) => number> = {
      line_crossing_x: lineCrossingX,
      line_crossing_y: lineCrossingY,
      interpolate_spike_time: interpolateSpikeTime,
      interpolate_spike_value: interpolateSpikeValue,
      max_of_line_and_const: maxOfLineAndConst,
      min_of_line_and_zero: minOfLineAndZero,
      spike_component_of_threshold_exact: spikeComponentOfThresholdExact,
      spike_component_of_threshold_forward_euler: spikeComponentOfThresholdForwardEuler,
      voltage_component_of_threshold_forward_euler: voltageComponentOfThresholdForwardEuler,
      voltage_component_of_threshold_exact: voltageComponentOfThresholdExact,
    };
    expect(Object.keys(fixture.utilities).sort()).toEqual(Object.keys(fns).sort());
    for (const [name, calls] of Object.entries(fixture.utilities)) {
      for (const [args, expected] of calls) {
        const got = fns[name]!(...args);
        // same operation order: equal up to Math.exp's last bit
        expect(Math.abs(got - expected), `${name}(${args.join(', ')})`).toBeLessThanOrEqual(
          1e-15 * Math.abs(expected),
        );
      }
    }
  });

  it('npSum equals np.sum bit for bit (pairwise summation, every size class)', () => {
    expect(fixture.np_sum.length).toBeGreaterThan(5);
    for (const { values, sum } of fixture.np_sum) expect(npSum(f64(values))).toBe(sum);
  });
});

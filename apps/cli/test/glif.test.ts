import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { encodeNpy, parsePythonJson } from '@sdk/core';
import { NwbDataSet } from '@sdk/ephys';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/program.js';
import { capture } from './support/capture.js';

// Goldens written by tooling/oracle/generators/ephys_glif.py (allensdk 2.16.2 GlifNeuron.run).
const GLIF_FIXTURES = new URL('../../../packages/ephys/test/fixtures/glif/', import.meta.url);
const FIXTURE = new URL('synthetic.json', GLIF_FIXTURES);
// np.save of the lif_r_asc_a case's stimulus
const NPY = new URL('lif_r_asc_a_stimulus.npy', GLIF_FIXTURES);

interface B64 {
  n: number;
  b64: string;
}
type Segment = [string, number, ...number[]];
interface Case {
  config: Record<string, unknown>;
  segments: Segment[];
  run_dt?: number;
  output: Record<string, B64 | number[] | [number, number]>;
}

const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { cases: Record<string, Case> };

function f64(x: B64): number[] {
  const bytes = Buffer.from(x.b64, 'base64');
  return Array.from({ length: x.n }, (_, i) => bytes.readDoubleLE(i * 8));
}

/** The generator's stimulus segments (const and ramp), with its float64 operations. */
function stimulus(segments: Segment[]): number[] {
  const out: number[] = [];
  for (const [kind, n, a = 0, b = 0] of segments) {
    for (let i = 0; i < n; i++) out.push(kind === 'const' ? a : a + ((b - a) * i) / n);
  }
  return out;
}

// Tolerance: relative 1e-12 of each array's largest magnitude (Math.exp vs numpy exp, last bit).
function expectClose(actual: (number | null)[], expected: number[], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  const scale = Math.max(0, ...expected.filter((x) => !Number.isNaN(x)).map(Math.abs));
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i];
    if (Number.isNaN(e)) {
      expect(a, `${label}[${i}]`).toBeNull();
    } else {
      expect(a, `${label}[${i}]`).not.toBeNull();
      expect(Math.abs(a! - e), `${label}[${i}]`).toBeLessThanOrEqual(1e-12 * scale);
    }
  }
}

const dir = mkdtempSync(join(tmpdir(), 'sdk-glif-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runCase(name: string, wrap: boolean): Promise<Record<string, unknown>> {
  const c = fixture.cases[name]!;
  const config = join(dir, `${name}_config.json`);
  const stim = join(dir, `${name}_stim.json`);
  const out = join(dir, `${name}_out.json`);
  writeFileSync(config, JSON.stringify(wrap ? { 123456: c.config } : c.config));
  writeFileSync(stim, JSON.stringify(stimulus(c.segments)));
  const args = ['glif', 'run', '--config', config, '--stimulus', stim, '--out', out];
  if (c.run_dt !== undefined) args.push('--dt', String(c.run_dt));
  const io = capture();
  expect(await runCli(args, io), io.stderr).toBe(0);
  expect(io.stdout).toMatch(/spikes ->/);
  return JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
}

function expectOutputMatches(got: Record<string, unknown>, expected: Case['output']): void {
  for (const key of [
    'voltage',
    'threshold',
    'grid_spike_times',
    'interpolated_spike_times',
    'interpolated_spike_voltage',
    'interpolated_spike_threshold',
  ]) {
    expectClose(got[key] as (number | null)[], f64(expected[key] as B64), key);
  }
  expect(got.spike_time_steps).toEqual(expected.spike_time_steps);
  const [rows, cols] = expected.AScurrents_shape as [number, number];
  const asc = got.AScurrents as (number | null)[][];
  expect(asc.length).toBe(rows);
  expect(asc.every((r) => r.length === cols)).toBe(true);
  expectClose(asc.flat(), f64(expected.AScurrents as B64), 'AScurrents');
}

describe('sdk glif run', () => {
  it('simulates an API-form config (GLIF5 method set) and matches allensdk, NaN as null', async () => {
    const got = await runCase('lif_r_asc_a', true);
    expectOutputMatches(got, fixture.cases.lif_r_asc_a!.output);
    expect((got.voltage as unknown[]).some((v) => v === null)).toBe(true);
  });

  it('takes --dt over the config dt', async () => {
    const got = await runCase('lif_r_asc_a_dt', false);
    expectOutputMatches(got, fixture.cases.lif_r_asc_a_dt!.output);
  });

  it('reports a config error naming the file and field', async () => {
    const c = fixture.cases.lif!;
    const config = join(dir, 'bad_config.json');
    const stim = join(dir, 'bad_stim.json');
    writeFileSync(config, JSON.stringify({ 99: { ...c.config, th_inf: 'high' } }));
    writeFileSync(stim, '[0, 0, 0]');
    const io = capture();
    const code = await runCli(
      ['glif', 'run', '--config', config, '--stimulus', stim, '--out', join(dir, 'x.json')],
      io,
    );
    expect(code).toBe(1);
    expect(io.stderr).toContain('bad_config.json');
    expect(io.stderr).toContain('$["99"].th_inf');
  });

  it('rejects a stimulus that is not an array of numbers', async () => {
    const config = join(dir, 'ok_config.json');
    const stim = join(dir, 'bad_stim2.json');
    writeFileSync(config, JSON.stringify(fixture.cases.lif!.config));
    writeFileSync(stim, '[0, "x"]');
    const io = capture();
    const code = await runCli(
      ['glif', 'run', '--config', config, '--stimulus', stim, '--out', join(dir, 'y.json')],
      io,
    );
    expect(code).toBe(1);
    expect(io.stderr).toMatch(/stimulus sample 1 is not a finite number/);
  });

  it('reads a numpy-written .npy stimulus', async () => {
    const c = fixture.cases.lif_r_asc_a!;
    const config = join(dir, 'npy_config.json');
    const out = join(dir, 'npy_out.json');
    writeFileSync(config, JSON.stringify(c.config));
    const io = capture();
    const args = [
      'glif',
      'run',
      '--config',
      config,
      '--stimulus',
      fileURLToPath(NPY),
      '--out',
      out,
    ];
    expect(await runCli(args, io), io.stderr).toBe(0);
    expectOutputMatches(JSON.parse(readFileSync(out, 'utf8')), c.output);
  });

  it('accepts {"stimulus": [...]} JSON and rejects a 2-D .npy', async () => {
    const c = fixture.cases.lif!;
    const config = join(dir, 'lif_config.json');
    const stim = join(dir, 'lif_stim_obj.json');
    const out = join(dir, 'lif_out.json');
    writeFileSync(config, JSON.stringify(c.config));
    writeFileSync(stim, JSON.stringify({ stimulus: stimulus(c.segments) }));
    const io = capture();
    expect(
      await runCli(['glif', 'run', '--config', config, '--stimulus', stim, '--out', out], io),
    ).toBe(0);
    expectOutputMatches(JSON.parse(readFileSync(out, 'utf8')), c.output);
    const npy = join(dir, 'two_d.npy');
    writeFileSync(npy, encodeNpy({ data: new Float64Array(4), shape: [2, 2], strides: [2, 1] }));
    const bad = capture();
    const code = await runCli(
      ['glif', 'run', '--config', config, '--stimulus', npy, '--out', out],
      bad,
    );
    expect(code).toBe(1);
    expect(bad.stderr).toMatch(/1-D numeric array, got <f8 of shape \(2, 2\)/);
  });

  it('is listed in the help', async () => {
    const io = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.stdout).toMatch(/glif\s+GLIF point-neuron models/);
  });
});

// `sdk glif simulate` against allensdk's simulate_neuron on the NWB 1 fixture of
// packages/ephys/test/fixtures/sweeps (tooling/oracle/generators/ephys_sweeps.py): the output
// file's float32 responses bit for bit, spike times 1e-12 relative.
describe('sdk glif simulate', () => {
  const SWEEPS = new URL('../../../packages/ephys/test/fixtures/sweeps/', import.meta.url);
  const golden = parsePythonJson(readFileSync(new URL('golden.json', SWEEPS), 'utf8')) as {
    // biome-ignore lint/suspicious/noExplicitAny: fixture document
    simulate: any;
  };

  it('writes the simulated sweeps of a sweeps file into the output NWB file', async () => {
    const sim = golden.simulate;
    const input = join(dir, 'stim.nwb');
    copyFileSync(fileURLToPath(new URL('cell_nwb1.nwb', SWEEPS)), input);
    const config = join(dir, 'sim_config.json');
    writeFileSync(config, JSON.stringify({ 123: fixture.cases[sim.case]!.config }));
    const sweepsFile = join(dir, 'ephys_sweeps.json');
    writeFileSync(
      sweepsFile,
      JSON.stringify([
        { sweep_number: 1, stimulus_name: 'Test' },
        { sweep_number: 2, stimulus_name: 'Long Square' },
        { sweep_number: 10, stimulus_name: 'Hyperpolarizing' },
      ]),
    );
    const output = join(dir, 'sim_out.nwb');
    const io = capture();
    const code = await runCli(
      [
        'glif',
        'simulate',
        '--config',
        config,
        '--input',
        input,
        '--output',
        output,
        '--sweeps-file',
        sweepsFile,
      ],
      io,
    );
    expect(code, io.stderr).toBe(0);
    expect(io.stdout).toMatch(/2 sweeps simulated/);
    const ds = await NwbDataSet.open(output);
    for (const n of sim.sweeps as number[]) {
      const e = sim.results[String(n)];
      const raw = inflateSync(Buffer.from(e.response.z, 'base64'));
      const got = ds.getSweep(n).response;
      expect(
        Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(raw),
        `sweep ${n}`,
      ).toBe(true);
      const times = Array.from(ds.getSpikeTimes(n));
      expect(times.length).toBe(e.spike_times.length);
      times.forEach((t, k) => {
        expect(Math.abs(t - e.spike_times[k])).toBeLessThanOrEqual(
          1e-12 * Math.abs(e.spike_times[k]),
        );
      });
    }
    ds.close();
  });

  it('needs sweeps', async () => {
    const io = capture();
    const code = await runCli(['glif', 'simulate', '--config', 'c.json', '--input', 'in.nwb'], io);
    expect(code).toBe(1);
  });
});

/**
 * `sdk ephys cell-features <file.nwb> --json` against allensdk 2.16.2's `extract_cell_features`
 * (packages/ephys/test/fixtures/sweeps/cell_f32.json, tooling/oracle/generators/
 * ephys_sweeps_f32.py). The generator ran allensdk on the synthetic cell of
 * packages/ephys/test/fixtures/features/traces.json served as NwbDataSet serves an Allen NWB 1
 * file: float32 response (V) and stimulus (A), 50 kHz, index_range (25000, n - 1). The test writes
 * exactly those arrays into an Allen-layout NWB 1 file (stimulus names from the sweep kinds,
 * Experiment epochs from sample 25000; too large to keep as a fixture) and runs the command on it.
 * The pipeline's long-square onset search (first stimulus change after the 0.4 s test pulse) finds
 * 1.02 s, allensdk's default window, so the generator's output is the pipeline's answer.
 * Tolerance: 1e-9 relative; tau (curve_fit) 1e-6, as the package's own float32 cell test.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { openH5, parsePythonJson } from '@sdk/core';
import { NwbDataSet } from '@sdk/ephys';
import { afterAll, describe, expect, it } from 'vitest';
import { cellSweepTypes, findStimStart } from '../src/commands/ephys.js';
import { runCli } from '../src/program.js';
import { capture } from './support/capture.js';

const EPHYS_FIXTURES = new URL('../../../packages/ephys/test/fixtures/', import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: fixture documents are free-form JSON
type Json = any;
const golden = parsePythonJson(
  readFileSync(new URL('sweeps/cell_f32.json', EPHYS_FIXTURES), 'utf8'),
) as Json;
const traces = parsePythonJson(
  readFileSync(new URL('features/traces.json', EPHYS_FIXTURES), 'utf8'),
) as Json;

const REL = 1e-9;
const FIT_REL = 1e-6;
const FIT_KEYS = ['tau'];

const dir = mkdtempSync(join(tmpdir(), 'sdk-ephys-cell-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function codes(enc: { n: number; q64z: string }): Float64Array {
  const raw = inflateSync(Buffer.from(enc.q64z, 'base64'));
  const out = new Float64Array(enc.n);
  let acc = 0;
  for (let k = 0; k < enc.n; k++) {
    acc += raw.readInt32LE(k * 4);
    out[k] = acc;
  }
  return out;
}

/** The generator's `stimulus(segments)` in pA. */
function stimulus(segments: Json[]): Float64Array {
  const out: number[] = [];
  for (const seg of segments) {
    if (seg[0] === 'const') for (let k = 0; k < seg[1]; k++) out.push(seg[2]);
    else {
      const [, n, a, b] = seg;
      for (let k = 0; k < n; k++) out.push(a + ((b - a) * k) / n);
    }
  }
  return Float64Array.from(out);
}

/** An Allen-layout NWB 1 file holding the generator's float32 sweeps. */
async function writeCellNwb(
  path: string,
  extra?: (h5: Awaited<ReturnType<typeof openH5>>) => void,
) {
  const h5 = await openH5(path, { mode: 'w' });
  try {
    h5.createDataset('/nwb_version', { data: ['NWB-1.0.5'], shape: [] });
    h5.setAttr('nwb_version', 'NWB-1.0.5');
    for (const sw of Object.values(traces.sweeps as Record<string, Json>)) {
      if (sw.number === null) continue;
      const n = sw.number as number;
      const c = codes(sw.v);
      const response = Float32Array.from(c, (x) => x * (1e-3 / 64));
      const stim = Float32Array.from(stimulus(sw.segments), (x) => x * 1e-12);
      for (const [kind, data, where, unit] of [
        ['stimulus', stim, 'stimulus/presentation', 'Amps'],
        ['response', response, 'acquisition/timeseries', 'Volts'],
      ] as const) {
        const g = `/${where}/Sweep_${n}`;
        h5.createGroup(g);
        const d = h5.createDataset(`${g}/data`, { data, dtype: 'float32' });
        d.setAttr('conversion', 1, { dtype: 'float32' });
        d.setAttr('unit', unit);
        h5.createDataset(`${g}/starting_time`, { data: [0], shape: [] }).setAttr(
          'rate',
          traces.hz,
          { dtype: 'float32' },
        );
        if (kind === 'stimulus') {
          h5.createDataset(`${g}/aibs_stimulus_name`, { data: [sw.kind], shape: [] });
        }
        const e = `/epochs/Sweep_${n}/${kind}`;
        h5.createGroup(e);
        h5.createDataset(`${e}/idx_start`, { data: [0], shape: [], dtype: 'int32' });
        h5.createDataset(`${e}/count`, { data: [c.length], shape: [], dtype: 'int32' });
        h5.createSoftLink(g, `${e}/timeseries`);
        if (kind === 'stimulus') {
          const x = `/epochs/Experiment_${n}/stimulus`;
          h5.createGroup(x);
          const start = golden.index_range_start as number;
          h5.createDataset(`${x}/idx_start`, { data: [start], shape: [], dtype: 'int32' });
          h5.createDataset(`${x}/count`, { data: [c.length - start], shape: [], dtype: 'int32' });
          h5.createSoftLink(g, `${x}/timeseries`);
        }
      }
    }
    extra?.(h5);
  } finally {
    h5.close();
  }
}

function close(actual: unknown, expected: unknown, rel: number, path: string): void {
  if (typeof expected === 'number') {
    if (!Number.isFinite(expected)) {
      expect(actual, path).toBeNull();
      return;
    }
    expect(typeof actual, path).toBe('number');
    const a = actual as number;
    expect(Math.abs(a - expected) <= rel * Math.abs(expected), `${path}: ${a} vs ${expected}`).toBe(
      true,
    );
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, k) => {
      close((actual as unknown[])[k], e, rel, `${path}[${k}]`);
    });
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    const a = actual as Record<string, unknown>;
    expect(Object.keys(a).sort(), `${path} keys`).toEqual(Object.keys(expected).sort());
    for (const [k, e] of Object.entries(expected)) {
      close(a[k], e, FIT_KEYS.includes(k) ? FIT_REL : rel, `${path}.${k}`);
    }
    return;
  }
  expect(actual, path).toEqual(expected);
}

describe('sdk ephys cell-features', () => {
  const file = join(dir, 'cell.nwb');

  it('types sweeps by their stimulus names and finds the long-square onset', async () => {
    await writeCellNwb(file);
    const ds = await NwbDataSet.open(file);
    try {
      const t = cellSweepTypes(ds);
      expect(t.ramps).toEqual(golden.sweeps_by_type.Ramp);
      expect(t.shortSquares).toEqual(golden.sweeps_by_type['Short Square']);
      expect(t.longSquares).toEqual(golden.sweeps_by_type['Long Square']);
      const s = ds.getSweep(t.longSquares[0] as number);
      expect(findStimStart(s.stimulus, 0.4 * s.sampling_rate) / s.sampling_rate).toBe(1.02);
    } finally {
      ds.close();
    }
    expect(findStimStart([0, 0, 0])).toBe(-1);
    expect(findStimStart([0, 1, 1, 2], 1)).toBe(3);
  });

  it("prints allensdk's extract_cell_features (1e-9, tau 1e-6)", async () => {
    const io = capture();
    const code = await runCli(['ephys', 'cell-features', file, '--json'], io);
    expect(code, io.stderr).toBe(0);
    const out = JSON.parse(io.stdout) as Json;
    expect(golden.cell_features.value).toBeDefined();
    close(out, golden.cell_features.value, REL, '$');
    // the non-JSON summary runs on the same data
    const summary = capture();
    expect(await runCli(['ephys', 'cell-features', file], summary)).toBe(0);
    expect(summary.stdout).toMatch(/long_squares\.rheobase_i: /);
  }, 120000);

  it('a file without long squares is an SdkError naming the stimulus name', async () => {
    const empty = join(dir, 'empty.nwb');
    const h5 = await openH5(empty, { mode: 'w' });
    h5.createDataset('/nwb_version', { data: ['NWB-1.0.5'], shape: [] });
    h5.setAttr('nwb_version', 'NWB-1.0.5');
    h5.createGroup('/epochs');
    h5.close();
    const io = capture();
    expect(await runCli(['ephys', 'cell-features', empty, '--json'], io)).toBe(1);
    expect(io.stderr).toMatch(/Long Square/);
  });
});

/**
 * `sdk biophys run` against allensdk 2.16.2's runner on NEURON
 * (tooling/oracle/generators/ephys_biophys.py, fixtures in
 * packages/ephys/test/fixtures/biophysical/): the real models of ../shared/data/cell-types/
 * biophysical/ (morphology, passive parameters, conditions) with the test fits the generator ran
 * (built-in hh + SdkNa.mod + SdkKdr.mod, since the shared models ship no NMODL files), on the generator's
 * stimulus NWB. Spike times (what allensdk's save_nwb stores) must be within 0.1 ms of
 * allensdk's — issue #7's bound — and are in fact compared exactly, as is the stored response:
 * same NEURON build, same statements.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePythonJson } from '@sdk/core';
import { openNwb1 } from '@sdk/nwb';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/program.js';
import { capture } from './support/capture.js';

const FIXTURES = fileURLToPath(
  new URL('../../../packages/ephys/test/fixtures/biophysical/', import.meta.url),
);
const SHARED = fileURLToPath(
  new URL('../../../../shared/data/cell-types/biophysical/', import.meta.url),
);
const HAS_SHARED = existsSync(SHARED);
const ORACLE_BIN = fileURLToPath(new URL('../../../tooling/oracle/.venv/bin/', import.meta.url));

interface B64 {
  n: number;
  b64: string;
}
const f64 = (x: B64): number[] => {
  const b = Buffer.from(x.b64, 'base64');
  return Array.from({ length: x.n }, (_, i) => b.readDoubleLE(i * 8));
};
interface Golden {
  spike_threshold: number;
  cases: Record<
    string,
    {
      model_id: string;
      axon_type: 'truncated' | 'stub';
      fit: string;
      sweeps: Record<string, { feature_spike_times_s: B64; saved_response: B64 }>;
    }
  >;
}
const golden = parsePythonJson(
  readFileSync(join(FIXTURES, 'golden.json'), 'utf8'),
) as unknown as Golden;

/** `nrniv`/`nrnivmodl`: env NRNIV_BIN dir, else the PATH, else the oracle venv (pip neuron). */
function neuronTool(name: 'nrniv' | 'nrnivmodl'): string | undefined {
  const candidates = [
    process.env.NRNIV_BIN ? join(process.env.NRNIV_BIN, name) : undefined,
    name,
    join(ORACLE_BIN, name),
  ].filter((c): c is string => c !== undefined);
  for (const c of candidates) {
    try {
      execFileSync(c, name === 'nrniv' ? ['--version'] : ['-h'], { stdio: 'pipe', timeout: 60000 });
      return c;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' && name === 'nrnivmodl') return c;
    }
  }
  return undefined;
}
const NRNIV = neuronTool('nrniv');
const NRNIVMODL = neuronTool('nrnivmodl');
const HAS_NEURON = NRNIV !== undefined && NRNIVMODL !== undefined;
if (!HAS_NEURON) {
  console.warn(
    'sdk biophys run tests skipped: NEURON (nrniv, nrnivmodl) not found — `pip install neuron==9.0.2` or set NRNIV_BIN',
  );
}
if (!HAS_SHARED) {
  console.warn(`sdk biophys run tests skipped: ${SHARED} (the shared model data) is absent`);
}

const scratch = mkdtempSync(join(tmpdir(), 'sdk-cli-biophys-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The model directory the generator ran allensdk on: shared SWC + test fit + SdkNa/SdkKdr.mod + stimulus. */
function modelDir(name: string, id: string, fit: string, dirName = name): string {
  const d = join(scratch, dirName);
  mkdirSync(join(d, 'modfiles'), { recursive: true });
  copyFileSync(join(FIXTURES, name, 'manifest.json'), join(d, 'manifest.json'));
  copyFileSync(join(FIXTURES, name, fit), join(d, fit));
  for (const mod of ['SdkKdr.mod', 'SdkNa.mod'])
    copyFileSync(join(FIXTURES, mod), join(d, 'modfiles', mod));
  copyFileSync(join(FIXTURES, 'stimulus.nwb'), join(d, 'stimulus.nwb'));
  const manifest = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')) as {
    manifest: { key: string; spec: string }[];
  };
  const morph = manifest.manifest.find((e) => e.key === 'MORPHOLOGY')?.spec;
  if (!morph) throw new Error(`${name}: no MORPHOLOGY in the manifest`);
  copyFileSync(join(SHARED, id, morph), join(d, morph));
  return d;
}

const SPIKE_TOL_S = 1e-4; // issue #7: within 0.1 ms of allensdk's runner

describe.skipIf(!HAS_NEURON || !HAS_SHARED)('sdk biophys run vs allensdk runner', () => {
  for (const [name, c] of Object.entries(golden.cases)) {
    it(`${name} (model ${c.model_id}, ${c.axon_type} axon): spike times and voltages`, async () => {
      const d = modelDir(name, c.model_id, c.fit);
      const out = join(d, 'out.nwb');
      const sweeps = Object.keys(c.sweeps);
      const io = capture();
      const code = await runCli(
        [
          'biophys',
          'run',
          d,
          '--sweeps',
          sweeps.join(','),
          '--concurrency',
          '2',
          '--axon-type',
          c.axon_type,
          '--nrniv',
          NRNIV ?? 'nrniv',
          '--nrnivmodl',
          NRNIVMODL ?? 'nrnivmodl',
          '--spike-threshold',
          String(golden.spike_threshold),
          '--out',
          out,
          '--json',
        ],
        io,
      );
      expect(code, io.stderr).toBe(0);
      const printed = JSON.parse(io.stdout) as { sweep: number; spike_times: number[] }[];
      expect(printed.map((r) => r.sweep)).toEqual(sweeps.map(Number));
      const file = await openNwb1(out);
      try {
        for (const r of printed) {
          const g = c.sweeps[String(r.sweep)];
          if (!g) throw new Error(`no golden for sweep ${r.sweep}`);
          const expected = f64(g.feature_spike_times_s);
          const stored = [...file.spikeTimes(r.sweep)];
          for (const times of [r.spike_times, stored]) {
            expect(times.length, `sweep ${r.sweep} spike count`).toBe(expected.length);
            times.forEach((t, k) => {
              expect(
                Math.abs(t - (expected[k] as number)),
                `sweep ${r.sweep} spike ${k}`,
              ).toBeLessThanOrEqual(SPIKE_TOL_S);
            });
            expect(times, `sweep ${r.sweep}: exact`).toEqual(expected);
          }
          const response = file
            .dataset(`/epochs/Sweep_${r.sweep}/response/timeseries/data`)
            .readFloat64();
          expect([...response.data], `sweep ${r.sweep} response`).toEqual(f64(g.saved_response));
        }
      } finally {
        file.close();
      }
      // the model's own manifest output_path is untouched (the runner writes to --out only)
      expect(existsSync(join(d, 'work'))).toBe(false);
    }, 240000);
  }

  it('a sweep the stimulus file lacks is an SdkError naming it', async () => {
    const c = golden.cases.perisomatic;
    if (!c) throw new Error('no perisomatic case');
    const d = modelDir('perisomatic', c.model_id, c.fit, 'missing-sweep');
    const io = capture();
    const code = await runCli(
      [
        'biophys',
        'run',
        d,
        '--sweeps',
        '999',
        '--nrniv',
        NRNIV ?? 'nrniv',
        '--nrnivmodl',
        NRNIVMODL ?? 'nrnivmodl',
        '--out',
        join(d, 'out.nwb'),
      ],
      io,
    );
    expect(code).toBe(1);
    expect(io.stderr).toMatch(/no sweep 999/);
  }, 120000);
});

describe('sdk biophys run arguments', () => {
  it('rejects a malformed --sweeps list', async () => {
    const io = capture();
    const code = await runCli(['biophys', 'run', scratch, '--sweeps', '1,x', '--out', 'o.nwb'], io);
    expect(code).not.toBe(0);
    expect(io.stderr).toMatch(/--sweeps must be integers.*"x"/);
  });
});

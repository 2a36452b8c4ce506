// Shared by the biophysical tests of @sdk/ephys and of `sdk biophys run` (apps/cli): the goldens
// of tooling/oracle/generators/ephys_biophys.py, where NEURON is, and the model directories the
// generator ran allensdk on (shared SWC + test fit + the test mechanisms + stimulus).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePythonJson } from '@sdk/core';

export const FIXTURES = fileURLToPath(new URL('./fixtures/biophysical/', import.meta.url));
export const SHARED = fileURLToPath(
  new URL('../../../../shared/data/cell-types/biophysical/', import.meta.url),
);
export const HAS_SHARED = existsSync(SHARED);
const ORACLE_BIN = fileURLToPath(new URL('../../../tooling/oracle/.venv/bin/', import.meta.url));

export interface B64 {
  n: number;
  b64: string;
}

export function f64(x: B64): Float64Array {
  const b = Buffer.from(x.b64, 'base64');
  const out = new Float64Array(x.n);
  for (let i = 0; i < x.n; i++) out[i] = b.readDoubleLE(i * 8);
  return out;
}

export interface SweepGolden {
  raw_v_mV?: B64;
  response_V: B64;
  spike_times_ms: B64;
  feature_spike_times_s: B64;
  saved_response: B64;
  stimulus_hz: number;
  simulation_hz: number;
  stimulus_length: number;
  dt: number;
  tstop: number;
}

export interface Golden {
  neuron_version: string;
  spike_threshold: number;
  cases: Record<
    string,
    {
      model_id: string;
      axon_type: 'truncated' | 'stub';
      fit: string;
      sweeps: Record<string, SweepGolden>;
    }
  >;
  format_g: [number, string][];
  descriptions: Record<
    string,
    { data: Record<'truncated' | 'stub', Record<string, unknown>>; paths: Record<string, string> }
  >;
}

export const golden = parsePythonJson(
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
      // nrnivmodl -h exits non-zero on some versions but exists
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' && name === 'nrnivmodl') return c;
    }
  }
  return undefined;
}

export const NRNIV = neuronTool('nrniv');
export const NRNIVMODL = neuronTool('nrnivmodl');
export const HAS_NEURON = NRNIV !== undefined && NRNIVMODL !== undefined;

/** The model directory `dirName` under `scratch` for golden case `name`. */
export function modelDir(
  scratch: string,
  name: string,
  id: string,
  fit: string,
  dirName = name,
): string {
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

// `sdk nwb info` on the @sdk/nwb oracle fixtures (objects as h5py lists them, see
// tooling/oracle/generators/nwb_modalities.py and nwb_v1.py).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePythonJson } from '@sdk/core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/program.js';
import { capture } from './support/capture.js';

const FIX = new URL('../../../packages/nwb/test/fixtures/', import.meta.url);
const fixture = (name: string) => fileURLToPath(new URL(name, FIX));

describe('sdk nwb info', () => {
  it('prints JSON with the metadata and every neurodata object', async () => {
    const io = capture();
    expect(await runCli(['nwb', 'info', fixture('ecephys.nwb'), '--json'], io)).toBe(0);
    const info = JSON.parse(io.stdout) as {
      nwb_version: string;
      identifier: string;
      session_description: string;
      session_start_time: string;
      objects: { path: string; neurodata_type: string; shape: number[] | null }[];
    };
    const want = parsePythonJson(readFileSync(new URL('ecephys.json', FIX), 'utf8')) as {
      nwb_version: string;
      root: { identifier: string; session_description: string };
      objects: { path: string; neurodata_type: string; shape?: number[] }[];
      containers: Record<string, { fields: { data?: unknown[] } }>;
    };
    expect(info.nwb_version).toBe(want.nwb_version);
    expect(info.identifier).toBe(want.root.identifier);
    expect(info.session_description).toBe(want.root.session_description);
    expect(info.objects.map((o) => [o.path, o.neurodata_type])).toEqual(
      want.objects.filter((o) => o.path !== '/').map((o) => [o.path, o.neurodata_type]),
    );
    for (const o of want.objects.filter((x) => x.shape)) {
      expect(info.objects.find((x) => x.path === o.path)?.shape, o.path).toEqual(o.shape);
    }
    const es = info.objects.find((o) => o.path === '/acquisition/ElectricalSeries');
    expect(es?.shape).toEqual([40, 4]);
    expect(info.objects.find((o) => o.path === '/units')?.shape).toEqual([3]);
  });

  it('prints a readable listing', async () => {
    const io = capture();
    expect(await runCli(['nwb', 'info', fixture('basic.nwb')], io)).toBe(0);
    expect(io.stdout).toMatch(/nwb_version\s+2\.7\.0/);
    expect(io.stdout).toMatch(/identifier\s+oracle-basic-0001/);
    expect(io.stdout).toMatch(/\/acquisition\/TwoPhotonSeries\s+TwoPhotonSeries\s+\[10, 8, 8\]/);
  });

  it('lists the series of an NWB 1 file', async () => {
    const io = capture();
    expect(await runCli(['nwb', 'info', fixture('nwb1_celltypes.nwb'), '--json'], io)).toBe(0);
    const info = JSON.parse(io.stdout) as {
      nwb_version: string;
      objects: { path: string; neurodata_type: string; shape: number[] }[];
    };
    expect(info.nwb_version).toBe('NWB-1.0.5');
    expect(info.objects.find((o) => o.path === '/acquisition/timeseries/Sweep_4')).toEqual({
      path: '/acquisition/timeseries/Sweep_4',
      neurodata_type: 'CurrentClampSeries',
      shape: [30],
    });
  });

  it('fails with a clear message on a missing file', async () => {
    const io = capture();
    expect(await runCli(['nwb', 'info', '/nonexistent/file.nwb'], io)).toBe(1);
    expect(io.stderr).toMatch(/not found/);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePythonJson } from '@sdk/core';
import { describe, expect, it } from 'vitest';
import { parseSliceText } from '../src/commands/h5.js';
import { runCli } from '../src/program.js';
import { capture } from './support/capture.js';

// The h5py-written fixture of @sdk/core and the JSON h5py produced from it
// (tooling/oracle/generators/core_h5_types.py).
const FIXTURES = new URL('../../../packages/core/test/fixtures/', import.meta.url);
const H5 = fileURLToPath(new URL('h5_types.h5', FIXTURES));
const expected = parsePythonJson(readFileSync(new URL('h5_types.json', FIXTURES), 'utf8')) as {
  tree: { path: string; kind: string }[];
  datasets: Record<string, { shape: number[]; values: unknown }>;
  slices: { path: string; slice: unknown[]; values: unknown }[];
};
const NWB = fileURLToPath(
  new URL(
    '../../../../shared/data/pynwb-back-compat/2.1.0_nwbfile_with_extension.nwb',
    import.meta.url,
  ),
);

describe('sdk inspect', () => {
  it('prints every object with kind, shape, dtype and neurodata_type as JSON', async () => {
    const io = capture();
    expect(await runCli(['inspect', H5, '--json'], io)).toBe(0);
    const entries = JSON.parse(io.stdout) as {
      path: string;
      kind: string;
      shape?: number[];
      dtype?: string;
      neurodata_type?: string;
      target?: string;
    }[];
    const byPath = new Map(entries.map((e) => [e.path, e]));
    expect(byPath.get('/')).toEqual({ path: '/', kind: 'group', neurodata_type: 'NWBFile' });
    for (const t of expected.tree) expect(byPath.get(t.path)?.kind, t.path).toBe(t.kind);
    for (const [path, d] of Object.entries(expected.datasets))
      expect(byPath.get(path)?.shape, path).toEqual(d.shape);
    expect(byPath.get('/nd/cube')?.dtype).toBe('float32');
    expect(byPath.get('/links/soft_dataset')).toEqual({
      path: '/links/soft_dataset',
      kind: 'soft link',
      target: '/nd/cube',
    });
    expect(byPath.get('/links/external')?.target).toBe('h5_types_ext.h5:/data');
  });

  it('prints a table', async () => {
    const io = capture();
    expect(await runCli(['inspect', H5], io)).toBe(0);
    expect(io.stdout).toMatch(/^\/nd\/cube\s+dataset\s+\[4, 5, 6\]\s+float32/m);
    expect(io.stdout).toMatch(/^\/\s+group\s+NWBFile/m);
  });

  it('fails with a clear message for a missing file', async () => {
    const io = capture();
    expect(await runCli(['inspect', '/no/such/file.nwb'], io)).toBe(1);
    expect(io.stderr).toMatch(/HDF5 file not found.*\/no\/such\/file\.nwb/);
  });

  it.skipIf(!existsSync(NWB))('shows neurodata types of a real NWB file', async () => {
    const io = capture();
    expect(await runCli(['inspect', NWB, '--json'], io)).toBe(0);
    const entries = JSON.parse(io.stdout) as { path: string; neurodata_type?: string }[];
    expect(entries.find((e) => e.path === '/')?.neurodata_type).toBe('NWBFile');
    expect(entries.filter((e) => e.neurodata_type).length).toBeGreaterThan(1);
  });
});

describe('sdk h5 read', () => {
  it('parses numpy-style slices', () => {
    expect(parseSliceText('0:10,:')).toEqual([
      [0, 10, null],
      [null, null, null],
    ]);
    expect(parseSliceText('3,::2,-1')).toEqual([3, [null, null, 2], -1]);
    expect(() => parseSliceText('a:b')).toThrow(/not an integer/);
  });

  it('reads a whole dataset and a hyperslab as h5py does', async () => {
    const io = capture();
    expect(await runCli(['h5', 'read', H5, '/nd/int3d', '--json'], io)).toBe(0);
    const whole = JSON.parse(io.stdout) as { shape: number[]; dtype: string; data: unknown };
    expect(whole.shape).toEqual([3, 4, 5]);
    expect(whole.dtype).toBe('int16');
    expect(whole.data).toEqual(expected.datasets['/nd/int3d']?.values);

    const sliced = capture();
    expect(
      await runCli(['h5', 'read', H5, '/nd/int3d', '--slice', '0,1:3,::3', '--json'], sliced),
    ).toBe(0);
    const want = expected.slices.find((s) => s.path === '/nd/int3d' && s.slice[0] === 0);
    expect((JSON.parse(sliced.stdout) as { data: unknown }).data).toEqual(want?.values);
  });

  it('prints strings, compound tables and references', async () => {
    const io = capture();
    expect(await runCli(['h5', 'read', H5, '/strings/vlen_utf8'], io)).toBe(0);
    expect(io.stdout).toContain(JSON.stringify(expected.datasets['/strings/vlen_utf8']?.values));
    const t = capture();
    expect(await runCli(['h5', 'read', H5, '/compound/table', '--json', '--slice', '0:2'], t)).toBe(
      0,
    );
    const table = JSON.parse(t.stdout) as { shape: number[]; data: Record<string, unknown>[] };
    expect(table.shape).toEqual([2]);
    expect(table.data[1]).toMatchObject({
      id: 2,
      x: -1.25,
      code: 'cdef',
      label: 'twö',
      flag: false,
    });
    const r = capture();
    expect(await runCli(['h5', 'read', H5, '/refs/objects', '--json'], r)).toBe(0);
    expect((JSON.parse(r.stdout) as { data: unknown }).data).toEqual([
      '/ints/le_i4',
      '/nd',
      '/compound/table',
    ]);
  });

  it('reports a missing dataset with file and path', async () => {
    const io = capture();
    expect(await runCli(['h5', 'read', H5, '/nope'], io)).toBe(1);
    expect(io.stderr).toMatch(/no such HDF5 object.*h5_types\.h5: \/nope/);
  });
});

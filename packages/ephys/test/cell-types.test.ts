/**
 * CellTypesCache against allensdk 2.16.2's, both served the same canned API responses
 * (tooling/oracle/generators/ephys_cell_types.py): same returned records, same requests in the
 * same order (and none on a second round), same files under the manifest directory.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ReplayServer, startReplayServer } from '@sdk/api/testing';
import { ManifestVersionMismatchError, parsePythonJson } from '@sdk/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CellTypesCache, mergeRecords, parseMarkerFile, parseSwc } from '../src/index.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/cell_types/', import.meta.url));

interface GoldenFile {
  path: string;
  sha256: string;
  size: number;
  text?: string;
}
interface Golden {
  calls: Record<string, unknown>;
  requests: string[];
  second_round_requests: string[];
  files: GoldenFile[];
  manifest_relpath: string;
  constants: {
    sweep_specimen: number;
    nwb_specimen: number;
    recon_specimen: number;
    no_marker_specimen: number;
    mouse: string;
  };
}

const golden = parsePythonJson(
  readFileSync(join(FIXTURES, 'golden.json'), 'utf8'),
) as unknown as Golden;
const K = golden.constants;

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

// A JS number cannot tell 12.0 from 12, so integral floats are written as ints (core's CSV/JSON
// writers document this); everything else must match byte for byte.
const normaliseIntegralFloats = (s: string) => s.replace(/"(-?\d+)\.0"/g, '"$1"');

let server: ReplayServer;
let dir: string;
let warn: typeof console.warn;

beforeEach(async () => {
  server = await startReplayServer({ fixtureDir: join(FIXTURES, 'http') });
  dir = mkdtempSync(join(tmpdir(), 'ctc-'));
  warn = console.warn;
  console.warn = () => {};
});
afterEach(async () => {
  console.warn = warn;
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What the generator recorded of `get_ephys_data(id).get_sweep(5)`. */
async function sweep5(ctc: CellTypesCache): Promise<Record<string, unknown>> {
  const ds = await ctc.getEphysDataSet(K.nwb_specimen);
  try {
    const s = ds.getSweep(5);
    let sum = 0;
    for (let i = 0; i < s.stimulus.length; i++) sum += s.stimulus[i] as number;
    // numpy sums pairwise, JS in order: the sum is compared to 1e-12 relative below.
    const expected = (golden.calls.ephys_data_sweep5 as { stimulus_sum: number }).stimulus_sum;
    expect(Math.abs(sum - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));
    return {
      sampling_rate: s.sampling_rate,
      index_range: [...s.index_range],
      n: s.stimulus.length,
      stimulus_sum: expected,
      sweep_numbers: [...ds.getSweepNumbers()].sort((a, b) => a - b),
    };
  } finally {
    ds.close();
  }
}

async function roundOfCalls(ctc: CellTypesCache): Promise<Record<string, unknown>> {
  return {
    cells: await ctc.getCells(),
    cells_require_reconstruction: await ctc.getCells({ requireReconstruction: true }),
    cells_require_morphology: await ctc.getCells({ requireMorphology: true }),
    cells_reporter_positive: await ctc.getCells({ reporterStatus: 'positive' }),
    cells_reporter_list: await ctc.getCells({ reporterStatus: ['negative', 'indeterminate'] }),
    cells_species_human: await ctc.getCells({ species: ['homo sapiens'] }),
    cells_raw_mouse_recon: await ctc.getCells({
      species: [K.mouse],
      requireReconstruction: true,
      simple: false,
    }),
    ephys_sweeps: await ctc.getEphysSweeps(K.sweep_specimen),
    ephys_features: await ctc.getEphysFeatures(),
    morphology_features: await ctc.getMorphologyFeatures(),
    all_features_inner: await ctc.getAllFeatures(),
    all_features_outer: await ctc.getAllFeatures({ requireReconstruction: false }),
    ephys_data_path: relative(dir, await ctc.getEphysData(K.nwb_specimen)),
    ephys_data_sweep5: await sweep5(ctc),
    reconstruction: await ctc.getReconstruction(K.recon_specimen),
    markers: await ctc.getReconstructionMarkers(K.recon_specimen),
    markers_missing: await ctc.getReconstructionMarkers(K.no_marker_specimen),
  };
}

describe('CellTypesCache vs allensdk (replayed API)', () => {
  it('returns the same records, requests the same URLs once, and writes the same cache', async () => {
    const ctc = await CellTypesCache.create({
      manifestFile: join(dir, golden.manifest_relpath),
      baseUri: server.url,
    });
    const first = await roundOfCalls(ctc);
    // Values compared exactly (toEqual treats NaN as equal to NaN).
    for (const [key, value] of Object.entries(golden.calls)) {
      expect(first[key], key).toEqual(value);
    }
    expect(Object.keys(first).sort()).toEqual(Object.keys(golden.calls).sort());
    expect(server.unmatched).toEqual([]);
    expect(server.log.map((e) => e.decodedUrl)).toEqual(golden.requests);

    const before = server.log.length;
    const second = await roundOfCalls(ctc);
    expect(second).toEqual(first);
    expect(server.log.slice(before).map((e) => e.decodedUrl)).toEqual(golden.second_round_requests);

    expect(listFiles(dir)).toEqual(golden.files.map((f) => f.path));
    for (const f of golden.files) {
      const bytes = readFileSync(join(dir, f.path));
      if (f.path.endsWith('manifest.json') || f.text === undefined) {
        expect(createHash('sha256').update(bytes).digest('hex'), f.path).toBe(f.sha256);
      } else if (f.path.endsWith('.csv')) {
        expect(bytes.toString('utf8'), f.path).toBe(normaliseIntegralFloats(f.text));
      } else if (f.path.endsWith('.json')) {
        expect(parsePythonJson(bytes.toString('utf8')), f.path).toEqual(parsePythonJson(f.text));
      } else {
        expect(bytes.toString('utf8'), f.path).toBe(f.text);
      }
    }
  });

  it('reads a cache written by allensdk without any request', async () => {
    for (const f of golden.files) {
      if (f.text === undefined) continue;
      const p = join(dir, f.path);
      rmSync(p, { force: true });
      const { mkdirSync } = await import('node:fs');
      mkdirSync(join(p, '..'), { recursive: true });
      writeFileSync(p, f.text);
    }
    writeFileSync(
      join(dir, golden.calls.ephys_data_path as string),
      readFileSync(join(FIXTURES, 'files', 'ephys.nwb')),
    );
    const ctc = await CellTypesCache.create({
      manifestFile: join(dir, golden.manifest_relpath),
      baseUri: server.url,
    });
    expect(await ctc.getEphysFeatures()).toEqual(golden.calls.ephys_features);
    expect(await ctc.getAllFeatures({ requireReconstruction: false })).toEqual(
      golden.calls.all_features_outer,
    );
    expect(await ctc.getCells({ reporterStatus: 'positive' })).toEqual(
      golden.calls.cells_reporter_positive,
    );
    expect(await ctc.getReconstruction(K.recon_specimen)).toEqual(golden.calls.reconstruction);
    expect(await ctc.getReconstructionMarkers(K.recon_specimen)).toEqual(golden.calls.markers);
    await ctc.getEphysData(K.nwb_specimen);
    expect(server.log).toEqual([]);
  });

  it('with cache off queries every time, writes nothing, and needs fileName for files', async () => {
    const ctc = await CellTypesCache.create({
      manifestFile: join(dir, 'm', 'manifest.json'),
      baseUri: server.url,
      cache: false,
    });
    expect(await ctc.getCells()).toEqual(golden.calls.cells);
    expect(await ctc.getCells()).toEqual(golden.calls.cells);
    expect(server.log).toHaveLength(2);
    expect(listFiles(dir)).toEqual(['m/manifest.json']);
    await expect(ctc.getReconstruction(K.recon_specimen)).rejects.toMatchObject({
      code: 'E_VALIDATION',
    });
    await expect(ctc.getEphysData(K.nwb_specimen)).rejects.toMatchObject({ code: 'E_VALIDATION' });
  });

  it('dataframe options return Arrow tables with the same rows', async () => {
    const ctc = await CellTypesCache.create({
      manifestFile: join(dir, golden.manifest_relpath),
      baseUri: server.url,
    });
    const t = await ctc.getEphysFeatures({ dataframe: true });
    const rows = golden.calls.ephys_features as Record<string, unknown>[];
    expect(t.numRows).toBe(rows.length);
    expect(t.schema.fields.map((f) => f.name)).toEqual(Object.keys(rows[0] ?? {}));
    const all = await ctc.getAllFeatures({ dataframe: true });
    expect(all.numRows).toBe((golden.calls.all_features_inner as unknown[]).length);
  });

  it('rejects a manifest of another version', async () => {
    const m = join(dir, 'manifest.json');
    writeFileSync(m, JSON.stringify({ manifest: [{ type: 'manifest_version', value: '1.0' }] }));
    await expect(
      CellTypesCache.create({ manifestFile: m, baseUri: server.url }),
    ).rejects.toBeInstanceOf(ManifestVersionMismatchError);
  });
});

describe('cell-types helpers', () => {
  it('mergeRecords: pandas inner/outer order and suffixes', () => {
    const a = [
      { k: 3, a: 1, v: 1 },
      { k: 1, a: 2, v: 2 },
      { k: 2, a: 3 },
      { k: 5, a: 4 },
      { k: 1, a: 5 },
    ];
    const b = [
      { k: 2, b: 1, v: 9 },
      { k: 9, b: 2 },
      { k: 1, b: 3 },
      { k: 0, b: 4 },
    ];
    // Orders as pandas 1.5 printed them for the same frames (see mergeRecords' comment).
    expect(mergeRecords(a, b, { on: 'k', how: 'inner' }).map((r) => [r.k, r.a])).toEqual([
      [1, 2],
      [1, 5],
      [2, 3],
    ]);
    const outer = mergeRecords(a, b, { on: 'k', how: 'outer' });
    expect(outer.map((r) => r.k)).toEqual([3, 1, 1, 2, 5, 9, 0]);
    expect(Object.keys(outer[0] ?? {})).toEqual(['k', 'a', 'v_x', 'b', 'v_y']);
    expect(outer[5]).toEqual({ k: 9, a: Number.NaN, v_x: Number.NaN, b: 2, v_y: Number.NaN });
  });

  it('SWC and marker parsers report the bad line', () => {
    expect(parseSwc('1 1 0 0 0 1 -1\n2 3 1 0 0 0.5 1\n')).toHaveLength(2);
    expect(() => parseSwc('1 1 0 0 0 1\n')).toThrow(/line 1/);
    expect(() => parseSwc('# c\n1 x 0 0 0 1 -1\n')).toThrow(/line 2/);
    expect(parseMarkerFile('#h\n1.5,2,3,0.0, 1, 10, , 1,2,3\n')).toEqual([
      { x: 1.5 - 0.1144, y: 2 - 0.1144, z: 3 - 0.28, name: 10 },
    ]);
  });
});

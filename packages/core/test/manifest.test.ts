import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { isSdkError, ManifestVersionError } from '../src/errors.js';
import { readJsonSync } from '../src/json/node.js';
import { formatPythonFloat, parsePythonJson } from '../src/json/python-json.js';
import { getDefaultManifestFile, Manifest, type ManifestEntry } from '../src/manifest/manifest.js';
import { ManifestBuilder } from '../src/manifest/manifest-builder.js';
import {
  checkManifestDir,
  createManifestDir,
  safeMakeParentDirs,
  safeMkdir,
  writeManifestJsonFile,
} from '../src/manifest/node.js';
import type { PercentArg } from '../src/manifest/percent-format.js';
import { ManifestVersionMismatchError } from '../src/manifest/version-error.js';

const FIXTURES = new URL('./fixtures/manifest/', import.meta.url);
/**
 * The generator ran in a scratch directory and wrote it as `<CWD>` (its parent `<CWD1>`, its
 * grandparent `<CWD2>`); the TS side resolves against this process's working directory.
 */
function fixture<T>(name: string): T {
  const ancestors = [process.cwd(), dirname(process.cwd()), dirname(dirname(process.cwd()))];
  const text = readFileSync(new URL(name, FIXTURES), 'utf-8').replace(
    /<CWD(\d?)>/g,
    (_m, level: string) => ancestors[Number(level || 0)]!,
  );
  return parsePythonJson(text) as T;
}

type Outcome = { ok?: string | null; error?: string };

function pathInfoObject(m: Manifest): Record<string, unknown> {
  return Object.fromEntries(m.pathInfo);
}

/** The Python exception class each SdkError code stands for in these fixtures. */
const PY_ERROR: Record<string, string> = {
  E_NOT_FOUND: 'KeyError',
  E_VALIDATION: 'TypeError',
};

function run(fn: () => string): Outcome {
  try {
    return { ok: fn() };
  } catch (e) {
    if (!isSdkError(e)) throw e;
    return { error: PY_ERROR[e.code] ?? e.code };
  }
}

/** JS cannot pass the float 25.0 (it is 25): `%s` then prints `25` where Python prints `25.0`. */
function jsExpected(expected: string, integralFloats: number[]): string {
  return integralFloats.reduce((s, x) => s.replace(formatPythonFloat(x), String(x)), expected);
}

describe('Manifest on the manifests allensdk caches write', () => {
  const caches =
    fixture<
      Record<
        string,
        {
          config: { manifest: ManifestEntry[] };
          relative_base_dir: string;
          version: string | number;
          path_info: Record<string, unknown>;
        }
      >
    >('cache_manifests.json');

  it('covers CellTypes, MouseConnectivity and ReferenceSpace', () => {
    expect(Object.keys(caches).sort()).toEqual([
      'CellTypesCache',
      'MouseConnectivityCache',
      'ReferenceSpaceCache',
    ]);
  });

  it.each(Object.entries(caches))('%s resolves as in Python', (_name, c) => {
    const m = new Manifest(c.config.manifest, c.relative_base_dir, c.version);
    expect(pathInfoObject(m)).toEqual(c.path_info);
    expect(m.version).toBe(c.version);
  });

  it('CellTypesCache: getPath("EPHYS_DATA", 123)', () => {
    const c = caches.CellTypesCache!;
    const m = new Manifest(c.config.manifest, c.relative_base_dir, c.version);
    expect(m.getPath('EPHYS_DATA', 123)).toBe(
      join(process.cwd(), c.relative_base_dir, 'specimen_123', 'ephys.nwb'),
    );
  });
});

describe('Manifest on a hand-written config (parents, absolute, relative, odd specs)', () => {
  const hand = fixture<{
    config: ManifestEntry[];
    bases: Record<
      string,
      {
        path_info: Record<string, unknown>;
        get_path: (Outcome & { key: string; args: PercentArg[]; integral_float_args: number[] })[];
        formats: Record<string, string | null>;
        as_dataframe: { key: string; type: string; spec: string; format: unknown }[];
      }
    >;
  }>('hand_config.json');

  describe.each(Object.entries(hand.bases))('relativeBaseDir %s', (base, expected) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const m = new Manifest(hand.config, base, '2.0');
    const warnings = warn.mock.calls.map((c) => String(c[0]));
    warn.mockRestore();

    it('path_info', () => {
      expect(pathInfoObject(m)).toEqual(expected.path_info);
    });

    it('warns about and skips unknown types (including dir_name)', () => {
      expect(warnings).toEqual([
        'Unknown path type in manifest: dir_name',
        'Unknown path type in manifest: unknown_type',
      ]);
      expect(m.pathInfo.has('DN')).toBe(false);
    });

    it('getPath', () => {
      for (const c of expected.get_path) {
        const got = run(() => m.getPath(c.key, ...c.args));
        const want = c.ok === undefined ? c : { ok: jsExpected(c.ok ?? '', c.integral_float_args) };
        expect(got, `${c.key} ${JSON.stringify(c.args)}`).toEqual(
          want.ok === undefined ? { error: c.error } : { ok: want.ok },
        );
      }
    });

    it('getFormat', () => {
      for (const [key, format] of Object.entries(expected.formats)) {
        expect(m.getFormat(key), key).toBe(format);
      }
    });

    it('asTable', () => {
      const rows = m
        .asTable()
        .toArray()
        .map((r) => r.toJSON());
      // pandas writes a missing format as NaN.
      const want = expected.as_dataframe.map((r) => ({
        ...r,
        format: typeof r.format === 'number' ? null : r.format,
      }));
      expect(rows).toEqual(want);
    });
  });
});

describe('checks from allensdk', () => {
  const checks = fixture<{
    versions: {
      found: string | number | null;
      expected: string | number | null;
      error: string | null;
      outdated?: boolean | null;
      e_version?: unknown;
      e_found_version?: unknown;
    }[];
    missing_parent: Outcome;
    formats: (Outcome & { spec: string; args: PercentArg[]; integral_float_args: number[] })[];
    resolve_paths: Record<string, unknown>;
    builder: {
      config: unknown;
      json_string: string;
      as_dataframe: Record<string, unknown>[];
      get_manifest: Outcome;
      unversioned_manifest_paths: Record<string, unknown>;
    };
  }>('checks.json');

  it.each(checks.versions.map((v) => [JSON.stringify([v.found, v.expected]), v] as const))(
    'version check %s',
    (_n, v) => {
      const config: ManifestEntry[] = [{ key: 'BASEDIR', type: 'dir', spec: '.' }];
      if (v.found !== null) config.unshift({ type: 'manifest_version', value: v.found });
      let thrown: unknown = null;
      try {
        new Manifest(config, '.', v.expected);
      } catch (e) {
        thrown = e;
      }
      if (v.error === null) {
        expect(thrown).toBeNull();
        return;
      }
      // Python's 1 == 1.0; JS has one number type, so that case cannot differ.
      expect(thrown).toBeInstanceOf(ManifestVersionError);
      expect(thrown).toBeInstanceOf(ManifestVersionMismatchError);
      const e = thrown as ManifestVersionMismatchError;
      expect(e.name).toBe('ManifestVersionError');
      expect(e.outdated).toBe(v.outdated);
      expect(e.version).toBe(v.e_version);
      expect(e.foundVersion).toBe(v.e_found_version);
    },
  );

  it('an undefined parent_key throws (KeyError)', () => {
    expect(checks.missing_parent).toEqual({ error: 'KeyError' });
    expect(
      run(() => {
        new Manifest([{ key: 'F', type: 'file', spec: 'x', parent_key: 'NOPE' }], '.');
        return '';
      }),
    ).toEqual({ error: 'KeyError' });
  });

  it.each(checks.formats.map((f) => [`${f.spec} % ${JSON.stringify(f.args)}`, f] as const))(
    'printf-style substitution %s',
    (_n, f) => {
      const m = new Manifest([{ key: 'K', type: 'file', spec: f.spec }], '.');
      const got = run(() => m.getPath('K', ...f.args));
      if (f.ok === undefined) expect(got).toEqual({ error: f.error });
      else expect(got).toEqual({ ok: jsExpected(f.ok ?? '', f.integral_float_args) });
    },
  );

  it('resolvePaths (Python 3.11 raises after substituting; TS substitutes and returns)', () => {
    const hand = fixture<{ config: ManifestEntry[] }>('hand_config.json');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const m = new Manifest(hand.config, '.', '2.0');
    warn.mockRestore();
    const desc: Record<string, unknown> = {
      job_dir_key: 'CHILD',
      model_file_key: 'F_PARENT',
      other: 1,
      keep_keys: 'x',
    };
    m.resolvePaths(desc);
    expect(desc).toEqual(checks.resolve_paths);
    expect(Object.keys(desc)).toEqual(Object.keys(checks.resolve_paths));
  });

  it('ManifestBuilder config, JSON text and table', () => {
    const mb = new ManifestBuilder();
    mb.setVersion('1.1');
    mb.addPath('BASEDIR', '.');
    mb.addPath('CELLS', 'cells.json', { typename: 'file', parentKey: 'BASEDIR' });
    mb.addPath('DATA', 'specimen_%d/ephys.nwb', {
      typename: 'file',
      parentKey: 'BASEDIR',
      format: 'nwb',
    });
    mb.addSection('ignored_name', { biophys: [{ model_file: ['a', 'b'] }], manifest_extra: 1 });
    mb.addSection('second', { runs: { n: 2 }, biophys: 'overridden' });
    expect(mb.getConfig()).toEqual(checks.builder.config);
    // No floats in this config, so the text must be identical.
    expect(mb.writeJsonString()).toBe(checks.builder.json_string);
    expect(
      mb
        .asTable()
        .toArray()
        .map((r) => r.toJSON()),
    ).toEqual(checks.builder.as_dataframe);
    expect(checks.builder.get_manifest).toEqual({ error: 'ManifestVersionError' });
    expect(() => mb.getManifest()).toThrow(ManifestVersionError);
  });

  it('ManifestBuilder.getManifest without a version', () => {
    const mb = new ManifestBuilder();
    mb.addPath('BASEDIR', 'base');
    mb.addPath('F', 'f_%d.txt', { typename: 'file', parentKey: 'BASEDIR' });
    expect(pathInfoObject(mb.getManifest())).toEqual(checks.builder.unversioned_manifest_paths);
  });
});

describe('file-system helpers', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'sdk-manifest-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('safeMkdir returns the deepest created directory, as 2.16.2 does', () => {
    // Python: Manifest.safe_mkdir('x/y/z') in an empty directory returns 'x/y/z'.
    expect(safeMkdir(join(tmp, 'x', 'y', 'z'))).toBe(join(tmp, 'x', 'y', 'z'));
    expect(existsSync(join(tmp, 'x', 'y', 'z'))).toBe(true);
    expect(safeMkdir(join(tmp, 'x', 'y'))).toBeNull();
    mkdirSync(join(tmp, 'p'));
    expect(safeMakeParentDirs(join(tmp, 'p', 'q', 'file.txt'))).toBe(join(tmp, 'p', 'q'));
    expect(safeMakeParentDirs('file.txt')).toBeNull();
    expect(safeMakeParentDirs('./file.txt')).toBeNull();
  });

  it('createDir / checkDir / writeJsonFile', () => {
    const m = new Manifest([{ key: 'D', type: 'dir', spec: 'made/here' }], tmp);
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(checkManifestDir(m, 'D')).toBe(false);
    err.mockRestore();
    createManifestDir(m, 'D');
    expect(checkManifestDir(m, 'D')).toBe(true);
    const mb = new ManifestBuilder();
    mb.setVersion(1.3);
    mb.addPath('BASEDIR', '.');
    const file = join(tmp, 'manifest.json');
    writeManifestJsonFile(mb, file);
    const config = readJsonSync(file) as unknown as { manifest: ManifestEntry[] };
    expect(new Manifest(config.manifest, tmp, 1.3).getPath('BASEDIR')).toBe(tmp);
    writeFileSync(file, '');
    expect(readJsonSync(file)).toEqual({});
  });

  it('getDefaultManifestFile reads <NAME>_MANIFEST', () => {
    vi.stubEnv('CELL_TYPES_CACHE_MANIFEST', undefined);
    expect(getDefaultManifestFile('Cell_Types_Cache')).toBe('cell_types_cache/manifest.json');
    vi.stubEnv('CELL_TYPES_CACHE_MANIFEST', '/x/m.json');
    expect(getDefaultManifestFile('Cell_Types_Cache')).toBe('/x/m.json');
    vi.unstubAllEnvs();
  });
});

// One-pass group listing (H5Group.children) and attribute reads without re-listing
// (H5Attributes.getMany / get), against the h5py-written fixture of
// tooling/oracle/generators/core_h5_types.py: its `tree` (every hard-linked object, by h5py's
// visititems), `links` (soft and external links as h5py reports them) and `attrs`. HDF5 calls are
// counted on the h5wasm module itself. Values are compared exactly.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isSdkError } from '../src/errors.js';
import { loadMemoryBackend, loadNodeBackend } from '../src/h5/backend.js';
import { H5Reference } from '../src/h5/decode.js';
import { type H5Child, type H5File, openH5 } from '../src/h5/file.js';
import { parsePythonJson } from '../src/json/python-json.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const H5_PATH = join(FIXTURES, 'h5_types.h5');

interface Expected {
  attrs: Record<string, Record<string, unknown>>;
  links: Record<string, { kind: string; target: string; file?: string }>;
  tree: { path: string; kind: string }[];
}
const expected = parsePythonJson(
  readFileSync(join(FIXTURES, 'h5_types.json'), 'utf8'),
) as unknown as Expected;

const parentOf = (p: string): string => p.slice(0, p.lastIndexOf('/')) || '/';

/** Counts calls of h5wasm module functions while `fn` runs (files opened by path, or from bytes). */
async function countCalls<T>(
  names: string[],
  fn: () => T,
  backend: 'node' | 'memory' = 'node',
): Promise<{ result: T; n: Record<string, number> }> {
  const b = await (backend === 'node' ? loadNodeBackend() : loadMemoryBackend());
  const module = b.module as unknown as Record<string, (...a: unknown[]) => unknown>;
  const n: Record<string, number> = {};
  for (const name of names) {
    n[name] = 0;
    const original = module[name] as (...a: unknown[]) => unknown;
    vi.spyOn(module, name).mockImplementation((...args: unknown[]) => {
      n[name] = (n[name] ?? 0) + 1;
      return original(...args);
    });
  }
  const result = fn();
  vi.restoreAllMocks();
  return { result, n };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('H5Group.children', () => {
  it('lists every hard object and link as h5py does, in keys() order', async () => {
    using f = await openH5(H5_PATH);
    const hard: { path: string; kind: string }[] = [];
    const links: Record<string, H5Child> = {};
    const byGroup = new Map<string, string[]>();
    const walk = (path: string) => {
      const children = f.group(path).children();
      expect(
        children.map((c) => c.name),
        path,
      ).toEqual(f.group(path).keys());
      byGroup.set(
        path,
        children.map((c) => c.name),
      );
      for (const c of children) {
        expect(c.path).toBe(`${path === '/' ? '' : path}/${c.name}`);
        if (c.kind === 'soft' || c.kind === 'external') {
          links[c.path] = c;
          continue;
        }
        hard.push({ path: c.path, kind: c.kind });
        if (c.kind === 'group') walk(c.path);
      }
    };
    walk('/');

    const byPath = (a: { path: string }, b: { path: string }) =>
      a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
    expect(hard.sort(byPath)).toEqual([...expected.tree].sort(byPath));

    expect(Object.keys(links).sort()).toEqual(Object.keys(expected.links).sort());
    for (const [path, want] of Object.entries(expected.links)) {
      const got = links[path] as H5Child;
      expect(got.kind, path).toBe(want.kind);
      expect(got.target, path).toBe(want.target);
      expect(got.file, path).toBe(want.file);
    }

    // h5py iterates an untracked group by name: the same order, link for link.
    const names = new Map<string, string[]>();
    for (const p of [...expected.tree.map((t) => t.path), ...Object.keys(expected.links)]) {
      const list = names.get(parentOf(p)) ?? [];
      list.push(p.slice(p.lastIndexOf('/') + 1));
      names.set(parentOf(p), list);
    }
    for (const [group, list] of names) expect(byGroup.get(group), group).toEqual(list.sort());
  });

  it('classifies broken soft and unresolvable external links without HDF5 errors', async () => {
    // From bytes the external file cannot be found; the broken soft link has no target object.
    using f = await openH5(new Uint8Array(readFileSync(H5_PATH)), { name: 'h5_types.h5' });
    const { result, n } = await countCalls(
      ['get_names', 'get_symbolic_link', 'get_external_link', 'get_type'],
      () => f.group('/links').children(),
      'memory',
    );
    expect(result.map((c) => [c.name, c.kind, c.target ?? null, c.file ?? null])).toEqual([
      ['broken', 'soft', '/does/not/exist', null],
      ['external', 'external', '/data', 'h5_types_ext.h5'],
      ['soft_dataset', 'soft', '/nd/cube', null],
      ['soft_group', 'soft', '/ints', null],
    ]);
    // One listing, one soft-link probe per child, an external probe for the non-soft one; the
    // type lookup of group('/links') itself is the only get_type.
    expect(n).toEqual({ get_names: 1, get_symbolic_link: 4, get_external_link: 1, get_type: 1 });
    // No HDF5 failure happened: the handle was not reset and later reads work.
    expect(f.dataset('/nd/scalar').read()).toBe(3.25);
    const whole = await countCalls(['open'], () => f.tree(), 'memory');
    expect(whole.result.get('/links')).toEqual(result);
    expect(whole.n).toEqual({ open: 0 });
  });

  it('costs three lookups per hard child and no attribute reads', async () => {
    using f = await openH5(H5_PATH);
    const g = f.group('/ints');
    const { result, n } = await countCalls(
      [
        'get_names',
        'get_symbolic_link',
        'get_external_link',
        'get_type',
        'get_attribute_names',
        'get_attribute_metadata',
      ],
      () => g.children(),
    );
    const k = result.length;
    expect(k).toBe(16);
    expect(result.every((c) => c.kind === 'dataset')).toBe(true);
    expect(n).toEqual({
      get_names: 1,
      get_symbolic_link: k,
      get_external_link: k,
      get_type: k,
      get_attribute_names: 0,
      get_attribute_metadata: 0,
    });
  });
});

describe('H5Group.tree', () => {
  it('equals children() of every group reached by hard links, for fewer lookups', async () => {
    using f = await openH5(H5_PATH);
    const want = new Map<string, H5Child[]>();
    const walk = (path: string) => {
      const children = f.group(path).children();
      want.set(path, children);
      for (const c of children) if (c.kind === 'group') walk(c.path);
    };
    walk('/');
    const { result, n } = await countCalls(['get_names', 'get_type'], () => f.tree());
    expect([...result.keys()]).toEqual([...want.keys()]);
    expect(result).toEqual(want);
    const groups = [...want.keys()];
    const links = [...want.values()].flat();
    // One recursive listing plus one per group; groups below the root need no type lookup
    // (none of the fixture's groups is empty), every other hard link one.
    expect(n.get_names).toBe(1 + groups.length);
    expect(n.get_type).toBe(
      links.filter((c) => c.kind === 'dataset' || c.kind === 'datatype').length,
    );

    const sub = f.group('/links').tree();
    expect([...sub.keys()]).toEqual(['/links']);
    expect(sub.get('/links')).toEqual(want.get('/links'));
  });
});

describe('H5Attributes.getMany and get', () => {
  it('reads the named attributes that exist, with the values get() returns', async () => {
    using f = await openH5(H5_PATH);
    const want = expected.attrs['/'] as Record<string, unknown>;
    const names = [...Object.keys(want), 'absent'];
    const many = f.attrs.getMany(names);
    expect(Object.keys(many).sort()).toEqual(Object.keys(want).sort());
    expect('absent' in many).toBe(false);
    for (const name of Object.keys(want)) expect(many[name], name).toEqual(f.attrs.get(name));
    expect(many.str_attr).toBe('hello wörld');
    expect(many.int_attr).toBe(42n);
    expect(many.neurodata_type).toBe('NWBFile');
    expect(f.attrs.getMany(['int_attr'], { int64: 'number' })).toEqual({ int_attr: 42 });

    const refs = f.get('/refs').attrs.getMany(['target', 'missing']);
    expect(refs.target).toBeInstanceOf(H5Reference);
    expect(f.refName(refs.target as H5Reference)).toBe('/nd/cube');
    expect(f.get('/nd/cube').attrs.getMany(['neurodata_type', 'namespace'])).toEqual({});
  });

  it('lists names once per handle; a lone get() lists none', async () => {
    using f = await openH5(H5_PATH);
    const calls = ['get_attribute_names', 'get_attribute_metadata', 'get_attribute_data'];
    const many = await countCalls(calls, () =>
      f.attrs.getMany(['neurodata_type', 'namespace', 'object_id', 'str_attr']),
    );
    expect(Object.keys(many.result)).toEqual(['neurodata_type', 'str_attr']);
    expect(many.n).toEqual({
      get_attribute_names: 1,
      get_attribute_metadata: 2,
      get_attribute_data: 2,
    });

    const lone = await countCalls(calls, () => f.attrs.get('str_attr'));
    expect(lone.result).toBe('hello wörld');
    expect(lone.n).toEqual({
      get_attribute_names: 0,
      get_attribute_metadata: 1,
      get_attribute_data: 1,
    });

    const attrs = f.get('/nd/cube').attrs;
    const pattern = await countCalls(calls, () => {
      const out: unknown[] = [];
      for (const name of ['unit', 'resolution', 'conversion'])
        out.push(attrs.has(name) ? attrs.get(name) : undefined);
      return out;
    });
    expect(pattern.result).toEqual(['volts', undefined, undefined]);
    expect(pattern.n).toEqual({
      get_attribute_names: 1,
      get_attribute_metadata: 1,
      get_attribute_data: 1,
    });
  });

  it('throws E_NOT_FOUND for a missing attribute and keeps the handle usable', async () => {
    using f = await openH5(H5_PATH);
    // Names not listed yet: the direct lookup fails and a listing explains why.
    const fresh = f.get('/ints').attrs;
    expect(() => fresh.get('nope')).toThrow(/no attribute "nope"/);
    // Names listed: answered without asking HDF5.
    const listed = f.get('/ints').attrs;
    expect(listed.keys()).toEqual(['description']);
    try {
      listed.get('nope');
      expect.unreachable();
    } catch (e) {
      expect(isSdkError(e, 'E_NOT_FOUND')).toBe(true);
      expect(String(e)).toContain('/ints');
    }
    // A missing attribute is no HDF5 failure: the file handle is not reopened afterwards.
    const after = await countCalls(['open'], () => [
      fresh.get('description'),
      f.dataset('/nd/scalar').read(),
    ]);
    expect(after.result).toEqual(['integers of every width', 3.25]);
    expect(after.n).toEqual({ open: 0 });
  });

  it('sees attributes written or deleted after a listing', async () => {
    using f: H5File = await openH5(null, { mode: 'w' });
    const g = f.createGroup('/g');
    const attrs = g.attrs;
    expect(attrs.getMany(['a', 'b'])).toEqual({});
    g.setAttr('a', 'first');
    expect(attrs.has('a')).toBe(true);
    expect(attrs.getMany(['a', 'b'])).toEqual({ a: 'first' });
    g.setAttr('b', 2, { dtype: 'int32' });
    g.setAttr('a', 'second');
    expect(attrs.getMany(['a', 'b'])).toEqual({ a: 'second', b: 2 });
    g.deleteAttr('a');
    expect(attrs.keys()).toEqual(['b']);
    expect(() => attrs.get('a')).toThrow(/no attribute "a"/);
  });
});

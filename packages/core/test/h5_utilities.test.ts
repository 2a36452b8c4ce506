import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isSdkError } from '../src/errors.js';
import { openH5 } from '../src/h5/file.js';
import {
  decodeBytes,
  keyedLocateH5Objects,
  loadDatasetsByRelnames,
  locateH5Objects,
  matchRelnameIn,
  traverseH5,
} from '../src/h5/utilities.js';
import { parsePythonJson } from '../src/json/python-json.js';
import { type NdArray, type NumericArray, toNested } from '../src/ndarray.js';

// Expected values: allensdk.core.h5_utilities (2.16.2) run on the same h5py-written file
// (tooling/oracle/generators/core_h5_types.py). Names, order and integer values are exact.
const FIXTURES = new URL('./fixtures/', import.meta.url);
const H5_PATH = fileURLToPath(new URL('h5_types.h5', FIXTURES));
const want = (
  parsePythonJson(readFileSync(new URL('h5_types.json', FIXTURES), 'utf8')) as unknown as {
    h5_utilities: {
      traverse: string[];
      traverse_nd: string[];
      relnames: string[];
      locate: string[];
      keyed: Record<string, string>;
      load: Record<string, unknown>;
      load_scalar_error: string;
      decode_bytes: string[];
    };
  }
).h5_utilities;

describe('h5_utilities equivalents', () => {
  it('traverseH5 visits objects depth-first in key order, like visititems', async () => {
    using f = await openH5(H5_PATH);
    const names: string[] = [];
    traverseH5(f, (name) => {
      names.push(name);
      return undefined;
    });
    expect(names).toEqual(want.traverse);
    const nd: string[] = [];
    traverseH5(f, (name) => void nd.push(name), '/nd');
    expect(nd).toEqual(want.traverse_nd);
    // a non-undefined return value stops the walk, as in h5py
    expect(traverseH5(f, (name) => (name === 'enums/color' ? name : undefined))).toBe(
      'enums/color',
    );
  });

  it('locateH5Objects and keyedLocateH5Objects find what the reference finds', async () => {
    using f = await openH5(H5_PATH);
    expect(locateH5Objects(matchRelnameIn(want.relnames), f).map((o) => o.path)).toEqual(
      want.locate,
    );
    const matchers = Object.fromEntries(want.relnames.map((r) => [r, matchRelnameIn([r])]));
    const keyed = keyedLocateH5Objects(matchers, f);
    expect(Object.fromEntries(Object.entries(keyed).map(([k, v]) => [k, v.path]))).toEqual(
      want.keyed,
    );
  });

  it('loadDatasetsByRelnames reads the matched datasets', async () => {
    using f = await openH5(H5_PATH);
    const loaded = loadDatasetsByRelnames(['int3d', 'resizable', 'nothing_named_so'], f, '/nd');
    expect(Object.keys(loaded).sort()).toEqual(Object.keys(want.load).sort());
    for (const [k, v] of Object.entries(want.load)) {
      expect(toNested(loaded[k] as NdArray<NumericArray>), k).toEqual(v);
    }
    expect(want.load_scalar_error).toBe('ValueError');
    try {
      loadDatasetsByRelnames(['scalar_int'], f, '/nd');
      expect.unreachable();
    } catch (e) {
      expect(isSdkError(e, 'E_VALIDATION')).toBe(true);
    }
  });

  it('decodeBytes flattens string data', async () => {
    using f = await openH5(H5_PATH);
    expect(decodeBytes(f.dataset('/strings/fixed_ascii'))).toEqual(want.decode_bytes);
    const bytes = { data: [new TextEncoder().encode('µm'), 'x'], shape: [2], strides: [1] };
    expect(decodeBytes(bytes)).toEqual(['µm', 'x']);
  });
});

// readMetaImage against allensdk 2.16.2 `sitk_utilities.read_ndarray_with_sitk` (SimpleITK 2.5.7)
// on the files in fixtures/metaimage/ (tooling/oracle/generators/api_readers.py). Exact: the
// elements are the stored binary values (float32 widened to float64 on both sides).
import { isSdkError } from '@sdk/core';
import { FsCacheStore } from '@sdk/core/node';
import { describe, expect, it } from 'vitest';
import { readMetaImage } from '../src/index.js';
import { fixturesDir, readFixture } from './helpers.js';

interface MetaImageCase {
  file: string;
  result?: {
    shape: number[];
    dtype: string;
    data: number[];
    information: Record<string, unknown>;
  };
  error?: { type: string; message: string };
}
const cases = readFixture<{ metaimage: MetaImageCase[] }>('readers.json').metaimage;
const store = new FsCacheStore({ root: `${fixturesDir}metaimage` });

const DTYPES: Record<string, string> = {
  int8: 'Int8Array',
  uint8: 'Uint8Array',
  int16: 'Int16Array',
  uint16: 'Uint16Array',
  int32: 'Int32Array',
  uint32: 'Uint32Array',
  float32: 'Float32Array',
  float64: 'Float64Array',
};

describe('readMetaImage matches read_ndarray_with_sitk', () => {
  it('covers compression, byte order, LOCAL data, channels and 2-D', () => {
    expect(cases.map((c) => c.file)).toEqual(
      expect.arrayContaining([
        'float_zlib.mhd',
        'msb.mhd',
        'local.mhd',
        'vector.mhd',
        'uchar_2d.mhd',
      ]),
    );
  });

  it.each(cases.map((c) => [c.file, c] as const))('%s', async (_, c) => {
    if (c.error) {
      const err = await readMetaImage(store, c.file).catch((e: unknown) => e);
      expect(isSdkError(err, 'E_NOT_FOUND'), String(err)).toBe(true);
      return;
    }
    const r = c.result!;
    const img = await readMetaImage(store, c.file);
    expect(img.data.shape).toEqual(r.shape);
    expect(img.data.data.constructor.name).toBe(DTYPES[r.dtype]);
    expect(Array.from(img.data.data as Float64Array)).toEqual(r.data);
    expect(img.information).toEqual(r.information);
  });
});

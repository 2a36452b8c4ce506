import { describe, expect, it } from 'vitest';
import { isSdkError } from '../src/errors.js';
import {
  cStrides,
  fStrides,
  ndarray,
  ndGet,
  reshape,
  resolveAxisSlice,
  slice,
  toCOrder,
  toNested,
} from '../src/ndarray.js';

// Hand-checked known answers (numpy semantics); exact comparisons throughout.
describe('NdArray', () => {
  const a = ndarray(
    Int32Array.from({ length: 24 }, (_, i) => i),
    [2, 3, 4],
  );

  it('has C strides in elements', () => {
    expect(a.strides).toEqual([12, 4, 1]);
    expect(cStrides([5])).toEqual([1]);
    expect(fStrides([2, 3, 4])).toEqual([1, 2, 6]);
    expect(cStrides([])).toEqual([]);
  });

  it('ndGet indexes with strides and negative indices', () => {
    expect(ndGet(a, 1, 2, 3)).toBe(23);
    expect(ndGet(a, 0, 1, 2)).toBe(6);
    expect(ndGet(a, -1, -1, -1)).toBe(23);
    expect(() => ndGet(a, 2, 0, 0)).toThrow(/out of bounds/);
    expect(() => ndGet(a, 0, 0)).toThrow(/needs 3 indices/);
  });

  it('rejects a shape that does not match the data', () => {
    try {
      ndarray(new Float64Array(5), [2, 3]);
      expect.unreachable();
    } catch (e) {
      expect(isSdkError(e, 'E_VALIDATION')).toBe(true);
    }
  });

  it('toCOrder copies a Fortran-ordered array into C order', () => {
    // F-ordered 2x3: element (i, j) at i + 2j; values = 10*i + j
    const f = {
      data: Float64Array.from([0, 10, 1, 11, 2, 12]),
      shape: [2, 3],
      strides: fStrides([2, 3]),
    };
    const c = toCOrder(f);
    expect(Array.from(c.data)).toEqual([0, 1, 2, 10, 11, 12]);
    expect(c.strides).toEqual([3, 1]);
    expect(ndGet(f, 1, 2)).toBe(12);
    expect(toCOrder(c).data).toBe(c.data);
  });

  it('slices like numpy basic indexing', () => {
    // a[1, ::2, 1:3]
    const s = slice(a, [1, [null, null, 2], [1, 3]]);
    expect(s.shape).toEqual([2, 2]);
    expect(Array.from(s.data)).toEqual([13, 14, 21, 22]);
    // a[:, -1] -> shape (2, 4)
    const t = slice(a, [null, -1]);
    expect(t.shape).toEqual([2, 4]);
    expect(Array.from(t.data)).toEqual([8, 9, 10, 11, 20, 21, 22, 23]);
    // a[0, 0, ::-1]
    expect(Array.from(slice(a, [0, 0, [null, null, -1]]).data)).toEqual([3, 2, 1, 0]);
    // a[0, 0, 3:0:-2]
    expect(Array.from(slice(a, [0, 0, [3, 0, -2]]).data)).toEqual([3, 1]);
    // empty and clamped
    expect(slice(a, [[5, 9]]).shape).toEqual([0, 3, 4]);
    expect(slice(a, [[-100, 100]]).shape).toEqual([2, 3, 4]);
    // all-index selection gives rank 0
    const e = slice(a, [1, 1, 1]);
    expect(e.shape).toEqual([]);
    expect(Array.from(e.data)).toEqual([17]);
  });

  it('resolves Python slice bounds', () => {
    expect(resolveAxisSlice([2, -1, null], 10)).toEqual({
      start: 2,
      step: 1,
      count: 7,
      drop: false,
    });
    expect(resolveAxisSlice([null, null, -3], 10)).toEqual({
      start: 9,
      step: -3,
      count: 4,
      drop: false,
    });
    expect(() => resolveAxisSlice([0, 5, 0], 10)).toThrow(/non-zero/);
    expect(() => resolveAxisSlice(10, 10)).toThrow(/out of bounds/);
  });

  it('slices string arrays and reshapes', () => {
    const s = ndarray(['a', 'b', 'c', 'd', 'e', 'f'], [2, 3]);
    expect(slice(s, [null, 1]).data).toEqual(['b', 'e']);
    expect(reshape(s, [3, -1]).shape).toEqual([3, 2]);
    expect(toNested(reshape(a, [4, 6]))).toEqual(
      Array.from({ length: 4 }, (_, i) => Array.from({ length: 6 }, (_, j) => i * 6 + j)),
    );
  });
});

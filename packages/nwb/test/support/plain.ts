import { H5Reference, type NdArray, toNested } from '@sdk/core';
import { DatasetHandle, NwbObject, refPath } from '../../src/index.js';

/** A TS value in the JSON form the oracle dump uses: objects as {$ref: path}, datasets read whole. */
export function toPlain(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (v instanceof NwbObject) return { $ref: v.path };
  if (v instanceof DatasetHandle) {
    const value = v.read();
    if (value instanceof H5Reference) return refPath(v.h5, value);
    if (value !== null && typeof value === 'object' && 'schema' in value) {
      const rows = value.toArray().map((r) => r.toJSON() as Record<string, unknown>);
      return v.ndim === 0 ? toPlain(rows[0]) : rows.map(toPlain);
    }
    if (value !== null && typeof value === 'object' && 'shape' in value) {
      const nd = value as NdArray<unknown[]>;
      const mapped = {
        ...nd,
        data: Array.from(nd.data as ArrayLike<unknown>, (x) =>
          x instanceof H5Reference ? refPath(v.h5, x) : toPlain(x),
        ),
      };
      return v.dtype === 'bool'
        ? (toNested(mapped) as unknown[]).map((x) => x === 1)
        : toNested(mapped);
    }
    return toPlain(value);
  }
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, toPlain(x)]));
  if (typeof v === 'bigint') return Number(v);
  if (ArrayBuffer.isView(v))
    return Array.from(v as unknown as ArrayLike<number | bigint>, (x) => Number(x));
  if (Array.isArray(v)) return v.map(toPlain);
  if (typeof v === 'object' && 'shape' in (v as object) && 'strides' in (v as object))
    return toNested(v as NdArray<never>);
  if (typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, toPlain(x)]),
    );
  return v;
}

/** Deep equality; floats compared with a relative tolerance (0 = exact). */
export function sameValue(a: unknown, b: unknown, rtol = 0): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) && Number.isNaN(b)) return true;
    if (rtol === 0) return a === b || Object.is(a, b) || (a === 0 && b === 0);
    return Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b)) || a === b;
  }
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i], rtol));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return (
      sameValue(ka, kb) &&
      ka.every((k) =>
        sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], rtol),
      )
    );
  }
  return a === b;
}

/**
 * `obj_utilities.parse_obj` (allensdk 2.16.2): the Wavefront OBJ meshes the Allen Institute makes
 * from its structure annotations (`v`, `vn` and `f a//na b//nb c//nc` lines only).
 */
import { SdkError } from '@sdk/core';

/**
 * Rows of equal length, row-major (`data[i * columns + j]`), as the reference's numpy array:
 * shape `[rows, columns]`, or `[0]` when the file has no such line.
 */
export interface ObjArray<T extends Float64Array | Int32Array> {
  data: T;
  shape: number[];
}

export interface ObjMesh {
  /** (n, 3) vertex coordinates. */
  vertices: ObjArray<Float64Array>;
  /** (n, 3) vertex normals. */
  vertexNormals: ObjArray<Float64Array>;
  /** (faces, 3) 0-based vertex indices (1-based in the file). */
  faceVertices: ObjArray<Int32Array>;
  /** (faces, 3) 0-based normal indices. */
  faceNormals: ObjArray<Int32Array>;
}

// Python float(): decimal or exponent form, inf/nan, surrounding whitespace already split off.
const PY_FLOAT =
  /^[+-]?(?:(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?|\d[\d_]*\.|inf(?:inity)?|nan)$/i;
const PY_INT = /^[+-]?\d[\d_]*$/;

function toArray<T extends Float64Array | Int32Array>(
  rows: string[][],
  make: (n: number) => T,
  parse: (s: string) => number,
  what: string,
  file: string | undefined,
): ObjArray<T> {
  const columns = rows[0]?.length ?? 0;
  if (rows.some((r) => r.length !== columns)) {
    throw new SdkError('E_FORMAT', `OBJ ${what} rows have different lengths`, { file, path: what });
  }
  const data = make(rows.length * columns);
  let k = 0;
  for (const row of rows) for (const s of row) data[k++] = parse(s);
  return { data, shape: rows.length === 0 ? [0] : [rows.length, columns] };
}

/** Parses OBJ text as `parse_obj(text.split('\n'))` does; other line types are ignored. */
export function parseObj(text: string, options: { file?: string } = {}): ObjMesh {
  const { file } = options;
  const v: string[][] = [];
  const vn: string[][] = [];
  const fv: string[][] = [];
  const fn: string[][] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('v ')) v.push(pySplit(line).slice(1));
    else if (line.startsWith('vn ')) vn.push(pySplit(line).slice(1));
    else if (line.startsWith('f ')) {
      const parts = pySplit(line.replaceAll('//', ' ')).slice(1);
      fv.push(parts.filter((_, i) => i % 2 === 0));
      fn.push(parts.filter((_, i) => i % 2 === 1));
    }
  }
  const float = (s: string) => {
    if (!PY_FLOAT.test(s)) {
      throw new SdkError('E_FORMAT', `could not convert string to float: '${s}'`, { file });
    }
    const t = s
      .replaceAll('_', '')
      .toLowerCase()
      .replace(/^([+-]?)inf(inity)?$/, '$1Infinity');
    return /nan$/.test(t) ? Number.NaN : Number(t);
  };
  const int = (s: string) => {
    if (!PY_INT.test(s)) {
      throw new SdkError('E_FORMAT', `invalid literal for int() with base 10: '${s}'`, { file });
    }
    return Number(s.replaceAll('_', '')) - 1;
  };
  return {
    vertices: toArray(v, (n) => new Float64Array(n), float, 'vertices', file),
    vertexNormals: toArray(vn, (n) => new Float64Array(n), float, 'vertex normals', file),
    faceVertices: toArray(fv, (n) => new Int32Array(n), int, 'face vertices', file),
    faceNormals: toArray(fn, (n) => new Int32Array(n), int, 'face normals', file),
  };
}

// Python's whitespace: JavaScript's `\s` plus the separators U+001C..U+001F and U+0085.
// biome-ignore lint/suspicious/noControlCharactersInRegex: Python's str.split() splits on them
const PY_WHITESPACE = /[\s\u001c-\u001f\u0085]+/u;

/** Python `str.split()`: runs of whitespace separate, no empty fields. */
function pySplit(s: string): string[] {
  return s.split(PY_WHITESPACE).filter((x) => x.length > 0);
}

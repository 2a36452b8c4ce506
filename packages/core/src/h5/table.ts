// Compound datasets become Arrow tables: one column per member, named exactly as in the file.
import {
  Bool,
  type DataType,
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  List,
  makeVector,
  Table,
  Uint8,
  Uint16,
  Uint32,
  Uint64,
  Utf8,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import { SdkError } from '../errors.js';
import type { NumericArray } from '../ndarray.js';
import type { ArrayColumn, Column, CompoundColumns, H5Reference } from './decode.js';
import type { H5DType } from './dtype.js';

function arrowType(t: H5DType): DataType {
  switch (t.class) {
    case 'int':
      return [new Int8(), new Int16(), new Int32(), new Int64()][Math.log2(t.size)] as DataType;
    case 'uint':
      return [new Uint8(), new Uint16(), new Uint32(), new Uint64()][Math.log2(t.size)] as DataType;
    case 'float':
      return t.size === 8 ? new Float64() : new Float32();
    case 'bool':
      return new Bool();
    case 'enum':
      return arrowType(t.base);
    case 'string':
    case 'reference':
      return new Utf8();
    case 'array':
      return new FixedSizeList(
        t.shape.reduce((a, b) => a * b, 1),
        new Field('item', arrowType(t.base), false),
      );
    case 'vlen':
      return new List(new Field('item', arrowType(t.base), false));
    default:
      throw new SdkError(
        'E_UNSUPPORTED',
        `compound member of type ${t.class} cannot become a table column`,
      );
  }
}

function splitRows(flat: Column, per: number, n: number): unknown[] {
  const rows = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    rows[i] = Array.isArray(flat)
      ? flat.slice(i * per, (i + 1) * per)
      : (flat as NumericArray).subarray(i * per, (i + 1) * per);
  }
  return rows;
}

function toVector(col: Column, t: H5DType, refName: (r: H5Reference) => string): Vector {
  if (t.class === 'bool')
    return vectorFromArray(
      Array.from(col as Uint8Array, (v) => v !== 0),
      new Bool(),
    );
  if (t.class === 'reference')
    return vectorFromArray((col as H5Reference[]).map(refName), new Utf8());
  if (t.class === 'string') return vectorFromArray(col as string[], new Utf8());
  if (t.class === 'array') {
    const a = col as ArrayColumn;
    const per = a.shape.reduce((x, y) => x * y, 1);
    return vectorFromArray(splitRows(a.flat, per, a.length), arrowType(t));
  }
  if (t.class === 'vlen') return vectorFromArray(col as unknown[], arrowType(t));
  if (t.class === 'compound') {
    throw new SdkError('E_UNSUPPORTED', 'nested compound members cannot become a table column');
  }
  if (t.class === 'float' && t.size === 2) return makeVector(col as Float32Array);
  return makeVector(col as NumericArray);
}

/** An Arrow Table from the decoded columns of a compound dataset. */
export function compoundToTable(col: CompoundColumns, refName: (r: H5Reference) => string): Table {
  const vectors: Record<string, Vector> = {};
  col.names.forEach((name, j) => {
    vectors[name] = toVector(col.columns[j] as Column, col.types[j] as H5DType, refName);
  });
  return new Table(vectors);
}

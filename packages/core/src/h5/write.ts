// Converts what a caller passes to a writer into the typed data and dtype string h5wasm expects.
import { SdkError } from '../errors.js';
import {
  type NdArray,
  NUMERIC_DTYPES,
  type NumericArray,
  type NumericDTypeName,
  numericDtypeOf,
  sizeOf,
  toCOrder,
} from '../ndarray.js';
import { H5Reference } from './decode.js';
import type { H5DType } from './dtype.js';

/** Element types a writer accepts (numpy names), plus the descriptor of an existing dataset. */
export type WriteDType =
  | NumericDTypeName
  /** Variable-length UTF-8 string (h5py's `str`). */
  | 'str'
  /** Variable-length ASCII string (h5py's `bytes`). */
  | 'ascii'
  /** Fixed-length string of n bytes, e.g. 'S10'. */
  | `S${number}`
  | 'ref'
  | 'region_ref'
  | H5DType;

/**
 * One member of a compound dataset, one element per row. Typed arrays keep their element type,
 * plain numbers and booleans become float64, and `H5Reference`s become an object (or region)
 * reference member. Strings are not accepted (h5wasm cannot write variable-length members).
 */
export type H5CompoundColumn =
  | NumericArray
  | readonly number[]
  | readonly boolean[]
  | readonly bigint[]
  | readonly H5Reference[];

type Column = H5CompoundColumn | readonly string[];

/** Data a writer accepts. Booleans are stored as uint8 0/1 (h5wasm cannot create enum types). */
export type H5WriteData =
  | NdArray<NumericArray>
  | NdArray<string[]>
  | NumericArray
  | number
  | bigint
  | string
  | boolean
  | readonly number[]
  | readonly bigint[]
  | readonly string[]
  | readonly boolean[]
  | H5Reference
  | readonly H5Reference[]
  /** Compound: one column per member, all of one length, members in insertion order. */
  | ReadonlyMap<string, Column>;

export interface PreparedWrite {
  data: NumericArray | string[] | RefData[] | Map<string, NumericArray | RefData[]>;
  shape: number[];
  /** h5wasm's dtype: '<i', '<d', 'S', 'S10', 'A', 'Reference', or a compound member list. */
  dtype: string | [string, string][];
  itemSize: number;
  length: number;
}

/** A reference as h5wasm takes it. */
type RefData = { ref_data: Uint8Array };

type NumericName = NumericDTypeName;

// h5wasm's dtype codes (struct module letters); sizes and constructors: NUMERIC_DTYPES.
const CODE: Record<NumericName, string> = {
  int8: '<b',
  uint8: '<B',
  int16: '<h',
  uint16: '<H',
  int32: '<i',
  uint32: '<I',
  int64: '<q',
  uint64: '<Q',
  float32: '<f',
  float64: '<d',
};

const typedName = numericDtypeOf;

function nameOfDescriptor(t: H5DType): WriteDType {
  switch (t.class) {
    case 'int':
    case 'uint':
      return `${t.class}${t.size * 8}` as NumericName;
    case 'float':
      if (t.size === 2) throw new SdkError('E_UNSUPPORTED', 'writing float16 is not supported');
      return `float${t.size * 8}` as NumericName;
    case 'bool':
      return 'uint8';
    case 'string':
      return t.vlen ? (t.encoding === 'utf-8' ? 'str' : 'ascii') : `S${t.size}`;
    case 'reference':
      return t.kind === 'object' ? 'ref' : 'region_ref';
    default:
      throw new SdkError(
        'E_UNSUPPORTED',
        `writing ${t.class} data into an existing dataset is not supported`,
      );
  }
}

function toNumeric(values: ArrayLike<unknown>, name: NumericName): NumericArray {
  const out = new NUMERIC_DTYPES[name].ctor(values.length);
  const big = name === 'int64' || name === 'uint64';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let x: number | bigint;
    if (typeof v === 'boolean') x = v ? 1 : 0;
    else if (typeof v === 'number' || typeof v === 'bigint') x = v;
    else throw new SdkError('E_VALIDATION', `element ${i} (${String(v)}) is not a number`);
    if (big) {
      if (typeof x === 'number' && !Number.isInteger(x)) {
        throw new SdkError('E_VALIDATION', `element ${i} (${x}) is not an integer for ${name}`);
      }
      (out as BigInt64Array)[i] = BigInt(x);
    } else {
      (out as Float64Array)[i] = Number(x);
    }
  }
  return out;
}

function isNdArray(value: unknown): value is NdArray<NumericArray> | NdArray<string[]> {
  return (
    typeof value === 'object' &&
    value !== null &&
    'data' in value &&
    'shape' in value &&
    'strides' in value
  );
}

/** A compound member of references: all object or all region references. */
function referenceMember(
  name: string,
  col: readonly unknown[],
): { code: 'Reference' | 'RegionReference'; size: number; data: RefData[] } {
  const region = (col[0] as H5Reference).kind === 'region';
  const data = col.map((r, i) => {
    if (!(r instanceof H5Reference) || (r.kind === 'region') !== region) {
      throw new SdkError(
        'E_VALIDATION',
        `compound column ${name}: row ${i} is not ${region ? 'a region' : 'an object'} reference like row 0`,
      );
    }
    return { ref_data: r.bytes };
  });
  return region
    ? { code: 'RegionReference', size: 12, data }
    : { code: 'Reference', size: 8, data };
}

/**
 * The raw little-endian bytes of prepared (non-compound) data in the layout of `t`, for writes
 * that bypass h5wasm's hyperslab path (scalar dataspaces). Variable-length strings are stored as
 * heap pointers h5wasm cannot build for an in-place write.
 */
export function elementBytes(prepared: PreparedWrite, t: H5DType): Uint8Array {
  const data = prepared.data;
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  }
  if (data instanceof Map) {
    throw new SdkError('E_UNSUPPORTED', 'writing compound data in place is not supported');
  }
  const out = new Uint8Array(prepared.length * t.size);
  if (t.class === 'reference') {
    (data as RefData[]).forEach((r, i) => {
      if (r.ref_data.length !== t.size) {
        throw new SdkError(
          'E_VALIDATION',
          `a ${r.ref_data.length}-byte reference does not fit a ${t.size}-byte reference dataset`,
        );
      }
      // set(), not subarray(): h5wasm hands out reference bytes as plain arrays too
      out.set(r.ref_data, i * t.size);
    });
    return out;
  }
  if (t.class === 'string' && !t.vlen) {
    // Zero padding whatever the declared padding, as h5wasm pads at creation: h5py strips it.
    const encoder = new TextEncoder();
    (data as string[]).forEach((s, i) => {
      out.set(encoder.encode(s).subarray(0, t.size), i * t.size);
    });
    return out;
  }
  throw new SdkError(
    'E_UNSUPPORTED',
    `writing ${t.class === 'string' ? 'variable-length strings' : t.class} data in place is not supported`,
  );
}

/** Normalises writer input: flat data, shape and the h5wasm dtype. */
export function prepareWrite(
  value: H5WriteData,
  options: {
    dtype?: WriteDType;
    shape?: number[];
    defaultNumber: NumericName;
    attribute?: boolean;
  },
): PreparedWrite {
  let dtype: WriteDType | undefined =
    options.dtype !== undefined && typeof options.dtype === 'object'
      ? nameOfDescriptor(options.dtype)
      : options.dtype;

  if (value instanceof Map) {
    const names = [...(value as ReadonlyMap<string, Column>).keys()];
    const members: [string, string][] = [];
    const columns = new Map<string, NumericArray | RefData[]>();
    let length = -1;
    let itemSize = 0;
    for (const name of names) {
      const col = value.get(name) as Column;
      if (length >= 0 && col.length !== length) {
        throw new SdkError(
          'E_VALIDATION',
          `compound column ${name} has ${col.length} rows, expected ${length}`,
        );
      }
      length = col.length;
      if (ArrayBuffer.isView(col)) {
        const n = typedName(col as NumericArray);
        members.push([name, CODE[n]]);
        columns.set(name, col as NumericArray);
        itemSize += NUMERIC_DTYPES[n].size;
      } else if (col[0] instanceof H5Reference) {
        const ref = referenceMember(name, col);
        members.push([name, ref.code]);
        columns.set(name, ref.data);
        itemSize += ref.size;
      } else if (col.every((v) => typeof v === 'number' || typeof v === 'boolean')) {
        members.push([name, CODE.float64]);
        columns.set(name, toNumeric(col, 'float64'));
        itemSize += 8;
      } else if (col.every((v) => typeof v === 'bigint')) {
        members.push([name, CODE.int64]);
        columns.set(name, toNumeric(col, 'int64'));
        itemSize += 8;
      } else {
        throw new SdkError(
          'E_UNSUPPORTED',
          `compound column ${name}: only numeric and reference members can be written`,
        );
      }
    }
    return {
      data: columns,
      shape: options.shape ?? [Math.max(length, 0)],
      dtype: members,
      itemSize,
      length,
    };
  }

  let flat: ArrayLike<unknown>;
  let shape: number[];
  if (isNdArray(value)) {
    const c = toCOrder(value as NdArray<NumericArray | string[]>);
    flat = c.data;
    shape = [...c.shape];
  } else if (ArrayBuffer.isView(value) || Array.isArray(value)) {
    flat = value as ArrayLike<unknown>;
    shape = [flat.length];
  } else {
    flat = [value];
    shape = [];
  }
  if (options.shape) {
    if (sizeOf(options.shape) !== flat.length) {
      throw new SdkError(
        'E_VALIDATION',
        `shape [${options.shape.join(', ')}] holds ${sizeOf(options.shape)} elements but the data has ${flat.length}`,
      );
    }
    shape = [...options.shape];
  }
  const first = flat.length > 0 ? flat[0] : undefined;

  if (first instanceof H5Reference || dtype === 'ref' || dtype === 'region_ref') {
    const refs = Array.from(flat) as H5Reference[];
    const region = dtype === 'region_ref' || (dtype === undefined && refs[0]?.kind === 'region');
    if (refs.some((r) => !(r instanceof H5Reference) || (r.kind === 'region') !== region)) {
      throw new SdkError(
        'E_VALIDATION',
        'reference data must all be object references or all region references',
      );
    }
    return {
      data: refs.map((r) => ({ ref_data: r.bytes })),
      shape,
      dtype: region ? 'RegionReference' : 'Reference',
      itemSize: region ? 12 : 8,
      length: refs.length,
    };
  }

  if (
    typeof first === 'string' ||
    dtype === 'str' ||
    dtype === 'ascii' ||
    (typeof dtype === 'string' && /^S\d+$/.test(dtype))
  ) {
    const strings = Array.from(flat, (v, i) => {
      if (typeof v !== 'string') throw new SdkError('E_VALIDATION', `element ${i} is not a string`);
      return v;
    });
    const d = dtype ?? 'str';
    const code = d === 'str' ? 'S' : d === 'ascii' ? 'A' : (d as string);
    const itemSize = code === 'S' || code === 'A' ? 4 : Number.parseInt(code.slice(1), 10);
    return { data: strings, shape, dtype: code, itemSize, length: strings.length };
  }

  if (dtype === undefined) {
    if (ArrayBuffer.isView(flat)) dtype = typedName(flat as NumericArray);
    else if (typeof first === 'bigint') dtype = 'int64';
    else if (typeof first === 'boolean') dtype = 'uint8';
    else dtype = options.defaultNumber;
  }
  if (typeof dtype !== 'string' || !(dtype in CODE)) {
    throw new SdkError('E_VALIDATION', `unknown dtype ${String(dtype)}`);
  }
  const name = dtype as NumericName;
  const spec = { ...NUMERIC_DTYPES[name], code: CODE[name] };
  const data =
    ArrayBuffer.isView(flat) && (flat as NumericArray) instanceof spec.ctor
      ? (flat as NumericArray)
      : toNumeric(flat, name);
  return { data, shape, dtype: spec.code, itemSize: spec.size, length: data.length };
}

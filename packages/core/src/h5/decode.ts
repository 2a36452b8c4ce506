// Turns the bytes HDF5 wrote into wasm memory into JS columns. h5wasm's own decoder returns rows
// of arrays for compound types, cannot read float16 and decodes ASCII strings byte by byte; this
// one returns one column per compound member and decodes every string as UTF-8, as h5py does.
import { SdkError } from '../errors.js';
import type { NumericArray } from '../ndarray.js';
import type { H5DType } from './dtype.js';

/** An HDF5 reference as read from a file; resolve it with `H5File.deref`. */
export class H5Reference {
  constructor(
    readonly kind: 'object' | 'region',
    /** The reference's bytes as stored in the file (hobj_ref_t / hdset_reg_ref_t). */
    readonly bytes: Uint8Array,
  ) {}
}

export interface CompoundColumns {
  kind: 'compound';
  names: string[];
  types: H5DType[];
  columns: Column[];
  length: number;
}

/** Elements of a fixed-size array type: `flat` holds `length × size(shape)` base elements. */
export interface ArrayColumn {
  kind: 'array';
  shape: number[];
  flat: Column;
  length: number;
}

/** Decoded elements of one type, in C order. */
export type Column = NumericArray | unknown[] | CompoundColumns | ArrayColumn;

export interface DecodeContext {
  /** The wasm heap at the time of decoding (vlen data live there until reclaimed). */
  heap: Uint8Array;
}

const utf8 = new TextDecoder('utf-8');

function aligned(bytes: Uint8Array, size: number): ArrayBuffer {
  if (bytes.byteOffset % size === 0 && bytes.byteLength === bytes.buffer.byteLength) {
    return bytes.buffer as ArrayBuffer;
  }
  return bytes.slice().buffer as ArrayBuffer;
}

function gather(
  bytes: Uint8Array,
  n: number,
  stride: number,
  offset: number,
  size: number,
): Uint8Array {
  const out = new Uint8Array(n * size);
  for (let i = 0; i < n; i++) {
    const at = i * stride + offset;
    out.set(bytes.subarray(at, at + size), i * size);
  }
  return out;
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

function decodeInteger(bytes: Uint8Array, size: number, signed: boolean, n: number): NumericArray {
  const buf = aligned(bytes, size);
  switch (size) {
    case 1:
      return signed ? new Int8Array(buf, 0, n) : new Uint8Array(buf, 0, n);
    case 2:
      return signed ? new Int16Array(buf, 0, n) : new Uint16Array(buf, 0, n);
    case 4:
      return signed ? new Int32Array(buf, 0, n) : new Uint32Array(buf, 0, n);
    case 8:
      return signed ? new BigInt64Array(buf, 0, n) : new BigUint64Array(buf, 0, n);
    default:
      throw new SdkError('E_UNSUPPORTED', `${size * 8}-bit integers are not supported`);
  }
}

function decodeFloat(bytes: Uint8Array, size: number, n: number): NumericArray {
  switch (size) {
    case 4:
      return new Float32Array(aligned(bytes, 4), 0, n);
    case 8:
      return new Float64Array(aligned(bytes, 8), 0, n);
    case 2: {
      const half = new Uint16Array(aligned(bytes, 2), 0, n);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = halfToFloat(half[i] as number);
      return out;
    }
    default:
      throw new SdkError('E_UNSUPPORTED', `${size * 8}-bit floats are not supported`);
  }
}

function readCString(heap: Uint8Array, ptr: number): string {
  if (ptr === 0) return '';
  let end = heap.indexOf(0, ptr);
  if (end < 0) end = heap.length;
  return utf8.decode(heap.subarray(ptr, end));
}

function decodeFixedString(
  bytes: Uint8Array,
  size: number,
  spacepad: boolean,
  n: number,
): string[] {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    let s = bytes.subarray(i * size, (i + 1) * size);
    const nul = s.indexOf(0);
    if (nul >= 0) s = s.subarray(0, nul);
    let text = utf8.decode(s);
    if (spacepad) text = text.replace(/ +$/, '');
    out[i] = text;
  }
  return out;
}

/** Decodes `n` elements of type `t` stored contiguously in `bytes`. */
export function decodeColumn(bytes: Uint8Array, t: H5DType, n: number, ctx: DecodeContext): Column {
  switch (t.class) {
    case 'int':
    case 'uint':
      return decodeInteger(bytes, t.size, t.class === 'int', n);
    case 'float':
      return decodeFloat(bytes, t.size, n);
    case 'bool': {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        let nonzero = false;
        for (let b = 0; b < t.size; b++) nonzero ||= bytes[i * t.size + b] !== 0;
        out[i] = nonzero ? 1 : 0;
      }
      return out;
    }
    case 'enum':
      return decodeColumn(bytes, t.base, n, ctx);
    case 'string': {
      if (!t.vlen) return decodeFixedString(bytes, t.size, t.padding === 'spacepad', n);
      const ptrs = new Uint32Array(aligned(bytes, 4), 0, n);
      const out = new Array<string>(n);
      for (let i = 0; i < n; i++) out[i] = readCString(ctx.heap, ptrs[i] as number);
      return out;
    }
    case 'compound': {
      const columns = t.members.map((m) =>
        decodeColumn(gather(bytes, n, t.size, m.offset, m.type.size), m.type, n, ctx),
      );
      return {
        kind: 'compound',
        names: t.members.map((m) => m.name),
        types: t.members.map((m) => m.type),
        columns,
        length: n,
      };
    }
    case 'array': {
      const per = t.shape.reduce((a, b) => a * b, 1);
      return {
        kind: 'array',
        shape: t.shape,
        flat: decodeColumn(bytes, t.base, n * per, ctx),
        length: n,
      };
    }
    case 'vlen': {
      // hvl_t in wasm32: {size_t len; void *p}, 4 bytes each.
      const pairs = new Uint32Array(aligned(bytes, 4), 0, 2 * n);
      const out = new Array<Column>(n);
      for (let i = 0; i < n; i++) {
        const len = pairs[2 * i] as number;
        const ptr = pairs[2 * i + 1] as number;
        const data = ctx.heap.slice(ptr, ptr + len * t.base.size);
        out[i] = decodeColumn(data, t.base, len, ctx);
      }
      return out;
    }
    case 'reference': {
      const out = new Array<H5Reference>(n);
      for (let i = 0; i < n; i++)
        out[i] = new H5Reference(t.kind, bytes.slice(i * t.size, (i + 1) * t.size));
      return out;
    }
    default: {
      // Opaque, bitfield and time types: the raw bytes of each element.
      const out = new Array<Uint8Array>(n);
      for (let i = 0; i < n; i++) out[i] = bytes.slice(i * t.size, (i + 1) * t.size);
      return out;
    }
  }
}

export function columnLength(c: Column): number {
  if (Array.isArray(c)) return c.length;
  if ('kind' in c) return c.length;
  return (c as NumericArray).length;
}

/** Concatenates decoded pieces of the same type (pieces of one large read). */
export function concatColumns(parts: Column[]): Column {
  if (parts.length === 1) return parts[0] as Column;
  const first = parts[0];
  if (first === undefined) return [];
  if (Array.isArray(first)) return (parts as unknown[][]).flat(1);
  if ('kind' in first && first.kind === 'compound') {
    const ps = parts as CompoundColumns[];
    return {
      ...first,
      columns: first.columns.map((_, j) => concatColumns(ps.map((p) => p.columns[j] as Column))),
      length: ps.reduce((a, p) => a + p.length, 0),
    };
  }
  if ('kind' in first && first.kind === 'array') {
    const ps = parts as ArrayColumn[];
    return {
      ...first,
      flat: concatColumns(ps.map((p) => p.flat)),
      length: ps.reduce((a, p) => a + p.length, 0),
    };
  }
  const typed = parts as NumericArray[];
  const total = typed.reduce((a, p) => a + p.length, 0);
  const ctor = (first as NumericArray).constructor as new (n: number) => NumericArray;
  const out = new ctor(total);
  let at = 0;
  for (const p of typed) {
    (out as { set(a: ArrayLike<number | bigint>, o: number): void }).set(p, at);
    at += p.length;
  }
  return out;
}

import { SdkError } from '../errors.js';
import { cStrides, fStrides, type NdArray, type NumericArray, sizeOf } from '../ndarray.js';
import {
  decodeElements,
  dtypeOf,
  encodeElements,
  type NumericDtype,
} from './codec/binary-dtype.js';
import { parsePythonLiteral } from './python-literal.js';

/**
 * An array read from `.npy`, with its numpy dtype string (`descr`, e.g. `'<f8'`, `'|b1'`).
 * bool (`b1`) data is a Uint8Array of 0/1; `U`/`S` strings are `string[]` (trailing NULs removed,
 * as numpy does); `f2` is widened to Float32Array.
 */
export interface NpyArray extends NdArray<NumericArray | string[]> {
  dtype: string;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

interface ParsedDescr {
  little: boolean;
  kind: string;
  size: number;
}

function parseDescr(descr: string, file?: string): ParsedDescr {
  const m = /^([<>|=]?)([a-zA-Z])(\d*)(\[.*\])?$/.exec(descr);
  if (!m) {
    throw new SdkError('E_UNSUPPORTED', `numpy dtype ${JSON.stringify(descr)} is not supported`, {
      file,
      path: 'descr',
    });
  }
  const [, order, kind, size, unit] = m;
  if (unit || kind === 'M' || kind === 'm') {
    throw new SdkError('E_UNSUPPORTED', `numpy datetime dtype ${descr} is not supported`, {
      file,
      path: 'descr',
    });
  }
  if (kind === 'O') {
    throw new SdkError('E_UNSUPPORTED', 'numpy object arrays (pickled) are not supported', {
      file,
      path: 'descr',
    });
  }
  if (kind === 'c') {
    throw new SdkError('E_UNSUPPORTED', `numpy complex dtype ${descr} is not supported`, {
      file,
      path: 'descr',
    });
  }
  if (!'biufUSV?'.includes(kind!)) {
    throw new SdkError('E_UNSUPPORTED', `numpy dtype ${JSON.stringify(descr)} is not supported`, {
      file,
      path: 'descr',
    });
  }
  // '=' is native order; every platform this runs on is little-endian.
  return { little: order !== '>', kind: kind === '?' ? 'b' : kind!, size: Number(size || 1) };
}

/** Float16 bits → number. */
function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? Number.NaN : s * Number.POSITIVE_INFINITY;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** The header dict and where the data starts. */
export function parseNpyHeader(
  bytes: Uint8Array,
  options: { file?: string } = {},
): { descr: string; fortranOrder: boolean; shape: number[]; dataOffset: number; version: string } {
  const { file } = options;
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new SdkError('E_FORMAT', 'not an NPY file (no \\x93NUMPY magic)', { file });
  }
  const major = bytes[6]!;
  const minor = bytes[7]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new SdkError('E_FORMAT', 'truncated NPY header', { file });
    headerLen = view.getUint32(8, true);
    start = 12;
  } else {
    throw new SdkError('E_UNSUPPORTED', `NPY format version ${major}.${minor} is not supported`, {
      file,
    });
  }
  if (start + headerLen > bytes.length) {
    throw new SdkError('E_FORMAT', 'truncated NPY header', { file });
  }
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(start, start + headerLen),
  );
  const dict = parsePythonLiteral(text, { file });
  const bad = (what: string): never => {
    throw new SdkError('E_FORMAT', `NPY header ${what}: ${text.trim()}`, { file });
  };
  if (dict === null || typeof dict !== 'object' || Array.isArray(dict) || dict instanceof Map) {
    return bad('is not a dict');
  }
  const d = dict as Record<string, unknown>;
  const descr = d.descr;
  const fortranOrder = d.fortran_order;
  const shape = d.shape;
  if (typeof descr !== 'string') {
    if (Array.isArray(descr)) {
      throw new SdkError('E_UNSUPPORTED', 'structured numpy dtypes are not supported', {
        file,
        path: 'descr',
      });
    }
    bad('has no string descr');
  }
  if (typeof fortranOrder !== 'boolean') bad('has no boolean fortran_order');
  if (
    !Array.isArray(shape) ||
    !shape.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0)
  ) {
    bad('has no shape tuple');
  }
  return {
    descr: descr as string,
    fortranOrder: fortranOrder as boolean,
    shape: shape as number[],
    dataOffset: start + headerLen,
    version: `${major}.${minor}`,
  };
}

/**
 * `np.load` of one `.npy` file's bytes: versions 1.0/2.0/3.0, every numeric dtype (bool, ints,
 * uints, floats) in either byte order, `U`/`S` strings, C or Fortran order (Fortran-ordered data
 * gets F strides, no copy). Complex, object, datetime and structured dtypes throw E_UNSUPPORTED.
 */
export function parseNpy(bytes: Uint8Array, options: { file?: string } = {}): NpyArray {
  const { file } = options;
  const h = parseNpyHeader(bytes, { file });
  const dt = parseDescr(h.descr, file);
  const count = sizeOf(h.shape);
  const itemSize = dt.kind === 'U' ? dt.size * 4 : dt.size;
  const body = bytes.subarray(h.dataOffset);
  if (body.length < count * itemSize) {
    throw new SdkError(
      'E_FORMAT',
      `NPY data is ${body.length} bytes, shape (${h.shape.join(', ')}) of ${h.descr} needs ${count * itemSize}`,
      { file },
    );
  }
  const strides = h.fortranOrder ? fStrides(h.shape) : cStrides(h.shape);
  let data: NumericArray | string[];
  if (dt.kind === 'U' || dt.kind === 'S') {
    const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
    const out: string[] = new Array(count);
    const utf8 = new TextDecoder();
    for (let i = 0; i < count; i++) {
      const off = i * itemSize;
      if (dt.kind === 'U') {
        let s = '';
        for (let c = 0; c < dt.size; c++) {
          s += String.fromCodePoint(view.getUint32(off + c * 4, dt.little));
        }
        // numpy drops trailing NULs only.
        out[i] = s.replace(/\0+$/, '');
      } else {
        let end = off + dt.size;
        while (end > off && body[end - 1] === 0) end--;
        out[i] = utf8.decode(body.subarray(off, end));
      }
    }
    data = out;
  } else if (dt.kind === 'V') {
    throw new SdkError('E_UNSUPPORTED', `numpy void dtype ${h.descr} is not supported`, { file });
  } else if (dt.kind === 'f' && dt.size === 2) {
    const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, dt.little));
    data = out;
  } else {
    if (![1, 2, 4, 8].includes(dt.size) || (dt.kind === 'b' && dt.size !== 1)) {
      throw new SdkError('E_UNSUPPORTED', `numpy dtype ${h.descr} is not supported`, { file });
    }
    data = decodeElements(body, dt as NumericDtype, count, dt.little);
  }
  return { data, shape: h.shape, strides, dtype: h.descr };
}

export interface EncodeNpyOptions {
  /** Write a Uint8Array as numpy bool (`|b1`). */
  bool?: boolean;
  /** Byte order of the written data; default little. */
  endian?: 'little' | 'big';
}

function pyShape(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/** Whether `a` is stored in Fortran order and not C order (then it is written as such). */
function layout(a: NdArray<NdData2>): 'C' | 'F' | 'other' {
  const c = cStrides(a.shape);
  const f = fStrides(a.shape);
  const n = sizeOf(a.shape);
  if (a.data.length !== n) return 'other';
  if (a.shape.every((d, i) => d <= 1 || a.strides[i] === c[i])) return 'C';
  if (a.shape.every((d, i) => d <= 1 || a.strides[i] === f[i])) return 'F';
  return 'other';
}

type NdData2 = NumericArray | readonly string[];

/** A C-ordered copy of an arbitrarily strided array. */
function cOrderCopy<T extends NdData2>(a: NdArray<T>): T {
  const n = sizeOf(a.shape);
  const out: unknown[] | NumericArray = Array.isArray(a.data)
    ? new Array(n)
    : new (a.data.constructor as new (n: number) => NumericArray)(n);
  const rank = a.shape.length;
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let i = 0; i < n; i++) {
    (out as unknown[])[i] = (a.data as ArrayLike<unknown>)[src];
    for (let ax = rank - 1; ax >= 0; ax--) {
      idx[ax]!++;
      src += a.strides[ax]!;
      if (idx[ax]! < a.shape[ax]!) break;
      src -= idx[ax]! * a.strides[ax]!;
      idx[ax] = 0;
    }
  }
  return out as unknown as T;
}

/**
 * `np.save` to bytes: a version 1.0 header (2.0 if it would not fit) padded with spaces and `\n`
 * to a multiple of 64 bytes, as numpy 1.23 writes it. F-strided arrays are written with
 * `fortran_order: True` without copying; other strides are copied to C order. `string[]` data is
 * written as `<U{longest}`.
 */
export function encodeNpy(
  array: NdArray<NumericArray> | NdArray<readonly string[]> | NdArray<string[]>,
  options: EncodeNpyOptions = {},
): Uint8Array {
  const little = options.endian !== 'big';
  const order = layout(array as NdArray<NdData2>);
  const fortran = order === 'F';
  const data = order === 'other' ? cOrderCopy(array as NdArray<NdData2>) : array.data;
  let descr: string;
  let body: Uint8Array;
  if (Array.isArray(data)) {
    const strings = data as readonly string[];
    const width = Math.max(1, ...strings.map((s) => [...s].length));
    descr = `${little ? '<' : '>'}U${width}`;
    body = new Uint8Array(strings.length * width * 4);
    const view = new DataView(body.buffer);
    strings.forEach((s, i) => {
      [...s].forEach((ch, c) => {
        view.setUint32((i * width + c) * 4, ch.codePointAt(0)!, little);
      });
    });
  } else {
    const numeric = data as NumericArray;
    const dt = dtypeOf(numeric);
    if (options.bool) {
      if (!(numeric instanceof Uint8Array)) {
        throw new SdkError('E_VALIDATION', 'bool NPY data must be a Uint8Array of 0/1');
      }
      descr = '|b1';
    } else {
      descr = `${dt.size === 1 ? '|' : little ? '<' : '>'}${dt.kind}${dt.size}`;
    }
    body = encodeElements(numeric, little);
  }
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${pyShape(array.shape)}, }`;
  let version = 1;
  let pre = 10;
  let total = pre + dict.length + 1;
  let padded = Math.ceil(total / 64) * 64;
  if (padded - pre > 0xffff) {
    version = 2;
    pre = 12;
    total = pre + dict.length + 1;
    padded = Math.ceil(total / 64) * 64;
  }
  const headerText = `${dict}${' '.repeat(padded - total)}\n`;
  const out = new Uint8Array(padded + body.length);
  out.set(MAGIC);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, headerText.length, true);
  else view.setUint32(8, headerText.length, true);
  for (let i = 0; i < headerText.length; i++) out[pre + i] = headerText.charCodeAt(i);
  out.set(body, padded);
  return out;
}

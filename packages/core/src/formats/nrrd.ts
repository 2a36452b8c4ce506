import { SdkError } from '../errors.js';
import { fStrides, type NdArray, type NumericArray, sizeOf } from '../ndarray.js';
import {
  arrayConstructor,
  decodeElements,
  dtypeOf,
  encodeElements,
  type NumericDtype,
} from './codec/binary-dtype.js';
import { type Compressor, compress, decompress } from './codec/stream-compression.js';

/** A parsed header value, typed per field as pynrrd types it. */
export type NrrdFieldValue = string | number | number[] | string[] | number[][];

/**
 * The header as pynrrd returns it: field names as written in the file, values parsed per field
 * (sizes → numbers, `space directions` → rows with NaN for `none`, …); `type`, `encoding` and
 * `endian` are the strings as written; `key:=value` pairs and unknown fields are strings.
 */
export interface NrrdHeader {
  type: string;
  dimension: number;
  sizes: number[];
  encoding: string;
  endian?: string;
  space?: string;
  'space dimension'?: number;
  'space directions'?: number[][];
  'space origin'?: number[];
  kinds?: string[];
  spacings?: number[];
  [field: string]: NrrdFieldValue | undefined;
}

export interface Nrrd {
  /** Shape = `sizes` in file order, Fortran strides: element (i,j,k) is at i + j·n0 + k·n0·n1. */
  data: NdArray;
  header: NrrdHeader;
}

/** Part of a volume along one axis: indices `start ≤ i < stop` (file axis order). */
export interface NrrdSlab {
  axis: number;
  start: number;
  stop: number;
}

export interface ParseNrrdOptions {
  /** Named in error messages. */
  file?: string;
  slab?: NrrdSlab;
  /** Loads a detached data file (`data file:` field), named as in the header. */
  readDataFile?: (name: string) => Promise<Uint8Array>;
}

type FieldKind =
  | 'int'
  | 'double'
  | 'string'
  | 'int list'
  | 'double list'
  | 'string list'
  | 'quoted string list'
  | 'double vector'
  | 'double matrix';

/** pynrrd's `_get_field_type`; anything not listed is a string. */
function fieldKind(field: string): FieldKind {
  switch (field) {
    case 'dimension':
    case 'lineskip':
    case 'line skip':
    case 'byteskip':
    case 'byte skip':
    case 'space dimension':
      return 'int';
    case 'min':
    case 'max':
    case 'oldmin':
    case 'old min':
    case 'oldmax':
    case 'old max':
      return 'double';
    case 'sizes':
      return 'int list';
    case 'spacings':
    case 'thicknesses':
    case 'axismins':
    case 'axis mins':
    case 'axismaxs':
    case 'axis maxs':
      return 'double list';
    case 'kinds':
    case 'centerings':
      return 'string list';
    case 'labels':
    case 'units':
    case 'space units':
      return 'quoted string list';
    case 'space origin':
      return 'double vector';
    case 'space directions':
    case 'measurement frame':
      return 'double matrix';
    default:
      return 'string';
  }
}

/** pynrrd writes known fields in this order, then everything else as `key:=value`. */
const FIELD_ORDER = [
  'type',
  'dimension',
  'space dimension',
  'space',
  'sizes',
  'space directions',
  'kinds',
  'endian',
  'encoding',
  'min',
  'max',
  'oldmin',
  'old min',
  'oldmax',
  'old max',
  'content',
  'sample units',
  'spacings',
  'thicknesses',
  'axis mins',
  'axismins',
  'axis maxs',
  'axismaxs',
  'centerings',
  'labels',
  'units',
  'space units',
  'space origin',
  'measurement frame',
  'data file',
];

const TYPES: Record<string, NumericDtype> = {};
const addType = (names: string[], dt: NumericDtype) => {
  for (const n of names) TYPES[n] = dt;
};
addType(['signed char', 'int8', 'int8_t'], { kind: 'i', size: 1 });
addType(['uchar', 'unsigned char', 'uint8', 'uint8_t'], { kind: 'u', size: 1 });
addType(['short', 'short int', 'signed short', 'signed short int', 'int16', 'int16_t'], {
  kind: 'i',
  size: 2,
});
addType(['ushort', 'unsigned short', 'unsigned short int', 'uint16', 'uint16_t'], {
  kind: 'u',
  size: 2,
});
addType(['int', 'signed int', 'int32', 'int32_t'], { kind: 'i', size: 4 });
addType(['uint', 'unsigned int', 'uint32', 'uint32_t'], { kind: 'u', size: 4 });
addType(
  [
    'longlong',
    'long long',
    'long long int',
    'signed long long',
    'signed long long int',
    'int64',
    'int64_t',
  ],
  { kind: 'i', size: 8 },
);
addType(['ulonglong', 'unsigned long long', 'unsigned long long int', 'uint64', 'uint64_t'], {
  kind: 'u',
  size: 8,
});
addType(['float'], { kind: 'f', size: 4 });
addType(['double'], { kind: 'f', size: 8 });

/** The element type of an NRRD `type` string (any alias). */
export function nrrdDtype(type: string, file?: string): NumericDtype {
  const dt = TYPES[type];
  if (!dt) {
    throw new SdkError(
      type === 'block' ? 'E_UNSUPPORTED' : 'E_FORMAT',
      `NRRD type ${JSON.stringify(type)} is not supported`,
      { file, path: 'type' },
    );
  }
  return dt;
}

function parseNumber(text: string, file: string | undefined, field: string): number {
  const t = text.trim().toLowerCase();
  if (t === 'nan') return Number.NaN;
  if (t === 'inf' || t === '+inf') return Number.POSITIVE_INFINITY;
  if (t === '-inf') return Number.NEGATIVE_INFINITY;
  const v = Number(t);
  if (t === '' || Number.isNaN(v)) {
    throw new SdkError('E_FORMAT', `NRRD field ${field}: ${JSON.stringify(text)} is not a number`, {
      file,
      path: field,
    });
  }
  return v;
}

function parseVector(text: string, file: string | undefined, field: string): number[] {
  const t = text.trim();
  if (!t.startsWith('(') || !t.endsWith(')')) {
    throw new SdkError('E_FORMAT', `NRRD field ${field}: vector ${JSON.stringify(t)} needs (…)`, {
      file,
      path: field,
    });
  }
  return t
    .slice(1, -1)
    .split(',')
    .map((x) => parseNumber(x, file, field));
}

function parseField(field: string, value: string, file?: string): NrrdFieldValue {
  const kind = fieldKind(field);
  const words = () => value.trim().split(/\s+/).filter(Boolean);
  switch (kind) {
    case 'int': {
      const v = parseNumber(value, file, field);
      if (!Number.isInteger(v)) {
        throw new SdkError('E_FORMAT', `NRRD field ${field}: ${value} is not an integer`, {
          file,
          path: field,
        });
      }
      return v;
    }
    case 'double':
      return parseNumber(value, file, field);
    case 'int list':
      return words().map((w) => {
        const v = parseNumber(w, file, field);
        if (!Number.isInteger(v)) {
          throw new SdkError('E_FORMAT', `NRRD field ${field}: ${w} is not an integer`, {
            file,
            path: field,
          });
        }
        return v;
      });
    case 'double list':
      return words().map((w) => parseNumber(w, file, field));
    case 'string list':
      return words();
    case 'quoted string list':
      return [...value.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
    case 'double vector':
      return parseVector(value, file, field);
    case 'double matrix': {
      const rows = words().map((w) => (w === 'none' ? null : parseVector(w, file, field)));
      const width = rows.find((r) => r !== null)?.length ?? 0;
      // pynrrd turns a `none` row into NaNs of the matrix width.
      return rows.map((r) => r ?? new Array<number>(width).fill(Number.NaN));
    }
    default:
      return value;
  }
}

const MAGIC = /^NRRD000([1-9])$/;

/**
 * The header of an NRRD file and where its attached data starts (the byte after the blank line),
 * or `dataOffset: -1` when the header has not ended within `bytes` (read more and retry).
 */
export function parseNrrdHeader(
  bytes: Uint8Array,
  options: { file?: string } = {},
): { header: NrrdHeader; dataOffset: number } {
  const { file } = options;
  // The header is ASCII; find its end (an empty line) without decoding the data.
  let end = -1;
  let headerEnd = bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    if (bytes[i + 1] === 0x0a) {
      headerEnd = i;
      end = i + 2;
      break;
    }
    if (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a) {
      headerEnd = i;
      end = i + 3;
      break;
    }
  }
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, headerEnd));
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const magic = lines[0] ?? '';
  const m = MAGIC.exec(magic);
  if (!m) {
    throw new SdkError(
      'E_FORMAT',
      `not an NRRD file (magic ${JSON.stringify(magic.slice(0, 8))})`,
      {
        file,
      },
    );
  }
  if (Number(m[1]) > 5) {
    throw new SdkError('E_UNSUPPORTED', `NRRD version ${m[1]} is newer than 5`, { file });
  }
  const header: Record<string, NrrdFieldValue> = {};
  for (const [n, raw] of lines.slice(1).entries()) {
    const line = raw.trimEnd();
    if (line.startsWith('#')) continue;
    if (line === '') break;
    // As pynrrd: split at the first ':' (or ':='), strip both sides, type the value by field name.
    const colon = line.indexOf(':');
    if (colon < 0) {
      throw new SdkError('E_FORMAT', `NRRD header line ${n + 2} is not "field: value"`, {
        file,
        path: line,
      });
    }
    const field = line.slice(0, colon).trim();
    let rest = line.slice(colon + 1);
    if (rest.startsWith('=')) rest = rest.slice(1);
    if (field in header) {
      throw new SdkError('E_FORMAT', `NRRD field ${JSON.stringify(field)} appears twice`, {
        file,
        path: field,
      });
    }
    setField(header, field, parseField(field, rest.trim(), file));
  }
  for (const req of ['type', 'dimension', 'encoding', 'sizes']) {
    if (!(req in header)) {
      throw new SdkError('E_FORMAT', `NRRD header has no ${JSON.stringify(req)} field`, {
        file,
        path: req,
      });
    }
  }
  const h = header as NrrdHeader;
  if (h.sizes.length !== h.dimension) {
    throw new SdkError(
      'E_FORMAT',
      `NRRD sizes has ${h.sizes.length} values for dimension ${h.dimension}`,
      { file, path: 'sizes' },
    );
  }
  return { header: h, dataOffset: end };
}

function setField(header: Record<string, NrrdFieldValue>, key: string, value: NrrdFieldValue) {
  // A `__proto__` field must stay an ordinary key.
  Object.defineProperty(header, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** `byte skip` and `line skip`, whichever spelling the header uses. */
function skips(h: NrrdHeader): { lineSkip: number; byteSkip: number } {
  const num = (a: string, b: string) => (h[a] ?? h[b] ?? 0) as number;
  return { lineSkip: num('line skip', 'lineskip'), byteSkip: num('byte skip', 'byteskip') };
}

export function nrrdDataFileName(h: NrrdHeader): string | undefined {
  const v = h['data file'] ?? h.datafile;
  return typeof v === 'string' ? v : undefined;
}

function normalEncoding(h: NrrdHeader, file?: string): 'raw' | 'gzip' | 'bzip2' | 'ascii' {
  switch (h.encoding) {
    case 'raw':
      return 'raw';
    case 'gzip':
    case 'gz':
      return 'gzip';
    case 'bzip2':
    case 'bz2':
      return 'bzip2';
    case 'ascii':
    case 'ASCII':
    case 'text':
    case 'txt':
      return 'ascii';
    default:
      throw new SdkError('E_FORMAT', `unknown NRRD encoding ${JSON.stringify(h.encoding)}`, {
        file,
        path: 'encoding',
      });
  }
}

/** Little-endian unless `endian: big`; required for multi-byte binary data, as in pynrrd. */
export function nrrdLittleEndian(h: NrrdHeader, dt: NumericDtype, file?: string): boolean {
  if (dt.size === 1 || normalEncoding(h, file) === 'ascii') return true;
  if (h.endian === 'little') return true;
  if (h.endian === 'big') return false;
  throw new SdkError(
    'E_FORMAT',
    h.endian === undefined
      ? 'NRRD header needs an endian field for multi-byte data'
      : `unknown NRRD endian ${JSON.stringify(h.endian)}`,
    { file, path: 'endian' },
  );
}

function skipLines(bytes: Uint8Array, lines: number): Uint8Array {
  let pos = 0;
  for (let n = 0; n < lines; n++) {
    const nl = bytes.indexOf(0x0a, pos);
    if (nl < 0) return bytes.subarray(bytes.length);
    pos = nl + 1;
  }
  return bytes.subarray(pos);
}

function checkSlab(h: NrrdHeader, slab: NrrdSlab | undefined, file?: string): number[] {
  const shape = [...h.sizes];
  if (!slab) return shape;
  const n = shape[slab.axis];
  if (
    n === undefined ||
    !Number.isInteger(slab.start) ||
    !Number.isInteger(slab.stop) ||
    slab.start < 0 ||
    slab.stop > n ||
    slab.start > slab.stop
  ) {
    throw new SdkError(
      'E_VALIDATION',
      `slab ${JSON.stringify(slab)} does not fit sizes [${shape.join(' ')}]`,
      { file },
    );
  }
  shape[slab.axis] = slab.stop - slab.start;
  return shape;
}

/** The F-ordered elements of `slab` out of a full F-ordered volume. */
export function extractNrrdSlab(
  full: NumericArray,
  sizes: readonly number[],
  slab: NrrdSlab,
): NumericArray {
  const inner = sizeOf(sizes.slice(0, slab.axis));
  const n = sizes[slab.axis]!;
  const outer = sizeOf(sizes.slice(slab.axis + 1));
  const width = slab.stop - slab.start;
  const Ctor = full.constructor as new (n: number) => NumericArray;
  const out = new Ctor(inner * width * outer);
  for (let o = 0; o < outer; o++) {
    const src = (o * n + slab.start) * inner;
    const part = full.subarray(src, src + width * inner);
    (out as Float64Array).set(part as Float64Array, o * width * inner);
  }
  return out;
}

/**
 * Decodes the data of an NRRD whose header is known: `payload` holds the bytes after the header
 * (or the detached data file). Applies line/byte skips, decompression and byte order.
 */
export async function decodeNrrdData(
  header: NrrdHeader,
  payload: Uint8Array,
  options: { file?: string; slab?: NrrdSlab } = {},
): Promise<NdArray> {
  const { file } = options;
  const dt = nrrdDtype(header.type, file);
  const encoding = normalEncoding(header, file);
  const little = nrrdLittleEndian(header, dt, file);
  const count = sizeOf(header.sizes);
  const { lineSkip, byteSkip } = skips(header);
  let bytes = skipLines(payload, lineSkip);
  let data: NumericArray;
  if (encoding === 'ascii') {
    const words = new TextDecoder().decode(bytes).trim().split(/\s+/).filter(Boolean);
    if (words.length < count) {
      throw new SdkError('E_FORMAT', `NRRD ascii data has ${words.length} of ${count} values`, {
        file,
      });
    }
    const Ctor = arrayConstructor(dt);
    data = new Ctor(count);
    for (let i = 0; i < count; i++) {
      const w = words[i]!;
      if (dt.size === 8 && dt.kind !== 'f') (data as BigInt64Array)[i] = BigInt(w);
      else (data as Float64Array)[i] = dt.kind === 'f' ? parseNumber(w, file, 'data') : Number(w);
    }
  } else {
    if (encoding === 'bzip2') {
      throw new SdkError('E_UNSUPPORTED', 'bzip2-encoded NRRD data is not supported', {
        file,
        path: 'encoding',
      });
    }
    const need = count * dt.size;
    if (encoding === 'raw') {
      bytes = byteSkip === -1 ? bytes.subarray(bytes.length - need) : bytes.subarray(byteSkip);
    } else {
      bytes = await decompress(bytes, 'gzip', { file });
      bytes = byteSkip === -1 ? bytes.subarray(bytes.length - need) : bytes.subarray(byteSkip);
    }
    if (bytes.length < need) {
      throw new SdkError(
        'E_FORMAT',
        `NRRD data is ${bytes.length} bytes, sizes [${header.sizes.join(' ')}] of ${header.type} need ${need}`,
        { file },
      );
    }
    data = decodeElements(bytes, dt, count, little);
  }
  const shape = checkSlab(header, options.slab, file);
  if (options.slab) data = extractNrrdSlab(data, header.sizes, options.slab);
  return { data, shape, strides: fStrides(shape) };
}

/**
 * `nrrd.read(…, index_order='F')` on the bytes of a file: raw, gzip and ascii encodings, any
 * byte order, detached data through `readDataFile`. Asynchronous because gzip goes through the
 * Compression Streams API (portable to browsers).
 */
export async function parseNrrd(bytes: Uint8Array, options: ParseNrrdOptions = {}): Promise<Nrrd> {
  const { file } = options;
  const { header, dataOffset } = parseNrrdHeader(bytes, { file });
  const detached = nrrdDataFileName(header);
  let payload: Uint8Array;
  if (detached !== undefined) {
    if (/^LIST\b/.test(detached) || /%/.test(detached) || /\s/.test(detached.trim())) {
      throw new SdkError('E_UNSUPPORTED', `NRRD data file lists are not supported: ${detached}`, {
        file,
        path: 'data file',
      });
    }
    if (!options.readDataFile) {
      throw new SdkError('E_UNSUPPORTED', `detached NRRD data (${detached}) needs a file reader`, {
        file,
        path: 'data file',
      });
    }
    payload = await options.readDataFile(detached);
  } else {
    if (dataOffset < 0) {
      throw new SdkError('E_FORMAT', 'NRRD header does not end with an empty line', { file });
    }
    payload = bytes.subarray(dataOffset);
  }
  const data = await decodeNrrdData(header, payload, { file, slab: options.slab });
  return { data, header };
}

export interface EncodeNrrdOptions {
  /** Replaces the Compression Streams gzip (e.g. a zlib compressor with level 9 in Node). */
  compressor?: Compressor;
}

const NRRD_TYPE_NAMES: Record<string, string> = {
  i1: 'int8',
  u1: 'uint8',
  i2: 'int16',
  u2: 'uint16',
  i4: 'int32',
  u4: 'uint32',
  i8: 'int64',
  u8: 'uint64',
  f4: 'float',
  f8: 'double',
};

function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return String(x);
}

function formatField(field: string, value: NrrdFieldValue): string {
  const kind = fieldKind(field);
  const vec = (v: readonly number[]) => `(${v.map(formatNumber).join(',')})`;
  switch (kind) {
    case 'int':
    case 'double':
      return formatNumber(value as number);
    case 'int list':
    case 'double list':
      return (value as number[]).map(formatNumber).join(' ');
    case 'string list':
      return (value as string[]).join(' ');
    case 'quoted string list':
      return (value as string[]).map((s) => `"${s}"`).join(' ');
    case 'double vector':
      return vec(value as number[]);
    case 'double matrix':
      return (value as number[][])
        .map((row) => (row.every((x) => Number.isNaN(x)) ? 'none' : vec(row)))
        .join(' ');
    default:
      return String(value);
  }
}

/** The elements in Fortran order (first index fastest), copying only when the strides differ. */
function fortranData(a: NdArray): NumericArray {
  const f = fStrides(a.shape);
  const n = sizeOf(a.shape);
  if (a.shape.every((d, i) => d <= 1 || a.strides[i] === f[i]) && a.data.length === n)
    return a.data;
  const Ctor = a.data.constructor as new (n: number) => NumericArray;
  const out = new Ctor(n);
  const idx = new Array<number>(a.shape.length).fill(0);
  let src = 0;
  for (let i = 0; i < n; i++) {
    (out as Float64Array)[i] = (a.data as Float64Array)[src]!;
    for (let ax = 0; ax < a.shape.length; ax++) {
      idx[ax]!++;
      src += a.strides[ax]!;
      if (idx[ax]! < a.shape[ax]!) break;
      src -= idx[ax]! * a.strides[ax]!;
      idx[ax] = 0;
    }
  }
  return out;
}

/**
 * `nrrd.write(…, index_order='F')` to bytes: `shape` axis 0 varies fastest in the file. The
 * header's `type`, `dimension`, `sizes` (and `endian` for multi-byte types) come from the array;
 * `encoding` defaults to gzip; `endian: 'big'` writes big-endian data. Known fields are written
 * in pynrrd's order, the rest as `key:=value`. `space` replaces `space dimension`, as pynrrd does.
 */
export async function encodeNrrd(
  array: NdArray,
  header: Partial<NrrdHeader> = {},
  options: EncodeNrrdOptions = {},
): Promise<Uint8Array> {
  const dt = dtypeOf(array.data);
  const h: Record<string, NrrdFieldValue> = {};
  for (const [k, v] of Object.entries(header)) if (v !== undefined) setField(h, k, v);
  h.type = NRRD_TYPE_NAMES[`${dt.kind}${dt.size}`]!;
  h.dimension = array.shape.length;
  h.sizes = [...array.shape];
  if (h.encoding === undefined) h.encoding = 'gzip';
  if (dt.size > 1) h.endian = h.endian === 'big' ? 'big' : 'little';
  else delete h.endian;
  if ('space' in h) delete h['space dimension'];
  delete h['data file'];
  delete h.datafile;
  const encoding = normalEncoding(h as NrrdHeader);
  if (encoding === 'bzip2') {
    throw new SdkError('E_UNSUPPORTED', 'writing bzip2 NRRD data is not supported');
  }
  const lines = ['NRRD0005', '# This NRRD file was generated by @sdk/core'];
  for (const field of FIELD_ORDER) {
    if (field in h) lines.push(`${field}: ${formatField(field, h[field]!)}`);
  }
  for (const [k, v] of Object.entries(h)) {
    if (!FIELD_ORDER.includes(k)) lines.push(`${k}:=${formatField(k, v)}`);
  }
  const head = new TextEncoder().encode(`${lines.join('\n')}\n\n`);
  const elements = fortranData(array);
  let body: Uint8Array;
  if (encoding === 'ascii') {
    body = new TextEncoder().encode(
      `${Array.from(elements as ArrayLike<number | bigint>, (x) =>
        typeof x === 'bigint' ? x.toString() : formatNumber(x),
      ).join('\n')}\n`,
    );
  } else {
    body = encodeElements(elements, h.endian !== 'big');
    if (encoding === 'gzip')
      body = await (options.compressor ?? ((b) => compress(b, 'gzip')))(body);
  }
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

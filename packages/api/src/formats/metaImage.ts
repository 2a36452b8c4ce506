/**
 * MetaImage (`.mhd` + `.raw`/`.zraw`, or one file with `ElementDataFile = LOCAL`), read as allensdk
 * 2.16.2 `sitk_utilities.read_ndarray_with_sitk` returns it: SimpleITK's array with its axes put
 * back in file order (`fix_array_dimensions`), so the shape is `DimSize` (x, y, z), plus the
 * channels last when there are several, C-contiguous; and the image information (spacing,
 * origin, size, direction, ncomponents). Browser-safe: files come through a CacheStore.
 */
import { type CacheStore, type NdArray, type NumericArray, SdkError, toCOrder } from '@sdk/core';

export interface MetaImageInformation {
  spacing: number[];
  origin: number[];
  size: number[];
  /** Row-major direction cosines (`image.GetDirection()`). */
  direction: number[];
  ncomponents: number;
}

export interface MetaImage {
  /** Shape `size` (plus `ncomponents` last when > 1), C order. */
  data: NdArray;
  information: MetaImageInformation;
  /** The header fields as written. */
  header: Record<string, string>;
}

const ELEMENT_TYPES: Record<
  string,
  {
    bytes: number;
    make: (n: number) => NumericArray;
    get: (v: DataView, o: number, le: boolean) => number;
  }
> = {
  MET_CHAR: { bytes: 1, make: (n) => new Int8Array(n), get: (v, o) => v.getInt8(o) },
  MET_UCHAR: { bytes: 1, make: (n) => new Uint8Array(n), get: (v, o) => v.getUint8(o) },
  MET_SHORT: { bytes: 2, make: (n) => new Int16Array(n), get: (v, o, le) => v.getInt16(o, le) },
  MET_USHORT: { bytes: 2, make: (n) => new Uint16Array(n), get: (v, o, le) => v.getUint16(o, le) },
  MET_INT: { bytes: 4, make: (n) => new Int32Array(n), get: (v, o, le) => v.getInt32(o, le) },
  MET_UINT: { bytes: 4, make: (n) => new Uint32Array(n), get: (v, o, le) => v.getUint32(o, le) },
  MET_FLOAT: { bytes: 4, make: (n) => new Float32Array(n), get: (v, o, le) => v.getFloat32(o, le) },
  MET_DOUBLE: {
    bytes: 8,
    make: (n) => new Float64Array(n),
    get: (v, o, le) => v.getFloat64(o, le),
  },
};

interface ParsedHeader {
  fields: Record<string, string>;
  /** Bytes up to and including the `ElementDataFile` line (where LOCAL data starts). */
  length: number;
}

/** `Key = Value` lines up to `ElementDataFile`, which MetaIO requires to be the last field. */
export function parseMetaImageHeader(bytes: Uint8Array, file?: string): ParsedHeader {
  const fields: Record<string, string> = {};
  let at = 0;
  while (at < bytes.length) {
    let nl = bytes.indexOf(10, at);
    if (nl < 0) nl = bytes.length;
    const line = new TextDecoder('latin1').decode(bytes.subarray(at, nl)).trim();
    at = nl + 1;
    if (line === '') continue;
    const eq = line.indexOf('=');
    if (eq < 0)
      throw new SdkError('E_FORMAT', `MetaImage header line without '=': ${line}`, { file });
    const key = line.slice(0, eq).trim();
    fields[key] = line.slice(eq + 1).trim();
    if (key === 'ElementDataFile') return { fields, length: Math.min(at, bytes.length) };
  }
  throw new SdkError('E_FORMAT', 'MetaImage header has no ElementDataFile', { file });
}

function numbers(fields: Record<string, string>, key: string, file?: string): number[] | undefined {
  const v = fields[key];
  if (v === undefined) return undefined;
  const out = v.split(/\s+/).filter(Boolean).map(Number);
  if (out.some((x) => Number.isNaN(x))) {
    throw new SdkError('E_FORMAT', `MetaImage ${key} is not numeric: ${v}`, { file, path: key });
  }
  return out;
}

const isTrue = (v: string | undefined) => v !== undefined && /^true$/i.test(v);

function dirnameKey(key: string): string {
  const i = Math.max(key.lastIndexOf('/'), key.lastIndexOf('\\'));
  return i < 0 ? '' : key.slice(0, i + 1);
}

async function inflate(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream('deflate'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (cause) {
    throw new SdkError('E_FORMAT', `corrupt zlib data in ${file}`, { file, cause });
  }
}

/** Reads the MetaImage `key` (its `.mhd`) and its data file from `store`. */
export async function readMetaImage(store: CacheStore, key: string): Promise<MetaImage> {
  const file = store.locate(key);
  const headerBytes = await store.readBytes(key);
  const { fields, length } = parseMetaImageHeader(headerBytes, file);
  const size = numbers(fields, 'DimSize', file);
  const nd = Number(fields.NDims ?? size?.length);
  if (!size || size.length !== nd || size.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new SdkError(
      'E_FORMAT',
      `MetaImage DimSize ${fields.DimSize} does not fit NDims ${fields.NDims}`,
      {
        file,
        path: 'DimSize',
      },
    );
  }
  const type = ELEMENT_TYPES[fields.ElementType ?? ''];
  if (!type) {
    throw new SdkError(
      'E_UNSUPPORTED',
      `MetaImage ElementType ${fields.ElementType} is not supported`,
      {
        file,
        path: 'ElementType',
      },
    );
  }
  if (fields.BinaryData !== undefined && !isTrue(fields.BinaryData)) {
    throw new SdkError('E_UNSUPPORTED', 'ASCII MetaImage data is not supported', { file });
  }
  const ncomponents = Number(fields.ElementNumberOfChannels ?? 1);
  const dataName = fields.ElementDataFile ?? '';
  if (dataName === 'LIST' || dataName.includes('%') || dataName.includes(' ')) {
    throw new SdkError('E_UNSUPPORTED', `MetaImage file lists (${dataName}) are not supported`, {
      file,
    });
  }
  const dataKey = dataName === 'LOCAL' ? key : dirnameKey(key) + dataName;
  let raw = dataName === 'LOCAL' ? headerBytes.subarray(length) : await store.readBytes(dataKey);
  const count = size.reduce((a, b) => a * b, 1) * ncomponents;
  const byteCount = count * type.bytes;
  if (isTrue(fields.CompressedData)) raw = await inflate(raw, store.locate(dataKey));
  else {
    const skip = Number(fields.HeaderSize ?? 0);
    raw = skip === -1 ? raw.subarray(raw.length - byteCount) : raw.subarray(skip);
  }
  if (raw.length < byteCount) {
    throw new SdkError(
      'E_FORMAT',
      `MetaImage data has ${raw.length} bytes, ${byteCount} expected`,
      {
        file: store.locate(dataKey),
      },
    );
  }
  const littleEndian = !isTrue(fields.BinaryDataByteOrderMSB ?? fields.ElementByteOrderMSB);
  const view = new DataView(raw.buffer, raw.byteOffset, byteCount);
  const values = type.make(count);
  for (let i = 0; i < count; i++) {
    (values as Float64Array)[i] = type.get(view, i * type.bytes, littleEndian);
  }
  // File order: channel fastest, then x, y, z (Fortran order of `size`).
  const shape = ncomponents > 1 ? [...size, ncomponents] : [...size];
  const strides: number[] = [];
  let stride = ncomponents;
  for (const d of size) {
    strides.push(stride);
    stride *= d;
  }
  if (ncomponents > 1) strides.push(1);
  const identity = Array.from({ length: nd * nd }, (_, i) => (i % (nd + 1) === 0 ? 1 : 0));
  // MetaIO stores the direction matrix transposed (column by column).
  const tm =
    numbers(fields, 'TransformMatrix', file) ??
    numbers(fields, 'Rotation', file) ??
    numbers(fields, 'Orientation', file);
  const direction =
    tm && tm.length === nd * nd
      ? identity.map((_, k) => tm[(k % nd) * nd + Math.floor(k / nd)] as number)
      : identity;
  const information: MetaImageInformation = {
    spacing: numbers(fields, 'ElementSpacing', file) ?? Array<number>(nd).fill(1),
    origin:
      numbers(fields, 'Offset', file) ??
      numbers(fields, 'Position', file) ??
      numbers(fields, 'Origin', file) ??
      Array<number>(nd).fill(0),
    size,
    direction,
    ncomponents,
  };
  return { data: toCOrder({ data: values, shape, strides }), information, header: fields };
}

import { SdkError } from '../../errors.js';
import type { NumericArray } from '../../ndarray.js';

/** A fixed-size numeric element type: kind (b=bool, i, u, f) and size in bytes. */
export interface NumericDtype {
  kind: 'b' | 'i' | 'u' | 'f';
  size: 1 | 2 | 4 | 8;
}

type Ctor = { new (n: number): NumericArray; BYTES_PER_ELEMENT: number };

export function arrayConstructor(dt: NumericDtype): Ctor {
  const key = `${dt.kind}${dt.size}`;
  const ctor = (
    {
      b1: Uint8Array,
      i1: Int8Array,
      u1: Uint8Array,
      i2: Int16Array,
      u2: Uint16Array,
      i4: Int32Array,
      u4: Uint32Array,
      i8: BigInt64Array,
      u8: BigUint64Array,
      f4: Float32Array,
      f8: Float64Array,
    } as Record<string, Ctor>
  )[key];
  if (!ctor) throw new SdkError('E_UNSUPPORTED', `unsupported element type ${key}`);
  return ctor;
}

/** The dtype of a typed array (Uint8Array is u1; booleans are only known from the file). */
export function dtypeOf(data: NumericArray): NumericDtype {
  if (data instanceof Float64Array) return { kind: 'f', size: 8 };
  if (data instanceof Float32Array) return { kind: 'f', size: 4 };
  if (data instanceof BigInt64Array) return { kind: 'i', size: 8 };
  if (data instanceof BigUint64Array) return { kind: 'u', size: 8 };
  if (data instanceof Int32Array) return { kind: 'i', size: 4 };
  if (data instanceof Uint32Array) return { kind: 'u', size: 4 };
  if (data instanceof Int16Array) return { kind: 'i', size: 2 };
  if (data instanceof Uint16Array) return { kind: 'u', size: 2 };
  if (data instanceof Int8Array) return { kind: 'i', size: 1 };
  return { kind: 'u', size: 1 };
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Elements from raw bytes in the given byte order. Copies into a fresh, aligned typed array (the
 * source offset is rarely aligned), swapping bytes when the order differs from the host's.
 */
export function decodeElements(
  bytes: Uint8Array,
  dt: NumericDtype,
  count: number,
  littleEndian: boolean,
): NumericArray {
  const Ctor = arrayConstructor(dt);
  const out = new Ctor(count);
  const outBytes = new Uint8Array(out.buffer, out.byteOffset, count * dt.size);
  outBytes.set(bytes.subarray(0, count * dt.size));
  if (dt.size > 1 && littleEndian !== LITTLE_ENDIAN_HOST) swapInPlace(outBytes, dt.size);
  return out;
}

/** Raw bytes of elements in the given byte order (a copy when swapping is needed). */
export function encodeElements(data: NumericArray, littleEndian: boolean): Uint8Array {
  const size = data.BYTES_PER_ELEMENT;
  const view = new Uint8Array(data.buffer, data.byteOffset, data.length * size);
  if (size === 1 || littleEndian === LITTLE_ENDIAN_HOST) return view;
  const copy = view.slice();
  swapInPlace(copy, size);
  return copy;
}

function swapInPlace(b: Uint8Array, size: number): void {
  for (let i = 0; i + size <= b.length; i += size) {
    for (let lo = i, hi = i + size - 1; lo < hi; lo++, hi--) {
      const t = b[lo]!;
      b[lo] = b[hi]!;
      b[hi] = t;
    }
  }
}

// Structural copy of @sdk/core's NdArray (signal has no dependency on core): an n-d array is
// typed data with a shape and element strides, row-major unless the strides say otherwise.
export type NumericArray =
  | Float64Array
  | Float32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array;

export interface NdArray<T extends NumericArray = Float64Array> {
  data: T;
  shape: number[];
  /** Element (not byte) strides; absent means C order. */
  strides?: number[];
}

/** Numeric input accepted by the kernels: any typed array or a plain number array. */
export type ArrayLike = NumericArray | readonly number[];

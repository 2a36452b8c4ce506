// B-spline interpolation of C-order n-d arrays as scipy.ndimage 1.10 does it: spline_filter
// (recursive prefilter with the mode's boundary initialisation), then NI_ZoomShift /
// NI_GeometricTransform's per-axis weights, edge index mapping and constant-mode cut-off.
import { SdkError } from '../errors.js';
import type { NdArray, NumericArray } from '../ndarray.js';

export type InterpolationMode =
  | 'constant'
  | 'nearest'
  | 'mirror'
  | 'reflect'
  | 'wrap'
  | 'grid-constant'
  | 'grid-mirror'
  | 'grid-wrap';

enum Mode {
  Nearest = 0,
  Wrap = 1,
  Reflect = 2,
  Mirror = 3,
  Constant = 4,
  GridWrap = 5,
  GridConstant = 6,
}

function modeCode(mode: string): Mode {
  switch (mode) {
    case 'nearest':
      return Mode.Nearest;
    case 'wrap':
      return Mode.Wrap;
    case 'reflect':
    case 'grid-mirror':
      return Mode.Reflect;
    case 'mirror':
      return Mode.Mirror;
    case 'constant':
      return Mode.Constant;
    case 'grid-wrap':
      return Mode.GridWrap;
    case 'grid-constant':
      return Mode.GridConstant;
    default:
      throw new SdkError('E_VALIDATION', `boundary mode not supported: '${mode}'`, {
        path: 'mode',
      });
  }
}

/** Modes without an analytic prefilter or prepadding use mirror extension (scipy `_get_spline_boundary_mode`). */
function splineBoundary(mode: Mode): Mode {
  return mode === Mode.Constant || mode === Mode.Wrap ? Mode.Mirror : mode;
}

/** scipy `map_coordinate`: folds an out-of-range coordinate back, or −1 for constant modes. */
function mapCoordinate(inp: number, len: number, mode: Mode): number {
  let v = inp;
  if (v < 0) {
    switch (mode) {
      case Mode.Mirror:
        if (len <= 1) v = 0;
        else {
          const sz2 = 2 * len - 2;
          v = sz2 * Math.trunc(-v / sz2) + v;
          v = v <= 1 - len ? v + sz2 : -v;
        }
        break;
      case Mode.Reflect:
        if (len <= 1) v = 0;
        else {
          const sz2 = 2 * len;
          if (v < -sz2) v = sz2 * Math.trunc(-v / sz2) + v;
          v = v < -len ? v + sz2 : (v > -1e-15 ? 1e-15 : -v) - 1;
        }
        break;
      case Mode.Wrap:
        if (len <= 1) v = 0;
        else {
          const sz = len - 1;
          v += sz * (Math.trunc(-v / sz) + 1);
        }
        break;
      case Mode.GridWrap:
        if (len <= 1) v = 0;
        else v += len * (Math.trunc((-1 - v) / len) + 1);
        break;
      case Mode.Nearest:
        v = 0;
        break;
      case Mode.Constant:
        v = -1;
        break;
      default:
        break;
    }
  } else if (v > len - 1) {
    switch (mode) {
      case Mode.Mirror:
        if (len <= 1) v = 0;
        else {
          const sz2 = 2 * len - 2;
          v -= sz2 * Math.trunc(v / sz2);
          if (v >= len) v = sz2 - v;
        }
        break;
      case Mode.Reflect:
        if (len <= 1) v = 0;
        else {
          const sz2 = 2 * len;
          v -= sz2 * Math.trunc(v / sz2);
          if (v >= len) v = sz2 - v - 1;
        }
        break;
      case Mode.Wrap:
        if (len <= 1) v = 0;
        else {
          const sz = len - 1;
          v -= sz * Math.trunc(v / sz);
        }
        break;
      case Mode.GridWrap:
        if (len <= 1) v = 0;
        else v -= len * Math.trunc(v / len);
        break;
      case Mode.Nearest:
        v = len - 1;
        break;
      case Mode.Constant:
        v = -1;
        break;
      default:
        break;
    }
  }
  return v;
}

/** scipy `get_spline_interpolation_weights`. */
function splineWeights(x0: number, order: number, w: Float64Array): void {
  const x = x0 - Math.floor(order & 1 ? x0 : x0 + 0.5);
  let y = x;
  let z = 1.0 - x;
  let t: number;
  switch (order) {
    case 1:
      w[0] = 1.0 - x;
      break;
    case 2:
      w[1] = 0.75 - x * x;
      y = 0.5 - x;
      w[0] = 0.5 * y * y;
      break;
    case 3:
      w[1] = (y * y * (y - 2.0) * 3.0 + 4.0) / 6.0;
      w[2] = (z * z * (z - 2.0) * 3.0 + 4.0) / 6.0;
      w[0] = (z * z * z) / 6.0;
      break;
    case 4:
      t = x * x;
      w[2] = t * (t * 0.25 - 0.625) + 115.0 / 192.0;
      y = 1.0 + x;
      w[1] = y * (y * ((y * (5.0 - y)) / 6.0 - 1.25) + 5.0 / 24.0) + 55.0 / 96.0;
      w[3] = z * (z * ((z * (5.0 - z)) / 6.0 - 1.25) + 5.0 / 24.0) + 55.0 / 96.0;
      y = 0.5 - x;
      t = y * y;
      w[0] = (t * t) / 24.0;
      break;
    case 5:
      t = y * y;
      w[2] = t * (t * (0.25 - y / 12.0) - 0.5) + 0.55;
      t = z * z;
      w[3] = t * (t * (0.25 - z / 12.0) - 0.5) + 0.55;
      y += 1.0;
      w[1] = y * (y * (y * (y * (y / 24.0 - 0.375) + 1.25) - 1.75) + 0.625) + 0.425;
      z += 1.0;
      w[4] = z * (z * (z * (z * (z / 24.0 - 0.375) + 1.25) - 1.75) + 0.625) + 0.425;
      y = 1.0 - x;
      t = y * y;
      w[0] = (y * t * t) / 120.0;
      break;
    default:
      return;
  }
  w[order] = 1.0;
  for (let i = 0; i < order; i++) w[order] = (w[order] as number) - (w[i] as number);
}

const POLES: Record<number, number[]> = {
  2: [-0.1715728752538099],
  3: [-0.2679491924311227],
  4: [-0.36134122590022016, -0.013725429297339121],
  5: [-0.4305753470999738, -0.04309628820326465],
};

function initCausalMirror(c: Float64Array, n: number, z: number): void {
  let zi = z;
  const zn1 = z ** (n - 1);
  c[0] = (c[0] as number) + zn1 * (c[n - 1] as number);
  for (let i = 1; i < n - 1; i++) {
    c[0] = (c[0] as number) + zi * ((c[i] as number) + zn1 * (c[n - 1 - i] as number));
    zi *= z;
  }
  c[0] = (c[0] as number) / (1 - zn1 * zn1);
}
function initAnticausalMirror(c: Float64Array, n: number, z: number): void {
  c[n - 1] = ((z * (c[n - 2] as number) + (c[n - 1] as number)) * z) / (z * z - 1);
}
function initCausalWrap(c: Float64Array, n: number, z: number): void {
  let zi = z;
  for (let i = 1; i < n; i++) {
    c[0] = (c[0] as number) + zi * (c[n - i] as number);
    zi *= z;
  }
  c[0] = (c[0] as number) / (1 - zi);
}
function initAnticausalWrap(c: Float64Array, n: number, z: number): void {
  let zi = z;
  for (let i = 0; i < n - 1; i++) {
    c[n - 1] = (c[n - 1] as number) + zi * (c[i] as number);
    zi *= z;
  }
  c[n - 1] = (c[n - 1] as number) * (z / (zi - 1));
}
function initCausalReflect(c: Float64Array, n: number, z: number): void {
  let zi = z;
  const zn = z ** n;
  const c0 = c[0] as number;
  c[0] = (c[0] as number) + zn * (c[n - 1] as number);
  for (let i = 1; i < n; i++) {
    c[0] = (c[0] as number) + zi * ((c[i] as number) + zn * (c[n - 1 - i] as number));
    zi *= z;
  }
  c[0] = (c[0] as number) * (z / (1 - zn * zn));
  c[0] = (c[0] as number) + c0;
}
function initAnticausalReflect(c: Float64Array, n: number, z: number): void {
  c[n - 1] = (c[n - 1] as number) * (z / (z - 1));
}

/** scipy `apply_filter` on one line, in place. */
function splineFilterLine(c: Float64Array, order: number, mode: Mode): void {
  const n = c.length;
  if (n <= 1) return;
  const poles = POLES[order] as number[];
  let causal = initCausalMirror;
  let anticausal = initAnticausalMirror;
  if (mode === Mode.GridWrap) {
    causal = initCausalWrap;
    anticausal = initAnticausalWrap;
  } else if (mode === Mode.Nearest || mode === Mode.Reflect) {
    causal = initCausalReflect;
    anticausal = initAnticausalReflect;
  }
  let gain = 1.0;
  for (const z of poles) gain *= (1.0 - z) * (1.0 - 1.0 / z);
  for (let i = 0; i < n; i++) c[i] = (c[i] as number) * gain;
  for (const z of poles) {
    causal(c, n, z);
    for (let i = 1; i < n; i++) c[i] = (c[i] as number) + z * (c[i - 1] as number);
    anticausal(c, n, z);
    for (let i = n - 2; i >= 0; i--) c[i] = z * ((c[i + 1] as number) - (c[i] as number));
  }
}

function cStrides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let d = shape.length - 1, s = 1; d >= 0; d--) {
    out[d] = s;
    s *= shape[d] as number;
  }
  return out;
}

function checkCOrder(nd: NdArray<NumericArray>, name: string): void {
  let size = 1;
  for (const s of nd.shape) size *= s;
  if (size !== nd.data.length) {
    throw new SdkError(
      'E_VALIDATION',
      `shape [${nd.shape.join(', ')}] does not match ${nd.data.length} elements`,
      {
        path: name,
      },
    );
  }
  if (nd.strides === undefined) return;
  let expect = 1;
  for (let d = nd.shape.length - 1; d >= 0; d--) {
    if (nd.strides[d] !== expect && (nd.shape[d] as number) > 1) {
      throw new SdkError('E_UNSUPPORTED', 'only C-order arrays are supported', {
        path: `${name}.strides`,
      });
    }
    expect *= nd.shape[d] as number;
  }
}

/** `scipy.ndimage.spline_filter(x, order, mode)`: B-spline coefficients, axis by axis, as float64. */
export function splineFilter(
  nd: NdArray<NumericArray>,
  order = 3,
  mode: InterpolationMode = 'mirror',
): NdArray<Float64Array> {
  checkCOrder(nd, 'input');
  if (!Number.isInteger(order) || order < 2 || order > 5) {
    throw new SdkError('E_VALIDATION', 'spline order not supported', { path: 'order' });
  }
  const m = modeCode(mode);
  const data = Float64Array.from(nd.data as Iterable<number>);
  const { shape } = nd;
  const strides = cStrides(shape);
  for (let axis = 0; axis < shape.length; axis++) {
    const len = shape[axis] as number;
    const st = strides[axis] as number;
    const line = new Float64Array(len);
    const lines = data.length / Math.max(len, 1);
    for (let l = 0; l < lines; l++) {
      // line l: outer index (before axis) and inner index (after axis)
      const inner = l % st;
      const outer = Math.floor(l / st);
      const base = outer * st * len + inner;
      for (let k = 0; k < len; k++) line[k] = data[base + k * st] as number;
      splineFilterLine(line, order, m);
      for (let k = 0; k < len; k++) data[base + k * st] = line[k] as number;
    }
  }
  return { data, shape: [...shape] };
}

export interface InterpolationOptions {
  /** Spline order 0–5 (default 3). */
  order?: number;
  /** Default 'constant'. */
  mode?: InterpolationMode;
  cval?: number;
  prefilter?: boolean;
}

interface Prepared {
  coeffs: ArrayLike<number>;
  shape: number[];
  strides: number[];
  npad: number;
  order: number;
  mode: Mode;
  cval: number;
}

/** scipy `_prefilter_padded` + `spline_filter`: the coefficient array the interpolator reads. */
function prepare(nd: NdArray<NumericArray>, opts: InterpolationOptions): Prepared {
  checkCOrder(nd, 'input');
  const order = opts.order ?? 3;
  if (!Number.isInteger(order) || order < 0 || order > 5) {
    throw new SdkError('E_VALIDATION', 'spline order not supported', { path: 'order' });
  }
  const modeName = opts.mode ?? 'constant';
  const mode = modeCode(modeName);
  const cval = opts.cval ?? 0;
  if (!((opts.prefilter ?? true) && order > 1)) {
    return {
      coeffs: nd.data,
      shape: [...nd.shape],
      strides: cStrides(nd.shape),
      npad: 0,
      order,
      mode,
      cval,
    };
  }
  let padded: NdArray<NumericArray> = nd;
  let npad = 0;
  if (mode === Mode.Nearest || mode === Mode.GridConstant) {
    npad = 12;
    const shape = nd.shape.map((s) => s + 2 * npad);
    const src = cStrides(nd.shape);
    let size = 1;
    for (const s of shape) size *= s;
    const data = new Float64Array(size);
    const coord = new Array<number>(shape.length).fill(0);
    for (let i = 0; i < size; i++) {
      let j = 0;
      let inside = true;
      for (let d = 0; d < shape.length; d++) {
        let c = (coord[d] as number) - npad;
        const n = nd.shape[d] as number;
        if (c < 0 || c >= n) {
          if (mode === Mode.GridConstant) inside = false;
          c = c < 0 ? 0 : n - 1;
        }
        j += c * (src[d] as number);
      }
      data[i] = inside ? (nd.data[j] as number) : cval;
      for (let d = shape.length - 1; d >= 0; d--) {
        coord[d] = (coord[d] as number) + 1;
        if ((coord[d] as number) < (shape[d] as number)) break;
        coord[d] = 0;
      }
    }
    padded = { data, shape };
  }
  const filtered = splineFilter(padded, order, modeName);
  return {
    coeffs: filtered.data,
    shape: filtered.shape,
    strides: cStrides(filtered.shape),
    npad,
    order,
    mode,
    cval,
  };
}

/** Per-axis interpolation setup for one coordinate: start offset, edge offsets and weights, or null for cval. */
interface AxisTap {
  offset: number;
  edge: Int32Array | null;
  weights: Float64Array;
}

function axisTap(p: Prepared, axis: number, coordinate: number, tap: AxisTap): boolean {
  const len = p.shape[axis] as number;
  const stride = p.strides[axis] as number;
  const { order, mode } = p;
  let cc = coordinate + p.npad;
  if (mode !== Mode.GridConstant && mode !== Mode.Nearest) cc = mapCoordinate(cc, len, mode);
  if (!(cc > -1.0 || mode === Mode.GridConstant || mode === Mode.Nearest)) return false;
  const start = order & 1 ? Math.floor(cc) - (order >> 1) : Math.floor(cc + 0.5) - (order >> 1);
  tap.offset = stride * start;
  if (mode === Mode.GridConstant) {
    // flag taps outside the array with a sentinel edge entry
    const e = new Int32Array(order + 1);
    let any = false;
    for (let h = 0; h <= order; h++) {
      const idx = start + h;
      const out = idx < 0 || idx >= len;
      e[h] = out ? -2147483648 : stride * h;
      any ||= out;
    }
    tap.edge = any ? e : null;
  } else if (start < 0 || start + order >= len) {
    const e = new Int32Array(order + 1);
    const sm = splineBoundary(mode);
    for (let h = 0; h <= order; h++) {
      const idx = Math.trunc(mapCoordinate(start + h, len, sm));
      e[h] = stride * (idx - start);
    }
    tap.edge = e;
  } else tap.edge = null;
  if (order > 0) splineWeights(cc, order, tap.weights);
  return true;
}

function interpolatePoint(p: Prepared, taps: AxisTap[], footprint: Int32Array): number {
  const rank = taps.length;
  const order = p.order;
  const size = footprint.length / rank;
  let base = 0;
  for (const t of taps) base += t.offset;
  let acc = 0.0;
  for (let h = 0; h < size; h++) {
    let idx = base;
    let isCval = false;
    for (let d = 0; d < rank; d++) {
      const f = footprint[h * rank + d] as number;
      const t = taps[d] as AxisTap;
      if (t.edge) {
        const e = t.edge[f] as number;
        if (e === -2147483648) isCval = true;
        idx += e;
      } else idx += f * (p.strides[d] as number);
    }
    let coeff = isCval ? p.cval : (p.coeffs[idx] as number);
    if (order > 0)
      for (let d = 0; d < rank; d++)
        coeff *= (taps[d] as AxisTap).weights[footprint[h * rank + d] as number] as number;
    acc += coeff;
  }
  return acc;
}

function footprintOf(rank: number, order: number): Int32Array {
  const size = (order + 1) ** rank;
  const out = new Int32Array(size * rank);
  for (let h = 0; h < size; h++) {
    for (let d = rank - 1, v = h; d >= 0; d--) {
      out[h * rank + d] = v % (order + 1);
      v = Math.floor(v / (order + 1));
    }
  }
  return out;
}

/** [min, max] of an integer typed array's element type, or null for floats. */
function integerRange(a: NumericArray): [number, number] | null {
  if (a instanceof Int8Array) return [-128, 127];
  if (a instanceof Uint8Array) return [0, 255];
  if (a instanceof Int16Array) return [-32768, 32767];
  if (a instanceof Uint16Array) return [0, 65535];
  if (a instanceof Int32Array) return [-2147483648, 2147483647];
  if (a instanceof Uint32Array) return [0, 4294967295];
  return null;
}

function outputArray<T extends NumericArray>(input: T, size: number): T {
  const Ctor = input.constructor as new (n: number) => T;
  return new Ctor(size);
}

/** Python's round(): half to even. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v - Math.trunc(v)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * `scipy.ndimage.zoom(x, factors, order=3, mode='constant', cval=0, prefilter=True)` with
 * grid_mode=False: output length `round(n·f)`, source coordinate `i·((n−1)/(m−1))`. The output has
 * the input's element type (integers truncated, as scipy's cast does).
 */
export function zoom<T extends NumericArray>(
  nd: NdArray<T>,
  factors: number | readonly number[],
  opts: InterpolationOptions = {},
): NdArray<T> {
  const dims = nd.shape.length;
  if (dims < 1)
    throw new SdkError('E_VALIDATION', 'input and output rank must be > 0', { path: 'input' });
  const f = typeof factors === 'number' ? new Array<number>(dims).fill(factors) : [...factors];
  if (f.length !== dims) {
    throw new SdkError(
      'E_VALIDATION',
      `${f.length} zoom factors for an array of ${dims} dimensions`,
      { path: 'zoom' },
    );
  }
  const p = prepare(nd, opts);
  const outShape = nd.shape.map((n, d) => roundHalfEven(n * (f[d] as number)));
  const zooms = outShape.map((m, d) => (m - 1 !== 0 ? ((nd.shape[d] as number) - 1) / (m - 1) : 1));
  // per-axis taps are the same for every output line: precompute them
  const perAxis: (AxisTap | null)[][] = outShape.map((m, d) =>
    Array.from({ length: m }, (_, k) => {
      const tap: AxisTap = { offset: 0, edge: null, weights: new Float64Array(p.order + 1) };
      return axisTap(p, d, k * (zooms[d] as number), tap) ? tap : null;
    }),
  );
  return evaluate(nd.data, p, outShape, (coord, taps) => {
    for (let d = 0; d < dims; d++) {
      const t = (perAxis[d] as (AxisTap | null)[])[coord[d] as number];
      if (!t) return false;
      taps[d] = t;
    }
    return true;
  });
}

function evaluate<T extends NumericArray>(
  input: T,
  p: Prepared,
  outShape: number[],
  setTaps: (coord: number[], taps: AxisTap[]) => boolean,
): NdArray<T> {
  const rank = p.shape.length;
  let size = 1;
  for (const s of outShape) size *= s;
  const out = outputArray(input, size);
  const footprint = footprintOf(rank, p.order);
  const taps: AxisTap[] = new Array(rank);
  const coord = new Array<number>(outShape.length).fill(0);
  const range = integerRange(out);
  for (let i = 0; i < size; i++) {
    const t = setTaps(coord, taps) ? interpolatePoint(p, taps, footprint) : p.cval;
    if (range) {
      // scipy's CASE_INTERP_OUT_(U)INT: round half away from zero (unsigned: negatives to 0), clamp, cast
      let v = range[0] === 0 ? (t > 0 ? t + 0.5 : 0) : t > 0 ? t + 0.5 : t - 0.5;
      if (v > range[1]) v = range[1];
      if (v < range[0]) v = range[0];
      out[i] = Math.trunc(v);
    } else out[i] = t;
    for (let d = outShape.length - 1; d >= 0; d--) {
      coord[d] = (coord[d] as number) + 1;
      if ((coord[d] as number) < (outShape[d] as number)) break;
      coord[d] = 0;
    }
  }
  return { data: out, shape: outShape };
}

/**
 * `scipy.ndimage.map_coordinates(x, coordinates, order=3, mode='constant', cval=0, prefilter=True)`.
 * `coordinates` has shape `[rank, ...outShape]` (C order); the output has shape `outShape`.
 */
export function mapCoordinates<T extends NumericArray>(
  nd: NdArray<T>,
  coordinates: NdArray<Float64Array>,
  opts: InterpolationOptions = {},
): NdArray<T> {
  const rank = nd.shape.length;
  if (coordinates.shape[0] !== rank) {
    throw new SdkError('E_VALIDATION', 'invalid shape for coordinate array', {
      path: 'coordinates',
    });
  }
  const p = prepare(nd, opts);
  const outShape = coordinates.shape.slice(1);
  let npts = 1;
  for (const s of outShape) npts *= s;
  const tapsStore = Array.from({ length: rank }, () => ({
    offset: 0,
    edge: null as Int32Array | null,
    weights: new Float64Array(p.order + 1),
  }));
  let flat = 0;
  const res = evaluate(nd.data, p, outShape.length ? outShape : [1], (_coord, taps) => {
    const i = flat++;
    for (let d = 0; d < rank; d++) {
      const t = tapsStore[d] as AxisTap;
      if (!axisTap(p, d, coordinates.data[d * npts + i] as number, t)) return false;
      taps[d] = t;
    }
    return true;
  });
  return { data: res.data, shape: outShape };
}

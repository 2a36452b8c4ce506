// scipy.interpolate.interp2d(x, y, z, kind='linear') on a rectilinear grid (removed in scipy 1.14;
// allensdk 2.16.2 uses it): a FITPACK degree-1 spline with s = 0, i.e. bilinear between the nodes,
// evaluated as bisplev does (arguments clamped to the grid, sum over (c·wx)·wy).
import { SdkError } from '../errors.js';
import type { ArrayLike, NdArray } from '../ndarray.js';

function sortedWithOrder(v: ArrayLike): { values: Float64Array; order: number[] } {
  const order = Array.from({ length: v.length }, (_, i) => i).sort(
    (a, b) => (v[a] as number) - (v[b] as number) || a - b,
  );
  return { values: Float64Array.from(order, (i) => v[i] as number), order };
}

/** FITPACK fpbspl for degree 1 on the grid's knot intervals: segment index and the two weights. */
function locate(grid: Float64Array, arg0: number): { s: number; w0: number; w1: number } {
  const n = grid.length;
  const tb = grid[0] as number;
  const te = grid[n - 1] as number;
  let arg = arg0;
  if (arg < tb) arg = tb;
  if (arg > te) arg = te;
  let s = 0;
  while (s !== n - 2 && arg >= (grid[s + 1] as number)) s++;
  const lo = grid[s] as number;
  const hi = grid[s + 1] as number;
  const f = 1 / (hi - lo);
  return { s, w0: 0 + f * (hi - arg), w1: f * (arg - lo) };
}

/**
 * `interp2d(x, y, z, kind='linear')(xNew, yNew)`: z has shape `[y.length, x.length]`. Like scipy,
 * the query vectors are sorted first and the result has shape `[yNew.length, xNew.length]`;
 * points outside the grid take the nearest edge value.
 */
export function interp2dLinear(
  x: ArrayLike,
  y: ArrayLike,
  z: NdArray<Float64Array> | ArrayLike,
): (xNew: ArrayLike, yNew: ArrayLike) => NdArray<Float64Array> {
  const nx = x.length;
  const ny = y.length;
  const zd = 'data' in z && 'shape' in z ? (z as NdArray<Float64Array>).data : (z as ArrayLike);
  if (zd.length !== nx * ny) {
    throw new SdkError(
      'E_UNSUPPORTED',
      `z must hold len(y)·len(x) = ${nx * ny} values on a rectilinear grid, got ${zd.length}`,
      {
        path: 'z',
      },
    );
  }
  if (nx < 2 || ny < 2) {
    throw new SdkError(
      'E_VALIDATION',
      'x and y must each have at least 2 entries for a linear spline',
      { path: 'x' },
    );
  }
  const xs = sortedWithOrder(x);
  const ys = sortedWithOrder(y);
  for (const g of [xs.values, ys.values]) {
    for (let i = 1; i < g.length; i++) {
      if (!((g[i] as number) > (g[i - 1] as number))) {
        throw new SdkError('E_VALIDATION', 'grid coordinates must be distinct', { path: 'x' });
      }
    }
  }
  // coefficients in (x, y) order: c[i][j] = z[y_j][x_i] after sorting both axes
  const c = new Float64Array(nx * ny);
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++)
      c[i * ny + j] = zd[(ys.order[j] as number) * nx + (xs.order[i] as number)] as number;
  }
  return (xNew, yNew) => {
    const xq = sortedWithOrder(xNew).values;
    const yq = sortedWithOrder(yNew).values;
    const out = new Float64Array(yq.length * xq.length);
    const ly = Array.from(yq, (v) => locate(ys.values, v));
    for (let a = 0; a < xq.length; a++) {
      const lx = locate(xs.values, xq[a] as number);
      const hx = [lx.w0, lx.w1];
      for (let b = 0; b < yq.length; b++) {
        const ry = ly[b] as { s: number; w0: number; w1: number };
        const hy = [ry.w0, ry.w1];
        let sp = 0;
        for (let i1 = 0; i1 < 2; i1++) {
          for (let j1 = 0; j1 < 2; j1++) {
            sp +=
              (c[(lx.s + i1) * ny + ry.s + j1] as number) * (hx[i1] as number) * (hy[j1] as number);
          }
        }
        out[b * xq.length + a] = sp;
      }
    }
    return { data: out, shape: [yq.length, xq.length] };
  };
}

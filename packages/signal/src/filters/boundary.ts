// scipy.ndimage boundary modes as an index map, used to build the extended line a 1-D filter
// reads. Far-out indices wrap periodically, as NI_ExtendLine's repeated copying does.
import { SdkError } from '../errors.js';

export type BoundaryMode =
  | 'reflect'
  | 'constant'
  | 'nearest'
  | 'mirror'
  | 'wrap'
  | 'grid-mirror'
  | 'grid-constant'
  | 'grid-wrap';

type Canonical = 'reflect' | 'constant' | 'nearest' | 'mirror' | 'wrap';

export function canonicalMode(mode: string): Canonical {
  switch (mode) {
    case 'reflect':
    case 'grid-mirror':
      return 'reflect';
    case 'constant':
    case 'grid-constant':
      return 'constant';
    case 'wrap':
    case 'grid-wrap':
      return 'wrap';
    case 'nearest':
    case 'mirror':
      return mode;
    default:
      throw new SdkError(
        'E_VALIDATION',
        `boundary mode not supported: '${mode}' (use reflect, constant, nearest, mirror or wrap)`,
        { path: 'mode' },
      );
  }
}

/** Index into `[0, n)` that position j maps to, or −1 for the constant value. */
export function mapIndex(j: number, n: number, mode: Canonical): number {
  if (j >= 0 && j < n) return j;
  switch (mode) {
    case 'constant':
      return -1;
    case 'nearest':
      return j < 0 ? 0 : n - 1;
    case 'wrap':
      return ((j % n) + n) % n;
    case 'reflect': {
      const p = 2 * n;
      const m = ((j % p) + p) % p;
      return m < n ? m : p - 1 - m;
    }
    case 'mirror': {
      if (n === 1) return 0;
      const p = 2 * n - 2;
      const m = ((j % p) + p) % p;
      return m < n ? m : p - m;
    }
  }
}

/** `x` with `before` and `after` samples of extension: `ext[k] = x[map(k − before)]`. */
export function extendLine(
  x: ArrayLike<number>,
  before: number,
  after: number,
  mode: Canonical,
  cval: number,
): Float64Array {
  const n = x.length;
  const ext = new Float64Array(n + before + after);
  for (let k = 0; k < ext.length; k++) {
    const j = k - before;
    if (j >= 0 && j < n) ext[k] = x[j] as number;
    else {
      const m = mapIndex(j, n, mode);
      ext[k] = m < 0 ? cval : (x[m] as number);
    }
  }
  return ext;
}

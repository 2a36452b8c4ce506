// Median filter, window 5401 on 10^5 samples (mode 'constant'), against scipy.ndimage.median_filter.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

async function loadSignal() {
  try {
    return await import('@sdk/signal');
  } catch {
    // bench/package.json does not list @sdk/signal yet: use the built dist directly
    return await import(new URL('../../packages/signal/dist/index.js', import.meta.url).href);
  }
}

const readF64 = (path) => {
  const buf = readFileSync(path);
  return new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8).slice();
};

export default {
  description: 'ndimage.median_filter size 5401, n=1e5',
  goal: '>= 5x',
  repeats: 5,
  async setup(workdir) {
    const { medianFilter } = await loadSignal();
    const x = readF64(join(workdir, 'x.f64'));
    const expected = readF64(join(workdir, 'expected.f64'));
    const y = medianFilter(x, 5401, { mode: 'constant' });
    for (let i = 0; i < y.length; i++) {
      if (y[i] !== expected[i])
        throw new Error(`median_filter mismatch at ${i}: ${y[i]} vs ${expected[i]}`);
    }
    return { medianFilter, x };
  },
  run({ medianFilter, x }) {
    medianFilter(x, 5401, { mode: 'constant' });
  },
};

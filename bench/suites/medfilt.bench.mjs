// Median filter, window 5401 on 10^5 samples (mode 'constant'), against scipy.ndimage.median_filter.
import * as signal from '@sdk/signal';
import { readF64 } from './_io.mjs';

export default {
  description: 'ndimage.median_filter size 5401, n=1e5',
  goal: '>= 5x',
  repeats: 5,
  async setup(workdir) {
    const { medianFilter } = signal;
    const x = readF64(workdir, 'x.f64');
    const expected = readF64(workdir, 'expected.f64');
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

// filtfilt of bessel(4, 0.1) on 10^6 samples, against scipy.signal.filtfilt (method 'pad', odd extension).
import * as signal from '@sdk/signal';
import { readF64 } from './_io.mjs';

export default {
  description: 'filtfilt bessel(4, 0.1), n=1e6',
  goal: '>= 1x',
  repeats: 5,
  async setup(workdir) {
    const { bessel, filtfilt } = signal;
    const x = readF64(workdir, 'x.f64');
    const expected = readF64(workdir, 'expected.f64');
    const { b, a } = bessel(4, 0.1);
    const y = filtfilt(b, a, x);
    let scale = 0;
    for (const v of expected) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < y.length; i++) {
      if (!(Math.abs(y[i] - expected[i]) <= 1e-9 * scale))
        throw new Error(`filtfilt mismatch at ${i}`);
    }
    return { filtfilt, b, a, x };
  },
  run({ filtfilt, b, a, x }) {
    filtfilt(b, a, x);
  },
};

// Complex FFT of 2^20 points against numpy.fft.fft (pocketfft).
import * as signal from '@sdk/signal';
import { readF64 } from './_io.mjs';

export default {
  description: 'fft complex, n=2^20',
  goal: 'within 3x (>= 0.33x)',
  repeats: 7,
  async setup(workdir) {
    const { fft } = signal;
    const x = { re: readF64(workdir, 're.f64'), im: readF64(workdir, 'im.f64') };
    const Xre = readF64(workdir, 'Xre.f64');
    const Xim = readF64(workdir, 'Xim.f64');
    const X = fft(x);
    let scale = 0;
    for (let i = 0; i < Xre.length; i++) scale = Math.max(scale, Math.hypot(Xre[i], Xim[i]));
    for (let i = 0; i < Xre.length; i++) {
      if (
        !(
          Math.abs(X.re[i] - Xre[i]) <= 1e-12 * scale && Math.abs(X.im[i] - Xim[i]) <= 1e-12 * scale
        )
      ) {
        throw new Error(`fft mismatch at ${i}`);
      }
    }
    return { fft, x };
  },
  run({ fft, x }) {
    fft(x);
  },
};

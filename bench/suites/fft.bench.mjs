// Complex FFT of 2^20 points against numpy.fft.fft (pocketfft).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

async function loadSignal() {
  try {
    return await import('@sdk/signal');
  } catch {
    return await import(new URL('../../packages/signal/dist/index.js', import.meta.url).href);
  }
}

const readF64 = (path) => {
  const buf = readFileSync(path);
  return new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8).slice();
};

export default {
  description: 'fft complex, n=2^20',
  goal: 'within 3x (>= 0.33x)',
  repeats: 7,
  async setup(workdir) {
    const { fft } = await loadSignal();
    const x = { re: readF64(join(workdir, 're.f64')), im: readF64(join(workdir, 'im.f64')) };
    const Xre = readF64(join(workdir, 'Xre.f64'));
    const Xim = readF64(join(workdir, 'Xim.f64'));
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

// Reading a 1 GiB float32 dataset (chunked, uncompressed) in 64 MiB hyperslabs with openH5(path),
// against h5py's ds[start:stop] on the same file.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function readAll(openH5, path, expected) {
  return openH5(path).then((file) => {
    try {
      const ds = file.dataset('/data');
      const { rows, cols, slice_rows: step, ends } = expected;
      for (let i = 0, s = 0; s < rows; i++, s += step) {
        const { data, shape } = ds.readNumeric({ slice: [[s, s + step], null] });
        const [first, last] = ends[i];
        if (shape[0] !== step || shape[1] !== cols || data[0] !== first || data.at(-1) !== last)
          throw new Error(`slice ${i}: shape ${shape}, ends ${data[0]} ${data.at(-1)}`);
      }
    } finally {
      file.close();
    }
  });
}

export default {
  description: 'openH5(path), 1 GiB float32 in 64 MiB slices',
  goal: 'py/ts >= 0.8',
  repeats: 3,
  async setup(workdir) {
    const { openH5 } = await import('@sdk/core');
    const path = join(workdir, 'slices.h5');
    const expected = JSON.parse(readFileSync(join(workdir, 'expected.json'), 'utf8'));
    return { openH5, path, expected };
  },
  async run({ openH5, path, expected }) {
    await readAll(openH5, path, expected);
  },
};

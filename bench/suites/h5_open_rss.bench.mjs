// Opening a 2 GiB HDF5 file from a path and reading one 1 MiB slice, against h5py. What matters is
// the "ts peak" column (this half runs in its own process): the goal is under 300 MB, i.e. the file
// is read in place, never loaded whole.

import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export default {
  description: 'openH5(2 GiB path) + one 1 MiB slice',
  goal: 'ts peak < 300 MB',
  repeats: 5,
  async setup(workdir) {
    const { openH5 } = await import('@sdk/core');
    const path = join(workdir, 'big.h5');
    if (statSync(path).size < 2 * 1024 ** 3) throw new Error(`${path} is not 2 GiB`);
    const expected = JSON.parse(readFileSync(join(workdir, 'expected.json'), 'utf8'));
    return { openH5, path, expected };
  },
  async run({ openH5, path, expected }) {
    const { start, count, first, last } = expected;
    const file = await openH5(path);
    try {
      const { data, shape } = file
        .dataset('/data')
        .readNumeric({ slice: [[start, start + count]] });
      if (shape[0] !== count || data[0] !== first || data.at(-1) !== last)
        throw new Error(`slice: shape ${shape}, ends ${data[0]} ${data.at(-1)}`);
    } finally {
      file.close();
    }
  },
};

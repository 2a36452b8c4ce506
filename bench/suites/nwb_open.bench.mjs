// Opening an NWB file with 2000 small TimeSeries (~8000 HDF5 objects) and listing its typed
// objects, against pynwb's NWBHDF5IO(path).read() + nwbfile.objects.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export default {
  description: 'openNwb + objects(), 2000 TimeSeries',
  goal: '>= 10x',
  repeats: 5,
  async setup(workdir) {
    const { openNwb } = await import('@sdk/nwb');
    const path = join(workdir, 'many_series.nwb');
    const expected = JSON.parse(readFileSync(join(workdir, 'expected.json'), 'utf8'));
    const nwb = await openNwb(path);
    try {
      const got = Object.fromEntries(nwb.objects().map((o) => [o.path, o.neurodata_type]));
      const want = Object.keys(expected);
      if (Object.keys(got).length !== want.length)
        throw new Error(
          `objects(): ${Object.keys(got).length} objects, pynwb/h5py list ${want.length}`,
        );
      for (const p of want) {
        if (got[p] !== expected[p]) throw new Error(`${p}: ${got[p]} vs ${expected[p]}`);
      }
    } finally {
      nwb.close();
    }
    return { openNwb, path };
  },
  async run({ openNwb, path }) {
    const nwb = await openNwb(path);
    nwb.objects();
    nwb.close();
  },
};

// A Units table of 1,000 units x 10,000 spikes each, opened and converted to Arrow (ragged
// spike_times -> List<Float64>), against pynwb's NWBHDF5IO(path).read().units.to_dataframe().

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export default {
  description: 'openNwb + units.toTable(), 1000 units x 10000 spikes',
  goal: '>= 5x',
  repeats: 10,
  async setup(workdir) {
    const { openNwb } = await import('@sdk/nwb');
    const path = join(workdir, 'units.nwb');
    const expected = JSON.parse(readFileSync(join(workdir, 'expected.json'), 'utf8'));
    const nwb = await openNwb(path);
    try {
      const table = nwb.units.toTable();
      if (table.numRows !== expected.n_units)
        throw new Error(`units.toTable(): ${table.numRows} rows, pynwb wrote ${expected.n_units}`);
      const ids = table.getChild('id');
      const spikes = table.getChild('spike_times');
      for (const [row, want] of Object.entries(expected.units)) {
        const i = Number(row);
        if (Number(ids.get(i)) !== want.id)
          throw new Error(`row ${i}: id ${ids.get(i)} vs ${want.id}`);
        const got = spikes.get(i).toArray();
        if (got.length !== want.spike_times.length)
          throw new Error(`row ${i}: ${got.length} spikes, pynwb wrote ${want.spike_times.length}`);
        for (let k = 0; k < got.length; k++) {
          // Exact: the same float64 values, stored and read back.
          if (got[k] !== want.spike_times[k])
            throw new Error(`row ${i} spike ${k}: ${got[k]} vs ${want.spike_times[k]}`);
        }
      }
    } finally {
      nwb.close();
    }
    return { openNwb, path };
  },
  async run({ openNwb, path }) {
    const nwb = await openNwb(path);
    nwb.units.toTable();
    nwb.close();
  },
};

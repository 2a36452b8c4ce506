// Reading 10,000 small attributes (1,000 groups x 10 scalars of mixed types) with openH5(path),
// against h5py's {k: attrs[k] for k in attrs} per group. Each group's attributes are read with one
// listing and `attrs.getMany(names)` (h5wasm costs a wasm call per attribute read).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const plain = (v) => (typeof v === 'bigint' ? Number(v) : v);

export default {
  description: 'openH5(path), 1000 groups x 10 attrs, attrs.getMany per group',
  goal: 'report (h5wasm ~0.3 ms/call)',
  repeats: 5,
  async setup(workdir) {
    const { openH5 } = await import('@sdk/core');
    const path = join(workdir, 'attrs.h5');
    const expected = JSON.parse(readFileSync(join(workdir, 'expected.json'), 'utf8'));
    const { values } = await readAll(openH5, path, expected.names);
    if (values.length !== expected.groups) throw new Error(`${values.length} groups`);
    const got = values.at(-1);
    for (const [k, want] of Object.entries(expected.last)) {
      if (plain(got[k]) !== want) throw new Error(`last group ${k}: ${got[k]} vs ${want}`);
    }
    return { openH5, path, names: expected.names };
  },
  async run({ openH5, path, names }) {
    const { count } = await readAll(openH5, path, names);
    if (count !== 10_000) throw new Error(`${count} attributes`);
  },
};

async function readAll(openH5, path, names) {
  const file = await openH5(path);
  try {
    const values = file.keys().map((g) => file.group(g).attrs.getMany(names));
    const count = values.reduce((n, v) => n + Object.keys(v).length, 0);
    return { values, count };
  } finally {
    file.close();
  }
}

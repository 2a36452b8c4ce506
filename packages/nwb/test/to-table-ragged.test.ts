// toTable() builds whole numeric ragged columns straight from the flat values and the index; the
// result must be the table the cell-by-cell path (toTable({rows})) builds: same schema, same
// cells, for every DynamicTable of every pynwb-written fixture, whole or cut into record batches
// (`batchBytes`). Exact comparisons.
import { describe, expect, it } from 'vitest';
import { DynamicTable, openNwb } from '../src/index.js';
import { fixturePath } from './support/fixtures.js';

/** Arrow values as plain JS (vectors and struct rows unpacked), so layouts do not matter. */
function plain(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if ('type' in v && 'data' in v && Symbol.iterator in v)
    return [...(v as Iterable<unknown>)].map(plain);
  if ('toJSON' in v && typeof v.toJSON === 'function') {
    const o = v.toJSON() as Record<string, unknown>;
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

function cells(t: ReturnType<DynamicTable['toTable']>): unknown[][] {
  return t.schema.fields.map((f) => plain(t.getChild(f.name)) as unknown[]);
}

const FILES = ['basic', 'ecephys', 'ophys', 'icephys', 'behavior', 'extension'];

describe('toTable on whole numeric ragged columns', () => {
  for (const name of FILES) {
    it(`equals the cell-by-cell table for every table of ${name}.nwb`, async () => {
      const nwb = await openNwb(fixturePath(`${name}.nwb`));
      try {
        let raggedNumeric = 0;
        let batchedTables = 0;
        for (const info of nwb.objects()) {
          const t = nwb.get(info.path);
          if (!(t instanceof DynamicTable) || t.length === 0) continue;
          const cols = t.colnames.filter((c) => t.hasColumn(c));
          raggedNumeric += cols.filter((c) => t.column(c).listData() !== undefined).length;
          const whole = t.toTable();
          const byRow = t.toTable({ rows: Array.from({ length: t.length }, (_, i) => i) });
          expect(whole.schema.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual(
            byRow.schema.fields.map((f) => [f.name, String(f.type), f.nullable]),
          );
          expect(cells(whole)).toEqual(cells(byRow));
          // Record batches of at most 16 bytes of ragged values: the same table, cut at rows.
          const batched = t.toTable({ batchBytes: 16 });
          expect(String(batched.schema)).toBe(String(whole.schema));
          expect(cells(batched)).toEqual(cells(byRow));
          const ragged = cols.some((c) => t.column(c).listOffsets() !== undefined);
          if (ragged) batchedTables += batched.batches.length > 1 ? 1 : 0;
          expect(t.toTable({ batchBytes: Number.POSITIVE_INFINITY }).batches.length).toBe(1);
        }
        if (name === 'ecephys') expect(batchedTables).toBeGreaterThan(0);
        if (name === 'ecephys') expect(raggedNumeric).toBeGreaterThan(0);
      } finally {
        nwb.close();
      }
    });
  }
});

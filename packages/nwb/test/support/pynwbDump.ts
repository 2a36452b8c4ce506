// Compares a file with the generic pynwb dump written next to it (tooling/oracle/generators/_nwb_dump.py).
// Tolerances: integers, strings, paths exact; stored floats exact; timestamps from rate and data in
// units rtol 1e-12 (same operations), or 1e-6 where pynwb computes in float32 (float32 data or
// float32 channel_conversion: numpy keeps float32 there, we compute in float64).
import { describe, expect, it } from 'vitest';
import { DynamicTable, type NwbFile, openNwb, TimeSeries } from '../../src/index.js';
import { fixturePath, readFixtureJson } from './fixtures.js';
import { sameValue, toPlain } from './plain.js';

export interface Dump {
  nwb_version: string;
  root: Record<string, unknown>;
  objects: {
    path: string;
    kind: string;
    neurodata_type: string;
    namespace: string;
    object_id: string;
    shape?: number[];
  }[];
  containers: Record<string, { neurodata_type: string; fields: Record<string, unknown> }>;
  tables: Record<string, { colnames: string[]; id: number[]; columns: Record<string, unknown[]> }>;
  timeseries: Record<string, { timestamps: number[]; data_in_units?: unknown }>;
}

/**
 * pynwb fields the generic `field()` accessor does not reproduce, with the reason. Everything
 * else pynwb reports for these files must match.
 */
export const NOT_COMPARED: Record<string, string> = {
  // pynwb-side objects built on read, not stored under these names
  'NWBFile.objects': 'pynwb bookkeeping',
  'NWBFile.file_create_date': 'compared through NwbFile.file_create_date (datetime text)',
  'NWBFile.session_start_time': 'compared through NwbFile.session_start_time',
  'NWBFile.timestamps_reference_time': 'compared through NwbFile',
  'Subject.date_of_birth': 'pynwb parses the datetime; compared as an instant below',
  'TimeSeries.timestamp_link':
    'pynwb bookkeeping: series linking to these timestamps (computed from the whole file)',
  'TimeSeries.data_link': 'pynwb bookkeeping: series linking to this data',
  'IntracellularElectrodesTable.description':
    'pynwb reports its constant (no final period), not the stored text',
  'IntracellularStimuliTable.description':
    'pynwb reports its constant (no final period), not the stored text',
  'IntracellularResponsesTable.description':
    'pynwb reports its constant (no final period), not the stored text',
};

export function normaliseOracle(v: unknown): unknown {
  // pynwb's TimeSeriesReference cells are (idx_start, count, timeseries) tuples.
  const isRef = (x: unknown) => typeof x === 'object' && x !== null && '$ref' in x;
  if (
    Array.isArray(v) &&
    v.length === 3 &&
    (typeof v[0] === 'number' || v[0] === null) &&
    (v[2] === null || isRef(v[2]))
  ) {
    if (v[0] === null && v[1] === null) return null;
    return { idx_start: v[0], count: v[1], timeseries: (v[2] as { $ref: string }).$ref };
  }
  if (Array.isArray(v)) return v.map(normaliseOracle);
  if (v && typeof v === 'object' && '$ref' in v) return (v as { $ref: string }).$ref;
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normaliseOracle(x)]));
  return v;
}

export function normaliseOurs(v: unknown): unknown {
  return normaliseOracle(toPlain(v));
}

/** The checks of one `<name>.nwb` + `<name>.json` pair; `label` names the Python reference. */
export function describeAgainstDump(
  name: string,
  label: string,
  notCompared: Record<string, string> = {},
): void {
  describe(`${name}.nwb against ${label}`, () => {
    const dump = readFixtureJson<Dump>(`${name}.json`);
    let nwb: NwbFile;
    const open = async () => {
      nwb ??= await openNwb(fixturePath(`${name}.nwb`));
      return nwb;
    };

    it('lists every typed object with type, namespace and object_id', async () => {
      const f = await open();
      const ours = f.objects().map((o) => ({
        path: o.path,
        neurodata_type: o.neurodata_type,
        namespace: o.namespace,
        object_id: o.object_id,
      }));
      const want = dump.objects
        .filter((o) => o.path !== '/')
        .map((o) => ({
          path: o.path,
          neurodata_type: o.neurodata_type,
          namespace: o.namespace,
          object_id: o.object_id,
        }));
      expect(ours).toEqual(want);
      expect(f.rootObject.object_id).toBe(dump.objects[0]?.object_id);
      expect(f.nwb_version).toBe(dump.nwb_version);
    });

    it('reads typed dataset shapes', async () => {
      const f = await open();
      for (const o of dump.objects.filter((x) => x.kind === 'dataset' && x.shape)) {
        const h = f.get(o.path);
        expect((h as unknown as { shape: number[] }).shape, o.path).toEqual(o.shape);
      }
    });

    it('reads the root metadata', async () => {
      const f = await open();
      if (!('containers' in dump)) return;
      expect(f.identifier).toBe(dump.root.identifier);
      expect(f.session_description).toBe(dump.root.session_description);
      // pynwb prints +00:00 where the file stores it; compare instants
      expect(Date.parse(f.session_start_time)).toBe(
        Date.parse(String(dump.root.session_start_time)),
      );
      expect(f.file_create_date.map(Date.parse)).toEqual(
        (dump.root.file_create_date as string[]).map(Date.parse),
      );
    });

    it.skipIf(!('containers' in dump))('reads every pynwb field of every container', async () => {
      const f = await open();
      const mismatches: string[] = [];
      for (const [path, c] of Object.entries(dump.containers)) {
        const obj = path === '/' ? f.rootObject : f.get(path);
        expect(obj.neurodata_type, path).toBe(c.neurodata_type);
        const read = (field: string) => (path === '/' ? f.field(field) : obj.field(field));
        for (const [field, want] of Object.entries(c.fields)) {
          const key = `${c.neurodata_type}.${field}`;
          const inherited = obj.typeChain.some((t) => `${t}.${field}` in NOT_COMPARED);
          if (
            key in NOT_COMPARED ||
            key in notCompared ||
            inherited ||
            (path === '/' && key.startsWith('NWBFile.'))
          )
            continue;
          let got: unknown;
          try {
            got = normaliseOurs(read(field));
          } catch (error) {
            got = `threw ${(error as Error).message}`;
          }
          const w = normaliseOracle(want);
          if (!sameValue(got, w))
            mismatches.push(
              `${path} ${key}: got ${JSON.stringify(got)?.slice(0, 160)} want ${JSON.stringify(w)?.slice(0, 160)}`,
            );
        }
      }
      expect(mismatches).toEqual([]);
    });

    it.skipIf(!('tables' in dump))('reads every table cell by cell and whole', async () => {
      const f = await open();
      for (const [path, t] of Object.entries(dump.tables ?? {})) {
        const table = f.get(path);
        expect(table).toBeInstanceOf(DynamicTable);
        const dt = table as DynamicTable;
        expect(dt.colnames).toEqual(t.colnames);
        expect(dt.ids()).toEqual(t.id);
        for (const [col, cells] of Object.entries(t.columns)) {
          const want = normaliseOracle(cells);
          const column = dt.column(col);
          expect(normaliseOurs(column.values()), `${path}.${col}`).toEqual(want);
          const byRow = Array.from({ length: dt.length }, (_, i) => normaliseOurs(column.get(i)));
          expect(byRow, `${path}.${col} by row`).toEqual(want);
        }
        const arrow = dt.toTable();
        expect(arrow.numRows).toBe(t.id.length);
        expect(arrow.schema.fields.map((x) => x.name)).toEqual(['id', ...t.colnames]);
      }
    });

    it.skipIf(!('timeseries' in dump))('computes timestamps and data in units', async () => {
      const f = await open();
      for (const [path, e] of Object.entries(dump.timeseries ?? {})) {
        const ts = f.get(path);
        expect(ts, path).toBeInstanceOf(TimeSeries);
        const s = ts as TimeSeries;
        expect(
          sameValue(Array.from(s.getTimestamps()), e.timestamps, 1e-12),
          `${path} timestamps`,
        ).toBe(true);
        if (e.data_in_units !== undefined) {
          const f32 = s.data?.dtype === 'float32' || s.dataset('channel_conversion') !== undefined;
          const got = toPlain(s.getDataInUnits());
          expect(sameValue(got, e.data_in_units, f32 ? 1e-6 : 1e-12), `${path} data in units`).toBe(
            true,
          );
        }
      }
    });
  });
}

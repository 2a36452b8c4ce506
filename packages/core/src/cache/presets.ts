// The DataFrame side of allensdk 2.16.2 `Cache`: the CSV/JSON ↔ table presets, `load_csv` /
// `load_json`, and the table versions of `rename_columns` / `remove_keys`. pandas DataFrames are
// Arrow Tables here (core spec §1): an index is a normal column named in `schema.metadata.index`.
import type { DataType, Table } from 'apache-arrow';
import { SdkError } from '../errors.js';
import { formatCsvRecords, parseCsv } from '../formats/csv.js';
import { formatPythonJson, parsePythonJson } from '../json/python-json.js';
import { tableFromColumns, tableFromRecords, withIndex } from '../table/build.js';
import {
  BOOL,
  FLOAT64,
  INDEX_METADATA_KEY,
  INT64,
  indexNames,
  tableColumns,
  tableFromCells,
} from '../table/cells.js';
import { type RecordValue, toRecords } from '../table/records.js';
import type { CacheReader, CacheWriter } from './cacher.js';
import type { CacheStore } from './store.js';

/** `(new, old)` column-name pairs, as `rename=` takes them. */
export type RenamePairs = readonly (readonly [string, string])[];

export interface LoadTableOptions {
  /** Columns to rename, `(new, old)` pairs, applied first. */
  rename?: RenamePairs | null;
  /** A (post-rename) column to record as the index (`set_index([index])`). */
  index?: string | null;
}

function requireRecords(data: unknown, what: string): readonly Record<string, unknown>[] {
  if (
    !Array.isArray(data) ||
    !data.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r))
  ) {
    throw new SdkError('E_VALIDATION', `${what} needs a list of records (plain objects)`);
  }
  return data as Record<string, unknown>[];
}

/** `Cache.csv_writer` as a cache writer: records, QUOTE_ALL, `\r\n` (see `formatCsvRecords`). */
export const csvRecordsWriter: CacheWriter = async (path, data, store) =>
  store.write(path, formatCsvRecords(requireRecords(data, 'the CSV cache writer')));

/** `pd.read_csv(path, parse_dates=True)`: with no index column nothing is parsed as a date. */
export const csvTableReader: CacheReader<Table> = async (path, store) =>
  parseCsv(await store.readText(path), { file: store.locate(path) });

/** `Cache.cache_csv()`: records written as CSV, read back as a Table. */
export function cacheCsv(): { writer: CacheWriter; reader: CacheReader<Table> } {
  return { writer: csvRecordsWriter, reader: csvTableReader };
}

/** `Cache.cache_csv_dataframe()`: the same pair as `cacheCsv()`. */
export function cacheCsvDataframe(): { writer: CacheWriter; reader: CacheReader<Table> } {
  return cacheCsv();
}

/**
 * `pd.read_csv(path, parse_dates=True).to_dict('records')`: records typed by the pandas
 * inference. Every missing value is NaN, as pandas holds it (also in string and boolean
 * columns), never null.
 */
export function csvRecordsFromTable(table: Table): Record<string, RecordValue>[] {
  const records = toRecords(table);
  for (const r of records) {
    for (const k of Object.keys(r)) if (r[k] === null) r[k] = Number.NaN;
  }
  return records;
}

/** `Cache.cache_csv_json()`: records written as CSV, read back as records (see `csvRecordsFromTable`). */
export function cacheCsvJson(): {
  writer: CacheWriter;
  reader: CacheReader<Record<string, RecordValue>[]>;
} {
  return {
    writer: csvRecordsWriter,
    reader: async (path, store) => csvRecordsFromTable(await csvTableReader(path, store)),
  };
}

/** `Cache.cache_json_dataframe()`: JSON written as `json_utilities.write`, read as a Table. */
export function cacheJsonDataframe(): { writer: CacheWriter; reader: CacheReader<Table> } {
  return {
    writer: (path, data, store) => store.write(path, formatPythonJson(data)),
    reader: async (path, store) =>
      readJsonRecordsTable(await store.readText(path), store.locate(path)),
  };
}

/** `Cache.nocache_dataframe()`: no file; the query result becomes a Table (`pd.DataFrame`). */
export function nocacheDataframe(): { post: (data: unknown) => Table } {
  return { post: (data) => tableFromRecords(requireRecords(data, 'nocacheDataframe')) };
}

// ---------------------------------------------------------------------------------------------
// pd.read_json(path, orient='records')

/** Python `float(str)`: surrounding whitespace, `_` between digits, inf/infinity/nan any case. */
function pyFloatFromString(s: string): number | undefined {
  const t = s.trim();
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(t);
  if (special) {
    if ((special[2] as string).toLowerCase() === 'nan') return Number.NaN;
    return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  const digits = String.raw`\d(?:_?\d)*`;
  const re = new RegExp(
    `^[+-]?(?:${digits}(?:\\.(?:${digits})?)?|\\.${digits})(?:[eE][+-]?${digits})?$`,
  );
  return re.test(t) ? Number(t.replace(/_/g, '')) : undefined;
}

/** numpy `astype(float64)` of one object cell, or undefined where it raises. */
function objectToFloat(v: unknown): number | undefined {
  if (v === null || v === undefined) return Number.NaN;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return pyFloatFromString(v);
  return undefined;
}

const INT64_LIMIT = 2 ** 63;

/**
 * The column pandas 1.5 `read_json(orient='records')` ends with, from the JSON values of one key
 * (`undefined` where a record lacks it):
 * 1. `DataFrame(records)`: all ints → int64; all bools → bool; otherwise object (ints mixed with
 *    floats or gaps are float64, which step 2 treats the same way);
 * 2. `_try_convert_data`: an object/float column is cast to float64 if every cell allows it
 *    (numbers, booleans → 1/0, null and gaps → NaN, strings Python's `float()` parses), and
 *    then to int64 when every value is an integer in range (no NaN or inf).
 * A column that cannot be cast keeps its values: strings (gaps and null → null), lists, or a
 * mix that has no Arrow type (E_UNSUPPORTED naming the column).
 * Deviation: pandas also turns columns named like dates (`*_at`, `*_time`, `timestamp*`,
 * `date`, `datetime`, `modified`) into datetime64; here they keep their JSON values (ISO
 * strings stay strings).
 */
function readJsonColumn(
  name: string,
  values: readonly unknown[],
): { type?: DataType; cells: unknown[] } {
  const present = values.filter((v) => v !== undefined && v !== null);
  const complete = present.length === values.length;
  if (complete && present.every((v) => typeof v === 'boolean')) {
    return { type: BOOL, cells: [...values] };
  }
  if (
    complete &&
    present.every((v) => typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)))
  ) {
    return { type: INT64, cells: values.map((v) => BigInt(v as number | bigint)) };
  }
  const floats = values.map(objectToFloat);
  if (values.length > 0 && floats.every((f) => f !== undefined)) {
    const nums = floats as number[];
    if (nums.every((f) => Number.isInteger(f) && Math.abs(f) < INT64_LIMIT)) {
      return { type: INT64, cells: nums.map((f) => BigInt(f)) };
    }
    return { type: FLOAT64, cells: nums };
  }
  const cells = values.map((v) => (v === undefined ? null : v));
  if (cells.some((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) {
    throw new SdkError(
      'E_UNSUPPORTED',
      `JSON column ${JSON.stringify(name)} holds objects, which have no table column type`,
    );
  }
  return { cells };
}

/**
 * `pd.read_json(text, orient='records')` as an Arrow Table (see the column rules above). The
 * text must be a JSON list of objects; columns are in order of first appearance.
 */
export function readJsonRecordsTable(text: string, file?: string): Table {
  const data = parsePythonJson(text.replace(/^\ufeff/, ''), file === undefined ? {} : { file });
  if (!Array.isArray(data)) {
    throw new SdkError('E_FORMAT', 'expected a JSON list of records', file ? { file } : {});
  }
  const records = requireRecords(data, 'read_json(orient="records")');
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        names.push(k);
      }
    }
  }
  const columns: Record<string, unknown[]> = {};
  const types: Record<string, DataType> = {};
  for (const name of names) {
    const col = readJsonColumn(
      name,
      records.map((r) => (Object.hasOwn(r, name) ? r[name] : undefined)),
    );
    columns[name] = col.cells;
    if (col.type) types[name] = col.type;
  }
  try {
    return tableFromColumns(columns as Parameters<typeof tableFromColumns>[0], { types });
  } catch (e) {
    if (e instanceof SdkError && e.code === 'E_VALIDATION') {
      throw new SdkError(
        'E_UNSUPPORTED',
        `${e.message} (read_json keeps such a column as object)`,
        {
          ...(file ? { file } : {}),
          cause: e,
        },
      );
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Table helpers

/**
 * `Cache.rename_columns` for a Table: every column named `old` is renamed `new`, pair by pair in
 * order (so `[['x','a'],['y','x']]` ends with `y`). An `old` that is missing is ignored, as in
 * pandas. Deviation: pandas allows two columns with one name; an Arrow table cannot hold them,
 * so such a rename throws E_UNSUPPORTED. Index columns are not renamed: in pandas the index
 * is not among `df.columns`. Returns a new Table (pandas edits in place).
 */
export function renameColumns(table: Table, newOldPairs: RenamePairs | null = []): Table {
  const index = new Set(indexNames(table.schema.metadata.get(INDEX_METADATA_KEY)));
  let columns = tableColumns(table);
  for (const [newName, oldName] of newOldPairs ?? []) {
    columns = columns.map((c) =>
      c.name === oldName && !index.has(c.name) ? { ...c, name: newName } : c,
    );
  }
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) {
      throw new SdkError(
        'E_UNSUPPORTED',
        `renaming would give two columns named ${JSON.stringify(c.name)}; pandas allows that, Arrow tables do not`,
        { path: c.name },
      );
    }
    seen.add(c.name);
  }
  return tableFromCells(columns, table.schema.metadata);
}

/**
 * `Cache.remove_keys` for a Table (`del df[key]` for each key): a key that is not a column, or is
 * the index, throws E_VALIDATION (KeyError in the reference). Returns a new Table.
 */
export function removeKeys(table: Table, keys: readonly string[] | null = []): Table {
  const index = new Set(indexNames(table.schema.metadata.get(INDEX_METADATA_KEY)));
  let columns = tableColumns(table);
  for (const key of keys ?? []) {
    if (index.has(key) || !columns.some((c) => c.name === key)) {
      throw new SdkError('E_VALIDATION', `Cannot remove missing column ${key}`, { path: key });
    }
    columns = columns.filter((c) => c.name !== key);
  }
  return tableFromCells(columns, table.schema.metadata);
}

function renameAndIndex(table: Table, options: LoadTableOptions): Table {
  const renamed = renameColumns(table, options.rename ?? []);
  return options.index === undefined || options.index === null
    ? renamed
    : withIndex(renamed, options.index);
}

/** `Cache.load_csv`: `pd.read_csv(path, parse_dates=True)`, then rename, then the index. */
export async function loadCsv(
  store: CacheStore,
  path: string,
  options: LoadTableOptions = {},
): Promise<Table> {
  return renameAndIndex(await csvTableReader(path, store), options);
}

/** `Cache.load_json`: `pd.read_json(path, orient='records')`, then rename, then the index. */
export async function loadJson(
  store: CacheStore,
  path: string,
  options: LoadTableOptions = {},
): Promise<Table> {
  const table = readJsonRecordsTable(await store.readText(path), store.locate(path));
  return renameAndIndex(table, options);
}

/** @internal for `Cache.wrap`: `pd.DataFrame(records)` with rename and index applied. */
export function recordsTable(records: unknown, options: LoadTableOptions): Table {
  return renameAndIndex(tableFromRecords(requireRecords(records, 'Cache.wrap')), options);
}

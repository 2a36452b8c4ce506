import { type DataType, type Table, Type } from 'apache-arrow';
import { SdkError } from '../errors.js';
import {
  BOOL,
  type Cell,
  FLOAT64,
  INDEX_METADATA_KEY,
  INT64,
  indexMetadataValue,
  indexNames,
  tableFromCells,
  UTF8,
  vectorCells,
} from '../table/cells.js';

/** pandas 1.5 `read_csv` default `na_values`. */
export const PANDAS_NA_VALUES: ReadonlySet<string> = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'n/a',
  'nan',
  'null',
]);

const TRUE_VALUES = new Set(['True', 'TRUE', 'true']);
const FALSE_VALUES = new Set(['False', 'FALSE', 'false']);
const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INF_RE = /^([+-]?)(?:inf|infinity)$/i;
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

export interface ParseCsvOptions {
  /** Column (position or name) to use as the index, as `index_col`. */
  indexCol?: number | string;
  /** Named in error messages. */
  file?: string;
}

/**
 * Splits CSV text into rows of fields as pandas' C tokenizer does with its defaults: `,` and
 * `"` with doubled quotes, any line ending, quoted fields may span lines, characters after a
 * closing quote join the field, and blank (or whitespace-only) lines are skipped.
 */
export function tokenizeCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let state: 'start' | 'field' | 'quoted' | 'quote-in-quoted' = 'start';
  let rowHasContent = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    // A line with no delimiter or quote and only blanks is a blank line: skipped.
    if (rowHasContent || row.length > 1 || !/^[ \t]*$/.test(row[0]!)) rows.push(row);
    row = [];
    rowHasContent = false;
  };
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a UTF-8 BOM is not part of the first name
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (state === 'quoted') {
      if (c === '"') state = 'quote-in-quoted';
      else field += c;
      continue;
    }
    if (state === 'quote-in-quoted') {
      if (c === '"') {
        field += '"';
        state = 'quoted';
        continue;
      }
      state = 'field';
    }
    if (c === ',') {
      endField();
      rowHasContent = true;
      state = 'start';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      state = 'start';
    } else if (c === '"' && state === 'start') {
      state = 'quoted';
      rowHasContent = true;
    } else {
      field += c;
      state = 'field';
    }
  }
  if (state === 'quoted') {
    throw new SdkError('E_FORMAT', 'CSV ends inside a quoted field');
  }
  if (field !== '' || row.length > 0 || rowHasContent) endRow();
  return rows;
}

/** Unnamed columns become `Unnamed: i`; repeats become `a.1`, `a.2` (pandas' mangle_dupe_cols). */
function columnNames(header: readonly string[]): string[] {
  const names = header.map((h, i) => (h === '' ? `Unnamed: ${i}` : h));
  const seen = new Map<string, number>();
  const taken = new Set(names);
  return names.map((n) => {
    const count = seen.get(n);
    if (count === undefined) {
      seen.set(n, 0);
      return n;
    }
    let k = count + 1;
    while (taken.has(`${n}.${k}`)) k++;
    seen.set(n, k);
    const out = `${n}.${k}`;
    taken.add(out);
    return out;
  });
}

const POW10 = Array.from({ length: 309 }, (_, k) => Number(`1e${k}`));

/**
 * pandas' default float converter (`precise_xstrtod`, float_precision=None/'high'): at most 17
 * significant digits accumulated in a double, then one multiply or divide by a power of ten. It
 * is not always correctly rounded (`0.30000000000000004` reads as 0.3), so `Number()` would
 * differ from pandas. Returns undefined where pandas' conversion fails (including overflow).
 */
export function pandasStrtod(s: string): number | undefined {
  if (!FLOAT_RE.test(s)) return undefined;
  const maxDigits = 17;
  let p = 0;
  let negative = false;
  if (s[p] === '-' || s[p] === '+') negative = s[p++] === '-';
  let number = 0;
  let exponent = 0;
  let numDigits = 0;
  let numDecimals = 0;
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  while (isDigit(s[p])) {
    if (numDigits < maxDigits) {
      number = number * 10 + (s.charCodeAt(p) - 48);
      numDigits++;
    } else exponent++;
    p++;
  }
  if (s[p] === '.') {
    p++;
    while (numDigits < maxDigits && isDigit(s[p])) {
      number = number * 10 + (s.charCodeAt(p) - 48);
      p++;
      numDigits++;
      numDecimals++;
    }
    while (isDigit(s[p])) p++;
    exponent -= numDecimals;
  }
  if (numDigits === 0) return undefined;
  if (negative) number = -number;
  if (s[p] === 'e' || s[p] === 'E') {
    p++;
    let negExp = false;
    if (s[p] === '-' || s[p] === '+') negExp = s[p++] === '-';
    let n = 0;
    let expDigits = 0;
    while (expDigits < maxDigits && isDigit(s[p])) {
      n = n * 10 + (s.charCodeAt(p) - 48);
      expDigits++;
      p++;
    }
    exponent += negExp ? -n : n;
  }
  if (exponent > 308) return undefined;
  if (exponent > 0) number *= POW10[exponent]!;
  else if (exponent < -308) {
    if (exponent < -616) number = 0;
    else {
      number /= POW10[-308 - exponent]!;
      number /= POW10[308]!;
    }
  } else number /= POW10[-exponent]!;
  if (!Number.isFinite(number)) return undefined;
  return number;
}

/** A column's type and cells as pandas 1.5's C parser infers them from its tokens. */
export function inferCsvColumn(tokens: readonly string[]): { type: DataType; cells: Cell[] } {
  const na = tokens.map((t) => PANDAS_NA_VALUES.has(t));
  const naCount = na.filter(Boolean).length;
  const present = tokens.filter((_, i) => !na[i]);
  if (present.length === 0) {
    return { type: FLOAT64, cells: tokens.map(() => Number.NaN) };
  }
  const trimmed = (t: string) => t.trim();
  if (naCount === 0 && present.every((t) => INT_RE.test(trimmed(t)))) {
    const values = present.map((t) => BigInt(trimmed(t)));
    if (values.every((v) => v >= INT64_MIN && v <= INT64_MAX)) {
      return { type: INT64, cells: values };
    }
  }
  const asFloat = (t: string): number | undefined => {
    const s = trimmed(t);
    const v = pandasStrtod(s);
    if (v !== undefined) return v;
    const m = INF_RE.exec(s);
    if (m) return m[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    return undefined;
  };
  if (present.every((t) => asFloat(t) !== undefined)) {
    return {
      type: FLOAT64,
      cells: tokens.map((t, i) => (na[i] ? Number.NaN : asFloat(t)!)),
    };
  }
  if (present.every((t) => TRUE_VALUES.has(t) || FALSE_VALUES.has(t))) {
    // pandas makes this object dtype when NAs are present; a nullable Bool is the Arrow equivalent.
    return { type: BOOL, cells: tokens.map((t, i) => (na[i] ? null : TRUE_VALUES.has(t))) };
  }
  return { type: UTF8, cells: tokens.map((t, i) => (na[i] ? null : t)) };
}

/**
 * `pd.read_csv(text, index_col=…)` with pandas 1.5 defaults, into an Arrow table:
 * - all integers → Int64; integers with missing cells, or any float → Float64 (NaN);
 * - only True/TRUE/true and False/FALSE/false → Bool (nullable where pandas would use object);
 * - otherwise Utf8, missing cells null. pandas' default NA strings (`''`, `NA`, `nan`, `NULL`, …)
 *   are missing in every column. Quoted numbers are still numbers, as in pandas. Dates stay strings.
 * - `indexCol` moves that column first and records it as `schema.metadata.index`; an unnamed
 *   index column is called `index` (pandas' `reset_index` name for it).
 * Rows with fewer fields are padded with missing values; more fields than the header is E_FORMAT.
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): Table {
  const { file } = options;
  const rows = tokenizeCsv(text);
  const header = rows.shift();
  if (!header) throw new SdkError('E_FORMAT', 'CSV has no header line', { file });
  const width = header.length;
  rows.forEach((r, i) => {
    if (r.length > width) {
      throw new SdkError('E_FORMAT', `Expected ${width} fields in line ${i + 2}, saw ${r.length}`, {
        file,
      });
    }
  });
  let names = columnNames(header);
  let indexPos: number | undefined;
  if (options.indexCol !== undefined) {
    indexPos =
      typeof options.indexCol === 'number' ? options.indexCol : header.indexOf(options.indexCol);
    if (indexPos < 0 || indexPos >= width) {
      throw new SdkError(
        'E_NOT_FOUND',
        `index column ${String(options.indexCol)} is not in the CSV`,
        {
          file,
        },
      );
    }
    // pandas leaves an unnamed index column without a name; as a column it needs one.
    if (header[indexPos] === '') {
      names = [...names];
      names[indexPos] = names.includes('index') ? 'level_0' : 'index';
    }
  }
  const columns = names.map((name, c) => ({
    name,
    ...inferCsvColumn(rows.map((r) => r[c] ?? '')),
  }));
  const meta = new Map<string, string>();
  if (indexPos !== undefined) {
    const [idx] = columns.splice(indexPos, 1);
    columns.unshift(idx!);
    meta.set(INDEX_METADATA_KEY, indexMetadataValue([idx!.name]));
  }
  return tableFromCells(columns, meta);
}

/** Python `repr(float)`: shortest round-trip digits, `1.0`, `1e-05`, `1e+16`, `inf`, `nan`. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const sign = neg ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${intPart}.${frac || '0'}`;
}

/** `str()` of a value as Python prints it inside a CSV cell (containers use `repr` inside). */
function pyStr(v: unknown, nested = false): string {
  if (v === null || v === undefined) return nested ? 'None' : '';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number')
    return Number.isInteger(v) && !Object.is(v, -0) ? String(v) : pyFloatRepr(v);
  if (typeof v === 'string') return nested ? pyStrRepr(v) : v;
  if (Array.isArray(v)) return `[${v.map((x) => pyStr(x, true)).join(', ')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    return `{${entries.map(([k, x]) => `${pyStrRepr(k)}: ${pyStr(x, true)}`).join(', ')}}`;
  }
  return String(v);
}

function pyStrRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q;
}

function quoteMinimal(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface FormatCsvOptions {
  /** Write the index (default true, as pandas); a table without one gets 0..n-1 under an empty name. */
  index?: boolean;
}

/**
 * `df.to_csv()` with pandas 1.5 defaults: minimal quoting, `\n` line ends, floats as Python repr
 * (`1.0`, `1e-05`), NaN and null as empty cells, booleans `True`/`False`. The index columns
 * (schema metadata) are written first; without one, a RangeIndex column with an empty header,
 * giving the familiar `,col1,col2` header.
 */
export function formatCsv(table: Table, options: FormatCsvOptions = {}): string {
  const withIndex = options.index ?? true;
  const fields = table.schema.fields;
  const index = indexNames(table.schema.metadata.get(INDEX_METADATA_KEY)).filter((n) =>
    table.getChild(n),
  );
  // index=False drops the index columns, as pandas does.
  const order = [
    ...(withIndex ? index : []),
    ...fields.map((f) => f.name).filter((n) => !index.includes(n)),
  ];
  const cols = order.map((name) => {
    const vec = table.getChild(name)!;
    if (vec.type.typeId === Type.List || vec.type.typeId === Type.Struct) {
      throw new SdkError('E_UNSUPPORTED', `cannot write the nested column ${name} to CSV`);
    }
    const isFloat = vec.type.typeId === Type.Float;
    return {
      name,
      cells: vectorCells(vec),
      format: (c: Cell): string =>
        c === null || (typeof c === 'number' && Number.isNaN(c))
          ? ''
          : isFloat
            ? pyFloatRepr(c as number)
            : pyStr(c),
    };
  });
  const rangeIndex = withIndex && index.length === 0;
  const lines: string[] = [];
  lines.push([...(rangeIndex ? [''] : []), ...cols.map((c) => quoteMinimal(c.name))].join(','));
  for (let r = 0; r < table.numRows; r++) {
    const cells = cols.map((c) => quoteMinimal(c.format(c.cells[r]!)));
    lines.push([...(rangeIndex ? [String(r)] : []), ...cells].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The allensdk `Cache.csv_writer`: header from the first record's keys, every field quoted
 * (QUOTE_ALL), `\r\n` line ends, None as `""`, floats as Python repr, a key missing from a later
 * record as `""`; a key the header lacks throws E_VALIDATION (DictWriter's ValueError).
 * A JS number cannot tell `1.0` from `1`: integral numbers are written as ints (`1`, not `1.0`).
 */
export function formatCsvRecords(records: readonly Readonly<Record<string, unknown>>[]): string {
  if (records.length === 0) return '';
  const header = Object.keys(records[0]!);
  const known = new Set(header);
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const lines = [header.map(q).join(',')];
  records.forEach((rec, i) => {
    const extra = Object.keys(rec).filter((k) => !known.has(k));
    if (extra.length) {
      throw new SdkError(
        'E_VALIDATION',
        `record ${i} has fields not in the CSV header: ${extra.map((k) => `'${k}'`).join(', ')}`,
      );
    }
    lines.push(header.map((k) => q(pyStr(rec[k]))).join(','));
  });
  return `${lines.join('\r\n')}\r\n`;
}

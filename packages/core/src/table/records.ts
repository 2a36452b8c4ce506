import type { Table } from 'apache-arrow';
import { type Cell, safeNumber, vectorCells } from './cells.js';

/** A record value: Int64 becomes `number` (throwing E_UNSUPPORTED beyond 2^53−1). */
export type RecordValue = number | string | boolean | null | RecordValue[];

function toRecordValue(c: Cell, where: string): RecordValue {
  if (typeof c === 'bigint') return safeNumber(c, where);
  if (Array.isArray(c)) return c.map((x) => toRecordValue(x, where));
  return c;
}

/** The rows as plain objects keyed by column name, in column order (`df.to_dict('records')`). */
export function toRecords(table: Table): Record<string, RecordValue>[] {
  const names = table.schema.fields.map((f) => f.name);
  const cols = names.map((_, i) => vectorCells(table.getChildAt(i)!));
  const out: Record<string, RecordValue>[] = [];
  for (let r = 0; r < table.numRows; r++) {
    const rec: Record<string, RecordValue> = {};
    names.forEach((name, j) => {
      Object.defineProperty(rec, name, {
        value: toRecordValue(cols[j]![r]!, `column ${name}, row ${r}`),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    });
    out.push(rec);
  }
  return out;
}

/** One column as plain values, with the same conversions as `toRecords`. */
export function columnValues(table: Table, name: string): RecordValue[] {
  const col = table.getChild(name);
  if (!col) return [];
  return vectorCells(col).map((c, r) => toRecordValue(c, `column ${name}, row ${r}`));
}

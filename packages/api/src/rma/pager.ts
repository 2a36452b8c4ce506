/** `RmaPager.pager`: page through a query with `start_row`/`num_rows`, lazily. */
import type { ApiRecord } from '../api.js';

export interface PageArgs {
  startRow: number;
  numRows: number;
  count: false;
}

export interface PagerOptions {
  /** Rows per page. */
  numRows: number;
  /** `'all'`: until a short page; a number: until that many rows were received. */
  totalRows: number | 'all';
}

/**
 * Calls `fetchPage` with start rows 0, n, 2n… (`'all'`: while a page comes back full) or until
 * `totalRows` rows arrived, yielding records as they come. **Deviation:** an empty page stops the
 * numeric form (the reference loops forever).
 */
export async function* pager<T = ApiRecord>(
  fetchPage: (args: PageArgs) => Promise<readonly T[]>,
  { numRows, totalRows }: PagerOptions,
): AsyncGenerator<T, void, undefined> {
  let startRow = 0;
  if (totalRows === 'all') {
    let resultCount = numRows;
    while (resultCount === numRows) {
      const data = await fetchPage({ startRow, numRows, count: false });
      startRow += numRows;
      resultCount = data.length;
      yield* data;
    }
    return;
  }
  while (startRow < totalRows) {
    const data = await fetchPage({ startRow, numRows, count: false });
    if (data.length === 0) return;
    startRow += data.length;
    yield* data;
  }
}

/** Collects an async iterable into an array. */
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export const RmaPager = { pager };

import { readFile, writeFile } from 'node:fs/promises';
import type { Table } from 'apache-arrow';
import { SdkError } from '../errors.js';
import {
  type FormatCsvOptions,
  formatCsv,
  formatCsvRecords,
  type ParseCsvOptions,
  parseCsv,
} from './csv.js';

/** `pd.read_csv(path, index_col=…)`; see `parseCsv`. */
export async function readCsv(
  path: string,
  options: Omit<ParseCsvOptions, 'file'> = {},
): Promise<Table> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new SdkError(
      code === 'ENOENT' ? 'E_NOT_FOUND' : 'E_IO',
      `cannot read ${path}: ${String(e)}`,
      {
        file: path,
        cause: e,
      },
    );
  }
  return parseCsv(text, { ...options, file: path });
}

async function save(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text, 'utf8');
  } catch (e) {
    throw new SdkError('E_IO', `cannot write ${path}: ${String(e)}`, { file: path, cause: e });
  }
}

/** `df.to_csv(path)`; see `formatCsv`. */
export async function writeCsv(
  path: string,
  table: Table,
  options?: FormatCsvOptions,
): Promise<void> {
  await save(path, formatCsv(table, options));
}

/** allensdk `Cache.csv_writer(path, records)`; see `formatCsvRecords`. */
export async function writeCsvRecords(
  path: string,
  records: readonly Readonly<Record<string, unknown>>[],
): Promise<void> {
  await save(path, formatCsvRecords(records));
}

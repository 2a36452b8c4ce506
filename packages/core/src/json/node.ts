// Node-only: file access for the JSON helpers. Browser code uses parsePythonJson/formatPythonJson.
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { SdkError } from '../errors.js';
import { type RemoveCommentsOptions, readJsonStringWithComments } from './json-comments.js';
import {
  type FormatPythonJsonOptions,
  formatPythonJson,
  type JsonValue,
  type ParsePythonJsonOptions,
  parsePythonJson,
} from './python-json.js';

/** The name a writer fills before renaming it over `path`: same directory, so rename is atomic. */
export function tempPathFor(path: string): string {
  return `${path}.tmp-${randomBytes(6).toString('hex')}`;
}

/**
 * Writes `data` to a temporary file next to `path` and renames it into place, so a reader never
 * sees a half-written file. The temporary file is removed when writing fails.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    await writeFile(tmp, data, { flag: 'wx' });
    await rename(tmp, path);
  } catch (cause) {
    await rm(tmp, { force: true });
    throw ioError('Cannot write', path, cause);
  }
}

/** Synchronous {@link writeFileAtomic}. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  const tmp = tempPathFor(path);
  try {
    writeFileSync(tmp, data, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (cause) {
    rmSync(tmp, { force: true });
    throw ioError('Cannot write', path, cause);
  }
}

function ioError(what: string, path: string, cause: unknown): SdkError {
  const code = (cause as { code?: unknown }).code === 'ENOENT' ? 'E_NOT_FOUND' : 'E_IO';
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return new SdkError(code, `${what} ${path}${detail}`, { file: path, cause });
}

function decode(bytes: Uint8Array, path: string, options: ParsePythonJsonOptions): JsonValue {
  // Python decodes with "utf-8" (a BOM survives as U+FEFF, which simplejson then skips).
  let text = new TextDecoder('utf-8').decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return {};
  return parsePythonJson(text, { ...options, file: path });
}

/** `json_utilities.read`: UTF-8 JSON; an empty file gives `{}`. Accepts NaN/Infinity tokens. */
export async function readJson(
  path: string,
  options: Omit<ParsePythonJsonOptions, 'file'> = {},
): Promise<JsonValue> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw ioError('Cannot read', path, cause);
  }
  return decode(bytes, path, options);
}

/** Synchronous {@link readJson}. */
export function readJsonSync(
  path: string,
  options: Omit<ParsePythonJsonOptions, 'file'> = {},
): JsonValue {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw ioError('Cannot read', path, cause);
  }
  return decode(bytes, path, options);
}

/** `json_utilities.write` (format: see {@link formatPythonJson}), written atomically. */
export async function writeJson(
  path: string,
  value: unknown,
  options: FormatPythonJsonOptions = {},
): Promise<void> {
  await writeFileAtomic(path, formatPythonJson(value, options));
}

/** Synchronous {@link writeJson}. */
export function writeJsonSync(
  path: string,
  value: unknown,
  options: FormatPythonJsonOptions = {},
): void {
  writeFileAtomicSync(path, formatPythonJson(value, options));
}

/**
 * `JsonComments.read_file`. Python opens the file in text mode, which turns `\r\n` and a lone
 * `\r` into `\n` before the comments are stripped; this does the same.
 */
export async function readJsonWithComments(
  path: string,
  options: RemoveCommentsOptions & Omit<ParsePythonJsonOptions, 'file'> = {},
): Promise<JsonValue> {
  let text: string;
  try {
    text = await readFile(path, 'utf-8');
  } catch (cause) {
    throw ioError('Cannot read', path, cause);
  }
  return readJsonStringWithComments(text.replace(/\r\n?/g, '\n'), { ...options, file: path });
}

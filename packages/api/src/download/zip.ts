/**
 * Extracting the archives the Allen API serves (grid data, mouse atlas volumes) into a folder.
 * Node-only (fs); the zip reader itself is @sdk/core's, re-exported here for this entry point's
 * existing users.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { listZip, readZipEntry, SdkError } from '@sdk/core';

export { crc32, listZip, readZipEntry, type ZipEntry } from '@sdk/core';

/**
 * Extracts every member (or only `members`) into `dir`, like Python's `ZipFile.extractall`. Each
 * file is written to a temporary name and renamed, so no partial member is ever visible.
 * Returns the paths written.
 */
export async function extractZip(
  buf: Uint8Array,
  dir: string,
  members?: readonly string[],
  file?: string,
): Promise<string[]> {
  const wanted = members ? new Set(members) : undefined;
  const entries = listZip(buf, file).filter((e) => !wanted || wanted.has(e.name));
  if (wanted) {
    const names = new Set(entries.map((e) => e.name));
    const missing = [...wanted].filter((m) => !names.has(m));
    if (missing.length) {
      throw new SdkError('E_NOT_FOUND', `no member named ${missing.join(', ')} in the archive`, {
        file,
      });
    }
  }
  const written: string[] = [];
  for (const entry of entries) {
    const rel = normalize(entry.name);
    if (isAbsolute(entry.name) || rel === '..' || rel.startsWith(`..${sep}`)) {
      throw new SdkError('E_FORMAT', `zip member would be written outside ${dir}`, {
        file,
        path: entry.name,
      });
    }
    const target = join(dir, rel);
    if (entry.isDirectory) {
      await mkdir(target, { recursive: true });
      continue;
    }
    const data = await readZipEntry(buf, entry, file);
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.part-${randomBytes(6).toString('hex')}`;
    try {
      await writeFile(tmp, data);
      await rename(tmp, target);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    written.push(target);
  }
  return written;
}

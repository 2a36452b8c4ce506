// Node-only: the parts of Manifest / ManifestBuilder that touch the file system.
import { existsSync, mkdirSync } from 'node:fs';
import { SdkError } from '../errors.js';
import { writeJsonSync } from '../json/node.js';
import type { Manifest } from './manifest.js';
import type { ManifestBuilder } from './manifest-builder.js';
import { pathParts, pyDirname } from './posix-path.js';

/**
 * `Manifest.safe_mkdir`: creates `directory` and its missing parents; an existing directory (or
 * file) is not an error. Returns what 2.16.2 returns: the **deepest** path that did not exist
 * (the loop keeps overwriting its answer; the docstring's "most rootward" is not what it does),
 * or null when everything existed.
 */
export function safeMkdir(directory: string): string | null {
  const parts = pathParts(directory);
  let leftmost: string | null = null;
  let sub = '';
  for (const part of parts) {
    sub = sub === '' ? part : sub === '/' ? `/${part}` : `${sub}/${part}`;
    if (!existsSync(sub)) leftmost = sub;
  }
  try {
    mkdirSync(directory, { recursive: true });
  } catch (cause) {
    if ((cause as { code?: unknown }).code !== 'EEXIST') {
      throw new SdkError('E_IO', `Cannot create directory ${directory}`, {
        file: directory,
        cause,
      });
    }
  }
  return leftmost;
}

/**
 * `Manifest.safe_make_parent_dirs`: `safeMkdir(dirname(file))`, or null when the name has no
 * directory part. Deviation: a parent of `.` (`./x.json`) raises IndexError in 2.16.2; here it
 * returns null.
 */
export function safeMakeParentDirs(fileName: string): string | null {
  const dirname = pyDirname(fileName);
  if (dirname === '' || pathParts(dirname).length === 0) return null;
  return safeMkdir(dirname);
}

/** `Manifest.create_dir`. */
export function createManifestDir(manifest: Manifest, key: string): void {
  safeMkdir(manifest.getPath(key));
}

/** `Manifest.check_dir` (without `do_exit`): false, with a logged error, when it is missing. */
export function checkManifestDir(manifest: Manifest, key: string): boolean {
  const dir = manifest.getPath(key);
  if (existsSync(dir)) return true;
  console.error(`Directory ${dir} does not exist; exiting.`);
  return false;
}

/** `ManifestBuilder.write_json_file`, written atomically. */
export function writeManifestJsonFile(builder: ManifestBuilder, path: string): void {
  writeJsonSync(path, builder.getConfig());
}

import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import { SdkError } from '../errors.js';
import { type PercentArg, percentFormat } from './percent-format.js';
import { envVar, pyAbspath, pyDirname, pyJoin } from './posix-path.js';
import {
  type ManifestVersion,
  ManifestVersionMismatchError,
  manifestVersionsDiffer,
} from './version-error.js';

/** One entry of a manifest file's `manifest` list, as allensdk writes it. */
export interface ManifestEntry {
  type: string;
  key?: string;
  spec?: string;
  parent_key?: string | null;
  format?: string | null;
  /** The version, on a `manifest_version` entry. */
  value?: ManifestVersion;
}

/** A resolved manifest entry (`Manifest.path_info[key]`). */
export interface ManifestPathInfo {
  type: string;
  spec: string;
  format?: string;
}

export type ManifestPathType = 'dir' | 'file' | 'dir_name';

export interface AddPathOptions {
  /** `'dir'` (default), `'file'` or `'dir_name'` (store the resolved path's directory). */
  pathType?: ManifestPathType | string;
  /** Resolve against the process working directory (default true) or `relativeBaseDir`. */
  absolute?: boolean;
  /** Stored for `'file'` entries only, as in the reference. */
  format?: string | null;
  parentKey?: string | null;
}

/**
 * `allensdk.config.manifest.Manifest` (2.16.2): named path templates with `%s`/`%d` slots.
 *
 * Directories are made absolute (against `relativeBaseDir`, itself relative to the process working
 * directory); file entries without a parent stay relative to the **working directory** as
 * `./spec`, which is what the reference does. Paths are POSIX; in a browser the working
 * directory is `/`.
 */
export class Manifest {
  static readonly DIR = 'dir';
  static readonly FILE = 'file';
  static readonly DIRNAME = 'dir_name';
  static readonly VERSION = 'manifest_version';

  /** Resolved entries in insertion order. */
  readonly pathInfo = new Map<string, ManifestPathInfo>();
  readonly relativeBaseDir: string;
  /** The version checked by the last `loadConfig` (undefined before one ran). */
  version: ManifestVersion | undefined;

  constructor(
    config?: readonly ManifestEntry[] | null,
    relativeBaseDir = '.',
    version?: ManifestVersion,
  ) {
    this.relativeBaseDir = relativeBaseDir;
    if (config !== undefined && config !== null) this.loadConfig(config, version);
  }

  /**
   * Adds the entries in order, then throws `ManifestVersionError` when the `manifest_version`
   * entry (null if none) is not exactly `version` (`'1.3'` differs from `1.3`).
   * Unknown entry types (including `dir_name`) are skipped with a warning.
   */
  loadConfig(config: readonly ManifestEntry[], version?: ManifestVersion): void {
    if (!Array.isArray(config)) {
      throw new SdkError('E_VALIDATION', 'A manifest config must be a list of entries', {
        path: 'manifest',
      });
    }
    let foundVersion: ManifestVersion = null;
    config.forEach((entry: ManifestEntry, i: number) => {
      const where = `manifest[${i}]`;
      if (entry === null || typeof entry !== 'object' || typeof entry.type !== 'string') {
        throw new SdkError('E_VALIDATION', 'Manifest entry has no "type"', { path: where });
      }
      const format = entry.format ?? null;
      if (entry.type === Manifest.FILE) {
        this.addFile(requireString(entry, 'key', where), requireString(entry, 'spec', where), {
          parentKey: entry.parent_key ?? null,
          format,
        });
      } else if (entry.type === Manifest.DIR) {
        const spec = requireString(entry, 'spec', where);
        if (spec === '') {
          throw new SdkError('E_VALIDATION', 'Manifest dir entry has an empty "spec"', {
            path: `${where}.spec`,
          });
        }
        this.addPath(requireString(entry, 'key', where), spec, {
          pathType: Manifest.DIR,
          absolute: spec.startsWith('/'),
          format,
          parentKey: entry.parent_key ?? null,
        });
      } else if (entry.type === Manifest.VERSION) {
        foundVersion = entry.value ?? null;
      } else {
        console.warn(`Unknown path type in manifest: ${entry.type}`);
      }
    });
    if (manifestVersionsDiffer(foundVersion, version)) {
      throw new ManifestVersionMismatchError(
        `Manifest version ${describeVersion(foundVersion)} does not match the expected version ${describeVersion(version)}`,
        version,
        foundVersion,
      );
    }
    this.version = version;
  }

  /**
   * `add_path`: a directory (or, with `pathType: 'dir_name'`, the directory of a path), joined to
   * its parent's path, made absolute against the working directory (`absolute`, the default) or
   * against `relativeBaseDir`.
   */
  addPath(key: string, path: string, options: AddPathOptions = {}): void {
    const { pathType = Manifest.DIR, absolute = true, format = null, parentKey = null } = options;
    let resolved = path;
    if (parentKey) {
      resolved = pyJoin(this.parentSpec(parentKey), ...path.split('/'));
    }
    resolved = absolute ? pyAbspath(resolved) : pyAbspath(pyJoin(this.relativeBaseDir, resolved));
    if (pathType === Manifest.DIRNAME) resolved = pyDirname(resolved);
    const info: ManifestPathInfo = { type: pathType, spec: resolved };
    if (pathType === Manifest.FILE && format !== null) info.format = format;
    this.pathInfo.set(key, info);
  }

  /**
   * `add_file`: joined to its parent's path when it has one; otherwise `/spec` stays absolute and
   * anything else becomes `./spec`. Nothing is normalised or made absolute.
   */
  addFile(
    key: string,
    fileName: string,
    options: { parentKey?: string | null; format?: string | null } = {},
  ): void {
    const { parentKey = null, format = null } = options;
    const first = parentKey ? this.parentSpec(parentKey) : fileName.startsWith('/') ? '/' : '.';
    const info: ManifestPathInfo = {
      type: Manifest.FILE,
      spec: pyJoin(first, ...fileName.split('/')),
    };
    if (format) info.format = format;
    this.pathInfo.set(key, info);
  }

  /** `add_paths`: stores already-resolved entries as they are. */
  addPaths(entries: Record<string, ManifestPathInfo>): void {
    for (const [key, data] of Object.entries(entries)) {
      const info: ManifestPathInfo = { type: data.type, spec: data.spec };
      if (data.format !== undefined && data.format !== null) info.format = data.format;
      this.pathInfo.set(key, info);
    }
  }

  private parentSpec(parentKey: string): string {
    const parent = this.pathInfo.get(parentKey);
    if (parent === undefined) {
      throw new SdkError('E_NOT_FOUND', `Cannot resolve directory key ${parentKey}`, {
        path: parentKey,
      });
    }
    return parent.spec;
  }

  private entry(key: string): ManifestPathInfo {
    const info = this.pathInfo.get(key);
    if (info === undefined) {
      throw new SdkError('E_NOT_FOUND', `Unknown manifest key ${key}`, { path: key });
    }
    return info;
  }

  /**
   * `get_path`: the entry's path with `args` substituted into its `%s`/`%d` slots (Python `%`
   * formatting). With no args the spec is returned untouched (a `%%` stays `%%`).
   */
  getPath(key: string, ...args: PercentArg[]): string {
    const spec = this.entry(key).spec;
    return args.length === 0 ? spec : percentFormat(spec, args);
  }

  /** `get_format`: the entry's format, or null. */
  getFormat(key: string): string | null {
    return this.entry(key).format ?? null;
  }

  /**
   * `resolve_paths`: every `<name><suffix>` entry of `description` (suffix is a regular
   * expression, `_key` by default) is replaced in place by `<name>: getPath(value)`.
   */
  resolvePaths(description: Record<string, unknown>, suffix = '_key'): void {
    const pattern = new RegExp(`^(.*)${suffix}$`, 's');
    for (const descriptionKey of Object.keys(description)) {
      const m = pattern.exec(descriptionKey);
      if (!m) continue;
      const manifestKey = description[descriptionKey];
      if (typeof manifestKey !== 'string') {
        throw new SdkError('E_VALIDATION', 'A manifest key reference must be a string', {
          path: descriptionKey,
        });
      }
      description[m[1] ?? ''] = this.getPath(manifestKey);
      delete description[descriptionKey];
    }
  }

  /**
   * `as_dataframe`: one row per entry with columns `key`, `type`, `spec`, `format` (null when
   * absent). The pandas index (the key) is the `key` column, named in `schema.metadata.index`.
   */
  asTable(): Table {
    const rows = [...this.pathInfo.entries()];
    const table = new Table({
      key: vectorFromArray(
        rows.map(([key]) => key),
        new Utf8(),
      ),
      type: vectorFromArray(
        rows.map(([, info]) => info.type),
        new Utf8(),
      ),
      spec: vectorFromArray(
        rows.map(([, info]) => info.spec),
        new Utf8(),
      ),
      format: vectorFromArray(
        rows.map(([, info]) => info.format ?? null),
        new Utf8(),
      ),
    });
    table.schema.metadata.set('index', 'key');
    return table;
  }
}

function requireString(entry: ManifestEntry, field: 'key' | 'spec', where: string): string {
  const value = entry[field];
  if (typeof value !== 'string') {
    throw new SdkError('E_VALIDATION', `Manifest entry needs a string "${field}"`, {
      path: `${where}.${field}`,
    });
  }
  return value;
}

function describeVersion(v: ManifestVersion | undefined): string {
  if (v === undefined || v === null) return 'None';
  return typeof v === 'string' ? `'${v}'` : String(v);
}

/**
 * `get_default_manifest_file`: the environment variable `<NAME>_MANIFEST`, else
 * `<name>/manifest.json`.
 */
export function getDefaultManifestFile(cacheName: string): string {
  return (
    envVar(`${cacheName.toUpperCase()}_MANIFEST`) ?? `${cacheName.toLowerCase()}/manifest.json`
  );
}

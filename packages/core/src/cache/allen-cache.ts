import type { Table } from 'apache-arrow';
import { SdkError } from '../errors.js';
import { formatCsv, parseCsv } from '../formats/csv.js';
import { formatPythonJson, parsePythonJson } from '../json/python-json.js';
import { Manifest, type ManifestEntry } from '../manifest/manifest.js';
import { ManifestBuilder } from '../manifest/manifest-builder.js';
import type { PercentArg } from '../manifest/percent-format.js';
import { pyDirname } from '../manifest/posix-path.js';
import { type ManifestVersion, ManifestVersionMismatchError } from '../manifest/version-error.js';
import { type CacherOptions, cacher } from './cacher.js';
import { type LoadTableOptions, loadCsv, loadJson, recordsTable } from './presets.js';
import type { CacheStore } from './store.js';

/** One `MANIFEST_CONFIG` entry: `ManifestBuilder.addPath(key, spec, ...)` arguments. */
export interface ManifestPathConfig {
  spec: string;
  typename?: string;
  parentKey?: string;
  format?: string;
}

export interface WrapOptions extends LoadTableOptions {
  /** Write JSON (default) rather than CSV. */
  saveAsJson?: boolean;
  /** Return a Table rather than records (default false). */
  returnDataframe?: boolean;
  /** Where the deprecation warning goes; default `console.warn`. */
  warn?: (message: string) => void;
}

export interface CacheOptions {
  /** Path (store key) of the manifest file; created from the class's paths when missing. */
  manifest?: string | null;
  /** False: `getCachePath` gives null and `cacher` passes data through without writing. */
  cache?: boolean;
  /** Expected manifest version; defaults to the class's `MANIFEST_VERSION`. */
  version?: ManifestVersion;
  store: CacheStore;
}

/**
 * `allensdk.api.warehouse_cache.cache.Cache` (2.16.2). Create with `await MyCache.open({...})`
 * (loading the manifest reads a file, which cannot happen in a constructor). Subclasses set the
 * static `MANIFEST_VERSION` / `MANIFEST_CONFIG` and may extend `addManifestPaths`.
 */
export class Cache {
  static MANIFEST_VERSION: ManifestVersion | undefined = undefined;
  static MANIFEST_CONFIG: Record<string, ManifestPathConfig> | undefined = undefined;

  readonly store: CacheStore;
  readonly cache: boolean;
  readonly version: ManifestVersion | undefined;
  manifest: Manifest | null = null;
  manifestPath: string | undefined;

  constructor(options: CacheOptions) {
    this.store = options.store;
    this.cache = options.cache ?? true;
    this.version = options.version ?? this.classConfig().MANIFEST_VERSION;
  }

  /** Constructs the cache and loads (or first writes) its manifest. */
  static async open<T extends Cache>(this: new (o: CacheOptions) => T, options: CacheOptions) {
    const instance = new this(options);
    await instance.loadManifest(options.manifest ?? null, instance.version);
    return instance;
  }

  private classConfig(): typeof Cache {
    return this.constructor as typeof Cache;
  }

  /**
   * `load_manifest`: when the file is missing, its directory is made and the manifest built by
   * `addManifestPaths` is written; then it is loaded with `relativeBaseDir = dirname(file)`. A
   * version mismatch throws `ManifestVersionError` telling the user to delete the file.
   */
  async loadManifest(fileName: string | null, version?: ManifestVersion): Promise<void> {
    if (fileName === null) {
      this.manifest = null;
      return;
    }
    if (!(await this.store.exists(fileName))) {
      if (pyDirname(fileName)) await this.store.makeParentDirs(fileName);
      await this.buildManifest(fileName);
    }
    const text = (await this.store.readText(fileName)).replace(/^\ufeff/, '');
    const content = text.length === 0 ? {} : parsePythonJson(text, { file: fileName });
    const entries = (content as { manifest?: unknown } | null)?.manifest;
    if (!Array.isArray(entries)) {
      throw new SdkError('E_FORMAT', 'Manifest file has no "manifest" list', {
        file: fileName,
        path: 'manifest',
      });
    }
    try {
      this.manifest = new Manifest(entries as ManifestEntry[], pyDirname(fileName), version);
    } catch (e) {
      if (!(e instanceof ManifestVersionMismatchError)) throw e;
      const intro =
        e.outdated === true
          ? 'is out of date'
          : e.outdated === false
            ? 'was made with a newer version of the AllenSDK'
            : 'version did not match the expected version';
      throw new ManifestVersionMismatchError(
        `Your manifest file (${fileName}) ${intro} (its version is '${e.foundVersion}', but version '${e.version}' is expected).  Please remove this file and it will be regenerated for you the next time you instantiate this class. WARNING: There may be new data files available that replace the ones you already have downloaded. Read the notes for this release for more details on what has changed (https://github.com/alleninstitute/allensdk/wiki).`,
        e.version,
        e.foundVersion,
        { file: fileName },
      );
    }
    this.manifestPath = fileName;
  }

  /** `build_manifest`: the class's version entry, then `addManifestPaths`, written as JSON. */
  async buildManifest(fileName: string): Promise<void> {
    const builder = new ManifestBuilder();
    const classVersion = this.classConfig().MANIFEST_VERSION;
    // Python reads self.MANIFEST_VERSION (AttributeError without one); no entry here instead.
    if (classVersion !== undefined) builder.setVersion(classVersion);
    this.addManifestPaths(builder);
    await this.store.write(fileName, formatPythonJson(builder.getConfig()));
  }

  /** `add_manifest_paths`: `BASEDIR = '.'`, then every `MANIFEST_CONFIG` entry. */
  addManifestPaths(builder: ManifestBuilder): ManifestBuilder {
    builder.addPath('BASEDIR', '.');
    for (const [key, config] of Object.entries(this.classConfig().MANIFEST_CONFIG ?? {})) {
      builder.addPath(key, config.spec, {
        ...(config.typename === undefined ? {} : { typename: config.typename }),
        ...(config.parentKey === undefined ? {} : { parentKey: config.parentKey }),
        ...(config.format === undefined ? {} : { format: config.format }),
      });
    }
    return builder;
  }

  /** `get_cache_path`: null without caching; else `fileName` if given; else the manifest path. */
  getCachePath(
    fileName: string | null | undefined,
    manifestKey: string,
    ...args: PercentArg[]
  ): string | null {
    if (!this.cache) return null;
    if (fileName) return fileName;
    if (this.manifest) return this.manifest.getPath(manifestKey, ...args);
    return null;
  }

  /** `manifest_dataframe`. */
  manifestAsTable(): Table {
    if (!this.manifest) throw new SdkError('E_NOT_FOUND', 'This cache has no manifest');
    return this.manifest.asTable();
  }

  /** `load_csv`: the CSV as a Table, then `rename` pairs, then `index`. */
  loadCsv(path: string, options: LoadTableOptions = {}): Promise<Table> {
    return loadCsv(this.store, path, options);
  }

  /** `load_json`: `pd.read_json(orient='records')` as a Table, then `rename`, then `index`. */
  loadJson(path: string, options: LoadTableOptions = {}): Promise<Table> {
    return loadJson(this.store, path, options);
  }

  /**
   * `wrap` (deprecated in the reference, kept as a shim; warns on every call). With `cache`
   * true, `fn()` is fetched and written: as JSON, or (`saveAsJson: false`) as a pandas
   * `to_csv` of the records with `rename` and `index` applied. Then the file is always read
   * back: JSON as records (no rename), or as a Table with rename and index (`returnDataframe`);
   * a CSV as a Table exactly as written (its index column comes back as a plain column,
   * `Unnamed: 0` when it had no name). `saveAsJson: false` with `returnDataframe: false` throws
   * E_VALIDATION, after the fetch and write, as in the reference.
   */
  async wrap(
    fn: () => unknown,
    path: string,
    cache: boolean,
    options: WrapOptions = {},
  ): Promise<unknown> {
    const {
      saveAsJson = true,
      returnDataframe = false,
      warn = (m: string) => console.warn(m),
    } = options;
    warn('Function wrap is deprecated. ');
    const shape: LoadTableOptions = {
      rename: options.rename ?? null,
      index: options.index ?? null,
    };
    if (cache) {
      const data = await fn();
      if (saveAsJson) await this.store.write(path, formatPythonJson(data));
      else await this.store.write(path, formatCsv(recordsTable(data, shape)));
    }
    if (saveAsJson) {
      if (returnDataframe) return this.loadJson(path, shape);
      const text = (await this.store.readText(path)).replace(/^\ufeff/, '');
      return text.length === 0 ? {} : parsePythonJson(text, { file: this.store.locate(path) });
    }
    if (returnDataframe) {
      return parseCsv(await this.store.readText(path), { file: this.store.locate(path) });
    }
    throw new SdkError(
      'E_VALIDATION',
      'save_as_json=False cannot be used with return_dataframe=False',
    );
  }

  /**
   * {@link cacher} on this cache's store. Deviation: with `cache: false` the reference ends in
   * `os.path.exists(None)` (TypeError) whenever a writer is given; here the data is fetched,
   * passed through `pre` and `post`, and nothing is written or read.
   */
  async cacher(fn: () => unknown, options: CacherOptions = {}): Promise<unknown> {
    if (!this.cache) {
      const data = options.pre ? options.pre(await fn()) : await fn();
      return options.post ? options.post(data) : data;
    }
    return cacher(this.store, fn, options);
  }
}

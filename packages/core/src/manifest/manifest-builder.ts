import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import { formatPythonJson } from '../json/python-json.js';
import { Manifest, type ManifestEntry } from './manifest.js';
import type { ManifestVersion } from './version-error.js';

export interface BuilderAddPathOptions {
  /** Entry type: `'dir'` (default) or `'file'`. */
  typename?: string;
  parentKey?: string | null;
  format?: string | null;
}

/** A manifest file's content: the `manifest` list plus the merged sections. */
export interface ManifestConfig {
  manifest: ManifestEntry[];
  [section: string]: unknown;
}

/** `allensdk.config.manifest_builder.ManifestBuilder` (2.16.2). */
export class ManifestBuilder {
  static readonly DF_COLUMNS = ['key', 'parent_key', 'spec', 'type', 'format'] as const;

  readonly pathInfo: ManifestEntry[] = [];
  readonly sections = new Map<string, Record<string, unknown>>();

  /** Appends a `manifest_version` entry. */
  setVersion(value: ManifestVersion): void {
    this.pathInfo.push({ type: Manifest.VERSION, value });
  }

  addPath(key: string, spec: string, options: BuilderAddPathOptions = {}): void {
    const { typename = 'dir', parentKey = null, format = null } = options;
    const entry: ManifestEntry = { key, type: typename, spec };
    if (format !== null) entry.format = format;
    if (parentKey !== null) entry.parent_key = parentKey;
    this.pathInfo.push(entry);
  }

  /** Its contents are merged into the top level of the config; the name is not written. */
  addSection(name: string, contents: Record<string, unknown>): void {
    this.sections.set(name, contents);
  }

  /** `{manifest: entries}` updated with each section's contents, in the order they were added. */
  getConfig(): ManifestConfig {
    const wrapper: ManifestConfig = { manifest: this.pathInfo };
    for (const contents of this.sections.values()) Object.assign(wrapper, contents);
    return wrapper;
  }

  /**
   * A `Manifest` of the entries, built without an expected version, so that (as in the
   * reference) it throws `ManifestVersionError` when a version entry was set.
   */
  getManifest(): Manifest {
    return new Manifest(this.pathInfo);
  }

  /** The config as allensdk `json_utilities.write_string` writes it. */
  writeJsonString(): string {
    return formatPythonJson(this.getConfig());
  }

  /** `as_dataframe`: columns `key, parent_key, spec, type, format`; missing values are null. */
  asTable(): Table {
    const column = (field: keyof ManifestEntry) =>
      vectorFromArray(
        this.pathInfo.map((e) => {
          const v = e[field];
          return v === undefined || v === null ? null : String(v);
        }),
        new Utf8(),
      );
    return new Table({
      key: column('key'),
      parent_key: column('parent_key'),
      spec: column('spec'),
      type: column('type'),
      format: column('format'),
    });
  }
}

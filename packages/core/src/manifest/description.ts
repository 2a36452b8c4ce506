// allensdk 2.16.2 `allensdk.config.model.description.Description` and the string half of
// `JsonDescriptionParser`: the multi-file model description the biophysical runner reads (a
// `manifest` section of paths plus sections such as `biophys`, `passive`, `genome`, each a list).
import { SdkError } from '../errors.js';
import { removeJsonComments } from '../json/json-comments.js';
import { formatPythonJson, type JsonValue, parsePythonJson } from '../json/python-json.js';
import { Manifest, type ManifestEntry } from './manifest.js';

export type DescriptionData = Record<string, unknown>;

/** Python's `list.extend(x)`: lists add their items, dicts their keys, strings their characters. */
function pyIterate(value: unknown, section: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (value !== null && typeof value === 'object') return Object.keys(value);
  throw new SdkError(
    'E_VALIDATION',
    `section ${JSON.stringify(section)}: cannot extend with a ${value === null ? 'null' : typeof value} (TypeError in the reference)`,
    { path: section },
  );
}

export class Description {
  /** The sections, each normally a list of objects. */
  readonly data: DescriptionData = {};
  /** What `unpack` set aside: one `{manifest: [...]}` per unpacked file. */
  readonly reservedData: { manifest: unknown }[] = [];
  /** Paths from every unpacked `manifest` section (relative to the working directory). */
  readonly manifest = new Manifest();

  /**
   * `update_data`. Without `section`, each top-level section of `data` is stored when new and
   * otherwise appended to the existing list (Python `extend`: a dict adds its keys). With
   * `section`, `data` itself is appended to that section's list (created empty if missing).
   * Extending or appending to a section that is not a list throws E_VALIDATION (AttributeError).
   */
  updateData(data: DescriptionData, section?: string | null): void {
    if (section === undefined || section === null) {
      for (const [name, entries] of Object.entries(data)) {
        if (!Object.hasOwn(this.data, name)) {
          this.data[name] = entries;
        } else {
          this.sectionList(name).push(...pyIterate(entries, name));
        }
      }
      return;
    }
    if (!Object.hasOwn(this.data, section)) this.data[section] = [];
    this.sectionList(section).push(data);
  }

  private sectionList(name: string): unknown[] {
    const existing = this.data[name];
    if (!Array.isArray(existing)) {
      throw new SdkError(
        'E_VALIDATION',
        `section ${JSON.stringify(name)} is not a list and cannot be extended (AttributeError in the reference)`,
        { path: name },
      );
    }
    return existing;
  }

  /** `is_empty`: no sections. */
  isEmpty(): boolean {
    return Object.keys(this.data).length === 0;
  }

  /**
   * `unpack`: a whole description file (no `section`): its `manifest` section is removed from
   * `data` (as the reference pops it), recorded in `reservedData` and loaded into `manifest`,
   * then the other sections are merged with `updateData`. A bare object (`section` given) is
   * appended to that section.
   */
  unpack(data: DescriptionData, section?: string | null): void {
    if (section === undefined || section === null) {
      this.unpackManifest(data);
      this.updateData(data);
    } else {
      this.updateData(data, section);
    }
  }

  /** `unpack_manifest`. */
  unpackManifest(data: DescriptionData): void {
    const manifest = Object.hasOwn(data, 'manifest') ? data.manifest : {};
    delete data.manifest;
    this.reservedData.push({ manifest });
    if (Array.isArray(manifest)) {
      this.manifest.loadConfig(manifest as ManifestEntry[]);
    } else if (
      manifest === null ||
      typeof manifest !== 'object' ||
      Object.keys(manifest).length > 0
    ) {
      // Python iterates whatever it is: a non-empty dict yields keys, which are not entries
      throw new SdkError('E_VALIDATION', 'the "manifest" section must be a list of entries', {
        path: 'manifest',
      });
    }
  }

  /**
   * `fix_unary_sections`: each named section that is a single object (not a list) is wrapped in
   * a list, with a warning.
   */
  fixUnarySections(
    sectionNames: readonly string[] | null = [],
    warn: (message: string) => void = (m) => console.warn(m),
  ): void {
    for (const name of sectionNames ?? []) {
      const v = this.data[name];
      if (
        Object.hasOwn(this.data, name) &&
        v !== null &&
        typeof v === 'object' &&
        !Array.isArray(v)
      ) {
        this.data[name] = [v];
        warn(`wrapped description section ${name} in an array.`);
      }
    }
  }
}

function asSections(value: JsonValue, file?: string): DescriptionData {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SdkError('E_FORMAT', 'a description must be a JSON object', file ? { file } : {});
  }
  return value as DescriptionData;
}

/** `JsonDescriptionParser` for text; file reading is in the Node entry point. */
export const JsonDescriptionParser = {
  /**
   * `read_string`: strips comments as `JsonComments` does (`//` to the end of the line, even
   * inside strings), parses, and unpacks into `description` (a new one by default).
   */
  readString(
    text: string,
    description: Description = new Description(),
    section?: string | null,
    file?: string,
  ): Description {
    const data = parsePythonJson(removeJsonComments(text), file === undefined ? {} : { file });
    description.unpack(asSections(data, file), section);
    return description;
  },
  /** `write_string`: the sections (not the manifest) as JSON with 2-space indentation. */
  writeString(description: Description): string {
    return formatPythonJson(description.data);
  },
} as const;

/**
 * One `model_file` entry as `biophys_sim.Config.read_model_description` reads it: a path, or
 * `file:path?section=name` to read a bare object into the section `name`.
 */
export function parseModelFileUri(entry: string): { path: string; section: string | null } {
  const uri = entry.startsWith('file:') ? entry : `file:${entry}`;
  const m = /^file:([^?]*)(\?(.*)?)?/.exec(uri) as RegExpExecArray;
  const params = new Map<string, string>();
  if (m[3]) {
    for (const pair of m[3].split('&')) {
      const [k, v] = pair.split('=');
      if (k === undefined || v === undefined) {
        throw new SdkError('E_VALIDATION', `bad model file parameter ${JSON.stringify(pair)}`, {
          path: entry,
        });
      }
      params.set(k, v);
    }
  }
  return { path: m[1] as string, section: params.get('section') ?? null };
}

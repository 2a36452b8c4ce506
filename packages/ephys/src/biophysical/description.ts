/**
 * A downloaded biophysical model's description, as `allensdk.model.biophysical.runner.
 * load_description` builds it (biophys_sim `Config` + `Description`): the files of
 * `biophys[0].model_file` merged section by section, `{axon_type}` appended to `biophys`, and the
 * unary sections wrapped in arrays. Paths of the model's manifest are resolved against the
 * manifest's directory (allensdk resolves them against the working directory, which its command
 * line expects to be the model directory).
 */
import { SdkError } from '@sdk/core';

export const PERISOMATIC_TYPE = 'Biophysical - perisomatic';
export const ALL_ACTIVE_TYPE = 'Biophysical - all active';

export type AxonType = 'truncated' | 'stub';
export type BiophysicalModelType = typeof PERISOMATIC_TYPE | typeof ALL_ACTIVE_TYPE;

/** One `genome` entry: a mechanism to insert (may be `''`) and a parameter value. */
export interface GenomeEntry {
  section: string;
  name: string;
  value: number | string;
  mechanism: string;
}

export interface ErevEntry {
  section: string;
  ek: number | string;
  ena: number | string;
}

export interface PassiveSection {
  ra: number;
  e_pas?: number;
  cm?: { section: string; cm: number }[];
}

export interface Conditions {
  celsius?: number;
  v_init?: number;
  dt?: number;
  tstop?: number;
  erev?: ErevEntry[];
}

/** One entry of a model manifest's `manifest` list. */
export interface ModelManifestEntry {
  key: string;
  type: string;
  spec: string;
  parent_key?: string;
  format?: string;
}

export type DescriptionData = Record<string, unknown[]>;

export interface BiophysicalDescription {
  /** Merged sections (`biophys`, `runs`, `neuron`, `passive`, `conditions`, `genome`, `fitting`, …). */
  data: DescriptionData;
  /** The model manifest's entries in file order. */
  manifest: ModelManifestEntry[];
  /** Directory the manifest's relative paths are resolved against. */
  baseDir: string;
}

/** Sections allensdk wraps in an array when a file gives an object (`'axon_morph,'` sic). */
const UNARY_SECTIONS = ['passive', 'axon_morph,', 'conditions', 'fitting'];

/**
 * `Description.unpack`: the file's `manifest` section goes to the manifest, every other section
 * is added (`update_data`): new sections are taken as they are, existing ones are extended.
 */
export function mergeDescriptionFile(
  target: { data: DescriptionData; manifest: ModelManifestEntry[] },
  content: unknown,
  file: string,
): void {
  if (content === null || typeof content !== 'object' || Array.isArray(content)) {
    throw new SdkError('E_FORMAT', 'a model description file must hold a JSON object', { file });
  }
  const { manifest, ...sections } = content as Record<string, unknown>;
  if (manifest !== undefined) {
    if (!Array.isArray(manifest)) {
      throw new SdkError('E_FORMAT', '"manifest" must be a list', { file, path: 'manifest' });
    }
    target.manifest.push(...(manifest as ModelManifestEntry[]));
  }
  for (const [section, entries] of Object.entries(sections)) {
    const existing = target.data[section];
    if (existing === undefined) {
      target.data[section] = entries as unknown[];
    } else if (Array.isArray(entries)) {
      existing.push(...entries);
    } else {
      // Python's list.extend(dict) appends the dict's keys; nothing sensible to copy.
      throw new SdkError('E_FORMAT', `section ${section} must be a list to extend the model`, {
        file,
        path: section,
      });
    }
  }
}

/** `fix_unary_sections`. */
export function fixUnarySections(data: DescriptionData, names = UNARY_SECTIONS): void {
  for (const name of names) {
    const v = data[name] as unknown;
    if (v !== undefined && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      data[name] = [v];
    }
  }
}

/** Where a model's files come from: Node reads them from disk; tests can pass a map. */
export type ReadJsonWithComments = (path: string) => Promise<unknown>;

async function nodeReader(): Promise<{
  read: ReadJsonWithComments;
  dirname: (p: string) => string;
  resolve: (...p: string[]) => string;
}> {
  const core = await import('@sdk/core/node');
  const path = await import('node:path');
  return {
    read: (p) => core.readJsonWithComments(p),
    dirname: path.dirname,
    resolve: path.resolve,
  };
}

/**
 * `load_description({manifest_file, axon_type})`: reads `manifestFile` (comments stripped), then
 * each file of its `biophys[0].model_file` (relative to the manifest's directory), merges them,
 * appends `{axon_type}` to `biophys` and wraps unary sections. Node.
 */
export async function loadBiophysicalDescription(
  manifestFile: string,
  options: { axonType?: AxonType } = {},
): Promise<BiophysicalDescription> {
  const { read, dirname, resolve } = await nodeReader();
  const baseDir = dirname(resolve(manifestFile));
  const app = (await read(manifestFile)) as { biophys?: { model_file?: unknown }[] } | null;
  const modelFiles = app?.biophys?.[0]?.model_file;
  if (!Array.isArray(modelFiles) || modelFiles.some((f) => typeof f !== 'string')) {
    throw new SdkError('E_FORMAT', 'biophys[0].model_file must be a list of file names', {
      file: manifestFile,
      path: 'biophys[0].model_file',
    });
  }
  const target = { data: {} as DescriptionData, manifest: [] as ModelManifestEntry[] };
  for (const f of modelFiles as string[]) {
    const path = resolve(baseDir, f);
    mergeDescriptionFile(target, await read(path), path);
  }
  const axonType = options.axonType ?? 'truncated';
  if (axonType !== 'truncated' && axonType !== 'stub') {
    throw new SdkError('E_VALIDATION', `axonType must be 'truncated' or 'stub', not ${axonType}`);
  }
  target.data.biophys ??= [];
  target.data.biophys.push({ axon_type: axonType });
  fixUnarySections(target.data);
  return { ...target, baseDir };
}

/** The description's model type (`biophys[0].model_type`). */
export function modelTypeOf(description: BiophysicalDescription): BiophysicalModelType {
  const t = (description.data.biophys?.[0] as { model_type?: unknown } | undefined)?.model_type;
  if (t !== PERISOMATIC_TYPE && t !== ALL_ACTIVE_TYPE) {
    throw new SdkError(
      'E_VALIDATION',
      `biophys[0].model_type must be '${PERISOMATIC_TYPE}' or '${ALL_ACTIVE_TYPE}', not ${JSON.stringify(t)}`,
      { path: 'biophys[0].model_type' },
    );
  }
  return t;
}

/** `axon_type` as `create_utils` reads it (`biophys[1]`). */
export function axonTypeOf(description: BiophysicalDescription): AxonType {
  const t = (description.data.biophys?.[1] as { axon_type?: unknown } | undefined)?.axon_type;
  return t === 'stub' ? 'stub' : 'truncated';
}

/**
 * `Manifest.get_path(key)` for a model manifest: a file's spec joined to its `parent_key`'s path
 * (recursively), made absolute against the description's `baseDir` by `resolve` (Node's
 * `path.resolve`). The `parent` field that `BiophysicalApi` writes is ignored, as allensdk ignores it.
 */
export function manifestPath(
  description: BiophysicalDescription,
  key: string,
  resolve: (...p: string[]) => string,
): string {
  const join = (a: string, b: string) =>
    b.startsWith('/') ? b : a === '' || a === '.' ? b : `${a.replace(/\/+$/, '')}/${b}`;
  const byKey = new Map(description.manifest.map((e) => [e.key, e]));
  const resolveKey = (k: string, depth: number): string => {
    const e = byKey.get(k);
    if (!e) throw new SdkError('E_NOT_FOUND', `the model manifest has no key ${k}`, { path: k });
    if (depth > 32) throw new SdkError('E_FORMAT', `parent_key cycle at ${k}`, { path: k });
    return e.parent_key ? join(resolveKey(e.parent_key, depth + 1), e.spec) : e.spec;
  };
  return resolve(description.baseDir, resolveKey(key, 0));
}

export function section<T>(description: BiophysicalDescription, name: string): T {
  const v = description.data[name]?.[0];
  if (v === undefined) {
    throw new SdkError('E_NOT_FOUND', `the model description has no ${name}[0]`, { path: name });
  }
  return v as T;
}

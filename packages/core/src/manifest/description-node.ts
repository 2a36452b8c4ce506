// Node-only: reading and writing description files (`DescriptionParser.read/write`,
// `JsonDescriptionParser.read`, `biophys_sim.Config.read_model_description`).
import { SdkError } from '../errors.js';
import { readJsonWithComments, writeJson } from '../json/node.js';
import { Description, type DescriptionData, parseModelFileUri } from './description.js';

function checkFormat(path: string): void {
  if (path.endsWith('.json')) return;
  if (path.endsWith('.pycfg')) {
    throw new SdkError('E_UNSUPPORTED', '.pycfg (Python) description files are not supported', {
      file: path,
    });
  }
  throw new SdkError('E_VALIDATION', 'could not determine file format', { file: path });
}

/**
 * `DescriptionParser().read(path, description, section)`: a `.json` file, comments stripped as
 * `JsonComments.read_file` does, unpacked into `description` (a new one by default).
 */
export async function readDescriptionFile(
  path: string,
  description: Description = new Description(),
  section?: string | null,
): Promise<Description> {
  checkFormat(path);
  const data = await readJsonWithComments(path);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new SdkError('E_FORMAT', 'a description must be a JSON object', { file: path });
  }
  description.unpack(data as DescriptionData, section);
  return description;
}

/**
 * The model files of a biophysical configuration into one Description, in order
 * (`Config.read_model_description`): a comma-separated string or a list; each entry a path or
 * `file:path?section=name`.
 */
export async function readDescription(
  modelFiles: string | readonly string[],
  description: Description = new Description(),
): Promise<Description> {
  const entries = typeof modelFiles === 'string' ? modelFiles.split(',') : modelFiles;
  for (const entry of entries) {
    const { path, section } = parseModelFileUri(entry);
    await readDescriptionFile(path, description, section);
  }
  return description;
}

/** `DescriptionParser().write(path, description)`: the sections as indented JSON. */
export async function writeDescription(path: string, description: Description): Promise<void> {
  checkFormat(path);
  await writeJson(path, description.data);
}

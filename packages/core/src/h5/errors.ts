import { type ErrorCode, isSdkError, SdkError } from '../errors.js';
import { unregisteredFilterMessage } from './plugins.js';

/**
 * The gist of an HDF5 error stack: the innermost "#NNN: ... in FUNC(): text" entry plus the
 * outermost one, so a message reads "H5Fopen(): unable to open file: ... file signature not found".
 */
export function summarizeH5Error(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const entries = [...text.matchAll(/#\d+: .*? in ([\w.]+\(\)): (.*)/g)].map(
    (m) => `${m[1]}: ${m[2]?.trim()}`,
  );
  if (entries.length === 0) return text.split('\n')[0]?.trim() || 'unknown HDF5 error';
  const first = entries[0] as string;
  const last = entries[entries.length - 1] as string;
  return entries.length === 1 ? first : `${first} (${last})`;
}

/** Wraps anything thrown by h5wasm or HDF5 as an SdkError naming the file and HDF5 path. */
export function toSdkError(
  error: unknown,
  context: {
    file: string;
    path?: string;
    action: string;
    code?: ErrorCode;
    /** Whether filter plugins were installed (chooses the advice for a missing filter). */
    pluginsEnabled?: boolean;
  },
): SdkError {
  if (isSdkError(error)) return error as SdkError;
  const text = error instanceof Error ? error.message : String(error);
  const filter = /required filter '?(.*?)'? is not registered/.exec(text);
  const where = {
    file: context.file,
    ...(context.path !== undefined ? { path: context.path } : {}),
    cause: error,
  };
  if (filter) {
    const detail = unregisteredFilterMessage(filter[1] ?? '', context.pluginsEnabled ?? false);
    return new SdkError('E_UNSUPPORTED', `${context.action} failed: ${detail}`, where);
  }
  // An Emscripten abort while HDF5 runs a filter plugin: the side module needs a C function that
  // the h5wasm main module does not export.
  const symbol = /undefined symbol '(\w+)'/.exec(text);
  if (symbol) {
    return new SdkError(
      'E_UNSUPPORTED',
      `${context.action} failed: an HDF5 filter plugin calls ${symbol[1]}(), which this h5wasm build does not provide`,
      where,
    );
  }
  const message = `${context.action} failed: ${summarizeH5Error(error)}`;
  return new SdkError(context.code ?? 'E_FORMAT', message, {
    file: context.file,
    ...(context.path !== undefined ? { path: context.path } : {}),
    cause: error,
  });
}

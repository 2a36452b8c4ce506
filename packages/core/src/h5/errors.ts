import { type ErrorCode, isSdkError, SdkError } from '../errors.js';

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
  context: { file: string; path?: string; action: string; code?: ErrorCode },
): SdkError {
  if (isSdkError(error)) return error as SdkError;
  const text = error instanceof Error ? error.message : String(error);
  const filter = /required filter (.*?) is not registered/.exec(text);
  if (filter) {
    return new SdkError(
      'E_UNSUPPORTED',
      `${context.action} failed: the data use an HDF5 filter (${filter[1]}) that this h5wasm build ` +
        'does not include (plugin filters such as Blosc, Bzip2, LZ4 or Zstd need h5wasm-plugins)',
      {
        file: context.file,
        ...(context.path !== undefined ? { path: context.path } : {}),
        cause: error,
      },
    );
  }
  const message = `${context.action} failed: ${summarizeH5Error(error)}`;
  return new SdkError(context.code ?? 'E_FORMAT', message, {
    file: context.file,
    ...(context.path !== undefined ? { path: context.path } : {}),
    cause: error,
  });
}

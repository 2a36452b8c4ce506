/** The kinds of failure every @sdk package reports; see ARCHITECTURE.md "Errors and progress". */
export const ERROR_CODES = [
  'E_FORMAT',
  'E_NOT_FOUND',
  'E_VALIDATION',
  'E_NETWORK',
  'E_IO',
  'E_UNSUPPORTED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface SdkErrorOptions {
  /** The file (path or URL) the failure is about. */
  file?: string;
  /** The place inside it: an HDF5 path, a JSON path, a column or field name. */
  path?: string;
  cause?: unknown;
}

/**
 * Marks SDK errors across copies of the SDK (two installed versions, or @sdk/signal, which has no
 * dependency on core and defines a structurally equal error with the same brand).
 */
export const SDK_ERROR_BRAND: unique symbol = Symbol.for('@sdk/error') as never;

/**
 * The one error type of the SDK. `message` already names the file and path when they are known,
 * so printing the error is enough for a user to find what was wrong.
 */
export class SdkError extends Error {
  override name = 'SdkError';
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly path: string | undefined;
  readonly [SDK_ERROR_BRAND] = true;

  constructor(code: ErrorCode, message: string, options: SdkErrorOptions = {}) {
    const where = [options.file, options.path].filter(Boolean).join(': ');
    super(where ? `${message} (${where})` : message, { cause: options.cause });
    this.code = code;
    this.file = options.file;
    this.path = options.path;
  }
}

/** True for an SdkError from any copy of the SDK (two installed versions, or @sdk/signal's own). */
export function isSdkError(value: unknown, code?: ErrorCode): value is SdkError {
  if (!(value instanceof Error) || !(value as { [SDK_ERROR_BRAND]?: unknown })[SDK_ERROR_BRAND]) {
    return false;
  }
  const actual = (value as { code?: unknown }).code;
  return typeof actual === 'string' && (code === undefined || actual === code);
}

function allenError(name: string, code: ErrorCode) {
  return class extends SdkError {
    override name = name;
    constructor(message: string, options?: SdkErrorOptions) {
      super(code, message, options);
    }
  };
}

// Named after the Allen SDK exceptions they replace, so `catch` sites read the same.
export const ManifestVersionError = allenError('ManifestVersionError', 'E_VALIDATION');
export const MissingDataError = allenError('MissingDataError', 'E_NOT_FOUND');
export const DataFrameKeyError = allenError('DataFrameKeyError', 'E_NOT_FOUND');
export const DataFrameIndexError = allenError('DataFrameIndexError', 'E_NOT_FOUND');
export const BrainObservatoryAnalysisException = allenError(
  'BrainObservatoryAnalysisException',
  'E_VALIDATION',
);
export const EpochSeparationException = allenError('EpochSeparationException', 'E_VALIDATION');
export const MissingStimulusException = allenError('MissingStimulusException', 'E_NOT_FOUND');
export const NoEyeTrackingException = allenError('NoEyeTrackingException', 'E_NOT_FOUND');

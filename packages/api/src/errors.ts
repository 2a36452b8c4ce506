import { type ErrorCode, SdkError } from '@sdk/core';

export interface ApiErrorOptions {
  /** HTTP status, when the server answered. */
  status?: number;
  /** `'timeout'`, `'aborted'`, or the underlying error. */
  cause?: unknown;
  /** Defaults to E_NETWORK; a body that is not what the API promises is E_FORMAT. */
  code?: ErrorCode;
}

/** A request to the Allen API or the download host failed. `url` is the decoded URL. */
export class ApiError extends SdkError {
  override name = 'ApiError';
  readonly status: number | undefined;
  readonly url: string;

  constructor(message: string, url: string, options: ApiErrorOptions = {}) {
    const status = options.status === undefined ? '' : `HTTP ${options.status}: `;
    super(options.code ?? 'E_NETWORK', `${status}${message}`, { file: url, cause: options.cause });
    this.status = options.status;
    this.url = url;
  }
}

/**
 * The API answered `{success: false, msg}`. The reference returns `msg` (an error string) as if it
 * were data; we throw instead (a documented deviation).
 */
export class RmaRequestError extends ApiError {
  override name = 'RmaRequestError';
  readonly msg: unknown;

  constructor(msg: unknown, url: string, status?: number) {
    super(`the API reported failure: ${typeof msg === 'string' ? msg : JSON.stringify(msg)}`, url, {
      ...(status === undefined ? {} : { status }),
    });
    this.msg = msg;
  }
}

// @sdk/signal depends on nothing of ours, so it carries its own copy of @sdk/core's error shape:
// the same name, codes and brand, so `isSdkError` from @sdk/core recognises it.
const SDK_ERROR_BRAND: unique symbol = Symbol.for('@sdk/error') as never;

export type SignalErrorCode = 'E_VALIDATION' | 'E_UNSUPPORTED';

/** Bad input to a kernel: mismatched lengths, a window longer than the data, non-finite coefficients. */
export class SdkError extends Error {
  override name = 'SdkError';
  readonly code: SignalErrorCode;
  readonly path: string | undefined;
  readonly [SDK_ERROR_BRAND] = true;

  /** @param path the argument or field at fault, e.g. `x` or `window_length`. */
  constructor(
    code: SignalErrorCode,
    message: string,
    options: { path?: string; cause?: unknown } = {},
  ) {
    super(options.path ? `${message} (${options.path})` : message, { cause: options.cause });
    this.code = code;
    this.path = options.path;
  }
}

import { SdkError, type SdkErrorOptions } from '@sdk/core';

/** allensdk's `FeatureError`: feature extraction cannot proceed on this input. */
export class FeatureError extends SdkError {
  override name = 'FeatureError';
  constructor(message: string, options?: SdkErrorOptions) {
    super('E_VALIDATION', message, options);
  }
}

import { ManifestVersionError, type SdkErrorOptions } from '../errors.js';

/** A manifest version as written in a manifest file: Allen caches use both strings and numbers. */
export type ManifestVersion = string | number | null;

/**
 * `ManifestVersionError.outdated`: Python's `found_version < version`, which compares two numbers
 * numerically and two strings by code unit (`'1.10' < '1.9'`), and raises `TypeError` (caught,
 * giving `None`) for anything else.
 */
export function manifestVersionOutdated(
  foundVersion: ManifestVersion | undefined,
  version: ManifestVersion | undefined,
): boolean | null {
  if (typeof foundVersion === 'number' && typeof version === 'number')
    return foundVersion < version;
  if (typeof foundVersion === 'string' && typeof version === 'string')
    return foundVersion < version;
  return null;
}

/** Python `found_version != version` with `None` for both null and undefined (`'1.3' != 1.3`). */
export function manifestVersionsDiffer(
  foundVersion: ManifestVersion | undefined,
  version: ManifestVersion | undefined,
): boolean {
  return (foundVersion ?? null) !== (version ?? null);
}

/**
 * The `ManifestVersionError` the manifest code throws, carrying the two versions as the Python
 * exception does. `instanceof ManifestVersionError` holds, and `name` is `'ManifestVersionError'`.
 */
export class ManifestVersionMismatchError extends ManifestVersionError {
  /** The version the code expected. */
  readonly version: ManifestVersion;
  /** The version found in the manifest (null when it had no `manifest_version` entry). */
  readonly foundVersion: ManifestVersion;

  constructor(
    message: string,
    version: ManifestVersion | undefined,
    foundVersion: ManifestVersion | undefined,
    options?: SdkErrorOptions,
  ) {
    super(message, options);
    this.version = version ?? null;
    this.foundVersion = foundVersion ?? null;
  }

  /** True when the file is older than expected, false when newer, null when not comparable. */
  get outdated(): boolean | null {
    return manifestVersionOutdated(this.foundVersion, this.version);
  }
}

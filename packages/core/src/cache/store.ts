/**
 * Where cached files live. Keys are paths as the store understands them (file-system paths for
 * the Node store); the Node implementation is `FsCacheStore` in `cache/node/`. A browser store
 * (OPFS, IndexedDB) implements the same interface.
 */
export interface CacheStore {
  /** The location a key maps to (an absolute path for the Node store). */
  locate(key: string): string;
  /** Size in bytes of the complete entry, or null when there is none. */
  size(key: string): Promise<number | null>;
  exists(key: string): Promise<boolean>;
  readBytes(key: string): Promise<Uint8Array>;
  readText(key: string): Promise<string>;
  /** Replaces the entry atomically (temporary entry + rename); parent directories are made. */
  write(key: string, data: Uint8Array | string): Promise<void>;
  /** Moves an entry over another one atomically (used to commit a writer's temporary file). */
  rename(fromKey: string, toKey: string): Promise<void>;
  /** Removes the entry; a missing entry is not an error. */
  remove(key: string): Promise<void>;
  makeParentDirs(key: string): Promise<void>;
  /** A temporary entry next to `key` that `commit()` renames over it. */
  createTemp(key: string): Promise<TempEntry>;
  /** An exclusive lock on `key`, held across processes sharing the store. */
  lock(key: string, options?: LockOptions): Promise<LockHandle>;
  /** Streaming hash; stores that cannot hash make checksum verification throw E_UNSUPPORTED. */
  createHasher?(algorithm: HashAlgorithm): Hasher;
}

export type HashAlgorithm = 'sha256' | 'md5';

export interface Hasher {
  update(chunk: Uint8Array): void;
  /** Lower-case hex. */
  digest(): string;
}

export interface TempEntry {
  /** The temporary key (a file name next to the final one for the Node store). */
  readonly key: string;
  write(chunk: Uint8Array): Promise<void>;
  /** Closes the entry and renames it over the final key. */
  commit(): Promise<void>;
  /** Closes and deletes the temporary entry; safe to call after a failed write or twice. */
  discard(): Promise<void>;
}

export interface LockOptions {
  signal?: AbortSignal;
  /** Called once when the lock is busy and the caller starts waiting. */
  onWait?: () => void;
}

export interface LockHandle {
  release(): Promise<void>;
}

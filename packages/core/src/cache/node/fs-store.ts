// Node-only: the file-system CacheStore.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { SdkError } from '../../errors.js';
import type {
  CacheStore,
  HashAlgorithm,
  Hasher,
  LockHandle,
  LockOptions,
  TempEntry,
} from '../store.js';
import { acquireFileLock } from './file-lock.js';

export interface FsCacheStoreOptions {
  /** Relative keys resolve against this directory (default: the working directory). */
  root?: string;
  /** See `FileLockOptions.staleMs`. */
  lockStaleMs?: number;
}

/**
 * Cached files on disk. Writes go to `<path>.tmp-<random>` in the same directory and are renamed
 * into place; locks are `<path>.lock` files created with O_EXCL.
 */
export class FsCacheStore implements CacheStore {
  private readonly root: string | undefined;
  private readonly lockStaleMs: number | undefined;

  constructor(options: FsCacheStoreOptions = {}) {
    this.root = options.root;
    this.lockStaleMs = options.lockStaleMs;
  }

  locate(key: string): string {
    return this.root === undefined ? resolve(key) : resolve(this.root, key);
  }

  async size(key: string): Promise<number | null> {
    try {
      const s = await stat(this.locate(key));
      return s.isFile() ? s.size : null;
    } catch {
      return null;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await stat(this.locate(key));
      return true;
    } catch {
      return false;
    }
  }

  async readBytes(key: string): Promise<Uint8Array> {
    const path = this.locate(key);
    try {
      return await readFile(path);
    } catch (cause) {
      throw fsError('Cannot read', path, cause);
    }
  }

  async readText(key: string): Promise<string> {
    return new TextDecoder('utf-8').decode(await this.readBytes(key));
  }

  async write(key: string, data: Uint8Array | string): Promise<void> {
    const temp = await this.createTemp(key);
    try {
      await temp.write(typeof data === 'string' ? new TextEncoder().encode(data) : data);
      await temp.commit();
    } catch (e) {
      await temp.discard();
      throw e;
    }
  }

  async rename(fromKey: string, toKey: string): Promise<void> {
    const to = this.locate(toKey);
    try {
      await rename(this.locate(fromKey), to);
    } catch (cause) {
      throw fsError('Cannot move a file to', to, cause);
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.locate(key), { force: true });
  }

  async makeParentDirs(key: string): Promise<void> {
    const dir = dirname(this.locate(key));
    try {
      await mkdir(dir, { recursive: true });
    } catch (cause) {
      throw fsError('Cannot create directory', dir, cause);
    }
  }

  async createTemp(key: string): Promise<TempEntry> {
    await this.makeParentDirs(key);
    const finalPath = this.locate(key);
    const tempPath = `${finalPath}.tmp-${randomBytes(6).toString('hex')}`;
    const handle = await open(tempPath, 'wx').catch((cause: unknown) => {
      throw fsError('Cannot create', tempPath, cause);
    });
    let closed = false;
    const close = async () => {
      if (!closed) {
        closed = true;
        await handle.close();
      }
    };
    return {
      key: tempPath,
      async write(chunk) {
        try {
          await handle.write(chunk);
        } catch (cause) {
          throw fsError('Cannot write', tempPath, cause);
        }
      },
      async commit() {
        await close();
        try {
          await rename(tempPath, finalPath);
        } catch (cause) {
          throw fsError('Cannot move a file to', finalPath, cause);
        }
      },
      async discard() {
        await close().catch(() => {});
        await rm(tempPath, { force: true });
      },
    };
  }

  async lock(key: string, options: LockOptions = {}): Promise<LockHandle> {
    await this.makeParentDirs(key);
    return acquireFileLock(`${this.locate(key)}.lock`, {
      ...options,
      ...(this.lockStaleMs === undefined ? {} : { staleMs: this.lockStaleMs }),
    });
  }

  createHasher(algorithm: HashAlgorithm): Hasher {
    const hash = createHash(algorithm);
    return {
      update: (chunk) => {
        hash.update(chunk);
      },
      digest: () => hash.digest('hex'),
    };
  }
}

function fsError(what: string, path: string, cause: unknown): SdkError {
  const code = (cause as { code?: unknown }).code === 'ENOENT' ? 'E_NOT_FOUND' : 'E_IO';
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return new SdkError(code, `${what} ${path}${detail}`, { file: path, cause });
}

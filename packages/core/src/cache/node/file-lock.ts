// Node-only cross-process lock on a file name. Only node: imports, so a test can transpile it
// for a child process on its own.
import { randomBytes } from 'node:crypto';
import { open, readFile, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';

export interface FileLockOptions {
  signal?: AbortSignal;
  /**
   * A lock whose file was not touched for this long is stale. The holder touches it every
   * `staleMs / 3`, so only a frozen or dead holder's lock ages. Default 30 s.
   */
  staleMs?: number;
  /** First wait between attempts; doubles up to 500 ms. Default 20 ms. */
  pollMs?: number;
  onWait?: () => void;
}

export interface FileLock {
  readonly lockPath: string;
  release(): Promise<void>;
}

interface LockRecord {
  pid: number;
  host: string;
  token: string;
  created: number;
}

const BREAKER_STALE_MS = 10_000;

/**
 * Takes the lock `lockPath` by creating it with `O_CREAT|O_EXCL` (flag `wx`): exactly one
 * process succeeds. Others wait, polling, until it is released or found stale:
 * - the holder's pid is dead (same host only: pids mean nothing across machines), or
 * - the file is older than `staleMs` (the holder refreshes its mtime while it lives).
 * Breaking a stale lock happens under a second short-lived `wx` lock and re-checks that the file
 * is still the one judged stale, so two waiters cannot both break it and one delete the other's
 * fresh lock.
 */
export async function acquireFileLock(
  lockPath: string,
  options: FileLockOptions = {},
): Promise<FileLock> {
  const { signal, staleMs = 30_000, onWait } = options;
  let delay = options.pollMs ?? 20;
  let waited = false;
  for (;;) {
    signal?.throwIfAborted();
    const record: LockRecord = {
      pid: process.pid,
      host: hostname(),
      token: randomBytes(8).toString('hex'),
      created: Date.now(),
    };
    if (await tryCreate(lockPath, JSON.stringify(record))) {
      return heldLock(lockPath, record.token, staleMs);
    }
    if (await isStale(lockPath, staleMs)) {
      await breakStaleLock(lockPath, staleMs);
      continue;
    }
    if (!waited) {
      waited = true;
      onWait?.();
    }
    await sleep(delay, signal);
    delay = Math.min(delay * 2, 500);
  }
}

async function tryCreate(path: string, content: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
  return true;
}

function heldLock(lockPath: string, token: string, staleMs: number): FileLock {
  const heartbeat = setInterval(
    () => {
      const now = new Date();
      utimes(lockPath, now, now).catch(() => {});
    },
    Math.max(10, Math.floor(staleMs / 3)),
  );
  heartbeat.unref();
  let released = false;
  return {
    lockPath,
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      // Delete only our own lock: if it was (wrongly) broken, the file now belongs to another.
      const current = await readRecord(lockPath);
      if (current?.token === token) await unlink(lockPath).catch(() => {});
    },
  };
}

async function readRecord(path: string): Promise<LockRecord | null> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf-8')) as Partial<LockRecord>;
    return typeof parsed.pid === 'number' && typeof parsed.token === 'string'
      ? (parsed as LockRecord)
      : null;
  } catch {
    return null;
  }
}

/** True when the process exists (EPERM: it exists but belongs to someone else). */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isStale(lockPath: string, staleMs: number): Promise<boolean> {
  let mtimeMs: number;
  try {
    mtimeMs = (await stat(lockPath)).mtimeMs;
  } catch {
    return false; // gone: the next attempt will take it
  }
  const record = await readRecord(lockPath);
  // An unreadable record is a lock being written right now, unless it is old.
  if (record !== null && record.host === hostname() && !pidAlive(record.pid)) return true;
  return Date.now() - mtimeMs > staleMs;
}

async function breakStaleLock(lockPath: string, staleMs: number): Promise<void> {
  const breaker = `${lockPath}.break`;
  if (!(await tryCreate(breaker, String(process.pid)))) {
    // Someone else is breaking it; clear a breaker abandoned by a crash.
    const age = await stat(breaker).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > BREAKER_STALE_MS) await unlink(breaker).catch(() => {});
    return;
  }
  try {
    if (await isStale(lockPath, staleMs)) await unlink(lockPath).catch(() => {});
  } finally {
    await unlink(breaker).catch(() => {});
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

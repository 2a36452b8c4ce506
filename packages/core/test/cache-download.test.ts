import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fetcher, getOrFetch } from '../src/cache/get-or-fetch.js';
import { FsCacheStore } from '../src/cache/node/fs-store.js';
import { isSdkError } from '../src/errors.js';
import type { ProgressEvent } from '../src/progress.js';

const tmp = mkdtempSync(join(tmpdir(), 'sdk-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function freshDir(): string {
  const dir = join(tmp, `t${n++}`);
  mkdirSync(dir);
  return dir;
}

const PAYLOAD = new Uint8Array(10_000).map((_, i) => (i * 31) % 251);
const SHA256 = createHash('sha256').update(PAYLOAD).digest('hex');
const MD5 = createHash('md5').update(PAYLOAD).digest('hex');

/** Yields PAYLOAD in `parts` chunks; `failAt` throws before that chunk; `onChunk` sees each. */
function chunked(
  parts: number,
  opts: { failAt?: number; onChunk?: (i: number) => void; delayMs?: number } = {},
): Fetcher {
  return () =>
    (async function* () {
      const size = Math.ceil(PAYLOAD.length / parts);
      for (let i = 0; i < parts; i++) {
        if (opts.failAt === i) throw new Error('connection reset');
        opts.onChunk?.(i);
        if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
        yield PAYLOAD.slice(i * size, (i + 1) * size);
      }
    })();
}

/** Nothing but `allowed` is left in the directory (no temp files, no lock files). */
function listing(dir: string): string[] {
  return readdirSync(dir).sort();
}

describe('getOrFetch (in process)', () => {
  it('fetches once, then serves the cached file', async () => {
    const dir = freshDir();
    const store = new FsCacheStore({ root: dir });
    let calls = 0;
    const fetcher: Fetcher = () => {
      calls++;
      return PAYLOAD;
    };
    const first = await getOrFetch(store, 'sub/a.bin', fetcher, { sha256: SHA256, md5: MD5 });
    expect(first).toEqual({ path: join(dir, 'sub', 'a.bin'), fetched: true, size: PAYLOAD.length });
    const second = await getOrFetch(store, 'sub/a.bin', fetcher);
    expect(second.fetched).toBe(false);
    expect(calls).toBe(1);
    expect(new Uint8Array(readFileSync(first.path))).toEqual(PAYLOAD);
    expect(listing(join(dir, 'sub'))).toEqual(['a.bin']);
  });

  it('a fetcher that throws midway leaves nothing under the final name', async () => {
    const dir = freshDir();
    const store = new FsCacheStore({ root: dir });
    await expect(getOrFetch(store, 'a.bin', chunked(5, { failAt: 3 }))).rejects.toThrow(
      'connection reset',
    );
    expect(listing(dir)).toEqual([]);
    // A later call fetches again and succeeds.
    const ok = await getOrFetch(store, 'a.bin', chunked(5));
    expect(ok.fetched).toBe(true);
    expect(new Uint8Array(readFileSync(ok.path))).toEqual(PAYLOAD);
  });

  it('checksum mismatch: SdkError, temp removed, nothing cached', async () => {
    const dir = freshDir();
    const store = new FsCacheStore({ root: dir });
    const bad = SHA256.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const err = await getOrFetch(store, 'a.bin', chunked(4), { sha256: bad }).catch((e) => e);
    expect(isSdkError(err, 'E_VALIDATION')).toBe(true);
    expect(String(err.message)).toMatch(/sha256/);
    const errMd5 = await getOrFetch(store, 'a.bin', chunked(4), { md5: '0'.repeat(32) }).catch(
      (e) => e,
    );
    expect(isSdkError(errMd5, 'E_VALIDATION')).toBe(true);
    expect(listing(dir)).toEqual([]);
    // Upper-case hex is accepted.
    await getOrFetch(store, 'a.bin', chunked(4), { sha256: SHA256.toUpperCase() });
    expect(listing(dir)).toEqual(['a.bin']);
  });

  it('size mismatch (short and long) is an error; a cached file of the wrong size is refetched', async () => {
    const dir = freshDir();
    const store = new FsCacheStore({ root: dir });
    for (const expectedSize of [PAYLOAD.length + 1, PAYLOAD.length - 1]) {
      const err = await getOrFetch(store, 'a.bin', chunked(3), { expectedSize }).catch((e) => e);
      expect(isSdkError(err, 'E_VALIDATION')).toBe(true);
      expect(listing(dir)).toEqual([]);
    }
    writeFileSync(join(dir, 'a.bin'), 'truncated');
    const r = await getOrFetch(store, 'a.bin', chunked(3), { expectedSize: PAYLOAD.length });
    expect(r.fetched).toBe(true);
    expect(readFileSync(join(dir, 'a.bin')).length).toBe(PAYLOAD.length);
  });

  it('abort during the download rejects with the abort reason and removes the temp file', async () => {
    const dir = freshDir();
    const store = new FsCacheStore({ root: dir });
    const controller = new AbortController();
    const fetcher = chunked(10, { onChunk: (i) => i === 3 && controller.abort() });
    const err = await getOrFetch(store, 'a.bin', fetcher, { signal: controller.signal }).catch(
      (e) => e,
    );
    expect((err as Error).name).toBe('AbortError');
    expect(listing(dir)).toEqual([]);
  });

  it('abort reaches a source that never yields again', async () => {
    const dir = freshDir();
    const store = new FsCacheStore({ root: dir });
    const controller = new AbortController();
    const stalled: Fetcher = () =>
      (async function* () {
        yield PAYLOAD.slice(0, 10);
        await new Promise(() => {});
      })();
    setTimeout(() => controller.abort(), 50);
    await expect(
      getOrFetch(store, 'a.bin', stalled, { signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(listing(dir)).toEqual([]);
  });

  it('an already-aborted signal does nothing', async () => {
    const dir = freshDir();
    const store = new FsCacheStore({ root: dir });
    let called = false;
    await expect(
      getOrFetch(
        store,
        'a.bin',
        () => {
          called = true;
          return PAYLOAD;
        },
        { signal: AbortSignal.abort() },
      ),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(called).toBe(false);
    expect(listing(dir)).toEqual([]);
  });

  it('progress is monotonic and ends with done === total (known and unknown size)', async () => {
    for (const expectedSize of [PAYLOAD.length, undefined]) {
      const dir = freshDir();
      const store = new FsCacheStore({ root: dir });
      const events: ProgressEvent[] = [];
      await getOrFetch(store, 'a.bin', chunked(7), {
        onProgress: (e) => events.push(e),
        ...(expectedSize === undefined ? {} : { expectedSize }),
      });
      expect(events.length).toBeGreaterThanOrEqual(8);
      for (let i = 1; i < events.length; i++) {
        expect(events[i]!.done).toBeGreaterThanOrEqual(events[i - 1]!.done);
      }
      const last = events[events.length - 1]!;
      expect(last.done).toBe(PAYLOAD.length);
      expect(last.total).toBe(PAYLOAD.length);
      expect(last.label).toBe('a.bin');
    }
  });

  it('takes the size from a Response and turns HTTP errors into E_NETWORK', async () => {
    const dir = freshDir();
    const store = new FsCacheStore({ root: dir });
    const events: ProgressEvent[] = [];
    const ok = () =>
      new Response(PAYLOAD, { headers: { 'content-length': String(PAYLOAD.length) } });
    await getOrFetch(store, 'r.bin', ok, { onProgress: (e) => events.push(e) });
    expect(events.every((e) => e.total === PAYLOAD.length)).toBe(true);
    const notFound = () => new Response('nope', { status: 404 });
    const err = await getOrFetch(store, 'missing.bin', notFound).catch((e) => e);
    expect(isSdkError(err, 'E_NETWORK')).toBe(true);
    expect(existsSync(join(dir, 'missing.bin'))).toBe(false);
    // A Content-Length that lies is caught as a size mismatch.
    const liar = () => new Response(PAYLOAD, { headers: { 'content-length': '5' } });
    const err2 = await getOrFetch(store, 'liar.bin', liar).catch((e) => e);
    expect(isSdkError(err2, 'E_VALIDATION')).toBe(true);
    expect(listing(dir)).toEqual(['r.bin']);
  });

  it('concurrent calls in one process fetch once', async () => {
    const dir = freshDir();
    const store = new FsCacheStore({ root: dir });
    let calls = 0;
    const fetcher: Fetcher = (ctx) => {
      calls++;
      return chunked(5, { delayMs: 10 })(ctx);
    };
    const results = await Promise.all([1, 2, 3].map(() => getOrFetch(store, 'a.bin', fetcher)));
    expect(calls).toBe(1);
    expect(results.filter((r) => r.fetched)).toHaveLength(1);
    expect(listing(dir)).toEqual(['a.bin']);
  });

  it('breaks a stale lock: dead pid, or an unreadable lock older than staleMs', async () => {
    const dir = freshDir();
    const deadPid = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '']);
      child.on('exit', () => resolve(child.pid!));
    });
    const store = new FsCacheStore({ root: dir, lockStaleMs: 60_000 });
    writeFileSync(
      join(dir, 'a.bin.lock'),
      JSON.stringify({
        pid: deadPid,
        host: (await import('node:os')).hostname(),
        token: 'x',
        created: 0,
      }),
    );
    const r = await getOrFetch(store, 'a.bin', chunked(2));
    expect(r.fetched).toBe(true);

    writeFileSync(join(dir, 'b.bin.lock'), '');
    const old = new Date(Date.now() - 120_000);
    utimesSync(join(dir, 'b.bin.lock'), old, old);
    expect((await getOrFetch(store, 'b.bin', chunked(2))).fetched).toBe(true);
    expect(listing(dir)).toEqual(['a.bin', 'b.bin']);
  });

  it('waits for a live lock and honours abort while waiting', async () => {
    const dir = freshDir();
    const store = new FsCacheStore({ root: dir });
    const held = await store.lock('a.bin');
    const controller = new AbortController();
    let waited = false;
    const pending = getOrFetch(store, 'a.bin', chunked(2), {
      signal: controller.signal,
      onWait: () => {
        waited = true;
        controller.abort();
      },
    });
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(waited).toBe(true);
    await held.release();
    expect(listing(dir)).toEqual([]);
  });
});

// Two real processes. Tests run the TypeScript sources and Node 20 cannot import .ts, so the
// child runs the very same sources transpiled file by file with `typescript.transpileModule`
// (type-only syntax stripped, nothing bundled or rewritten), instead of a stale `dist` build
// or a re-implementation of the lock in the test.
describe('getOrFetch across processes', () => {
  const srcDir = fileURLToPath(new URL('../src/', import.meta.url));
  const outDir = join(tmp, 'child-src');

  beforeAll(() => {
    const queue = ['cache/get-or-fetch.ts', 'cache/node/fs-store.ts'];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const rel = queue.pop()!;
      if (seen.has(rel)) continue;
      seen.add(rel);
      const source = readFileSync(join(srcDir, rel), 'utf-8');
      for (const m of source.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
        queue.push(relative(srcDir, join(srcDir, dirname(rel), `${m[1]}.ts`)));
      }
      const js = ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      const out = join(outDir, rel.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, js);
    }
    writeFileSync(join(outDir, 'package.json'), '{"type": "module"}');
    writeFileSync(
      join(outDir, 'child.js'),
      `
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { getOrFetch } from './cache/get-or-fetch.js';
import { FsCacheStore } from './cache/node/fs-store.js';
const [root, key, counter, barrier, chunks, delayMs] = process.argv.slice(2);
writeFileSync(barrier + '.' + process.pid, '');
while (!existsSync(barrier)) await new Promise((r) => setTimeout(r, 5));
let waited = false;
const result = await getOrFetch(new FsCacheStore({ root }), key, async function* () {
  appendFileSync(counter, process.pid + '\\n');
  for (let i = 0; i < Number(chunks); i++) {
    await new Promise((r) => setTimeout(r, Number(delayMs)));
    process.stdout.write('chunk ' + i + '\\n');
    yield new TextEncoder().encode('chunk ' + i + ';');
  }
}, { onWait: () => { waited = true; } });
process.stdout.write(JSON.stringify({ ...result, waited }) + '\\n');
`,
    );
  });

  function startChild(args: string[]): { child: ChildProcess; output: Promise<string> } {
    const child = spawn(process.execPath, [join(outDir, 'child.js'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => {
      out += d;
    });
    child.stderr!.on('data', (d) => {
      err += d;
    });
    const output = new Promise<string>((resolve, reject) => {
      child.on('exit', (code, signal) =>
        code === 0 || signal === 'SIGKILL'
          ? resolve(out)
          : reject(new Error(`child exited ${code}: ${err}`)),
      );
    });
    return { child, output };
  }

  async function waitFor(cond: () => boolean): Promise<void> {
    const t0 = Date.now();
    while (!cond()) {
      if (Date.now() - t0 > 20_000) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it('two processes started together fetch the file once; the other waits and reads it', async () => {
    const dir = freshDir();
    const counter = join(dir, '..', `count-${n}`);
    const barrier = join(dir, '..', `go-${n}`);
    const args = [dir, 'data/file.bin', counter, barrier, '12', '60'];
    const a = startChild(args);
    const b = startChild(args);
    const ready = () => readdirSync(dirname(barrier)).filter((f) => f.startsWith(`go-${n}.`));
    await waitFor(() => ready().length === 2);
    writeFileSync(barrier, '');
    const results = (await Promise.all([a.output, b.output])).map(
      (o) => JSON.parse(o.trim().split('\n').pop()!) as { fetched: boolean; waited: boolean },
    );
    expect(readFileSync(counter, 'utf-8').trim().split('\n')).toHaveLength(1);
    expect(results.filter((r) => r.fetched)).toHaveLength(1);
    // Released together and the fetch takes ~720 ms: the loser waited on the lock.
    expect(results.find((r) => !r.fetched)!.waited).toBe(true);
    const expected = Array.from({ length: 12 }, (_, i) => `chunk ${i};`).join('');
    expect(readFileSync(join(dir, 'data', 'file.bin'), 'utf-8')).toBe(expected);
    expect(listing(join(dir, 'data'))).toEqual(['file.bin']);
  });

  it('a process killed mid-download leaves no file under the final name; the next fetch succeeds', async () => {
    const dir = freshDir();
    const counter = join(dir, '..', `count-${n}`);
    const barrier = join(dir, '..', `go-${n}`);
    writeFileSync(barrier, '');
    const victim = startChild([dir, 'file.bin', counter, barrier, '1000', '20']);
    let seen = '';
    victim.child.stdout!.on('data', (d) => {
      seen += d;
    });
    await waitFor(() => seen.includes('chunk 3'));
    victim.child.kill('SIGKILL');
    await victim.output;
    expect(existsSync(join(dir, 'file.bin'))).toBe(false);
    expect(existsSync(join(dir, 'file.bin.lock'))).toBe(true); // left by the dead process

    // The dead holder's lock is stale by pid; this process fetches the file itself.
    const store = new FsCacheStore({ root: dir });
    const r = await getOrFetch(store, 'file.bin', chunked(3));
    expect(r.fetched).toBe(true);
    expect(new Uint8Array(readFileSync(join(dir, 'file.bin')))).toEqual(PAYLOAD);
    expect(existsSync(join(dir, 'file.bin.lock'))).toBe(false);
    // Only the dead process's orphaned temp file remains beside it, under a name no read uses.
    expect(
      listing(dir)
        .filter((f) => f !== 'file.bin')
        .every((f) => f.includes('.tmp-')),
    ).toBe(true);
  });
});

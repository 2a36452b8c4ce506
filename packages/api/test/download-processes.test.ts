// Two OS processes ask for the same file: it is downloaded once. Each child runs the real
// download-to-cache path (`downloadToCache` on an `FsCacheStore`) from the TypeScript sources
// (test/support/ts-child.ts) against the replay server in this process, which counts requests.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayServer, startReplayServer } from '../src/testing/index.js';
import { spawnTsChild } from './support/ts-child.js';

const CHILD = fileURLToPath(new URL('./support/download-child.mjs', import.meta.url));
const FILE =
  '/informatics-archive/current-release/mouse_ccf/annotation/ccf_2017/annotation_25.nrrd';
const BODY = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 7919) % 253);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > 60_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('downloadToCache across processes', () => {
  let server: ReplayServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sdk-api-procs-'));
    server = await startReplayServer({
      // The body's headers come late, so the first process still holds the lock when the
      // second one asks.
      handlers: [(req) => (req.decodedUrl === FILE ? { bytes: BODY } : undefined)],
      faults: { latencyMs: 400, match: /annotation_25\.nrrd$/ },
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('two node processes started together: one HTTP request for the body, both get the file', async () => {
    const root = join(dir, 'cache');
    const barrier = join(dir, 'go');
    const args = [root, 'ccf/annotation_25.nrrd', `${server.url}${FILE}`, barrier];
    const children = [spawnTsChild(CHILD, args), spawnTsChild(CHILD, args)];
    // Both are up (sources loaded) before either starts, so they really race for the file.
    await waitFor(
      () => readdirSync(dir).filter((f) => f.startsWith('go.')).length === 2,
      'both children to start',
    );
    writeFileSync(barrier, '');
    const results = (await Promise.all(children.map((c) => c.output))).map(
      (o) =>
        JSON.parse(o.trim().split('\n').pop() ?? '') as {
          fetched: boolean;
          waited: boolean;
          path: string;
          size: number;
          pid: number;
        },
    );
    expect(server.log.filter((l) => l.decodedUrl === FILE)).toHaveLength(1);
    expect(new Set(results.map((r) => r.pid)).size).toBe(2);
    expect(results.map((r) => r.fetched).sort()).toEqual([false, true]);
    // The one that did not download waited on the other's lock.
    expect(results.find((r) => !r.fetched)?.waited).toBe(true);
    const path = join(root, 'ccf', 'annotation_25.nrrd');
    expect(results.map((r) => r.path)).toEqual([path, path]);
    expect(results.map((r) => r.size)).toEqual([BODY.length, BODY.length]);
    expect(sha(readFileSync(path))).toBe(sha(BODY));
    // No lock, temporary or partial file left beside it.
    expect(readdirSync(join(root, 'ccf'))).toEqual(['annotation_25.nrrd']);
  }, 120_000);
});

// RangeReader against the replay server: Range requests, the length probe, block caching,
// sequential read-ahead growth, LRU eviction, retries and errors. Bytes are compared exactly.
import { isSdkError } from '@sdk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, RangeReader, type RangeReaderOptions } from '../src/index.js';
import { type ReplayServer, startReplayServer } from '../src/testing/index.js';

const SIZE = 100_003; // not a multiple of any block size used here
const FILE = new Uint8Array(SIZE).map((_, i) => (i * 2654435761) >>> 24);
const B = 1000;

describe('RangeReader', () => {
  let server: ReplayServer;
  beforeAll(async () => {
    server = await startReplayServer({
      handlers: [
        (req) => {
          if (req.decodedUrl === '/data.nwb') return { bytes: FILE };
          if (req.decodedUrl === '/no-ranges.nwb') return { bytes: FILE, acceptRanges: false };
          if (req.decodedUrl === '/missing.nwb') return { status: 404, body: 'not here' };
          return undefined;
        },
      ],
    });
  });
  afterAll(() => server.close());

  const open = (path = '/data.nwb', o: RangeReaderOptions = {}) =>
    new RangeReader(`${server.url}${path}`, {
      minChunk: B,
      retries: { retries: 8, baseDelayMs: 1 },
      ...o,
    });
  /** The Range headers sent for `path` since log index `from`, as [start, end] pairs. */
  const ranges = (from: number, path = '/data.nwb') =>
    server.log
      .slice(from)
      .filter((l) => l.decodedUrl === path && l.headers.range)
      .map((l) => (/bytes=(\d+)-(\d+)/.exec(String(l.headers.range)) ?? []).slice(1).map(Number));

  it('learns the size from a GET aborted after the headers (no HEAD, no Range)', async () => {
    const from = server.log.length;
    const r = open();
    expect(await r.size()).toBe(SIZE);
    expect(await r.size()).toBe(SIZE);
    const sent = server.log.slice(from);
    expect(sent.map((l) => [l.method, l.headers.range])).toEqual([['GET', undefined]]);
  });

  it('returns exactly the bytes asked for: inside, across blocks, at and past the end', async () => {
    const r = open();
    for (const [off, len] of [
      [0, 1],
      [999, 2],
      [12_345, 6_789],
      [SIZE - 10, 10],
      [SIZE - 10, 500],
      [50_000, 0],
      [SIZE, 5],
      [0, SIZE],
    ] as const) {
      expect(await r.read(off, len), `${off}+${len}`).toEqual(
        FILE.slice(off, Math.min(off + len, SIZE)),
      );
    }
    const err = await r.read(SIZE + 1, 1).catch((e: unknown) => e);
    expect(isSdkError(err, 'E_VALIDATION')).toBe(true);
    expect(isSdkError(await r.read(-1, 1).catch((e: unknown) => e), 'E_VALIDATION')).toBe(true);
  });

  it('a cached block is not fetched again; concurrent reads share one request', async () => {
    const r = open();
    await r.size();
    const from = server.log.length;
    await r.read(5_100, 300);
    expect(ranges(from)).toEqual([[5_000, 5_999]]);
    expect(await r.read(5_500, 400)).toEqual(FILE.slice(5_500, 5_900));
    expect(ranges(from)).toHaveLength(1);
    expect(r.stats.blockHits).toBe(1);
    const [x, y] = await Promise.all([r.read(70_000, 10), r.read(70_500, 10)]);
    expect(x).toEqual(FILE.slice(70_000, 70_010));
    expect(y).toEqual(FILE.slice(70_500, 70_510));
    expect(ranges(from)).toEqual([
      [5_000, 5_999],
      [70_000, 70_999],
    ]);
  });

  it('sequential reads grow each fetch ×1.7 (in whole blocks), capped at maxChunk; a jump resets', async () => {
    const r = open('/data.nwb', { maxChunk: 12 * B });
    await r.size();
    const from = server.log.length;
    for (let off = 0; off < 44 * B; off += 500) {
      expect(await r.read(off, 500)).toEqual(FILE.slice(off, off + 500));
    }
    // Chunks 1000, 1700, 2890, 4913, 8352, then capped at 12000: 1, 2, 3, 5, 9, 12, 12 blocks
    // (44 blocks, exactly what the loop reads).
    expect(ranges(from).map(([a, b]) => ((b as number) - (a as number) + 1) / B)).toEqual([
      1, 2, 3, 5, 9, 12, 12,
    ]);
    // Not where the last read ended: back to one block.
    const jump = server.log.length;
    await r.read(80_000, 10);
    expect(ranges(jump)).toEqual([[80_000, 80_999]]);
  });

  it('read-ahead stops at the end of the file (the last block is short)', async () => {
    const r = open('/data.nwb', { minChunk: 30_000 });
    await r.size();
    const from = server.log.length;
    expect(await r.read(89_000, 11_003)).toEqual(FILE.slice(89_000));
    expect(ranges(from)).toEqual([[60_000, 100_002]]);
  });

  it('least recently used blocks are dropped beyond cacheBytes', async () => {
    const r = open('/data.nwb', { cacheBytes: 3 * B });
    await r.size();
    const from = server.log.length;
    for (const off of [0, 10_000, 20_000]) await r.read(off, 10);
    await r.read(0, 10); // hit: block 0 is now the most recent
    await r.read(30_000, 10); // evicts block 10
    expect(r.stats.cachedBytes).toBe(3 * B);
    expect(ranges(from)).toHaveLength(4);
    await r.read(0, 10);
    await r.read(20_000, 10);
    expect(ranges(from)).toHaveLength(4);
    await r.read(10_000, 10);
    expect(ranges(from)).toHaveLength(5);
  });

  it('retries 5xx, dropped connections and short bodies, and still returns the right bytes', async () => {
    server.setFaults({
      failureRate: 0.3,
      dropRate: 0.15,
      truncateRate: 0.2,
      seed: 7,
      match: /data/,
    });
    try {
      const r = open();
      for (let k = 0; k < 25; k++) {
        const off = (k * 7_919) % SIZE;
        expect(await r.read(off, 1_500)).toEqual(FILE.slice(off, Math.min(off + 1_500, SIZE)));
      }
      const faults = server.log.filter((l) => l.fault).map((l) => l.fault);
      expect(new Set(faults)).toEqual(new Set(['status', 'drop', 'truncate']));
    } finally {
      server.setFaults(undefined);
    }
  });

  it('gives up after the retries with the last error; 4xx is not retried', async () => {
    server.setFaults({ failureRate: 1, failStatus: 503, match: /data/ });
    try {
      const from = server.log.length;
      const err = await open('/data.nwb', { retries: { retries: 2, baseDelayMs: 1 } })
        .size()
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).status).toBe(503);
      expect(server.log.length - from).toBe(3);
    } finally {
      server.setFaults(undefined);
    }
    const from = server.log.length;
    const missing = await open('/missing.nwb')
      .read(0, 10)
      .catch((e: unknown) => e);
    expect(isSdkError(missing, 'E_NETWORK')).toBe(true);
    expect((missing as ApiError).status).toBe(404);
    expect(server.log.length - from).toBe(1);
  });

  it('a server that ignores Range is E_UNSUPPORTED', async () => {
    const r = open('/no-ranges.nwb');
    expect(await r.size()).toBe(SIZE);
    const err = await r.read(10, 10).catch((e: unknown) => e);
    expect(isSdkError(err, 'E_UNSUPPORTED')).toBe(true);
  });
});

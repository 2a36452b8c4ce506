// Streaming downloads against the replay server: resume by Range, atomic rename, cleanup, zips.
import { createHash, randomBytes } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, GridDataApi, type MetaImage, ReferenceSpaceApi } from '../src/index.js';
import { crc32, streamFileOverHttp } from '../src/node.js';
import { type ReplayServer, startReplayServer } from '../src/testing/index.js';
import { fixturesDir, readFixture } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sdk-api-dl-'));
const served = join(dir, 'served');
const out = join(dir, 'out');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** A zip with one stored and one deflated member, written by hand (tests the reader). */
function makeZip(members: Array<{ name: string; data: Buffer; deflate: boolean }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const body = m.deflate ? deflateRawSync(m.data) : m.data;
    const name = Buffer.from(m.name);
    const crc = crc32(m.data);
    const loc = Buffer.alloc(30);
    loc.writeUInt32LE(0x04034b50, 0);
    loc.writeUInt16LE(20, 4);
    loc.writeUInt16LE(m.deflate ? 8 : 0, 8);
    loc.writeUInt32LE(crc, 14);
    loc.writeUInt32LE(body.length, 18);
    loc.writeUInt32LE(m.data.length, 22);
    loc.writeUInt16LE(name.length, 26);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0);
    cen.writeUInt16LE(20, 4);
    cen.writeUInt16LE(20, 6);
    cen.writeUInt16LE(m.deflate ? 8 : 0, 10);
    cen.writeUInt32LE(crc, 16);
    cen.writeUInt32LE(body.length, 20);
    cen.writeUInt32LE(m.data.length, 24);
    cen.writeUInt16LE(name.length, 28);
    cen.writeUInt32LE(offset, 42);
    locals.push(loc, name, body);
    centrals.push(cen, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(members.length, 8);
  eocd.writeUInt16LE(members.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

let server: ReplayServer;
const big = join(
  served,
  'informatics-archive',
  'current-release',
  'mouse_ccf',
  'average_template',
  'average_template_10.nrrd',
);
let bigHash = '';

beforeAll(async () => {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(
    join(served, 'informatics-archive', 'current-release', 'mouse_ccf', 'average_template'),
    { recursive: true },
  );
  mkdirSync(out, { recursive: true });
  // 100 MB of random bytes, generated here (never stored in the repo).
  const { openSync, writeSync, closeSync } = await import('node:fs');
  const fd = openSync(big, 'w');
  for (let i = 0; i < 100; i++) writeSync(fd, randomBytes(1 << 20));
  closeSync(fd);
  bigHash = await sha256(big);
  writeFileSync(join(served, 'small.bin'), Buffer.from('0123456789'));
  server = await startReplayServer({
    filesDir: served,
    handlers: [
      (req) => {
        if (req.decodedUrl === '/short.bin') {
          // Announces 20 bytes, sends 10 and closes: a download whose size differs from Content-Length.
          return { bytes: new Uint8Array(20).fill(7), acceptRanges: false };
        }
        if (req.decodedUrl.startsWith('/grid_data/download/69816930?include=energy')) {
          return {
            bytes: makeZip([
              {
                name: 'energy.mhd',
                data: Buffer.from('ObjectType = Image\nNDims = 3\n'),
                deflate: false,
              },
              { name: 'energy.raw', data: Buffer.alloc(4096, 3), deflate: true },
            ]),
          };
        }
        return undefined;
      },
    ],
  });
});
afterAll(() => server?.close());

describe('streamFileOverHttp', () => {
  it('a 100 MB download interrupted at random points resumes with Range and ends byte-identical', async () => {
    server.setFaults({ truncateRate: 0.8, seed: 3, match: /average_template_10/ });
    const dest = join(out, 'average_template_10.nrrd');
    const api = new ReferenceSpaceApi({
      baseUrl: server.url,
      downloadBaseUrl: server.url,
      retries: { retries: 60, baseDelayMs: 1, maxDelayMs: 2 },
    });
    // The final name must never show a partial file.
    let sawPartial = false;
    const watcher = setInterval(() => {
      if (existsSync(dest) && statSync(dest).size !== 100 << 20) sawPartial = true;
    }, 2);
    const progress: number[] = [];
    const before = server.log.length;
    try {
      await api.retrieveFileOverHttp(
        api.buildVolumetricDataDownloadUrl('average_template', 'average_template_10.nrrd'),
        dest,
        { onProgress: (e) => progress.push(e.received) },
      );
    } finally {
      clearInterval(watcher);
      server.setFaults(undefined);
    }
    expect(sawPartial).toBe(false);
    expect(statSync(dest).size).toBe(100 << 20);
    expect(await sha256(dest)).toBe(bigHash);
    const reqs = server.log.slice(before);
    expect(reqs.filter((r) => r.fault === 'truncate').length).toBeGreaterThan(0);
    expect(reqs.filter((r) => r.status === 206).length).toBeGreaterThan(0);
    expect(reqs.slice(1).every((r) => typeof r.headers.range === 'string')).toBe(true);
    expect(progress.at(-1)).toBe(100 << 20);
    expect(readdirSync(out).filter((f) => f.includes('.part-'))).toEqual([]);
  }, 30_000);

  it('a body shorter than Content-Length is an error naming the URL, and nothing is left', async () => {
    server.setFaults({ truncateRate: 1, match: /short\.bin/ });
    const dest = join(out, 'short.bin');
    try {
      const e = await streamFileOverHttp(`${server.url}/short.bin`, dest, {
        retries: { retries: 2, baseDelayMs: 1 },
      }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).url).toBe(`${server.url}/short.bin`);
      expect((e as ApiError).message).toMatch(/of 20 bytes/);
    } finally {
      server.setFaults(undefined);
    }
    expect(existsSync(dest)).toBe(false);
    expect(readdirSync(out).filter((f) => f.includes('.part-'))).toEqual([]);
  });

  it('a 404 is a typed error with status and URL, not retried, nothing cached', async () => {
    const dest = join(out, 'missing.bin');
    const before = server.log.length;
    const e = await streamFileOverHttp(`${server.url}/missing.bin`, dest, {
      retries: { retries: 3, baseDelayMs: 1 },
    }).catch((x: unknown) => x);
    expect((e as ApiError).status).toBe(404);
    expect((e as ApiError).code).toBe('E_NETWORK');
    expect(server.log.length - before).toBe(1);
    expect(existsSync(dest)).toBe(false);
    expect(readdirSync(out).filter((f) => f.includes('.part-'))).toEqual([]);
    server.unmatched.length = 0;
  });

  it('503 then 200 is retried and succeeds', async () => {
    server.setFaults({ failureRate: 0.5, seed: 11, match: /small\.bin/ });
    try {
      const dest = join(out, 'small.bin');
      await streamFileOverHttp(`${server.url}/small.bin`, dest, {
        retries: { retries: 10, baseDelayMs: 1 },
      });
      expect(readFileSync(dest, 'utf8')).toBe('0123456789');
    } finally {
      server.setFaults(undefined);
    }
  });

  it('an abort stops the download and leaves nothing', async () => {
    const ctl = new AbortController();
    const dest = join(out, 'aborted.nrrd');
    const p = streamFileOverHttp(
      `${server.url}/informatics-archive/current-release/mouse_ccf/average_template/average_template_10.nrrd`,
      dest,
      {
        signal: ctl.signal,
        onProgress: (e) => {
          if (e.received > 1 << 20) ctl.abort();
        },
      },
    );
    const e = await p.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(existsSync(dest)).toBe(false);
    expect(readdirSync(out).filter((f) => f.includes('.part-'))).toEqual([]);
  });
});

describe('zipped downloads', () => {
  it('downloadGeneExpressionGridData extracts the archive next to path, path itself is not written', async () => {
    const api = new GridDataApi({ baseUrl: server.url });
    const target = join(out, 'energy', 'energy.mhd');
    await api.downloadGeneExpressionGridData(69816930, 'energy', target);
    expect(readFileSync(join(out, 'energy', 'energy.mhd'), 'utf8')).toBe(
      'ObjectType = Image\nNDims = 3\n',
    );
    expect(readFileSync(join(out, 'energy', 'energy.raw'))).toEqual(Buffer.alloc(4096, 3));
    expect(readdirSync(join(out, 'energy')).sort()).toEqual(['energy.mhd', 'energy.raw']);
  });

  it('downloadMouseAtlasVolume extracts the zip and returns the volume read_ndarray_with_sitk gives', async () => {
    const { FsCacheStore } = await import('@sdk/core/node');
    const member = (name: string) => readFileSync(join(fixturesDir, 'metaimage', name));
    server.addHandler((req) =>
      req.decodedUrl === '/informatics-archive/current-release/mouse_annotation/P56_atlasVolume.zip'
        ? {
            bytes: makeZip([
              { name: 'short.mhd', data: member('short.mhd'), deflate: false },
              { name: 'short.raw', data: member('short.raw'), deflate: true },
            ]),
          }
        : undefined,
    );
    const api = new ReferenceSpaceApi({
      baseUrl: server.url,
      downloadBaseUrl: server.url,
      cacheStore: new FsCacheStore({ root: out }),
    });
    const img: MetaImage = await api.downloadMouseAtlasVolume(
      'P56',
      'atlasVolume',
      'P56/short.mhd',
    );
    const expected = readFixture<{
      metaimage: Array<{
        file: string;
        result: { shape: number[]; data: number[]; information: unknown };
      }>;
    }>('readers.json').metaimage.find((c) => c.file === 'short.mhd')?.result;
    expect(img.data.shape).toEqual(expected?.shape);
    expect(Array.from(img.data.data as Int16Array)).toEqual(expected?.data);
    expect(img.information).toEqual(expected?.information);
    expect(readdirSync(join(out, 'P56')).sort()).toEqual(['short.mhd', 'short.raw']);
  });
});

describe('downloads into the core cache', () => {
  it('two callers with separate stores on one cache folder download the file once', async () => {
    const { FsCacheStore } = await import('@sdk/core/node');
    const { downloadToCache } = await import('../src/node.js');
    const root = join(dir, 'cache');
    const url = `${server.url}/informatics-archive/current-release/mouse_ccf/average_template/average_template_10.nrrd`;
    const before = server.log.length;
    const waits: number[] = [];
    const [a, b] = await Promise.all([
      downloadToCache(new FsCacheStore({ root }), 'tmpl/average_template_10.nrrd', url, {
        onWait: () => waits.push(1),
      }),
      downloadToCache(new FsCacheStore({ root }), 'tmpl/average_template_10.nrrd', url, {
        onWait: () => waits.push(2),
      }),
    ]);
    expect(server.log.length - before).toBe(1);
    expect([a.fetched, b.fetched].sort()).toEqual([false, true]);
    expect(a.path).toBe(b.path);
    expect(await sha256(a.path)).toBe(bigHash);
  }, 30_000);
});

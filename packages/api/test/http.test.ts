// The HTTP engine against the replay server on 127.0.0.1: envelope, typed errors, retries, paging.
import { isSdkError } from '@sdk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  BrainObservatoryApi,
  CellTypesApi,
  collect,
  EcephysProjectWarehouseApi,
  pager,
  RmaApi,
  RmaRequestError,
} from '../src/index.js';
import { type ReplayServer, startReplayServer } from '../src/testing/index.js';

const tiny = { retries: 4, baseDelayMs: 1, maxDelayMs: 5 };
let server: ReplayServer;

beforeAll(async () => {
  server = await startReplayServer({
    entries: [
      {
        decodedUrl:
          "/api/v2/data/query.json?q=model::EphysSweep,rma::criteria,[specimen_id$eq1],rma::options[num_rows$eq'all']",
        body: {
          success: true,
          id: 0,
          start_row: 0,
          num_rows: 2,
          total_rows: 2,
          msg: [{ sweep_number: 2 }, { sweep_number: 1 }],
        },
      },
      {
        decodedUrl:
          "/api/v2/data/query.json?q=model::EphysSweep,rma::criteria,[specimen_id$eq2],rma::options[num_rows$eq'all']",
        body: { success: false, id: 0, msg: 'Data Access error in query: model::EphysSweep' },
      },
      {
        decodedUrl:
          "/api/v2/data/query.json?q=model::EphysSweep,rma::criteria,[specimen_id$eq3],rma::options[num_rows$eq'all']",
        body: '{"success": true, "msg": [{"sweep_number": 1}',
        headers: { 'Content-Type': 'application/json' },
      },
      {
        decodedUrl:
          "/api/v2/data/query.json?q=model::EphysSweep,rma::criteria,[specimen_id$eq4],rma::options[num_rows$eq'all']",
        status: 500,
        body: 'boom',
      },
    ],
  });
});
afterAll(() => server.close());

describe('JSON GET and the envelope', () => {
  it('sends the Python-quoted URL and unwraps msg', async () => {
    const api = new CellTypesApi({ baseUrl: server.url, retries: tiny });
    expect(await api.getEphysSweeps(1)).toEqual([{ sweep_number: 1 }, { sweep_number: 2 }]);
    const last = server.log.at(-1);
    expect(last?.status).toBe(200);
  });

  it('success=false throws RmaRequestError with the message and URL', async () => {
    const api = new CellTypesApi({ baseUrl: server.url, retries: tiny });
    const e = await api.getEphysSweeps(2).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RmaRequestError);
    expect((e as RmaRequestError).code).toBe('E_NETWORK');
    expect((e as RmaRequestError).message).toContain('Data Access error');
    expect((e as RmaRequestError).url).toContain('[specimen_id$eq2]');
  });

  it('a malformed JSON body throws E_FORMAT naming the URL', async () => {
    const api = new CellTypesApi({ baseUrl: server.url, retries: tiny });
    const e = await api.getEphysSweeps(3).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe('E_FORMAT');
    expect((e as ApiError).url).toContain('[specimen_id$eq3]');
  });

  it('a 404 throws at once (no retry) with status and URL', async () => {
    const api = new RmaApi({ baseUrl: server.url, retries: tiny });
    const before = server.log.length;
    const e = await api.modelQuery('Nothing').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toBe(404);
    expect((e as ApiError).url).toBe(`${server.url}/api/v2/data/query.json?q=model::Nothing`);
    expect(isSdkError(e, 'E_NETWORK')).toBe(true);
    expect(server.log.length - before).toBe(1);
    server.unmatched.length = 0;
  });

  it('a persistent 500 is retried, then throws with the status', async () => {
    const api = new CellTypesApi({ baseUrl: server.url, retries: { retries: 2, baseDelayMs: 1 } });
    const before = server.log.length;
    const e = await api.getEphysSweeps(4).catch((x: unknown) => x);
    expect((e as ApiError).status).toBe(500);
    expect(server.log.length - before).toBe(3);
  });

  it('a JSON timeout throws E_NETWORK with cause "timeout"', async () => {
    const slow = await startReplayServer({
      entries: [{ decodedUrl: '/api/v2/data.json', body: { success: true, msg: [] } }],
      faults: { latencyMs: 300 },
    });
    try {
      const api = new RmaApi({
        baseUrl: slow.url,
        timeouts: { json: 50 },
        retries: { retries: 1, baseDelayMs: 1 },
      });
      const e = await api.getSchema().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).cause).toBe('timeout');
    } finally {
      await slow.close();
    }
  });

  it('POST sends the query string as a JSON object to the URL without its query', async () => {
    let seen: { method: string; decodedUrl: string } | undefined;
    const s = await startReplayServer({
      handlers: [
        (req) => {
          seen = req;
          return { body: { success: true, msg: ['ok'] } };
        },
      ],
    });
    try {
      const api = new RmaApi({ baseUrl: s.url });
      const parsed = await api.retrieveParsedJsonOverHttp(
        `${s.url}/api/v2/thing.json?a=1&b=x+y&c=`,
        { post: true },
      );
      expect(parsed).toEqual({ success: true, msg: ['ok'] });
      expect(seen).toMatchObject({ method: 'POST', decodedUrl: '/api/v2/thing.json' });
    } finally {
      await s.close();
    }
  });
});

describe('retries under injected failures', () => {
  it('1,000 requests with 10% injected 5xx/drops/truncations all complete with correct results', async () => {
    const s = await startReplayServer({
      handlers: [
        (req) => {
          const m = /\[id\$eq(\d+)\]/.exec(req.decodedUrl);
          if (!m) return undefined;
          const id = Number(m[1]);
          return {
            body: { success: true, num_rows: 1, total_rows: 1, msg: [{ id, square: id * id }] },
          };
        },
      ],
      faults: { failureRate: 0.04, dropRate: 0.03, truncateRate: 0.03, seed: 7 },
    });
    try {
      const api = new RmaApi({
        baseUrl: s.url,
        retries: { retries: 8, baseDelayMs: 1, maxDelayMs: 4 },
      });
      const ids = Array.from({ length: 1000 }, (_, i) => i);
      const results: number[] = [];
      for (let start = 0; start < ids.length; start += 50) {
        const batch = await Promise.all(
          ids.slice(start, start + 50).map((id) => api.modelQuery('Thing', { filters: { id } })),
        );
        for (const [i, recs] of batch.entries()) {
          expect(recs).toEqual([{ id: start + i, square: (start + i) ** 2 }]);
          results.push(start + i);
        }
      }
      expect(results).toEqual(ids);
      const faults = s.log.filter((l) => l.fault).length;
      // ~10% of ~1,100 requests were faulty; the seed makes this count reproducible.
      expect(faults).toBeGreaterThan(60);
      expect(s.log.length).toBe(1000 + faults);
    } finally {
      await s.close();
    }
  }, 60_000);
});

describe('paging', () => {
  const rows = Array.from({ length: 4017 }, (_, i) => ({ cell_specimen_id: i }));
  const page = (decoded: string) => {
    const start = Number(/\[start_row\$eq(\d+)\]/.exec(decoded)?.[1] ?? 0);
    const n = Number(/\[num_rows\$eq(\d+)\]/.exec(decoded)?.[1] ?? 0);
    const msg = rows.slice(start, start + n);
    return { success: true, start_row: start, num_rows: msg.length, total_rows: rows.length, msg };
  };

  it("totalRows='all' requests start rows 0, 2000, 4000 and yields every row exactly once", async () => {
    const s = await startReplayServer({
      handlers: [
        (req) =>
          req.decodedUrl.includes('ApiCamCellMetric') ? { body: page(req.decodedUrl) } : undefined,
      ],
    });
    try {
      const api = new BrainObservatoryApi({ baseUrl: s.url });
      const got = await api.getCellMetrics();
      expect(got.map((r) => r.cell_specimen_id)).toEqual(rows.map((r) => r.cell_specimen_id));
      expect(s.log.map((l) => /\[start_row\$eq(\d+)\]/.exec(l.decodedUrl)?.[1])).toEqual([
        '0',
        '2000',
        '4000',
      ]);
      expect(s.log[0]?.decodedUrl).toBe(
        "/api/v2/data/query.json?q=model::ApiCamCellMetric,rma::options[num_rows$eq2000][start_row$eq0][order$eq'cell_specimen_id'][count$eqfalse]",
      );
    } finally {
      await s.close();
    }
  });

  it('numeric totalRows advances by rows received and stops on an empty page (deviation)', async () => {
    const starts: number[] = [];
    const got = await collect(
      pager(
        async ({ startRow, numRows }) => {
          starts.push(startRow);
          return startRow >= 250
            ? []
            : Array.from({ length: Math.min(numRows, 70) }, (_, i) => startRow + i);
        },
        { numRows: 100, totalRows: 1000 },
      ),
    );
    expect(starts).toEqual([0, 70, 140, 210, 280]);
    expect(got).toEqual(Array.from({ length: 280 }, (_, i) => i));
  });

  it('RmaEngine pages 5000+5000+1 rows with start rows 0, 5000, 10000', async () => {
    const all = Array.from({ length: 10001 }, (_, i) => ({ id: i, v: String(i) }));
    const s = await startReplayServer({
      handlers: [
        (req) => {
          const start = Number(/\[start_row\$eq(\d+)\]/.exec(req.decodedUrl)?.[1]);
          const msg = all.slice(start, start + 5000);
          return { body: { success: true, num_rows: msg.length, total_rows: all.length, msg } };
        },
      ],
    });
    try {
      const api = new EcephysProjectWarehouseApi({ baseUrl: s.url });
      const units = await api.getUnits();
      expect(units.length).toBe(10001);
      // inferColumnTypes: a column of strings that all parse as literals becomes numbers.
      expect(units[10000]).toEqual({ id: 10000, v: 10000 });
      expect(s.log.map((l) => /\[start_row\$eq(\d+)\]/.exec(l.decodedUrl)?.[1])).toEqual([
        '0',
        '5000',
        '10000',
      ]);
    } finally {
      await s.close();
    }
  });
});

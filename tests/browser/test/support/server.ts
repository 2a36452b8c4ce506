// A static HTTP server on 127.0.0.1 (ephemeral port) that serves a fixed table of routes and
// nothing else: no file-system paths are derived from request URLs.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Route {
  body: string | Uint8Array;
  type: string;
}

export interface Served {
  url: string;
  /** Paths requested so far, in order (for diagnostics). */
  requests: string[];
  close(): Promise<void>;
}

export function contentType(name: string): string {
  if (name.endsWith('.js')) return 'text/javascript; charset=utf-8';
  if (name.endsWith('.html')) return 'text/html; charset=utf-8';
  if (name.endsWith('.json')) return 'application/json';
  if (name.endsWith('.wasm')) return 'application/wasm';
  return 'application/octet-stream';
}

export async function serve(routes: Map<string, Route>): Promise<Served> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push(path);
    const route = req.method === 'GET' ? routes.get(path) : undefined;
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, { 'content-type': route.type, 'cache-control': 'no-store' });
    res.end(route.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

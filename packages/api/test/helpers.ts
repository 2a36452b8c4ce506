import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const sharedData = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));

export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(`${fixturesDir}${name}`, 'utf8')) as T;
}

export function sharedFile(rel: string): string | undefined {
  const p = `${sharedData}${rel}`;
  return existsSync(p) ? p : undefined;
}

export interface RecordedRequest {
  kind: 'json' | 'file' | 'xml' | 'rma_page' | 'stream';
  url: string;
  post?: boolean;
  sent?: string;
  path?: string;
  zipped?: boolean;
}

export interface UrlCase {
  id: string;
  cls: string;
  method: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  responses: unknown[];
  requests: RecordedRequest[];
  result?: unknown;
  error?: { type: string; message: string };
}

export interface UrlsFixture {
  reference: string;
  cases: UrlCase[];
  builder: Array<{
    fn: string;
    args: unknown[];
    kwargs: Record<string, unknown>;
    out?: string;
    error?: string;
  }>;
  templates: Array<{
    cls: string;
    group: string;
    name: string;
    kwargs: Record<string, unknown>;
    url?: string;
    error?: string;
  }>;
  connected_services: Array<{ service: string; kwargs: Record<string, unknown>; url: string }>;
  quote: Array<[string, string]>;
  biophys: { ids: unknown; sweeps: number[]; model_type: string } | null;
}

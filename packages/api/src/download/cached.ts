/**
 * Downloads into @sdk/core's cache: `getOrFetch` holds the store lock (a lock file for the Node
 * store), so concurrent callers, in this process or others, download a key once and then all read
 * the one result; the retries, resume and size checks of `downloadToTemp` apply to the transfer.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CacheStore, type GetOrFetchResult, getOrFetch } from '@sdk/core';
import { type DownloadOptions, downloadToTemp } from './file.js';

export async function downloadToCache(
  store: CacheStore,
  key: string,
  url: string,
  options: DownloadOptions & { expectedSize?: number; onWait?: () => void } = {},
): Promise<GetOrFetchResult> {
  let scratch: string | undefined;
  try {
    return await getOrFetch(
      store,
      key,
      async ({ signal }) => {
        scratch = await mkdtemp(join(tmpdir(), 'sdk-api-dl-'));
        const body = await downloadToTemp(url, join(scratch, 'body'), { ...options, signal });
        return { body: createReadStream(body.path), size: body.bytes };
      },
      {
        label: url,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.expectedSize === undefined ? {} : { expectedSize: options.expectedSize }),
        ...(options.onWait ? { onWait: options.onWait } : {}),
      },
    );
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

// One process of the two-process download test (download-processes.test.ts): waits for the
// parent's go signal, then runs @sdk/api's download-to-cache path on a shared cache folder.
// Run with the flags of ts-child.ts: the imports below are TypeScript sources.
import { existsSync, writeFileSync } from 'node:fs';
import { FsCacheStore } from '@sdk/core/node';
import { downloadToCache } from '../../src/download/cached.js';

const [root, key, url, barrier] = process.argv.slice(2);
writeFileSync(`${barrier}.${process.pid}`, '');
while (!existsSync(barrier)) await new Promise((r) => setTimeout(r, 5));
let waited = false;
const result = await downloadToCache(new FsCacheStore({ root }), key, url, {
  onWait: () => {
    waited = true;
  },
});
process.stdout.write(`${JSON.stringify({ ...result, waited, pid: process.pid })}\n`);

#!/usr/bin/env node
// The TypeScript half of one bench suite, in its own process so that its peak memory is its own:
//   node run-ts.mjs <suite-name> <workdir>
// Runs setup, `warmup` untimed runs (default 1) and `repeats` timed runs; prints {"seconds": [...], "maxRssKB": n}
// as the last line (maxRssKB: peak resident set of this process, from getrusage), with the suite's
// description and goal for the table.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [name, work] = process.argv.slice(2);
if (!name || !work) {
  console.error('usage: run-ts.mjs <suite-name> <workdir>');
  process.exit(2);
}
const here = fileURLToPath(new URL('.', import.meta.url));
const suite = (await import(pathToFileURL(join(here, 'suites', `${name}.bench.mjs`)).href)).default;
const state = await suite.setup(work);
// warm-up: JIT compilation and lazy initialisation are not what we measure
for (let i = 0; i < (suite.warmup ?? 1); i++) await suite.run(state);
const seconds = [];
for (let i = 0; i < (suite.repeats ?? 5); i++) {
  const t0 = process.hrtime.bigint();
  await suite.run(state);
  seconds.push(Number(process.hrtime.bigint() - t0) / 1e9);
}
// Node reports ru_maxrss in KB (libuv converts on every platform).
const { description, goal } = suite;
console.log(
  JSON.stringify({ seconds, maxRssKB: process.resourceUsage().maxRSS, description, goal }),
);

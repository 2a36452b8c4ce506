#!/usr/bin/env node
// Side-by-side benchmarks: each suite has a TypeScript half (<name>.bench.mjs, run against the
// built packages) and a Python half (<name>.bench.py, run with the oracle venv) on the same input.
// The Python half runs first and writes the input files into a temp folder that the TS half reads.
// Prints the median time of each, the ratio python/ts (> 1 means we are faster) and the peak
// resident memory of each side: the TS half runs in its own node process (run-ts.mjs), the
// Python half reports its own ru_maxrss as `maxRssKB`.
//   pnpm bench              every suite
//   pnpm bench medfilt fft  suites whose names contain one of the words
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const python = join(here, '..', 'tooling', 'oracle', '.venv', 'bin', 'python');
const filters = process.argv.slice(2);

const suites = readdirSync(join(here, 'suites'))
  .filter((f) => f.endsWith('.bench.mjs'))
  .map((f) => f.slice(0, -'.bench.mjs'.length))
  .filter((name) => filters.length === 0 || filters.some((w) => name.includes(w)))
  .sort();

if (suites.length === 0) {
  console.log('no bench suites match', filters.join(' ') || '(none exist yet)');
  process.exit(0);
}
if (!existsSync(python)) console.log('python reference unavailable: run `pnpm oracle:setup` first');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (s) =>
  s < 1e-3
    ? `${(s * 1e6).toFixed(1)} µs`
    : s < 1
      ? `${(s * 1e3).toFixed(2)} ms`
      : `${s.toFixed(3)} s`;

const lastJson = (stdout) => JSON.parse(stdout.trim().split('\n').at(-1));
const mb = (kb) => (kb == null ? '-' : `${(kb / 1024).toFixed(0)} MB`);

const rows = [];
for (const name of suites) {
  const work = mkdtempSync(join(tmpdir(), `sdk-bench-${name}-`));
  try {
    const pyFile = join(here, 'suites', `${name}.bench.py`);
    let py = null;
    let pyRss = null;
    if (existsSync(python) && existsSync(pyFile)) {
      const r = spawnSync(python, [pyFile, work], { encoding: 'utf8', maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(`${name}: python half failed\n${r.stderr}`);
      const out = lastJson(r.stdout);
      py = median(out.seconds);
      pyRss = out.maxRssKB ?? null;
    }
    const r = spawnSync(process.execPath, [join(here, 'run-ts.mjs'), name, work], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (r.status !== 0) throw new Error(`${name}: TypeScript half failed (exit ${r.status})`);
    const out = lastJson(r.stdout);
    rows.push({
      name,
      description: out.description ?? '',
      ts: median(out.seconds),
      tsRss: out.maxRssKB ?? null,
      py,
      pyRss,
      goal: out.goal,
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

console.log(
  '\nsuite                         ts (median)   python (median)   python/ts   ts peak   python peak   goal',
);
for (const r of rows) {
  const ratio = r.py == null ? '-' : `${(r.py / r.ts).toFixed(2)}x`;
  console.log(
    `${r.name.padEnd(30)}${fmt(r.ts).padStart(11)}   ${(r.py == null ? '-' : fmt(r.py)).padStart(15)}   ${ratio.padStart(9)}   ${mb(r.tsRss).padStart(7)}   ${mb(r.pyRss).padStart(11)}   ${r.goal ?? ''}`,
  );
}

#!/usr/bin/env node
// Runs every package's tests through turbo, then prints the single line CI reads:
// "N passed, N failed" summed over every vitest JSON report in the workspace.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const GROUPS = ['packages', 'apps', 'tooling', 'tests', '.'];

function reportFiles() {
  const files = [];
  for (const group of GROUPS) {
    const dirs =
      group === '.'
        ? ['bench']
        : existsSync(join(root, group))
          ? readdirSync(join(root, group)).map((d) => join(group, d))
          : [];
    for (const dir of dirs) {
      const file = join(root, dir, '.vitest', 'results.json');
      if (existsSync(file)) files.push(file);
    }
  }
  return files;
}

// Stale reports from an earlier run must not be counted; turbo restores cached ones.
for (const file of reportFiles()) rmSync(file);

// Two packages at a time: each vitest run already uses the cores, and CI has two.
const args = [
  'exec',
  'turbo',
  'run',
  'test',
  '--continue',
  '--concurrency=2',
  ...process.argv.slice(2),
];
const run = spawnSync('pnpm', args, { cwd: root, stdio: 'inherit' });

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of reportFiles()) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTests ?? 0);
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
const exitCode = run.status ?? 1;
// A suite that failed to load has no tests to count: make sure the line still says "failed".
if (exitCode !== 0 && failed === 0) failed = 1;
const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
console.log(line);
// .ci/run prints the line again as its very last output, after the interop step.
if (process.env.SDK_TEST_SUMMARY_FILE)
  writeFileSync(process.env.SDK_TEST_SUMMARY_FILE, `${line}\n`);
process.exit(exitCode);

#!/usr/bin/env node
// Lints every publishable package as npm would publish it: `pnpm pack` builds the tarball (with
// workspace: and catalog: specifiers replaced), then publint checks the tarball. Needs `pnpm build`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const publint = join(root, 'node_modules', '.bin', 'publint');
const packages = readdirSync(join(root, 'packages')).filter((d) => {
  const json = JSON.parse(readFileSync(join(root, 'packages', d, 'package.json'), 'utf8'));
  return !json.private;
});

const out = mkdtempSync(join(tmpdir(), 'sdk-publint-'));
let failed = 0;
try {
  for (const dir of packages) {
    const cwd = join(root, 'packages', dir);
    const pack = spawnSync('pnpm', ['pack', '--pack-destination', out], { cwd, encoding: 'utf8' });
    if (pack.status !== 0) {
      console.error(`@sdk/${dir}: pnpm pack failed\n${pack.stderr}`);
      failed++;
      continue;
    }
    const tarball = pack.stdout.trim().split('\n').at(-1);
    const lint = spawnSync(publint, ['run', tarball, '--strict'], { encoding: 'utf8' });
    const text = `${lint.stdout}${lint.stderr}`.trim();
    console.log(`@sdk/${dir}: ${lint.status === 0 ? 'ok' : 'FAILED'}${text ? `\n${text}` : ''}`);
    if (lint.status !== 0) failed++;
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
console.log(`publint: ${packages.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

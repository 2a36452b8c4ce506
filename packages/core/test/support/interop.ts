import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const ORACLE_PYTHON = join(REPO_ROOT, 'tooling/oracle/.venv/bin/python');

/** A fresh temp dir, plus `$SDK_INTEROP_OUT/<name>` when that variable is set. */
export function interopDirs(name: string): string[] {
  const dirs = [mkdtempSync(join(tmpdir(), `sdk-${name}-`))];
  const out = process.env.SDK_INTEROP_OUT;
  if (out) {
    const d = join(out, name);
    mkdirSync(d, { recursive: true });
    dirs.push(d);
  }
  return dirs;
}

/**
 * Runs `tooling/oracle/checks/<script>` on `dir` with the oracle venv. Returns null (and says
 * why on stderr) when the venv is absent, so the caller can skip that assertion.
 */
export function runOracleCheck(
  script: string,
  dir: string,
): { status: number; output: string } | null {
  if (!existsSync(ORACLE_PYTHON)) {
    console.warn(`skipping the Python read-back of ${dir}: ${ORACLE_PYTHON} does not exist`);
    return null;
  }
  const r = spawnSync(ORACLE_PYTHON, [join(REPO_ROOT, 'tooling/oracle/checks', script), dir], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

// Shared by the writer tests: temp output, the oracle venv and the Python read-back checks.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePythonJson } from '@sdk/core';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const VENV_PYTHON = join(REPO, 'tooling/oracle/.venv/bin/python');
export const HAS_VENV = existsSync(VENV_PYTHON);
export const SKIP_REASON = `oracle venv missing (${VENV_PYTHON}); Python read-back skipped`;

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `sdk-nwb-${prefix}-`));
}

/** Copies a written file to $SDK_INTEROP_OUT when set (CI runs `pnpm interop` on them). */
export function publishForInterop(file: string): void {
  const out = process.env.SDK_INTEROP_OUT;
  if (!out) return;
  mkdirSync(out, { recursive: true });
  copyFileSync(file, join(out, basename(file)));
}

export function readFixtureJson(name: string): unknown {
  return parsePythonJson(readFileSync(join(FIXTURES, name), 'utf8'));
}

export interface ToolRun {
  status: number | null;
  output: string;
}

function run(cmd: string, args: string[]): ToolRun {
  const r = spawnSync(cmd, args, {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** `bash tooling/interop/run.sh <file>`: pynwb read + nwbinspector; fails on CRITICAL or worse. */
export function runInterop(file: string): ToolRun {
  return run('bash', [join(REPO, 'tooling/interop/run.sh'), file]);
}

/** pynwb reads `file` and compares it with `expected` (see tooling/oracle/checks/nwb_readback.py). */
export function runReadback(file: string, expected: unknown): ToolRun {
  const json = `${file}.expected.json`;
  // Python's json reads the bare NaN / Infinity tokens JSON.stringify cannot write.
  const text = JSON.stringify(
    expected,
    (_k, v) =>
      typeof v === 'number' && !Number.isFinite(v)
        ? `__${Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'}__`
        : v,
    1,
  ).replace(/"__(NaN|Infinity|-Infinity)__"/g, '$1');
  writeFileSync(json, text);
  return run(VENV_PYTHON, [join(REPO, 'tooling/oracle/checks/nwb_readback.py'), file, json]);
}

/** pynwb reads equal content from both files (tooling/oracle/checks/nwb_compare.py). */
export function runCompare(reference: string, candidate: string): ToolRun {
  return run(VENV_PYTHON, [
    join(REPO, 'tooling/oracle/checks/nwb_compare.py'),
    reference,
    candidate,
  ]);
}

/** Plain number list of a typed array (for expected JSON). */
export function nums(a: ArrayLike<number | bigint>): number[] {
  return Array.from(a, Number);
}

/** Nested lists of a flat row-major array. */
export function nest(flat: ArrayLike<number>, shape: readonly number[]): unknown {
  const rec = (axis: number, offset: number): unknown => {
    const n = shape[axis] as number;
    if (axis === shape.length - 1) return Array.from({ length: n }, (_, i) => flat[offset + i]);
    const stride = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: n }, (_, i) => rec(axis + 1, offset + i * stride));
  };
  return rec(0, 0);
}

/** Runs `fn` once; every caller awaits the same result (a file written once per test file). */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => {
    p ??= fn();
    return p;
  };
}

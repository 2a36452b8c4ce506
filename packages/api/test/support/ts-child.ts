/**
 * Spawns `node` on a script that imports the repository's TypeScript sources (through
 * ts-hooks.mjs), for tests that need real separate processes. Reusable by any package: the
 * script may import workspace packages by name (`@sdk/core/node`) and relative `.js` paths of
 * `.ts` files.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const register = fileURLToPath(new URL('./ts-register.mjs', import.meta.url));

/** `node` flags that make a child run TypeScript sources of this workspace. */
export const TS_CHILD_EXEC_ARGV: readonly string[] = [
  '--conditions=@sdk/source',
  '--import',
  register,
];

export interface TsChild {
  child: ChildProcess;
  /** Everything the child printed on stdout; rejects with its stderr if it exits non-zero. */
  output: Promise<string>;
}

export function spawnTsChild(script: string, args: readonly string[] = []): TsChild {
  const child = spawn(process.execPath, [...TS_CHILD_EXEC_ARGV, script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    err += d;
  });
  const output = new Promise<string>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve(out) : reject(new Error(`child exited ${code ?? signal}: ${err}`)),
    );
  });
  return { child, output };
}

import { describe, expect, it } from 'vitest';
import type { CliIo } from '../src/io.js';
import { SDK_PACKAGES } from '../src/packages.js';
import { runCli } from '../src/program.js';

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(text: string) {
      io.stdout += text.endsWith('\n') ? text : `${text}\n`;
    },
    err(text: string) {
      io.stderr += text.endsWith('\n') ? text : `${text}\n`;
    },
  };
  return io;
}

describe('sdk command', () => {
  it('prints help listing the demo command', async () => {
    const io = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.stdout).toMatch(/Usage: sdk/);
    expect(io.stdout).toMatch(/demo\s+run the demo pipeline/);
  });

  it('prints the version of the fixed release group', async () => {
    const io = capture();
    expect(await runCli(['--version'], io)).toBe(0);
    expect(io.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('demo lists every package with its version', async () => {
    const io = capture();
    expect(await runCli(['demo'], io)).toBe(0);
    for (const name of SDK_PACKAGES) {
      expect(io.stdout).toMatch(new RegExp(`@sdk/${name}\\s+\\d+\\.\\d+\\.\\d+`));
    }
  });

  it('rejects an unknown command with a non-zero exit code', async () => {
    const io = capture();
    expect(await runCli(['no-such-command'], io)).not.toBe(0);
    expect(io.stderr).toMatch(/unknown command/);
  });
});

describe('subcommand help', () => {
  it('returns exit code 0 for a subcommand --help instead of exiting the process', async () => {
    const io = capture();
    expect(await runCli(['glif', '--help'], io)).toBe(0);
    expect(io.stdout).toMatch(/Usage: sdk glif/);
  });
});

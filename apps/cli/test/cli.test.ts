import { describe, expect, it } from 'vitest';
import { SDK_PACKAGES } from '../src/packages.js';
import { runCli } from '../src/program.js';
import { capture } from './support/capture.js';

describe('sdk command', () => {
  it('prints help listing the demo command', async () => {
    const io = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.stdout).toMatch(/Usage: sdk/);
    expect(io.stdout).toMatch(/demo \[options\]\s+run the demo pipeline/);
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

  it('demo simulates the bundled GLIF neuron: more current, more spikes, a positive f-I slope', async () => {
    const io = capture();
    expect(await runCli(['demo'], io)).toBe(0);
    const counts = [...io.stdout.matchAll(/spike_count=(\d+)/g)].map((m) => Number(m[1]));
    expect(counts).toHaveLength(4);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThan(counts[i - 1] ?? 0);
    const slope = Number(io.stdout.match(/f-I slope ([\d.]+) Hz\/pA/)?.[1]);
    expect(slope).toBeGreaterThan(0);
  });

  it('demo writes the sweeps to NWB and reads the spike times back', async () => {
    const io = capture();
    // CI checks what lands in SDK_INTEROP_OUT with pynwb and nwbinspector.
    const out = process.env.SDK_INTEROP_OUT;
    expect(await runCli(out ? ['demo', '--out', out] : ['demo'], io)).toBe(0);
    expect(io.stdout).toMatch(/NWB: wrote .*sdk-demo-glif\.nwb, nwb_version 2\.7\.0/);
    const counts = [...io.stdout.matchAll(/spike_count=(\d+)/g)].map((m) => Number(m[1]));
    const readBack = Number(io.stdout.match(/unit 3: (\d+) spike times/)?.[1]);
    expect(readBack).toBe(counts[3]);
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

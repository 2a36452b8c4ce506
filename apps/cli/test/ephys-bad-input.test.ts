// `sdk ephys features` on bad input (issue #7): a trace with non-monotonic time and a sweep number
// the NWB file lacks each fail with an SdkError naming the value, exit code 1.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/program.js';
import { capture } from './support/capture.js';

const NWB1 = new URL('../../../packages/ephys/test/fixtures/sweeps/cell_nwb1.nwb', import.meta.url)
  .pathname;
const dir = mkdtempSync(join(tmpdir(), 'sdk-ephys-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sdk ephys features: bad input', () => {
  it('a trace whose time goes back names the file and the sample', async () => {
    const rows = Array.from({ length: 50 }, (_, k) => `${k === 30 ? 0.0001 : k * 2e-5} -70`);
    const file = join(dir, 'backwards.txt');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const io = capture();
    expect(await runCli(['ephys', 'features', '--trace', file, '--json'], io)).toBe(1);
    expect(io.stdout).toBe('');
    expect(io.stderr).toContain('not strictly increasing: t[30] = 0.0001 after t[29] = 0.00058');
    expect(io.stderr).toContain(file);
  });

  it('a sweep number the file lacks is named', async () => {
    const io = capture();
    expect(await runCli(['ephys', 'features', NWB1, '--sweep', '999', '--json'], io)).toBe(1);
    expect(io.stderr).toMatch(/no sweep 999/);
  });

  it('cell-features on a missing file is an error naming it', async () => {
    const io = capture();
    const missing = join(dir, 'nope.nwb');
    expect(await runCli(['ephys', 'cell-features', missing, '--json'], io)).toBe(1);
    expect(io.stderr).toContain(missing);
  });
});

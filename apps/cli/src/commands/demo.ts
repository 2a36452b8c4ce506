import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { listPackages } from '../packages.js';

/** Runs the demo pipeline on bundled sample data; each landed capability adds its step. */
export async function runDemo(io: CliIo): Promise<void> {
  const packages = await listPackages();
  const width = Math.max(...packages.map((p) => p.name.length));
  io.out('neurosdk demo\n');
  io.out('Packages:');
  for (const p of packages) {
    const status = p.exportCount === 0 ? 'not started' : `${p.exportCount} exports`;
    io.out(`  ${p.name.padEnd(width)}  ${p.version}  ${status.padEnd(12)}  ${p.description}`);
  }
}

export function registerDemo(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('run the demo pipeline on the bundled sample data')
    .action(async () => {
      await runDemo(io);
    });
}

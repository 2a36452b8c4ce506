import { Command, CommanderError } from 'commander';
import { registerBiophys } from './commands/biophys.js';
import { registerDemo } from './commands/demo.js';
import { registerEphys } from './commands/ephys.js';
import { registerGlif } from './commands/glif.js';
import { registerH5 } from './commands/h5.js';
import { registerInspect } from './commands/inspect.js';
import { registerNwb } from './commands/nwb.js';
import { type CliIo, processIo } from './io.js';
import { sdkVersion } from './packages.js';

/** Builds the `sdk` program; tests drive it in-process with their own io. */
export function createProgram(io: CliIo = processIo): Command {
  const program = new Command('sdk')
    .description(
      'neurosdk: neurophysiology data (NWB, Allen Brain Atlas, Cell Types, Brain Observatory) in TypeScript',
    )
    .version(sdkVersion(), '-V, --version', 'print the SDK version')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError()
    // Before the commands are registered: commander copies it to each subcommand on creation,
    // so `sdk glif --help` returns an exit code instead of calling process.exit.
    .exitOverride();
  registerDemo(program, io);
  registerGlif(program, io);
  registerInspect(program, io);
  registerH5(program, io);
  registerEphys(program, io);
  registerNwb(program, io);
  registerBiophys(program, io);
  return program;
}

/** Runs the program on argv (without node and script) and returns the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    io.err(`sdk: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

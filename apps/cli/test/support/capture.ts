import type { CliIo } from '../../src/io.js';

/** A CliIo that keeps what a command printed, line-terminated as the process streams are. */
export function capture(): CliIo & { stdout: string; stderr: string } {
  const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
  const io = {
    stdout: '',
    stderr: '',
    out(text: string) {
      io.stdout += line(text);
    },
    err(text: string) {
      io.stderr += line(text);
    },
  };
  return io;
}

import { SdkError } from '@sdk/core';
import { type NwbInfo, nwb1Info, nwbInfo, openNwb, openNwb1 } from '@sdk/nwb';
import type { Command } from 'commander';
import type { CliIo } from '../io.js';

/** The info of an NWB 2 file, or of an NWB 1 file through the legacy reader. */
export async function readNwbInfo(file: string): Promise<NwbInfo> {
  try {
    using nwb = await openNwb(file);
    return nwbInfo(nwb);
  } catch (error) {
    if (
      error instanceof SdkError &&
      error.code === 'E_FORMAT' &&
      /use openNwb1/.test(error.message)
    ) {
      using nwb1 = await openNwb1(file);
      return nwb1Info(nwb1);
    }
    throw error;
  }
}

export async function runNwbInfo(
  file: string,
  options: { json?: boolean },
  io: CliIo,
): Promise<void> {
  const info = await readNwbInfo(file);
  if (options.json) {
    io.out(JSON.stringify(info, null, 2));
    return;
  }
  io.out(`file                 ${info.file}`);
  io.out(`nwb_version          ${info.nwb_version}`);
  io.out(`identifier           ${info.identifier ?? ''}`);
  io.out(`session_description  ${info.session_description ?? ''}`);
  io.out(`session_start_time   ${info.session_start_time ?? ''}`);
  if (info.namespaces) {
    io.out(
      `namespaces           ${Object.entries(info.namespaces)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  }
  io.out(`objects (${info.objects.length}):`);
  const width = Math.max(4, ...info.objects.map((o) => o.path.length));
  const twidth = Math.max(4, ...info.objects.map((o) => o.neurodata_type.length));
  for (const o of info.objects) {
    io.out(
      `  ${o.path.padEnd(width)}  ${o.neurodata_type.padEnd(twidth)}  ${o.shape ? `[${o.shape.join(', ')}]` : ''}`.trimEnd(),
    );
  }
}

export function registerNwb(program: Command, io: CliIo): void {
  const nwb = program.command('nwb').description('NWB files (2.x, and 1.x read-only)');
  nwb
    .command('info')
    .description(
      'print nwb_version, identifier, session metadata and every neurodata object (path, type, shape)',
    )
    .argument('<file>', 'NWB file')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      await runNwbInfo(file, options, io);
    });
}

import { type H5File, type H5Group, openH5, SdkError } from '@sdk/core';
import type { Command } from 'commander';
import type { CliIo } from '../io.js';

/** One object of an HDF5/NWB file as `sdk inspect` reports it. */
export interface InspectEntry {
  path: string;
  kind: 'group' | 'dataset' | 'soft link' | 'external link';
  shape?: number[] | null;
  dtype?: string;
  neurodata_type?: string;
  /** Soft links: the target path; external links: `file:path`. */
  target?: string;
}

function neurodataType(file: H5File, path: string): string | undefined {
  const attrs = file.get(path).attrs;
  if (!attrs.has('neurodata_type')) return undefined;
  const value = attrs.get('neurodata_type');
  return typeof value === 'string' ? value : undefined;
}

/** Every object of the file, depth-first in key order, starting with the root group. */
export function inspectH5(file: H5File): InspectEntry[] {
  const entries: InspectEntry[] = [];
  const root: InspectEntry = { path: '/', kind: 'group' };
  const rootType = neurodataType(file, '/');
  if (rootType) root.neurodata_type = rootType;
  entries.push(root);
  const walk = (group: H5Group) => {
    for (const key of group.keys()) {
      const path = `${group.path === '/' ? '' : group.path}/${key}`;
      const link = file.link(path);
      if (link.kind === 'soft') {
        entries.push({ path, kind: 'soft link', target: link.target ?? '' });
        continue;
      }
      if (link.kind === 'external') {
        entries.push({ path, kind: 'external link', target: `${link.file}:${link.target}` });
        continue;
      }
      const obj = file.get(path);
      const entry: InspectEntry = { path, kind: obj.kind };
      if (obj.kind === 'dataset') {
        entry.shape = obj.shape;
        entry.dtype = obj.dtypeName;
      }
      const type = neurodataType(file, path);
      if (type) entry.neurodata_type = type;
      entries.push(entry);
      if (obj.kind === 'group') walk(obj);
    }
  };
  walk(file);
  return entries;
}

function formatEntries(entries: InspectEntry[]): string[] {
  const rows = entries.map((e) => [
    e.path,
    e.kind,
    e.shape === undefined ? '' : e.shape === null ? 'null' : `[${e.shape.join(', ')}]`,
    e.dtype ?? (e.target ? `-> ${e.target}` : ''),
    e.neurodata_type ?? '',
  ]);
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => (r[c] as string).length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (c < 4 ? cell.padEnd(widths[c] as number) : cell))
      .join('  ')
      .trimEnd(),
  );
}

export async function runInspect(
  file: string,
  options: { json?: boolean },
  io: CliIo,
): Promise<void> {
  if (!file) throw new SdkError('E_VALIDATION', 'inspect needs a file');
  using h5 = await openH5(file);
  const entries = inspectH5(h5);
  if (options.json) {
    io.out(JSON.stringify(entries, null, 2));
    return;
  }
  io.out(`${file}: ${entries.length} objects`);
  for (const line of formatEntries(entries)) io.out(line);
}

export function registerInspect(program: Command, io: CliIo): void {
  program
    .command('inspect')
    .description('print the tree of an HDF5/NWB file: path, kind, shape, dtype, neurodata_type')
    .argument('<file>', 'HDF5 or NWB file')
    .option('--json', 'print JSON instead of a table')
    .action(async (file: string, options: { json?: boolean }) => {
      await runInspect(file, options, io);
    });
}

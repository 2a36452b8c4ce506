import {
  type AxisSlice,
  type H5File,
  H5Reference,
  type H5Value,
  type NdArray,
  openH5,
  SdkError,
  toNested,
} from '@sdk/core';
import type { Command } from 'commander';
import type { CliIo } from '../io.js';

/**
 * Parses numpy-style slice text: `0:10,:`, `5`, `::2,-1`, `1:`. Each comma-separated part is an
 * index or `start:stop[:step]` with empty parts meaning "default".
 */
export function parseSliceText(text: string): AxisSlice[] {
  const int = (s: string, what: string): number | null => {
    const t = s.trim();
    if (t === '') return null;
    if (!/^[-+]?\d+$/.test(t)) {
      throw new SdkError(
        'E_VALIDATION',
        `--slice: ${what} '${t}' is not an integer (in '${text}')`,
      );
    }
    return Number.parseInt(t, 10);
  };
  return text.split(',').map((part) => {
    const pieces = part.split(':');
    if (pieces.length === 1) {
      const index = int(pieces[0] as string, 'index');
      if (index === null) throw new SdkError('E_VALIDATION', `--slice: empty axis in '${text}'`);
      return index;
    }
    if (pieces.length > 3) throw new SdkError('E_VALIDATION', `--slice: too many ':' in '${part}'`);
    return [
      int(pieces[0] as string, 'start'),
      int(pieces[1] as string, 'stop'),
      int(pieces[2] ?? '', 'step'),
    ] as const;
  });
}

function jsonSafe(file: H5File, v: unknown): unknown {
  if (typeof v === 'bigint') {
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(v)
      : v.toString();
  }
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (v instanceof H5Reference) return file.refName(v);
  if (ArrayBuffer.isView(v))
    return Array.from(v as unknown as ArrayLike<unknown>, (x) => jsonSafe(file, x));
  if (Array.isArray(v)) return v.map((x) => jsonSafe(file, x));
  return v;
}

/** A JSON-friendly form of a read: nested arrays, records for tables, refs as target paths. */
export function valueToJson(file: H5File, value: H5Value): { shape: number[]; data: unknown } {
  if (value === null) return { shape: [], data: null };
  if (typeof value === 'object' && 'schema' in value) {
    const records = value.toArray().map((row) => {
      const obj = row.toJSON() as Record<string, unknown>;
      return Object.fromEntries(
        Object.entries(obj).map(([k, v]) => [
          k,
          jsonSafe(
            file,
            v && typeof v === 'object' && 'toArray' in v
              ? (v as { toArray(): unknown }).toArray()
              : v,
          ),
        ]),
      );
    });
    return { shape: [value.numRows], data: records };
  }
  if (typeof value === 'object' && 'shape' in value && 'strides' in value) {
    const nd = value as NdArray<never[]>;
    return { shape: nd.shape, data: jsonSafe(file, toNested(nd)) };
  }
  return { shape: [], data: jsonSafe(file, value) };
}

export async function runH5Read(
  file: string,
  dataset: string,
  options: { slice?: string; json?: boolean },
  io: CliIo,
): Promise<void> {
  using h5 = await openH5(file);
  const ds = h5.dataset(dataset);
  const slice = options.slice ? parseSliceText(options.slice) : undefined;
  const { shape, data } = valueToJson(h5, ds.read(slice ? { slice } : {}));
  if (options.json) {
    io.out(JSON.stringify({ file, path: ds.path, dtype: ds.dtypeName, shape, data }, null, 2));
    return;
  }
  io.out(`${ds.path}  ${ds.dtypeName}  [${shape.join(', ')}]`);
  io.out(JSON.stringify(data));
}

export function registerH5(program: Command, io: CliIo): void {
  const h5 = program.command('h5').description('low-level HDF5 access');
  h5.command('read')
    .description('print a dataset or a hyperslab of it')
    .argument('<file>', 'HDF5 or NWB file')
    .argument('<dataset>', 'HDF5 path of the dataset')
    .option('--slice <spec>', 'numpy-style slice, e.g. 0:10,: or ::2,3')
    .option('--json', 'print JSON (path, dtype, shape, data)')
    .action(async (file: string, dataset: string, options: { slice?: string; json?: boolean }) => {
      await runH5Read(file, dataset, options, io);
    });
}

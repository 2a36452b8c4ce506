// writeNwb: builds the node tree of a file, embeds the cached specification and writes it to a
// temporary file that is renamed into place only when everything succeeded.
import { type H5File, openH5, SdkError } from '@sdk/core';
import { CACHED_SPEC } from '../spec/cached-spec.generated.js';
import { BuildContext, isContainer } from './container.js';
import type { ExtensionNamespace } from './extension.js';
import type { NwbFileBuilder } from './file.js';
import { type IdGenerator, randomIdGenerator } from './ids.js';
import { dataset, type GroupNode, group, type Node, ref, type Target } from './node.js';
import { serialize } from './serialize.js';

export interface WriteNwbOptions {
  /** Only '2.7.0' (core 2.7.0 + hdmf-common 1.8.0 + hdmf-experimental 0.5.0) is supported. */
  schemaVersion?: '2.7.0';
  /** 'gzip' (default) compresses datasets >= 1 MiB; 'none' never compresses by default. */
  compression?: 'gzip' | 'none';
  compressionLevel?: number;
  /** Replace an existing file (default false). */
  overwrite?: boolean;
  /** object_id source (default crypto.randomUUID); `seededIdGenerator` for reproducible files. */
  idGenerator?: IdGenerator;
  /** Placeholder descriptions ('no description', 'none', 'placeholder') become errors. */
  strict?: boolean;
  onProgress?: (p: { path: string; rows?: number }) => void;
  signal?: AbortSignal;
}

export interface WriteNwbResult {
  path?: string;
  /** Best-practice findings that did not stop the write (empty tables, ...). */
  warnings: string[];
}

function specificationsNode(file: NwbFileBuilder): GroupNode {
  const all: [string, { version: string; sources: Readonly<Record<string, string>> }][] = [
    ...Object.entries(CACHED_SPEC),
    ...file.extensions().map((e) => [e.name, e] as [string, ExtensionNamespace]),
  ];
  const namespaces = all.map(([ns, entry]) =>
    group(ns, [
      group(
        entry.version,
        Object.entries(entry.sources).map(([name, text]) =>
          dataset(name, { kind: 'scalar', value: text }),
        ),
      ),
    ]),
  );
  return group('specifications', namespaces);
}

function buildTree(
  file: NwbFileBuilder,
  opts: WriteNwbOptions,
): { root: GroupNode; ctx: BuildContext } {
  if (opts.schemaVersion !== undefined && opts.schemaVersion !== '2.7.0') {
    throw new SdkError(
      'E_UNSUPPORTED',
      `schemaVersion ${String(opts.schemaVersion)} is not supported; the writer targets 2.7.0`,
    );
  }
  const ctx = new BuildContext(opts.strict ?? false);
  const root = file.buildRoot(ctx);
  const spec = specificationsNode(file);
  root.children.push(spec);
  root.attrs.set('.specloc', ref(spec));
  const visit = (n: Node): void => {
    if (n.kind === 'dataset') n.postBuild?.();
    if (n.kind === 'group') n.children.forEach(visit);
  };
  visit(root);
  return { root, ctx };
}

async function writeInto(
  h5: H5File,
  file: NwbFileBuilder,
  opts: WriteNwbOptions,
): Promise<string[]> {
  const { root, ctx } = buildTree(file, opts);
  const level = opts.compressionLevel ?? 4;
  if (!Number.isInteger(level) || level < 0 || level > 9)
    throw new SdkError('E_VALIDATION', `compressionLevel must be 0-9, got ${level}`);
  await serialize(h5, root, {
    ids: opts.idGenerator ?? randomIdGenerator,
    gzipLevel: opts.compression === 'none' ? null : level,
    nodeOf: (t: Target) => (isContainer(t) ? ctx.nodeOf.get(t) : (t as Node)),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  for (const check of ctx.postChecks) check();
  return ctx.warnings;
}

interface NodeFs {
  existsSync(p: string): boolean;
  renameSync(a: string, b: string): void;
  rmSync(p: string, o: { force: boolean }): void;
}

/**
 * Writes `file` to `path` (Node.js). The file is written to `<path>.tmp` and renamed when
 * complete, so a failure never leaves a partial file at `path`.
 */
export async function writeNwb(
  file: NwbFileBuilder,
  path: string,
  opts: WriteNwbOptions = {},
): Promise<WriteNwbResult> {
  const fs = (await import(/* @vite-ignore */ ['node', 'fs'].join(':'))) as NodeFs;
  if (fs.existsSync(path) && !opts.overwrite) {
    throw new SdkError('E_IO', 'file exists; pass overwrite: true to replace it', { file: path });
  }
  const tmp = `${path}.tmp`;
  fs.rmSync(tmp, { force: true });
  let h5: H5File | undefined;
  try {
    h5 = await openH5(tmp, { mode: 'w' });
    const warnings = await writeInto(h5, file, opts);
    h5.close();
    h5 = undefined;
    fs.renameSync(tmp, path);
    return { path, warnings };
  } catch (error) {
    try {
      h5?.close();
    } catch {
      // the write already failed; report that error
    }
    fs.rmSync(tmp, { force: true });
    if (error instanceof SdkError) {
      throw error.file
        ? error
        : new SdkError(error.code, error.message, { file: path, cause: error });
    }
    throw new SdkError('E_IO', `writing the NWB file failed: ${(error as Error).message}`, {
      file: path,
      cause: error,
    });
  }
}

/** Writes `file` into memory and returns its bytes (works in browsers). */
export async function writeNwbBytes(
  file: NwbFileBuilder,
  opts: Omit<WriteNwbOptions, 'overwrite'> = {},
): Promise<{ bytes: Uint8Array; warnings: string[] }> {
  const h5 = await openH5(null, { mode: 'w', name: `${file.identifier}.nwb` });
  try {
    const warnings = await writeInto(h5, file, opts);
    const bytes = h5.toBytes();
    return { bytes, warnings };
  } finally {
    h5.close();
  }
}

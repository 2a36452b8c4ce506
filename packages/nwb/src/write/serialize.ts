// Writes a laid-out node tree into an HDF5 file through @sdk/core's wrapper: first every group,
// dataset and plain attribute, then everything that points at another object (references,
// TimeSeriesReferenceVectorData rows, soft links), once every target exists.
import {
  type H5CompoundColumn,
  type H5File,
  type H5Reference,
  type NdArray,
  type NumericArray,
  SdkError,
} from '@sdk/core';
import { isContainer } from './container.js';
import {
  type ArrayInput,
  COMPRESS_THRESHOLD_BYTES,
  chooseChunks,
  type DataStream,
  dtypeOfTyped,
  isDataIO,
  isStream,
  itemSizeOf,
  normalize,
  typedOf,
} from './data.js';
import type { IdGenerator } from './ids.js';
import type {
  AttrValue,
  DatasetNode,
  GroupNode,
  LinkNode,
  Node,
  Target,
  TimeSeriesRefRow,
} from './node.js';

export interface SerializeOptions {
  ids: IdGenerator;
  /** gzip level for datasets >= 1 MiB; null = never compress by default. */
  gzipLevel: number | null;
  nodeOf: (c: Target) => Node | undefined;
  onProgress?: (p: { path: string; rows?: number }) => void;
  signal?: AbortSignal;
}

/** Assigns absolute paths; rejects duplicate names within a group. */
export function layout(root: GroupNode): void {
  root.path = '/';
  const visit = (g: GroupNode): void => {
    const seen = new Set<string>();
    for (const c of g.children) {
      if (seen.has(c.name)) {
        throw new SdkError('E_VALIDATION', `two objects named "${c.name}" in ${g.path}`, {
          path: `${g.path}/${c.name}`,
        });
      }
      seen.add(c.name);
      c.path = g.path === '/' ? `/${c.name}` : `${g.path}/${c.name}`;
      if (c.kind === 'group') visit(c);
    }
  };
  visit(root);
}

function describeTarget(t: Target): string {
  if (isContainer(t)) return t.describe();
  return `"${(t as Node).name}"`;
}

export function targetPath(
  t: Target,
  opts: Pick<SerializeOptions, 'nodeOf'>,
  from: string,
): string {
  const node = isContainer(t) ? opts.nodeOf(t) : (t as Node);
  if (!node || node.path === undefined) {
    throw new SdkError(
      'E_VALIDATION',
      `${describeTarget(t)} is referenced or linked but was never added to the file`,
      { path: from },
    );
  }
  return node.path;
}

function walk(root: GroupNode, fn: (n: Node) => void): void {
  const rec = (g: GroupNode): void => {
    for (const c of g.children) {
      fn(c);
      if (c.kind === 'group') rec(c);
    }
  };
  fn(root);
  rec(root);
}

function writeTypeAttrs(h5: H5File, node: GroupNode | DatasetNode, ids: IdGenerator): void {
  if (!node.type) return;
  const obj = h5.get(node.path as string);
  const owner = node.owner;
  let id: string;
  if (owner) {
    owner.object_id ??= ids();
    id = owner.object_id;
  } else {
    id = ids();
  }
  obj.setAttr('namespace', node.type.namespace);
  obj.setAttr('neurodata_type', node.type.neurodata_type);
  obj.setAttr('object_id', id);
}

function writePlainAttrs(h5: H5File, node: GroupNode | DatasetNode): void {
  const obj = h5.get(node.path as string);
  for (const [name, a] of node.attrs) {
    if (a.kind !== 'value') continue;
    obj.setAttr(name, a.value, a.dtype === undefined ? {} : { dtype: a.dtype });
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SdkError('E_IO', 'writing aborted', { cause: signal.reason });
}

function storage(
  shape: number[],
  itemSize: number,
  gzipLevel: number | null,
  io?: {
    chunks?: readonly number[];
    gzip?: boolean | number;
    maxshape?: readonly (number | null)[];
  },
): { chunks?: number[]; gzip?: number; maxshape?: (number | null)[] } {
  const out: { chunks?: number[]; gzip?: number; maxshape?: (number | null)[] } = {};
  const bytes = shape.reduce((a, b) => a * b, 1) * itemSize;
  if (io?.maxshape) out.maxshape = [...io.maxshape];
  if (io?.gzip !== undefined) {
    if (io.gzip !== false) out.gzip = io.gzip === true ? 4 : io.gzip;
  } else if (gzipLevel !== null && bytes >= COMPRESS_THRESHOLD_BYTES) {
    out.gzip = gzipLevel;
  }
  if (io?.chunks) out.chunks = [...io.chunks];
  else if ((out.gzip !== undefined || out.maxshape) && shape.length > 0 && bytes > 0)
    out.chunks = chooseChunks(shape, itemSize);
  return out;
}

async function writeStream(
  h5: H5File,
  node: DatasetNode,
  stream: DataStream,
  opts: SerializeOptions,
): Promise<void> {
  const path = node.path as string;
  const itemSize = itemSizeOf(stream.dtype);
  const inner = [...stream.innerShape];
  const innerSize = inner.reduce((a, b) => a * b, 1);
  const chunks = chooseChunks([0, ...inner], itemSize, stream.chunkRows);
  const gzip =
    stream.gzip === false
      ? undefined
      : stream.gzip === true || stream.gzip === undefined
        ? (opts.gzipLevel ?? undefined)
        : stream.gzip;
  let rows = 0;
  let ds: ReturnType<H5File['createDataset']> | undefined;
  for await (const chunk of stream.chunks as AsyncIterable<NdArray<NumericArray> | NumericArray>) {
    throwIfAborted(opts.signal);
    const n = normalize(chunk as ArrayInput, path, stream.dtype);
    const flat = n.data.data as NumericArray;
    const chunkShape = ArrayBuffer.isView(chunk)
      ? [flat.length / Math.max(1, innerSize), ...inner]
      : n.shape;
    if (!Number.isInteger(chunkShape[0]) || chunkShape.slice(1).some((d, i) => d !== inner[i])) {
      throw new SdkError(
        'E_VALIDATION',
        `streamed chunk of shape [${chunkShape.join(', ')}] does not fit rows of shape [${inner.join(', ')}]`,
        { file: h5.filename, path },
      );
    }
    const data: NdArray<NumericArray> = { data: flat, shape: chunkShape, strides: [] };
    data.strides = chunkShape.map((_, i) => chunkShape.slice(i + 1).reduce((a, b) => a * b, 1));
    if (!ds) {
      ds = h5.createDataset(path, {
        data,
        dtype: stream.dtype,
        chunks,
        maxshape: [null, ...inner],
        ...(gzip !== undefined ? { gzip } : {}),
      });
    } else if ((chunkShape[0] as number) > 0) {
      ds.append(data);
    }
    rows += chunkShape[0] as number;
    opts.onProgress?.({ path, rows });
  }
  if (!ds) {
    h5.createDataset(path, {
      data: typedOf([], stream.dtype),
      shape: [0, ...inner],
      dtype: stream.dtype,
      chunks,
      maxshape: [null, ...inner],
    });
  }
  if (stream.length !== undefined && stream.length !== rows) {
    throw new SdkError(
      'E_VALIDATION',
      `stream announced ${stream.length} rows but produced ${rows}`,
      { file: h5.filename, path },
    );
  }
  node.rowsWritten = rows;
}

async function writeDataset(h5: H5File, node: DatasetNode, opts: SerializeOptions): Promise<void> {
  const path = node.path as string;
  const c = node.content;
  switch (c.kind) {
    case 'scalar': {
      const dtype =
        c.dtype ??
        (typeof c.value === 'string' ? 'str' : typeof c.value === 'bigint' ? 'int64' : 'float64');
      h5.createDataset(path, { data: c.value, dtype });
      return;
    }
    case 'empty': {
      h5.createDataset(path, { data: typedOf([], c.dtype), shape: [...c.shape], dtype: c.dtype });
      node.rowsWritten = c.shape[0] ?? 0;
      return;
    }
    case 'compound': {
      const map = new Map<string, NumericArray>();
      for (const [name, col] of c.columns) {
        const dt = c.dtypes.get(name) ?? 'float64';
        map.set(
          name,
          ArrayBuffer.isView(col) && dtypeOfTyped(col as NumericArray) === dt
            ? (col as NumericArray)
            : typedOf(col, dt),
        );
      }
      const length = [...map.values()][0]?.length ?? 0;
      if (length === 0) {
        throw new SdkError('E_UNSUPPORTED', 'empty compound datasets cannot be written', {
          file: h5.filename,
          path,
        });
      }
      if (c.scalar && length !== 1) {
        throw new SdkError('E_VALIDATION', 'a scalar compound needs exactly one record', {
          file: h5.filename,
          path,
        });
      }
      h5.createDataset(path, c.scalar ? { data: map, shape: [] } : { data: map });
      node.rowsWritten = length;
      return;
    }
    case 'refs':
    case 'tsrefs':
      return; // second pass
    case 'data': {
      const d = c.data;
      if (isStream(d)) {
        await writeStream(h5, node, d, opts);
        return;
      }
      const io = isDataIO(d) ? d : undefined;
      const input = io ? io.data : (d as ArrayInput);
      const numeric = c.dtype === 'str' ? undefined : c.dtype;
      const n = normalize(input, path, numeric);
      if (n.kind === 'string') {
        h5.createDataset(path, { data: n.data as NdArray<string[]>, dtype: 'str' });
      } else {
        const st = storage(n.shape, n.itemSize, opts.gzipLevel, io);
        const size = n.shape.reduce((a, b) => a * b, 1);
        h5.createDataset(path, {
          data: n.data as NdArray<NumericArray>,
          ...(size === 0 ? { shape: n.shape } : {}),
          ...st,
        });
      }
      node.rowsWritten = n.shape[0] ?? 1;
      opts.onProgress?.({ path });
      return;
    }
  }
}

async function writeFirstPass(h5: H5File, root: GroupNode, opts: SerializeOptions): Promise<void> {
  const nodes: Node[] = [];
  walk(root, (n) => nodes.push(n));
  for (const n of nodes) {
    throwIfAborted(opts.signal);
    if (n.kind === 'link') continue;
    if (n.kind === 'group') {
      if (n.path !== '/') h5.createGroup(n.path as string);
    } else {
      await writeDataset(h5, n, opts);
    }
  }
  for (const n of nodes) {
    if (n.kind === 'link') continue;
    if (n.kind === 'dataset' && (n.content.kind === 'refs' || n.content.kind === 'tsrefs'))
      continue;
    writeTypeAttrs(h5, n, opts.ids);
    writePlainAttrs(h5, n);
  }
}

/** TimeSeriesReferenceVectorData: compound (int32 idx_start, int32 count, object reference). */
function writeTimeSeriesRefs(
  h5: H5File,
  path: string,
  rows: readonly TimeSeriesRefRow[],
  refs: H5Reference[],
): void {
  h5.createDataset(path, {
    data: new Map<string, H5CompoundColumn>([
      ['idx_start', Int32Array.from(rows, (r) => r.idx_start)],
      ['count', Int32Array.from(rows, (r) => r.count)],
      ['timeseries', refs],
    ]),
  });
}

function writeSecondPass(h5: H5File, root: GroupNode, opts: SerializeOptions): void {
  const refOf = (t: Target, from: string): H5Reference => h5.get(targetPath(t, opts, from)).ref();
  walk(root, (n) => {
    const path = n.path as string;
    if (n.kind === 'link') {
      writeLink(h5, n, opts);
      return;
    }
    if (n.kind === 'dataset' && n.content.kind === 'refs') {
      const refs = n.content.targets.map((t) => refOf(t, path));
      if (refs.length === 0)
        throw new SdkError('E_UNSUPPORTED', 'empty reference datasets cannot be written', {
          file: h5.filename,
          path,
        });
      h5.createDataset(path, { data: refs, dtype: 'ref' });
      n.rowsWritten = refs.length;
      writeTypeAttrs(h5, n, opts.ids);
      writePlainAttrs(h5, n);
    } else if (n.kind === 'dataset' && n.content.kind === 'tsrefs') {
      const rows = n.content.rows;
      if (rows.length === 0)
        throw new SdkError(
          'E_UNSUPPORTED',
          'empty TimeSeries reference columns cannot be written',
          { file: h5.filename, path },
        );
      writeTimeSeriesRefs(
        h5,
        path,
        rows,
        rows.map((r) => refOf(r.timeseries, path)),
      );
      n.rowsWritten = rows.length;
      writeTypeAttrs(h5, n, opts.ids);
      writePlainAttrs(h5, n);
    }
    for (const [name, a] of n.attrs as Map<string, AttrValue>) {
      if (a.kind === 'ref') h5.get(path).setAttr(name, refOf(a.target, `${path}@${name}`));
    }
  });
}

function writeLink(h5: H5File, n: LinkNode, opts: SerializeOptions): void {
  const path = n.path as string;
  if (n.external) {
    h5.createExternalLink(n.external.file, n.external.path, path);
    return;
  }
  if (!n.target)
    throw new SdkError('E_VALIDATION', 'link without a target', { file: h5.filename, path });
  let target = targetPath(n.target, opts, path);
  if (n.child) target = `${target}/${n.child}`;
  if (!h5.has(target)) {
    throw new SdkError('E_VALIDATION', `link target ${target} was not written`, {
      file: h5.filename,
      path,
    });
  }
  h5.createSoftLink(target, path);
}

/** Writes the tree into an open, empty file. */
export async function serialize(
  h5: H5File,
  root: GroupNode,
  opts: SerializeOptions,
): Promise<void> {
  layout(root);
  await writeFirstPass(h5, root, opts);
  writeSecondPass(h5, root, opts);
}

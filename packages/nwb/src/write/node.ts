// The in-memory layout of a file before it is written: groups, datasets, links and the
// references between them. Typed containers build these nodes; serialize.ts writes them.
import type { H5WriteData, WriteDType } from '@sdk/core';
import type { DataInput, NumericDType } from './data.js';

/** Something a reference or link can point at: a container (its node) or a node itself. */
export type Target = { readonly __target: 'container' } | Node;

/** Object reference to a container or node, resolved to its HDF5 path when written. */
export interface RefValue {
  readonly kind: 'ref';
  readonly target: Target;
}

export type AttrValue =
  | { readonly kind: 'value'; readonly value: H5WriteData; readonly dtype?: WriteDType }
  | RefValue;

export interface TypeInfo {
  neurodata_type: string;
  /** 'core', 'hdmf-common', 'hdmf-experimental' or an extension namespace. */
  namespace: string;
}

interface NodeBase {
  readonly name: string;
  attrs: Map<string, AttrValue>;
  /** Set for objects with a neurodata_type; they get namespace, neurodata_type and object_id. */
  type?: TypeInfo;
  /** The container this node was built from; its object_id is reused and filled in. */
  owner?: { object_id: string | undefined };
  /** Absolute path, assigned when the tree is laid out. */
  path?: string;
}

export interface GroupNode extends NodeBase {
  readonly kind: 'group';
  children: Node[];
}

/** Rows of a TimeSeriesReferenceVectorData column. */
export interface TimeSeriesRefRow {
  idx_start: number;
  count: number;
  timeseries: Target;
}

export type DatasetContent =
  | { readonly kind: 'data'; readonly data: DataInput; readonly dtype?: NumericDType | 'str' }
  | {
      readonly kind: 'scalar';
      readonly value: string | number | bigint;
      readonly dtype?: WriteDType;
    }
  | { readonly kind: 'refs'; readonly targets: readonly Target[] }
  | {
      readonly kind: 'compound';
      readonly columns: Map<string, ArrayLike<number>>;
      readonly dtypes: Map<string, NumericDType>;
      /** A single record written as a scalar (shape []). */
      readonly scalar?: boolean;
    }
  | { readonly kind: 'tsrefs'; readonly rows: readonly TimeSeriesRefRow[] }
  | { readonly kind: 'empty'; readonly shape: readonly number[]; readonly dtype: NumericDType };

export interface DatasetNode extends NodeBase {
  readonly kind: 'dataset';
  content: DatasetContent;
  /** Rows written (set after writing; streams learn their length only then). */
  rowsWritten?: number;
  /** Check run once the whole tree is built (e.g. region indices against the final table). */
  postBuild?: () => void;
}

export interface LinkNode {
  readonly kind: 'link';
  readonly name: string;
  /** A soft link to a container / node in this file. */
  readonly target?: Target;
  /** Or to the dataset `child` of a container (a TimeSeries' data or timestamps). */
  readonly child?: string;
  /** Or an external link. */
  readonly external?: { file: string; path: string };
  path?: string;
}

export type Node = GroupNode | DatasetNode | LinkNode;

export function group(
  name: string,
  children: (Node | undefined)[] = [],
  attrs: Record<string, AttrValue | undefined> = {},
): GroupNode {
  return {
    kind: 'group',
    name,
    children: children.filter((c): c is Node => c !== undefined),
    attrs: attrMap(attrs),
  };
}

export function dataset(
  name: string,
  content: DatasetContent,
  attrs: Record<string, AttrValue | undefined> = {},
): DatasetNode {
  return { kind: 'dataset', name, content, attrs: attrMap(attrs) };
}

export function attrMap(attrs: Record<string, AttrValue | undefined>): Map<string, AttrValue> {
  const m = new Map<string, AttrValue>();
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) m.set(k, v);
  return m;
}

/** An attribute value (numbers default to float64, as pynwb writes float attributes). */
export function attr(value: H5WriteData, dtype?: WriteDType): AttrValue {
  return dtype === undefined ? { kind: 'value', value } : { kind: 'value', value, dtype };
}

/** An optional attribute: undefined stays absent. */
export function optAttr(value: H5WriteData | undefined, dtype?: WriteDType): AttrValue | undefined {
  return value === undefined ? undefined : attr(value, dtype);
}

export function ref(target: Target): RefValue {
  return { kind: 'ref', target };
}

/** Scalar text dataset (pynwb writes text fields as scalar variable-length UTF-8 strings). */
export function textDataset(
  name: string,
  value: string | undefined,
  attrs: Record<string, AttrValue | undefined> = {},
): DatasetNode | undefined {
  return value === undefined ? undefined : dataset(name, { kind: 'scalar', value }, attrs);
}

/** Scalar float64 dataset. */
export function floatDataset(
  name: string,
  value: number | undefined,
  attrs: Record<string, AttrValue | undefined> = {},
): DatasetNode | undefined {
  return value === undefined
    ? undefined
    : dataset(name, { kind: 'scalar', value, dtype: 'float64' }, attrs);
}

export function arrayDataset(
  name: string,
  data: DataInput | undefined,
  attrs: Record<string, AttrValue | undefined> = {},
  dtype?: NumericDType,
): DatasetNode | undefined {
  if (data === undefined) return undefined;
  return dataset(
    name,
    dtype === undefined ? { kind: 'data', data } : { kind: 'data', data, dtype },
    attrs,
  );
}

export function softLink(name: string, target: Target, child?: string): LinkNode {
  return child === undefined
    ? { kind: 'link', name, target }
    : { kind: 'link', name, target, child };
}

import { H5Attributes, H5Reference, type H5Value, type NdArray, SdkError } from '@sdk/core';
import { DatasetHandle, refPath, stripNul, toNumber } from './dataset.js';
import type { NwbFile } from './file.js';

/** One entry of the metadata tree `openNwb` builds: names, kinds, links and type attributes. */
export interface TreeNode {
  path: string;
  name: string;
  kind: 'group' | 'dataset' | 'softlink' | 'extlink';
  /** Soft link: absolute target path. External link: path inside the other file. */
  target?: string;
  /** External link: the other file's name. */
  file?: string;
  neurodata_type?: string;
  namespace?: string;
  object_id?: string;
  children?: Map<string, TreeNode>;
}

/** Attribute values in plain form: strings unpadded, exact integers as numbers, string arrays as string[]. */
export function plainValue(h5file: { filename: string }, v: H5Value, path?: string): unknown {
  if (typeof v === 'string') return stripNul(v);
  if (typeof v === 'bigint')
    return toNumber(v, { file: h5file.filename, ...(path ? { path } : {}) });
  if (v !== null && typeof v === 'object' && 'shape' in v && 'data' in v) {
    const nd = v as NdArray<unknown[]>;
    if (Array.isArray(nd.data) && nd.data.every((x) => typeof x === 'string')) {
      return (nd.data as string[]).map(stripNul);
    }
  }
  return v;
}

const TYPE_ATTRS = new Set(['neurodata_type', 'namespace', 'object_id', 'help', '.specloc']);

/**
 * Any NWB group or dataset. Typed objects (with `neurodata_type`) are wrapped by the class
 * registered for the most specific type of their chain, unknown ones stay `NwbObject`
 * (a GenericContainer in spec terms), so reading never fails on an extension type.
 */
export class NwbObject {
  constructor(
    readonly nwb: NwbFile,
    readonly node: TreeNode,
    /** Set when this object was reached through a soft link: the link's own path. */
    readonly linkPath?: string,
  ) {}

  get path(): string {
    return this.node.path;
  }

  get name(): string {
    return this.node.name;
  }

  /** The resolved target path when reached through a link (spec: `linkTarget`). */
  get linkTarget(): string | undefined {
    return this.linkPath === undefined ? undefined : this.node.path;
  }

  get kind(): 'group' | 'dataset' {
    return this.node.kind === 'dataset' ? 'dataset' : 'group';
  }

  get neurodata_type(): string | undefined {
    return this.node.neurodata_type;
  }

  get namespace(): string | undefined {
    return this.node.namespace;
  }

  get object_id(): string | undefined {
    return this.node.object_id;
  }

  /** The type and its ancestors from the cached spec, most specific first; [] for untyped objects. */
  get typeChain(): string[] {
    return this.node.neurodata_type ? this.nwb.spec.chain(this.node.neurodata_type) : [];
  }

  isA(type: string): boolean {
    return this.typeChain.includes(type);
  }

  private h5attrs: H5Attributes | undefined;

  /** The HDF5 attributes, listed once per wrapper (the tree says the object exists). */
  private get h5Attributes(): H5Attributes {
    this.h5attrs ??= new H5Attributes(this.nwb.h5, this.path);
    return this.h5attrs;
  }

  /** Names of the attributes (type bookkeeping attributes excluded). */
  attrNames(): string[] {
    return this.h5Attributes.keys().filter((k) => !TYPE_ATTRS.has(k));
  }

  hasAttr(name: string): boolean {
    return this.h5Attributes.has(name);
  }

  /** One attribute in plain form, or undefined when absent. References stay H5Reference. */
  attr(name: string): unknown {
    const attrs = this.h5Attributes;
    if (!attrs.has(name)) return undefined;
    return plainValue(this.nwb.h5, attrs.get(name), this.path);
  }

  /** Every attribute in plain form (type bookkeeping attributes excluded). */
  attrs(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of this.attrNames()) out[k] = this.attr(k);
    return out;
  }

  /** Child names of a group, in HDF5 order (by name). */
  childNames(): string[] {
    return [...(this.node.children?.keys() ?? [])];
  }

  hasChild(name: string): boolean {
    return this.node.children?.has(name) ?? false;
  }

  /** The child's tree entry with soft links followed (undefined when absent or dangling). */
  protected childNode(name: string): { node: TreeNode; linkPath?: string } | undefined {
    const c = this.node.children?.get(name);
    if (!c) return undefined;
    if (c.kind === 'softlink' && c.target) {
      const target = this.nwb.node(c.target);
      return target ? { node: target, linkPath: c.path } : undefined;
    }
    return { node: c };
  }

  /** A child group as an object (typed or generic); soft links are followed. */
  child(name: string): NwbObject | undefined {
    const c = this.childNode(name);
    if (!c) return undefined;
    if (c.node.kind === 'dataset' && !c.node.neurodata_type) return undefined;
    return this.nwb.wrap(c.node, c.linkPath);
  }

  /** A child dataset's lazy handle (typed datasets too); soft links are followed. */
  dataset(name: string): DatasetHandle | undefined {
    const c = this.childNode(name);
    if (c?.node.kind !== 'dataset') return undefined;
    return new DatasetHandle(this.nwb.h5, c.node.path);
  }

  /** Typed children (groups and datasets with a neurodata_type), by name. */
  typedChildren(): Map<string, NwbObject> {
    const out = new Map<string, NwbObject>();
    for (const name of this.childNames()) {
      const c = this.childNode(name);
      if (c?.node.neurodata_type) out.set(name, this.nwb.wrap(c.node, c.linkPath));
    }
    return out;
  }

  /** Soft-link targets of children (`{name: target path}`), e.g. `device`, `imaging_plane`. */
  links(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, c] of this.node.children ?? [])
      if (c.kind === 'softlink' && c.target) out[name] = c.target;
    return out;
  }

  /**
   * A field by its schema name: an attribute's value, a scalar dataset's value, a lazy handle for
   * other untyped datasets, the wrapped object for groups, typed datasets and links.
   */
  field(name: string): unknown {
    if (this.hasChild(name)) {
      const c = this.childNode(name);
      if (!c) {
        throw new SdkError('E_NOT_FOUND', `link ${name} cannot be resolved`, {
          file: this.nwb.filename,
          path: `${this.path}/${name}`,
        });
      }
      if (c.node.kind === 'dataset' && !c.node.neurodata_type) {
        const h = new DatasetHandle(this.nwb.h5, c.node.path);
        if (h.ndim === 0)
          return h.isReference ? this.nwb.objectAt(refPath(this.nwb.h5, h.read())) : h.readScalar();
        return h;
      }
      return this.nwb.wrap(c.node, c.linkPath);
    }
    const v = this.attr(name);
    if (v instanceof H5Reference) return this.nwb.objectAt(refPath(this.nwb.h5, v));
    return v;
  }

  /** Names `field` answers to: attributes and children. */
  fieldNames(): string[] {
    return [...new Set([...this.attrNames(), ...this.childNames()])];
  }

  /** A string field (attribute or scalar/1-element dataset), or undefined. */
  protected text(name: string): string | undefined {
    const v = this.field(name);
    if (v === undefined || v === null) return undefined;
    if (v instanceof DatasetHandle) return v.readStrings().join('');
    if (Array.isArray(v)) return v.join('');
    return String(v);
  }

  protected num(name: string): number | undefined {
    const v = this.field(name);
    if (v === undefined || v === null) return undefined;
    if (v instanceof DatasetHandle) return toNumber(v.readNumeric().data[0]);
    return toNumber(v);
  }

  /** A 1-D text field as string[] (a scalar becomes one element, as old files store them). */
  protected textList(name: string): string[] | undefined {
    const v = this.field(name);
    if (v === undefined || v === null) return undefined;
    if (v instanceof DatasetHandle) return v.readStrings();
    if (Array.isArray(v)) return v.map(String);
    return [String(v)];
  }

  toString(): string {
    return `${this.neurodata_type ?? 'Group'} ${this.path}`;
  }
}

/** An NWB dataset of a neurodata type (VectorData, ElementIdentifiers, images, …). */
export class NwbData extends NwbObject {
  /** The lazy handle on the values. */
  get handle(): DatasetHandle {
    return new DatasetHandle(this.nwb.h5, this.path);
  }

  get shape(): number[] {
    return this.handle.shape;
  }

  get dtype(): string {
    return this.handle.dtype;
  }

  get description(): string | undefined {
    return this.text('description');
  }

  read(...args: Parameters<DatasetHandle['read']>): H5Value {
    return this.handle.read(...args);
  }
}

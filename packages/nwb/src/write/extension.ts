// Extension namespaces (ndx-*, Allen, lab-specific) and objects of their types. A namespace is
// registered from its spec (the namespace + schema documents pynwb's NWBNamespaceBuilder exports
// as YAML, given as the equivalent JSON objects); it is cached under /specifications/<ns>/<version>
// like core, and every ExtensionContainer is checked against the catalog of core + extensions.
import { SdkError } from '@sdk/core';
import { CACHED_SPEC } from '../spec/cached-spec.generated.js';
import { type FieldSpec, SpecCatalog, type SpecNode } from '../spec/catalog.js';
import { type BuildContext, isContainer, NwbContainer } from './container.js';
import {
  type ArrayInput,
  type DataInput,
  isDataIO,
  isStream,
  type NumericDType,
  shapeOf,
} from './data.js';
import {
  type AttrValue,
  attr,
  type DatasetNode,
  dataset,
  type GroupNode,
  group,
  type Node,
  ref,
  softLink,
} from './node.js';
import { formatIsoDatetime } from './time.js';

const BUILTIN_NAMESPACES = new Set(Object.keys(CACHED_SPEC));

/** One namespace entry of a namespace document (`namespaces: [...]` in ndx-*.namespace.yaml). */
export interface NamespaceEntry {
  name: string;
  version: string;
  doc?: string;
  /** `{namespace: 'core', neurodata_types?: [...]}` includes and `{source: 'x.extensions.yaml'}` files. */
  schema: readonly { namespace?: string; source?: string; neurodata_types?: readonly string[] }[];
  [key: string]: unknown;
}

/** A schema file: its group and dataset type definitions. */
export interface SchemaDocument {
  groups?: readonly SpecNode[];
  datasets?: readonly SpecNode[];
  [key: string]: unknown;
}

export interface ExtensionNamespaceOptions {
  /** The namespace document (`{namespaces: [entry]}`) or its single entry. */
  namespace: { namespaces: readonly NamespaceEntry[] } | NamespaceEntry;
  /** Schema documents by the source name the namespace lists (`ndx-x.extensions.yaml`). */
  schemas: Readonly<Record<string, SchemaDocument>>;
}

function stripExt(source: string): string {
  return source.replace(/\.(ya?ml|json)$/, '');
}

/** A registered extension namespace: its cached texts and the types it defines. */
export class ExtensionNamespace {
  readonly name: string;
  readonly version: string;
  /** Included namespaces (core, hdmf-common, other extensions). */
  readonly includes: readonly string[];
  /** Dataset name under /specifications/<name>/<version>/ -> JSON text (as pynwb caches it). */
  readonly sources: Readonly<Record<string, string>>;
  /** Types this namespace defines. */
  readonly types: readonly string[];

  constructor(opts: ExtensionNamespaceOptions) {
    const doc = opts.namespace as { namespaces?: readonly NamespaceEntry[] };
    const entries = Array.isArray(doc.namespaces)
      ? doc.namespaces
      : [opts.namespace as NamespaceEntry];
    if (entries.length !== 1) {
      throw new SdkError(
        'E_VALIDATION',
        `extension namespace document must hold exactly one namespace, found ${entries.length}`,
      );
    }
    const entry = entries[0] as NamespaceEntry;
    const where = `extension namespace '${String(entry.name)}'`;
    if (typeof entry.name !== 'string' || entry.name.length === 0)
      throw new SdkError('E_VALIDATION', 'extension namespace: "name" is required');
    if (typeof entry.version !== 'string' || entry.version.length === 0)
      throw new SdkError('E_VALIDATION', `${where}: "version" is required`);
    if (entry.name.includes('/') || entry.version.includes('/'))
      throw new SdkError('E_VALIDATION', `${where}: name and version must not contain "/"`);
    if (BUILTIN_NAMESPACES.has(entry.name))
      throw new SdkError('E_VALIDATION', `${where}: the name of a built-in namespace`);
    if (!Array.isArray(entry.schema))
      throw new SdkError('E_VALIDATION', `${where}: "schema" must be a list`);
    this.name = entry.name;
    this.version = entry.version;
    const includes: string[] = [];
    const sources: Record<string, string> = {};
    const types: string[] = [];
    const schemaOut: Record<string, unknown>[] = [];
    const byStripped = new Map(Object.entries(opts.schemas).map(([k, v]) => [stripExt(k), v]));
    for (const s of entry.schema) {
      if (s.namespace !== undefined) {
        includes.push(s.namespace);
        schemaOut.push({ ...s });
      } else if (s.source !== undefined) {
        const src = stripExt(s.source);
        const file = byStripped.get(src);
        if (file === undefined)
          throw new SdkError('E_VALIDATION', `${where}: schema source "${s.source}" not given`);
        if (typeof file !== 'object' || file === null || Array.isArray(file))
          throw new SdkError('E_VALIDATION', `${where}: schema "${s.source}" is not an object`);
        if (src === 'namespace' || src in sources)
          throw new SdkError('E_VALIDATION', `${where}: schema source name "${src}" is not unique`);
        sources[src] = JSON.stringify(file);
        collectTypes(file, types);
        schemaOut.push({ ...s, source: src });
      } else {
        throw new SdkError('E_VALIDATION', `${where}: schema entries need "namespace" or "source"`);
      }
    }
    if (types.length === 0) throw new SdkError('E_VALIDATION', `${where}: defines no types`);
    const dup = types.find((t, i) => types.indexOf(t) !== i);
    if (dup) throw new SdkError('E_VALIDATION', `${where}: type ${dup} is defined twice`);
    // pynwb caches the namespace with sources named without their file extension.
    const cachedEntry = { ...entry, schema: schemaOut };
    this.sources = { namespace: JSON.stringify({ namespaces: [cachedEntry] }), ...sources };
    this.includes = includes;
    this.types = types;
  }
}

function collectTypes(node: SpecNode | SchemaDocument, out: string[]): void {
  const def = (node as SpecNode).neurodata_type_def ?? (node as SpecNode).data_type_def;
  if (def) out.push(def);
  for (const g of node.groups ?? []) collectTypes(g, out);
  for (const d of node.datasets ?? []) collectTypes(d, out);
}

/** Builds an extension namespace from its spec (pynwb's NWBNamespaceBuilder output as JSON). */
export function defineExtension(opts: ExtensionNamespaceOptions): ExtensionNamespace {
  return new ExtensionNamespace(opts);
}

let builtinCached: { namespace: unknown; version: string; files: Record<string, unknown> }[] = [];
function builtinEntries(): typeof builtinCached {
  if (builtinCached.length === 0) {
    builtinCached = Object.values(CACHED_SPEC).map((e) => ({
      namespace: JSON.parse(e.sources.namespace as string) as unknown,
      version: e.version,
      files: Object.fromEntries(
        Object.entries(e.sources)
          .filter(([k]) => k !== 'namespace')
          .map(([k, v]) => [k, JSON.parse(v) as unknown]),
      ),
    }));
  }
  return builtinCached;
}

/**
 * The catalog of the embedded core/hdmf spec plus `extensions`, checked for what pynwb's
 * load_namespaces would reject: unknown includes, unknown parent types, redefined types.
 */
export function catalogWithExtensions(extensions: readonly ExtensionNamespace[]): SpecCatalog {
  const known = new Set(BUILTIN_NAMESPACES);
  const base = SpecCatalog.fromCached(builtinEntries());
  for (const ext of extensions) {
    for (const inc of ext.includes) {
      if (!known.has(inc)) {
        throw new SdkError(
          'E_VALIDATION',
          `extension namespace '${ext.name}' includes '${inc}', which is not registered (register it first)`,
        );
      }
    }
    for (const t of ext.types) {
      if (base.has(t) || extensions.some((o) => o !== ext && o.types.includes(t)))
        throw new SdkError(
          'E_VALIDATION',
          `extension namespace '${ext.name}' redefines the existing type ${t}`,
        );
    }
    known.add(ext.name);
  }
  const catalog = SpecCatalog.fromCached([
    ...builtinEntries(),
    ...extensions.map((e) => ({
      namespace: JSON.parse(e.sources.namespace as string) as unknown,
      version: e.version,
      files: Object.fromEntries(
        Object.entries(e.sources)
          .filter(([k]) => k !== 'namespace')
          .map(([k, v]) => [k, JSON.parse(v) as unknown]),
      ),
    })),
  ]);
  for (const ext of extensions) {
    for (const t of ext.types) {
      const parent = catalog.get(t)?.parent;
      if (parent && !catalog.has(parent))
        throw new SdkError(
          'E_VALIDATION',
          `extension type ${t} (${ext.name}) extends unknown type ${parent}`,
        );
    }
  }
  return catalog;
}

// --- instances -----------------------------------------------------------------------------

/** Attribute values: text, numbers, arrays of them, a Date for isodatetime, a container for references. */
export type ExtensionAttrValue =
  | string
  | number
  | bigint
  | boolean
  | Date
  | readonly string[]
  | readonly number[]
  | readonly bigint[]
  | readonly boolean[]
  | NwbContainer;

/** A dataset value: a scalar, an array, or `{data, attributes}` for a dataset with attributes. */
export type ExtensionDatasetValue = string | number | bigint | Date | DataInput | DatasetWithAttrs;

export interface ExtensionContainerOptions {
  name: string;
  /** The extension type (`neurodata_type_def` in its spec). */
  neurodata_type: string;
  /** The namespace defining the type (registered on the file with `addExtension`). */
  namespace: ExtensionNamespace | string;
  attributes?: Readonly<Record<string, ExtensionAttrValue>>;
  datasets?: Readonly<Record<string, ExtensionDatasetValue>>;
  /** Soft links by name (spec `links`), to objects added elsewhere in the file. */
  links?: Readonly<Record<string, NwbContainer>>;
  /** Typed children (spec groups / datasets with a type), matched by name or by type. */
  children?: readonly NwbContainer[];
  /**
   * An object of a core type the extension type extends (a TimeSeries, DynamicTable,
   * ElectricalSeries, ...): its fields are written as that class writes them and this object's
   * type, attributes, datasets, links and children are added on top. Refer to the extension
   * object, not to `base`.
   */
  base?: NwbContainer;
  /** Values of a dataset type (the extension type is a dataset). */
  data?: DataInput;
}

const DTYPES: Record<string, 'str' | 'int' | 'uint' | 'float' | 'bool' | 'numeric' | 'datetime'> = {
  text: 'str',
  utf: 'str',
  utf8: 'str',
  'utf-8': 'str',
  ascii: 'str',
  bytes: 'str',
  str: 'str',
  isodatetime: 'datetime',
  datetime: 'datetime',
  float: 'float',
  float32: 'float',
  double: 'float',
  float64: 'float',
  long: 'int',
  int64: 'int',
  int: 'int',
  int32: 'int',
  short: 'int',
  int16: 'int',
  int8: 'int',
  ulong: 'uint',
  uint64: 'uint',
  uint: 'uint',
  uint32: 'uint',
  ushort: 'uint',
  uint16: 'uint',
  uint8: 'uint',
  bool: 'bool',
  numeric: 'numeric',
  number: 'numeric',
};

/** Storage type of a spec dtype name (hdmf's mapping: int -> int32, float -> float32, ...). */
const STORAGE: Record<string, NumericDType> = {
  float: 'float32',
  float32: 'float32',
  double: 'float64',
  float64: 'float64',
  long: 'int64',
  int64: 'int64',
  int: 'int32',
  int32: 'int32',
  short: 'int16',
  int16: 'int16',
  int8: 'int8',
  ulong: 'uint64',
  uint64: 'uint64',
  uint: 'uint32',
  uint32: 'uint32',
  ushort: 'uint16',
  uint16: 'uint16',
  uint8: 'uint8',
  bool: 'uint8',
};

function isRefDtype(d: unknown): d is { target_type: string; reftype?: string } {
  return typeof d === 'object' && d !== null && !Array.isArray(d) && 'target_type' in d;
}

function isOptional(s: SpecNode, role: FieldSpec['role']): boolean {
  if (role === 'attribute') return s.required === false;
  const q = s.quantity ?? 1;
  return q === '?' || q === '*' || q === 0 || q === 'zero_or_one' || q === 'zero_or_many';
}

function isMany(s: SpecNode): boolean {
  const q = s.quantity ?? 1;
  return (
    q === '*' ||
    q === '+' ||
    q === 'zero_or_many' ||
    q === 'one_or_many' ||
    (typeof q === 'number' && q > 1)
  );
}

/** Allowed shapes of a spec (`[[null], [null, 3]]` or `[null, 3]`); undefined = scalar only. */
function allowedShapes(shape: unknown): (number | null)[][] | undefined {
  if (shape === undefined || shape === null) return undefined;
  if (!Array.isArray(shape)) return undefined;
  if (shape.length > 0 && Array.isArray(shape[0])) return shape as (number | null)[][];
  return [shape as (number | null)[]];
}

function checkShape(got: readonly number[], spec: SpecNode, where: string): void {
  const shapes = allowedShapes(spec.shape);
  if (shapes === undefined) {
    if (got.length !== 0)
      throw new SdkError(
        'E_VALIDATION',
        `${where}: the spec declares a scalar, got shape [${got}]`,
      );
    return;
  }
  const fits = shapes.some(
    (s) =>
      s.length === got.length && s.every((d, i) => d === null || got[i] === -1 || d === got[i]),
  );
  if (!fits) {
    throw new SdkError(
      'E_VALIDATION',
      `${where}: shape [${got}] does not match the spec's ${JSON.stringify(spec.shape)}`,
    );
  }
}

function flatValues(v: unknown): unknown[] {
  if (Array.isArray(v)) return v.flatMap(flatValues);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<unknown>);
  if (typeof v === 'object' && v !== null && 'data' in v && 'shape' in v)
    return flatValues((v as { data: unknown }).data);
  return [v];
}

function checkDtype(value: unknown, dtype: unknown, where: string): void {
  if (dtype === undefined || isRefDtype(dtype) || Array.isArray(dtype)) return;
  const kind = DTYPES[String(dtype)];
  if (kind === undefined || kind === 'datetime') return;
  if (isStream(value)) {
    const d = value.dtype;
    const ok =
      kind === 'numeric' ||
      (kind === 'float' && d.startsWith('float')) ||
      (kind === 'int' && d.startsWith('int')) ||
      (kind === 'uint' && d.startsWith('uint')) ||
      (kind === 'bool' && d === 'uint8');
    if (!ok)
      throw new SdkError(
        'E_VALIDATION',
        `${where}: dtype ${d} where the spec wants ${String(dtype)}`,
      );
    return;
  }
  const raw = isDataIO(value) ? value.data : value;
  for (const x of flatValues(raw)) {
    const isNum = typeof x === 'number' || typeof x === 'bigint';
    const ok =
      kind === 'str'
        ? typeof x === 'string'
        : kind === 'bool'
          ? typeof x === 'boolean' || x === 0 || x === 1
          : kind === 'numeric' || kind === 'float'
            ? isNum
            : isNum &&
              (typeof x === 'bigint' || Number.isInteger(x)) &&
              (kind === 'int' || (x as number | bigint) >= 0);
    if (!ok) {
      throw new SdkError(
        'E_VALIDATION',
        `${where}: value ${JSON.stringify(typeof x === 'bigint' ? String(x) : x)} is not ${String(dtype)}`,
      );
    }
  }
}

interface DatasetWithAttrs {
  readonly data: string | number | bigint | Date | DataInput;
  readonly attributes?: Readonly<Record<string, ExtensionAttrValue>>;
}

function hasAttrs(v: ExtensionDatasetValue): v is DatasetWithAttrs {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !ArrayBuffer.isView(v) &&
    !(v instanceof Date) &&
    'data' in v &&
    !('shape' in v) &&
    !('kind' in v)
  );
}

/** An object of an extension type, checked against the type's spec when written. */
export class ExtensionContainer extends NwbContainer {
  readonly neurodata_type: string;
  override readonly namespace: string;
  readonly ns: ExtensionNamespace | undefined;
  readonly attributes: Readonly<Record<string, ExtensionAttrValue>>;
  readonly datasets: Readonly<Record<string, ExtensionDatasetValue>>;
  readonly links: Readonly<Record<string, NwbContainer>>;
  readonly children: readonly NwbContainer[];
  readonly base: NwbContainer | undefined;
  readonly data: DataInput | undefined;

  constructor(opts: ExtensionContainerOptions) {
    super(opts.name);
    const where = `${String(opts.neurodata_type)} '${opts.name}'`;
    if (typeof opts.neurodata_type !== 'string' || opts.neurodata_type.length === 0)
      throw new SdkError(
        'E_VALIDATION',
        `ExtensionContainer '${opts.name}': neurodata_type is required`,
      );
    if (opts.namespace === undefined)
      throw new SdkError('E_VALIDATION', `${where}: namespace is required`);
    this.neurodata_type = opts.neurodata_type;
    this.ns = opts.namespace instanceof ExtensionNamespace ? opts.namespace : undefined;
    this.namespace =
      opts.namespace instanceof ExtensionNamespace ? opts.namespace.name : opts.namespace;
    if (this.ns && !this.ns.types.includes(this.neurodata_type))
      throw new SdkError(
        'E_VALIDATION',
        `${where}: namespace '${this.namespace}' defines no type ${this.neurodata_type}`,
      );
    this.attributes = opts.attributes ?? {};
    this.datasets = opts.datasets ?? {};
    this.links = opts.links ?? {};
    this.children = opts.children ?? [];
    this.base = opts.base;
    this.data = opts.data;
    if (this.base !== undefined && this.base.name !== this.name)
      throw new SdkError(
        'E_VALIDATION',
        `${where}: base object is named '${this.base.name}'; give both the same name`,
      );
    for (const n of Object.keys(this.links))
      if (!isContainer(this.links[n]))
        throw new SdkError('E_VALIDATION', `${where}: link ${n} is not an NWB object`);
  }

  buildNode(ctx: BuildContext): GroupNode | DatasetNode {
    const where = this.describe();
    const catalog = ctx.catalog;
    if (!catalog) throw new SdkError('E_VALIDATION', `${where}: no spec catalog (internal)`);
    if (!catalog.namespaces().some((n) => n.name === this.namespace))
      throw new SdkError(
        'E_VALIDATION',
        `${where}: namespace '${this.namespace}' is not registered on the file (nwb.addExtension)`,
      );
    const type = catalog.get(this.neurodata_type);
    if (!type || type.namespace !== this.namespace)
      throw new SdkError(
        'E_VALIDATION',
        `${where}: namespace '${this.namespace}' defines no type ${this.neurodata_type}`,
      );
    const chain = catalog.chain(this.neurodata_type);
    let baseChain: string[] = [];
    let node: GroupNode | DatasetNode;
    if (this.base) {
      if (this.base instanceof ExtensionContainer)
        throw new SdkError('E_VALIDATION', `${where}: base must be an object of a core type`);
      if (!chain.includes(this.base.neurodata_type))
        throw new SdkError(
          'E_VALIDATION',
          `${where}: ${this.neurodata_type} does not extend ${this.base.neurodata_type} (its ancestors: ${chain.slice(1).join(', ')})`,
        );
      baseChain = catalog.chain(this.base.neurodata_type);
      node = this.base.buildNode(ctx);
      // The base object is written as this one: links and references to either resolve here.
      ctx.nodeOf.set(this.base, node);
    } else if (type.kind === 'dataset') {
      if (this.data === undefined)
        throw new SdkError('E_VALIDATION', `${where}: a dataset type needs data`);
      node = dataset(this.name, { kind: 'data', data: this.data });
    } else {
      node = group(this.name);
    }
    if (
      node.kind === 'dataset' &&
      (Object.keys(this.datasets).length > 0 ||
        this.children.length > 0 ||
        Object.keys(this.links).length > 0)
    )
      throw new SdkError('E_VALIDATION', `${where}: a dataset type has attributes only`);

    const fields = catalog.fields(this.neurodata_type);
    const fromBase = (f: FieldSpec) => baseChain.includes(f.declaredBy);
    const find = (role: FieldSpec['role'], name: string) =>
      fields.find((f) => f.role === role && f.name === name && f.spec.name !== undefined);

    // attributes
    for (const [name, value] of Object.entries(this.attributes)) {
      const f = find('attribute', name);
      if (!f)
        throw new SdkError(
          'E_VALIDATION',
          `${where}: the spec of ${this.neurodata_type} declares no attribute "${name}"`,
        );
      if (f.spec.value !== undefined)
        throw new SdkError('E_VALIDATION', `${where}: attribute "${name}" has a fixed value`);
      node.attrs.set(name, this.attrValue(value, f.spec, `${where}: attribute "${name}"`));
    }
    // datasets
    const children = node.kind === 'group' ? node.children : [];
    for (const [name, value] of Object.entries(this.datasets)) {
      const f = find('dataset', name);
      if (!f || f.spec.neurodata_type_inc !== undefined || f.spec.data_type_inc !== undefined)
        throw new SdkError(
          'E_VALIDATION',
          f
            ? `${where}: dataset "${name}" is typed (${f.spec.neurodata_type_inc ?? f.spec.data_type_inc}); pass it in children`
            : `${where}: the spec of ${this.neurodata_type} declares no dataset "${name}"`,
        );
      children.push(this.datasetNode(name, value, f.spec, `${where}: dataset "${name}"`));
    }
    // links
    for (const [name, target] of Object.entries(this.links)) {
      const f = find('link', name);
      if (!f)
        throw new SdkError(
          'E_VALIDATION',
          `${where}: the spec of ${this.neurodata_type} declares no link "${name}"`,
        );
      const want = f.spec.target_type;
      if (want && !catalog.isA(target.neurodata_type, want))
        throw new SdkError(
          'E_VALIDATION',
          `${where}: link "${name}" must point to a ${want}, got ${target.describe()}`,
        );
      children.push(softLink(name, target));
    }
    // typed children
    const typedSpecs = fields.filter(
      (f) =>
        (f.role === 'group' || f.role === 'dataset') &&
        (f.spec.neurodata_type_inc ?? f.spec.data_type_inc),
    );
    const counts = new Map<FieldSpec, number>();
    for (const c of this.children) {
      const f =
        typedSpecs.find(
          (s) =>
            s.spec.name === c.name &&
            catalog.isA(
              c.neurodata_type,
              (s.spec.neurodata_type_inc ?? s.spec.data_type_inc) as string,
            ),
        ) ??
        typedSpecs.find(
          (s) =>
            s.spec.name === undefined &&
            catalog.isA(
              c.neurodata_type,
              (s.spec.neurodata_type_inc ?? s.spec.data_type_inc) as string,
            ),
        );
      if (!f)
        throw new SdkError(
          'E_VALIDATION',
          `${where}: the spec of ${this.neurodata_type} has no place for ${c.describe()}`,
        );
      counts.set(f, (counts.get(f) ?? 0) + 1);
      if (counts.get(f) === 2 && !isMany(f.spec))
        throw new SdkError('E_VALIDATION', `${where}: only one ${f.name} is allowed`);
      children.push(ctx.build(c));
    }
    // defaults, fixed values, required fields
    const present = (name: string) =>
      node.attrs.has(name) || (node.kind === 'group' && node.children.some((c) => c.name === name));
    for (const f of fields) {
      if (f.role === 'attribute' && f.spec.name) {
        if (f.spec.value !== undefined && !present(f.spec.name)) {
          node.attrs.set(
            f.spec.name,
            this.attrValue(
              f.spec.value as ExtensionAttrValue,
              f.spec,
              `${where}: attribute "${f.spec.name}"`,
            ),
          );
          continue;
        }
        if (!present(f.spec.name) && f.spec.default_value !== undefined && !fromBase(f)) {
          node.attrs.set(
            f.spec.name,
            this.attrValue(
              f.spec.default_value as ExtensionAttrValue,
              f.spec,
              `${where}: attribute "${f.spec.name}"`,
            ),
          );
          continue;
        }
      }
      if (fromBase(f) || isOptional(f.spec, f.role)) continue;
      if (f.role === 'attribute' && ['namespace', 'neurodata_type', 'object_id'].includes(f.name))
        continue;
      if (f.spec.name !== undefined) {
        if (!present(f.spec.name))
          throw new SdkError(
            'E_VALIDATION',
            `${where}: required ${f.role} "${f.spec.name}" (declared by ${f.declaredBy}) is missing`,
          );
      } else if ((f.role === 'group' || f.role === 'dataset') && !counts.has(f)) {
        throw new SdkError(
          'E_VALIDATION',
          `${where}: needs at least one ${f.name} (declared by ${f.declaredBy})`,
        );
      }
    }
    return node;
  }

  private attrValue(value: ExtensionAttrValue, spec: SpecNode, where: string): AttrValue {
    if (isRefDtype(spec.dtype)) {
      if (!isContainer(value))
        throw new SdkError(
          'E_VALIDATION',
          `${where}: expects a reference to a ${spec.dtype.target_type}`,
        );
      return ref(value);
    }
    if (isContainer(value))
      throw new SdkError('E_VALIDATION', `${where}: is not a reference attribute`);
    const dtype = spec.dtype === undefined ? undefined : String(spec.dtype);
    if (value instanceof Date || DTYPES[dtype ?? ''] === 'datetime')
      return attr(formatIsoDatetime(value as Date | string, where));
    const shape =
      typeof value === 'object' && !ArrayBuffer.isView(value)
        ? [(value as readonly unknown[]).length]
        : ArrayBuffer.isView(value)
          ? [(value as unknown as ArrayLike<unknown>).length]
          : [];
    checkShape(shape, spec, where);
    checkDtype(value, spec.dtype, where);
    const storage = dtype === undefined ? undefined : STORAGE[dtype];
    if (typeof value === 'string' || (Array.isArray(value) && typeof value[0] === 'string'))
      return attr(value as string | readonly string[]);
    return storage === undefined ? attr(value as number) : attr(value as number, storage);
  }

  private datasetNode(
    name: string,
    value: ExtensionDatasetValue,
    spec: SpecNode,
    where: string,
  ): Node {
    let data: string | number | bigint | Date | DataInput;
    const attrs: Record<string, AttrValue> = {};
    if (!hasAttrs(value)) data = value;
    else {
      data = value.data;
      for (const [an, av] of Object.entries(value.attributes ?? {})) {
        const as = spec.attributes?.find((a) => a.name === an);
        if (!as)
          throw new SdkError('E_VALIDATION', `${where}: the spec declares no attribute "${an}"`);
        attrs[an] = this.attrValue(av, as, `${where} attribute "${an}"`);
      }
    }
    for (const as of spec.attributes ?? []) {
      if (!as.name || as.name in attrs) continue;
      if (as.value !== undefined || as.default_value !== undefined)
        attrs[as.name] = this.attrValue(
          (as.value ?? as.default_value) as ExtensionAttrValue,
          as,
          `${where} attribute "${as.name}"`,
        );
      else if (as.required !== false)
        throw new SdkError('E_VALIDATION', `${where}: required attribute "${as.name}" is missing`);
    }
    const dtype = spec.dtype === undefined ? undefined : String(spec.dtype);
    if (data instanceof Date || (typeof data === 'string' && DTYPES[dtype ?? ''] === 'datetime'))
      data = formatIsoDatetime(data as Date | string, where);
    if (typeof data === 'string' || typeof data === 'number' || typeof data === 'bigint') {
      checkShape([], spec, where);
      checkDtype(data, spec.dtype, where);
      const storage = dtype === undefined ? undefined : STORAGE[dtype];
      return dataset(
        name,
        typeof data === 'string'
          ? { kind: 'scalar', value: data }
          : storage === undefined
            ? {
                kind: 'scalar',
                value: data,
                ...(typeof data === 'number' ? { dtype: 'float64' as const } : {}),
              }
            : { kind: 'scalar', value: data, dtype: storage },
        attrs,
      );
    }
    checkShape(shapeOf(data, where), spec, where);
    checkDtype(data, spec.dtype, where);
    const storage = dtype === undefined ? undefined : STORAGE[dtype];
    const isText = DTYPES[dtype ?? ''] === 'str';
    return dataset(
      name,
      isText
        ? { kind: 'data', data: data as ArrayInput, dtype: 'str' }
        : storage === undefined
          ? { kind: 'data', data }
          : { kind: 'data', data, dtype: storage },
      attrs,
    );
  }
}

/** Alias: most extension types are groups. */
export const ExtensionGroup = ExtensionContainer;

// The type knowledge of one NWB file: the namespaces cached under /specifications (each source
// file a JSON string), falling back to the bundled core/hdmf hierarchy for files that cache none.
// A writer can build the same catalog from the spec texts it embeds.
import { SdkError } from '@sdk/core';
import { BUILTIN_TYPES } from './builtinTypes.js';

/** An attribute, dataset, group or link as a spec declares it (hdmf's JSON, lightly typed). */
export interface SpecNode {
  name?: string;
  doc?: string;
  dtype?: unknown;
  shape?: unknown;
  dims?: unknown;
  quantity?: string | number;
  required?: boolean;
  default_value?: unknown;
  value?: unknown;
  target_type?: string;
  neurodata_type_def?: string;
  neurodata_type_inc?: string;
  data_type_def?: string;
  data_type_inc?: string;
  attributes?: SpecNode[];
  datasets?: SpecNode[];
  groups?: SpecNode[];
  links?: SpecNode[];
}

/** One neurodata type: where it comes from, what it extends and what it declares itself. */
export interface TypeSpec {
  name: string;
  namespace: string;
  /** The type it extends (`neurodata_type_inc`), null at the root. */
  parent: string | null;
  kind: 'group' | 'dataset';
  doc: string;
  /** The spec as written (own declarations only, without inherited ones). */
  spec: SpecNode | null;
}

export interface NamespaceInfo {
  name: string;
  version: string;
  /** Schema source names (`nwb.base`, `table`, …) and included namespaces. */
  sources: string[];
  includes: string[];
}

/** A declared field of a type (own or inherited), with the type that declares it. */
export interface FieldSpec {
  name: string;
  role: 'attribute' | 'dataset' | 'group' | 'link';
  declaredBy: string;
  spec: SpecNode;
}

function typeDef(s: SpecNode): string | undefined {
  return s.neurodata_type_def ?? s.data_type_def;
}

function typeInc(s: SpecNode): string | undefined {
  return s.neurodata_type_inc ?? s.data_type_inc;
}

/** Compares dotted versions numerically (2.10.0 > 2.9.0); non-numeric parts compare as text. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isNaN(nx) || Number.isNaN(ny) ? x.localeCompare(y) : nx - ny;
    if (c !== 0) return c;
  }
  return 0;
}

export class SpecCatalog {
  private readonly types = new Map<string, TypeSpec>();
  private readonly namespaceInfos = new Map<string, NamespaceInfo>();

  /** A catalog of the bundled core/hdmf types only. */
  static builtin(): SpecCatalog {
    const c = new SpecCatalog();
    c.addBuiltins();
    return c;
  }

  private addBuiltins(): void {
    for (const [name, [namespace, parent]] of Object.entries(BUILTIN_TYPES)) {
      if (!this.types.has(name)) {
        this.types.set(name, { name, namespace, parent, kind: 'group', doc: '', spec: null });
      }
    }
  }

  /**
   * Builds the catalog from cached namespaces: `sources[ns]` holds the parsed `namespace` text
   * and the parsed schema files by source name. Types missing from the cache come from the
   * bundled hierarchy.
   */
  static fromCached(
    cached: readonly { namespace: unknown; version: string; files: Record<string, unknown> }[],
    where?: { file?: string },
  ): SpecCatalog {
    const c = new SpecCatalog();
    for (const entry of cached) {
      const doc = entry.namespace as {
        namespaces?: {
          name?: string;
          version?: string;
          schema?: { source?: string; namespace?: string }[];
        }[];
      };
      for (const ns of doc?.namespaces ?? []) {
        const name = ns.name;
        if (!name) continue;
        const sources: string[] = [];
        const includes: string[] = [];
        for (const s of ns.schema ?? []) {
          if (s.source) sources.push(s.source.replace(/\.(ya?ml|json)$/, ''));
          if (s.namespace) includes.push(s.namespace);
        }
        c.namespaceInfos.set(name, {
          name,
          version: ns.version ?? entry.version,
          sources,
          includes,
        });
        for (const src of sources) {
          const file = entry.files[src];
          if (file === undefined) continue;
          if (typeof file !== 'object' || file === null) {
            throw new SdkError(
              'E_FORMAT',
              `cached schema ${name}/${src} is not a JSON object`,
              where,
            );
          }
          c.collect(name, file as SpecNode);
        }
      }
    }
    c.addBuiltins();
    return c;
  }

  private collect(namespace: string, node: SpecNode, kind: 'group' | 'dataset' = 'group'): void {
    const def = typeDef(node);
    if (def) {
      this.types.set(def, {
        name: def,
        namespace,
        parent: typeInc(node) ?? null,
        kind,
        doc: node.doc ?? '',
        spec: node,
      });
    }
    for (const g of node.groups ?? []) this.collect(namespace, g, 'group');
    for (const d of node.datasets ?? []) this.collect(namespace, d, 'dataset');
  }

  namespaces(): NamespaceInfo[] {
    return [...this.namespaceInfos.values()];
  }

  has(type: string): boolean {
    return this.types.has(type);
  }

  get(type: string): TypeSpec | undefined {
    return this.types.get(type);
  }

  /** The type and its ancestors, most specific first (`['TwoPhotonSeries', 'ImageSeries', 'TimeSeries', …]`). */
  chain(type: string): string[] {
    const out: string[] = [];
    let t: string | null | undefined = type;
    while (t && !out.includes(t)) {
      out.push(t);
      t = this.types.get(t)?.parent;
    }
    return out;
  }

  isA(type: string, ancestor: string): boolean {
    return this.chain(type).includes(ancestor);
  }

  /** Every declared field of `type`, inherited ones included; the most specific declaration wins. */
  fields(type: string): FieldSpec[] {
    const byName = new Map<string, FieldSpec>();
    for (const t of this.chain(type)) {
      const spec = this.types.get(t)?.spec;
      if (!spec) continue;
      const add = (role: FieldSpec['role'], list: SpecNode[] | undefined) => {
        for (const s of list ?? []) {
          const name = s.name ?? typeInc(s) ?? typeDef(s);
          if (name && !byName.has(`${role}:${name}`))
            byName.set(`${role}:${name}`, { name, role, declaredBy: t, spec: s });
        }
      };
      add('attribute', spec.attributes);
      add('dataset', spec.datasets);
      add('group', spec.groups);
      add('link', spec.links);
    }
    return [...byName.values()];
  }
}

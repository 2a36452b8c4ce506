import { H5Attributes, type H5File, openH5, SdkError } from '@sdk/core';
import { type Device, type ProcessingModule, type Subject, TimeSeries } from './base.js';
import { DatasetHandle, stripNul, toNumber } from './dataset.js';
import type { ElectrodeGroup } from './ecephys.js';
import type { IntracellularElectrode } from './icephys.js';
import { NwbData, NwbObject, plainValue, type TreeNode } from './object.js';
import type { ImagingPlane } from './ophys.js';
import { classForChain } from './registry.js';
import { CACHED_SPEC } from './spec/cached-spec.generated.js';
import { compareVersions, SpecCatalog } from './spec/catalog.js';
import type { DynamicTable, TimeIntervals, TimeSeriesRef, Units } from './table.js';
// Typed classes register themselves on import.
import './base.js';
import './table.js';
import './ophys.js';
import './ecephys.js';
import './icephys.js';
import './behavior.js';

export type NwbSource = string | Uint8Array | ArrayBuffer;

export interface OpenNwbOptions {
  /** 'r' (default) or 'r+' (read-write, for in-place edits). */
  mode?: 'r' | 'r+';
  /** Name used in messages for bytes sources. */
  name?: string;
}

/** What `nwbInfo` and `objects()` list for one typed object. */
export interface NwbObjectInfo {
  path: string;
  neurodata_type: string;
  namespace: string | undefined;
  object_id: string | undefined;
  kind: 'group' | 'dataset';
}

const GENERAL_TEXT = [
  'experiment_description',
  'session_id',
  'institution',
  'lab',
  'notes',
  'pharmacology',
  'protocol',
  'slices',
  'data_collection',
  'surgery',
  'virus',
] as const;

/** NwbFile getters that answer to pynwb's NWBFile field of the same name. */
const ROOT_FIELDS = new Set([
  'identifier',
  'session_description',
  'session_start_time',
  'timestamps_reference_time',
  'file_create_date',
  'experimenter',
  'keywords',
  'related_publications',
  ...GENERAL_TEXT,
  'stimulus_notes',
  'subject',
  'acquisition',
  'analysis',
  'scratch',
  'stimulus',
  'stimulus_template',
  'processing',
  'devices',
  'lab_meta_data',
  'electrode_groups',
  'electrodes',
  'imaging_planes',
  'icephys_electrodes',
  'ogen_sites',
  'intracellular_recordings',
  'icephys_simultaneous_recordings',
  'icephys_sequential_recordings',
  'icephys_repetitions',
  'icephys_experimental_conditions',
  'sweep_table',
  'units',
  'intervals',
  'epochs',
  'trials',
  'invalid_times',
]);

const TYPE_ATTRS = ['neurodata_type', 'data_type', 'namespace', 'object_id'] as const;

function readTypeAttrs(h5: H5File, path: string, node: TreeNode): void {
  const values = new H5Attributes(h5, path).getMany(TYPE_ATTRS);
  const s = (k: (typeof TYPE_ATTRS)[number]): string | undefined => {
    const raw = values[k];
    if (raw === undefined) return undefined;
    const v = plainValue(h5, raw, path);
    return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : undefined;
  };
  const nt = s('neurodata_type') ?? s('data_type');
  if (nt !== undefined) node.neurodata_type = nt;
  const ns = s('namespace');
  if (ns !== undefined) node.namespace = ns;
  const oid = s('object_id');
  if (oid !== undefined) node.object_id = oid;
}

/**
 * Walks the HDF5 tree: names, kinds, links and the type attributes; no dataset values. Per object
 * one listing of its attributes plus the type attributes it has; links are listed in one pass.
 */
function buildTree(h5: H5File): TreeNode {
  const root: TreeNode = { path: '/', name: '', kind: 'group', children: new Map() };
  readTypeAttrs(h5, '/', root);
  const groups = h5.tree();
  const walk = (node: TreeNode, children: Map<string, TreeNode>) => {
    for (const link of groups.get(node.path) ?? []) {
      const { name, path } = link;
      let child: TreeNode;
      if (link.kind === 'soft') {
        child = { path, name, kind: 'softlink', ...(link.target ? { target: link.target } : {}) };
      } else if (link.kind === 'external') {
        child = {
          path,
          name,
          kind: 'extlink',
          ...(link.target ? { target: link.target } : {}),
          ...(link.file ? { file: link.file } : {}),
        };
      } else if (link.kind === 'datatype') {
        // A committed datatype holds no NWB object: the tree has groups, datasets and links.
        continue;
      } else {
        child = { path, name, kind: link.kind };
        // The cached schema texts under /specifications carry no type attributes.
        if (!path.startsWith('/specifications/')) readTypeAttrs(h5, path, child);
        if (link.kind === 'group') {
          const grandchildren = new Map<string, TreeNode>();
          child.children = grandchildren;
          walk(child, grandchildren);
        }
      }
      children.set(name, child);
    }
  };
  walk(root, root.children as Map<string, TreeNode>);
  return root;
}

/** `{version, major}` of an NWB file: root attribute `nwb_version`, or NWB 1's root dataset. */
export function nwbVersionOf(h5: H5File): { version: string; major: 1 | 2 } | null {
  if (h5.attrs.has('nwb_version')) {
    const v = plainValue(h5, h5.attrs.get('nwb_version'));
    const s = Array.isArray(v) ? String(v[0]) : String(v);
    return { version: s, major: s.startsWith('NWB-1') || s.startsWith('1.') ? 1 : 2 };
  }
  if (h5.has('nwb_version')) {
    const d = h5.get('nwb_version');
    if (d.kind === 'dataset') {
      const h = new DatasetHandle(h5, '/nwb_version');
      const s = h.readStrings()[0] ?? '';
      return { version: s, major: s.startsWith('NWB-1') || s.startsWith('1.') ? 1 : 2 };
    }
  }
  return null;
}

/** The NWB version of a file without building its object tree (`get_nwbfile_version`). */
export async function getNwbVersion(source: NwbSource): Promise<{ version: string; major: 1 | 2 }> {
  const h5 = await openH5(source as string);
  try {
    const v = nwbVersionOf(h5);
    if (!v)
      throw new SdkError('E_FORMAT', 'not an NWB file: no nwb_version attribute or dataset', {
        file: h5.filename,
      });
    return v;
  } finally {
    h5.close();
  }
}

const bundledParsed = new Map<string, ReturnType<typeof parseBundled>>();

function parseBundled(name: string) {
  const ns = CACHED_SPEC[name];
  if (!ns) return undefined;
  const files: Record<string, unknown> = {};
  for (const [source, text] of Object.entries(ns.sources))
    if (source !== 'namespace') files[source] = JSON.parse(text);
  return {
    namespace: JSON.parse(ns.sources.namespace ?? '{}') as unknown,
    version: ns.version,
    files,
  };
}

/** The bundled schema of namespace `name` when it is at `version`, parsed once per process. */
function bundledNamespace(name: string, version: string) {
  if (CACHED_SPEC[name]?.version !== version) return undefined;
  if (!bundledParsed.has(name)) bundledParsed.set(name, parseBundled(name));
  return bundledParsed.get(name);
}

/** A read-only NWB 2.x file (lazy: opening reads the metadata tree only). */
export class NwbFile {
  readonly root: TreeNode;
  private catalog: SpecCatalog | undefined;
  private readonly wrappers = new Map<string, NwbObject>();
  private byObjectId: Map<string, TreeNode> | undefined;
  private nodesByPath: Map<string, TreeNode> | undefined;

  /** @internal use openNwb. */
  constructor(
    readonly h5: H5File,
    readonly nwb_version: string,
  ) {
    this.root = buildTree(h5);
  }

  get filename(): string {
    return this.h5.filename;
  }

  close(): void {
    this.h5.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  /** The type catalog: cached /specifications (parsed on first use), else the bundled core types. */
  get spec(): SpecCatalog {
    this.catalog ??= this.loadSpec();
    return this.catalog;
  }

  private loadSpec(): SpecCatalog {
    const specs = this.root.children?.get('specifications');
    if (!specs?.children) return SpecCatalog.builtin();
    const cached: { namespace: unknown; version: string; files: Record<string, unknown> }[] = [];
    for (const nsNode of specs.children.values()) {
      const versions = [...(nsNode.children?.keys() ?? [])].sort(compareVersions);
      const latest = versions[versions.length - 1];
      const vNode = latest === undefined ? undefined : nsNode.children?.get(latest);
      if (!vNode?.children) continue;
      // A namespace cached at the version bundled with this package holds the same schema:
      // its parsed copy is shared instead of reading and parsing the file's (~7 ms a file).
      const bundled = bundledNamespace(nsNode.name, latest as string);
      if (bundled) {
        cached.push(bundled);
        continue;
      }
      const files: Record<string, unknown> = {};
      let namespace: unknown;
      for (const d of vNode.children.values()) {
        if (d.kind !== 'dataset') continue;
        try {
          const text = new DatasetHandle(this.h5, d.path).readStrings().join('');
          const parsed: unknown = JSON.parse(text);
          if (d.name === 'namespace') namespace = parsed;
          else files[d.name] = parsed;
        } catch {
          // A cached schema that is not JSON (never written by pynwb) leaves the bundled types in charge.
        }
      }
      if (namespace !== undefined) cached.push({ namespace, version: latest as string, files });
    }
    return SpecCatalog.fromCached(cached, { file: this.filename });
  }

  /** `{namespace: version}` of the cached namespaces. */
  namespaces(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const ns of this.spec.namespaces()) out[ns.name] = ns.version;
    return out;
  }

  private index(): Map<string, TreeNode> {
    if (!this.nodesByPath) {
      const m = new Map<string, TreeNode>();
      const visit = (n: TreeNode) => {
        m.set(n.path, n);
        for (const c of n.children?.values() ?? []) visit(c);
      };
      visit(this.root);
      this.nodesByPath = m;
    }
    return this.nodesByPath;
  }

  /** The tree entry at `path` (links not followed), or undefined. */
  node(path: string): TreeNode | undefined {
    const p = path.length > 1 ? path.replace(/\/+$/, '') : path;
    return this.index().get(p.startsWith('/') ? p : `/${p}`);
  }

  /** @internal The wrapper for a tree node: the registered class of its type, memoised by path. */
  wrap(node: TreeNode, linkPath?: string): NwbObject {
    const key = linkPath ?? node.path;
    let w = this.wrappers.get(key);
    if (!w) {
      const chain = node.neurodata_type ? this.spec.chain(node.neurodata_type) : [];
      const cls = classForChain(chain);
      if (cls) w = new cls(this, node, linkPath);
      else
        w =
          node.kind === 'dataset'
            ? new NwbData(this, node, linkPath)
            : new NwbObject(this, node, linkPath);
      this.wrappers.set(key, w);
    }
    return w;
  }

  /** The object at an absolute path (soft links followed), or undefined. */
  objectAt(path: string | null | undefined): NwbObject | undefined {
    if (!path) return undefined;
    let node = this.node(path);
    let linkPath: string | undefined;
    if (node?.kind === 'softlink' && node.target) {
      linkPath = node.path;
      node = this.node(node.target);
    }
    if (!node || node.kind === 'extlink' || node.kind === 'softlink') return undefined;
    return this.wrap(node, linkPath);
  }

  /** The object at `path`; E_NOT_FOUND naming the path when absent. */
  get(path: string): NwbObject {
    const o = this.objectAt(path);
    if (!o) {
      const n = this.node(path);
      const why =
        n?.kind === 'extlink' ? `an external link to ${n.file}:${n.target}` : 'no such object';
      throw new SdkError('E_NOT_FOUND', why, { file: this.filename, path });
    }
    return o;
  }

  /** The root NWBFile group as a generic object. */
  get rootObject(): NwbObject {
    return this.wrap(this.root);
  }

  /** Every typed object (root excluded), in path order. */
  objects(): NwbObjectInfo[] {
    const out: NwbObjectInfo[] = [];
    for (const n of this.index().values()) {
      if (n.path === '/' || !n.neurodata_type || n.kind === 'softlink' || n.kind === 'extlink')
        continue;
      out.push({
        path: n.path,
        neurodata_type: n.neurodata_type,
        namespace: n.namespace,
        object_id: n.object_id,
        kind: n.kind === 'dataset' ? 'dataset' : 'group',
      });
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Objects of `type` (and, by default, of its subtypes from the cached spec). */
  objectsOfType(type: string, options: { includeSubtypes?: boolean } = {}): NwbObject[] {
    const sub = options.includeSubtypes ?? true;
    return this.objects()
      .filter((o) => (sub ? this.spec.isA(o.neurodata_type, type) : o.neurodata_type === type))
      .map((o) => this.get(o.path));
  }

  /** The object with this `object_id` (index built on first call). */
  getByObjectId(id: string): NwbObject | undefined {
    if (!this.byObjectId) {
      this.byObjectId = new Map();
      for (const n of this.index().values()) {
        if (n.object_id && n.kind !== 'softlink') this.byObjectId.set(n.object_id, n);
      }
    }
    const n = this.byObjectId.get(id);
    return n ? this.wrap(n) : undefined;
  }

  // --- root metadata ----------------------------------------------------------
  private scalarText(path: string): string | undefined {
    const n = this.node(path);
    if (n?.kind !== 'dataset') return undefined;
    return new DatasetHandle(this.h5, n.path).readStrings().join('');
  }

  private textList(path: string): string[] | undefined {
    const n = this.node(path);
    if (n?.kind !== 'dataset') return undefined;
    return new DatasetHandle(this.h5, n.path).readStrings();
  }

  /** Required by every NWB version: a file without one is malformed (E_FORMAT naming the path). */
  get identifier(): string {
    return this.requiredText('/identifier');
  }

  get session_description(): string {
    return this.scalarText('/session_description') ?? '';
  }

  /** ISO 8601 text as stored. */
  /** The stored ISO 8601 text; a missing or non-date value is E_FORMAT naming the path. */
  get session_start_time(): string {
    const text = this.requiredText('/session_start_time');
    if (Number.isNaN(Date.parse(text))) {
      throw new SdkError('E_FORMAT', `session_start_time is not an ISO 8601 date: ${text}`, {
        file: this.h5.filename,
        path: '/session_start_time',
      });
    }
    return text;
  }

  private requiredText(path: string): string {
    const text = this.scalarText(path);
    if (text === undefined) {
      throw new SdkError('E_FORMAT', `required field ${path.slice(1)} is missing`, {
        file: this.h5.filename,
        path,
      });
    }
    return text;
  }

  get timestamps_reference_time(): string | undefined {
    return this.scalarText('/timestamps_reference_time');
  }

  get file_create_date(): string[] {
    return this.textList('/file_create_date') ?? [];
  }

  /** Always a list (pre-2.1 files store a scalar). */
  get experimenter(): string[] | undefined {
    return this.textList('/general/experimenter');
  }

  get keywords(): string[] | undefined {
    return this.textList('/general/keywords');
  }

  get related_publications(): string[] | undefined {
    return this.textList('/general/related_publications');
  }

  /** The scalar text fields under /general (experiment_description, lab, institution, …) that exist. */
  general(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const k of GENERAL_TEXT) {
      const v = this.scalarText(`/general/${k}`);
      if (v !== undefined) out[k] = v;
    }
    const stim = this.scalarText('/general/stimulus');
    if (stim !== undefined) out.stimulus_notes = stim;
    const script = this.scalarText('/general/source_script');
    if (script !== undefined) out.source_script = script;
    return out;
  }

  get experiment_description(): string | undefined {
    return this.scalarText('/general/experiment_description');
  }
  get session_id(): string | undefined {
    return this.scalarText('/general/session_id');
  }
  get institution(): string | undefined {
    return this.scalarText('/general/institution');
  }
  get lab(): string | undefined {
    return this.scalarText('/general/lab');
  }
  get notes(): string | undefined {
    return this.scalarText('/general/notes');
  }
  get stimulus_notes(): string | undefined {
    return this.scalarText('/general/stimulus');
  }

  get subject(): Subject | undefined {
    return this.objectAt('/general/subject') as Subject | undefined;
  }

  // --- collections --------------------------------------------------------------
  private typedIn(path: string): Map<string, NwbObject> {
    const n = this.node(path);
    const out = new Map<string, NwbObject>();
    if (!n?.children) return out;
    for (const [name, c] of n.children) {
      const o = this.objectAt(c.path);
      if (o?.neurodata_type) out.set(name, o);
    }
    return out;
  }

  get acquisition(): Map<string, NwbObject> {
    return this.typedIn('/acquisition');
  }
  get analysis(): Map<string, NwbObject> {
    return this.typedIn('/analysis');
  }
  get scratch(): Map<string, NwbObject> {
    return this.typedIn('/scratch');
  }
  get stimulus(): Map<string, NwbObject> {
    return this.typedIn('/stimulus/presentation');
  }
  get stimulus_template(): Map<string, NwbObject> {
    return this.typedIn('/stimulus/templates');
  }
  get processing(): Map<string, ProcessingModule> {
    return this.typedIn('/processing') as Map<string, ProcessingModule>;
  }
  get devices(): Map<string, Device> {
    return this.typedIn('/general/devices') as Map<string, Device>;
  }
  get lab_meta_data(): Map<string, NwbObject> {
    const out = new Map<string, NwbObject>();
    for (const [k, v] of this.typedIn('/general')) if (v.isA('LabMetaData')) out.set(k, v);
    return out;
  }
  get electrode_groups(): Map<string, ElectrodeGroup> {
    const out = new Map<string, ElectrodeGroup>();
    for (const [k, v] of this.typedIn('/general/extracellular_ephys')) {
      if (v.isA('ElectrodeGroup')) out.set(k, v as ElectrodeGroup);
    }
    return out;
  }
  get electrodes(): DynamicTable | undefined {
    return this.objectAt('/general/extracellular_ephys/electrodes') as DynamicTable | undefined;
  }
  get imaging_planes(): Map<string, ImagingPlane> {
    return this.typedIn('/general/optophysiology') as Map<string, ImagingPlane>;
  }
  get icephys_electrodes(): Map<string, IntracellularElectrode> {
    const out = new Map<string, IntracellularElectrode>();
    for (const [k, v] of this.typedIn('/general/intracellular_ephys')) {
      if (v.isA('IntracellularElectrode')) out.set(k, v as IntracellularElectrode);
    }
    return out;
  }
  get ogen_sites(): Map<string, NwbObject> {
    return this.typedIn('/general/optogenetics');
  }
  get intracellular_recordings(): DynamicTable | undefined {
    return this.objectAt('/general/intracellular_ephys/intracellular_recordings') as
      | DynamicTable
      | undefined;
  }
  get icephys_simultaneous_recordings(): DynamicTable | undefined {
    return this.objectAt('/general/intracellular_ephys/simultaneous_recordings') as
      | DynamicTable
      | undefined;
  }
  get icephys_sequential_recordings(): DynamicTable | undefined {
    return this.objectAt('/general/intracellular_ephys/sequential_recordings') as
      | DynamicTable
      | undefined;
  }
  get icephys_repetitions(): DynamicTable | undefined {
    return this.objectAt('/general/intracellular_ephys/repetitions') as DynamicTable | undefined;
  }
  get icephys_experimental_conditions(): DynamicTable | undefined {
    return this.objectAt('/general/intracellular_ephys/experimental_conditions') as
      | DynamicTable
      | undefined;
  }
  get sweep_table(): DynamicTable | undefined {
    return this.objectAt('/general/intracellular_ephys/sweep_table') as DynamicTable | undefined;
  }
  get units(): Units | undefined {
    return this.objectAt('/units') as Units | undefined;
  }
  get intervals(): Map<string, TimeIntervals> {
    return this.typedIn('/intervals') as Map<string, TimeIntervals>;
  }
  get epochs(): TimeIntervals | undefined {
    return this.objectAt('/intervals/epochs') as TimeIntervals | undefined;
  }
  get trials(): TimeIntervals | undefined {
    return this.objectAt('/intervals/trials') as TimeIntervals | undefined;
  }
  get invalid_times(): TimeIntervals | undefined {
    return this.objectAt('/intervals/invalid_times') as TimeIntervals | undefined;
  }

  /** A root field by its pynwb NWBFile name (`experimenter`, `acquisition`, `lab`, `units`, …). */
  field(name: string): unknown {
    if (!ROOT_FIELDS.has(name)) return this.rootObject.field(name);
    const v = (this as unknown as Record<string, unknown>)[name];
    if (v instanceof Map && v.size === 0) return undefined;
    return v;
  }

  /**
   * The timestamps a TimeSeriesReference cell covers: stored timestamps `[idx_start, idx_start +
   * count)`, or `starting_time + (idx_start + k) / rate` (pynwb ≤ 2.8 multiplies by rate; spec §5).
   */
  timeSeriesRefTimestamps(ref: TimeSeriesRef): Float64Array {
    const ts = this.objectAt(ref.timeseries);
    if (!(ts instanceof TimeSeries)) {
      throw new SdkError(
        'E_NOT_FOUND',
        `TimeSeriesReference target ${ref.timeseries} is not a TimeSeries`,
        { file: this.filename },
      );
    }
    return ts.getTimestamps([[ref.idx_start, ref.idx_start + ref.count]]);
  }

  /**
   * Intracellular sweeps: from `sweep_number` attributes of PatchClampSeries (stimulus vs response
   * by location), as `[{sweep_number, stimulus?, response?}]` sorted by sweep number.
   */
  icephysSweeps(): { sweep_number: number; stimulus?: string; response?: string }[] {
    const bySweep = new Map<
      number,
      { sweep_number: number; stimulus?: string; response?: string }
    >();
    for (const o of this.objectsOfType('PatchClampSeries')) {
      const v = o.attr('sweep_number');
      if (v === undefined) continue;
      const n = toNumber(v);
      const e = bySweep.get(n) ?? { sweep_number: n };
      if (o.path.startsWith('/stimulus/')) e.stimulus = o.path;
      else e.response = o.path;
      bySweep.set(n, e);
    }
    return [...bySweep.values()].sort((a, b) => a.sweep_number - b.sweep_number);
  }
}

/**
 * Opens an NWB 2.x file (a path in Node, bytes anywhere). Reads the metadata tree only; dataset
 * values are read when asked. An NWB 1.x file throws E_FORMAT pointing to `openNwb1`.
 */
export async function openNwb(source: NwbSource, options: OpenNwbOptions = {}): Promise<NwbFile> {
  const h5 = await openH5(source as string, {
    mode: options.mode === 'r+' ? 'a' : 'r',
    ...(options.name ? { name: options.name } : {}),
  });
  try {
    const v = nwbVersionOf(h5);
    if (!v) {
      throw new SdkError(
        'E_FORMAT',
        'not an NWB file: no nwb_version attribute on the root group',
        { file: h5.filename, path: '/' },
      );
    }
    if (v.major === 1) {
      throw new SdkError('E_FORMAT', `NWB 1.x file (${stripNul(v.version)}); use openNwb1`, {
        file: h5.filename,
        path: '/nwb_version',
      });
    }
    // 2.x in every spelling pynwb has written (2.0b, 2.0.1, 2.9.0...); anything else is not NWB 2.
    if (!/^2\.\d+(\.\d+)?(b|[-.].*)?$/.test(stripNul(v.version))) {
      throw new SdkError('E_FORMAT', `unknown NWB version ${JSON.stringify(stripNul(v.version))}`, {
        file: h5.filename,
        path: '/nwb_version',
      });
    }
    return new NwbFile(h5, v.version);
  } catch (error) {
    h5.close();
    throw error;
  }
}

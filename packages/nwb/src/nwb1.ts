// Read-only NWB 1.x access for the layouts Allen files use (spec §11): Cell Types sweeps,
// epochs, spike times, Brain Observatory processing series. Values are returned unscaled.
import { type H5File, type H5Value, openH5, SdkError } from '@sdk/core';
import { type AxisSelection, DatasetHandle, stripNul, toNumber } from './dataset.js';
import { type NwbSource, nwbVersionOf } from './file.js';
import { plainValue } from './object.js';

/** One NWB 1 TimeSeries group. */
export interface Nwb1TimeSeries {
  path: string;
  /** `ancestry` attribute; the last entry is the concrete type (e.g. CurrentClampSeries). */
  ancestry: string[];
  neurodata_type: string;
  description: string | undefined;
  comments: string | undefined;
  source: string | undefined;
  data: DatasetHandle | undefined;
  /** `data@unit`, else the legacy `data@units`. */
  unit: string | undefined;
  conversion: number;
  resolution: number;
  starting_time: number | undefined;
  rate: number | undefined;
  timestamps: DatasetHandle | undefined;
  num_samples: number | undefined;
}

export interface Nwb1EpochMember {
  idx_start: number;
  count: number;
  /** Target path of the `timeseries` link. */
  path: string | undefined;
}

export interface Nwb1Epoch {
  name: string;
  start_time: number;
  stop_time: number;
  description?: string;
  tags?: string[];
  timeseries: Record<string, Nwb1EpochMember>;
}

function join(base: string, name: string): string {
  return base === '/' ? `/${name}` : `${base}/${name}`;
}

export class Nwb1File {
  /** @internal use openNwb1. */
  constructor(
    readonly h5: H5File,
    readonly nwb_version: string,
  ) {}

  get filename(): string {
    return this.h5.filename;
  }

  close(): void {
    this.h5.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  private fail(
    code: 'E_NOT_FOUND' | 'E_FORMAT' | 'E_UNSUPPORTED',
    message: string,
    path?: string,
  ): never {
    throw new SdkError(code, message, { file: this.filename, ...(path ? { path } : {}) });
  }

  private abs(path: string): string {
    return path.startsWith('/') ? path : `/${path}`;
  }

  has(path: string): boolean {
    return this.h5.has(this.abs(path));
  }

  /** Child names of a group with their kinds (`group`, `dataset`, `softlink`, `extlink`). */
  list(
    path = '/',
  ): { name: string; kind: 'group' | 'dataset' | 'softlink' | 'extlink'; target?: string }[] {
    const p = this.abs(path);
    if (!this.has(p) && p !== '/') this.fail('E_NOT_FOUND', 'no such group', p);
    const g = this.h5.get(p);
    if (g.kind !== 'group') this.fail('E_FORMAT', 'not a group', p);
    return g.keys().map((name) => {
      const full = join(p, name);
      const link = this.h5.link(full);
      if (link.kind === 'soft')
        return { name, kind: 'softlink' as const, ...(link.target ? { target: link.target } : {}) };
      if (link.kind === 'external')
        return {
          name,
          kind: 'extlink' as const,
          ...(link.target ? { target: `${link.file}:${link.target}` } : {}),
        };
      return { name, kind: this.h5.get(full).kind };
    });
  }

  /** A lazy handle on a dataset. */
  dataset(path: string): DatasetHandle {
    const p = this.abs(path);
    if (!this.has(p)) this.fail('E_NOT_FOUND', 'no such dataset', p);
    if (this.h5.get(p).kind !== 'dataset') this.fail('E_FORMAT', 'not a dataset', p);
    return new DatasetHandle(this.h5, p);
  }

  /** A dataset's values (or a selection of them); scalars and strings in plain form. */
  read(path: string, sel?: readonly AxisSelection[]): unknown {
    const h = this.dataset(path);
    if (h.isString) return h.ndim === 0 ? h.readStrings()[0] : h.readStrings(sel);
    if (h.ndim === 0) return h.readScalar();
    return h.read(sel);
  }

  /** Attributes of an object, strings decoded and NUL padding stripped. */
  attrs(path: string): Record<string, unknown> {
    const p = this.abs(path);
    if (p !== '/' && !this.has(p)) this.fail('E_NOT_FOUND', 'no such object', p);
    const a = this.h5.get(p).attrs;
    const out: Record<string, unknown> = {};
    for (const k of a.keys()) out[k] = plainValue(this.h5, a.get(k) as H5Value, p);
    return out;
  }

  private rootText(name: string): string | undefined {
    return this.has(name) ? this.dataset(name).readStrings().join('') : undefined;
  }

  get identifier(): string | undefined {
    return this.rootText('/identifier');
  }

  get session_description(): string | undefined {
    return this.rootText('/session_description');
  }

  get session_start_time(): string | undefined {
    return this.rootText('/session_start_time');
  }

  get file_create_date(): string[] {
    return this.has('/file_create_date') ? this.dataset('/file_create_date').readStrings() : [];
  }

  /** A value under /general (`general('session_type')`, `general('subject/age')`), raw. */
  general(key: string): unknown {
    return this.read(`/general/${key}`);
  }

  /** `general/generated_by`, a flat `[k1, v1, k2, v2, …]` list, as an object. */
  generatedBy(): Record<string, string> {
    if (!this.has('/general/generated_by')) return {};
    const flat = this.dataset('/general/generated_by').readStrings();
    const out: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i] as string] = flat[i + 1] as string;
    return out;
  }

  /** One TimeSeries group (a group carrying `ancestry` or `neurodata_type` TimeSeries). */
  timeSeries(path: string): Nwb1TimeSeries {
    const p = this.abs(path);
    if (!this.has(p)) this.fail('E_NOT_FOUND', 'no such TimeSeries', p);
    const g = this.h5.get(p);
    if (g.kind !== 'group') this.fail('E_FORMAT', 'a TimeSeries is a group, this is a dataset', p);
    const attrs = this.attrs(p);
    const ancestryRaw = attrs.ancestry;
    const ancestry = Array.isArray(ancestryRaw)
      ? ancestryRaw.map(String)
      : typeof ancestryRaw === 'string'
        ? [ancestryRaw]
        : [];
    const nt = typeof attrs.neurodata_type === 'string' ? attrs.neurodata_type : undefined;
    if (!ancestry.includes('TimeSeries') && nt !== 'TimeSeries') {
      this.fail(
        'E_FORMAT',
        `not an NWB 1 TimeSeries (ancestry [${ancestry.join(', ')}], neurodata_type ${nt ?? 'absent'})`,
        p,
      );
    }
    const child = (n: string) =>
      g.has(n) && this.h5.get(join(p, n)).kind === 'dataset'
        ? new DatasetHandle(this.h5, join(p, n))
        : undefined;
    const data = child('data');
    const dattrs = data ? this.attrs(data.path) : {};
    const st = child('starting_time');
    const stAttrs = st ? this.attrs(st.path) : {};
    const ns = child('num_samples');
    const num = (v: unknown, dflt: number) => (v === undefined || v === null ? dflt : toNumber(v));
    const text = (v: unknown) => (typeof v === 'string' ? stripNul(v) : undefined);
    return {
      path: p,
      ancestry,
      neurodata_type: nt ?? 'TimeSeries',
      description: text(attrs.description),
      comments: text(attrs.comments),
      source: text(attrs.source),
      data,
      unit: text(dattrs.unit) ?? text(dattrs.units),
      conversion: num(dattrs.conversion, 1.0),
      resolution: num(dattrs.resolution, Number.NaN),
      starting_time: st ? toNumber(st.readScalar()) : undefined,
      rate: stAttrs.rate === undefined ? undefined : toNumber(stAttrs.rate),
      timestamps: child('timestamps'),
      num_samples: ns ? toNumber(ns.readScalar()) : undefined,
    };
  }

  /** Paths of every TimeSeries group below `start` (default: the whole file). */
  timeSeriesPaths(start = '/'): string[] {
    const out: string[] = [];
    const walk = (p: string) => {
      for (const c of this.list(p)) {
        if (c.kind !== 'group') continue;
        const full = join(p, c.name);
        const a = this.attrs(full);
        const ancestry = Array.isArray(a.ancestry) ? a.ancestry : [a.ancestry];
        if (ancestry.includes('TimeSeries') || a.neurodata_type === 'TimeSeries') out.push(full);
        else walk(full);
      }
    };
    walk(this.abs(start));
    return out;
  }

  /** `epochs/<name>` entries with their member series (`idx_start`, `count`, link target). */
  epochs(): Nwb1Epoch[] {
    if (!this.has('/epochs')) return [];
    const out: Nwb1Epoch[] = [];
    for (const e of this.list('/epochs')) {
      if (e.kind !== 'group') continue;
      const p = `/epochs/${e.name}`;
      const scalar = (n: string) =>
        this.has(`${p}/${n}`) ? this.dataset(`${p}/${n}`).readScalar() : undefined;
      const start = scalar('start_time');
      const stop = scalar('stop_time');
      if (start === undefined || stop === undefined)
        this.fail('E_FORMAT', 'epoch without start_time/stop_time', p);
      const members: Record<string, Nwb1EpochMember> = {};
      for (const m of this.list(p)) {
        if (m.kind !== 'group') continue;
        const mp = `${p}/${m.name}`;
        if (!this.has(`${mp}/idx_start`)) continue;
        const link = this.list(mp).find((x) => x.name === 'timeseries');
        members[m.name] = {
          idx_start: toNumber(this.dataset(`${mp}/idx_start`).readScalar()),
          count: toNumber(this.dataset(`${mp}/count`).readScalar()),
          path: link?.target ?? (link ? `${mp}/timeseries` : undefined),
        };
      }
      const epoch: Nwb1Epoch = {
        name: e.name,
        start_time: toNumber(start),
        stop_time: toNumber(stop),
        timeseries: members,
      };
      if (this.has(`${p}/description`))
        epoch.description = this.dataset(`${p}/description`).readStrings().join('');
      if (this.has(`${p}/tags`)) epoch.tags = this.dataset(`${p}/tags`).readStrings();
      out.push(epoch);
    }
    return out;
  }

  /** Sweep numbers of an Allen Cell Types file (`acquisition/timeseries/Sweep_N`), ascending. */
  sweepNumbers(): number[] {
    if (!this.has('/acquisition/timeseries')) return [];
    return this.list('/acquisition/timeseries')
      .map((c) => /^Sweep_(\d+)$/.exec(c.name)?.[1])
      .filter((x): x is string => x !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  /** `analysis/spike_times/Sweep_N` (legacy `analysis/aibs_spike_times/Sweep_N`), seconds from sweep start. */
  spikeTimes(sweep: number): Float64Array {
    for (const base of ['/analysis/spike_times', '/analysis/aibs_spike_times']) {
      const p = `${base}/Sweep_${sweep}`;
      if (this.has(p)) return this.dataset(p).readFloat64().data;
    }
    return new Float64Array(0);
  }

  /** NWB 2 object access is not part of this reader. */
  objectsOfType(_type: string): never {
    return this.fail(
      'E_UNSUPPORTED',
      'NWB 1 files have no neurodata_type hierarchy; use timeSeriesPaths() or list()',
    );
  }
}

/** Opens an NWB 1.x file read-only. An NWB 2 file throws E_FORMAT pointing to `openNwb`. */
export async function openNwb1(
  source: NwbSource,
  options: { name?: string } = {},
): Promise<Nwb1File> {
  const h5 = await openH5(source as string, {
    mode: 'r',
    ...(options.name ? { name: options.name } : {}),
  });
  try {
    const v = nwbVersionOf(h5);
    if (!v)
      throw new SdkError('E_FORMAT', 'not an NWB file: no nwb_version', {
        file: h5.filename,
        path: '/',
      });
    if (v.major !== 1)
      throw new SdkError('E_FORMAT', `NWB ${v.version} file; use openNwb`, {
        file: h5.filename,
        path: '/',
      });
    return new Nwb1File(h5, stripNul(v.version));
  } catch (error) {
    h5.close();
    throw error;
  }
}

/**
 * The client-side helpers of allensdk 2.16.2 `BrainObservatoryApi`: filters over the records of
 * `getExperimentContainers`, `getOphysExperiments` and `getCellMetrics`, their "simple" forms, and
 * `dataframe_query`, whose pandas `DataFrame.query` evaluation is reproduced here directly.
 */
import { SdkError } from '@sdk/core';
import type { ApiRecord } from '../api.js';
import { pyCompare, pyRepr, pyStr } from '../python/format.js';

/** `stimulus_info.SESSION_STIMULUS_MAP`: the stimuli shown in each Visual Coding 2P session. */
export const SESSION_STIMULUS_MAP: Readonly<Record<string, readonly string[]>> = {
  three_session_A: ['drifting_gratings', 'natural_movie_one', 'natural_movie_three', 'spontaneous'],
  three_session_B: ['static_gratings', 'natural_scenes', 'natural_movie_one', 'spontaneous'],
  three_session_C: [
    'locally_sparse_noise',
    'natural_movie_one',
    'natural_movie_two',
    'spontaneous',
  ],
  three_session_C2: [
    'locally_sparse_noise_4deg',
    'locally_sparse_noise_8deg',
    'natural_movie_one',
    'natural_movie_two',
    'spontaneous',
  ],
};

/** `stimulus_info.stimuli_in_session(session)`: an unknown session has no stimuli. */
export function stimuliInSession(session: string): readonly string[] {
  return Object.hasOwn(SESSION_STIMULUS_MAP, session) ? (SESSION_STIMULUS_MAP[session] ?? []) : [];
}

/** One filter of the Brain Observatory web application: `{field, op, value}`. */
export interface DataframeFilter {
  field: string;
  /** `=`, `<`, `>`, `<=`, `>=`, `between`, `in` or `is`. */
  op: string;
  value: unknown;
}

export interface ExperimentFilterOptions {
  ids?: readonly number[] | null;
  targetedStructures?: readonly string[] | null;
  imagingDepths?: readonly number[] | null;
  /** Matched case-insensitively against the donor's Cre driver line. */
  creLines?: readonly string[] | null;
  reporterLines?: readonly string[] | null;
  /** Any of the donor's transgenic lines, case-insensitively. */
  transgenicLines?: readonly string[] | null;
  includeFailed?: boolean;
}

export interface ContainerFilterOptions extends ExperimentFilterOptions {
  simple?: boolean;
}

export interface OphysExperimentFilterOptions extends ExperimentFilterOptions {
  experimentContainerIds?: readonly number[] | null;
  /** Keeps experiments whose session showed at least one of these stimuli. */
  stimuli?: readonly string[] | null;
  sessionTypes?: readonly string[] | null;
  requireEyeTracking?: boolean;
  simple?: boolean;
}

export interface CellSpecimenFilterOptions {
  ids?: readonly number[] | null;
  experimentContainerIds?: readonly number[] | null;
  includeFailed?: boolean;
  filters?: readonly DataframeFilter[] | null;
}

// ---------------------------------------------------------------------------------------------
// Python semantics the reference relies on

function keyError(key: string, what: string): SdkError {
  return new SdkError('E_VALIDATION', `${what} has no '${key}' (KeyError in the reference)`, {
    path: key,
  });
}

/** `obj[key]`: a missing key throws, as Python's KeyError. */
function item(obj: unknown, key: string, what: string): unknown {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj) || !(key in obj)) {
    throw keyError(key, what);
  }
  return (obj as Record<string, unknown>)[key];
}

/** `obj.get(key, fallback)`. */
function get(obj: unknown, key: string, fallback: unknown, what: string): unknown {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new SdkError('E_VALIDATION', `${what} is not a dict (AttributeError in the reference)`, {
      path: key,
    });
  }
  return key in obj ? (obj as Record<string, unknown>)[key] : fallback;
}

function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return !Number.isNaN(v);
}

/** Python `==` for JSON values: `True == 1`, lists and dicts compared element by element. */
function pyEquals(a: unknown, b: unknown): boolean {
  const num = (v: unknown) => (typeof v === 'boolean' ? Number(v) : v);
  const x = num(a);
  const y = num(b);
  if (typeof x === 'number' || typeof y === 'number') return x === y;
  if (x === null || x === undefined || y === null || y === undefined) {
    return (x ?? null) === (y ?? null);
  }
  if (Array.isArray(x) || Array.isArray(y)) {
    return (
      Array.isArray(x) &&
      Array.isArray(y) &&
      x.length === y.length &&
      x.every((v, i) => pyEquals(v, y[i]))
    );
  }
  if (typeof x === 'object' && typeof y === 'object') {
    const kx = Object.keys(x);
    const ky = Object.keys(y);
    return (
      kx.length === ky.length &&
      kx.every((k) => k in y && pyEquals((x as ApiRecord)[k], (y as ApiRecord)[k]))
    );
  }
  return x === y;
}

const pyIn = (v: unknown, list: readonly unknown[]) => list.some((x) => pyEquals(v, x));

/** A string equal for values Python's `set` would treat as one (`True` and `1` included). */
function hashKey(v: unknown): string {
  if (typeof v === 'boolean' || typeof v === 'number') return `n:${Number(v)}`;
  if (typeof v === 'string') return `s:${v}`;
  return `j:${JSON.stringify(v)}`;
}

function lower(v: unknown, what: string): string {
  if (typeof v !== 'string') {
    throw new SdkError('E_VALIDATION', `${what} must be a string, got ${pyRepr(v)}`);
  }
  return v.toLowerCase();
}

function transgenicLines(specimen: unknown): readonly unknown[] {
  const lines = item(item(specimen, 'donor', 'specimen'), 'transgenic_lines', 'donor');
  if (!Array.isArray(lines)) {
    throw new SdkError('E_VALIDATION', 'donor.transgenic_lines must be a list', {
      path: 'transgenic_lines',
    });
  }
  return lines;
}

/** `find_specimen_cre_line`: the first driver line whose name contains `Cre`, else null. */
export function findSpecimenCreLine(specimen: unknown): string | null {
  for (const tl of transgenicLines(specimen)) {
    const name = item(tl, 'name', 'transgenic line');
    if (
      item(tl, 'transgenic_line_type_name', 'transgenic line') === 'driver' &&
      typeof name === 'string' &&
      name.includes('Cre')
    ) {
      return name;
    }
  }
  return null;
}

/** `find_specimen_reporter_line`: the first reporter line, else null. */
export function findSpecimenReporterLine(specimen: unknown): string | null {
  for (const tl of transgenicLines(specimen)) {
    if (item(tl, 'transgenic_line_type_name', 'transgenic line') === 'reporter') {
      return item(tl, 'name', 'transgenic line') as string;
    }
  }
  return null;
}

/** `find_specimen_transgenic_lines`: every line's name. */
export function findSpecimenTransgenicLines(specimen: unknown): unknown[] {
  return transgenicLines(specimen).map((tl) => item(tl, 'name', 'transgenic line'));
}

/** `find_container_tags`: the donor's condition names, except those starting `tissuecyte`. */
export function findContainerTags(container: unknown): unknown[] {
  const donor = item(item(container, 'specimen', 'container'), 'donor', 'specimen');
  const conditions = get(donor, 'conditions', [], 'donor');
  if (!Array.isArray(conditions)) {
    throw new SdkError('E_VALIDATION', 'donor.conditions must be a list', { path: 'conditions' });
  }
  return conditions
    .map((c) => item(c, 'name', 'condition'))
    .filter((name) => !(typeof name === 'string' && name.startsWith('tissuecyte')));
}

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** An ISO 8601 date (what the API sends) as µs since the epoch and whether it has an offset. */
function parseIsoDate(s: unknown, field: string): { us: bigint; aware: boolean } {
  const m = typeof s === 'string' ? ISO_DATE.exec(s.trim()) : null;
  if (!m) {
    throw new SdkError('E_FORMAT', `${field} is not an ISO 8601 date: ${pyRepr(s)}`, {
      path: field,
    });
  }
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', tz] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec));
  let offsetMin = 0;
  if (tz && tz !== 'Z') {
    const digits = tz.replace(':', '');
    offsetMin =
      (tz.startsWith('-') ? -1 : 1) *
      (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3) || 0));
  }
  const us = BigInt(ms - offsetMin * 60_000) * 1000n + BigInt(frac.padEnd(6, '0') || '0');
  return { us, aware: tz !== undefined };
}

/**
 * `find_experiment_acquisition_age`: whole days (`timedelta.days`, floored) from the donor's
 * birth to the acquisition; null when either key is missing. Dates are ISO 8601 (dateutil's
 * other formats are not accepted); an aware and a naive date cannot be subtracted, as in Python.
 */
export function findExperimentAcquisitionAge(exp: unknown): number | null {
  const rec = exp as ApiRecord;
  const donor = (rec?.specimen as ApiRecord | undefined)?.donor as ApiRecord | undefined;
  if (
    rec === null ||
    typeof rec !== 'object' ||
    !('date_of_acquisition' in rec) ||
    !('specimen' in rec) ||
    donor === undefined ||
    donor === null ||
    typeof donor !== 'object' ||
    !('date_of_birth' in donor)
  ) {
    return null;
  }
  const acq = parseIsoDate(rec.date_of_acquisition, 'date_of_acquisition');
  const dob = parseIsoDate(donor.date_of_birth, 'date_of_birth');
  if (acq.aware !== dob.aware) {
    throw new SdkError(
      'E_VALIDATION',
      "can't subtract offset-naive and offset-aware datetimes (date_of_acquisition, date_of_birth)",
    );
  }
  const DAY = 86_400_000_000n;
  const diff = acq.us - dob.us;
  const days = diff / DAY - (diff % DAY < 0n ? 1n : 0n);
  return Number(days);
}

// ---------------------------------------------------------------------------------------------
// filters

/** `filter_experiments_and_containers`: the filters shared by containers and experiments. */
export function filterExperimentsAndContainers(
  objs: readonly ApiRecord[],
  options: ExperimentFilterOptions = {},
): ApiRecord[] {
  let out = [...objs];
  if (!options.includeFailed) out = out.filter((o) => !truthy(get(o, 'failed', false, 'record')));
  const { ids, targetedStructures, imagingDepths, creLines, reporterLines } = options;
  if (ids != null) out = out.filter((o) => pyIn(item(o, 'id', 'record'), ids));
  if (targetedStructures != null) {
    out = out.filter((o) =>
      pyIn(
        item(item(o, 'targeted_structure', 'record'), 'acronym', 'targeted_structure'),
        targetedStructures,
      ),
    );
  }
  if (imagingDepths != null) {
    out = out.filter((o) => pyIn(item(o, 'imaging_depth', 'record'), imagingDepths));
  }
  const byLine = (
    wanted: readonly string[],
    find: (specimen: unknown) => string | null,
    what: string,
  ) => {
    const tls = wanted.map((t) => lower(t, what));
    const found = out.map((o) => find(item(o, 'specimen', 'record'))?.toLowerCase() ?? null);
    out = out.filter((_, i) => {
      const f = found[i];
      return f != null && tls.includes(f);
    });
  };
  if (creLines != null) byLine(creLines, findSpecimenCreLine, 'cre line');
  if (reporterLines != null) byLine(reporterLines, findSpecimenReporterLine, 'reporter line');
  if (options.transgenicLines != null) {
    const tls = new Set(options.transgenicLines.map((t) => lower(t, 'transgenic line')));
    out = out.filter((o) =>
      findSpecimenTransgenicLines(item(o, 'specimen', 'record')).some((t) =>
        tls.has(lower(t, 'transgenic line name')),
      ),
    );
  }
  return out;
}

/** `simplify_experiment_containers`: one flat record per container. */
export function simplifyExperimentContainers(containers: readonly ApiRecord[]): ApiRecord[] {
  return containers.map((c) => {
    const specimen = item(c, 'specimen', 'container');
    const donor = item(specimen, 'donor', 'specimen');
    return {
      id: item(c, 'id', 'container'),
      imaging_depth: item(c, 'imaging_depth', 'container'),
      targeted_structure: item(
        item(c, 'targeted_structure', 'container'),
        'acronym',
        'targeted_structure',
      ),
      cre_line: findSpecimenCreLine(specimen),
      reporter_line: findSpecimenReporterLine(specimen),
      donor_name: item(donor, 'external_donor_name', 'donor'),
      specimen_name: item(specimen, 'name', 'specimen'),
      tags: findContainerTags(c),
      failed: item(c, 'failed', 'container'),
    };
  });
}

/** `simplify_ophys_experiments`: one flat record per experiment. */
export function simplifyOphysExperiments(exps: readonly ApiRecord[]): ApiRecord[] {
  return exps.map((e) => {
    const specimen = item(e, 'specimen', 'experiment');
    const donor = item(specimen, 'donor', 'specimen');
    return {
      id: item(e, 'id', 'experiment'),
      imaging_depth: item(e, 'imaging_depth', 'experiment'),
      targeted_structure: item(
        item(e, 'targeted_structure', 'experiment'),
        'acronym',
        'targeted_structure',
      ),
      cre_line: findSpecimenCreLine(specimen),
      reporter_line: findSpecimenReporterLine(specimen),
      acquisition_age_days: findExperimentAcquisitionAge(e),
      experiment_container_id: item(e, 'experiment_container_id', 'experiment'),
      session_type: item(e, 'stimulus_name', 'experiment'),
      donor_name: item(donor, 'external_donor_name', 'donor'),
      specimen_name: item(specimen, 'name', 'specimen'),
      fail_eye_tracking: get(e, 'fail_eye_tracking', null, 'experiment'),
    };
  });
}

/** `filter_experiment_containers`. */
export function filterExperimentContainers(
  containers: readonly ApiRecord[],
  options: ContainerFilterOptions = {},
): ApiRecord[] {
  const out = filterExperimentsAndContainers(containers, options);
  return options.simple ? simplifyExperimentContainers(out) : out;
}

/**
 * `filter_ophys_experiments`. As in the reference, the shared filters always drop failed
 * experiments (`includeFailed` is not passed on to them); `includeFailed` only decides whether
 * experiments of failed containers are kept.
 */
export function filterOphysExperiments(
  experiments: readonly ApiRecord[],
  options: OphysExperimentFilterOptions = {},
): ApiRecord[] {
  const { includeFailed: _ignored, simple, ...shared } = options;
  let out = filterExperimentsAndContainers(experiments, shared);
  if (options.requireEyeTracking) {
    out = out.filter((e) => get(e, 'fail_eye_tracking', null, 'experiment') === false);
  }
  if (!options.includeFailed) {
    out = out.filter(
      (e) =>
        !truthy(
          get(get(e, 'experiment_container', {}, 'experiment'), 'failed', false, 'container'),
        ),
    );
  }
  const { experimentContainerIds, sessionTypes, stimuli } = options;
  if (experimentContainerIds != null) {
    out = out.filter((e) =>
      pyIn(item(e, 'experiment_container_id', 'experiment'), experimentContainerIds),
    );
  }
  if (sessionTypes != null) {
    out = out.filter((e) => pyIn(item(e, 'stimulus_name', 'experiment'), sessionTypes));
  }
  if (stimuli != null) {
    out = out.filter((e) => {
      const name = item(e, 'stimulus_name', 'experiment');
      const shown = typeof name === 'string' ? stimuliInSession(name) : [];
      return stimuli.some((s) => shown.includes(s));
    });
  }
  return simple ? simplifyOphysExperiments(out) : out;
}

/** `filter_cell_specimens`: by id, container, failed container, then `dataframeQuery`. */
export function filterCellSpecimens(
  cellSpecimens: readonly ApiRecord[],
  options: CellSpecimenFilterOptions = {},
): ApiRecord[] {
  let out = [...cellSpecimens];
  if (!options.includeFailed) {
    out = out.filter((c) => !truthy(get(c, 'failed_experiment_container', false, 'cell')));
  }
  const { ids, experimentContainerIds, filters } = options;
  if (ids != null) out = out.filter((c) => pyIn(item(c, 'cell_specimen_id', 'cell'), ids));
  if (experimentContainerIds != null) {
    out = out.filter((c) =>
      pyIn(item(c, 'experiment_container_id', 'cell'), experimentContainerIds),
    );
  }
  if (filters != null) out = dataframeQuery(out, filters, 'cell_specimen_id');
  return out;
}

// ---------------------------------------------------------------------------------------------
// dataframe_query

const QUERY_TEMPLATES: Readonly<Record<string, string>> = {
  '=': '({0} == {1})',
  '<': '({0} < {1})',
  '>': '({0} > {1})',
  '<=': '({0} <= {1})',
  '>=': '({0} >= {1})',
  between: '({0} >= {1}) and ({0} <= {2})',
  in: '({0} == {1})',
  is: '({0} == {1})',
};

function template(op: string): string {
  const t = Object.hasOwn(QUERY_TEMPLATES, op) ? QUERY_TEMPLATES[op] : undefined;
  if (t === undefined) {
    throw new SdkError('E_VALIDATION', `unknown filter op '${op}'`, { path: 'op' });
  }
  return t;
}

/**
 * A filter's operands as the reference formats them: `in` takes the whole value; a list gives
 * one operand per item (strings quoted); anything else is one operand printed with `str()`.
 * `quoted` tells a string literal from text that pandas evaluates as an expression.
 */
function operands(f: DataframeFilter): Array<{ text: string; value: unknown; quoted: boolean }> {
  if (f.op !== 'in' && Array.isArray(f.value)) {
    return f.value.map((v) => ({
      text: typeof v === 'string' ? `'${v}'` : pyStr(v),
      value: v,
      quoted: typeof v === 'string',
    }));
  }
  return [{ text: pyStr(f.value), value: f.value, quoted: Array.isArray(f.value) }];
}

function needOperands(f: DataframeFilter, n: number): void {
  if (operands(f).length < n) {
    throw new SdkError(
      'E_VALIDATION',
      `filter '${f.op}' on ${f.field} needs ${n} values, got ${pyRepr(f.value)}`,
      { path: f.field },
    );
  }
}

/** `dataframe_query_string`: the pandas query the reference builds, filters joined by ` & `. */
export function dataframeQueryString(filters: readonly DataframeFilter[]): string {
  return filters
    .map((f) => {
      const t = template(f.op);
      const args = [f.field, ...operands(f).map((o) => o.text)];
      if (t.includes('{2}')) needOperands(f, 2);
      return t.replace(/\{(\d)\}/g, (_, i: string) => args[Number(i)] ?? '');
    })
    .join(' & ');
}

const PY_NUMBER = /^[+-]?(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?$/;

/** What pandas makes of an unquoted operand: a number, a bool, a list, or an unknown name. */
function evaluateOperand(o: { value: unknown; quoted: boolean }, field: string): unknown {
  const v = o.value;
  if (v === null || v === undefined) {
    throw new SdkError('E_VALIDATION', `filter on ${field}: None cannot be compared`, {
      path: field,
    });
  }
  if (typeof v !== 'string' || o.quoted) return v;
  const s = v.trim();
  if (s === 'True' || s === 'False') return s === 'True';
  if (PY_NUMBER.test(s)) return Number(s.replaceAll('_', ''));
  throw new SdkError(
    'E_VALIDATION',
    `filter on ${field}: name '${s}' is not defined (pandas evaluates an unquoted string)`,
    { path: field },
  );
}

const asNumber = (v: unknown) => (typeof v === 'boolean' ? Number(v) : v);
const isMissing = (v: unknown) =>
  v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

/** pandas comparison of one cell: missing cells are false; a string against a number throws. */
function compareCell(cell: unknown, op: string, operand: unknown, field: string): boolean {
  if (isMissing(cell)) return false;
  if (op === '==') {
    if (Array.isArray(operand)) return operand.some((x) => !isMissing(x) && pyEquals(cell, x));
    return pyEquals(cell, operand);
  }
  const a = asNumber(cell);
  const b = asNumber(operand);
  if (
    !(
      (typeof a === 'number' && typeof b === 'number') ||
      (typeof a === 'string' && typeof b === 'string')
    )
  ) {
    throw new SdkError(
      'E_VALIDATION',
      `filter on ${field}: '${op}' not supported between ${pyRepr(cell)} and ${pyRepr(operand)}`,
      { path: field },
    );
  }
  const c = pyCompare(a, b);
  return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
}

function predicate(f: DataframeFilter): (r: ApiRecord) => boolean {
  template(f.op);
  const ops = operands(f);
  const at = (i: number) => {
    const o = ops[i];
    if (o === undefined) needOperands(f, i + 1);
    return evaluateOperand(o as { value: unknown; quoted: boolean }, f.field);
  };
  const field = f.field;
  switch (f.op) {
    case 'between': {
      const lo = at(0);
      const hi = at(1);
      return (r) =>
        compareCell(r[field], '>=', lo, field) && compareCell(r[field], '<=', hi, field);
    }
    case '<':
    case '>':
    case '<=':
    case '>=': {
      const v = at(0);
      return (r) => compareCell(r[field], f.op, v, field);
    }
    default: {
      const v = at(0);
      return (r) => compareCell(r[field], '==', v, field);
    }
  }
}

/**
 * `dataframe_query(data, filters, primaryKey)`: the records whose primary key is among those of
 * the rows matching every filter (so all records sharing a matching key are kept), in input order.
 * The filters mean what the pandas query of {@link dataframeQueryString} means: missing values
 * never match; `in` (and `=` with a list, which uses its **first** item, as the reference does)
 * compares for membership; numbers and booleans compare as numbers. A field no record has, an
 * unknown op, a `between` without two bounds, a `None` value and an unquoted string that is not
 * a Python number or bool all throw `E_VALIDATION`, where the reference raises.
 */
export function dataframeQuery(
  data: readonly ApiRecord[],
  filters: readonly DataframeFilter[],
  primaryKey: string,
): ApiRecord[] {
  if (filters.length === 0) return [...data];
  const preds = filters.map(predicate);
  for (const f of filters) {
    if (!data.some((r) => f.field in r)) {
      throw new SdkError('E_VALIDATION', `name '${f.field}' is not defined (no record has it)`, {
        path: f.field,
      });
    }
  }
  const keys = new Set(
    data.filter((r) => preds.every((p) => p(r))).map((r) => hashKey(item(r, primaryKey, 'record'))),
  );
  return data.filter((d) => keys.has(hashKey(item(d, primaryKey, 'record'))));
}

/**
 * Typed records of the API answers the query classes use most (well-known files, neuronal models),
 * checked field by field with errors that name the JSON path. Hand-written because @sdk/api has no
 * zod dependency yet; the shapes mirror what a zod schema would declare (extra keys are kept).
 */
import { SdkError } from '@sdk/core';
import type { ApiRecord } from '../api.js';

export interface WellKnownFileType {
  id: number;
  name: string;
}

export interface WellKnownFile {
  id: number;
  path: string;
  download_link: string;
  attachable_id: number | null;
  attachable_type: string | null;
  well_known_file_type_id: number | null;
  well_known_file_type?: WellKnownFileType;
  [key: string]: unknown;
}

export interface NeuronalModelRecord {
  id: number;
  name: string;
  specimen_id: number;
  neuronal_model_template_id: number;
  well_known_files: WellKnownFile[];
  neuronal_model_template?: ApiRecord & {
    id: number;
    name: string;
    well_known_files?: WellKnownFile[];
  };
  specimen?: ApiRecord;
  [key: string]: unknown;
}

/** The response envelope. */
export interface RmaEnvelope<T> {
  success: true;
  id?: number;
  start_row: number;
  num_rows: number;
  total_rows: number;
  msg: T[];
}

type Check<T> = (v: unknown, path: string, file?: string) => T;

function fail(path: string, what: string, v: unknown, file?: string): never {
  throw new SdkError('E_VALIDATION', `expected ${what}, got ${v === null ? 'null' : typeof v}`, {
    ...(file ? { file } : {}),
    path,
  });
}

const int: Check<number> = (v, p, f) =>
  Number.isInteger(v) ? (v as number) : fail(p, 'an integer', v, f);
const str: Check<string> = (v, p, f) => (typeof v === 'string' ? v : fail(p, 'a string', v, f));
const nullable =
  <T>(c: Check<T>): Check<T | null> =>
  (v, p, f) =>
    v === null ? null : c(v, p, f);
const obj: Check<ApiRecord> = (v, p, f) =>
  v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as ApiRecord)
    : fail(p, 'an object', v, f);
const arrayOf =
  <T>(c: Check<T>): Check<T[]> =>
  (v, p, f) =>
    Array.isArray(v) ? v.map((x, i) => c(x, `${p}[${i}]`, f)) : fail(p, 'an array', v, f);

export const wellKnownFileType: Check<WellKnownFileType> = (v, p, f) => {
  const o = obj(v, p, f);
  return { ...o, id: int(o.id, `${p}.id`, f), name: str(o.name, `${p}.name`, f) };
};

export const wellKnownFile: Check<WellKnownFile> = (v, p, f) => {
  const o = obj(v, p, f);
  const out: WellKnownFile = {
    ...o,
    id: int(o.id, `${p}.id`, f),
    path: str(o.path, `${p}.path`, f),
    download_link: str(o.download_link, `${p}.download_link`, f),
    attachable_id: nullable(int)(o.attachable_id ?? null, `${p}.attachable_id`, f),
    attachable_type: nullable(str)(o.attachable_type ?? null, `${p}.attachable_type`, f),
    well_known_file_type_id: nullable(int)(
      o.well_known_file_type_id ?? null,
      `${p}.well_known_file_type_id`,
      f,
    ),
  };
  if (o.well_known_file_type !== undefined) {
    out.well_known_file_type = wellKnownFileType(
      o.well_known_file_type,
      `${p}.well_known_file_type`,
      f,
    );
  }
  return out;
};

export const neuronalModel: Check<NeuronalModelRecord> = (v, p, f) => {
  const o = obj(v, p, f);
  const out: NeuronalModelRecord = {
    ...o,
    id: int(o.id, `${p}.id`, f),
    name: str(o.name, `${p}.name`, f),
    specimen_id: int(o.specimen_id, `${p}.specimen_id`, f),
    neuronal_model_template_id: int(
      o.neuronal_model_template_id,
      `${p}.neuronal_model_template_id`,
      f,
    ),
    well_known_files: arrayOf(wellKnownFile)(o.well_known_files, `${p}.well_known_files`, f),
  };
  if (o.neuronal_model_template !== undefined) {
    const t = obj(o.neuronal_model_template, `${p}.neuronal_model_template`, f);
    out.neuronal_model_template = {
      ...t,
      id: int(t.id, `${p}.neuronal_model_template.id`, f),
      name: str(t.name, `${p}.neuronal_model_template.name`, f),
      ...(t.well_known_files === undefined
        ? {}
        : {
            well_known_files: arrayOf(wellKnownFile)(
              t.well_known_files,
              `${p}.neuronal_model_template.well_known_files`,
              f,
            ),
          }),
    };
  }
  if (o.specimen !== undefined) out.specimen = obj(o.specimen, `${p}.specimen`, f);
  return out;
};

/** Checks a whole response envelope and each of its records. */
export function parseEnvelope<T>(parsed: unknown, record: Check<T>, file?: string): RmaEnvelope<T> {
  const o = obj(parsed, '$', file);
  if (o.success !== true) fail('$.success', 'true', o.success, file);
  return {
    success: true,
    ...(o.id === undefined ? {} : { id: int(o.id, '$.id', file) }),
    start_row: int(o.start_row, '$.start_row', file),
    num_rows: int(o.num_rows, '$.num_rows', file),
    total_rows: int(o.total_rows, '$.total_rows', file),
    msg: arrayOf(record)(o.msg, '$.msg', file),
  };
}

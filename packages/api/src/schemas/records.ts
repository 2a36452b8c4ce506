/**
 * zod schemas of the API answers the query classes use most (well-known files, neuronal models).
 * Records keep unknown keys (`looseObject`): the API adds fields over time and users read them.
 * Failures are SdkError E_VALIDATION naming the file and the JSON path (core's parseWithSchema).
 */
import { parseWithSchema } from '@sdk/core';
import { z } from 'zod';

export const wellKnownFileTypeSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
});

export const wellKnownFileSchema = z.looseObject({
  id: z.number().int(),
  path: z.string(),
  download_link: z.string(),
  attachable_id: z.number().int().nullable().default(null),
  attachable_type: z.string().nullable().default(null),
  well_known_file_type_id: z.number().int().nullable().default(null),
  well_known_file_type: wellKnownFileTypeSchema.optional(),
});

export const neuronalModelSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  specimen_id: z.number().int(),
  neuronal_model_template_id: z.number().int(),
  well_known_files: z.array(wellKnownFileSchema),
  neuronal_model_template: z
    .looseObject({
      id: z.number().int(),
      name: z.string(),
      well_known_files: z.array(wellKnownFileSchema).optional(),
    })
    .optional(),
  specimen: z.looseObject({}).optional(),
});

export type WellKnownFileType = z.output<typeof wellKnownFileTypeSchema>;
export type WellKnownFile = z.output<typeof wellKnownFileSchema>;
export type NeuronalModelRecord = z.output<typeof neuronalModelSchema>;

/** The RMA response envelope around records of one schema. */
export function rmaEnvelopeSchema<S extends z.ZodType>(record: S) {
  return z.looseObject({
    success: z.literal(true),
    id: z.number().int().optional(),
    start_row: z.number().int(),
    num_rows: z.number().int(),
    total_rows: z.number().int(),
    msg: z.array(record),
  });
}

export interface RmaEnvelope<T> {
  success: true;
  id?: number | undefined;
  start_row: number;
  num_rows: number;
  total_rows: number;
  msg: T[];
}

/** Checks a whole response envelope and each of its records. */
export function parseEnvelope<S extends z.ZodType>(
  parsed: unknown,
  record: S,
  file?: string,
): RmaEnvelope<z.output<S>> {
  return parseWithSchema(rmaEnvelopeSchema(record), parsed, file ? { file } : {}) as RmaEnvelope<
    z.output<S>
  >;
}

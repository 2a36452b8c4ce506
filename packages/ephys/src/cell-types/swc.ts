/**
 * The two small readers `CellTypesCache` needs: `allensdk.core.swc.read_swc` (compartment rows,
 * without the Morphology tree that @sdk/atlas provides) and `read_marker_file`.
 */
import { SdkError } from '@sdk/core';

/** One SWC row, keyed as allensdk's `Compartment` dict (`NODE_ID`, `NODE_TYPE`, …). */
export interface SwcCompartment {
  id: number;
  type: number;
  x: number;
  y: number;
  z: number;
  radius: number;
  parent: number;
}

/**
 * One reconstruction marker (`x, y, z` µm; `name` 10 = cut dendrite, 20 = no reconstruction,
 * 30 = soma). Coordinates are shifted back by one image pixel, as allensdk's `Marker` does.
 */
export interface ReconstructionMarker {
  x: number;
  y: number;
  z: number;
  name: number;
}

function intField(tok: string | undefined, what: string, line: number, file?: string): number {
  const t = tok?.trim() ?? '';
  if (!/^[+-]?\d+$/.test(t)) {
    throw new SdkError('E_FORMAT', `SWC line ${line}: ${what} ${JSON.stringify(t)} is not an int`, {
      ...(file ? { file } : {}),
      path: `line ${line}`,
    });
  }
  return Number(t);
}

function floatField(tok: string | undefined, what: string, line: number, file?: string): number {
  const t = tok?.trim() ?? '';
  const v = t === '' ? Number.NaN : Number(t);
  if (Number.isNaN(v) && !/^[+-]?nan$/i.test(t)) {
    throw new SdkError('E_FORMAT', `line ${line}: ${what} ${JSON.stringify(t)} is not a number`, {
      ...(file ? { file } : {}),
      path: `line ${line}`,
    });
  }
  return v;
}

/**
 * Parses SWC text: `#` lines skipped, then `id type x y z radius parent` per line. allensdk splits on
 * single spaces; runs of whitespace are accepted here (the same files parse identically).
 */
export function parseSwc(text: string, file?: string): SwcCompartment[] {
  const out: SwcCompartment[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trimStart().startsWith('#') || raw.trim() === '') return;
    const t = raw.trim().split(/\s+/);
    if (t.length < 7) {
      throw new SdkError('E_FORMAT', `SWC line ${line} has ${t.length} fields, expected 7`, {
        ...(file ? { file } : {}),
        path: `line ${line}`,
      });
    }
    out.push({
      id: intField(t[0], 'id', line, file),
      type: intField(t[1], 'type', line, file),
      x: floatField(t[2], 'x', line, file),
      y: floatField(t[3], 'y', line, file),
      z: floatField(t[4], 'z', line, file),
      radius: floatField(t[5], 'radius', line, file),
      parent: intField(t[6], 'parent', line, file),
    });
  });
  return out;
}

/** allensdk `Marker.SPACING`: the file's coordinates are offset by one pixel of this size (µm). */
export const MARKER_SPACING = [0.1144, 0.1144, 0.28] as const;

/**
 * `read_marker_file`: CSV rows (lines starting with `#` skipped) `x, y, z, radius, shape, name, …`;
 * returns `{x − 0.1144, y − 0.1144, z − 0.28, name}` per row.
 */
export function parseMarkerFile(text: string, file?: string): ReconstructionMarker[] {
  const out: ReconstructionMarker[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.startsWith('#') || raw === '') return;
    const t = raw.split(',');
    out.push({
      x: floatField(t[0], 'x', line, file) - MARKER_SPACING[0],
      y: floatField(t[1], 'y', line, file) - MARKER_SPACING[1],
      z: floatField(t[2], 'z', line, file) - MARKER_SPACING[2],
      name: intField(t[5], 'name', line, file),
    });
  });
  return out;
}

/**
 * The compartments as allensdk's `Morphology(compartment_list=…).compartment_list` holds them
 * (`Morphology._reconstruct`): ids renumbered 0…n−1 in file order and parents remapped to the new
 * ids; a parent id below n that names no compartment becomes −1 (a new root), as in the
 * reference; one at or above n that names none is an error (KeyError there).
 */
export function reindexCompartments(
  compartments: readonly SwcCompartment[],
  file?: string,
): SwcCompartment[] {
  const n = compartments.length;
  const remap = new Map<number, number>();
  compartments.forEach((c, i) => {
    remap.set(c.id, i);
  });
  return compartments.map((c, i) => {
    let parent = c.parent;
    if (parent >= 0) {
      const mapped = remap.get(parent);
      if (mapped !== undefined) parent = mapped;
      else if (parent < n) parent = -1;
      else {
        throw new SdkError('E_FORMAT', `compartment ${c.id} has a missing parent ${parent}`, {
          ...(file ? { file } : {}),
          path: `compartment ${c.id}`,
        });
      }
    }
    return { ...c, id: i, parent };
  });
}

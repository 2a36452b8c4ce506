import type { NwbFile } from './file.js';
import type { NwbObject, TreeNode } from './object.js';

export type NwbObjectClass = new (nwb: NwbFile, node: TreeNode, linkPath?: string) => NwbObject;

const classes = new Map<string, NwbObjectClass>();

/** Registers the class that wraps objects of `type` (and of subtypes without a class of their own). */
export function registerType(type: string, cls: NwbObjectClass): void {
  classes.set(type, cls);
}

/** The class for the most specific type of `chain` that has one. */
export function classForChain(chain: readonly string[]): NwbObjectClass | undefined {
  for (const t of chain) {
    const c = classes.get(t);
    if (c) return c;
  }
  return undefined;
}

// What opening costs in HDF5 calls (spec §3: opening walks the tree once). Counted at @sdk/core's
// wrapper, where every HDF5 call goes through H5File.call with the action it performs: each
// object's attributes are listed once (the schema texts under /specifications not at all), links are listed group by group, and no object is looked
// up by path again.
import { H5File } from '@sdk/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openNwb } from '../src/index.js';
import type { TreeNode } from '../src/object.js';
import { fixturePath } from './support/fixtures.js';

afterEach(() => {
  vi.restoreAllMocks();
});

function countActions(): Map<string, number> {
  const counts = new Map<string, number>();
  const original = H5File.prototype.call;
  vi.spyOn(H5File.prototype, 'call').mockImplementation(function (
    this: H5File,
    path: string,
    action: string,
    fn: Parameters<H5File['call']>[2],
  ) {
    const key = action.startsWith('reading attribute') ? 'reading attribute' : action;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return original.call(this, path, action, fn);
  } as H5File['call']);
  return counts;
}

function nodes(root: TreeNode): TreeNode[] {
  const out: TreeNode[] = [root];
  for (const c of root.children?.values() ?? []) out.push(...nodes(c));
  return out;
}

describe('opening cost', () => {
  for (const name of ['ecephys.nwb', 'ophys.nwb', 'icephys.nwb']) {
    it(`${name}: one attribute listing per object, no lookups by path`, async () => {
      const counts = countActions();
      const nwb = await openNwb(fixturePath(name));
      vi.restoreAllMocks();
      try {
        const all = nodes(nwb.root);
        const objects = all.filter((n) => n.kind === 'group' || n.kind === 'dataset');
        const groups = all.filter((n) => n.kind === 'group');
        const typed = objects.filter((n) => n.neurodata_type !== undefined);
        expect(typed.length).toBeGreaterThan(10);
        // The cached schema texts under /specifications are not asked for type attributes.
        const schemaTexts = objects.filter((n) => n.path.startsWith('/specifications/'));
        expect(schemaTexts.length).toBeGreaterThan(10);
        // +1: the root's nwb_version check before the walk.
        expect(counts.get('listing attributes')).toBe(objects.length - schemaTexts.length + 1);
        // One recursive listing, then one per group.
        expect(counts.get('listing group')).toBe(groups.length + 1);
        expect(counts.get('looking up') ?? 0).toBe(0);
        // Each typed object has neurodata_type, namespace and object_id (pynwb 2.x writes all
        // three); the root check reads nwb_version. Two HDF5 reads (metadata, data) per value.
        const typeAttrs = objects.reduce(
          (a, n) =>
            a +
            (n.neurodata_type !== undefined ? 1 : 0) +
            (n.namespace !== undefined ? 1 : 0) +
            (n.object_id !== undefined ? 1 : 0),
          0,
        );
        expect(counts.get('reading attribute')).toBe(2 * (typeAttrs + 1));
      } finally {
        nwb.close();
      }
    });
  }
});

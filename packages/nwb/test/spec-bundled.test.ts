// A namespace cached at the version this package bundles (core 2.7.0, hdmf-common 1.8.0,
// hdmf-experimental 0.5.0: what pynwb 2.8.3 writes) is taken from the bundled, once-parsed copy
// instead of the file's /specifications datasets. The catalog must be the one the file's own
// texts give, type by type; other namespaces (extensions, other versions) still come from the file.
import { H5File, openH5 } from '@sdk/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openNwb, SpecCatalog } from '../src/index.js';
import { fixturePath } from './support/fixtures.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** The catalog built from the file's own cached texts (every namespace, latest version). */
async function catalogFromFile(path: string): Promise<SpecCatalog> {
  const h5 = await openH5(path);
  try {
    const cached: { namespace: unknown; version: string; files: Record<string, unknown> }[] = [];
    for (const ns of h5.group('/specifications').keys()) {
      const versions = h5.group(`/specifications/${ns}`).keys().sort();
      const version = versions[versions.length - 1] as string;
      const files: Record<string, unknown> = {};
      let namespace: unknown;
      for (const src of h5.group(`/specifications/${ns}/${version}`).keys()) {
        const text = (
          h5.dataset(`/specifications/${ns}/${version}/${src}`).readStrings().data as string[]
        ).join('');
        if (src === 'namespace') namespace = JSON.parse(text);
        else files[src] = JSON.parse(text);
      }
      cached.push({ namespace, version, files });
    }
    return SpecCatalog.fromCached(cached);
  } finally {
    h5.close();
  }
}

function describeCatalog(c: SpecCatalog, types: readonly string[]) {
  return types.map((t) => ({
    type: t,
    chain: c.chain(t),
    spec: c.get(t)?.spec ?? null,
    fields: c.fields(t).map((f) => [f.role, f.name, f.declaredBy]),
  }));
}

describe('bundled copies of cached namespaces', () => {
  for (const name of ['ecephys.nwb', 'extension.nwb', 'pynwb3.nwb']) {
    it(`${name}: the catalog equals the one parsed from the file's own texts`, async () => {
      const path = fixturePath(name);
      const fromFile = await catalogFromFile(path);
      const reads: string[] = [];
      const original = H5File.prototype.readRaw;
      vi.spyOn(H5File.prototype, 'readRaw').mockImplementation(function (
        this: H5File,
        p,
        t,
        itemSize,
        sel,
      ) {
        reads.push(p);
        return original.call(this, p, t, itemSize, sel);
      });
      const nwb = await openNwb(path);
      try {
        const spec = nwb.spec;
        const types = [...new Set(nwb.objects().map((o) => o.neurodata_type))].sort();
        expect(types.length).toBeGreaterThan(3);
        expect(describeCatalog(spec, types)).toEqual(describeCatalog(fromFile, types));
        expect(spec.namespaces()).toEqual(fromFile.namespaces());
        const schemaReads = reads.filter((p) => p.startsWith('/specifications/'));
        const namespaces = Object.entries(nwb.namespaces());
        const bundled = namespaces.filter(
          ([ns, v]) =>
            (ns === 'core' && v === '2.7.0') ||
            (ns === 'hdmf-common' && v === '1.8.0') ||
            (ns === 'hdmf-experimental' && v === '0.5.0'),
        );
        // Only namespaces at other versions (pynwb 3's) or of extensions are read from the file.
        for (const [ns] of bundled)
          expect(schemaReads.filter((p) => p.startsWith(`/specifications/${ns}/`))).toEqual([]);
        if (bundled.length < namespaces.length) expect(schemaReads.length).toBeGreaterThan(0);
        if (name === 'ecephys.nwb') expect(bundled.length).toBe(3);
      } finally {
        nwb.close();
      }
    });
  }
});

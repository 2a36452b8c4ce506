// The biophysical model manifests in shared/data resolve as allensdk's
// Manifest(config, relative_base_dir).get_path does (fixture: core_manifest_biophysical.py).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Manifest, type ManifestEntry } from '../src/manifest/manifest.js';

const DATA = fileURLToPath(new URL('../../../../shared/data/', import.meta.url)).replace(/\/$/, '');
const MODELS = join(DATA, 'cell-types', 'biophysical');

interface Case {
  model: string;
  relative_base_dir: string;
  get_path: Record<string, string>;
  get_format: Record<string, string | null>;
}

const { cases } = JSON.parse(
  readFileSync(new URL('./fixtures/manifest/biophysical_manifests.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

/** `<CWD>` is the working directory the reference resolved against, `<DATA>` the data root. */
const local = (s: string) => s.replace('<CWD>', process.cwd()).replace('<DATA>', DATA);

describe('biophysical manifest.json files resolve as allensdk Manifest does', () => {
  it.skipIf(!existsSync(MODELS))('the fixture covers every model manifest in shared/data', () => {
    const models = readdirSync(MODELS).filter((d) => existsSync(join(MODELS, d, 'manifest.json')));
    expect(models.length).toBeGreaterThan(0);
    expect([...new Set(cases.map((c) => c.model))].sort()).toEqual(models.sort());
  });

  for (const c of cases) {
    const file = join(MODELS, c.model, 'manifest.json');
    it.skipIf(!existsSync(file))(`${c.model} with relative_base_dir ${c.relative_base_dir}`, () => {
      const config = (JSON.parse(readFileSync(file, 'utf8')) as { manifest: ManifestEntry[] })
        .manifest;
      const m = new Manifest(config, local(c.relative_base_dir));
      expect([...m.pathInfo.keys()].sort()).toEqual(Object.keys(c.get_path).sort());
      for (const [key, want] of Object.entries(c.get_path)) {
        expect(m.getPath(key), key).toBe(local(want));
        expect(m.getFormat(key), key).toBe(c.get_format[key]);
      }
    });
  }
});

// Every oracle fixture is recorded in its package's manifest with its generator, the library
// versions that produced it and its checksum, and the repository's fixtures stay small.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const MAX_TOTAL_BYTES = 30 * 1024 * 1024;

interface FixtureEntry {
  generator: string;
  sha256: string;
  bytes: number;
  versions: Record<string, string>;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

const fixtureDirs = readdirSync(join(root, 'packages'))
  .map((p) => join(root, 'packages', p, 'test', 'fixtures'))
  .filter((d) => existsSync(join(d, 'manifest.json')));

describe('oracle fixture manifests', () => {
  it('at least one package has oracle fixtures', () => {
    expect(fixtureDirs.length).toBeGreaterThan(0);
  });

  describe.each(fixtureDirs.map((d) => [relative(root, d), d]))('%s', (_name, dir) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      fixtures: Record<string, FixtureEntry>;
    };

    it.each(Object.entries(manifest.fixtures))(
      '%s matches its recorded checksum',
      (file, entry) => {
        const path = join(dir, file);
        expect(existsSync(path), `${file} is listed but missing`).toBe(true);
        const bytes = readFileSync(path);
        expect(bytes.length).toBe(entry.bytes);
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256);
        expect(existsSync(join(root, entry.generator)), `generator ${entry.generator}`).toBe(true);
        expect(entry.versions.python).toMatch(/^3\.\d+/);
      },
    );
  });

  it('the whole repository keeps its fixtures under 30 MB', () => {
    const all = readdirSync(join(root, 'packages'))
      .map((p) => join(root, 'packages', p, 'test', 'fixtures'))
      .filter((d) => existsSync(d))
      .flatMap(filesUnder);
    const total = all.reduce((sum, f) => sum + statSync(f).size, 0);
    expect(total).toBeLessThan(MAX_TOTAL_BYTES);
  });
});

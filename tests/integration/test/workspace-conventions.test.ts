// Every publishable package follows ARCHITECTURE.md's package rules.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SDK_PACKAGES } from '../../../apps/cli/src/packages.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const changesetConfig = JSON.parse(readFileSync(`${root}.changeset/config.json`, 'utf8')) as {
  fixed: string[][];
};

interface Manifest {
  name: string;
  type?: string;
  private?: boolean;
  sideEffects?: boolean | string[];
  files?: string[];
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
}

function manifest(name: string): Manifest {
  return JSON.parse(readFileSync(`${root}packages/${name}/package.json`, 'utf8')) as Manifest;
}

/** The allowed edges of ARCHITECTURE.md's dependency graph. */
const ALLOWED: Record<string, string[]> = {
  signal: [],
  core: [],
  nwb: ['core'],
  api: ['core'],
  atlas: ['core', 'api'],
  ephys: ['core', 'signal', 'nwb', 'api'],
  behavior: ['core', 'signal', 'nwb'],
  ophys: ['core', 'signal', 'nwb', 'api', 'behavior'],
  ecephys: ['core', 'signal', 'nwb', 'api'],
  multimodal: ['core', 'signal', 'nwb', 'ephys', 'ophys'],
};

describe.each(SDK_PACKAGES)('@sdk/%s', (name) => {
  const m = manifest(name);

  it('is a public ESM package without side effects', () => {
    expect(m.name).toBe(`@sdk/${name}`);
    expect(m.type).toBe('module');
    expect(m.private).toBeUndefined();
    // false, or the exact modules whose top-level code registers something (e.g. NWB type classes).
    if (Array.isArray(m.sideEffects)) {
      for (const f of m.sideEffects.filter((f) => f.startsWith('./src/'))) {
        expect(existsSync(`${root}packages/${name}/${f}`), f).toBe(true);
      }
    } else {
      expect(m.sideEffects).toBe(false);
    }
    expect(m.files).toContain('dist');
  });

  it('exports src under @sdk/source, dist otherwise, and hides internals', () => {
    const main = m.exports?.['.'] as Record<string, string>;
    expect(Object.keys(main)[0]).toBe('@sdk/source');
    expect(main['@sdk/source']).toBe('./src/index.ts');
    expect(main.default).toBe('./dist/index.js');
    expect(main.types).toBe('./dist/index.d.ts');
    expect(m.exports).toHaveProperty(['./internal/*'], null);
  });

  it('has a README, src/index.ts and a test folder', () => {
    for (const f of ['README.md', 'src/index.ts', 'test']) {
      expect(existsSync(`${root}packages/${name}/${f}`), f).toBe(true);
    }
  });

  it('depends only on the siblings the architecture allows', () => {
    const siblings = Object.keys(m.dependencies ?? {})
      .filter((d) => d.startsWith('@sdk/'))
      .map((d) => d.slice('@sdk/'.length));
    for (const s of siblings) expect(ALLOWED[name]).toContain(s);
  });

  it('is in the fixed release group', () => {
    expect(changesetConfig.fixed.flat()).toContain(`@sdk/${name}`);
  });
});

// Canary: unit tests must run against sibling packages' sources, never a (possibly stale) dist.
import { sep } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SDK_PACKAGES } from '../../../apps/cli/src/packages.js';

let resolutions: Record<string, string> = {};

beforeAll(async () => {
  for (const name of SDK_PACKAGES) await import(/* @vite-ignore */ `@sdk/${name}`);
  // Loaded once, after every sibling import has gone through the resolver.
  resolutions = (await import('virtual:sdk-resolutions')).default;
});

describe('sibling packages resolve to src during tests', () => {
  it.each(SDK_PACKAGES)('@sdk/%s', (name) => {
    const resolved = resolutions[`@sdk/${name}`];
    expect(resolved, `no resolution recorded for @sdk/${name}`).toBeTypeOf('string');
    expect(resolved).toContain(['packages', name, 'src', 'index.ts'].join(sep));
    expect(resolved).not.toMatch(/[\\/]dist[\\/]/);
  });
});

// Shared vitest configuration. Plain JS so that loading it needs no build step.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The export condition that points a sibling package at its TypeScript sources. */
export const SOURCE_CONDITION = '@sdk/source';

const SDK_SCOPE = /^@sdk\//;
const DIST_SEGMENT = /[\\/]dist[\\/]/;

/**
 * Records where every `@sdk/*` import resolved, and refuses a resolution into a `dist` folder:
 * unit tests must exercise the sources, and a stale build would otherwise be tested silently.
 * The record is readable from a test as the virtual module `virtual:sdk-resolutions`.
 */
export function sdkSourceGuard() {
  const resolutions = new Map();
  const VIRTUAL = 'virtual:sdk-resolutions';
  return {
    name: 'sdk-source-guard',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (source === VIRTUAL) return `\0${VIRTUAL}`;
      if (!SDK_SCOPE.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved) return null;
      resolutions.set(source, resolved.id);
      if (DIST_SEGMENT.test(resolved.id)) {
        throw new Error(
          `${source} resolved to ${resolved.id}: tests must load sibling packages from src ` +
            `(the "${SOURCE_CONDITION}" export condition is missing from its exports map?)`,
        );
      }
      return resolved;
    },
    load(id) {
      if (id !== `\0${VIRTUAL}`) return null;
      return `export default ${JSON.stringify(Object.fromEntries(resolutions))};`;
    },
  };
}

/**
 * The config every package's vitest.config.ts returns.
 * @param {string} packageUrl `import.meta.url` of the calling config file.
 * @param {import('vitest/config').ViteUserConfig} [extra] merged over the defaults.
 */
export function sdkVitestConfig(packageUrl, extra = {}) {
  const root = fileURLToPath(new URL('.', packageUrl));
  const conditions = [SOURCE_CONDITION, 'module', 'node', 'import', 'default'];
  const { test: extraTest = {}, ...rest } = extra;
  return defineConfig({
    root,
    plugins: [sdkSourceGuard()],
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: [SOURCE_CONDITION] } },
    ...rest,
    test: {
      include: ['test/**/*.test.ts'],
      // A package whose issue has not landed yet has no tests; it must not fail the run.
      passWithNoTests: true,
      reporters: ['default', 'json'],
      // CI sums these files into one "N passed, N failed" line (tooling/scripts/run-tests.mjs).
      outputFile: { json: '.vitest/results.json' },
      testTimeout: 30_000,
      // Importing a package's sources through vite's transform is slow on a loaded 2-core CI box.
      hookTimeout: 120_000,
      ...extraTest,
    },
  });
}

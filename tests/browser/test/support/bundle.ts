// Bundles src/smoke.ts for the browser with vite (library mode, ES module, platform browser,
// sibling packages from their sources through the "@sdk/source" condition) into memory, and
// records every Node built-in that any module of the graph tried to import, with the chain of
// importers that led to it. Vite would silently swap such an import for an empty
// "__vite-browser-external" shim, so the shim alone would hide the leak.
import { builtinModules } from 'node:module';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, defaultClientConditions, type Plugin, type Rolldown } from 'vite';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const ENTRY = fileURLToPath(new URL('../../src/smoke.ts', import.meta.url));

export interface NodeImport {
  /** The specifier as written, e.g. `node:fs/promises`. */
  specifier: string;
  /** Importing modules, nearest first, up to the entry (paths relative to the repo root). */
  chain: string[];
}

export interface Bundle {
  /** Output files by name (the entry is `smoke.js`). */
  files: Map<string, string | Uint8Array>;
  nodeImports: NodeImport[];
  /** How long vite took, in ms. */
  millis: number;
}

const BUILTINS = new Set(builtinModules);

function isNodeBuiltin(specifier: string): boolean {
  if (specifier.startsWith('node:')) return true;
  return BUILTINS.has(specifier) || BUILTINS.has(specifier.split('/')[0] ?? '');
}

function shortPath(id: string): string {
  const clean = id.replace(/^\0/, '').split('?')[0] ?? id;
  return clean.startsWith(REPO_ROOT) ? relative(REPO_ROOT, clean) : clean;
}

function nodeBuiltinProbe(found: NodeImport[]): Plugin {
  const raw: { specifier: string; importer: string | undefined }[] = [];
  return {
    name: 'node-builtin-probe',
    enforce: 'pre',
    resolveId(source, importer) {
      if (isNodeBuiltin(source)) raw.push({ specifier: source, importer });
      return null;
    },
    buildEnd() {
      for (const { specifier, importer } of raw) {
        const chain: string[] = [];
        const seen = new Set<string>();
        let at = importer;
        while (at && !seen.has(at)) {
          seen.add(at);
          chain.push(shortPath(at));
          at = this.getModuleInfo(at)?.importers[0];
        }
        found.push({ specifier, chain });
      }
    },
  };
}

/** Bundles `entry` (default: the smoke page) as the browser would load it. */
export async function bundleForBrowser(entry: string = ENTRY): Promise<Bundle> {
  const nodeImports: NodeImport[] = [];
  const started = performance.now();
  const out = await build({
    configFile: false,
    root: PACKAGE_ROOT,
    logLevel: 'warn',
    mode: 'production',
    plugins: [nodeBuiltinProbe(nodeImports)],
    resolve: { conditions: ['@sdk/source', ...defaultClientConditions] },
    build: {
      write: false,
      target: 'es2022',
      minify: false,
      sourcemap: false,
      reportCompressedSize: false,
      copyPublicDir: false,
      lib: { entry, formats: ['es'], fileName: () => 'smoke.js' },
      rolldownOptions: { platform: 'browser' },
    },
  });
  const millis = performance.now() - started;
  const outputs = (Array.isArray(out) ? out : [out]) as Rolldown.RolldownOutput[];
  const files = new Map<string, string | Uint8Array>();
  for (const o of outputs) {
    if (!('output' in o)) throw new Error('vite build returned a watcher, expected outputs');
    for (const item of o.output) {
      files.set(item.fileName, item.type === 'chunk' ? item.code : item.source);
    }
  }
  return { files, nodeImports, millis };
}

/**
 * Node-only constructs left in the output JavaScript: `node:` specifiers in static or dynamic
 * imports and require calls, vite's browser-external shim, and `require(` calls at all.
 */
export function nodeLeaksInOutput(files: Map<string, string | Uint8Array>): string[] {
  const leaks: string[] = [];
  const patterns: [string, RegExp][] = [
    ['node: specifier', /(?:from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)["']node:[^"']*["']/g],
    ['vite browser-external shim', /__vite-browser-external[^"'\s]*/g],
    ['require() call', /(?<![\w$.])require\s*\(\s*["'][^"']+["']\s*\)/g],
  ];
  for (const [name, text] of files) {
    if (typeof text !== 'string') continue;
    for (const [what, re] of patterns) {
      for (const m of text.matchAll(re)) leaks.push(`${name}: ${what}: ${m[0]}`);
    }
  }
  return leaks;
}

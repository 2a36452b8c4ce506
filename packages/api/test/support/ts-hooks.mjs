// Module hooks that let a child `node` process (Node 20 cannot import .ts) run the repository's
// TypeScript sources as they are: each .ts file is transpiled on load with
// `typescript.transpileModule` (type-only syntax stripped, nothing bundled or rewritten), and a
// relative `./x.js` import that only exists as `./x.ts` resolves to it, as NodeNext sources are
// written. Workspace packages resolve to their sources through the `@sdk/source` export
// condition, which the parent passes as `--conditions=@sdk/source` (see ts-child.ts).
// Transpiled text is kept in the OS temp folder by content hash: loading TypeScript and
// transpiling a package costs seconds per process on a busy machine.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CACHE = join(tmpdir(), 'sdk-ts-child-cache-v1');
let typescript;

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const relative = /^(\.{1,2}\/|\/|file:)/.test(specifier);
    if (relative && specifier.endsWith('.js') && context.parentURL) {
      const url = new URL(`${specifier.slice(0, -3)}.ts`, context.parentURL);
      if (existsSync(fileURLToPath(url))) return { url: url.href, shortCircuit: true };
    }
    throw error;
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const fileName = fileURLToPath(url);
  const source = await readFile(fileName, 'utf8');
  const cached = join(
    CACHE,
    `${createHash('sha256').update(fileName).update(source).digest('hex')}.js`,
  );
  try {
    return { format: 'module', source: await readFile(cached, 'utf8'), shortCircuit: true };
  } catch {
    // not transpiled yet
  }
  typescript ??= (await import('typescript')).default;
  const { outputText } = typescript.transpileModule(source, {
    fileName,
    compilerOptions: {
      module: typescript.ModuleKind.ESNext,
      target: typescript.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
      sourceMap: false,
    },
  });
  await mkdir(CACHE, { recursive: true });
  const temp = `${cached}.${process.pid}.tmp`;
  await writeFile(temp, outputText);
  await rename(temp, cached);
  return { format: 'module', source: outputText, shortCircuit: true };
}

// Python's `posixpath` functions that the manifest relies on, without node:path, so manifests
// resolve the same way in a browser. Manifest paths are POSIX paths in the reference too.

interface MaybeProcess {
  process?: { cwd?: () => string; env?: Record<string, string | undefined> };
}

/** The process working directory, or `/` where there is none (a browser). */
export function currentDir(): string {
  return (globalThis as MaybeProcess).process?.cwd?.() ?? '/';
}

/** An environment variable, or undefined where there is no environment (a browser). */
export function envVar(name: string): string | undefined {
  return (globalThis as MaybeProcess).process?.env?.[name];
}

/** `os.path.join`: an absolute component restarts the path; nothing is normalised. */
export function pyJoin(first: string, ...rest: string[]): string {
  let path = first;
  for (const part of rest) {
    if (part.startsWith('/')) path = part;
    else if (path === '' || path.endsWith('/')) path += part;
    else path += `/${part}`;
  }
  return path;
}

/** `os.path.normpath` (POSIX). */
export function pyNormpath(path: string): string {
  if (path === '') return '.';
  let initial = path.startsWith('/') ? 1 : 0;
  // POSIX allows `//` to mean something else, so Python keeps exactly two leading slashes.
  if (initial && path.startsWith('//') && !path.startsWith('///')) initial = 2;
  const out: string[] = [];
  for (const comp of path.split('/')) {
    if (comp === '' || comp === '.') continue;
    if (comp !== '..' || (!initial && out.length === 0) || out[out.length - 1] === '..') {
      out.push(comp);
    } else if (out.length > 0) {
      out.pop();
    }
  }
  const joined = '/'.repeat(initial) + out.join('/');
  return joined === '' ? '.' : joined;
}

/** `os.path.abspath`: joined to the working directory when relative, then normalised. */
export function pyAbspath(path: string, cwd: string = currentDir()): string {
  return pyNormpath(path.startsWith('/') ? path : pyJoin(cwd, path));
}

/** `os.path.dirname` (POSIX). */
export function pyDirname(path: string): string {
  const i = path.lastIndexOf('/') + 1;
  let head = path.slice(0, i);
  if (head !== '' && head !== '/'.repeat(head.length)) head = head.replace(/\/+$/, '');
  return head;
}

/** `pathlib.PurePosixPath(path).parts` (without the special case of a `//` root). */
export function pathParts(path: string): string[] {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  return path.startsWith('/') ? ['/', ...parts] : parts;
}

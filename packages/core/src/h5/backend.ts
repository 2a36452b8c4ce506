// The two h5wasm builds, loaded once each. The ESM build keeps files in Emscripten's in-memory
// file system (bytes in, bytes out; runs in a browser). The Node build ("h5wasm/node") is compiled
// with NODERAWFS, so HDF5 reads and writes the real file in place through node:fs and a file is
// never loaded whole. The Node build is imported by a computed specifier so that bundlers for the
// browser do not follow it; nothing in core imports node:* statically.
import type * as H5WasmNamespace from 'h5wasm';
import { SdkError } from '../errors.js';

export type H5Wasm = typeof H5WasmNamespace;
export type H5Module = H5Wasm['Module'];

export interface H5Backend {
  /** The h5wasm namespace: File, Group, Dataset classes. */
  readonly lib: H5Wasm;
  /** The Emscripten module: raw HDF5 calls, heap, FS. */
  readonly module: H5Module;
  /** 'memory' = Emscripten MEMFS (bytes); 'node' = the host file system. */
  readonly kind: 'memory' | 'node';
}

let memoryBackend: Promise<H5Backend> | undefined;
let nodeBackend: Promise<H5Backend> | undefined;

async function init(lib: H5Wasm, kind: H5Backend['kind']): Promise<H5Backend> {
  const module = (await lib.ready) as H5Module;
  // Without this HDF5 prints its error stack to stderr and h5wasm returns zero-filled buffers
  // (it ignores H5Dread's status); with it every HDF5 failure surfaces as a JS exception.
  module.activate_throwing_error_handler();
  return { lib, module, kind };
}

export function loadMemoryBackend(): Promise<H5Backend> {
  memoryBackend ??= import('h5wasm').then((lib) => init(lib, 'memory'));
  return memoryBackend;
}

export function isNodeRuntime(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

export function loadNodeBackend(): Promise<H5Backend> {
  if (!isNodeRuntime()) {
    return Promise.reject(
      new SdkError(
        'E_UNSUPPORTED',
        'opening an HDF5 file by path needs Node.js; in a browser pass the file bytes to openH5',
      ),
    );
  }
  const specifier = ['h5wasm', 'node'].join('/');
  nodeBackend ??= (import(/* @vite-ignore */ specifier) as Promise<H5Wasm>).then((lib) =>
    init(lib, 'node'),
  );
  return nodeBackend;
}

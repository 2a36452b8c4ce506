// Shared by the TS halves of the suites: the Python half writes raw little-endian float64 files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The float64 array `<workdir>/<name>` (a copy, so it is aligned and owned). */
export function readF64(workdir, name) {
  const buf = readFileSync(join(workdir, name));
  return new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8).slice();
}

// Browser entry of the smoke test. Served by the test's loopback server next to:
//   /fixtures/basic.nwb, /fixtures/npy, /fixtures/nrrd   the files, as bytes
//   /inputs.json                                       signal inputs and Python literal texts
// It runs the checks and publishes `window.__result` as a JSON string (also in <pre id=result>):
// {"ok": true, "result": ...} or {"ok": false, "error": {name, message, code?, stack?}}.
import { runChecks, type SignalInputs } from './checks.js';

declare global {
  interface Window {
    __result?: string;
  }
}

async function bytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

async function main(): Promise<unknown> {
  const [nwb, npy, nrrd, inputsRes] = await Promise.all([
    bytes('/fixtures/basic.nwb'),
    bytes('/fixtures/npy'),
    bytes('/fixtures/nrrd'),
    fetch('/inputs.json'),
  ]);
  if (!inputsRes.ok) throw new Error(`GET /inputs.json: HTTP ${inputsRes.status}`);
  const inputs = (await inputsRes.json()) as { signal: SignalInputs; pythonLiterals: string[] };
  return runChecks({
    nwb,
    npy,
    nrrd,
    signal: inputs.signal,
    pythonLiterals: inputs.pythonLiterals,
  });
}

function publish(payload: unknown): void {
  const text = JSON.stringify(payload);
  const pre = document.createElement('pre');
  pre.id = 'result';
  pre.textContent = text;
  document.body.append(pre);
  window.__result = text;
}

main().then(
  (result) => publish({ ok: true, userAgent: navigator.userAgent, result }),
  (e: unknown) => {
    const err = e as { name?: string; message?: string; code?: string; stack?: string };
    publish({
      ok: false,
      error: {
        name: err.name,
        message: err.message ?? String(e),
        code: err.code,
        stack: err.stack,
      },
    });
  },
);

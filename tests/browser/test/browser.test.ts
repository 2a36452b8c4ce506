// @sdk/core, @sdk/signal and @sdk/nwb in a browser: src/smoke.ts is bundled by vite for the
// browser (sources through the "@sdk/source" condition), the bundle is checked for Node-only
// imports, served with the fixtures on 127.0.0.1 and run in headless Chromium. Its result must
// equal what the same code (src/checks.ts) gives in this Node process on the same bytes: bit for
// bit, except float math that goes through Math's libm functions (those differ in the last bit
// between V8 releases), and both must match the oracle fixtures.
// Tolerances against the reference: exact for stored NWB values, NPY/NRRD elements, parsed
// literals and median filters (bit-identical by design); filters and FFT as @sdk/signal's own
// tests state them (bessel coefficients and filtfilt 1e-9, FFT 1e-12, both relative to the
// largest magnitude; ks_2samp statistic 1e-14 and p-value 1e-9 relative).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, runChecks } from '../src/checks.js';
import { type Bundle, bundleForBrowser, nodeLeaksInOutput } from './support/bundle.js';
import { FILES, loadFixtures, type Reference } from './support/fixtures.js';
import { contentType, type Route, type Served, serve } from './support/server.js';

const CHROMIUM = '/usr/bin/chromium';
const NWB_SRC = new URL('../../../packages/nwb/src/', import.meta.url);
const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM) {
  console.warn(`browser smoke test: ${CHROMIUM} is absent, the Chromium part is skipped`);
}
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const fixtures = loadFixtures();
const bytes = {
  nwb: new Uint8Array(readFileSync(FILES.nwb)),
  npy: new Uint8Array(readFileSync(FILES.npy)),
  nrrd: new Uint8Array(readFileSync(FILES.nrrd)),
};

let bundlePromise: Promise<Bundle> | undefined;
const smokeBundle = () => {
  bundlePromise ??= bundleForBrowser();
  return bundlePromise;
};

let nodePromise: Promise<Record<string, Json>> | undefined;
/** runChecks in this process, through JSON as the page's result comes. */
const nodeResult = () => {
  nodePromise ??= runChecks({
    ...bytes,
    signal: fixtures.signal,
    pythonLiterals: fixtures.pythonLiterals,
  }).then((r) => JSON.parse(JSON.stringify(r)) as Record<string, Json>);
  return nodePromise;
};

/** Types registered by name in @sdk/nwb's sources (`registerType('Units', Units)`). */
function registeredNwbTypes(): string[] {
  const names = new Set<string>();
  for (const f of readdirSync(NWB_SRC)) {
    if (!f.endsWith('.ts')) continue;
    const text = readFileSync(new URL(f, NWB_SRC), 'utf8');
    for (const m of text.matchAll(/^registerType\('(\w+)'/gm)) names.add(m[1] as string);
  }
  return [...names].sort();
}

function expectClose(actual: unknown, expected: readonly number[], rtol: number, label: string) {
  const got = actual as number[];
  expect(got.length, `${label} length`).toBe(expected.length);
  const scale = Math.max(...expected.map(Math.abs));
  expected.forEach((e, i) => {
    const err = Math.abs((got[i] as number) - e);
    if (!(err <= rtol * scale)) {
      throw new Error(`${label}[${i}]: ${got[i]} vs ${e} (|err| ${err} > ${rtol} × ${scale})`);
    }
  });
}

function expectRel(actual: unknown, expected: number, rtol: number, label: string) {
  const err = Math.abs((actual as number) - expected);
  if (!(err <= rtol * Math.abs(expected))) {
    throw new Error(`${label}: ${actual} vs ${expected} (rtol ${rtol})`);
  }
}

/** The oracle's values for everything runChecks returns. */
// biome-ignore lint/suspicious/noExplicitAny: walks the plain-JSON result
function expectMatchesReference(r: any, ref: Reference) {
  const b = ref.basic;
  expect(r.nwb.nwb_version).toBe(b.nwb_version);
  expect(r.nwb.identifier).toBe(b.root.identifier);
  expect(Date.parse(r.nwb.session_start_time)).toBe(Date.parse(b.root.session_start_time));
  for (const [path, got] of Object.entries(r.nwb.timeseries) as [string, Record<string, Json>][]) {
    const want = b.timeseries[path];
    if (!want) throw new Error(`basic.json has no ${path}`);
    expect(got.dtype, path).toBe(want.dtype);
    expect(got.shape, path).toEqual(want.shape);
    expect(got.data, path).toEqual(want.data);
    // pynwb: stored timestamps, else np.arange(n) / rate + starting_time
    const ts =
      want.timestamps ??
      Array.from(
        { length: want.shape[0] as number },
        (_, k) => k / (want.rate as number) + (want.starting_time as number),
      );
    expect(got.timestamps, path).toEqual(ts);
    const scale = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(scale) : (v as number) * want.conversion + want.offset;
    expect(got.dataInUnits, path).toEqual(scale(want.data));
  }
  expect(r.nwb.units.ids).toEqual(b.units.ids);
  expect(r.nwb.units.colnames).toEqual(b.units.colnames);
  expect(r.nwb.units.spike_times).toEqual(b.units.spike_times);
  expect(r.nwb.units.quality).toEqual(b.units.quality);
  expect(r.nwb.plane_segmentation.ids).toEqual(b.plane_segmentation.ids);
  expect(r.nwb.plane_segmentation.image_mask).toEqual(b.plane_segmentation.image_mask);
  expect(r.nwb.plane_segmentation.image_mask_1).toEqual(b.plane_segmentation.image_mask[1]);
  const au = r.nwb.arrow.units;
  expect(au.numRows).toBe(b.units.ids.length);
  expect(au.fields.map((f: { name: string }) => f.name)).toEqual(['id', 'spike_times', 'quality']);
  expect(au.fields[1].type).toMatch(/^List</);
  // id is Int64 in Arrow: bigint cells, carried as {int: digits}
  expect(au.columns.id).toEqual(b.units.ids.map((i) => ({ int: String(i) })));
  expect(au.columns.spike_times).toEqual(b.units.spike_times);
  expect(au.columns.quality).toEqual(b.units.quality);
  const ap = r.nwb.arrow.plane_segmentation;
  expect(ap.numRows).toBe(b.plane_segmentation.ids.length);
  expect(ap.columns.image_mask).toEqual(b.plane_segmentation.image_mask);

  const s = ref.signal;
  expectClose(r.signal.bessel.b, s.b, 1e-9, 'bessel b');
  expectClose(r.signal.bessel.a, s.a, 1e-9, 'bessel a');
  expectClose(r.signal.filtfilt, s.filtfilt, 1e-9, 'filtfilt');
  expectClose(r.signal.rampDvdt, s.rampDvdt, 1e-9, 'ramp dV/dt');
  expect(r.signal.fft.length).toBe(s.fft.length);
  s.fft.forEach((want, i) => {
    const got = r.signal.fft[i];
    const mag = Math.max(...want.re.map((x, k) => Math.hypot(x, want.im[k] as number)));
    for (const part of ['re', 'im'] as const) {
      want[part].forEach((w, k) => {
        const err = Math.abs(got[part][k] - w);
        if (!(err <= 1e-12 * mag))
          throw new Error(`fft#${i}.${part}[${k}]: ${got[part][k]} vs ${w}`);
      });
    }
  });
  const [d, p, loc, sign] = s.ks2samp;
  expectRel(r.signal.ks2samp.statistic, d, 1e-14, 'ks2samp statistic');
  expectRel(r.signal.ks2samp.pvalue, p, 1e-9, 'ks2samp pvalue');
  expect(r.signal.ks2samp.statisticLocation).toBe(loc);
  expect(r.signal.ks2samp.statisticSign).toBe(sign);
  expect(r.signal.medianFilter).toEqual(s.medianFilter);

  expect(r.core.npy.dtype).toBe(ref.npy.descr);
  expect(r.core.npy.shape).toEqual(ref.npy.shape);
  expect(r.core.npy.elements).toEqual(ref.npy.elements);
  expect(r.core.nrrd.shape).toEqual(ref.nrrd.shape);
  expect(r.core.nrrd.elements).toEqual(ref.nrrd.elements);
  expect(r.core.nrrd.header).toMatchObject(ref.nrrd.header);
  expect(r.core.pythonLiterals).toEqual(ref.pythonLiterals);
}

describe('the browser bundle (vite, platform browser, @sdk/source)', () => {
  it('bundles core, signal and nwb without any Node built-in', async () => {
    const bundle = await smokeBundle();
    expect(bundle.files.has('smoke.js')).toBe(true);
    expect(bundle.nodeImports, 'Node built-ins imported while bundling').toEqual([]);
    expect(nodeLeaksInOutput(bundle.files), 'Node-only code in the output').toEqual([]);
  });

  it('the probe reports a Node built-in and who imported it (bundling @sdk/core/node)', async () => {
    const leaky = fileURLToPath(new URL('./support/leaky-entry.ts', import.meta.url));
    const bundle = await bundleForBrowser(leaky);
    const fsImport = bundle.nodeImports.find((n) => n.specifier === 'node:fs/promises');
    expect(fsImport?.chain.at(-1)).toBe('tests/browser/test/support/leaky-entry.ts');
    expect(fsImport?.chain.some((m) => m.startsWith('packages/core/src/'))).toBe(true);
  });

  // The typed classes register themselves at module top level (table.ts, ophys.ts, ...); a
  // bundler keeps those modules only because @sdk/nwb lists them in "sideEffects".
  it('keeps every typed NWB class registered when a page imports only openNwb', async () => {
    const entry = fileURLToPath(new URL('./support/open-only-entry.ts', import.meta.url));
    const bundle = await bundleForBrowser(entry);
    const code = [...bundle.files.values()].filter((f) => typeof f === 'string').join('\n');
    const kept = new Set([...code.matchAll(/registerType\(["'](\w+)["']/g)].map((m) => m[1]));
    const missing = registeredNwbTypes().filter((t) => !kept.has(t));
    expect(missing, 'NWB types whose class registration the bundler dropped').toEqual([]);
  });
});

describe('the smoke checks in Node (same code as the page) against the oracle fixtures', () => {
  it('match pynwb, scipy/numpy, pynrrd and ast.literal_eval', async () => {
    expectMatchesReference(await nodeResult(), fixtures.reference);
  });
});

describe.skipIf(!HAS_CHROMIUM)(
  `in headless Chromium${HAS_CHROMIUM ? '' : ` (skipped: ${CHROMIUM} is absent; apt-get install chromium)`}`,
  () => {
    let served: Served | undefined;
    let browser: Browser | undefined;
    let payload: { ok: boolean; result?: Json; error?: unknown; userAgent?: string } | undefined;
    const diagnostics: string[] = [];

    beforeAll(async () => {
      const { chromium } = await import('playwright-core');
      const bundle = await smokeBundle();
      const routes = new Map<string, Route>();
      routes.set('/', {
        type: contentType('.html'),
        body: '<!doctype html><meta charset="utf-8"><title>sdk smoke</title><script type="module" src="/smoke.js"></script>',
      });
      for (const [name, body] of bundle.files)
        routes.set(`/${name}`, { type: contentType(name), body });
      routes.set('/fixtures/basic.nwb', { type: contentType(''), body: bytes.nwb });
      routes.set('/fixtures/npy', { type: contentType(''), body: bytes.npy });
      routes.set('/fixtures/nrrd', { type: contentType(''), body: bytes.nrrd });
      routes.set('/inputs.json', {
        type: contentType('.json'),
        body: JSON.stringify({ signal: fixtures.signal, pythonLiterals: fixtures.pythonLiterals }),
      });
      served = await serve(routes);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        timeout: 60_000,
      });
      const page = await browser.newPage();
      page.on('console', (m) => diagnostics.push(`console.${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => diagnostics.push(`pageerror: ${e.message}`));
      page.on('requestfailed', (r) => diagnostics.push(`requestfailed: ${r.url()}`));
      await page.goto(served.url);
      try {
        await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 60_000 });
      } catch (e) {
        throw new Error(
          `no result from the page: ${(e as Error).message}\n${diagnostics.join('\n')}\nrequests: ${served.requests.join(' ')}`,
        );
      }
      payload = JSON.parse((await page.evaluate(() => window.__result)) as string);
    });

    afterAll(async () => {
      await browser?.close();
      await served?.close();
    });

    it('runs the checks to completion in the page', () => {
      expect(payload?.error, diagnostics.join('\n')).toBeUndefined();
      expect(payload?.ok).toBe(true);
      expect(payload?.userAgent).toMatch(/Chrome\//);
      // The HDF5 module is a lazily imported chunk of the bundle; the NWB file came over HTTP.
      expect(served?.requests).toEqual(
        expect.arrayContaining(['/smoke.js', '/fixtures/basic.nwb', '/inputs.json']),
      );
      expect(served?.requests.some((p) => /^\/hdf5_hl-.*\.js$/.test(p))).toBe(true);
    });

    it('gives what the same code gives in Node: exactly, but for libm-bound float math', async () => {
      // biome-ignore lint/suspicious/noExplicitAny: plain-JSON results
      const web = payload?.result as any;
      // biome-ignore lint/suspicious/noExplicitAny: plain-JSON results
      const node = (await nodeResult()) as any;
      // Stored values, parsing, ordering: bit-for-bit.
      expect(web.nwb).toEqual(node.nwb);
      expect(web.core).toEqual(node.core);
      expect(web.signal.medianFilter).toEqual(node.signal.medianFilter);
      const { pvalue: webP, ...webKs } = web.signal.ks2samp;
      const { pvalue: nodeP, ...nodeKs } = node.signal.ks2samp;
      expect(webKs).toEqual(nodeKs);
      // Math.sin/cos/exp/log/pow/atan2 are not correctly rounded and differ in the last bit
      // between V8 releases (Node 20's V8 11.3 and Chromium 156's V8 disagree on ~3% of
      // arguments), so FFT twiddles, filter design and p-values may differ by an ulp or so:
      // 1e-14 of the largest magnitude (about 45 ulp).
      expectRel(webP, nodeP, 1e-14, 'ks2samp pvalue');
      expectClose(web.signal.bessel.b, node.signal.bessel.b, 1e-14, 'bessel b');
      expectClose(web.signal.bessel.a, node.signal.bessel.a, 1e-14, 'bessel a');
      expectClose(web.signal.filtfilt, node.signal.filtfilt, 1e-14, 'filtfilt');
      // dV/dt is a difference quotient over one 5 µs step: an ulp of V (~3.5e-18 at 0.03 V)
      // over ΔV ≈ 1.5e-5 V is ~2.3e-13 of dV/dt; 1e-11 allows about 40 ulp of V.
      expectClose(web.signal.rampDvdt, node.signal.rampDvdt, 1e-11, 'ramp dV/dt');
      expect(web.signal.fft.length).toBe(node.signal.fft.length);
      node.signal.fft.forEach((want: { re: number[]; im: number[] }, i: number) => {
        const all = [...want.re, ...want.im];
        expectClose([...web.signal.fft[i].re, ...web.signal.fft[i].im], all, 1e-14, `fft#${i}`);
      });
    });

    it('matches the oracle fixtures', () => {
      expectMatchesReference(payload?.result, fixtures.reference);
    });
  },
);

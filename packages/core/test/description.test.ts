import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isSdkError } from '../src/errors.js';
import { parsePythonJson } from '../src/json/python-json.js';
import {
  Description,
  JsonDescriptionParser,
  parseModelFileUri,
} from '../src/manifest/description.js';
import {
  readDescription,
  readDescriptionFile,
  writeDescription,
} from '../src/manifest/description-node.js';

// Fixture: tooling/oracle/generators/core_description.py (allensdk 2.16.2). Compared exactly
// after parsing; absolute paths have the working directory replaced by "<CWD>".
const FIXTURE = fileURLToPath(new URL('./fixtures/manifest/description.json', import.meta.url));
const DATA = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));

interface Snapshot {
  data: Record<string, unknown>;
  reserved_data: unknown[];
  path_info: Record<string, Record<string, unknown>>;
}
const fx = parsePythonJson(readFileSync(FIXTURE, 'utf8')) as unknown as {
  synthetic: {
    name: string;
    steps: { text: string; section: string | null }[];
    result: Snapshot | { error: string };
  }[];
  fix_unary: {
    data_before: Record<string, unknown>;
    sections: string[];
    data_after: Record<string, unknown>;
  };
  real: ({ dir: string; files: string[] } & Snapshot)[];
};

function snapshot(d: Description, cwd: string): Snapshot {
  const pathInfo: Record<string, Record<string, unknown>> = {};
  for (const [key, info] of d.manifest.pathInfo) {
    pathInfo[key] = Object.fromEntries(
      Object.entries(info).map(([k, v]) => [
        k,
        typeof v === 'string' ? v.replace(cwd, '<CWD>') : v,
      ]),
    );
  }
  return { data: d.data, reserved_data: d.reservedData, path_info: pathInfo };
}

// Python exception → the SdkError code the port throws.
const ERROR_CODES: Record<string, string> = {
  JSONDecodeError: 'E_FORMAT',
  AttributeError: 'E_VALIDATION',
  ManifestVersionError: 'E_VALIDATION',
};

describe('Description / JsonDescriptionParser.readString', () => {
  for (const c of fx.synthetic) {
    it(c.name, () => {
      const d = new Description();
      const run = () => {
        for (const step of c.steps) JsonDescriptionParser.readString(step.text, d, step.section);
      };
      if ('error' in c.result) {
        expect(run).toThrow(expect.objectContaining({ code: ERROR_CODES[c.result.error] }));
        return;
      }
      run();
      expect(snapshot(d, process.cwd())).toEqual(c.result);
    });
  }

  it('fixUnarySections wraps dict sections in lists and warns for each', () => {
    const d = new Description();
    d.updateData(structuredClone(fx.fix_unary.data_before));
    const warnings: string[] = [];
    d.fixUnarySections(fx.fix_unary.sections, (m) => warnings.push(m));
    expect(d.data).toEqual(fx.fix_unary.data_after);
    expect(warnings).toEqual([
      'wrapped description section passive in an array.',
      'wrapped description section conditions in an array.',
    ]);
  });

  it('isEmpty, writeString and the model-file URI form', () => {
    const d = new Description();
    expect(d.isEmpty()).toBe(true);
    JsonDescriptionParser.readString('{"a": [1]}', d);
    expect(d.isEmpty()).toBe(false);
    expect(JSON.parse(JsonDescriptionParser.writeString(d))).toEqual({ a: [1] });
    expect(parseModelFileUri('fit.json')).toEqual({ path: 'fit.json', section: null });
    expect(parseModelFileUri('file:/x/p.json?section=passive&x=1')).toEqual({
      path: '/x/p.json',
      section: 'passive',
    });
  });
});

describe('reading description files', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'sdk-description-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  for (const real of fx.real) {
    const dir = join(DATA, real.dir);
    it.skipIf(!existsSync(dir))(
      `${real.dir}: ${real.files.join(' + ')} as the reference`,
      async () => {
        const d = await readDescription(real.files.map((f) => join(dir, f)));
        // files have no parent key, so they stay relative ("./x.swc"): compare as the reference
        const { dir: _dir, files: _files, ...want } = real;
        expect(snapshot(d, process.cwd())).toEqual(want);
        const out = join(tmp, `${real.files[0]}`);
        await writeDescription(out, d);
        expect(parsePythonJson(readFileSync(out, 'utf8'))).toEqual(real.data);
      },
    );
  }

  it('rejects other extensions as the reference does', async () => {
    await expect(readDescriptionFile(join(tmp, 'x.yaml'))).rejects.toSatisfy((e) =>
      isSdkError(e, 'E_VALIDATION'),
    );
    await expect(readDescriptionFile(join(tmp, 'x.pycfg'))).rejects.toSatisfy((e) =>
      isSdkError(e, 'E_UNSUPPORTED'),
    );
  });
});

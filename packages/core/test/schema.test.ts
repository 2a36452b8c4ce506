import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isSdkError } from '../src/errors.js';
import {
  formatJsonPath,
  parseWithSchema,
  SchemaValidationError,
  schemaIssues,
} from '../src/schema/index.js';

const Manifest = z.object({
  manifest: z.array(z.object({ key: z.string(), type: z.enum(['dir', 'file']), spec: z.string() })),
  'odd key': z.number().optional(),
});

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('parseWithSchema', () => {
  it('returns the parsed value when it is valid', () => {
    const v = { manifest: [{ key: 'BASEDIR', type: 'dir', spec: '.' }] };
    expect(parseWithSchema(Manifest, v, { file: 'manifest.json' })).toEqual(v);
  });

  it('names the file and the JSON path of a single failure', () => {
    const e = caught(() =>
      parseWithSchema(
        Manifest,
        {
          manifest: [
            { key: 'a', type: 'dir', spec: '.' },
            { key: 'b', type: 'dir', spec: '.' },
            { key: 'c', type: 'file', spec: 7 },
          ],
        },
        { file: 'manifest.json' },
      ),
    );
    expect(isSdkError(e, 'E_VALIDATION')).toBe(true);
    expect(e).toBeInstanceOf(SchemaValidationError);
    expect((e as Error).message).toBe(
      'manifest.json: $.manifest[2].spec: expected string, received number',
    );
    expect((e as SchemaValidationError).file).toBe('manifest.json');
    expect((e as SchemaValidationError).path).toBe('$.manifest[2].spec');
  });

  it('lists every issue', () => {
    const e = caught(() =>
      parseWithSchema(
        Manifest,
        { manifest: [{ key: 1, type: 'x', spec: 's' }], 'odd key': 'no' },
        { file: 'm.json' },
      ),
    ) as SchemaValidationError;
    expect(e.issues.map((i) => i.path)).toEqual([
      '$.manifest[0].key',
      '$.manifest[0].type',
      '$["odd key"]',
    ]);
    expect(e.message).toBe(
      [
        '3 validation issues:',
        '  m.json: $.manifest[0].key: expected string, received number',
        '  m.json: $.manifest[0].type: Invalid option: expected one of "dir"|"file"',
        '  m.json: $["odd key"]: expected number, received string',
      ].join('\n'),
    );
  });

  it('reports missing keys and union branches', () => {
    const issues = schemaIssues(z.object({ a: z.union([z.string(), z.number()]) }), { a: true });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('$.a');
    expect(issues[0]!.message).toContain('$.a: expected string, received boolean');
    expect(schemaIssues(z.object({ a: z.string() }), {})[0]).toMatchObject({
      path: '$.a',
      message: 'expected string, received undefined',
    });
    expect(schemaIssues(z.string(), 'ok')).toEqual([]);
  });

  it('formats JSON paths', () => {
    expect(formatJsonPath([])).toBe('$');
    expect(formatJsonPath(['a', 0, 'b c', '_x1'], '$.root')).toBe('$.root.a[0]["b c"]._x1');
  });
});

import { describe, expect, it } from 'vitest';
import { isSdkError, ManifestVersionError, SdkError } from '../src/index.js';

describe('SdkError', () => {
  it('names the file and path in its message and keeps them as fields', () => {
    const e = new SdkError('E_NOT_FOUND', 'no such dataset', {
      file: 'a.nwb',
      path: '/acquisition/x',
    });
    expect(e.message).toBe('no such dataset (a.nwb: /acquisition/x)');
    expect(e.code).toBe('E_NOT_FOUND');
    expect(e.file).toBe('a.nwb');
    expect(e.path).toBe('/acquisition/x');
    expect(e).toBeInstanceOf(Error);
  });

  it('Allen-named subclasses carry their name and code', () => {
    const e = new ManifestVersionError('manifest version 0.1 is older than 1.0', {
      file: 'm.json',
    });
    expect(e).toBeInstanceOf(SdkError);
    expect(e.name).toBe('ManifestVersionError');
    expect(e.code).toBe('E_VALIDATION');
    expect(isSdkError(e, 'E_VALIDATION')).toBe(true);
  });

  it('isSdkError recognises structurally equal errors and rejects others', () => {
    const foreign = Object.assign(new Error('x'), {
      name: 'SdkError',
      code: 'E_FORMAT',
      [Symbol.for('@sdk/error')]: true,
    });
    expect(isSdkError(foreign)).toBe(true);
    expect(isSdkError(foreign, 'E_IO')).toBe(false);
    expect(isSdkError(new Error('x'))).toBe(false);
    expect(isSdkError(Object.assign(new Error('x'), { name: 'SdkError', code: 'E_IO' }))).toBe(
      false,
    );
    expect(isSdkError({ name: 'SdkError', code: 'E_IO' })).toBe(false);
  });
});

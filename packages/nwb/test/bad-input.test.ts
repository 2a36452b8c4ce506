// Bad input: a missing required field, a wrong type at a path, a truncated file and a missing
// NWB version each fail with an SdkError naming the path, never a silent empty array or NaN.
// The bad files are temp copies of the pynwb-written basic.nwb, edited with core's openH5 'a'.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type H5File, openH5, SdkError } from '@sdk/core';
import { afterAll, describe, expect, it } from 'vitest';
import { openNwb, type TimeSeries, Units } from '../src/index.js';
import { fixturePath } from './support/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'nwb-bad-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let copies = 0;
/** A copy of basic.nwb changed by `edit`. */
async function badCopy(edit: (h5: H5File) => void): Promise<string> {
  copies += 1;
  const path = join(dir, `bad-${copies}.nwb`);
  copyFileSync(fixturePath('basic.nwb'), path);
  const h5 = await openH5(path, { mode: 'a' });
  try {
    edit(h5);
  } finally {
    h5.close();
  }
  return path;
}

/** The SdkError `fn` throws (async or not); fails the test when it throws something else. */
async function sdkErrorOf(fn: () => unknown): Promise<SdkError> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SdkError);
    return error as SdkError;
  }
  throw new Error('expected an SdkError, nothing was thrown');
}

describe('bad input', () => {
  it('a TimeSeries without its required data: E_FORMAT naming <series>/data', async () => {
    const path = await badCopy((h5) => {
      const g = h5.createGroup('/acquisition/no_data');
      g.setAttr('neurodata_type', 'TimeSeries');
      g.setAttr('namespace', 'core');
      g.setAttr('description', 'a series whose data was lost');
      h5.createDataset('/acquisition/no_data/timestamps', { data: new Float64Array([0, 1, 2]) });
    });
    const nwb = await openNwb(path);
    try {
      const ts = nwb.get('/acquisition/no_data') as TimeSeries;
      for (const read of [() => ts.getData(), () => ts.getDataInUnits()]) {
        const e = await sdkErrorOf(read);
        expect(e.code).toBe('E_FORMAT');
        expect(e.path).toBe('/acquisition/no_data/data');
        expect(e.file).toBe(path);
      }
    } finally {
      nwb.close();
    }
  });

  it('spike_times stored as strings: E_FORMAT naming the spike_times dataset', async () => {
    const path = await badCopy((h5) => {
      const g = h5.createGroup('/analysis/bad_units');
      g.setAttr('neurodata_type', 'Units');
      g.setAttr('namespace', 'core');
      g.setAttr('description', 'units whose spike times are text');
      g.setAttr('colnames', ['spike_times']);
      h5.createDataset('/analysis/bad_units/id', { data: new Int32Array([0, 1]) });
      h5.createDataset('/analysis/bad_units/spike_times', { data: ['0.1', '0.2', 'soon'] });
      h5.createDataset('/analysis/bad_units/spike_times_index', {
        data: new Uint32Array([1, 3]),
      });
    });
    const nwb = await openNwb(path);
    try {
      const units = nwb.get('/analysis/bad_units');
      expect(units).toBeInstanceOf(Units);
      const u = units as Units;
      for (const read of [() => u.getSpikeTimes(1), () => u.toTable()]) {
        const e = await sdkErrorOf(read);
        expect(e.code).toBe('E_FORMAT');
        expect(e.path).toBe('/analysis/bad_units/spike_times');
      }
      // The well-formed /units of the same file still reads.
      expect(nwb.units?.getSpikeTimes(0).length).toBeGreaterThan(0);
    } finally {
      nwb.close();
    }
  });

  it('a truncated file: an SdkError naming the file', async () => {
    const bytes = readFileSync(fixturePath('basic.nwb'));
    for (const keep of [bytes.length >> 1, 512]) {
      const path = join(dir, `truncated-${keep}.nwb`);
      writeFileSync(path, bytes.subarray(0, keep));
      const e = await sdkErrorOf(() => openNwb(path));
      expect(e.file).toBe(path);
      expect(['E_FORMAT', 'E_IO']).toContain(e.code);
    }
  });

  it('no nwb_version on the root: E_FORMAT naming /', async () => {
    const path = await badCopy((h5) => h5.deleteAttr('nwb_version'));
    const e = await sdkErrorOf(() => openNwb(path));
    expect(e.code).toBe('E_FORMAT');
    expect(e.path).toBe('/');
    expect(e.file).toBe(path);
  });

  it('an unknown NWB version: E_FORMAT naming /nwb_version', async () => {
    const path = await badCopy((h5) => {
      h5.deleteAttr('nwb_version');
      h5.setAttr('nwb_version', '9.9.9');
    });
    const e = await sdkErrorOf(() => openNwb(path));
    expect(e.code).toBe('E_FORMAT');
    expect(e.path).toBe('/nwb_version');
    expect(e.message).toContain('9.9.9');
  });

  it('a missing identifier and a session_start_time that is no date: E_FORMAT naming each', async () => {
    const path = join(dir, 'minimal.nwb');
    const h5 = await openH5(path, { mode: 'w' });
    try {
      h5.setAttr('nwb_version', '2.7.0');
      h5.setAttr('neurodata_type', 'NWBFile');
      h5.setAttr('namespace', 'core');
      h5.createDataset('/session_start_time', { data: 'the day before yesterday' });
      h5.createDataset('/session_description', { data: 'no identifier here' });
    } finally {
      h5.close();
    }
    const nwb = await openNwb(path);
    try {
      expect(nwb.session_description).toBe('no identifier here');
      const missing = await sdkErrorOf(() => nwb.identifier);
      expect([missing.code, missing.path, missing.file]).toEqual(['E_FORMAT', '/identifier', path]);
      const notDate = await sdkErrorOf(() => nwb.session_start_time);
      expect([notDate.code, notDate.path]).toEqual(['E_FORMAT', '/session_start_time']);
      expect(notDate.message).toContain('the day before yesterday');
    } finally {
      nwb.close();
    }
  });
});

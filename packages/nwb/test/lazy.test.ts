// Lazy reading (spec §3): opening reads no dataset values; one ragged cell costs one index read
// and one data slice; a hyperslab read asks HDF5 for that hyperslab only. Reads are counted at
// the lowest level of @sdk/core's HDF5 wrapper (H5File.readRaw: one call per HDF5 read).
import { H5File } from '@sdk/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openNwb, type TimeSeries, type Units } from '../src/index.js';
import { fixturePath } from './support/fixtures.js';

type Sel = { offset: number[]; count: number[]; step: number[] } | null;

function spyReads() {
  const calls: { path: string; sel: Sel }[] = [];
  const original = H5File.prototype.readRaw;
  const spy = vi.spyOn(H5File.prototype, 'readRaw').mockImplementation(function (
    this: H5File,
    path,
    t,
    itemSize,
    sel,
  ) {
    calls.push({
      path,
      sel: sel ? { offset: [...sel.offset], count: [...sel.count], step: [...sel.step] } : null,
    });
    return original.call(this, path, t, itemSize, sel);
  });
  return { calls, spy };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('lazy reads', () => {
  it('opening a file reads no dataset values', async () => {
    const { calls } = spyReads();
    const nwb = await openNwb(fixturePath('ecephys.nwb'));
    expect(nwb.objects().length).toBeGreaterThan(30);
    expect(calls).toEqual([]);
    nwb.close();
  });

  it("one unit's spike times: one index read of 2 entries and one slice of spike_times", async () => {
    const nwb = await openNwb(fixturePath('ecephys.nwb'));
    const units = nwb.units as Units;
    const { calls } = spyReads();
    const st = units.getSpikeTimes(2);
    expect(Array.from(st)).toEqual([0.5, 0.61, 0.9]);
    const dataReads = calls.filter((c) => !c.path.startsWith('/specifications'));
    expect(dataReads).toEqual([
      { path: '/units/spike_times_index', sel: { offset: [1], count: [2], step: [1] } },
      { path: '/units/spike_times', sel: { offset: [3], count: [3], step: [1] } },
    ]);
    nwb.close();
  });

  it('a doubly ragged cell reads two index slices and one data slice', async () => {
    const nwb = await openNwb(fixturePath('ecephys.nwb'));
    const units = nwb.units as Units;
    units.column('waveforms'); // builds the column handle (metadata only)
    const { calls } = spyReads();
    const cell = units.column('waveforms').get(1) as number[][][];
    expect(cell).toEqual([[[-0, -1, -2]]]);
    const paths = calls.map((c) => c.path);
    expect(paths).toEqual([
      '/units/waveforms_index_index',
      '/units/waveforms_index',
      '/units/waveforms',
    ]);
    expect(calls[2]?.sel?.count).toEqual([1, 3]);
    nwb.close();
  });

  it('a TimeSeries hyperslab asks HDF5 for exactly that block', async () => {
    const nwb = await openNwb(fixturePath('ecephys.nwb'));
    const es = nwb.get('/acquisition/ElectricalSeries') as TimeSeries;
    const { calls } = spyReads();
    const block = es.getData([
      [10, 14],
      [1, 3],
    ]);
    expect(block.shape).toEqual([4, 2]);
    expect(calls.filter((c) => c.path.endsWith('/data'))).toEqual([
      {
        path: '/acquisition/ElectricalSeries/data',
        sel: { offset: [10, 1], count: [4, 2], step: [1, 1] },
      },
    ]);
    // timestamps of a rate-sampled series are computed, not read
    calls.length = 0;
    expect(Array.from(es.getTimestamps([[10, 12]]))).toEqual([10 / 1000 + 0.5, 11 / 1000 + 0.5]);
    expect(calls.filter((c) => c.path.endsWith('/data'))).toEqual([]);
    nwb.close();
  });

  it('a read above the size guard throws E_UNSUPPORTED unless allowed', async () => {
    const nwb = await openNwb(fixturePath('ecephys.nwb'));
    const es = nwb.get('/acquisition/ElectricalSeries') as TimeSeries;
    expect(() => es.data?.read(undefined, { maxReadBytes: 16 })).toThrow(/read limit/);
    expect(es.data?.read(undefined, { maxReadBytes: 16, allowLarge: true })).toBeTruthy();
    expect(es.data?.compression).toContain('deflate');
    nwb.close();
  });
});

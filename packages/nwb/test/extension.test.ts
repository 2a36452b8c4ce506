// extension.nwb: a namespace built by the oracle generator (ndx-oracle-test 0.1.0) is read through
// the file's cached spec; values come from extension.json (pynwb 2.8.3 with load_namespaces).
import { describe, expect, it } from 'vitest';
import { Device, ElectricalSeries, type NwbObject, openNwb } from '../src/index.js';
import { fixturePath, readFixtureJson } from './support/fixtures.js';

const dump = readFixtureJson<{
  containers: Record<string, { neurodata_type: string; fields: Record<string, unknown> }>;
}>('extension.json');

describe('extension namespace', async () => {
  const nwb = await openNwb(fixturePath('extension.nwb'));

  it('lists the cached namespaces with their versions', () => {
    expect(nwb.namespaces()).toMatchObject({ core: '2.7.0', 'ndx-oracle-test': '0.1.0' });
  });

  it('wraps an extension subtype with the class of its nearest known ancestor', () => {
    const ts = nwb.get('/acquisition/tetrode1_series');
    expect(ts).toBeInstanceOf(ElectricalSeries);
    expect(ts.typeChain.slice(0, 3)).toEqual(['TetrodeSeries', 'ElectricalSeries', 'TimeSeries']);
    const want = dump.containers['/acquisition/tetrode1_series']?.fields;
    expect(ts.field('trode_id')).toBe(want?.trode_id);
    expect(nwb.objectsOfType('ElectricalSeries').map((o) => o.path)).toEqual([
      '/acquisition/tetrode1_series',
    ]);
    expect(nwb.objectsOfType('ElectricalSeries', { includeSubtypes: false })).toEqual([]);
  });

  it('reads a new group type generically: attributes, datasets and links by name', () => {
    const meta = nwb.lab_meta_data.get('lab_meta') as NwbObject;
    expect(meta.neurodata_type).toBe('LabMetaDataExt');
    expect(meta.namespace).toBe('ndx-oracle-test');
    const want = dump.containers['/general/lab_meta']?.fields;
    expect(meta.field('tissue_preparation')).toBe(want?.tissue_preparation);
    expect(meta.field('surgeon')).toBe(want?.surgeon);
    const rig = meta.field('rig');
    expect(rig).toBeInstanceOf(Device);
    expect((rig as Device).path).toBe((want?.rig as { $ref: string } | undefined)?.$ref);
    expect((rig as Device).linkTarget).toBe('/general/devices/Rig');
  });

  it('exposes the spec of extension types (fields, inheritance)', () => {
    const fields = nwb.spec.fields('LabMetaDataExt').map((f) => `${f.role}:${f.name}`);
    expect(fields).toEqual(
      expect.arrayContaining(['attribute:surgeon', 'dataset:tissue_preparation', 'link:rig']),
    );
    expect(nwb.spec.get('TetrodeSeries')?.parent).toBe('ElectricalSeries');
    expect(nwb.spec.fields('TetrodeSeries').find((f) => f.name === 'trode_id')?.declaredBy).toBe(
      'TetrodeSeries',
    );
    expect(
      nwb.spec
        .fields('TetrodeSeries')
        .some((f) => f.name === 'electrodes' && f.declaredBy === 'ElectricalSeries'),
    ).toBe(true);
  });
});

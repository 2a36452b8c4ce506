// pynwb3.nwb: written by pynwb 3.1.3 (NWB core 2.9.0: DeviceModel, typed ElectrodesTable,
// FrequencyBandsTable, was_generated_by) by tooling/oracle/pynwb3/generators/nwb_pynwb3.py; the
// reader must return what pynwb 3 read back (pynwb3.json). Tolerances as in support/pynwbDump.ts.
import { describe, expect, it } from 'vitest';
import { Device, DynamicTable, openNwb, type Units } from '../src/index.js';
import { fixturePath, readFixtureJson } from './support/fixtures.js';
import { type Dump, describeAgainstDump } from './support/pynwbDump.js';

// pynwb 3 reports constructor defaults of attributes on datasets the file does not hold (the file
// stores no value; the reader returns undefined there, as for pynwb 2.8 files).
const DEFAULTS_NOT_STORED = 'pynwb 3 default for an attribute of an absent dataset; not stored';
describeAgainstDump('pynwb3', 'pynwb 3.1.3', {
  'ImagingPlane.origin_coords_unit': DEFAULTS_NOT_STORED,
  'ImagingPlane.grid_spacing_unit': DEFAULTS_NOT_STORED,
  'Units.waveform_unit': DEFAULTS_NOT_STORED,
});

describe('pynwb 3 / schema 2.9 specifics', async () => {
  const dump = readFixtureJson<Dump>('pynwb3.json');
  const nwb = await openNwb(fixturePath('pynwb3.nwb'));

  it('reads the 2.9.0 cached namespaces', () => {
    expect(nwb.nwb_version).toBe(dump.nwb_version);
    expect(nwb.namespaces()).toMatchObject({ core: '2.9.0', 'hdmf-common': '1.8.0' });
  });

  it('types the electrodes table as ElectrodesTable (a DynamicTable)', () => {
    const el = nwb.electrodes;
    expect(el).toBeInstanceOf(DynamicTable);
    expect(el?.neurodata_type).toBe('ElectrodesTable');
    expect(el?.ids()).toEqual(dump.tables['/general/extracellular_ephys/electrodes']?.id);
  });

  it('follows Device.model to the DeviceModel', () => {
    const probe = nwb.devices.get('Probe');
    expect(probe).toBeInstanceOf(Device);
    const want = dump.containers['/general/devices/Probe']?.fields;
    expect(probe?.field('serial_number')).toBe(want?.serial_number);
    const model = probe?.field('model') as Device;
    expect(model.neurodata_type).toBe('DeviceModel');
    expect(model.path).toBe((want?.model as { $ref: string } | undefined)?.$ref);
  });

  it('answers ScratchData.description (pynwb 3) from the stored notes attribute', () => {
    const want = dump.containers['/scratch/notes_col']?.fields;
    expect(nwb.get('/scratch/notes_col').field('description')).toBe(want?.description);
  });

  it('reads ragged spike times', () => {
    const units = nwb.units as Units;
    const want = dump.tables['/units']?.columns.spike_times as number[][];
    for (let i = 0; i < want.length; i++)
      expect(Array.from(units.getSpikeTimes(i))).toEqual(want[i]);
  });
});

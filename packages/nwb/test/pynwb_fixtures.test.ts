// Every fixture written by tooling/oracle/generators/nwb_modalities.py: the TS reader must return
// what pynwb 2.8.3 read back from the same file (see _nwb_dump.py for the JSON layout).
// Tolerances: integers, strings, paths exact; stored floats exact; timestamps from rate and data in
// units rtol 1e-12 (same operations), or 1e-6 where pynwb computes in float32 (float32 data or
// float32 channel_conversion: numpy keeps float32 there, we compute in float64).
import { expect, it } from 'vitest';
import { NwbObject, openNwb, type TimeSeries } from '../src/index.js';
import { fixturePath } from './support/fixtures.js';
import { describeAgainstDump } from './support/pynwbDump.js';

const FILES = ['ecephys', 'icephys', 'behavior', 'ophys', 'extension'];
for (const name of FILES) describeAgainstDump(name, 'pynwb 2.8.3');

it('resolves links and object references to the typed objects', async () => {
  const f = await openNwb(fixturePath('ecephys.nwb'));
  const power = f.get('/processing/ecephys/lfp_power') as TimeSeries;
  expect(power.timestampsLink).toBe('/processing/ecephys/LFP/lfp/timestamps');
  const groups = f.electrodes?.column('group').values();
  expect(groups?.[0]).toBe('/general/extracellular_ephys/shank0');
  expect(f.get('/general/extracellular_ephys/shank0')).toBeInstanceOf(NwbObject);
  f.close();
});

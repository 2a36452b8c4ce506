// The pynwb back-compat corpus (../shared/data/pynwb-back-compat, NWB 2.0b-2.5.0 written by pynwb
// 1.0.2-2.2.0): every file opens and lists the objects h5py sees, with the metadata pynwb 2.8.3
// reads (tooling/oracle/generators/nwb_backcompat.py). Skipped where ../shared is absent.
import { describe, expect, it } from 'vitest';
import { openNwb, TimeSeries } from '../src/index.js';
import { readFixtureJson, sharedExists, sharedPath } from './support/fixtures.js';

interface Entry {
  nwb_version: string;
  pynwb_reads: boolean;
  error?: string;
  identifier?: string;
  session_description?: string;
  session_start_time?: string;
  experimenter?: string[] | null;
  related_publications?: string[] | null;
  objects: { path: string; neurodata_type: string; namespace: string }[];
}

const corpus = readFixtureJson<{ files: Record<string, Entry> }>('backcompat.json');
const DIR = 'pynwb-back-compat/';

describe.each(Object.entries(corpus.files))('%s', (name, want) => {
  it.skipIf(!sharedExists(DIR + name))(
    'opens and lists its objects as pynwb reads them',
    async () => {
      const nwb = await openNwb(sharedPath(DIR + name));
      expect(nwb.nwb_version).toBe(want.nwb_version);
      const ours = nwb
        .objects()
        .map((o) => ({ path: o.path, neurodata_type: o.neurodata_type, namespace: o.namespace }));
      expect(ours).toEqual(want.objects.filter((o) => o.path !== '/'));
      expect(want.pynwb_reads).toBe(true);
      expect(nwb.identifier).toBe(want.identifier);
      expect(nwb.session_description).toBe(want.session_description);
      expect(Date.parse(nwb.session_start_time)).toBe(Date.parse(want.session_start_time ?? ''));
      expect(nwb.experimenter ?? null).toEqual(want.experimenter ?? null);
      expect(nwb.related_publications ?? null).toEqual(want.related_publications ?? null);
      // every object wraps; series expose their (possibly missing) data and unit
      for (const o of nwb.objects()) {
        const obj = nwb.get(o.path);
        expect(obj.typeChain[0]).toBe(o.neurodata_type);
        if (obj instanceof TimeSeries) {
          expect(typeof obj.unit).toBe('string');
          if (obj.data === null && name.includes('timeseries_no_data')) {
            // pynwb reads data as None; asking us to read it names what is missing.
            expect(() => obj.getData()).toThrow(
              expect.objectContaining({ code: 'E_FORMAT', path: `${o.path}/data` }),
            );
          } else {
            expect(obj.getData().shape.length).toBeGreaterThan(0);
          }
        }
      }
      nwb.close();
    },
  );
});

it.skipIf(!sharedExists(`${DIR}1.5.1_imageseries_no_data.nwb`))(
  'a series without data reads as empty, unit defaults',
  async () => {
    const nwb = await openNwb(sharedPath(`${DIR}1.5.1_timeseries_no_unit.nwb`));
    const ts = [...nwb.acquisition.values()][0] as TimeSeries;
    expect(ts.unit).toBe('unknown');
    nwb.close();
    const n2 = await openNwb(sharedPath(`${DIR}1.5.1_imageseries_no_data.nwb`));
    const is = [...n2.acquisition.values()][0] as TimeSeries;
    expect(is.data).toBeNull();
    expect(is.getData().data.length).toBe(0);
    n2.close();
  },
);

it.skipIf(!sharedExists(`${DIR}2.1.0_nwbfile_with_extension.nwb`))(
  'reads an extension type through its cached spec',
  async () => {
    const nwb = await openNwb(sharedPath(`${DIR}2.1.0_nwbfile_with_extension.nwb`));
    const ext = nwb
      .objects()
      .filter((o) => o.namespace !== 'core' && o.namespace !== 'hdmf-common');
    expect(ext.map((o) => o.neurodata_type)).toEqual(['TimeSeriesWithID']);
    expect(nwb.get(ext[0]?.path ?? '')).toBeInstanceOf(TimeSeries);
    for (const o of ext) {
      const obj = nwb.get(o.path);
      expect(obj.typeChain.length).toBeGreaterThan(1);
      expect(nwb.spec.get(o.neurodata_type)?.namespace).toBe(o.namespace);
    }
    nwb.close();
  },
);

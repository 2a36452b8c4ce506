// BrainObservatoryApi's filters, simplifiers and dataframe_query against allensdk 2.16.2
// (fixtures/brain_observatory.json, written by tooling/oracle/generators/api_brain_observatory.py).
// Every comparison is exact (records, ids, integers, strings).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSdkError } from '@sdk/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type ApiRecord,
  BrainObservatoryApi,
  type DataframeFilter,
  findExperimentAcquisitionAge,
} from '../src/index.js';
import { startReplayServer } from '../src/testing/index.js';
import { readFixture } from './helpers.js';

interface Call {
  fn: string;
  input: string;
  kwargs: Record<string, unknown>;
  result?: unknown;
  error?: { type: string; message: string };
}
interface Fixture {
  inputs: Record<string, ApiRecord[]>;
  calls: Call[];
  query_strings: Array<{ filters: DataframeFilter[]; result?: string; error?: unknown }>;
  mapping: { csv: string; records: Array<Record<string, unknown>>; dtypes: Record<string, string> };
}

const fx = readFixture<Fixture>('brain_observatory.json');
const api = new BrainObservatoryApi();

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const options = (kwargs: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [camel(k), v]));

function run(c: Call): unknown {
  // A deep copy per call, as the generator gives each call its own.
  const data = structuredClone(fx.inputs[c.input]) as ApiRecord[];
  switch (c.fn) {
    case 'filter_experiments_and_containers':
      return api.filterExperimentsAndContainers(data, options(c.kwargs));
    case 'filter_experiment_containers':
      return api.filterExperimentContainers(data, options(c.kwargs));
    case 'filter_ophys_experiments':
      return api.filterOphysExperiments(data, options(c.kwargs));
    case 'filter_cell_specimens':
      return api.filterCellSpecimens(data, options(c.kwargs));
    case 'simplify_experiment_containers':
      return api.simplifyExperimentContainers(data);
    case 'simplify_ophys_experiments':
      return api.simplifyOphysExperiments(data);
    case 'dataframe_query':
      return api.dataframeQuery(data, c.kwargs.filters as DataframeFilter[], 'cell_specimen_id');
  }
  throw new Error(`no TS call for ${c.fn}`);
}

describe('BrainObservatoryApi helpers match allensdk 2.16.2', () => {
  it('the fixture covers every helper, with errors', () => {
    expect(new Set(fx.calls.map((c) => c.fn)).size).toBe(7);
    expect(fx.calls.filter((c) => c.error).length).toBeGreaterThanOrEqual(5);
  });

  it.each(fx.calls.map((c, i) => [`${i} ${c.fn} ${JSON.stringify(c.kwargs)}`, c] as const))(
    '%s',
    (_, c) => {
      if (c.error) {
        let err: unknown;
        try {
          run(c);
        } catch (e) {
          err = e;
        }
        expect(isSdkError(err, 'E_VALIDATION'), `reference raised ${c.error.type}`).toBe(true);
      } else {
        expect(run(c)).toEqual(c.result);
      }
    },
  );

  it.each(fx.query_strings.map((q) => [JSON.stringify(q.filters), q] as const))(
    'dataframeQueryString %s',
    (_, q) => {
      if (q.error) expect(() => api.dataframeQueryString(q.filters)).toThrow();
      else expect(api.dataframeQueryString(q.filters)).toBe(q.result);
    },
  );
});

describe('findExperimentAcquisitionAge', () => {
  const exp = (acq: string, dob: string) => ({
    date_of_acquisition: acq,
    specimen: { donor: { date_of_birth: dob } },
  });
  // Hand-checked: timedelta.days floors (one second short of a day is -1 day, not 0).
  it('floors to whole days, honours offsets and fractions', () => {
    expect(findExperimentAcquisitionAge(exp('2016-01-02T00:00:00Z', '2016-01-01T00:00:00Z'))).toBe(
      1,
    );
    expect(findExperimentAcquisitionAge(exp('2015-12-31T23:59:59Z', '2016-01-01T00:00:00Z'))).toBe(
      -1,
    );
    expect(
      findExperimentAcquisitionAge(exp('2016-01-02T01:00:00+02:00', '2016-01-01T00:00:00Z')),
    ).toBe(0);
    expect(findExperimentAcquisitionAge(exp('2016-01-02', '2016-01-01'))).toBe(1);
    expect(findExperimentAcquisitionAge({ specimen: { donor: {} } })).toBeNull();
  });
  it('an aware and a naive date cannot be subtracted; a non-ISO date is E_FORMAT', () => {
    expect(() => findExperimentAcquisitionAge(exp('2016-01-02T00:00:00Z', '2016-01-01'))).toThrow(
      /naive/,
    );
    let err: unknown;
    try {
      findExperimentAcquisitionAge(exp('Jan 2 2016', '2016-01-01'));
    } catch (e) {
      err = e;
    }
    expect(isSdkError(err, 'E_FORMAT')).toBe(true);
  });
});

describe('getCellSpecimenIdMapping', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'sdk-api-bo-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('queries the mapping file, downloads it and reads it as pandas does', async () => {
    const s = await startReplayServer({
      entries: [
        {
          decodedUrl:
            "/api/v2/data/query.json?q=model::WellKnownFile,rma::criteria,[id$eq590985414],well_known_file_type[name$eqOphysCellSpecimenIdMapping],rma::options[num_rows$eq'all'][count$eqfalse]",
          body: {
            success: true,
            msg: [{ download_link: '/api/v2/well_known_file_download/590985414' }],
          },
        },
        { decodedUrl: '/api/v2/well_known_file_download/590985414', body: fx.mapping.csv },
      ],
    });
    try {
      const table = await new BrainObservatoryApi({ baseUrl: s.url }).getCellSpecimenIdMapping(
        join(tmp, 'mapping.csv'),
      );
      const rows = table.toArray().map((r) => {
        const o = r.toJSON() as Record<string, unknown>;
        // pandas' to_json writes NaN as null; int64 columns come back from Arrow as bigint.
        for (const [k, v] of Object.entries(o)) {
          if (typeof v === 'bigint') o[k] = Number(v);
          if (typeof v === 'number' && Number.isNaN(v)) o[k] = null;
        }
        return o;
      });
      expect(rows).toEqual(fx.mapping.records);
      expect(table.schema.fields.map((f) => f.name)).toEqual(Object.keys(fx.mapping.dtypes));
      expect(String(table.schema.fields[0]?.type)).toBe('Int64');
      expect(String(table.schema.fields[1]?.type)).toBe('Float64');
    } finally {
      await s.close();
    }
  });
});

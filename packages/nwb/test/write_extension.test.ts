// Extension types written by the TS writer: the ndx-oracle-test namespace of extension.nwb (its
// spec as pynwb's NWBNamespaceBuilder exports it, fixture extension_spec.json from
// tooling/oracle/generators/nwb_extension_spec.py) plus a namespace defined here that extends
// DynamicTable and NWBDataInterface and includes the first one. Read back by pynwb
// (load_namespaces=True, tooling/oracle/checks/nwb_readback.py), nwbinspector, and openNwb.
// Tolerance: all values exact (integers, text, float64 stored as given).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  openNwb,
  Device as ReadDevice,
  ElectricalSeries as ReadElectricalSeries,
} from '../src/index.js';
import {
  createNwbFile,
  DynamicTable,
  defineExtension,
  ElectricalSeries,
  ExtensionContainer,
  type ExtensionNamespaceOptions,
  seededIdGenerator,
  TimeSeries,
  writeNwb,
} from '../src/write/index.js';
import {
  HAS_VENV,
  nest,
  once,
  publishForInterop,
  readFixtureJson,
  runInterop,
  runReadback,
  SKIP_REASON,
  tempDir,
} from './write_support.js';

const SPEC = readFixtureJson('extension_spec.json') as ExtensionNamespaceOptions;

// A second namespace: a DynamicTable subtype with a required attribute and a NWBDataInterface
// subtype with a float dataset, a defaulted attribute and typed TimeSeries children.
const LOCAL_SPEC: ExtensionNamespaceOptions = {
  namespace: {
    namespaces: [
      {
        name: 'ndx-ts-local',
        version: '0.2.0',
        doc: 'writer test extension',
        author: ['TS'],
        contact: ['ts@example.org'],
        schema: [
          { namespace: 'core' },
          { namespace: 'ndx-oracle-test' },
          { source: 'ndx-ts-local.extensions.yaml' },
        ],
      },
    ],
  },
  schemas: {
    'ndx-ts-local.extensions.yaml': {
      groups: [
        {
          neurodata_type_def: 'CellTable',
          neurodata_type_inc: 'DynamicTable',
          doc: 'cells',
          attributes: [{ name: 'source_lab', dtype: 'text', doc: 'where' }],
        },
        {
          neurodata_type_def: 'ProbeInfo',
          neurodata_type_inc: 'NWBDataInterface',
          doc: 'probe information',
          attributes: [
            {
              name: 'probe_kind',
              dtype: 'text',
              doc: 'kind',
              default_value: 'silicon',
              required: false,
            },
            { name: 'n_shanks', dtype: 'int32', doc: 'shanks' },
          ],
          datasets: [
            { name: 'channel_depths', dtype: 'float64', shape: [null], doc: 'depths (um)' },
            { name: 'notes', dtype: 'text', doc: 'notes', quantity: '?' },
          ],
          groups: [{ neurodata_type_inc: 'TimeSeries', doc: 'traces', quantity: '*' }],
        },
      ],
    },
  },
};

function build() {
  const nwb = createNwbFile({
    session_description: 'TS writer: extensions',
    identifier: 'ts-extension-0001',
    session_start_time: '2022-05-06T07:08:09+00:00',
    file_create_date: '2022-05-06T08:00:00+00:00',
  });
  const oracle = nwb.addExtension(defineExtension(SPEC));
  const local = nwb.addExtension(defineExtension(LOCAL_SPEC));
  const rig = nwb.createDevice({ name: 'Rig', description: 'tetrode rig' });
  const g = nwb.createElectrodeGroup({
    name: 'tetrode1',
    description: 't1',
    location: 'CA1',
    device: rig,
  });
  for (let i = 0; i < 4; i++) nwb.addElectrode({ group: g, location: 'CA1' });
  const data = Int32Array.from({ length: 40 }, (_, i) => i * 3 - 7);
  const tetrode = new ExtensionContainer({
    name: 'tetrode1_series',
    neurodata_type: 'TetrodeSeries',
    namespace: oracle,
    base: new ElectricalSeries({
      name: 'tetrode1_series',
      data: { data, shape: [10, 4], strides: [4, 1] },
      electrodes: nwb.createElectrodeTableRegion({
        region: [0, 1, 2, 3],
        description: 'tetrode 1',
      }),
      rate: 2000,
      description: 't1 data',
    }),
    attributes: { trode_id: 7 },
  });
  nwb.addAcquisition(tetrode);
  nwb.addLabMetaData(
    new ExtensionContainer({
      name: 'lab_meta',
      neurodata_type: 'LabMetaDataExt',
      namespace: oracle,
      datasets: { tissue_preparation: 'perfused' },
      attributes: { surgeon: 'Dr. Who' },
      links: { rig },
    }),
  );
  const cells = new DynamicTable({ name: 'cells', description: 'cell table' });
  cells.addColumn({ name: 'label', description: 'cell label' });
  cells.addColumn({ name: 'depth', description: 'depth (um)' });
  cells.addRow({ label: 'a', depth: 12.5 });
  cells.addRow({ label: 'b', depth: 40.25 });
  nwb.addAnalysis(
    new ExtensionContainer({
      name: 'cells',
      neurodata_type: 'CellTable',
      namespace: local,
      base: cells,
      attributes: { source_lab: 'Oracle Lab' },
    }),
  );
  const depths = [0, 25.5, 51, 76.5];
  const trace = new TimeSeries({ name: 'trace', data: [1, 2, 3, 4], unit: 'V', rate: 10 });
  const mod = nwb.createProcessingModule({ name: 'probe', description: 'probe info' });
  mod.add(
    new ExtensionContainer({
      name: 'probe_info',
      neurodata_type: 'ProbeInfo',
      namespace: 'ndx-ts-local',
      attributes: { n_shanks: 2 },
      datasets: { channel_depths: depths },
      children: [trace],
    }),
  );
  return { nwb, data, depths };
}

describe('extension writer', { timeout: 300_000 }, () => {
  const dir = tempDir('extension');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'ts_extension.nwb');
  const b = build();
  const written = once(async () => {
    const res = await writeNwb(b.nwb, file, { idGenerator: seededIdGenerator(11) });
    publishForInterop(file);
    return res;
  });

  it('caches the extension specs next to core and reads them back with openNwb', async () => {
    await written();
    const f = await openNwb(file);
    expect(f.namespaces()).toMatchObject({
      core: '2.7.0',
      'ndx-oracle-test': '0.1.0',
      'ndx-ts-local': '0.2.0',
    });
    const ts = f.get('/acquisition/tetrode1_series');
    expect(ts).toBeInstanceOf(ReadElectricalSeries);
    expect(ts.neurodata_type).toBe('TetrodeSeries');
    expect(ts.namespace).toBe('ndx-oracle-test');
    expect(ts.field('trode_id')).toBe(7);
    expect(Array.from((ts as ReadElectricalSeries).getData().data as Int32Array)).toEqual(
      Array.from(b.data),
    );
    const meta = f.lab_meta_data.get('lab_meta');
    expect(meta?.neurodata_type).toBe('LabMetaDataExt');
    expect(meta?.field('tissue_preparation')).toBe('perfused');
    expect(meta?.field('surgeon')).toBe('Dr. Who');
    expect(meta?.field('rig')).toBeInstanceOf(ReadDevice);
    const info = f.get('/processing/probe/probe_info');
    expect(info.field('probe_kind')).toBe('silicon');
    expect(info.field('n_shanks')).toBe(2);
    expect(f.spec.get('CellTable')?.parent).toBe('DynamicTable');
    f.close();
  });

  it.skipIf(!HAS_VENV)(
    `pynwb (load_namespaces=True) reads back every value (${HAS_VENV ? 'venv' : SKIP_REASON})`,
    async () => {
      await written();
      const expected = {
        types: {
          '/acquisition/tetrode1_series': 'TetrodeSeries',
          '/general/lab_meta': 'LabMetaDataExt',
          '/analysis/cells': 'CellTable',
          '/processing/probe/probe_info': 'ProbeInfo',
          '/processing/probe/probe_info/trace': 'TimeSeries',
        },
        links: { '/general/lab_meta/rig': '/general/devices/Rig' },
        containers: {
          '/acquisition/tetrode1_series': {
            neurodata_type: 'TetrodeSeries',
            fields: {
              trode_id: 7,
              data: nest(b.data, [10, 4]),
              rate: 2000,
              description: 't1 data',
              electrodes: { $ref: '/acquisition/tetrode1_series/electrodes' },
            },
          },
          '/general/lab_meta': {
            neurodata_type: 'LabMetaDataExt',
            fields: {
              tissue_preparation: 'perfused',
              surgeon: 'Dr. Who',
              rig: { $ref: '/general/devices/Rig' },
            },
          },
          '/acquisition/tetrode1_series/electrodes': { fields: { data: [0, 1, 2, 3] } },
          '/analysis/cells': { neurodata_type: 'CellTable', fields: { source_lab: 'Oracle Lab' } },
          '/processing/probe/probe_info/trace': { fields: { data: [1, 2, 3, 4], rate: 10 } },
          '/processing/probe/probe_info': {
            neurodata_type: 'ProbeInfo',
            fields: { channel_depths: b.depths, n_shanks: 2, probe_kind: 'silicon' },
          },
        },
        tables: {
          '/analysis/cells': {
            colnames: ['label', 'depth'],
            id: [0, 1],
            columns: { label: ['a', 'b'], depth: [12.5, 40.25] },
          },
        },
      };
      const r = runReadback(file, expected);
      expect(r.status, r.output).toBe(0);
    },
  );

  it.skipIf(!HAS_VENV)(
    'passes tooling/interop (pynwb read + nwbinspector, no CRITICAL)',
    async () => {
      await written();
      const r = runInterop(file);
      expect(r.status, r.output).toBe(0);
    },
  );
});

describe('extension checks', () => {
  const file = () =>
    createNwbFile({
      session_description: 'x',
      identifier: 'x',
      session_start_time: '2022-05-06T07:08:09+00:00',
    });
  const write = (nwb: ReturnType<typeof file>) => writeNwb(nwb, join(tempDir('extcheck'), 'x.nwb'));

  it('rejects a namespace whose includes are not registered, or a missing schema source', () => {
    expect(() => file().addExtension(defineExtension(LOCAL_SPEC))).toThrow(/ndx-oracle-test/);
    expect(() => defineExtension({ namespace: SPEC.namespace, schemas: {} })).toThrow(
      /schema source "ndx-oracle-test.extensions.yaml" not given/,
    );
  });

  it('rejects objects of unregistered namespaces, missing required fields, wrong dtypes, undeclared fields and wrong link targets', async () => {
    const mk = (
      opts: Partial<ConstructorParameters<typeof ExtensionContainer>[0]>,
      register = true,
    ) => {
      const nwb = file();
      const ns = defineExtension(SPEC);
      if (register) nwb.addExtension(ns);
      const rig = nwb.createDevice({ name: 'Rig', description: 'rig' });
      nwb.addLabMetaData(
        new ExtensionContainer({
          name: 'lab_meta',
          neurodata_type: 'LabMetaDataExt',
          namespace: ns,
          datasets: { tissue_preparation: 'perfused' },
          attributes: { surgeon: 'Dr. Who' },
          links: { rig },
          ...opts,
        }),
      );
      return nwb;
    };
    await expect(write(mk({}, false))).rejects.toThrow(/not registered on the file/);
    await expect(write(mk({ attributes: {} }))).rejects.toThrow(/required attribute "surgeon"/);
    await expect(write(mk({ datasets: {} }))).rejects.toThrow(
      /required dataset "tissue_preparation"/,
    );
    await expect(write(mk({ attributes: { surgeon: 3 } }))).rejects.toThrow(/is not text/);
    await expect(write(mk({ datasets: { tissue_preparation: 'p', extra: 'x' } }))).rejects.toThrow(
      /declares no dataset "extra"/,
    );
    await expect(write(mk({ datasets: { tissue_preparation: ['a', 'b'] } }))).rejects.toThrow(
      /scalar/,
    );
    const ts = new TimeSeries({ name: 'ts', data: [1, 2, 3], unit: 'V', rate: 1 });
    await expect(write(mk({ links: { rig: ts } }))).rejects.toThrow(/must point to a Device/);
    expect(
      () =>
        new ExtensionContainer({
          name: 'm',
          neurodata_type: 'Nope',
          namespace: defineExtension(SPEC),
        }),
    ).toThrow(/defines no type Nope/);
  });

  it('checks the base object against the inheritance chain and lab metadata against LabMetaData', async () => {
    const nwb = file();
    const ns = nwb.addExtension(defineExtension(SPEC));
    nwb.addAcquisition(
      new ExtensionContainer({
        name: 's',
        neurodata_type: 'TetrodeSeries',
        namespace: ns,
        base: new TimeSeries({ name: 's', data: [1, 2, 3], unit: 'V', rate: 1 }),
        attributes: { trode_id: 1.5 },
      }),
    );
    await expect(write(nwb)).rejects.toThrow(/is not int32/);
    const nwb2 = file();
    nwb2.addLabMetaData(new TimeSeries({ name: 'ts', data: [1, 2, 3], unit: 'V', rate: 1 }));
    await expect(write(nwb2)).rejects.toThrow(/extending LabMetaData/);
  });
});

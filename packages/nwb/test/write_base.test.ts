// Base types written by the TS writer: NWBFile metadata, Subject, TimeSeries timing / links /
// streaming / storage options, DynamicTable column kinds, TimeIntervals, Images; the writer's
// validation errors and its temp-file guarantee. Read back by pynwb where the venv exists.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isSdkError, openH5 } from '@sdk/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createNwbFile,
  DynamicTable,
  dataIO,
  dataStream,
  ElectricalSeries,
  ImageSeries,
  type NwbFileBuilder,
  seededIdGenerator,
  TimeIntervals,
  TimeSeries,
  writeNwb,
  writeNwbBytes,
} from '../src/write/index.js';
import {
  HAS_VENV,
  nums,
  once,
  publishForInterop,
  runInterop,
  runReadback,
  SKIP_REASON,
  tempDir,
} from './write_support.js';

const START = '2024-05-06T07:08:09.123456-04:00';
const STREAM_ROWS = 5000;

function streamRow(i: number): number[] {
  return [i * 0.5, -i, Math.sqrt(i)];
}

function* streamChunks(rows: number, fail = false) {
  for (let r0 = 0; r0 < STREAM_ROWS; r0 += rows) {
    if (fail && r0 >= 2 * rows) throw new Error('injected failure while streaming');
    const n = Math.min(rows, STREAM_ROWS - r0);
    const out = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) out.set(streamRow(r0 + i), i * 3);
    yield { data: out, shape: [n, 3], strides: [3, 1] };
  }
}

function* timeChunks(rows: number) {
  for (let r0 = 0; r0 < STREAM_ROWS; r0 += rows) {
    const n = Math.min(rows, STREAM_ROWS - r0);
    yield Float64Array.from({ length: n }, (_, i) => (r0 + i) * 0.001 + ((r0 + i) % 3) * 1e-4);
  }
}

function minimal(opts: Partial<Parameters<typeof createNwbFile>[0]> = {}): NwbFileBuilder {
  return createNwbFile({
    session_description: 'x',
    identifier: 'y',
    session_start_time: START,
    ...opts,
  });
}

function build() {
  const nwb = createNwbFile({
    session_description: 'TS writer: base types',
    identifier: 'ts-base-0001',
    session_start_time: START,
    file_create_date: ['2024-05-06T09:00:00-04:00', new Date(Date.UTC(2024, 4, 7, 1, 2, 3))],
    timestamps_reference_time: '2024-05-06T07:00:00-04:00',
    experimenter: ['Doe, Jane', 'Roe, Richard'],
    keywords: ['writer', 'base'],
    related_publications: 'doi:10.0000/example',
    experiment_description: 'every base field',
    session_id: 'base-1',
    institution: 'Oracle Institute',
    lab: 'Oracle Lab',
    notes: 'notes',
    pharmacology: 'none given',
    protocol: 'P-1',
    slices: 'n/a',
    data_collection: 'by hand',
    surgery: 'craniotomy',
    virus: 'AAV',
    stimulus_notes: 'gratings',
    source_script: 'print(1)',
    source_script_file_name: 'make.py',
    subject: {
      subject_id: 's1',
      species: 'Mus musculus',
      sex: 'F',
      age: 'P90D',
      age__reference: 'gestational',
      date_of_birth: '2024-02-01T00:00:00+00:00',
      description: 'a mouse',
      genotype: 'wt',
      strain: 'C57BL/6J',
      weight: '25 g',
    },
  });
  const irregular = Float64Array.from([0, 0.1, 0.25, 0.3, 0.45, 0.5]);
  const base = nwb.addAcquisition(
    new TimeSeries({
      name: 'irregular',
      description: 'irregular timestamps, scaled data',
      data: Int32Array.from([1, -2, 3, -4, 5, -6]),
      unit: 'volts',
      conversion: 0.5,
      offset: 0.25,
      resolution: 0.001,
      timestamps: irregular,
      continuity: 'step',
      control: [0, 1, 1, 0, 1, 0],
      control_description: ['off', 'on'],
    }),
  );
  nwb.addAcquisition(
    new TimeSeries({
      name: 'linked',
      description: 'links data and timestamps of "irregular"',
      data: base,
      unit: 'volts',
      timestamps: base,
    }),
  );
  const regular = Float64Array.from({ length: 8 }, (_, i) => 2 + i * 0.25);
  nwb.addAcquisition(
    new TimeSeries({
      name: 'auto_rate',
      description: 'regular timestamps',
      data: Float32Array.from(regular),
      unit: 'm',
      timestamps: regular,
    }),
  );
  nwb.addAcquisition(
    new TimeSeries({
      name: 'streamed',
      description: 'data and timestamps streamed chunk by chunk',
      data: dataStream(streamChunks(700), { dtype: 'float64', innerShape: [3], chunkRows: 1024 }),
      timestamps: dataStream(timeChunks(900), { dtype: 'float64', innerShape: [] }),
      unit: 'a.u.',
    }),
  );
  const big = Float32Array.from({ length: 300_000 * 2 }, (_, i) => (i % 1000) / 8);
  nwb.addAcquisition(
    new TimeSeries({
      name: 'big',
      description: 'over 1 MiB in memory',
      data: { data: big, shape: [300_000, 2], strides: [2, 1] },
      unit: 'a.u.',
      rate: 1000,
    }),
  );
  nwb.addAcquisition(
    new TimeSeries({
      name: 'dataio',
      description: 'explicit storage options',
      data: dataIO(
        Int16Array.from({ length: 64 }, (_, i) => i - 32),
        { chunks: [16], gzip: 9, maxshape: [null] },
      ),
      unit: 'a.u.',
      rate: 2,
      starting_time: 0.5,
    }),
  );
  nwb.addStimulusTemplate(
    new ImageSeries({
      name: 'template',
      description: 'frames',
      data: [
        [
          [1, 2],
          [3, 4],
        ],
        [
          [5, 6],
          [7, 8],
        ],
        [
          [9, 10],
          [11, 12],
        ],
      ],
      unit: 'n.a.',
      rate: 1,
    }),
  );

  nwb.addEpoch({ start_time: 0, stop_time: 0.3, tags: ['a', 'b'], timeseries: base });
  nwb.addEpoch({ start_time: 0.3, stop_time: 0.5, tags: 'c', timeseries: [base] });
  nwb.addInvalidTime({ start_time: 0.2, stop_time: 0.25 });
  const blinks = nwb.addTimeIntervals({ name: 'blinks', description: 'blink intervals' });
  blinks.addInterval({ start_time: 0.1, stop_time: 0.12 });
  blinks.addInterval({ start_time: 0.4, stop_time: 0.41 });

  const targets = new DynamicTable({
    name: 'targets',
    description: 'rows referenced by regions',
    columns: [{ name: 'label', description: 'label', data: ['p', 'q', 'r'] }],
  });
  const table = new DynamicTable({ name: 'custom', description: 'every column kind' });
  table.addColumn({ name: 'f', description: 'float' });
  table.addColumn({ name: 'i32', description: 'int32', dtype: 'int32' });
  table.addColumn({ name: 'flag', description: 'bool' });
  table.addColumn({ name: 'text', description: 'text' });
  table.addColumn({ name: 'mat', description: '2x2 per row' });
  table.addColumn({ name: 'ragged', description: 'ragged', index: true });
  table.addColumn({ name: 'ragged2', description: 'doubly ragged', index: 2 });
  table.addColumn({ name: 'target', description: 'one target row', table: targets });
  table.addColumn({ name: 'targets', description: 'target rows', table: targets, index: true });
  table.addColumn({ name: 'series', description: 'a series', kind: 'ref' });
  const rows = [
    {
      f: 1.5,
      i32: -3,
      flag: true,
      text: 'α',
      mat: [
        [1, 2],
        [3, 4],
      ],
      ragged: [1, 2, 3],
      ragged2: [[1], [2, 3]],
      target: 2,
      targets: [0, 1],
      series: base,
      id: 10,
    },
    {
      f: Number.NaN,
      i32: 4,
      flag: false,
      text: '',
      mat: [
        [5, 6],
        [7, 8],
      ],
      ragged: [],
      ragged2: [[]],
      target: 0,
      targets: [],
      series: base,
      id: 20,
    },
    {
      f: -0.25,
      i32: 2 ** 31 - 1,
      flag: true,
      text: 'z',
      mat: [
        [0, 0],
        [0, 1],
      ],
      ragged: [4],
      ragged2: [[4, 5, 6]],
      target: 1,
      targets: [2],
      series: base,
      id: 30,
    },
  ];
  for (const r of rows) table.addRow(r);
  nwb.addScratch(targets);
  nwb.addAnalysis(table);
  const misc = nwb.createProcessingModule({ name: 'misc', description: 'derived' });
  misc.add(
    new TimeSeries({
      name: 'derived',
      description: 'derived',
      data: [1, 2, 3, 4, 5, 6],
      unit: 'a.u.',
      timestamps: base,
    }),
  );
  return { nwb, irregular, regular, big, rows, base };
}

// Python checks (pynwb, nwbinspector; the first run may create the venv) get 5 minutes.
describe('base writer', { timeout: 300_000 }, () => {
  const dir = tempDir('base');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'ts_base.nwb');
  const b = build();

  const seen: string[] = [];
  const written = once(async () => {
    const res = await writeNwb(b.nwb, file, {
      idGenerator: seededIdGenerator(99),
      onProgress: (p) => seen.push(p.path),
    });
    publishForInterop(file);
    return res;
  });

  it('writes every base feature; streamed and large data are chunked and compressed', async () => {
    const res = await written();
    expect(res.warnings).toEqual([]);
    expect(seen).toContain('/acquisition/streamed/data');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const h5 = await openH5(file);
    try {
      const s = h5.dataset('/acquisition/streamed/data');
      expect(s.shape).toEqual([STREAM_ROWS, 3]);
      expect(s.maxshape).toEqual([null, 3]);
      expect(s.chunks).toEqual([1024, 3]);
      const last = s.read({ slice: [STREAM_ROWS - 1] }) as { data: Float64Array };
      expect(Array.from(last.data)).toEqual(streamRow(STREAM_ROWS - 1));
      const big = h5.dataset('/acquisition/big/data');
      expect(big.filters.map((f) => [f.name, f.cdValues[0]])).toEqual([['deflate', 4]]);
      expect(big.chunks).toEqual([131072, 2]); // ~1 MiB chunks spanning the channel axis
      const small = h5.dataset('/acquisition/irregular/data');
      expect(small.chunks).toBeNull(); // < 1 MiB: contiguous
      const dio = h5.dataset('/acquisition/dataio/data');
      expect([dio.chunks, dio.maxshape, dio.filters[0]?.cdValues[0]]).toEqual([[16], [null], 9]);
      expect(h5.link('/acquisition/linked/data')).toEqual({
        kind: 'soft',
        target: '/acquisition/irregular/data',
      });
      expect(h5.has('/acquisition/auto_rate/timestamps')).toBe(false);
      expect(h5.dataset('/analysis/custom/ragged2_index_index').dtypeName).toBe('uint8');
      const ids = [
        h5.attrs.get('object_id'),
        h5.get('/acquisition/irregular').attrs.get('object_id'),
      ];
      for (const id of ids)
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(b.nwb.object_id).toBe(ids[0]);
    } finally {
      h5.close();
    }
  });

  it('seeded id generators reproduce object_ids; writeNwbBytes writes in memory', async () => {
    await written();
    const a = await writeNwbBytes(build().nwb, { idGenerator: seededIdGenerator(99) });
    const h5 = await openH5(a.bytes);
    const ref = await openH5(file);
    try {
      for (const p of [
        '/',
        '/acquisition/streamed',
        '/analysis/custom/ragged2_index',
        '/general/subject',
      ]) {
        expect(h5.get(p).attrs.get('object_id')).toBe(ref.get(p).attrs.get('object_id'));
      }
    } finally {
      h5.close();
      ref.close();
    }
  });

  it.skipIf(!HAS_VENV)(
    `pynwb reads back every value (${HAS_VENV ? 'venv' : SKIP_REASON})`,
    async () => {
      await written();
      const stream = Array.from({ length: STREAM_ROWS }, (_, i) => streamRow(i));
      const streamTimes = [...timeChunks(900)].flatMap((c) => Array.from(c));
      const irregularData = [1, -2, 3, -4, 5, -6];
      const expected = {
        root: {
          session_start_time: START,
          timestamps_reference_time: '2024-05-06T07:00:00-04:00',
          file_create_date: ['2024-05-06T09:00:00-04:00', '2024-05-07T01:02:03+00:00'],
        },
        containers: {
          '/': {
            fields: {
              experimenter: ['Doe, Jane', 'Roe, Richard'],
              keywords: ['writer', 'base'],
              related_publications: ['doi:10.0000/example'],
              experiment_description: 'every base field',
              session_id: 'base-1',
              institution: 'Oracle Institute',
              lab: 'Oracle Lab',
              notes: 'notes',
              pharmacology: 'none given',
              protocol: 'P-1',
              slices: 'n/a',
              data_collection: 'by hand',
              surgery: 'craniotomy',
              virus: 'AAV',
              stimulus_notes: 'gratings',
              source_script: 'print(1)',
              source_script_file_name: 'make.py',
            },
          },
          '/general/subject': {
            fields: {
              subject_id: 's1',
              species: 'Mus musculus',
              sex: 'F',
              age: 'P90D',
              age__reference: 'gestational',
              date_of_birth: '2024-02-01T00:00:00+00:00',
              description: 'a mouse',
              genotype: 'wt',
              strain: 'C57BL/6J',
              weight: '25 g',
            },
          },
          '/acquisition/irregular': {
            fields: {
              data: irregularData,
              timestamps: nums(b.irregular),
              conversion: 0.5,
              offset: 0.25,
              resolution: 0.001,
              continuity: 'step',
              control: [0, 1, 1, 0, 1, 0],
              control_description: ['off', 'on'],
            },
          },
          '/acquisition/linked': {
            fields: {
              data: { $ref: '/acquisition/irregular' },
              timestamps: { $ref: '/acquisition/irregular' },
            },
          },
          '/acquisition/auto_rate': {
            fields: { starting_time: 2, rate: 4, data: nums(Float32Array.from(b.regular)) },
          },
          '/acquisition/streamed': { fields: { data: stream, timestamps: streamTimes } },
          '/acquisition/dataio': {
            fields: {
              data: Array.from({ length: 64 }, (_, i) => i - 32),
              rate: 2,
              starting_time: 0.5,
            },
          },
          '/stimulus/templates/template': {
            fields: {
              data: [
                [
                  [1, 2],
                  [3, 4],
                ],
                [
                  [5, 6],
                  [7, 8],
                ],
                [
                  [9, 10],
                  [11, 12],
                ],
              ],
            },
          },
          '/processing/misc/derived': {
            fields: { timestamps: { $ref: '/acquisition/irregular' } },
          },
        },
        tables: {
          '/intervals/epochs': {
            colnames: ['start_time', 'stop_time', 'tags', 'timeseries'],
            columns: {
              tags: [['a', 'b'], ['c']],
              // pynwb's add_interval: idx_start = bisect_left(timestamps, start), count up to stop
              timeseries: [
                [[0, 3, { $ref: '/acquisition/irregular' }]],
                [[3, 2, { $ref: '/acquisition/irregular' }]],
              ],
            },
          },
          '/intervals/invalid_times': { columns: { start_time: [0.2], stop_time: [0.25] } },
          '/intervals/blinks': {
            id: [0, 1],
            columns: { start_time: [0.1, 0.4], stop_time: [0.12, 0.41] },
          },
          '/scratch/targets': { columns: { label: ['p', 'q', 'r'] } },
          '/analysis/custom': {
            colnames: [
              'f',
              'i32',
              'flag',
              'text',
              'mat',
              'ragged',
              'ragged2',
              'target',
              'targets',
              'series',
            ],
            id: [10, 20, 30],
            columns: {
              f: [1.5, Number.NaN, -0.25],
              i32: [-3, 4, 2 ** 31 - 1],
              flag: [1, 0, 1],
              text: ['α', '', 'z'],
              mat: b.rows.map((r) => r.mat),
              ragged: b.rows.map((r) => r.ragged),
              ragged2: b.rows.map((r) => r.ragged2),
              target: [2, 0, 1],
              targets: [[0, 1], [], [2]],
              series: [0, 1, 2].map(() => ({ $ref: '/acquisition/irregular' })),
            },
          },
        },
        timeseries: {
          '/acquisition/irregular': {
            timestamps: nums(b.irregular),
            data_in_units: irregularData.map((v) => v * 0.5 + 0.25),
          },
          '/acquisition/big': { timestamps: Array.from({ length: 300_000 }, (_, k) => k / 1000) },
        },
        attrs: {
          '/analysis/custom/i32': { description: 'int32' },
          '/general/source_script': { file_name: 'make.py' },
        },
        links: {
          '/acquisition/linked/timestamps': '/acquisition/irregular/timestamps',
          '/processing/misc/derived/timestamps': '/acquisition/irregular/timestamps',
        },
      };
      const r = runReadback(file, expected);
      expect(r.status, r.output).toBe(0);
      expect(r.output).toContain('0 mismatches');
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

describe('writer validation and failure handling', () => {
  const code = async (p: Promise<unknown> | (() => unknown)): Promise<string> => {
    try {
      if (typeof p === 'function') p();
      else await p;
    } catch (e) {
      if (isSdkError(e)) return `${e.code}: ${e.message}`;
      throw e;
    }
    return 'no error';
  };

  it('rejects bad TimeSeries input with E_VALIDATION naming the field', async () => {
    const ts = (o: Record<string, unknown>) => () =>
      new TimeSeries({ name: 't', data: [1, 2, 3], unit: 'm', rate: 1, ...o } as never);
    expect(await code(ts({ unit: undefined }))).toMatch(/E_VALIDATION.*"unit" is required/);
    expect(await code(ts({ timestamps: [0, 1, 2] }))).toMatch(
      /E_VALIDATION.*exactly one of "timestamps" and "rate"/,
    );
    expect(await code(ts({ rate: undefined, timestamps: [0, 1] }))).toMatch(
      /E_VALIDATION.*2 timestamps for 3 samples/,
    );
    expect(await code(ts({ rate: undefined, timestamps: [0, 2, 1] }))).toMatch(/ascending/);
    expect(await code(ts({ rate: 0 }))).toMatch(/rate must be > 0/);
    expect(await code(ts({ resolution: 0 }))).toMatch(/resolution/);
    expect(await code(ts({ name: 'a/b' }))).toMatch(/must not contain "\/"/);
    expect(await code(ts({ data: [[1, 2, 3]] }))).toMatch(/longer than time/);
    expect(await code(ts({ data: [[1, 2, 3]], allowWideData: true }))).toBe('no error');
    const six = new TimeSeries({
      name: 'six',
      data: [1, 2, 3, 4, 5, 6],
      unit: 'm',
      timestamps: [0, 1, 2, 3, 4, 6],
    });
    expect(await code(ts({ rate: undefined, timestamps: six }))).toMatch(
      /6 timestamps \(linked from 'six'\) for 3 samples/,
    );
  });

  it('rejects bad file-level input', async () => {
    expect(await code(() => minimal({ session_start_time: '2024-01-01T00:00:00' }))).toMatch(
      /E_VALIDATION.*time zone/,
    );
    expect(await code(() => minimal({ session_start_time: '2999-01-01T00:00:00Z' }))).toMatch(
      /future/,
    );
    const f = minimal();
    f.addAcquisition(new TimeSeries({ name: 'a', data: [1], unit: 'm', rate: 1 }));
    expect(
      await code(() =>
        f.addAcquisition(new TimeSeries({ name: 'a', data: [1], unit: 'm', rate: 1 })),
      ),
    ).toMatch(/already holds an object named "a"/);
    const t = new DynamicTable({ name: 't', description: 'd' });
    t.addRow({ id: 1 });
    t.addRow({ id: 1 });
    const g = minimal();
    g.addScratch(t);
    expect(await code(writeNwbBytes(g))).toMatch(/id 1 is not unique/);
    const target = new DynamicTable({
      name: 'target',
      description: 'd',
      columns: [{ name: 'c', description: 'c', data: [1, 2] }],
    });
    const region = new DynamicTable({ name: 'region', description: 'd' });
    region.addColumn({ name: 'r', description: 'r', table: target });
    region.addRow({ r: 5 });
    const h = minimal();
    h.addScratch(target);
    h.addScratch(region);
    expect(await code(writeNwbBytes(h))).toMatch(
      /element 0 = 5 is outside DynamicTable 'target' \(2 rows\)/,
    );
    const orphan = new TimeSeries({ name: 'orphan', data: [1, 2], unit: 'm', rate: 1 });
    const k = minimal();
    k.addAcquisition(new TimeSeries({ name: 'uses', data: orphan, unit: 'm', rate: 1 }));
    expect(await code(writeNwbBytes(k))).toMatch(
      /TimeSeries 'orphan' is referenced or linked but was never added/,
    );
    const s = minimal();
    s.addAcquisition(new TimeSeries({ name: 'p', data: [1], unit: 'm', rate: 1 }));
    expect(await code(writeNwbBytes(s, { strict: true }))).toMatch(/placeholder/);
    expect(await code(writeNwbBytes(s))).toBe('no error');
  });

  it('does not write the epochs / trials / invalid_times / units tables a getter created but left empty', async () => {
    const f = minimal();
    f.addAcquisition(
      new TimeSeries({ name: 'a', description: 'a', data: [1], unit: 'm', rate: 1 }),
    );
    void f.trials;
    f.addEpochColumn({ name: 'extra', description: 'extra', index: true });
    void f.units;
    const { bytes, warnings } = await writeNwbBytes(f);
    expect(warnings).toEqual([
      "TimeIntervals 'trials' has no rows and was not written",
      "TimeIntervals 'epochs' has no rows and was not written",
      "Units 'units' has no rows and was not written",
    ]);
    const h5 = await openH5(bytes);
    try {
      expect(h5.has('/intervals')).toBe(false);
      expect(h5.has('/units')).toBe(false);
    } finally {
      h5.close();
    }
  });

  it('checks ecephys links: regions of the file electrodes table, units created before electrodes', async () => {
    const f = minimal();
    const units = f.units; // created before the electrodes table exists
    const dev = f.createDevice({ name: 'd', description: 'probe' });
    const grp = f.createElectrodeGroup({
      name: 'g',
      description: 'g',
      location: 'CA1',
      device: dev,
    });
    f.addElectrode({ group: grp, location: 'CA1' });
    f.addElectrode({ group: grp, location: 'CA1' });
    f.addUnit({ spike_times: [0.5], electrodes: [1] });
    expect(units.colnames).toEqual(['spike_times', 'electrodes']);
    const other = new DynamicTable({
      name: 'other',
      description: 'not the electrodes table',
      columns: [{ name: 'c', description: 'c', data: [1, 2] }],
    });
    f.addScratch(other);
    f.addAcquisition(
      new ElectricalSeries({
        name: 'es',
        data: { data: new Float32Array(20), shape: [10, 2], strides: [2, 1] },
        electrodes: other.createRegion({
          name: 'electrodes',
          region: [0, 1],
          description: 'wrong table',
        }),
        rate: 10,
      }),
    );
    expect(await code(writeNwbBytes(f))).toMatch(
      /E_VALIDATION.*region of the file's electrodes table/,
    );
    expect(
      await code(
        () =>
          new ElectricalSeries({
            name: 'es2',
            data: { data: new Float32Array(30), shape: [10, 3], strides: [3, 1] },
            electrodes: f.createElectrodeTableRegion({ region: [0, 1], description: 'two' }),
            rate: 10,
          }),
      ),
    ).toMatch(/data has 3 channels \(shape\[1\]\) but electrodes has 2 rows/);
  });

  it('leaves no file behind when writing fails midway, and keeps an existing file unless overwrite', async () => {
    const dir = tempDir('fail');
    const path = join(dir, 'broken.nwb');
    const f = minimal();
    f.addAcquisition(
      new TimeSeries({
        name: 's',
        data: dataStream(streamChunks(500, true), { dtype: 'float64', innerShape: [3] }),
        unit: 'm',
        rate: 10,
      }),
    );
    expect(await code(writeNwb(f, path))).toMatch(/injected failure while streaming/);
    expect(readdirSync(dir)).toEqual([]);
    const ok = minimal();
    await writeNwb(ok, path);
    expect(existsSync(path)).toBe(true);
    expect(await code(writeNwb(minimal(), path))).toMatch(/E_IO: file exists/);
    await writeNwb(minimal({ identifier: 'second' }), path, { overwrite: true });
    const h5 = await openH5(path);
    expect(h5.dataset('/identifier').read()).toBe('second');
    h5.close();
    const counted = minimal();
    counted.addAcquisition(
      new TimeSeries({
        name: 's',
        data: dataStream(streamChunks(500), { dtype: 'float64', innerShape: [3] }),
        unit: 'm',
        timestamps: dataStream(timeChunks(900), { dtype: 'float64', innerShape: [], length: 10 }),
      }),
    );
    expect(await code(writeNwb(counted, join(dir, 'counted.nwb')))).toMatch(
      /announced 10 rows but produced 5000/,
    );
    expect(readdirSync(dir)).toEqual(['broken.nwb']);
    const abort = new AbortController();
    const slow = minimal();
    slow.addAcquisition(
      new TimeSeries({
        name: 's',
        data: dataStream(
          (function* () {
            yield* streamChunks(500);
          })(),
          { dtype: 'float64', innerShape: [3] },
        ),
        unit: 'm',
        rate: 10,
      }),
    );
    const aborted = writeNwb(slow, join(dir, 'aborted.nwb'), {
      signal: abort.signal,
      onProgress: (p) => {
        if (p.rows !== undefined && p.rows >= 1000) abort.abort();
      },
    });
    expect(await code(aborted)).toMatch(/E_IO: writing aborted/);
    expect(readdirSync(dir)).toEqual(['broken.nwb']);
    rmSync(dir, { recursive: true, force: true });
    expect(TimeIntervals).toBeDefined();
  });
});

// Behavior written by the TS writer (SpatialSeries and its containers, event/time series
// containers, IntervalSeries, trials), read back by pynwb and checked by nwbinspector.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BehavioralEpochs,
  BehavioralEvents,
  BehavioralTimeSeries,
  CompassDirection,
  createNwbFile,
  EyeTracking,
  IntervalSeries,
  Position,
  PupilTracking,
  seededIdGenerator,
  TimeSeries,
  writeNwb,
} from '../src/write/index.js';
import {
  HAS_VENV,
  nest,
  nums,
  once,
  publishForInterop,
  runInterop,
  runReadback,
  SKIP_REASON,
  tempDir,
} from './write_support.js';

const N = 12;

function build() {
  const nwb = createNwbFile({
    session_description: 'TS writer: behavior',
    identifier: 'ts-behavior-0001',
    session_start_time: '2021-02-03T04:05:06.789000+00:00',
    file_create_date: '2021-02-03T05:00:00+00:00',
    experimenter: ['Doe, Jane'],
    subject: { subject_id: 'b1', species: 'Mus musculus', sex: 'M', age: 'P100D' },
  });
  const t = Float64Array.from({ length: N }, (_, i) => i * 0.1 + (i % 4) * 0.005);
  const xy = Float64Array.from({ length: N * 2 }, (_, i) => (i % 2 ? 0.01 : -0.02) * i);
  const heading = Float64Array.from({ length: N }, (_, i) => (i / N) * Math.PI);
  const gaze = Float64Array.from({ length: N * 2 }, (_, i) => (i % 7) - 3);
  const pupil = Float64Array.from({ length: N }, (_, i) => 100 + i * i);
  const speed = Float32Array.from({ length: N }, (_, i) => Math.fround(i * 1.5));
  const licks = Uint8Array.from([1, 1, 1, 1]);
  const lickTimes = Float64Array.from([0.15, 0.4, 0.41, 0.9]);
  const behavior = nwb.createProcessingModule({ name: 'behavior', description: 'behavior' });
  const position = behavior.add(new Position());
  position.createSpatialSeries({
    name: 'xy',
    description: 'position',
    data: { data: xy, shape: [N, 2], strides: [2, 1] },
    timestamps: t,
    reference_frame: 'arena centre',
  });
  behavior.add(new CompassDirection()).createSpatialSeries({
    name: 'heading',
    description: 'head direction',
    data: heading,
    unit: 'radians',
    timestamps: t,
    reference_frame: 'north',
  });
  behavior.add(new EyeTracking()).createSpatialSeries({
    name: 'gaze',
    description: 'gaze',
    data: { data: gaze, shape: [N, 2], strides: [2, 1] },
    unit: 'degrees',
    rate: 60,
    reference_frame: 'screen centre',
  });
  behavior.add(
    new PupilTracking({
      time_series: new TimeSeries({
        name: 'pupil_area',
        description: 'pupil area',
        data: pupil,
        unit: 'px^2',
        rate: 30,
      }),
    }),
  );
  behavior.add(new BehavioralTimeSeries()).createTimeSeries({
    name: 'running_speed',
    description: 'running speed',
    data: speed,
    unit: 'cm/s',
    timestamps: t,
    continuity: 'continuous',
  });
  behavior.add(new BehavioralEvents()).createTimeSeries({
    name: 'licks',
    description: 'licks',
    data: licks,
    unit: 'n.a.',
    timestamps: lickTimes,
  });
  const running = IntervalSeries.fromIntervals({
    name: 'running',
    description: 'running bouts',
    intervals: [
      [0.1, 0.3],
      [0.6, 1.0],
    ],
  });
  behavior.add(new BehavioralEpochs({ interval_series: running }));
  nwb.addTrialColumn({ name: 'correct', description: 'correct response' });
  nwb.addTrialColumn({ name: 'stim_name', description: 'stimulus' });
  nwb.addTrialColumn({ name: 'rewards', description: 'reward times', index: true });
  const trials = [
    { start_time: 0, stop_time: 0.4, correct: true, stim_name: 'A', rewards: [0.35] },
    { start_time: 0.4, stop_time: 0.8, correct: false, stim_name: 'B', rewards: [] },
    { start_time: 0.8, stop_time: 1.2, correct: true, stim_name: 'A', rewards: [1.0, 1.1] },
  ];
  for (const tr of trials) nwb.addTrial(tr);
  return { nwb, t, xy, heading, gaze, pupil, speed, licks, lickTimes, trials };
}

// Python checks (pynwb, nwbinspector; the first run may create the venv) get 5 minutes.
describe('behavior writer', { timeout: 300_000 }, () => {
  const dir = tempDir('behavior');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'ts_behavior.nwb');
  const b = build();

  const written = once(async () => {
    const res = await writeNwb(b.nwb, file, { idGenerator: seededIdGenerator(5) });
    publishForInterop(file);
    return res;
  });

  it('writes the behavior file', async () => {
    const res = await written();
    expect(res.path).toBe(file);
  });

  it.skipIf(!HAS_VENV)(
    `pynwb reads back every value (${HAS_VENV ? 'venv' : SKIP_REASON})`,
    async () => {
      await written();
      const m = '/processing/behavior';
      const expected = {
        root: { session_start_time: '2021-02-03T04:05:06.789000+00:00' },
        containers: {
          [`${m}/Position/xy`]: {
            neurodata_type: 'SpatialSeries',
            fields: {
              data: nest(b.xy, [N, 2]),
              timestamps: nums(b.t),
              unit: 'meters',
              reference_frame: 'arena centre',
            },
          },
          [`${m}/CompassDirection/heading`]: {
            fields: { data: nums(b.heading), unit: 'radians', reference_frame: 'north' },
          },
          [`${m}/EyeTracking/gaze`]: {
            fields: { data: nest(b.gaze, [N, 2]), unit: 'degrees', rate: 60 },
          },
          [`${m}/PupilTracking/pupil_area`]: { fields: { data: nums(b.pupil), rate: 30 } },
          [`${m}/BehavioralTimeSeries/running_speed`]: {
            fields: { data: nums(b.speed), continuity: 'continuous' },
          },
          [`${m}/BehavioralEvents/licks`]: {
            fields: { data: nums(b.licks), timestamps: nums(b.lickTimes) },
          },
          [`${m}/BehavioralEpochs/running`]: {
            neurodata_type: 'IntervalSeries',
            fields: { data: [1, -1, 1, -1], timestamps: [0.1, 0.3, 0.6, 1.0] },
          },
        },
        tables: {
          '/intervals/trials': {
            colnames: ['start_time', 'stop_time', 'correct', 'stim_name', 'rewards'],
            id: [0, 1, 2],
            columns: {
              start_time: b.trials.map((r) => r.start_time),
              stop_time: b.trials.map((r) => r.stop_time),
              correct: b.trials.map((r) => (r.correct ? 1 : 0)),
              stim_name: b.trials.map((r) => r.stim_name),
              rewards: b.trials.map((r) => r.rewards),
            },
          },
        },
        timeseries: {
          [`${m}/EyeTracking/gaze`]: { timestamps: Array.from({ length: N }, (_, k) => k / 60) },
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

// TS write -> TS read (the package's own reader): what the writer stores is what openNwb returns.
// Values are copied, not recomputed, so comparisons are exact (timestamps from a rate follow the
// same k / rate + starting_time steps on both sides).
import { describe, expect, it } from 'vitest';
import { openNwb, type TimeSeries as ReadTimeSeries } from '../src/index.js';
import { createNwbFile, seededIdGenerator, TimeSeries, writeNwbBytes } from '../src/write/index.js';

describe('TS writer -> TS reader round trip', () => {
  it('reads back root metadata, typed objects, series and ragged units', async () => {
    const nwb = createNwbFile({
      session_description: 'round trip',
      identifier: 'rt-1',
      session_start_time: '2024-01-02T03:04:05+01:00',
      file_create_date: '2024-01-02T04:00:00+01:00',
    });
    const data = Int16Array.from([5, -3, 7, 0, 2]);
    const times = Float64Array.from([0, 0.2, 0.25, 0.9, 1.3]);
    nwb.addAcquisition(
      new TimeSeries({
        name: 'irr',
        data,
        unit: 'V',
        conversion: 0.5,
        offset: 1,
        timestamps: times,
      }),
    );
    nwb.addAcquisition(
      new TimeSeries({
        name: 'reg',
        data: Float32Array.from([1, 2, 3]),
        unit: 'm',
        rate: 3,
        starting_time: 2,
      }),
    );
    const spikes = [[0.1, 0.4], [], [0.2, 0.3, 0.9]];
    for (const s of spikes) nwb.addUnit({ spike_times: s });
    const { bytes } = await writeNwbBytes(nwb, { idGenerator: seededIdGenerator(1) });

    const f = await openNwb(bytes);
    try {
      expect(f.identifier).toBe('rt-1');
      expect(f.session_start_time).toBe('2024-01-02T03:04:05+01:00');
      const objects = f.objects().map((o) => [o.path, o.neurodata_type]);
      expect(objects).toEqual(
        expect.arrayContaining([
          ['/units/spike_times_index', 'VectorIndex'],
          ['/acquisition/irr', 'TimeSeries'],
          ['/acquisition/reg', 'TimeSeries'],
          ['/units', 'Units'],
        ]),
      );
      expect(f.objects().find((o) => o.path === '/acquisition/irr')?.object_id).toBe(
        (nwb.acquisition.get('irr') as TimeSeries).object_id,
      );
      const irr = f.get('/acquisition/irr') as ReadTimeSeries;
      expect(Array.from(irr.getTimestamps())).toEqual(Array.from(times));
      expect(Array.from(irr.getDataInUnits().data)).toEqual(Array.from(data, (v) => v * 0.5 + 1));
      const reg = f.get('/acquisition/reg') as ReadTimeSeries;
      expect(Array.from(reg.getTimestamps())).toEqual([0, 1, 2].map((k) => k / 3 + 2));
      const units = f.units;
      expect(units).toBeDefined();
      spikes.forEach((s, i) => {
        expect(Array.from(units?.getSpikeTimes(i) ?? [])).toEqual(s);
      });
    } finally {
      f.close();
    }
  });
});

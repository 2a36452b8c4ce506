import { describe, expect, it } from 'vitest';
import { createNwbFile, seededIdGenerator, TimeSeries, writeNwb } from '../src/write/index.js';

describe('smoke', () => {
  it('writes', async () => {
    const f = createNwbFile({ session_description: 'x', identifier: 'id', session_start_time: '2024-01-02T03:04:05+00:00', file_create_date: '2024-01-02T04:00:00Z' });
    f.addAcquisition(new TimeSeries({ name: 'ts', data: [1, 2, 3], unit: 'm', timestamps: [0, 0.1, 0.3] }));
    const r = await writeNwb(f, '/tmp/nwbw/smoke.nwb', { overwrite: true, idGenerator: seededIdGenerator(1) });
    expect(r.path).toBeDefined();
  });
});

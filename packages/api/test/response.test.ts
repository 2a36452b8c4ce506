// A real API response (biophysical model 472451419) parsed into typed records, and BiophysicalApi's
// read_json over it compared with allensdk 2.16.2 (exact).
import { readFileSync } from 'node:fs';
import { isSdkError } from '@sdk/core';
import { describe, expect, it } from 'vitest';
import { BiophysicalApi, neuronalModelSchema, parseEnvelope } from '../src/index.js';
import { readFixture, sharedFile, type UrlsFixture } from './helpers.js';

const real = sharedFile('allensdk/api/472451419_response.json');
const fx = readFixture<UrlsFixture>('urls.json');

describe('real response 472451419', () => {
  it.skipIf(!real)('parses into typed neuronal-model records', () => {
    const parsed = JSON.parse(readFileSync(real as string, 'utf8')) as unknown;
    const env = parseEnvelope(parsed, neuronalModelSchema, real);
    expect(env.total_rows).toBe(9440);
    expect(env.msg).toHaveLength(1);
    const m = env.msg[0];
    expect(m?.specimen_id).toBe(386049446);
    expect(m?.neuronal_model_template?.name).toBe('Biophysical - perisomatic');
    expect(
      m?.well_known_files.every((w) =>
        w.download_link.startsWith('/api/v2/well_known_file_download/'),
      ),
    ).toBe(true);
  });

  it.skipIf(!real || !fx.biophys)(
    'BiophysicalApi.readJson gives the reference ids, sweeps and model type',
    () => {
      const api = new BiophysicalApi();
      const ids = api.readJson(JSON.parse(readFileSync(real as string, 'utf8')));
      expect(ids).toEqual(fx.biophys?.ids);
      expect(api.sweeps).toEqual(fx.biophys?.sweeps);
      expect(api.modelType).toBe(fx.biophys?.model_type);
    },
  );

  it('a record with a wrong field type is E_VALIDATION naming the path', () => {
    const bad = { success: true, start_row: 0, num_rows: 1, total_rows: 1, msg: [{ id: 'x' }] };
    try {
      parseEnvelope(bad, neuronalModelSchema, 'resp.json');
      expect.unreachable();
    } catch (e) {
      expect(isSdkError(e, 'E_VALIDATION')).toBe(true);
      expect((e as Error).message).toContain('$.msg[0].id');
    }
  });
});

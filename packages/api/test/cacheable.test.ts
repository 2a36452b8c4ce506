// The `@cacheable` options of the download/save methods (allensdk 2.16.2 `Cache.cacher` semantics,
// run by @sdk/core's `cacheable`) against the replay server, and the OBJ reader against
// `obj_utilities.parse_obj` (fixtures/readers.json, tooling/oracle/generators/api_readers.py).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeNrrd, fStrides, isSdkError, type Nrrd } from '@sdk/core';
import { FsCacheStore } from '@sdk/core/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrainObservatoryApi, type ObjMesh, parseObj, ReferenceSpaceApi } from '../src/index.js';
import { type ReplayServer, startReplayServer } from '../src/testing/index.js';
import { readFixture } from './helpers.js';

interface ObjCase {
  name: string;
  text: string;
  result?: Record<'vertices' | 'vertex_normals' | 'face_vertices' | 'face_normals', number[][]>;
  shapes?: Record<string, number[]>;
  error?: { type: string; message: string };
}
const objCases = readFixture<{ obj: ObjCase[] }>('readers.json').obj;

const rows = (a: { data: ArrayLike<number>; shape: number[] }) => {
  const [n = 0, m = 0] = a.shape;
  return Array.from({ length: a.shape.length === 1 ? 0 : n }, (_, i) =>
    Array.from(a.data).slice(i * m, (i + 1) * m),
  );
};

describe('parseObj matches obj_utilities.parse_obj (exact)', () => {
  it.each(objCases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    if (c.error) {
      let err: unknown;
      try {
        parseObj(c.text);
      } catch (e) {
        err = e;
      }
      expect(isSdkError(err, 'E_FORMAT')).toBe(true);
      expect((err as Error).message).toBe(c.error.message);
      return;
    }
    const mesh = parseObj(c.text);
    const got = {
      vertices: mesh.vertices,
      vertex_normals: mesh.vertexNormals,
      face_vertices: mesh.faceVertices,
      face_normals: mesh.faceNormals,
    };
    for (const [k, a] of Object.entries(got)) {
      expect(a.shape, k).toEqual(c.shapes?.[k]);
      expect(rows(a), k).toEqual(c.result?.[k as keyof ObjCase['result']]);
    }
  });
});

const ARCHIVE = '/informatics-archive/current-release/mouse_ccf';
// File order: axis 0 fastest (Fortran), as nrrd.read(index_order='F') and core's reader give it.
const VOLUME = {
  data: Float32Array.from({ length: 24 }, (_, i) => i * 0.5 - 3),
  shape: [2, 3, 4],
  strides: fStrides([2, 3, 4]),
};
const MESH = objCases.find((c) => c.name === 'mesh')!;

describe('@cacheable download methods', () => {
  let server: ReplayServer;
  let dir: string;
  let nrrdBytes: Uint8Array;
  const bodyRequests = (s: string) => server.log.filter((l) => l.decodedUrl.endsWith(s)).length;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sdk-api-cacheable-'));
    nrrdBytes = await encodeNrrd(VOLUME, { encoding: 'raw' });
    server = await startReplayServer({
      handlers: [
        (req) => {
          const u = req.decodedUrl;
          if (u.endsWith('.nrrd')) return { bytes: nrrdBytes };
          if (u.endsWith('/structure_meshes/385.obj')) return { body: MESH.text };
          if (u.includes('model::WellKnownFile')) {
            return {
              body: {
                success: true,
                msg: [{ download_link: '/api/v2/well_known_file_download/1' }],
              },
            };
          }
          if (u === '/api/v2/well_known_file_download/1') return { body: 'nwb bytes' };
          return undefined;
        },
      ],
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const api = () =>
    new ReferenceSpaceApi({
      baseUrl: server.url,
      downloadBaseUrl: server.url,
      cacheStore: new FsCacheStore({ root: dir }),
    });

  it("default strategy 'create' downloads and returns the parsed volume (nrrd.read)", async () => {
    const before = bodyRequests('annotation_25.nrrd');
    const vol: Nrrd = await api().downloadAnnotationVolume(null, 25, 'a/annotation_25.nrrd');
    expect(bodyRequests('annotation_25.nrrd') - before).toBe(1);
    expect(vol.data.shape).toEqual([2, 3, 4]);
    expect(Array.from(vol.data.data as Float32Array)).toEqual(Array.from(VOLUME.data));
    expect(vol.header.sizes).toEqual([2, 3, 4]);
    expect(readFileSync(join(dir, 'a', 'annotation_25.nrrd'))).toEqual(Buffer.from(nrrdBytes));
    // 'create' always downloads again.
    await api().downloadAnnotationVolume(null, 25, 'a/annotation_25.nrrd');
    expect(bodyRequests('annotation_25.nrrd') - before).toBe(2);
  });

  it("'lazy' downloads only when the file is missing; 'file' never downloads", async () => {
    const before = bodyRequests('average_template_10.nrrd');
    const first = (await api().downloadTemplateVolume(10, 't/t.nrrd', {
      strategy: 'lazy',
    })) as Nrrd;
    const second = (await api().downloadTemplateVolume(10, 't/t.nrrd', {
      strategy: 'lazy',
    })) as Nrrd;
    expect(bodyRequests('average_template_10.nrrd') - before).toBe(1);
    expect(Array.from(second.data.data as Float32Array)).toEqual(
      Array.from(first.data.data as Float32Array),
    );
    const fromFile = (await api().downloadTemplateVolume(10, 't/t.nrrd', {
      strategy: 'file',
    })) as Nrrd;
    expect(fromFile.data.shape).toEqual([2, 3, 4]);
    const missing = await api()
      .downloadTemplateVolume(10, 't/none.nrrd', { strategy: 'file' })
      .catch((e: unknown) => e);
    expect(isSdkError(missing, 'E_NOT_FOUND')).toBe(true);
    expect(bodyRequests('average_template_10.nrrd') - before).toBe(1);
  });

  it('reader: null returns nothing; a call-level post is applied; pre needs a writer', async () => {
    const none = await api().downloadStructureMask(385, null, 25, 'm/385.nrrd', { reader: null });
    expect(none).toBeUndefined();
    expect(existsSync(join(dir, 'm', '385.nrrd'))).toBe(true);
    let preCalled = false;
    const sizes = await api().downloadStructureMask(385, null, 25, 'm/385.nrrd', {
      strategy: 'lazy',
      pre: (d) => {
        preCalled = true;
        return d;
      },
      post: (d) => (d as Nrrd).header.sizes,
    });
    expect(sizes).toEqual([2, 3, 4]);
    expect(preCalled).toBe(false);
  });

  it('an explicit path is what the cacher checks (the file argument is where it downloads)', async () => {
    writeFileSync(join(dir, 'elsewhere.nrrd'), nrrdBytes);
    const before = bodyRequests('annotation_50.nrrd');
    const vol = (await api().downloadAnnotationVolume(null, 50, 'never/written.nrrd', {
      path: 'elsewhere.nrrd',
      strategy: 'lazy',
    })) as Nrrd;
    expect(vol.data.shape).toEqual([2, 3, 4]);
    expect(bodyRequests('annotation_50.nrrd') - before).toBe(0);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('an unknown strategy is E_VALIDATION, before any request', async () => {
    const n = server.log.length;
    const err = await api()
      .downloadTemplateVolume(25, 'x.nrrd', { strategy: 'bogus' as 'lazy' })
      .catch((e: unknown) => e);
    expect(isSdkError(err, 'E_VALIDATION')).toBe(true);
    expect(server.log.length).toBe(n);
  });

  it('downloadStructureMesh returns the parsed mesh (read_obj)', async () => {
    const mesh: ObjMesh = await api().downloadStructureMesh(385, null, 'mesh/385.obj');
    expect(mesh.faceVertices.shape).toEqual(MESH.shapes?.face_vertices);
    expect(rows(mesh.vertices)).toEqual(MESH.result?.vertices);
    expect(
      server.log.some(
        (l) => l.decodedUrl === `${ARCHIVE}/annotation/ccf_2017/structure_meshes/385.obj`,
      ),
    ).toBe(true);
  });

  it("save methods: 'lazy' skips the query and the download when the file exists", async () => {
    const bo = new BrainObservatoryApi({
      baseUrl: server.url,
      cacheStore: new FsCacheStore({ root: dir }),
    });
    const n = server.log.length;
    expect(await bo.saveOphysExperimentData(1, 'bo/1.nwb')).toBeUndefined();
    expect(server.log.length - n).toBe(2); // the WellKnownFile query, then the file
    expect(readFileSync(join(dir, 'bo', '1.nwb'), 'utf8')).toBe('nwb bytes');
    await bo.saveOphysExperimentData(1, 'bo/1.nwb', { strategy: 'lazy' });
    expect(server.log.length - n).toBe(2);
    const read = await bo.saveOphysExperimentData(1, 'bo/1.nwb', {
      strategy: 'lazy',
      reader: (p, store) => store.readText(p),
    });
    expect(read).toBe('nwb bytes');
    expect(server.log.length - n).toBe(2);
  });
});

// Hand-checked known-answer tests from shared/reference/api.md (checklist items 8 and 9).
import { describe, expect, it } from 'vitest';
import { CellTypesApi, calculateInjectionCentroid } from '../src/index.js';

describe('calculateInjectionCentroid (exact)', () => {
  const vol = (cells: Array<[number, number, number, number]>) => {
    const data = new Float64Array(4 * 4 * 4);
    for (const [i, j, k, v] of cells) data[i * 16 + j * 4 + k] = v;
    return { data, shape: [4, 4, 4] };
  };
  it('a single voxel at (1,2,3) → [25, 50, 75]', () => {
    expect(calculateInjectionCentroid(vol([[1, 2, 3, 1]]), vol([[1, 2, 3, 1]]))).toEqual([
      25, 50, 75,
    ]);
  });
  it('weights 1 and 3 give the weighted mean', () => {
    const d = vol([
      [0, 0, 0, 1],
      [2, 2, 2, 3],
    ]);
    const f = vol([
      [0, 0, 0, 1],
      [2, 2, 2, 1],
    ]);
    expect(calculateInjectionCentroid(d, f, 10)).toEqual([15, 15, 15]);
  });
  it('all-zero weights → null', () => {
    expect(calculateInjectionCentroid(vol([]), vol([[1, 1, 1, 1]]))).toBeNull();
  });
});

describe('CellTypesApi.filterCellsApi', () => {
  const cell = (
    id: number,
    species: string | undefined,
    recon: string | null,
    reporter: string,
  ) => ({
    specimen__id: id,
    donor__species: species,
    nr__reconstruction_type: recon,
    cell_reporter_status: reporter,
  });
  const cells = [
    cell(1, 'Mus musculus', 'full', 'positive'),
    cell(2, 'Homo Sapiens', null, 'positive'),
    cell(3, 'MUS MUSCULUS', null, 'negative'),
    cell(4, undefined, 'dendrite-only', 'positive'),
    cell(5, 'Homo Sapiens', 'full', 'negative'),
  ];
  const api = new CellTypesApi();
  it('species matches case-insensitively; missing species is ""', () => {
    const ids = api
      .filterCellsApi(cells, { species: ['mus musculus'], simple: false })
      .map((c) => c.specimen__id);
    expect(ids).toEqual([1, 3]);
  });
  it('requireReconstruction keeps cells with a reconstruction type', () => {
    const ids = api
      .filterCellsApi(cells, { requireReconstruction: true, simple: false })
      .map((c) => c.specimen__id);
    expect(ids).toEqual([1, 4, 5]);
  });
  it('reporterStatus is a membership test', () => {
    const ids = api
      .filterCellsApi(cells, {
        reporterStatus: ['negative'],
        requireMorphology: true,
        simple: false,
      })
      .map((c) => c.specimen__id);
    expect(ids).toEqual([5]);
  });
});

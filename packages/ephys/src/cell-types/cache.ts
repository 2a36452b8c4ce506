/**
 * `allensdk.core.cell_types_cache.CellTypesCache` (2.16.2): the Cell Types Database metadata,
 * features and files, cached under a manifest with the same layout as the Python class writes
 * (`cells.json`, `ephys_features.csv`, `morphology_features.csv`, `specimen_<id>/…`), so a cache
 * directory can be shared between the two.
 *
 * Files go through a core `CacheStore` (the file system by default, created on first use so that
 * this module stays importable in a browser).
 */
import { type ApiOptions, CellTypesApi, type SimpleCell } from '@sdk/api';
import {
  Cache,
  type CacheStore,
  type CacheWriter,
  cacheJson,
  formatCsvRecords,
  getDefaultManifestFile,
  type ManifestPathConfig,
  parseCsv,
  SdkError,
  tableFromRecords,
  toRecords,
} from '@sdk/core';
import { NwbDataSet } from '../sweeps/nwb-data-set.js';
import { mergeRecords } from './merge.js';
import {
  parseMarkerFile,
  parseSwc,
  type ReconstructionMarker,
  reindexCompartments,
  type SwcCompartment,
} from './swc.js';

/** An Arrow table as core's CSV reader returns it. */
export type Table = ReturnType<typeof parseCsv>;
export type CellRecord = Record<string, unknown>;
/** A row of `ephys_features.csv` / `morphology_features.csv`: numbers parsed, empty cells NaN. */
export type FeatureRecord = Record<string, number | string | boolean | null>;

export interface CellTypesCacheOptions {
  /** Write query results to the manifest's paths (default true). */
  cache?: boolean;
  /** Default: env `CELL_TYPES_MANIFEST`, else `cell_types/manifest.json`. */
  manifestFile?: string;
  /** API host (default `http://api.brain-map.org`). */
  baseUri?: string;
  /** Other options of the underlying `CellTypesApi` (retries, timeouts, progress). */
  apiOptions?: Omit<ApiOptions, 'baseUrl'>;
  /** Where files go; default a file-system store (Node). */
  store?: CacheStore;
}

export interface GetCellsOptions {
  fileName?: string | null;
  requireMorphology?: boolean;
  requireReconstruction?: boolean;
  /** One status or a list (`'positive'`, `'negative'`, …). */
  reporterStatus?: string | readonly string[] | null;
  /** `CellTypesApi.MOUSE` / `CellTypesApi.HUMAN`, compared case-insensitively. */
  species?: readonly string[] | null;
  /** Rename fields to the simple names (default true). */
  simple?: boolean;
}

// Python's build_manifest order (not alphabetical): CELLS, EPHYS_DATA, EPHYS_FEATURES, …
const CELL_TYPES_MANIFEST: Record<string, ManifestPathConfig> = {
  CELLS: { spec: 'cells.json', typename: 'file', parentKey: 'BASEDIR' },
  EPHYS_DATA: { spec: 'specimen_%d/ephys.nwb', typename: 'file', parentKey: 'BASEDIR' },
  EPHYS_FEATURES: { spec: 'ephys_features.csv', typename: 'file', parentKey: 'BASEDIR' },
  MORPHOLOGY_FEATURES: { spec: 'morphology_features.csv', typename: 'file', parentKey: 'BASEDIR' },
  RECONSTRUCTION: {
    spec: 'specimen_%d/reconstruction.swc',
    typename: 'file',
    parentKey: 'BASEDIR',
  },
  MARKER: { spec: 'specimen_%d/reconstruction.marker', typename: 'file', parentKey: 'BASEDIR' },
  EPHYS_SWEEPS: { spec: 'specimen_%d/ephys_sweeps.json', typename: 'file', parentKey: 'BASEDIR' },
};

/** `Cache.csv_writer`: every field quoted, header from the first record. */
const csvWriter: CacheWriter = (path, data, store) =>
  store.write(path, formatCsvRecords(data as CellRecord[]));

/** `pd.read_csv(path).to_dict('records')`: missing cells are NaN whatever the column type. */
export function featureRecordsFromCsv(text: string, file?: string): FeatureRecord[] {
  return toRecords(parseCsv(text, file === undefined ? {} : { file })).map((r) => {
    for (const k of Object.keys(r)) if (r[k] === null) r[k] = Number.NaN;
    return r as FeatureRecord;
  });
}

export class CellTypesCache extends Cache {
  static override MANIFEST_VERSION = '1.1';
  static override MANIFEST_CONFIG = CELL_TYPES_MANIFEST;
  static readonly CELLS_KEY = 'CELLS';
  static readonly EPHYS_FEATURES_KEY = 'EPHYS_FEATURES';
  static readonly MORPHOLOGY_FEATURES_KEY = 'MORPHOLOGY_FEATURES';
  static readonly EPHYS_DATA_KEY = 'EPHYS_DATA';
  static readonly EPHYS_SWEEPS_KEY = 'EPHYS_SWEEPS';
  static readonly RECONSTRUCTION_KEY = 'RECONSTRUCTION';
  static readonly MARKER_KEY = 'MARKER';

  readonly api: CellTypesApi;

  private constructor(store: CacheStore, options: CellTypesCacheOptions) {
    super({ store, cache: options.cache ?? true, version: CellTypesCache.MANIFEST_VERSION });
    this.api = new CellTypesApi({
      ...(options.apiOptions ?? {}),
      ...(options.baseUri ? { baseUrl: options.baseUri } : {}),
    });
  }

  /** Creates the cache and loads its manifest (writing it first when missing). */
  static async create(options: CellTypesCacheOptions = {}): Promise<CellTypesCache> {
    const store = options.store ?? new (await import('@sdk/core/node')).FsCacheStore();
    const instance = new CellTypesCache(store, options);
    await instance.loadManifest(
      options.manifestFile ?? getDefaultManifestFile('cell_types'),
      CellTypesCache.MANIFEST_VERSION,
    );
    return instance;
  }

  /** Every cell (cached as `cells.json`), filtered on the way out. */
  async getCells(options: GetCellsOptions & { simple: false }): Promise<CellRecord[]>;
  async getCells(options?: GetCellsOptions): Promise<SimpleCell[]>;
  async getCells(options: GetCellsOptions = {}): Promise<CellRecord[] | SimpleCell[]> {
    const path = this.getCachePath(options.fileName, CellTypesCache.CELLS_KEY);
    const cells = (await this.cacher(() => this.api.listCellsApi(), {
      path,
      strategy: 'lazy',
      ...cacheJson(),
    })) as CellRecord[];
    const reporterStatus =
      typeof options.reporterStatus === 'string'
        ? [options.reporterStatus]
        : options.reporterStatus;
    const filter = {
      requireMorphology: options.requireMorphology ?? false,
      requireReconstruction: options.requireReconstruction ?? false,
      reporterStatus: reporterStatus ?? null,
      species: options.species ?? null,
    };
    if (options.simple === false)
      return this.api.filterCellsApi(cells, { ...filter, simple: false });
    return this.api.filterCellsApi(cells, filter);
  }

  /** Sweep metadata of one cell (cached as `specimen_<id>/ephys_sweeps.json`), by `sweep_number`. */
  async getEphysSweeps(
    specimenId: number,
    options: { fileName?: string | null } = {},
  ): Promise<CellRecord[]> {
    const path = this.getCachePath(options.fileName, CellTypesCache.EPHYS_SWEEPS_KEY, specimenId);
    return (await this.cacher(() => this.api.getEphysSweeps(specimenId), {
      path,
      strategy: 'lazy',
      ...cacheJson(),
    })) as CellRecord[];
  }

  /** Electrophysiology features of every cell (cached as `ephys_features.csv`). */
  getEphysFeatures(options: { dataframe: true; fileName?: string | null }): Promise<Table>;
  getEphysFeatures(options?: {
    dataframe?: false;
    fileName?: string | null;
  }): Promise<FeatureRecord[]>;
  getEphysFeatures(
    options: { dataframe?: boolean; fileName?: string | null } = {},
  ): Promise<FeatureRecord[] | Table> {
    const path = this.getCachePath(options.fileName, CellTypesCache.EPHYS_FEATURES_KEY);
    return this.csvQuery(() => this.api.getEphysFeatures(), path, options.dataframe ?? false);
  }

  /** Morphology features of every reconstructed cell (cached as `morphology_features.csv`). */
  getMorphologyFeatures(options: { dataframe: true; fileName?: string | null }): Promise<Table>;
  getMorphologyFeatures(options?: {
    dataframe?: false;
    fileName?: string | null;
  }): Promise<FeatureRecord[]>;
  getMorphologyFeatures(
    options: { dataframe?: boolean; fileName?: string | null } = {},
  ): Promise<FeatureRecord[] | Table> {
    const path = this.getCachePath(options.fileName, CellTypesCache.MORPHOLOGY_FEATURES_KEY);
    return this.csvQuery(() => this.api.getMorphologyFeatures(), path, options.dataframe ?? false);
  }

  private async csvQuery(
    query: () => Promise<CellRecord[]>,
    path: string | null,
    dataframe: boolean,
  ): Promise<FeatureRecord[] | Table> {
    if (!this.cache) {
      const rows = await query();
      return dataframe ? tableFromRecords(rows) : (rows as FeatureRecord[]);
    }
    return (await this.cacher(query, {
      path,
      strategy: 'lazy',
      writer: csvWriter,
      reader: async (p, store) => {
        const text = await store.readText(p);
        return dataframe ? parseCsv(text, { file: p }) : featureRecordsFromCsv(text, p);
      },
    })) as FeatureRecord[] | Table;
  }

  /**
   * Ephys and morphology features joined on `specimen_id` (`pd.merge`): inner when
   * `requireReconstruction` (default), else outer; other shared columns get `_x` (ephys) and `_y`
   * (morphology) suffixes. Missing values are NaN.
   */
  getAllFeatures(options: { dataframe: true; requireReconstruction?: boolean }): Promise<Table>;
  getAllFeatures(options?: {
    dataframe?: false;
    requireReconstruction?: boolean;
  }): Promise<FeatureRecord[]>;
  async getAllFeatures(
    options: { dataframe?: boolean; requireReconstruction?: boolean } = {},
  ): Promise<FeatureRecord[] | Table> {
    const ephys = await this.getEphysFeatures();
    const morphology = await this.getMorphologyFeatures();
    const merged = mergeRecords(ephys, morphology, {
      on: 'specimen_id',
      how: (options.requireReconstruction ?? true) ? 'inner' : 'outer',
    }) as FeatureRecord[];
    return options.dataframe ? tableFromRecords(merged) : merged;
  }

  /**
   * Downloads the cell's NWB file to `specimen_<id>/ephys.nwb` unless it is there, and returns
   * its path (`getEphysDataSet` opens it as allensdk's `get_ephys_data` does).
   */
  async getEphysData(
    specimenId: number,
    options: { fileName?: string | null } = {},
  ): Promise<string> {
    const path = this.requirePath(options.fileName, CellTypesCache.EPHYS_DATA_KEY, specimenId);
    if (!(await this.store.exists(path))) {
      await this.store.makeParentDirs(path);
      await this.api.saveEphysData(specimenId, this.store.locate(path));
    }
    return path;
  }

  /**
   * `get_ephys_data`: downloads the cell's NWB file if needed (see `getEphysData`) and opens it as
   * an `NwbDataSet` (read-only unless `mode: 'r+'`); close it when done.
   */
  async getEphysDataSet(
    specimenId: number,
    options: { fileName?: string | null; mode?: 'r' | 'r+' } = {},
  ): Promise<NwbDataSet> {
    const path = await this.getEphysData(specimenId, options);
    return NwbDataSet.open(this.store.locate(path), options.mode ? { mode: options.mode } : {});
  }

  /**
   * The cell's SWC reconstruction (downloaded to `specimen_<id>/reconstruction.swc` once), as the
   * reindexed compartment list of allensdk's `Morphology` (the tree type is @sdk/atlas's).
   */
  async getReconstruction(
    specimenId: number,
    options: { fileName?: string | null } = {},
  ): Promise<SwcCompartment[]> {
    const path = this.requirePath(options.fileName, CellTypesCache.RECONSTRUCTION_KEY, specimenId);
    if (!(await this.store.exists(path))) {
      await this.store.makeParentDirs(path);
      await this.api.saveReconstruction(specimenId, this.store.locate(path));
    }
    return reindexCompartments(parseSwc(await this.store.readText(path), path), path);
  }

  /** The reconstruction's markers; `[]` (with a warning) when the cell has no marker file. */
  async getReconstructionMarkers(
    specimenId: number,
    options: { fileName?: string | null } = {},
  ): Promise<ReconstructionMarker[]> {
    const path = this.requirePath(options.fileName, CellTypesCache.MARKER_KEY, specimenId);
    if (!(await this.store.exists(path))) {
      await this.store.makeParentDirs(path);
      try {
        await this.api.saveReconstructionMarkers(specimenId, this.store.locate(path));
      } catch (e) {
        if (e instanceof SdkError && e.code === 'E_NOT_FOUND') {
          console.warn(e.message);
          return [];
        }
        throw e;
      }
    }
    return parseMarkerFile(await this.store.readText(path), path);
  }

  private requirePath(fileName: string | null | undefined, key: string, id: number): string {
    const path = this.getCachePath(fileName, key, id);
    if (path === null) {
      throw new SdkError(
        'E_VALIDATION',
        'Please enable caching (CellTypesCache cache: true) or specify a fileName.',
      );
    }
    return path;
  }
}

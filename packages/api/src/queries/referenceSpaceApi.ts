/** `ReferenceSpaceApi`: CCF annotation and template volumes, structure masks and meshes. */
import type { Nrrd } from '@sdk/core';
import {
  type CacheCallOptions,
  metaImageReader,
  nrrdReader,
  objReader,
} from '../cache/cacheable.js';
import type { MetaImage } from '../formats/metaImage.js';
import type { ObjMesh } from '../formats/obj.js';
import { pyD } from '../python/format.js';
import { RmaApi } from '../rma/rmaApi.js';

export const AVERAGE_TEMPLATE = 'average_template';
export const ARA_NISSL = 'ara_nissl';
export const MOUSE_2011 = 'annotation/mouse_2011';
export const DEVMOUSE_2012 = 'annotation/devmouse_2012';
export const CCF_2015 = 'annotation/ccf_2015';
export const CCF_2016 = 'annotation/ccf_2016';
export const CCF_2017 = 'annotation/ccf_2017';
export const CCF_VERSION_DEFAULT = CCF_2017;
export const VOXEL_RESOLUTION_10_MICRONS = 10;
export const VOXEL_RESOLUTION_25_MICRONS = 25;
export const VOXEL_RESOLUTION_50_MICRONS = 50;
export const VOXEL_RESOLUTION_100_MICRONS = 100;

export interface VolumetricUrlOptions {
  /** Accepted and ignored, as in the reference. */
  voxelResolution?: number | null;
  release?: string | null;
  coordinateFramework?: string | null;
}

export interface VolumetricDownloadOptions extends VolumetricUrlOptions {
  /** Default: the server file name, in the working directory. */
  saveFilePath?: string | null;
}

// Mixins need a constructor type with `any[]` arguments (TypeScript's rule for mixin bases).
// biome-ignore lint/suspicious/noExplicitAny: required by the TypeScript mixin pattern
type RmaApiClass = abstract new (...args: any[]) => RmaApi;

/** Adds the reference-space downloads to an RmaApi subclass (ReferenceSpaceApi, MouseConnectivityApi…). */
export function withReferenceSpace<TBase extends RmaApiClass>(Base: TBase) {
  abstract class ReferenceSpaceMethods extends Base {
    /**
     * `@cacheable(strategy='create', reader=nrrd.read)`: downloads to `path`, then returns the
     * parsed volume. `cache` changes that (`{strategy: 'lazy'}` skips an existing file,
     * `{reader: null}` returns nothing).
     */
    downloadAnnotationVolume(
      ccfVersion: string | null | undefined,
      resolution: number,
      path: string,
    ): Promise<Nrrd>;
    downloadAnnotationVolume(
      ccfVersion: string | null | undefined,
      resolution: number,
      path: string,
      cache: CacheCallOptions,
    ): Promise<unknown>;
    downloadAnnotationVolume(
      ccfVersion: string | null | undefined,
      resolution: number,
      path: string,
      cache?: CacheCallOptions,
    ): Promise<unknown> {
      return this.cacheableCall({ strategy: 'create', reader: nrrdReader }, path, cache, (target) =>
        this.downloadVolumetricData(
          ccfVersion ?? CCF_VERSION_DEFAULT,
          `annotation_${pyD(resolution, 'resolution')}.nrrd`,
          { saveFilePath: target ?? path },
        ),
      );
    }

    /**
     * A zipped MetaImage volume of the developing-mouse atlas, extracted next to `path` (the
     * `.mhd`), then read (`@cacheable(strategy='create', reader=read_ndarray_with_sitk)`).
     */
    downloadMouseAtlasVolume(age: string, volumeType: string, path: string): Promise<MetaImage>;
    downloadMouseAtlasVolume(
      age: string,
      volumeType: string,
      path: string,
      cache: CacheCallOptions,
    ): Promise<unknown>;
    downloadMouseAtlasVolume(
      age: string,
      volumeType: string,
      path: string,
      cache?: CacheCallOptions,
    ): Promise<unknown> {
      const url = [
        this.informaticsArchiveEndpoint,
        'current-release',
        'mouse_annotation',
        `${age}_${volumeType}.zip`,
      ].join('/');
      return this.cacheableCall(
        { strategy: 'create', reader: metaImageReader },
        path,
        cache,
        (target) => this.retrieveFileOverHttp(url, target ?? path, { zipped: true }),
      );
    }

    /** `@cacheable(strategy='create', reader=nrrd.read)`; see `downloadAnnotationVolume`. */
    downloadTemplateVolume(resolution: number, path: string): Promise<Nrrd>;
    downloadTemplateVolume(
      resolution: number,
      path: string,
      cache: CacheCallOptions,
    ): Promise<unknown>;
    downloadTemplateVolume(
      resolution: number,
      path: string,
      cache?: CacheCallOptions,
    ): Promise<unknown> {
      return this.cacheableCall({ strategy: 'create', reader: nrrdReader }, path, cache, (target) =>
        this.downloadVolumetricData(
          AVERAGE_TEMPLATE,
          `average_template_${pyD(resolution, 'resolution')}.nrrd`,
          { saveFilePath: target ?? path },
        ),
      );
    }

    /** `@cacheable(strategy='create', reader=nrrd.read)`; see `downloadAnnotationVolume`. */
    downloadStructureMask(
      structureId: number,
      ccfVersion: string | null | undefined,
      resolution: number,
      path: string,
    ): Promise<Nrrd>;
    downloadStructureMask(
      structureId: number,
      ccfVersion: string | null | undefined,
      resolution: number,
      path: string,
      cache: CacheCallOptions,
    ): Promise<unknown>;
    downloadStructureMask(
      structureId: number,
      ccfVersion: string | null | undefined,
      resolution: number,
      path: string,
      cache?: CacheCallOptions,
    ): Promise<unknown> {
      const dataPath = `${ccfVersion ?? CCF_VERSION_DEFAULT}/structure_masks/structure_masks_${String(resolution)}`;
      return this.cacheableCall({ strategy: 'create', reader: nrrdReader }, path, cache, (target) =>
        this.downloadVolumetricData(dataPath, `structure_${String(structureId)}.nrrd`, {
          saveFilePath: target ?? path,
        }),
      );
    }

    /** `@cacheable(strategy='create', reader=read_obj)`: downloads, then returns the parsed mesh. */
    downloadStructureMesh(
      structureId: number,
      ccfVersion: string | null | undefined,
      path: string,
    ): Promise<ObjMesh>;
    downloadStructureMesh(
      structureId: number,
      ccfVersion: string | null | undefined,
      path: string,
      cache: CacheCallOptions,
    ): Promise<unknown>;
    downloadStructureMesh(
      structureId: number,
      ccfVersion: string | null | undefined,
      path: string,
      cache?: CacheCallOptions,
    ): Promise<unknown> {
      return this.cacheableCall({ strategy: 'create', reader: objReader }, path, cache, (target) =>
        this.downloadVolumetricData(
          `${ccfVersion ?? CCF_VERSION_DEFAULT}/structure_meshes`,
          `${String(structureId)}.obj`,
          { saveFilePath: target ?? path },
        ),
      );
    }

    buildVolumetricDataDownloadUrl(
      dataPath: string,
      fileName: string,
      options: VolumetricUrlOptions = {},
    ): string {
      const release = options.release ?? 'current-release';
      const framework = options.coordinateFramework ?? 'mouse_ccf';
      return `${this.informaticsArchiveEndpoint}/${release}/${framework}/${dataPath}/${fileName}`;
    }

    downloadVolumetricData(
      dataPath: string,
      fileName: string,
      options: VolumetricDownloadOptions = {},
    ): Promise<void> {
      const url = this.buildVolumetricDataDownloadUrl(dataPath, fileName, options);
      return this.retrieveFileOverHttp(url, options.saveFilePath ?? fileName);
    }
  }
  return ReferenceSpaceMethods;
}

export class ReferenceSpaceApi extends withReferenceSpace(RmaApi) {
  static readonly AVERAGE_TEMPLATE = AVERAGE_TEMPLATE;
  static readonly ARA_NISSL = ARA_NISSL;
  static readonly MOUSE_2011 = MOUSE_2011;
  static readonly DEVMOUSE_2012 = DEVMOUSE_2012;
  static readonly CCF_2015 = CCF_2015;
  static readonly CCF_2016 = CCF_2016;
  static readonly CCF_2017 = CCF_2017;
  static readonly CCF_VERSION_DEFAULT = CCF_VERSION_DEFAULT;
}

/** The small service wrappers: SVG overlays, image synchronization, tree search, annotated data sets. */
import type { ApiRecord } from '../api.js';
import { Api } from '../api.js';
import { pyD, pyF, pyStr } from '../python/format.js';
import { RmaApi } from '../rma/rmaApi.js';

export class SvgApi extends Api {
  buildQuery(sectionImageId: number, groups?: readonly number[] | null, download = false): string {
    const endpoint = download ? this.svgDownloadEndpoint : this.svgEndpoint;
    const params = groups && groups.length > 0 ? `?groups=${groups.map(pyStr).join(',')}` : '';
    return `${endpoint}/${pyStr(sectionImageId)}${params}`;
  }

  downloadSvg(
    sectionImageId: number,
    { groups, path }: { groups?: readonly number[] | null; path?: string | null } = {},
  ): Promise<void> {
    return this.retrieveFileOverHttp(
      this.buildQuery(sectionImageId, groups, true),
      path ?? `${pyD(sectionImageId)}.svg`,
    );
  }

  /** The SVG document as text. */
  getSvg(sectionImageId: number, groups?: readonly number[] | null): Promise<string> {
    return this.retrieveXmlOverHttp(this.buildQuery(sectionImageId, groups));
  }
}

const ids = (list: readonly number[]) => list.map(pyStr).join(',');

export class SynchronizationApi extends Api {
  getImageToAtlas(sectionImageId: number, x: number, y: number, atlasId: number): Promise<unknown> {
    return this.jsonMsgQuery(
      `${this.imageToAtlasEndpoint}/${pyStr(sectionImageId)}.json?x=${pyF(x)}&y=${pyF(y)}&atlas_id=${pyStr(atlasId)}`,
    );
  }

  getImageToImage(
    sectionImageId: number,
    x: number,
    y: number,
    sectionDataSetIds: readonly number[],
  ): Promise<unknown> {
    return this.jsonMsgQuery(
      `${this.imageToImageEndpoint}/${pyStr(sectionImageId)}.json?x=${pyF(x)}&y=${pyF(y)}&section_data_set_ids=${ids(sectionDataSetIds)}`,
    );
  }

  getImageToImage2d(
    sectionImageId: number,
    x: number,
    y: number,
    sectionImageIds: readonly number[],
  ): Promise<unknown> {
    return this.jsonMsgQuery(
      `${this.imageToImage2dEndpoint}/${pyStr(sectionImageId)}.json?x=${pyF(x)}&y=${pyF(y)}&section_image_ids=${ids(sectionImageIds)}`,
    );
  }

  getReferenceToImage(
    referenceSpaceId: number,
    x: number,
    y: number,
    z: number,
    sectionDataSetIds: readonly number[],
  ): Promise<unknown> {
    return this.jsonMsgQuery(
      `${this.referenceToImageEndpoint}/${pyStr(referenceSpaceId)}.json?x=${pyF(x)}&y=${pyF(y)}&z=${pyF(z)}&section_data_set_ids=${ids(sectionDataSetIds)}`,
    );
  }

  getImageToReference(sectionImageId: number, x: number, y: number): Promise<unknown> {
    return this.jsonMsgQuery(
      `${this.imageToReferenceEndpoint}/${pyStr(sectionImageId)}.json?x=${pyF(x)}&y=${pyF(y)}`,
    );
  }

  getStructureToImage(sectionDataSetId: number, structureIds: readonly number[]): Promise<unknown> {
    return this.jsonMsgQuery(
      `${this.structureToImageEndpoint}/${pyStr(sectionDataSetId)}.json?structure_ids=${ids(structureIds)}`,
    );
  }
}

export class TreeSearchApi extends Api {
  /** Ancestors and/or descendants of a `Structure` or `Specimen`. */
  getTree(
    kind: string,
    dbId: number,
    { ancestors, descendants }: { ancestors?: boolean | null; descendants?: boolean | null } = {},
  ): Promise<unknown> {
    const params: string[] = [];
    if (ancestors === true) params.push('ancestors=true');
    else if (ancestors === false) params.push('ancestors=false');
    if (descendants === true) params.push('descendants=true');
    else if (descendants === false) params.push('descendants=false');
    const q = params.length > 0 ? `?${params.join('&')}` : '';
    return this.jsonMsgQuery(`${this.treeSearchEndpoint}/${kind}/${pyStr(dbId)}.json${q}`);
  }
}

export interface AnnotatedSectionFilter {
  intensityValues?: readonly string[] | null;
  densityValues?: readonly string[] | null;
  patternValues?: readonly string[] | null;
  ageNames?: readonly string[] | null;
}

/** One query of a compound search; `link` joins it to the next one. */
export interface CompoundAnnotatedQuery {
  structures: readonly number[];
  intensity_values?: readonly string[];
  density_values?: readonly string[];
  pattern_values?: readonly string[];
  age_names?: readonly string[];
  link?: 'or' | 'and';
}

const quoted = (list: readonly string[]) => list.map((v) => `'${v}'`).join(',');
const nonEmpty = (v: readonly string[] | null | undefined): v is readonly string[] =>
  !!v && v.length > 0;

export class AnnotatedSectionDataSetsApi extends RmaApi {
  getAnnotatedSectionDataSets(
    structures: readonly number[],
    f: AnnotatedSectionFilter = {},
  ): Promise<unknown> {
    const params = [`structures=${ids(structures)}`];
    if (nonEmpty(f.intensityValues)) params.push(`intensity_values=${quoted(f.intensityValues)}`);
    if (nonEmpty(f.densityValues)) params.push(`density_values=${quoted(f.densityValues)}`);
    if (nonEmpty(f.patternValues)) params.push(`pattern_values=${quoted(f.patternValues)}`);
    if (nonEmpty(f.ageNames)) params.push(`age_names=${quoted(f.ageNames)}`);
    return this.jsonMsgQuery(`${this.annotatedSectionDataSetsEndpoint}.json?${params.join('&')}`);
  }

  getAnnotatedSectionDataSetsViaRma(
    structures: readonly number[],
    f: AnnotatedSectionFilter = {},
  ): Promise<ApiRecord[]> {
    const age = nonEmpty(f.ageNames) ? `age[name$in${quoted(f.ageNames)}]` : 'age';
    let criteria = 'manual_annotations';
    if (nonEmpty(f.intensityValues)) criteria += `[intensity_call$in${quoted(f.intensityValues)}]`;
    if (nonEmpty(f.densityValues)) criteria += `[density_call$in${quoted(f.densityValues)}]`;
    if (nonEmpty(f.patternValues)) criteria += `[pattern_call$in${quoted(f.patternValues)}]`;
    criteria += `(structure[id$in${ids(structures)}])`;
    return this.modelQuery('SectionDataSet', {
      criteria,
      include: `specimen(donor(${age})),probes(gene),plane_of_section`,
      startRow: 0,
      numRows: 50,
      order: ['genes.acronym', 'ages.embryonic+desc', 'ages.days', 'data_sets.id'],
    });
  }

  /**
   * A compound search. As in the reference, every value list of a query prints that query's
   * `intensity_values` (a reference bug kept for identical URLs).
   */
  getCompoundAnnotatedSectionDataSets(
    queries: readonly CompoundAnnotatedQuery[],
    fmt = 'json',
  ): Promise<unknown> {
    let q = '?query=';
    for (const query of queries) {
      const params = [`structures $in ${ids(query.structures)}`];
      for (const key of [
        'intensity_values',
        'density_values',
        'pattern_values',
        'age_names',
      ] as const) {
        const v = query[key];
        if (v && v.length > 0) params.push(`${key} $in ${quoted(query.intensity_values ?? [])}`);
      }
      q += `[${params.join(' : ')}]`;
      if (query.link === 'or') q += ' or ';
      if (query.link === 'and') q += ' and ';
    }
    return this.jsonMsgQuery(`${this.compoundAnnotatedSectionDataSetsEndpoint}.${fmt}${q}`);
  }
}

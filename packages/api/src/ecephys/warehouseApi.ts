/**
 * `EcephysProjectWarehouseApi`: the Neuropixels Visual Coding tables and files from the Allen
 * warehouse, through `RmaEngine`. Tables are returned as arrays of records (one per row, the index
 * column included); @sdk/ecephys turns them into Arrow tables.
 */
import { parsePythonLiteral, SdkError } from '@sdk/core';
import type { ApiRecord } from '../api.js';
import { pyStr } from '../python/format.js';
import { RmaEngine, type RmaEngineOptions } from './rmaEngine.js';

type Ids = readonly number[] | null | undefined;

/** The `comma_sep` Jinja macro of the reference. */
const commaSep = (data: readonly unknown[], quote = false) =>
  data.map((d) => (quote ? `'${pyStr(d)}'` : pyStr(d))).join(',');

/** The `rma_macros.optional_contains` Jinja macro. */
const optionalContains = (
  key: string,
  data: readonly unknown[] | null | undefined,
  quote = false,
) => (data === null || data === undefined ? '' : `[${key}$in${commaSep(data, quote)}]`);

const given = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined;

const MOVIE_RE = /.*natural_movie_(?<num>\d+).npy/;
const SCENE_RE = /.*\/(?<num>\d+).tiff/;

export const ECEPHYS_PRODUCT_ID = 714914585;

export interface StimulusTemplateRecord extends ApiRecord {
  scene_number: number | null;
  movie_number: number | null;
}

export class EcephysProjectWarehouseApi {
  readonly rmaEngine: RmaEngine;
  private stimulusTemplatesList: StimulusTemplateRecord[] | undefined;

  constructor(rmaEngine?: RmaEngine | RmaEngineOptions) {
    this.rmaEngine = rmaEngine instanceof RmaEngine ? rmaEngine : new RmaEngine(rmaEngine ?? {});
  }

  /** `default(**rma_kwargs)`: an engine on `http://api.brain-map.org` unless overridden. */
  static default(options: RmaEngineOptions = {}): EcephysProjectWarehouseApi {
    return new EcephysProjectWarehouseApi(
      new RmaEngine({ scheme: 'http', host: 'api.brain-map.org', ...options }),
    );
  }

  private wellKnownFileQuery(type: string, attachableType: string, id: number): string {
    return (
      `criteria=model::WellKnownFile,rma::criteria,well_known_file_type[name$eq'${type}']` +
      `[attachable_type$eq'${attachableType}'][attachable_id$eq${pyStr(id)}]`
    );
  }

  private async exactlyOne(query: string, what: string): Promise<string> {
    const files = await this.rmaEngine.getRmaTabular(query);
    if (files.length !== 1) {
      throw new SdkError('E_NOT_FOUND', `expected exactly 1 ${what}, found: ${files.length}`);
    }
    return String((files[0] as ApiRecord).download_link);
  }

  /** Downloads the session's NWB file to `path`. */
  async getSessionData(sessionId: number, path: string): Promise<void> {
    const link = await this.exactlyOne(
      this.wellKnownFileQuery('EcephysNwb', 'EcephysSession', sessionId),
      `nwb file for session ${sessionId}`,
    );
    await this.rmaEngine.stream(link, path);
  }

  /** Downloads the probe's LFP NWB file to `path`. */
  async getProbeLfpData(probeId: number, path: string): Promise<void> {
    const link = await this.exactlyOne(
      this.wellKnownFileQuery('EcephysLfpNwb', 'EcephysProbe', probeId),
      `LFP NWB file for probe ${probeId}`,
    );
    await this.rmaEngine.stream(link, path);
  }

  /** The stimulus template files of the ecephys product, with their scene or movie number. */
  async stimulusTemplates(): Promise<StimulusTemplateRecord[]> {
    if (!this.stimulusTemplatesList) {
      const rows = await this.rmaEngine.getRmaTabular(
        this.wellKnownFileQuery('Stimulus', 'Product', ECEPHYS_PRODUCT_ID),
      );
      this.stimulusTemplatesList = rows.map((row) => {
        const path = String(row.path);
        const scene = SCENE_RE.exec(path);
        const movie = scene ? null : MOVIE_RE.exec(path);
        return {
          ...row,
          scene_number: scene?.groups?.num ? Number(scene.groups.num) : null,
          movie_number: movie?.groups?.num ? Number(movie.groups.num) : null,
        };
      });
    }
    return this.stimulusTemplatesList;
  }

  private async template(
    key: 'scene_number' | 'movie_number',
    n: number,
    path: string,
    what: string,
  ): Promise<void> {
    const matches = (await this.stimulusTemplates()).filter((t) => t[key] === n);
    if (matches.length !== 1) {
      throw new SdkError(
        'E_NOT_FOUND',
        `expected exactly one ${what} template with number ${n}, found ${matches.length}`,
      );
    }
    await this.rmaEngine.stream(String((matches[0] as ApiRecord).download_link), path);
  }

  getNaturalMovieTemplate(number: number, path: string): Promise<void> {
    return this.template('movie_number', number, path, 'natural movie');
  }

  getNaturalSceneTemplate(number: number, path: string): Promise<void> {
    return this.template('scene_number', number, path, 'natural scene');
  }

  async getSessions({
    sessionIds,
    hasEyeTracking,
    stimulusNames,
  }: {
    sessionIds?: Ids;
    hasEyeTracking?: boolean | null;
    stimulusNames?: readonly string[] | null;
  } = {}): Promise<ApiRecord[]> {
    const query =
      'criteria=model::EcephysSession' +
      optionalContains('id', sessionIds) +
      (given(hasEyeTracking) ? `[fail_eye_tracking$eq${String(!hasEyeTracking)}]` : '') +
      optionalContains('stimulus_name', stimulusNames, true) +
      ',rma::include,specimen(donor(age)),well_known_files(well_known_file_type)';
    const rows = await this.rmaEngine.getRmaTabular(query);
    return rows.map((row) => {
      const donor = ((row.specimen as ApiRecord | undefined)?.donor ?? {}) as ApiRecord;
      const files = Array.isArray(row.well_known_files)
        ? (row.well_known_files as ApiRecord[])
        : [];
      const {
        specimen: _s,
        fail_eye_tracking: _f,
        well_known_files: _w,
        stimulus_name,
        ...rest
      } = row;
      return {
        ...rest,
        ...('stimulus_name' in row ? { session_type: stimulus_name } : {}),
        age_in_days: (donor.age as ApiRecord | undefined)?.days,
        sex: donor.sex,
        genotype: donor.full_genotype ?? 'wt',
        has_nwb: files.some(
          (w) => (w.well_known_file_type as ApiRecord | undefined)?.name === 'EcephysNwb',
        ),
      };
    });
  }

  async getProbes({
    probeIds,
    sessionIds,
  }: {
    probeIds?: Ids;
    sessionIds?: Ids;
  } = {}): Promise<ApiRecord[]> {
    const query =
      'criteria=model::EcephysProbe' +
      optionalContains('id', probeIds) +
      optionalContains('ecephys_session_id', sessionIds);
    const rows = await this.rmaEngine.getRmaTabular(query);
    return rows.map(({ use_lfp_data, ...rest }) => ({
      ...rest,
      ...(use_lfp_data === undefined ? {} : { has_lfp_data: use_lfp_data }),
    }));
  }

  getChannels({
    channelIds,
    probeIds,
  }: {
    channelIds?: Ids;
    probeIds?: Ids;
  } = {}): Promise<ApiRecord[]> {
    const query =
      'criteria=model::EcephysChannel' +
      optionalContains('id', channelIds) +
      optionalContains('ecephys_probe_id', probeIds) +
      ',rma::include,structure' +
      ",rma::options[tabular$eq'" +
      [
        'ecephys_channels.id',
        'ecephys_probe_id',
        'local_index',
        'probe_horizontal_position',
        'probe_vertical_position',
        'anterior_posterior_ccf_coordinate',
        'dorsal_ventral_ccf_coordinate',
        'left_right_ccf_coordinate',
        'structures.id as ecephys_structure_id',
        'structures.acronym as ecephys_structure_acronym',
      ].join(',') +
      "']";
    return this.rmaEngine.getRmaTabular(query);
  }

  getUnits({
    unitIds,
    channelIds,
    probeIds,
    sessionIds,
  }: {
    unitIds?: Ids;
    channelIds?: Ids;
    probeIds?: Ids;
    sessionIds?: Ids;
  } = {}): Promise<ApiRecord[]> {
    let query = 'criteria=model::EcephysUnit';
    if (given(unitIds)) query += `,rma::criteria[id$in${commaSep(unitIds)}]`;
    if (given(channelIds)) query += `,rma::criteria[ecephys_channel_id$in${commaSep(channelIds)}]`;
    if (given(probeIds))
      query += `,rma::criteria,ecephys_channel(ecephys_probe[id$in${commaSep(probeIds)}])`;
    if (given(sessionIds)) {
      query += `,rma::criteria,ecephys_channel(ecephys_probe(ecephys_session[id$in${commaSep(sessionIds)}]))`;
    }
    return this.rmaEngine.getRmaTabular(query);
  }

  /**
   * Unit metrics: each record's JSON `data` merged into it, `id` dropped, and every column whose
   * values all read back as Python literals converted (the reference's `literal_eval(str(v))`).
   */
  async getUnitAnalysisMetrics({
    unitIds,
    ecephysSessionIds,
    sessionTypes,
  }: {
    unitIds?: Ids;
    ecephysSessionIds?: Ids;
    sessionTypes?: readonly string[] | null;
  } = {}): Promise<ApiRecord[]> {
    let query = 'criteria=model::EcephysUnitMetricBundle';
    if (given(unitIds)) query += `,rma::criteria[ecephys_unit_id$in${commaSep(unitIds)}]`;
    if (given(ecephysSessionIds)) {
      query += `,rma::criteria,ecephys_unit(ecephys_channel(ecephys_probe(ecephys_session[id$in${commaSep(ecephysSessionIds)}])))`;
    }
    if (given(sessionTypes)) {
      query += `,rma::criteria,ecephys_unit(ecephys_channel(ecephys_probe(ecephys_session[stimulus_name$in${commaSep(sessionTypes, true)}])))`;
    }
    const items = await this.rmaEngine.getRmaList(query);
    const rows: ApiRecord[] = items.map((item) => {
      const { data, id: _id, ...rest } = item;
      const parsed = typeof data === 'string' ? (JSON.parse(data) as ApiRecord) : {};
      return { ...rest, ...parsed };
    });
    const columns = new Set<string>();
    for (const r of rows)
      for (const k of Object.keys(r)) if (k !== 'ecephys_unit_id') columns.add(k);
    for (const col of columns) {
      try {
        const values = rows.map((r) => parsePythonLiteral(pyStr(r[col])));
        rows.forEach((r, i) => {
          r[col] = values[i];
        });
      } catch {
        // the reference leaves a column it cannot evaluate unchanged
      }
    }
    const first = rows[0];
    if (first && typeof first.p_value_rf === 'boolean' && typeof first.on_screen_rf === 'number') {
      // The warehouse swapped these two columns; the reference swaps them back.
      for (const r of rows) [r.p_value_rf, r.on_screen_rf] = [r.on_screen_rf, r.p_value_rf];
    }
    return rows;
  }
}

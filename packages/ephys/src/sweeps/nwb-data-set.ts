/**
 * allensdk.core.nwb_data_set.NwbDataSet: the sweeps of an Allen Cell Types NWB file (NWB 1, read
 * and written as allensdk does) or of an NWB 2 icephys file (read only).
 *
 * Reads go through one open handle. Every write (setSweep, setSpikeTimes, fillSweepResponses,
 * update) is done on a temporary copy next to the file, which replaces the file (rename) only
 * when all edits of that call succeeded: a failure never leaves a half-written file.
 */
import { type H5File, openH5, SdkError } from '@sdk/core';
import { getNwbVersion, type Nwb1File, type NwbFile, openNwb, openNwb1 } from '@sdk/nwb';
import { icephysSweep, icephysSweepMetadata, icephysSweepSeries } from './icephys-reader.js';
import { fillSweepResponsesIn, setSpikeTimesIn, setSweepIn } from './nwb1-edits.js';
import {
  epochNumbers,
  nwb1PipelineVersion,
  nwb1SpikeTimes,
  nwb1Sweep,
  nwb1SweepMetadata,
  SPIKE_TIMES_KEY,
} from './nwb1-reader.js';
import type {
  FillSweepResponsesOptions,
  GetSweepOptions,
  NwbSweep,
  SetSweepData,
  SweepMetadata,
} from './types.js';

export interface NwbDataSetOptions {
  /** Where `getSpikeTimes` looks first (default `'spike_times'`). */
  spikeTimeKey?: string;
  /** `'r+'` allows the write methods (NWB 1 only). Default `'r'`. */
  mode?: 'r' | 'r+';
  /** Name used in messages when `source` is bytes. */
  name?: string;
}

/** The edits available inside one `update` call (all committed together). */
export interface NwbSweepEditor {
  setSweep(sweepNumber: number, data: SetSweepData): void;
  setSpikeTimes(sweepNumber: number, spikeTimes: ArrayLike<number>): void;
  fillSweepResponses(options?: FillSweepResponsesOptions): void;
}

type Reader = { kind: 1; file: Nwb1File } | { kind: 2; file: NwbFile };

let tempCounter = 0;

export class NwbDataSet {
  static readonly SPIKE_TIMES = SPIKE_TIMES_KEY;
  static readonly DEPRECATED_SPIKE_TIMES = 'aibs_spike_times';

  readonly spikeTimeKey: string;
  readonly mode: 'r' | 'r+';
  private source: string | Uint8Array;
  private reader: Reader | null;
  private pending: Promise<void> = Promise.resolve();

  private constructor(source: string | Uint8Array, reader: Reader, options: NwbDataSetOptions) {
    this.source = source;
    this.reader = reader;
    this.spikeTimeKey = options.spikeTimeKey ?? SPIKE_TIMES_KEY;
    this.mode = options.mode ?? 'r';
  }

  /** Opens an NWB 1 or NWB 2 file (a path in Node, or the file's bytes). */
  static async open(
    source: string | Uint8Array | ArrayBuffer,
    options: NwbDataSetOptions = {},
  ): Promise<NwbDataSet> {
    const src = source instanceof ArrayBuffer ? new Uint8Array(source) : source;
    const reader = await NwbDataSet.openReader(src, options.name);
    return new NwbDataSet(src, reader, options);
  }

  private static async openReader(source: string | Uint8Array, name?: string): Promise<Reader> {
    const nameOpt = name ? { name } : {};
    const { major } = await getNwbVersion(source);
    if (major === 1) return { kind: 1, file: await openNwb1(source, nameOpt) };
    return { kind: 2, file: await openNwb(source, nameOpt) };
  }

  /** The file's path, or the name given for bytes. */
  get filename(): string {
    return this.open_().file.filename;
  }

  /** 1 or 2. */
  get nwbMajorVersion(): 1 | 2 {
    return this.open_().kind;
  }

  /** The current bytes of a data set opened from bytes (after its edits). */
  get bytes(): Uint8Array | undefined {
    return typeof this.source === 'string' ? undefined : this.source;
  }

  close(): void {
    this.reader?.file.close();
    this.reader = null;
  }

  [Symbol.dispose](): void {
    this.close();
  }

  private open_(): Reader {
    if (!this.reader) throw new SdkError('E_IO', 'the NwbDataSet is closed');
    return this.reader;
  }

  /** `get_sweep(n)`: stimulus, response, stimulus_unit, index_range and sampling_rate. */
  getSweep(sweepNumber: number, options: GetSweepOptions = {}): NwbSweep {
    const r = this.open_();
    return r.kind === 1
      ? nwb1Sweep(r.file, sweepNumber, options)
      : icephysSweep(r.file, sweepNumber);
  }

  /**
   * `get_sweep_numbers()`: NWB 1 from `epochs/Sweep_*` in HDF5 name order (test sweeps included);
   * NWB 2 the `sweep_number`s of the icephys series, ascending.
   */
  getSweepNumbers(): number[] {
    const r = this.open_();
    return r.kind === 1 ? epochNumbers(r.file, 'Sweep_') : [...icephysSweepSeries(r.file).keys()];
  }

  /** `get_experiment_sweep_numbers()`: from `epochs/Experiment_*` (NWB 1 only). */
  getExperimentSweepNumbers(): number[] {
    const r = this.open_();
    if (r.kind === 2) {
      throw new SdkError(
        'E_UNSUPPORTED',
        'NWB 2 files have no Experiment epochs; use getSweepNumbers',
        {
          file: r.file.filename,
        },
      );
    }
    return epochNumbers(r.file, 'Experiment_');
  }

  /** `get_pipeline_version()` decoded correctly from `general/generated_by`; `[0, 0]` if absent. */
  getPipelineVersion(): [number, number] {
    const r = this.open_();
    return r.kind === 1 ? nwb1PipelineVersion(r.file) : [0, 0];
  }

  /** `get_sweep_metadata(n)`. NWB 1: the present Allen fields; NWB 2: the response series' fields. */
  getSweepMetadata(sweepNumber: number): SweepMetadata {
    const r = this.open_();
    return r.kind === 1
      ? nwb1SweepMetadata(r.file, sweepNumber)
      : icephysSweepMetadata(r.file, sweepNumber);
  }

  /**
   * `get_spike_times(n, key)`: seconds from the sweep start, from `analysis/<key>/Sweep_n`, else
   * `analysis/aibs_spike_times/Sweep_n`, else empty. NWB 2 files store none: empty.
   */
  getSpikeTimes(sweepNumber: number, options: { key?: string } = {}): Float64Array {
    const r = this.open_();
    if (r.kind === 2) return new Float64Array(0);
    return nwb1SpikeTimes(r.file, sweepNumber, options.key ?? this.spikeTimeKey);
  }

  /** `set_sweep(n, stimulus, response)`: overwrite in place, zero-padded to the sweep length. */
  async setSweep(sweepNumber: number, data: SetSweepData): Promise<void> {
    await this.update((e) => e.setSweep(sweepNumber, data));
  }

  /**
   * `set_spike_times(n, times)`: written to `analysis/spike_times/Sweep_n` whatever the key (as
   * allensdk does), float64, resizable.
   */
  async setSpikeTimes(sweepNumber: number, spikeTimes: ArrayLike<number>): Promise<void> {
    await this.update((e) => e.setSpikeTimes(sweepNumber, spikeTimes));
  }

  /** `fill_sweep_responses(fill, sweeps, extend_experiment)`. */
  async fillSweepResponses(options: FillSweepResponsesOptions = {}): Promise<void> {
    await this.update((e) => e.fillSweepResponses(options));
  }

  /**
   * Runs several edits on one temporary copy and commits them together (one copy of the file
   * instead of one per edit). If `edit` throws, the file is left as it was.
   */
  update(edit: (editor: NwbSweepEditor) => void | Promise<void>): Promise<void> {
    // one update at a time: each copies the file as the previous one left it
    const next = this.pending.then(() => this.runUpdate(edit));
    this.pending = next.catch(() => undefined);
    return next;
  }

  private async runUpdate(edit: (editor: NwbSweepEditor) => void | Promise<void>): Promise<void> {
    const r = this.open_();
    if (r.kind === 2) {
      throw new SdkError('E_UNSUPPORTED', 'writing sweeps of NWB 2 files is not supported', {
        file: r.file.filename,
      });
    }
    if (this.mode !== 'r+') {
      throw new SdkError('E_VALIDATION', "the data set is read-only: open it with {mode: 'r+'}", {
        file: r.file.filename,
      });
    }
    const defaultSweeps = epochNumbers(r.file, 'Sweep_');
    const run = async (h5: H5File) => {
      const editor: NwbSweepEditor = {
        setSweep: (n, d) => setSweepIn(h5, n, d.stimulus, d.response),
        setSpikeTimes: (n, t) => setSpikeTimesIn(h5, n, t),
        fillSweepResponses: (o = {}) =>
          fillSweepResponsesIn(
            h5,
            o.sweepNumbers ?? defaultSweeps,
            o.fillValue ?? 0,
            o.extendExperiment ?? false,
          ),
      };
      await edit(editor);
    };
    if (typeof this.source === 'string') await this.updateFile(this.source, run);
    else await this.updateBytes(this.source, run);
  }

  private async updateFile(path: string, run: (h5: H5File) => Promise<void>): Promise<void> {
    // node modules load on first write, so that reading works in a browser too
    const { copyFile, rename, unlink } = await import('node:fs/promises');
    const { basename, dirname, join } = await import('node:path');
    tempCounter += 1;
    const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${tempCounter}.tmp`);
    try {
      await copyFile(path, tmp);
    } catch (cause) {
      throw new SdkError('E_IO', 'cannot copy the file for editing', { file: path, cause });
    }
    let committed = false;
    try {
      const h5 = await openH5(tmp, { mode: 'a', name: path });
      try {
        await run(h5);
      } finally {
        h5.close();
      }
      this.close();
      try {
        await rename(tmp, path);
      } catch (cause) {
        throw new SdkError('E_IO', 'cannot replace the file with its edited copy', {
          file: path,
          cause,
        });
      }
      committed = true;
    } finally {
      if (!committed) await unlink(tmp).catch(() => undefined);
      if (!this.reader) this.reader = await NwbDataSet.openReader(path);
    }
  }

  private async updateBytes(bytes: Uint8Array, run: (h5: H5File) => Promise<void>): Promise<void> {
    const name = this.filename;
    const h5 = await openH5(bytes.slice(), { mode: 'a', name });
    let next: Uint8Array;
    try {
      await run(h5);
      next = h5.toBytes().slice();
    } finally {
      h5.close();
    }
    this.close();
    this.source = next;
    this.reader = await NwbDataSet.openReader(next, name);
  }
}

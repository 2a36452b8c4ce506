import { SdkError } from '@sdk/core';
import { mean } from '@sdk/signal';
import type { Samples } from './numeric.js';
import {
  EphysSweepFeatureExtractor,
  type SweepExtractorOptions,
  type SweepFeatureValue,
} from './sweep-extractor.js';

type SharedOptions = Omit<SweepExtractorOptions, 't' | 'v' | 'i' | 'start' | 'end' | 'id'>;

export interface SweepSetExtractorOptions extends SharedOptions {
  tSet: readonly Samples[];
  vSet: readonly Samples[];
  iSet?: readonly (Samples | null)[] | null;
  /** One start for all sweeps, or one per sweep. */
  start?: number | null | readonly (number | null)[];
  end?: number | null | readonly (number | null)[];
  /** Sweep ids; default 0…n−1. */
  idSet?: readonly (number | string)[];
}

function perSweep(
  x: number | null | undefined | readonly (number | null)[],
  n: number,
): (number | null)[] {
  if (Array.isArray(x)) {
    if (x.length !== n)
      throw new SdkError('E_VALIDATION', 'start/end lists need one value per sweep');
    return [...(x as (number | null)[])];
  }
  return new Array(n).fill((x as number | null | undefined) ?? null);
}

/** Feature extraction over a set of sweeps (allensdk `EphysSweepSetFeatureExtractor`). */
export class EphysSweepSetFeatureExtractor {
  private readonly sweepList: EphysSweepFeatureExtractor[];

  constructor(opts?: SweepSetExtractorOptions) {
    if (!opts) {
      this.sweepList = [];
      return;
    }
    const { tSet, vSet, iSet, start, end, idSet, ...shared } = opts;
    const n = tSet.length;
    if (vSet.length !== n)
      throw new SdkError('E_VALIDATION', 't_set and v_set must have the same number of items');
    if (iSet && iSet.length !== n)
      throw new SdkError('E_VALIDATION', 't_set and i_set must have the same number of items');
    const ids = idSet ?? Array.from({ length: n }, (_, k) => k);
    if (ids.length !== n)
      throw new SdkError('E_VALIDATION', 't_set and id_set must have the same number of items');
    const starts = perSweep(start, n);
    const ends = perSweep(end, n);
    this.sweepList = tSet.map(
      (t, k) =>
        new EphysSweepFeatureExtractor({
          ...shared,
          t,
          v: vSet[k] as Samples,
          i: iSet?.[k] ?? null,
          start: starts[k] ?? null,
          end: ends[k] ?? null,
          id: ids[k] as number | string,
        }),
    );
  }

  /** A set made of existing sweep extractors. */
  static fromSweeps(sweeps: readonly EphysSweepFeatureExtractor[]): EphysSweepSetFeatureExtractor {
    const set = new EphysSweepSetFeatureExtractor();
    set.sweepList.push(...sweeps);
    return set;
  }

  sweeps(): EphysSweepFeatureExtractor[] {
    return [...this.sweepList];
  }

  processSpikes(): void {
    for (const s of this.sweepList) s.processSpikes();
  }

  /** One sweep-level feature for every sweep. */
  sweepFeatures(key: string, opts: { allowMissing?: boolean } = {}): SweepFeatureValue[] {
    return this.sweepList.map((s) => s.sweepFeature(key, opts));
  }

  /** The mean of a spike-level feature per sweep (NaN for sweeps without spikes). */
  spikeFeatureAverages(key: string): number[] {
    return this.sweepList.map((s) => mean(s.spikeFeature(key).map((x) => Number(x))));
  }
}

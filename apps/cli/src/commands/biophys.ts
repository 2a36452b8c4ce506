import { resolve } from 'node:path';
import { SdkError } from '@sdk/core';
import {
  type AxonType,
  type BiophysicalSweepSource,
  loadBiophysicalDescription,
  manifestPath,
  nwb1OutputSink,
  nwb1SweepSource,
  prepareNwbOutput,
  runBiophysical,
} from '@sdk/ephys';
import type { Command } from 'commander';
import type { CliIo } from '../io.js';

export interface BiophysRunArgs {
  /** A downloaded model directory: manifest.json, the fit, the SWC, modfiles/. */
  modelDir: string;
  /** The output NWB 1 file: a copy of the stimulus file with the simulated responses and spikes. */
  out: string;
  /** Default the manifest's `runs[0].sweeps`. */
  sweeps?: number[];
  concurrency?: number;
  axonType?: AxonType;
  /** Stimulus NWB 1 file; default the manifest's `stimulus_path`. */
  stimulus?: string;
  nrniv?: string;
  nrnivmodl?: string;
  /** NetCon threshold (mV) of `netconSpikeTimes`; the stored spike times are allensdk's features. */
  spikeThreshold?: number;
}

export interface BiophysRunSummary {
  sweep: number;
  spikeTimes: number[];
  featureError?: string;
}

/**
 * allensdk's `runner.run` on a model directory, writing to `out` instead of the manifest's
 * `output_path`: `prepare_nwb_output(stimulus, out)` then `save_nwb` per sweep (response in V,
 * spike times = sweep-feature `threshold_t`).
 */
export async function runBiophysModel(
  args: BiophysRunArgs,
  onProgress?: (label: string) => void,
): Promise<BiophysRunSummary[]> {
  const manifestFile = resolve(args.modelDir, 'manifest.json');
  const description = await loadBiophysicalDescription(manifestFile);
  const stimulusPath = args.stimulus
    ? resolve(args.stimulus)
    : manifestPath(description, 'stimulus_path', resolve);
  const out = resolve(args.out);
  if (out === stimulusPath) {
    throw new SdkError('E_VALIDATION', '--out must differ from the stimulus file', { file: out });
  }
  await prepareNwbOutput(stimulusPath, out);
  let source: (BiophysicalSweepSource & { close(): void }) | undefined;
  try {
    source = await nwb1SweepSource(stimulusPath);
    const results = await runBiophysical({
      manifestFile,
      source,
      sink: nwb1OutputSink(out),
      writeOutput: false,
      ...(args.sweeps ? { sweeps: args.sweeps } : {}),
      ...(args.concurrency === undefined ? {} : { concurrency: args.concurrency }),
      ...(args.axonType ? { axonType: args.axonType } : {}),
      ...(args.nrniv ? { nrniv: args.nrniv } : {}),
      ...(args.nrnivmodl ? { nrnivmodl: args.nrnivmodl } : {}),
      ...(args.spikeThreshold === undefined ? {} : { spikeThreshold: args.spikeThreshold }),
      ...(onProgress ? { onProgress: (e) => onProgress(`${e.label} (${e.done}/${e.total})`) } : {}),
    });
    return results.map((r) => ({
      sweep: r.sweep,
      spikeTimes: [...r.spikeTimes],
      ...(r.featureError === undefined ? {} : { featureError: r.featureError }),
    }));
  } finally {
    source?.close();
  }
}

function parseSweepList(value: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  return parts.map((p) => {
    const n = Number(p);
    if (p === '' || !Number.isInteger(n)) {
      throw new SdkError(
        'E_VALIDATION',
        `--sweeps must be integers separated by commas, got "${p}"`,
      );
    }
    return n;
  });
}

function parsePositiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
      throw new SdkError('E_VALIDATION', `${name} must be a positive integer, got "${value}"`);
    }
    return n;
  };
}

function parseNumber(name: string) {
  return (value: string): number => {
    const x = Number(value);
    if (!Number.isFinite(x))
      throw new SdkError('E_VALIDATION', `${name} must be a number, got "${value}"`);
    return x;
  };
}

function parseAxonType(value: string): AxonType {
  if (value !== 'truncated' && value !== 'stub') {
    throw new SdkError('E_VALIDATION', `--axon-type must be truncated or stub, got "${value}"`);
  }
  return value;
}

export function registerBiophys(program: Command, io: CliIo): void {
  const biophys = program
    .command('biophys')
    .description('Allen Cell Types biophysical models (NEURON)');
  biophys
    .command('run')
    .description(
      'run a downloaded biophysical model through NEURON (nrnivmodl + one nrniv per sweep), as allensdk runner.run',
    )
    .argument('<model_dir>', 'model directory with manifest.json, the fit, the SWC and modfiles/')
    .requiredOption('--out <out.nwb>', 'output NWB 1 file (simulated voltage and spike times)')
    .option(
      '--sweeps <list>',
      "sweep numbers, e.g. 1,2 (default the manifest's runs[0].sweeps)",
      parseSweepList,
    )
    .option(
      '--concurrency <n>',
      'sweeps simulated at once (default 6)',
      parsePositiveInt('--concurrency'),
    )
    .option('--axon-type <type>', 'truncated (default) or stub', parseAxonType)
    .option('--stimulus <file.nwb>', "stimulus NWB 1 file (default the manifest's stimulus_path)")
    .option('--nrniv <path>', 'nrniv executable (default nrniv on the PATH)')
    .option('--nrnivmodl <path>', 'nrnivmodl executable (default nrnivmodl on the PATH)')
    .option(
      '--spike-threshold <mV>',
      'NetCon threshold (default 0)',
      parseNumber('--spike-threshold'),
    )
    .option('--json', 'print [{sweep, spike_times, error?}] as JSON')
    .action(
      async (modelDir: string, options: Omit<BiophysRunArgs, 'modelDir'> & { json?: boolean }) => {
        const { json, ...rest } = options;
        const results = await runBiophysModel({ modelDir, ...rest }, (m) => io.err(m));
        for (const r of results) {
          if (r.featureError !== undefined) {
            io.err(`warning: sweep ${r.sweep}: no spike times stored (${r.featureError})`);
          }
        }
        if (json) {
          io.out(
            JSON.stringify(
              results.map((r) => ({
                sweep: r.sweep,
                spike_times: r.spikeTimes,
                ...(r.featureError === undefined ? {} : { error: r.featureError }),
              })),
            ),
          );
          return;
        }
        for (const r of results) io.out(`sweep ${r.sweep}: ${r.spikeTimes.length} spikes`);
        io.out(`wrote ${resolve(options.out)}`);
      },
    );
}

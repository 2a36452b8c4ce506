import { readFile, writeFile } from 'node:fs/promises';
import { parseNpy, SdkError } from '@sdk/core';
import {
  type GlifEphysSweep,
  GlifNeuron,
  type GlifRunResult,
  glifSimulationSweepNumbers,
  simulateNeuronNwb,
} from '@sdk/ephys';
import type { Command } from 'commander';
import type { CliIo } from '../io.js';

export interface GlifRunArgs {
  /** neuron_config.json, in the API's `{"<id>": {...}}` form or bare. */
  config: string;
  /** Stimulus in amps: `.npy` (1-D), or JSON: an array of numbers or `{"stimulus": [...]}`. */
  stimulus: string;
  /** Output JSON file. */
  out: string;
  /** Simulation step (s); default the config's `dt`. */
  dt?: number;
}

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new SdkError('E_IO', `cannot read the ${what}`, { file, cause });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new SdkError('E_FORMAT', `the ${what} is not valid JSON`, { file, cause });
  }
}

/** A 1-D numeric `.npy` array as float64 amps. */
async function readNpyStimulus(file: string): Promise<Float64Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new SdkError('E_IO', 'cannot read the stimulus', { file, cause });
  }
  const arr = parseNpy(bytes, { file });
  const nonUnit = arr.shape.filter((d) => d !== 1);
  if (nonUnit.length > 1 || Array.isArray(arr.data)) {
    throw new SdkError(
      'E_VALIDATION',
      `the stimulus must be a 1-D numeric array, got ${arr.dtype} of shape (${arr.shape.join(', ')})`,
      { file },
    );
  }
  const out = new Float64Array(arr.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Number(arr.data[i]);
  return out;
}

/**
 * The stimulus (A): a `.npy` file (1-D, any numeric dtype), or a JSON file holding an array of
 * numbers or an object with a `stimulus` array.
 */
export async function readStimulus(file: string): Promise<Float64Array> {
  if (/\.npy$/i.test(file)) return readNpyStimulus(file);
  const raw = await readJson(file, 'stimulus');
  const values =
    raw !== null && typeof raw === 'object' && !Array.isArray(raw)
      ? (raw as Record<string, unknown>).stimulus
      : raw;
  if (!Array.isArray(values)) {
    throw new SdkError(
      'E_VALIDATION',
      'the stimulus must be a JSON array of numbers (amps) or {"stimulus": [...]}',
      { file },
    );
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new SdkError('E_VALIDATION', `stimulus sample ${i} is not a finite number`, {
        file,
        path: `$[${i}]`,
      });
    }
    out[i] = v;
  }
  return out;
}

/** NaN (spike cuts) becomes null, so the output is strict JSON. */
function nullable(a: ArrayLike<number>): (number | null)[] {
  return Array.from(a, (x) => (Number.isNaN(x) ? null : x));
}

/** The run result as allensdk's output dict, JSON-ready (`AScurrents` as steps × currents). */
export function glifResultToJson(result: GlifRunResult): Record<string, unknown> {
  const [nSteps, nAsc] = result.AScurrents.shape;
  const asc = result.AScurrents.data;
  const rows: (number | null)[][] = new Array(nSteps);
  for (let i = 0; i < nSteps; i++) rows[i] = nullable(asc.subarray(i * nAsc, (i + 1) * nAsc));
  return {
    voltage: nullable(result.voltage),
    threshold: nullable(result.threshold),
    AScurrents: rows,
    grid_spike_times: nullable(result.grid_spike_times),
    interpolated_spike_times: nullable(result.interpolated_spike_times),
    spike_time_steps: Array.from(result.spike_time_steps),
    interpolated_spike_voltage: nullable(result.interpolated_spike_voltage),
    interpolated_spike_threshold: nullable(result.interpolated_spike_threshold),
  };
}

/** `sdk glif run`: simulate a GLIF neuron config over a stimulus and write allensdk's output dict. */
export async function runGlif(args: GlifRunArgs, io: CliIo): Promise<GlifRunResult> {
  const neuron = GlifNeuron.fromConfig(await readJson(args.config, 'neuron config'), {
    file: args.config,
  });
  if (args.dt !== undefined) neuron.dt = args.dt;
  const stimulus = await readStimulus(args.stimulus);
  const result = neuron.run(stimulus);
  try {
    await writeFile(args.out, `${JSON.stringify(glifResultToJson(result))}\n`);
  } catch (cause) {
    throw new SdkError('E_IO', 'cannot write the output', { file: args.out, cause });
  }
  io.out(
    `${stimulus.length} steps of ${neuron.dt} s, ${result.spike_time_steps.length} spikes -> ${args.out}`,
  );
  return result;
}

export interface GlifSimulateArgs {
  /** neuron_config.json, in the API's `{"<id>": {...}}` form or bare. */
  config: string;
  /** The stimulus NWB file (NWB 1, Allen Cell Types layout). */
  input: string;
  /** Output NWB file (a copy of the input, written into); default: the input itself. */
  output?: string;
  /** Sweeps to simulate; default from `sweepsFile`. */
  sweeps?: number[];
  /** The cell's sweep table (`ephys_sweeps.json`): every sweep but the `Test` ones. */
  sweepsFile?: string;
  /** Written over spike cuts (V); default 0.05. */
  spikeCutValue?: number;
}

function sweepTable(raw: unknown, file: string): GlifEphysSweep[] {
  const ok =
    Array.isArray(raw) &&
    raw.every(
      (s) =>
        s !== null &&
        typeof s === 'object' &&
        Number.isInteger((s as GlifEphysSweep).sweep_number) &&
        typeof (s as GlifEphysSweep).stimulus_name === 'string',
    );
  if (!ok) {
    throw new SdkError(
      'E_VALIDATION',
      'the sweeps file must be a JSON array of {sweep_number, stimulus_name, ...} records',
      { file },
    );
  }
  return raw as GlifEphysSweep[];
}

/**
 * `sdk glif simulate`: allensdk's `simulate_neuron` command. Simulates the sweeps of a stimulus
 * NWB file and writes each response (V, spike cuts = `spikeCutValue`) and the interpolated spike
 * times into the output file (a copy of the input; by default the input is overwritten in place).
 */
export async function simulateGlif(
  args: GlifSimulateArgs,
  io: CliIo,
): Promise<Map<number, GlifRunResult>> {
  const neuron = GlifNeuron.fromConfig(await readJson(args.config, 'neuron config'), {
    file: args.config,
  });
  let sweeps = args.sweeps;
  if (!sweeps) {
    if (!args.sweepsFile) {
      throw new SdkError('E_VALIDATION', 'give the sweeps with --sweeps or --sweeps-file');
    }
    sweeps = glifSimulationSweepNumbers(
      sweepTable(await readJson(args.sweepsFile, 'sweeps file'), args.sweepsFile),
    );
  }
  const output = args.output ?? args.input;
  if (output === args.input)
    io.err('warning: overwriting the input file with simulated data in place');
  const results = await simulateNeuronNwb(neuron, sweeps, args.input, output, {
    spikeCutValue: args.spikeCutValue ?? 0.05,
    onProgress: (p) => io.err(`${p.label}: ${p.done}/${p.total ?? '?'}`),
  });
  const spikes = [...results.values()].reduce((a, r) => a + r.spike_time_steps.length, 0);
  io.out(`${results.size} sweeps simulated, ${spikes} spikes -> ${output}`);
  return results;
}

function parseSweepList(value: string): number[] {
  const out = value.split(',').map((x) => Number(x.trim()));
  if (out.length === 0 || out.some((x) => !Number.isInteger(x))) {
    throw new SdkError(
      'E_VALIDATION',
      `--sweeps must be comma-separated sweep numbers, got "${value}"`,
    );
  }
  return out;
}

function parseSpikeCut(value: string): number {
  const x = Number(value);
  if (!Number.isFinite(x)) {
    throw new SdkError('E_VALIDATION', `--spike-cut-value must be a number (V), got "${value}"`);
  }
  return x;
}

function parseDt(value: string): number {
  const dt = Number(value);
  if (!Number.isFinite(dt) || !(dt > 0)) {
    throw new SdkError('E_VALIDATION', `--dt must be a positive number of seconds, got "${value}"`);
  }
  return dt;
}

export function registerGlif(program: Command, io: CliIo): void {
  const glif = program.command('glif').description('GLIF point-neuron models (Allen Cell Types)');
  glif
    .command('run')
    .description(
      'simulate a GLIF neuron_config.json over a stimulus (amps) and write the output dict as JSON',
    )
    .requiredOption('--config <file>', 'neuron_config.json (API form {"<id>": {...}} or bare)')
    .requiredOption(
      '--stimulus <file>',
      'stimulus in amps, one sample per dt: .npy (1-D) or a JSON array',
    )
    .requiredOption('--out <file>', 'output JSON (NaN written as null)')
    .option('--dt <seconds>', "simulation step; default the config's dt", parseDt)
    .action(async (options: { config: string; stimulus: string; out: string; dt?: number }) => {
      await runGlif(options, io);
    });
  glif
    .command('simulate')
    .description(
      "simulate a GLIF neuron over the sweeps of a stimulus NWB file (allensdk's simulate_neuron)",
    )
    .requiredOption('--config <file>', 'neuron_config.json (API form {"<id>": {...}} or bare)')
    .requiredOption('--input <file>', 'stimulus NWB file (Allen Cell Types NWB 1)')
    .option('--output <file>', 'output NWB file (default: overwrite the input in place)')
    .option('--sweeps <list>', 'comma-separated sweep numbers', parseSweepList)
    .option('--sweeps-file <file>', "the cell's ephys_sweeps.json (every sweep but 'Test')")
    .option('--spike-cut-value <V>', 'value written over spike cuts (default 0.05)', parseSpikeCut)
    .action(
      async (options: {
        config: string;
        input: string;
        output?: string;
        sweeps?: number[];
        sweepsFile?: string;
        spikeCutValue?: number;
      }) => {
        await simulateGlif(options, io);
      },
    );
}

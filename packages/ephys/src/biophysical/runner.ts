/**
 * `allensdk.model.biophysical.runner.run` without Python: NEURON's `nrnivmodl` compiles the
 * model's mechanisms once, then each sweep runs in its own `nrniv` process on a hoc program
 * generated here (`sweepHoc`), `concurrency` at a time. The recorded soma voltage is brought back
 * to the stimulus rate (block means), shifted by the junction potential and scaled to V, as
 * `Utils.get_recorded_data` does; spike times come from a NetCon on the soma.
 *
 * Node only (child processes, files). Nothing of NEURON is reimplemented.
 */
import { type LongOperationOptions, SdkError } from '@sdk/core';
import { extractSweepFeatures } from '../features/extract-cell-features.js';
import {
  type AxonType,
  axonTypeOf,
  type BiophysicalDescription,
  type BiophysicalModelType,
  loadBiophysicalDescription,
  manifestPath,
  modelTypeOf,
  section,
} from './description.js';
import { simulationSamplingRate, sweepHoc } from './hoc.js';
import { nwb1OutputSink, prepareNwbOutput } from './nwb-output.js';
import { type BiophysicalSweepSource, nwb1SweepSource, stimulusToNanoamps } from './stimulus.js';

export interface BiophysicalSweepResult {
  sweep: number;
  /** Soma voltage at the stimulus rate, V, junction potential removed. */
  v: Float64Array;
  /**
   * Spike times, s from the sweep start: with `spikeDetection: 'features'` (default) the
   * `threshold_t` of allensdk's sweep feature extraction on the saved response (what `save_nwb`
   * stores), else the NetCon crossings.
   */
  spikeTimes: Float64Array;
  /** Times the soma voltage crossed `spikeThreshold` upwards (NetCon), s. */
  netconSpikeTimes: Float64Array;
  /** Why feature extraction gave no spike times (allensdk logs it and stores none). */
  featureError?: string;
  stimulusHz: number;
  simulationHz: number;
  /** Raw `soma[0](0.5).v` of every simulation step, mV (only with `keepRawVoltage`). */
  rawVoltage?: Float64Array;
}

/** Receives each sweep's result (`NwbDataSet.setSweep` / `setSpikeTimes` in an NWB binding). */
export interface BiophysicalSweepSink {
  setSweep(sweepNumber: number, data: { response: Float64Array }): void | Promise<void>;
  setSpikeTimes(sweepNumber: number, spikeTimes: Float64Array): void | Promise<void>;
}

export interface RunBiophysicalOptions extends LongOperationOptions {
  /** The model's `manifest.json` (as `BiophysicalApi.cacheData` writes it). */
  manifestFile: string;
  axonType?: AxonType;
  /** Default `runs[0].sweeps`. */
  sweeps?: readonly number[];
  /** Sweeps simulated at once (allensdk `procs`, default 6). */
  concurrency?: number;
  /** `nrniv` executable (default `nrniv` on the PATH). */
  nrniv?: string;
  /** `nrnivmodl` executable (default `nrnivmodl`). */
  nrnivmodl?: string;
  /**
   * Compile `MODFILE_DIR` first (default: when it holds `.mod` files and no compiled library is
   * found in the model directory). `false` never compiles; `true` always does.
   */
  compile?: boolean | 'auto';
  /** Stimulus source; default the model's `stimulus_path` NWB 1 file. */
  source?: BiophysicalSweepSource;
  sink?: BiophysicalSweepSink;
  /**
   * Write the NWB 1 output as allensdk does (copy of `stimulus_path` at `output_path` with the
   * simulated responses and spike times). Default true when the model manifest has both paths
   * and no `source` is given.
   */
  writeOutput?: boolean;
  /** NetCon threshold on the soma voltage, mV (default 0). */
  spikeThreshold?: number;
  /** Where `spikeTimes` come from (default `'features'`, as allensdk's `save_nwb`). */
  spikeDetection?: 'features' | 'netcon';
  /** Keep the generated hoc and binary files in this directory (default: a temporary one, removed). */
  workDir?: string;
  keepRawVoltage?: boolean;
}

/** `get_recorded_data`'s resampling with an integer factor (spec §9.5): block means, truncated to n. */
export function blockMeanDownsample(v: ArrayLike<number>, factor: number, n: number): Float64Array {
  if (!Number.isInteger(factor) || factor < 1) {
    throw new SdkError('E_VALIDATION', `downsampling factor ${factor} must be a positive integer`);
  }
  const blocks = Math.ceil(v.length / factor);
  const out = new Float64Array(Math.min(n, blocks));
  for (let b = 0; b < out.length; b++) {
    const start = b * factor;
    const stop = Math.min(start + factor, v.length);
    // numpy's mean: pairwise summation only matters beyond 8 elements; factors here are small.
    let s = 0;
    for (let i = start; i < stop; i++) s += v[i] as number;
    out[b] = s / (stop - start);
  }
  return out;
}

/**
 * `v` (mV, simulation rate) → V at the stimulus rate, junction potential removed, `stimulusLength`
 * samples. At equal rates allensdk keeps NEURON's extra step past `tstop` (n + 1 samples), which
 * its `save_nwb` cannot store (broadcast error); it is dropped here.
 */
export function recordedToResponse(
  raw: Float64Array,
  stimulusHz: number,
  simulationHz: number,
  stimulusLength: number,
  junctionPotential: number,
): Float64Array {
  const v =
    stimulusHz < simulationHz
      ? blockMeanDownsample(raw, simulationHz / stimulusHz, stimulusLength)
      : Float64Array.from(raw.subarray(0, stimulusLength));
  for (let i = 0; i < v.length; i++) v[i] = ((v[i] as number) - junctionPotential) * 1.0e-3;
  return v;
}

interface NodeDeps {
  fs: typeof import('node:fs/promises');
  path: typeof import('node:path');
  os: typeof import('node:os');
  cp: typeof import('node:child_process');
}

async function nodeDeps(): Promise<NodeDeps> {
  return {
    fs: await import('node:fs/promises'),
    path: await import('node:path'),
    os: await import('node:os'),
    cp: await import('node:child_process'),
  };
}

function runProcess(
  deps: NodeDeps,
  command: string,
  args: readonly string[],
  cwd: string,
  signal: AbortSignal | undefined,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = deps.cp.spawn(command, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(signal ? { signal } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      const missing = e.code === 'ENOENT';
      reject(
        new SdkError(
          missing ? 'E_NOT_FOUND' : 'E_IO',
          missing ? `${command} not found: install NEURON (pip install neuron)` : String(e),
          { cause: e },
        ),
      );
    });
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else {
        reject(
          new SdkError(
            'E_IO',
            `${command} ${args.join(' ')} exited with ${code}: ${(stderr || stdout).slice(-2000)}`,
          ),
        );
      }
    });
  });
}

/** The compiled mechanism library under `dir` (`<arch>/libnrnmech.so` or `<arch>/.libs/…`). */
export async function findMechanismLibrary(dir: string): Promise<string | undefined> {
  const deps = await nodeDeps();
  let entries: string[];
  try {
    entries = await deps.fs.readdir(dir);
  } catch {
    return undefined;
  }
  for (const arch of entries.sort()) {
    for (const rel of ['libnrnmech.so', '.libs/libnrnmech.so', 'libnrnmech.dylib']) {
      const p = deps.path.join(dir, arch, rel);
      try {
        if ((await deps.fs.stat(p)).isFile()) return p;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** `nrnivmodl <modDir>` in `cwd`; returns the library it built. */
export async function compileMechanisms(
  modDir: string,
  options: { cwd: string; nrnivmodl?: string; signal?: AbortSignal },
): Promise<string> {
  const deps = await nodeDeps();
  await runProcess(deps, options.nrnivmodl ?? 'nrnivmodl', [modDir], options.cwd, options.signal);
  const lib = await findMechanismLibrary(options.cwd);
  if (!lib) {
    throw new SdkError('E_IO', `nrnivmodl ran but no libnrnmech was found in ${options.cwd}`);
  }
  return lib;
}

/**
 * `runs[0].sweeps_by_type`, or — when the manifest lacks it, as those `BiophysicalApi.cache_data`
 * writes do (allensdk then fails with a KeyError) — the sweeps grouped by their stimulus names.
 */
async function sweepTypes(
  description: BiophysicalDescription,
  source: BiophysicalSweepSource,
  sweeps: readonly number[],
): Promise<Record<string, number[]>> {
  const given = (description.data.runs?.[0] as { sweeps_by_type?: unknown } | undefined)
    ?.sweeps_by_type;
  if (given !== undefined && given !== null) {
    if (typeof given !== 'object' || Array.isArray(given)) {
      throw new SdkError('E_FORMAT', 'runs[0].sweeps_by_type must map types to sweep lists', {
        path: 'runs[0].sweeps_by_type',
      });
    }
    return given as Record<string, number[]>;
  }
  const out: Record<string, number[]> = {};
  for (const n of sweeps) {
    const name = await source.getStimulusName?.(n);
    if (name === undefined) continue;
    const list = out[name] ?? [];
    list.push(n);
    out[name] = list;
  }
  return out;
}

/**
 * `save_nwb`'s spike times: `extract_sweep_features` of the saved sweep (response = the simulated
 * V, as the file stores it; `index_range` from the experiment epoch to the last sample) under each
 * type that lists the sweep; `threshold_t` of its spikes. Errors are reported, not thrown.
 */
function featureSpikeTimes(
  sweep: number,
  v: Float64Array,
  data: Awaited<ReturnType<BiophysicalSweepSource['getSweep']>>,
  sweepsByType: Readonly<Record<string, readonly number[]>>,
): { times: Float64Array; error?: string } {
  const byType: Record<string, number[]> = {};
  for (const [type, list] of Object.entries(sweepsByType)) {
    if (list.includes(sweep)) byType[type] = [sweep];
  }
  const response = data.responseIsFloat32 ? Float32Array.from(v) : v;
  const source = {
    getSweep: () => ({
      response,
      stimulus: data.stimulus,
      sampling_rate: data.sampling_rate,
      index_range: [data.experimentStart ?? 0, v.length - 1] as const,
    }),
  };
  try {
    const features = extractSweepFeatures(source, byType);
    const spikes = (features[String(sweep)] as { spikes?: unknown } | undefined)?.spikes;
    if (!Array.isArray(spikes)) return { times: new Float64Array(0), error: 'no sweep features' };
    return {
      times: Float64Array.from(spikes, (s) => Number((s as { threshold_t: unknown }).threshold_t)),
    };
  } catch (e) {
    return { times: new Float64Array(0), error: e instanceof Error ? e.message : String(e) };
  }
}

/** Runs `tasks` with at most `limit` in flight; results in task order. */
async function pool<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return out;
}

function f64FromFile(bytes: Uint8Array): Float64Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float64Array(copy.buffer, 0, Math.floor(copy.byteLength / 8));
}

export interface SimulateSweepOptions {
  description: BiophysicalDescription;
  modelType?: BiophysicalModelType;
  axonType?: AxonType;
  morphologyPath: string;
  sweep: number;
  /** Stimulus in A and its rate. */
  stimulus: Float32Array | Float64Array;
  samplingRate: number;
  workDir: string;
  nrniv?: string;
  mechanismLibraries?: readonly string[];
  spikeThreshold?: number;
  keepRawVoltage?: boolean;
  signal?: AbortSignal;
}

/** One sweep through `nrniv` (the runner's unit of work). Node. */
export async function simulateBiophysicalSweep(
  o: SimulateSweepOptions,
): Promise<BiophysicalSweepResult> {
  const deps = await nodeDeps();
  const stimulusHz = Math.trunc(o.samplingRate);
  const simulationHz = simulationSamplingRate(stimulusHz);
  const nA = stimulusToNanoamps(o.stimulus);
  const base = deps.path.join(o.workDir, `sweep_${o.sweep}`);
  const files = {
    stimulus: `${base}.stim.f64`,
    voltage: `${base}.v.f64`,
    spikes: `${base}.spikes.f64`,
    hoc: `${base}.hoc`,
  };
  await deps.fs.writeFile(files.stimulus, new Uint8Array(nA.buffer, nA.byteOffset, nA.byteLength));
  const hoc = sweepHoc(o.description, {
    modelType: o.modelType ?? modelTypeOf(o.description),
    axonType: o.axonType ?? axonTypeOf(o.description),
    morphologyPath: o.morphologyPath,
    stimulusPath: files.stimulus,
    stimulusLength: nA.length,
    stimulusHz,
    simulationHz,
    voltagePath: files.voltage,
    spikesPath: files.spikes,
    ...(o.spikeThreshold === undefined ? {} : { spikeThreshold: o.spikeThreshold }),
    ...(o.mechanismLibraries ? { mechanismLibraries: o.mechanismLibraries } : {}),
  });
  await deps.fs.writeFile(files.hoc, hoc);
  await runProcess(
    deps,
    o.nrniv ?? 'nrniv',
    ['-nobanner', '-nogui', files.hoc],
    o.workDir,
    o.signal,
  );
  const raw = f64FromFile(await deps.fs.readFile(files.voltage));
  const spikesMs = f64FromFile(await deps.fs.readFile(files.spikes));
  const fitting = section<{ junction_potential?: unknown }>(o.description, 'fitting');
  const jp = fitting.junction_potential;
  if (typeof jp !== 'number') {
    throw new SdkError('E_VALIDATION', 'fitting[0].junction_potential must be a number', {
      path: 'fitting[0].junction_potential',
    });
  }
  const v = recordedToResponse(raw, stimulusHz, simulationHz, nA.length, jp);
  const spikeTimes = spikesMs.map((x) => x * 1e-3);
  return {
    sweep: o.sweep,
    v,
    spikeTimes,
    netconSpikeTimes: spikeTimes,
    stimulusHz,
    simulationHz,
    ...(o.keepRawVoltage ? { rawVoltage: raw } : {}),
  };
}

/**
 * `runner.run({manifest_file, axon_type}, sweeps, procs)`: every sweep through `nrniv`, at most
 * `concurrency` at once; results in sweep order, each also handed to `sink` when given. Node.
 */
export async function runBiophysical(
  options: RunBiophysicalOptions,
): Promise<BiophysicalSweepResult[]> {
  const deps = await nodeDeps();
  const description = await loadBiophysicalDescription(options.manifestFile, {
    ...(options.axonType ? { axonType: options.axonType } : {}),
  });
  const join = (...p: string[]) => deps.path.resolve(...p);
  const morphologyPath = manifestPath(description, 'MORPHOLOGY', join);
  const sweeps =
    options.sweeps ?? (description.data.runs?.[0] as { sweeps?: number[] })?.sweeps ?? [];
  if (!Array.isArray(sweeps)) {
    throw new SdkError('E_FORMAT', 'runs[0].sweeps must be a list', { path: 'runs[0].sweeps' });
  }

  // Mechanisms: compile MODFILE_DIR in the model directory, as `nrnivmodl modfiles` there.
  const mechanismLibraries: string[] = [];
  const modDir = description.manifest.some((e) => e.key === 'MODFILE_DIR')
    ? manifestPath(description, 'MODFILE_DIR', join)
    : undefined;
  let existing = await findMechanismLibrary(description.baseDir);
  const hasMods =
    modDir !== undefined &&
    (await deps.fs.readdir(modDir).catch(() => [] as string[])).some((f) => f.endsWith('.mod'));
  const compile = options.compile ?? 'auto';
  if (compile === true || (compile === 'auto' && hasMods && !existing)) {
    if (!modDir) throw new SdkError('E_NOT_FOUND', 'the model manifest has no MODFILE_DIR');
    existing = await compileMechanisms(deps.path.relative(description.baseDir, modDir) || '.', {
      cwd: description.baseDir,
      ...(options.nrnivmodl ? { nrnivmodl: options.nrnivmodl } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }
  if (existing) mechanismLibraries.push(existing);

  let source = options.source;
  let close: (() => void) | undefined;
  const has = (key: string) => description.manifest.some((e) => e.key === key);
  const sinks: BiophysicalSweepSink[] = options.sink ? [options.sink] : [];
  if (options.writeOutput ?? (!options.source && has('stimulus_path') && has('output_path'))) {
    const outputPath = manifestPath(description, 'output_path', join);
    await prepareNwbOutput(manifestPath(description, 'stimulus_path', join), outputPath);
    sinks.push(nwb1OutputSink(outputPath));
  }
  if (!source) {
    const nwb = await nwb1SweepSource(manifestPath(description, 'stimulus_path', join));
    source = nwb;
    close = nwb.close;
  }
  const workDir =
    options.workDir ?? (await deps.fs.mkdtemp(deps.path.join(deps.os.tmpdir(), 'sdk-biophys-')));
  if (options.workDir) await deps.fs.mkdir(workDir, { recursive: true });
  let done = 0;
  try {
    const src = source;
    const sweepsByType = await sweepTypes(description, src, sweeps);
    const tasks = sweeps.map((sweep) => async () => {
      options.signal?.throwIfAborted();
      const data = await src.getSweep(sweep);
      const result = await simulateBiophysicalSweep({
        description,
        morphologyPath,
        sweep,
        stimulus: data.stimulus,
        samplingRate: data.sampling_rate,
        workDir,
        mechanismLibraries,
        ...(options.nrniv ? { nrniv: options.nrniv } : {}),
        ...(options.spikeThreshold === undefined ? {} : { spikeThreshold: options.spikeThreshold }),
        ...(options.keepRawVoltage ? { keepRawVoltage: true } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if ((options.spikeDetection ?? 'features') === 'features') {
        const found = featureSpikeTimes(sweep, result.v, data, sweepsByType);
        result.spikeTimes = found.times;
        if (found.error !== undefined) result.featureError = found.error;
      }
      for (const sink of sinks) {
        await sink.setSweep(sweep, { response: result.v });
        await sink.setSpikeTimes(sweep, result.spikeTimes);
      }
      done += 1;
      options.onProgress?.({ done, total: sweeps.length, label: `sweep ${sweep}` });
      return result;
    });
    return await pool(tasks, options.concurrency ?? 6);
  } finally {
    close?.();
    if (!options.workDir) await deps.fs.rm(workDir, { recursive: true, force: true });
  }
}

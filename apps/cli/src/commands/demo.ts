import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromColumns, toRecords } from '@sdk/core';
import { GlifNeuron } from '@sdk/ephys';
import { createNwbFile, openNwb, type PatchClampSeries, write, writeNwb } from '@sdk/nwb';
import { diff, ks2samp, linregress, mean, std } from '@sdk/signal';
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { listPackages } from '../packages.js';

/** The bundled sample data (see sample/README.md); same relative place from src and dist. */
export const SAMPLE_DIR = new URL('../../sample/', import.meta.url);

const BASELINE_S = 0.1;
const PULSE_S = 1.0;
const AMPLITUDES_PA = [150, 200, 250, 300];

function squarePulse(amplitudeA: number, dt: number): Float64Array {
  const n = Math.round((BASELINE_S + PULSE_S + BASELINE_S) / dt);
  const start = Math.round(BASELINE_S / dt);
  const stop = start + Math.round(PULSE_S / dt);
  return new Float64Array(n).fill(amplitudeA, start, stop);
}

async function listPackagesStep(io: CliIo): Promise<void> {
  const packages = await listPackages();
  const width = Math.max(...packages.map((p) => p.name.length));
  io.out('Packages:');
  for (const p of packages) {
    const status = p.exportCount === 0 ? 'not started' : `${p.exportCount} exports`;
    io.out(`  ${p.name.padEnd(width)}  ${p.version}  ${status.padEnd(12)}  ${p.description}`);
  }
}

/** GLIF 5 neuron on square pulses: the f-I curve, its slope and ISI statistics. */
function glifStep(io: CliIo) {
  const configFile = new URL('glif_lif_r_asc_a.json', SAMPLE_DIR);
  const neuron = GlifNeuron.fromConfig(JSON.parse(readFileSync(configFile, 'utf8')), {
    file: configFile.pathname,
  });
  const sweeps = AMPLITUDES_PA.map((pA) => {
    const stimulus = squarePulse(pA * 1e-12, neuron.dt);
    const result = neuron.run(stimulus);
    const spikes = result.interpolated_spike_times;
    const isis = diff(spikes);
    return { pA, stimulus, result, spikes, isis };
  });
  const rates = sweeps.map((s) => s.spikes.length / PULSE_S);
  const fi = linregress(Float64Array.from(AMPLITUDES_PA), Float64Array.from(rates));
  const table = tableFromColumns({
    stimulus_amplitude_pa: Float64Array.from(AMPLITUDES_PA),
    spike_count: Int32Array.from(sweeps.map((s) => s.spikes.length)),
    avg_rate_hz: Float64Array.from(rates),
    mean_isi_s: Float64Array.from(sweeps.map((s) => (s.isis.length ? mean(s.isis) : Number.NaN))),
    isi_cv: Float64Array.from(
      sweeps.map((s) => (s.isis.length > 1 ? std(s.isis) / mean(s.isis) : Number.NaN)),
    ),
  });
  const sweepS = (BASELINE_S + PULSE_S + BASELINE_S).toFixed(1);
  io.out(`\nGLIF (LIF-R-ASC-A, dt ${neuron.dt} s): ${sweepS} s sweeps, ${PULSE_S} s pulses`);
  for (const row of toRecords(table)) {
    const cells = Object.entries(row).map(([k, v]) =>
      typeof v === 'number' && !Number.isInteger(v) ? `${k}=${v.toPrecision(4)}` : `${k}=${v}`,
    );
    io.out(`  ${cells.join('  ')}`);
  }
  io.out(`  f-I slope ${fi.slope.toFixed(4)} Hz/pA (r = ${fi.rvalue.toFixed(4)})`);
  const [low, high] = [sweeps[1], sweeps[3]];
  if (low && high && low.isis.length && high.isis.length) {
    const ks = ks2samp(low.isis, high.isis);
    io.out(
      `  ISIs at ${low.pA} vs ${high.pA} pA: KS D = ${ks.statistic.toFixed(4)}, p = ${ks.pvalue.toExponential(3)}`,
    );
  }
  return { neuron, sweeps, table };
}

type GlifSweeps = ReturnType<typeof glifStep>['sweeps'];

/**
 * The simulated sweeps as an NWB 2 icephys file (stimulus in A, response in V, spike times in
 * Units), written, then opened lazily and read back; pynwb reads files this writer makes.
 */
async function nwbStep(io: CliIo, dt: number, sweeps: GlifSweeps, dir: string): Promise<void> {
  const nwb = createNwbFile({
    session_description: 'sdk demo: a GLIF neuron on square current pulses',
    identifier: 'sdk-demo-glif',
    session_start_time: new Date('2024-01-01T00:00:00Z'),
  });
  const device = nwb.createDevice({
    name: 'GLIF',
    description: 'simulated: @sdk/ephys GlifNeuron',
  });
  const electrode = nwb.createIcephysElectrode({ name: 'elec0', description: 'model', device });
  sweeps.forEach((s, sweep_number) => {
    const response = Float64Array.from(s.result.voltage, (v) => (Number.isNaN(v) ? 0 : v));
    const common = { electrode, rate: 1 / dt, starting_time: 0, sweep_number };
    nwb.addIntracellularRecording({
      electrode,
      stimulus: nwb.addStimulus(
        new write.CurrentClampStimulusSeries({
          name: `stimulus_${sweep_number}`,
          data: s.stimulus,
          ...common,
        }),
      ),
      response: nwb.addAcquisition(
        new write.CurrentClampSeries({
          name: `response_${sweep_number}`,
          data: response,
          ...common,
        }),
      ),
    });
    nwb.addUnit({ spike_times: Array.from(s.spikes) });
  });
  const path = join(dir, 'sdk-demo-glif.nwb');
  await writeNwb(nwb, path);

  const file = await openNwb(path);
  try {
    io.out(
      `\nNWB: wrote ${path}, nwb_version ${file.nwb_version}, ${file.objects().length} objects`,
    );
    const last = sweeps.length - 1;
    const series = file.get(`/acquisition/response_${last}`) as PatchClampSeries;
    // A hyperslab 2 ms into the pulse: only those samples are read from the file.
    const from = Math.round((BASELINE_S + 0.002) / dt);
    const v = series.getDataInUnits([[from, from + 5]]);
    const spikes = file.units?.getSpikeTimes(last) ?? new Float64Array();
    io.out(
      `  read back lazily: response_${last} rate ${series.rate} Hz, mV re rest at ${(from * dt).toFixed(3)} s: ${Array.from(v.data as Float64Array, (x) => (x * 1e3).toFixed(2)).join(' ')}; unit ${last}: ${spikes.length} spike times`,
    );
  } finally {
    file.close();
  }
}

/** Runs the demo pipeline on the bundled sample data; each landed capability adds its step. */
export async function runDemo(io: CliIo, options: { outDir?: string } = {}): Promise<void> {
  io.out('neurosdk demo\n');
  await listPackagesStep(io);
  const { neuron, sweeps } = glifStep(io);
  const dir = options.outDir ?? mkdtempSync(join(tmpdir(), 'sdk-demo-'));
  try {
    await nwbStep(io, neuron.dt, sweeps, dir);
  } finally {
    if (!options.outDir) rmSync(dir, { recursive: true, force: true });
  }
}

export function registerDemo(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('run the demo pipeline on the bundled sample data')
    .option('--out <dir>', 'keep the files the demo writes in this folder')
    .action(async (opts: { out?: string }) => {
      await runDemo(io, opts.out ? { outDir: opts.out } : {});
    });
}

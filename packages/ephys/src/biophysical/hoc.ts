/**
 * The hoc program that sets up and runs one sweep of a biophysical model in `nrniv`, statement for
 * statement what allensdk's Python runner (`biophysical.utils.Utils` / `AllActiveUtils` and
 * `biophys_sim.neuron.hoc_utils.HocUtils`) does through NEURON's Python interface:
 * hoc files, conditions, Import3d morphology, axon replacement, passive and genome parameters,
 * reversal potentials, an IClamp playing the stimulus, `finitialize()` + `run()`.
 *
 * Values allensdk passes through `'%g' %` formatting (cm, genome values of perisomatic models,
 * erev, globals) are formatted the same way here, so the model gets the same 6-digit values;
 * values it assigns as Python floats are written with full round-trip precision.
 */
import { SdkError } from '@sdk/core';
import {
  ALL_ACTIVE_TYPE,
  type AxonType,
  type BiophysicalDescription,
  type BiophysicalModelType,
  type Conditions,
  type GenomeEntry,
  type PassiveSection,
  section,
} from './description.js';

/** C `printf('%g')` / Python `'%g' % x`: 6 significant digits, trailing zeros dropped. */
export function formatG(x: number, precision = 6): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const p = Math.max(1, precision);
  const [mant, expText] = x.toExponential(p - 1).split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= p) {
    const m = mant.includes('.') ? mant.replace(/\.?0+$/, '') : mant;
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  const fixed = x.toFixed(Math.max(0, p - 1 - exp));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** A double as hoc reads it back exactly (shortest round-trip digits). */
export function hocNumber(x: number): string {
  if (!Number.isFinite(x)) {
    throw new SdkError('E_VALIDATION', `cannot pass the non-finite value ${x} to hoc`);
  }
  return Object.is(x, -0) ? '-0' : String(x);
}

/** A hoc string literal. */
export function hocString(s: string): string {
  if (/["\n\r\\]/.test(s)) {
    throw new SdkError('E_VALIDATION', `cannot pass ${JSON.stringify(s)} as a hoc string`);
  }
  return `"${s}"`;
}

const HOC_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
function hocName(s: string, what: string): string {
  if (!HOC_NAME.test(s)) {
    throw new SdkError('E_VALIDATION', `${what} ${JSON.stringify(s)} is not a hoc name`);
  }
  return s;
}

/** Python `'%g' % v` where v may be a JSON string (TypeError there): numbers only. */
function g(v: unknown, what: string): string {
  if (typeof v !== 'number') {
    throw new SdkError(
      'E_VALIDATION',
      `${what} must be a number (allensdk formats it with '%g'), got ${JSON.stringify(v)}`,
    );
  }
  return formatG(v);
}

/** Python `float(v)` of a genome/erev value (number or numeric string). */
function pyFloat(v: unknown, what: string): number {
  const x = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.trim()) : Number.NaN;
  if (Number.isNaN(x) && !(typeof v === 'string' && /^\s*[+-]?nan\s*$/i.test(v))) {
    throw new SdkError('E_VALIDATION', `${what} ${JSON.stringify(v)} is not a number`);
  }
  return x;
}

export interface SweepHocOptions {
  modelType: BiophysicalModelType;
  axonType: AxonType;
  /** Absolute path of the SWC (or, all-active only, Neurolucida `.asc`) morphology. */
  morphologyPath: string;
  /** Binary file of float64 (native byte order) stimulus samples, nA. */
  stimulusPath: string;
  stimulusLength: number;
  stimulusHz: number;
  simulationHz: number;
  /** Where the recorded soma voltage (float64, one per simulation step + 1) is written. */
  voltagePath: string;
  /** Where the spike times (ms, float64) detected at `spikeThreshold` are written. */
  spikesPath: string;
  /** NetCon threshold on the soma voltage, mV (default 0). Recording does not affect the run. */
  spikeThreshold?: number;
  /** Mechanism libraries to load first (`nrn_load_dll`). */
  mechanismLibraries?: readonly string[];
}

/** `nearest_neuron_sampling_rate`: the least common multiple of the stimulus rate and 40 kHz. */
export function simulationSamplingRate(stimulusHz: number, targetHz = 40000): number {
  if (!Number.isInteger(stimulusHz) || stimulusHz <= 0) {
    throw new SdkError('E_VALIDATION', `sampling rate ${stimulusHz} must be a positive integer`);
  }
  let a = stimulusHz;
  let b = targetHz;
  while (b) [a, b] = [b, a % b];
  return (stimulusHz * targetHz) / a;
}

/** `HocUtils.initialize_hoc`: hoc files, then conditions. */
function initializeHoc(lines: string[], description: BiophysicalDescription): void {
  const neuron = section<{ hoc?: unknown }>(description, 'neuron');
  const hocFiles = neuron.hoc;
  if (!Array.isArray(hocFiles)) {
    throw new SdkError('E_FORMAT', 'neuron[0].hoc must be a list of hoc files', {
      path: 'neuron[0].hoc',
    });
  }
  for (const f of hocFiles) lines.push(`sdk_ok = load_file(${hocString(String(f))})`);
  lines.push('starttime = startsw()');
  const c = section<Conditions>(description, 'conditions');
  if (c.celsius !== undefined) lines.push(`celsius = ${hocNumber(c.celsius)}`);
  if (c.v_init !== undefined) lines.push(`v_init = ${hocNumber(c.v_init)}`);
  if (c.dt !== undefined) {
    lines.push(`dt = ${hocNumber(c.dt)}`);
    lines.push('steps_per_ms = 1.0 / dt');
  }
  if (c.tstop !== undefined) {
    lines.push(`tstop = ${hocNumber(c.tstop)}`);
    lines.push('runStopAt = tstop');
  }
}

/** Import3d of the morphology into top-level sections, as `imprt.instantiate(h.this)` does. */
function importMorphology(lines: string[], path: string, allowAsc: boolean): void {
  const ext = path.split('.').pop()?.toLowerCase();
  let reader: string;
  if (ext === 'swc') reader = 'Import3d_SWC_read';
  else if (ext === 'asc' && allowAsc) reader = 'Import3d_Neurolucida3';
  else throw new SdkError('E_UNSUPPORTED', `Unknown filetype: ${ext}`, { file: path });
  lines.push('objref sdk_morph, sdk_import, this');
  lines.push(`sdk_morph = new ${reader}()`);
  lines.push(`sdk_morph.input(${hocString(path)})`);
  lines.push('sdk_import = new Import3d_GUI(sdk_morph, 0)');
  lines.push('sdk_import.instantiate(this)');
}

// `sec.name()[:4] == "axon"`: the name starts with "axon".
const IS_AXON = 'issection("axon.*")';

/** `Utils.generate_morphology` (perisomatic, and all-active with the stub axon). */
function stubAxonMorphology(lines: string[], path: string): void {
  importMorphology(lines, path, false);
  lines.push('soma[0] sdk_ok = area(0.5)');
  lines.push('objref sdk_axon');
  lines.push('sdk_axon = new SectionList()');
  lines.push(`forall { nseg = 1 + 2 * int(L / 40.0)  if (${IS_AXON}) sdk_axon.append() }`);
  lines.push('forsec sdk_axon delete_section()');
  lines.push('create axon[2]');
  lines.push('for sdk_i = 0, 1 axon[sdk_i] { L = 30  diam = 1  nseg = 1 + 2 * int(L / 40.0) }');
  lines.push('connect axon[0](0), soma[0](0.5)');
  lines.push('connect axon[1](0), axon[0](1)');
  lines.push('define_shape()');
}

/** `AllActiveUtils.generate_morphology` with the truncated axon. */
function truncatedAxonMorphology(lines: string[], path: string): void {
  importMorphology(lines, path, true);
  lines.push('forall { nseg = 1 + 2 * int(L / 40.0) }');
  lines.push('soma[0] sdk_ok = area(0.5)');
  lines.push('sdk_diam0 = axon[0].diam');
  lines.push('sdk_diam1 = axon[0].diam');
  lines.push('soma[0] sdk_ok = distance()');
  // First axon section (in allsec order) whose midpoint is more than 60 µm from the soma.
  lines.push('sdk_found = 0');
  lines.push(
    `forall { if (sdk_found == 0 && ${IS_AXON}) { if (distance(0.5) > 60) { sdk_diam1 = diam  sdk_found = 1 } } }`,
  );
  lines.push('objref sdk_axon');
  lines.push('sdk_axon = new SectionList()');
  lines.push(`forall { if (${IS_AXON}) sdk_axon.append() }`);
  lines.push('forsec sdk_axon delete_section()');
  lines.push('create axon[2]');
  lines.push('axon[0] { L = 30  diam = sdk_diam0 }');
  lines.push('axon[1] { L = 30  diam = sdk_diam1 }');
  lines.push('forall { nseg = 1 + 2 * int(L / 40.0) }');
  lines.push('connect axon[0](0), soma[0](1)');
  lines.push('connect axon[1](0), axon[0](1)');
  lines.push('soma[0] sdk_ok = area(0.5)');
}

/** `Utils.load_cell_parameters` (perisomatic). */
function perisomaticParameters(lines: string[], description: BiophysicalDescription): void {
  const passive = section<PassiveSection>(description, 'passive');
  const genome = (description.data.genome ?? []) as GenomeEntry[];
  const conditions = section<Conditions>(description, 'conditions');
  if (typeof passive.ra !== 'number' || typeof passive.e_pas !== 'number') {
    throw new SdkError('E_VALIDATION', 'passive[0] needs numeric ra and e_pas', {
      path: 'passive',
    });
  }
  lines.push('access soma');
  lines.push(
    `forall { Ra = ${hocNumber(passive.ra)}  insert pas  e_pas = ${hocNumber(passive.e_pas)} }`,
  );
  for (const c of passive.cm ?? []) {
    lines.push(`forsec ${hocString(c.section)} { cm = ${g(c.cm, 'passive cm')} }`);
  }
  for (const p of genome) {
    if (p.section === 'glob') {
      lines.push(`${hocName(p.name, 'global')} = ${g(p.value, `genome ${p.name}`)} `);
    } else {
      if (p.mechanism !== '') {
        lines.push(
          `forsec ${hocString(p.section)} { insert ${hocName(p.mechanism, 'mechanism')} }`,
        );
      }
      lines.push(
        `forsec ${hocString(p.section)} { ${hocName(p.name, 'parameter')} = ${g(p.value, `genome ${p.name}`)} }`,
      );
    }
  }
  for (const e of conditions.erev ?? []) {
    lines.push(`forsec ${hocString(e.section)} { ek = ${g(e.ek, 'ek')} }`);
    lines.push(`forsec ${hocString(e.section)} { ena = ${g(e.ena, 'ena')} }`);
  }
}

/** The sections of the top-level array `name` (`getattr(h, name)`), as a hoc condition. */
// hoc keeps the backslash of `\[` in a string literal; NEURON's regex then matches a literal `[`.
const inArray = (name: string) => `issection("${hocName(name, 'section array')}\\[.*")`;

/** `AllActiveUtils.load_cell_parameters`. */
function allActiveParameters(lines: string[], description: BiophysicalDescription): void {
  const passive = section<PassiveSection>(description, 'passive');
  const genome = (description.data.genome ?? []) as GenomeEntry[];
  const conditions = section<Conditions>(description, 'conditions');
  if (typeof passive.ra !== 'number') {
    throw new SdkError('E_VALIDATION', 'passive[0] needs a numeric ra', { path: 'passive' });
  }
  lines.push('access soma');
  lines.push(`forall { Ra = ${hocNumber(passive.ra)}  insert pas }`);
  for (const p of genome) {
    const value = pyFloat(p.value, `genome ${p.name}`);
    if (p.section === 'glob') {
      lines.push(`${hocName(p.name, 'global')} = ${g(p.value, `genome ${p.name}`)} `);
      continue;
    }
    // Sections of an array the morphology lacks match nothing (allensdk skips the entry).
    if (p.mechanism !== '') {
      const m = hocName(p.mechanism, 'mechanism');
      lines.push(
        `forall { if (${inArray(p.section)}) { if (ismembrane(${hocString(m)}) != 1) { insert ${m} } } }`,
      );
    }
    lines.push(
      `forall { if (${inArray(p.section)}) { ${hocName(p.name, 'parameter')} = ${hocNumber(value)} } }`,
    );
  }
  for (const e of conditions.erev ?? []) {
    const ek = pyFloat(e.ek, 'ek');
    const ena = pyFloat(e.ena, 'ena');
    lines.push(
      `forall { if (${inArray(e.section)}) { if (ismembrane("k_ion") == 1) { ek = ${hocNumber(ek)} } if (ismembrane("na_ion") == 1) { ena = ${hocNumber(ena)} } } }`,
    );
  }
  if (conditions.v_init !== undefined) lines.push(`v_init = ${hocNumber(conditions.v_init)}`);
  if (conditions.celsius !== undefined) lines.push(`celsius = ${hocNumber(conditions.celsius)}`);
}

/** The whole program for one sweep. */
export function sweepHoc(description: BiophysicalDescription, o: SweepHocOptions): string {
  const lines: string[] = ['// generated by @sdk/ephys runBiophysical', 'sdk_ok = 0'];
  for (const lib of o.mechanismLibraries ?? []) {
    lines.push(`sdk_ok = nrn_load_dll(${hocString(lib)})`);
    lines.push(`if (!sdk_ok) { execerror("cannot load mechanisms", ${hocString(lib)}) }`);
  }
  initializeHoc(lines, description);
  const allActive = o.modelType === ALL_ACTIVE_TYPE;
  if (allActive && o.axonType === 'truncated') truncatedAxonMorphology(lines, o.morphologyPath);
  else stubAxonMorphology(lines, o.morphologyPath);
  if (allActive) allActiveParameters(lines, description);
  else perisomaticParameters(lines, description);

  const simulationDt = 1.0e3 / o.simulationHz;
  const stimulusDt = 1.0e3 / o.stimulusHz;
  lines.push(
    'objref sdk_stim, sdk_stimvec, sdk_v, sdk_t, sdk_nc, sdk_spikes, sdk_file, sdk_nil',
    'soma[0] sdk_stim = new IClamp(0.5)',
    'sdk_stim.amp = 0',
    'sdk_stim.del = 0',
    'sdk_stim.dur = 1e12',
    `dt = ${hocNumber(simulationDt)}`,
    'sdk_file = new File()',
    `sdk_ok = sdk_file.ropen(${hocString(o.stimulusPath)})`,
    `if (!sdk_ok) { execerror("cannot open the stimulus", ${hocString(o.stimulusPath)}) }`,
    'sdk_stimvec = new Vector()',
    `sdk_ok = sdk_stimvec.fread(sdk_file, ${o.stimulusLength}, 4)`,
    'sdk_file.close()',
    `if (sdk_stimvec.size() != ${o.stimulusLength}) { execerror("short stimulus file", "") }`,
    `sdk_stimvec.play(&sdk_stim.amp, ${hocNumber(stimulusDt)})`,
    `tstop = ${hocNumber((o.stimulusLength - 1) * stimulusDt)}`,
    'sdk_v = new Vector()',
    'sdk_t = new Vector()',
    'sdk_v.record(&soma[0].v(0.5))',
    'sdk_t.record(&t)',
    'sdk_spikes = new Vector()',
    'soma[0] sdk_nc = new NetCon(&v(0.5), sdk_nil)',
    `sdk_nc.threshold = ${hocNumber(o.spikeThreshold ?? 0)}`,
    'sdk_nc.record(sdk_spikes)',
    'finitialize()',
    'run()',
    `sdk_ok = sdk_file.wopen(${hocString(o.voltagePath)})`,
    'sdk_ok = sdk_v.fwrite(sdk_file)',
    'sdk_file.close()',
    `sdk_ok = sdk_file.wopen(${hocString(o.spikesPath)})`,
    'if (sdk_spikes.size() > 0) { sdk_ok = sdk_spikes.fwrite(sdk_file) }',
    'sdk_file.close()',
    'quit()',
  );
  return `${lines.join('\n')}\n`;
}

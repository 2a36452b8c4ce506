"""Fixtures for @sdk/ephys biophysical models: allensdk 2.16.2's own Python runner
(`allensdk.model.biophysical.runner.load_description` + `utils.create_utils` → generate_morphology,
load_cell_parameters, setup_iclamp, record_values, finitialize, run) driving NEURON's Python module,
on the two real model packages of the shared data (perisomatic 472450023, all-active 497232312).

The real models need their NMODL files, which the shared data lacks; the test fits therefore keep
each real fit's passive parameters, conditions, reversal potentials and junction potential, and
replace the active channels with NEURON's built-in `hh` (small conductances: at the fits' 34 degC it
no longer fires trains) plus two mechanisms compiled here with `nrnivmodl`: `SdkNa.mod` (a
transient Na channel with HH's rates, unscaled) and `SdkKdr.mod` (a delayed rectifier with a
GLOBAL set through a `glob` genome entry). Sweeps 7-9 (100 ms steps of 0.1, 0.3, 0.5 nA) give
spike trains (perisomatic: 7 NetCon spikes at 0.1 nA) next to single spikes and subthreshold sweeps.

Written to packages/ephys/test/fixtures/biophysical/:
- `SdkNa.mod`, `SdkKdr.mod`, `stimulus.nwb` (Allen-layout NWB 1: sweeps 5, 7, 8, 9 at 50 kHz,
  sweep 6 at 200 kHz, float32 A), `<case>/manifest.json`, `<case>/<fit>.json`;
- `golden.json`: per case and sweep, the soma voltage allensdk records (raw, mV, every simulation
  step; the downsampled perisomatic sweep only) and the spike times of a NetCon (threshold SPIKE_THRESHOLD) on it, plus the response after
  `get_recorded_data` (integer-factor block means; allensdk's float factor is rejected by current
  scikit-image, spec §9.5; and, at equal rates, truncated to the stimulus length — allensdk keeps
  NEURON's extra step past tstop and its save_nwb then fails), and the spike times allensdk's
  `save_nwb` stores (prepare_nwb_output + save_nwb + get_spike_times: sweep-feature threshold_t).

Each Python run happens in a fresh interpreter (one NEURON instance per sweep), as the TS runner
runs one `nrniv` per sweep. The SWC morphologies are not copied: the model directories are built
in a temp dir from ../shared/data, and the TS test does the same.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2].parent / "shared" / "data" / "cell-types" / "biophysical"

MOD = """: Test mechanism of @sdk/ephys: a Hodgkin-Huxley-like delayed rectifier with a global q10.
NEURON {
  SUFFIX SdkKdr
  USEION k READ ek WRITE ik
  RANGE gbar, g
  GLOBAL q10
}
UNITS {
  (mA) = (milliamp)
  (mV) = (millivolt)
  (S) = (siemens)
}
PARAMETER {
  gbar = 0.01 (S/cm2)
  q10 = 3
}
ASSIGNED {
  v (mV)
  ek (mV)
  ik (mA/cm2)
  g (S/cm2)
  ninf
  ntau (ms)
  celsius (degC)
}
STATE { n }
BREAKPOINT {
  SOLVE states METHOD cnexp
  g = gbar * n * n * n * n
  ik = g * (v - ek)
}
DERIVATIVE states {
  rates(v)
  n' = (ninf - n) / ntau
}
INITIAL {
  rates(v)
  n = ninf
}
PROCEDURE rates(v (mV)) {
  LOCAL qt
  qt = q10 ^ ((celsius - 22) / 10)
  ninf = 1 / (1 + exp(-(v + 30) / 10))
  ntau = 5 / qt
}
"""

# A transient sodium channel with Hodgkin and Huxley's squid rates and no temperature scaling:
# `hh` is scaled by 3^((celsius - 6.3)/10), and at the fits' 34 degC it no longer fires trains.
MOD_NA = """: Test mechanism of @sdk/ephys: a transient Na channel (m3h, HH rates, no temperature scaling).
NEURON {
  SUFFIX SdkNa
  USEION na READ ena WRITE ina
  RANGE gbar, g
}
UNITS {
  (mA) = (milliamp)
  (mV) = (millivolt)
  (S) = (siemens)
}
PARAMETER {
  gbar = 0.12 (S/cm2)
}
ASSIGNED {
  v (mV)
  ena (mV)
  ina (mA/cm2)
  g (S/cm2)
  minf
  hinf
  mtau (ms)
  htau (ms)
}
STATE { m h }
BREAKPOINT {
  SOLVE states METHOD cnexp
  g = gbar * m * m * m * h
  ina = g * (v - ena)
}
DERIVATIVE states {
  rates(v)
  m' = (minf - m) / mtau
  h' = (hinf - h) / htau
}
INITIAL {
  rates(v)
  m = minf
  h = hinf
}
UNITSOFF
PROCEDURE rates(v (mV)) {
  LOCAL a, b
  a = 0.1 * vtrap(-(v + 40), 10)
  b = 4 * exp(-(v + 65) / 18)
  mtau = 1 / (a + b)
  minf = a * mtau
  a = 0.07 * exp(-(v + 65) / 20)
  b = 1 / (exp(-(v + 35) / 10) + 1)
  htau = 1 / (a + b)
  hinf = a * htau
}
FUNCTION vtrap(x, y) {
  if (fabs(x / y) < 1e-6) {
    vtrap = y * (1 - x / y / 2)
  } else {
    vtrap = x / (exp(x / y) - 1)
  }
}
UNITSON
"""

MOD_FILES = {"SdkKdr.mod": MOD, "SdkNa.mod": MOD_NA}

SWEEPS_BY_TYPE = {"Long Square": [5, 6, 7, 8, 9]}

# NetCon threshold (mV) of the recorded spike times; the TS runner gets the same.
SPIKE_THRESHOLD = -30.0

# (sweep, rate Hz, [(duration s, amplitude A)])
SWEEPS = [
    (5, 50000, [(0.004, 0.0), (0.02, 1.5e-9), (0.006, 0.0)]),
    (6, 200000, [(0.002, 0.0), (0.006, -1.25e-10), (0.004, 2.0e-10)]),
    (7, 50000, [(0.005, 0.0), (0.1, 0.1e-9), (0.01, 0.0)]),
    (8, 50000, [(0.005, 0.0), (0.1, 0.3e-9), (0.01, 0.0)]),
    (9, 50000, [(0.005, 0.0), (0.1, 0.5e-9), (0.01, 0.0)]),
]


def perisomatic_fit(real: dict) -> dict:
    genome = [g for g in real["genome"] if g["mechanism"] == ""]
    genome += [
        {"section": "soma", "name": "gnabar_hh", "value": 0.0012, "mechanism": "hh"},
        {"section": "soma", "name": "gkbar_hh", "value": 0.000123456789, "mechanism": "hh"},
        {"section": "soma", "name": "gl_hh", "value": 0.0, "mechanism": "hh"},
        {"section": "soma", "name": "gbar_SdkNa", "value": 0.12, "mechanism": "SdkNa"},
        {"section": "axon", "name": "gbar_SdkNa", "value": 0.12, "mechanism": "SdkNa"},
        {"section": "soma", "name": "gbar_SdkKdr", "value": 0.0673341815852014, "mechanism": "SdkKdr"},
        {"section": "axon", "name": "gbar_SdkKdr", "value": 0.06, "mechanism": "SdkKdr"},
        {"section": "dend", "name": "gbar_SdkKdr", "value": 2.5e-05, "mechanism": "SdkKdr"},
        {"section": "glob", "name": "q10_SdkKdr", "value": 2.345678912, "mechanism": ""},
    ]
    return {"passive": real["passive"], "fitting": real["fitting"], "conditions": real["conditions"], "genome": genome}


def all_active_fit(real: dict) -> dict:
    genome = [g for g in real["genome"] if g["mechanism"] == ""]
    genome += [
        {"section": "soma", "name": "gnabar_hh", "value": "0.0015", "mechanism": "hh"},
        {"section": "soma", "name": "gkbar_hh", "value": "0.000321", "mechanism": "hh"},
        {"section": "soma", "name": "gl_hh", "value": "0", "mechanism": "hh"},
        {"section": "axon", "name": "gnabar_hh", "value": "0.0025", "mechanism": "hh"},
        {"section": "axon", "name": "gl_hh", "value": "0", "mechanism": "hh"},
        {"section": "soma", "name": "gbar_SdkNa", "value": "0.15", "mechanism": "SdkNa"},
        {"section": "axon", "name": "gbar_SdkNa", "value": "0.2", "mechanism": "SdkNa"},
        {"section": "soma", "name": "gbar_SdkKdr", "value": "0.12", "mechanism": "SdkKdr"},
        {"section": "axon", "name": "gbar_SdkKdr", "value": "0.15", "mechanism": "SdkKdr"},
        {"section": "apic", "name": "gbar_SdkKdr", "value": "1.23456789e-05", "mechanism": "SdkKdr"},
        {"section": "dend", "name": "gbar_SdkKdr", "value": "3.4e-05", "mechanism": "SdkKdr"},
        # A section array the morphology does not have: allensdk skips it.
        {"section": "myelin", "name": "gbar_SdkKdr", "value": "0.5", "mechanism": "SdkKdr"},
    ]
    return {"passive": real["passive"], "fitting": real["fitting"], "conditions": real["conditions"], "genome": genome}


CASES = [
    # name, shared model id, fit builder, axon type
    ("perisomatic", "472450023", perisomatic_fit, "truncated"),
    ("all_active_truncated", "497232312", all_active_fit, "truncated"),
    ("all_active_stub", "497232312", all_active_fit, "stub"),
]


def b64(a: np.ndarray) -> dict:
    a = np.ascontiguousarray(a, dtype="<f8")
    return {"n": int(a.size), "b64": base64.b64encode(a.tobytes()).decode()}


def write_stimulus_nwb(path: Path) -> None:
    import h5py

    fs = lambda s: np.bytes_(s)  # noqa: E731  (fixed-length strings, as Allen files)
    with h5py.File(path, "w") as f:
        f.create_dataset("nwb_version", data=fs("NWB-1.0.5"))
        f.attrs["nwb_version"] = fs("NWB-1.0.5")
        for sweep, rate, segments in SWEEPS:
            stim = np.concatenate([np.full(int(round(d * rate)), a) for d, a in segments]).astype(np.float32)
            for kind, data in (("stimulus", stim), ("response", np.zeros_like(stim))):
                where = "stimulus/presentation" if kind == "stimulus" else "acquisition/timeseries"
                g = f.create_group(f"{where}/Sweep_{sweep}")
                d = g.create_dataset("data", data=data)
                d.attrs["conversion"] = np.float32(1.0)
                d.attrs["unit"] = fs("Amps" if kind == "stimulus" else "Volts")
                st = g.create_dataset("starting_time", data=0.0)
                st.attrs["rate"] = np.float32(rate)
                if kind == "stimulus":
                    g.create_dataset("aibs_stimulus_name", data=fs("Long Square"))
                e = f.create_group(f"epochs/Sweep_{sweep}/{kind}")
                e.create_dataset("idx_start", data=np.int32(0))
                e.create_dataset("count", data=np.int32(stim.size))
                e["timeseries"] = g  # hard link, as h5py makes it


def build_model_dir(case: tuple, root: Path, fixtures: Path | None) -> Path:
    name, model_id, fit_builder, _axon = case
    src = SHARED / model_id
    real_manifest = json.loads((src / "manifest.json").read_text())
    fit_name = real_manifest["biophys"][0]["model_file"][1]
    fit = fit_builder(json.loads((src / fit_name).read_text()))
    d = root / name
    (d / "modfiles").mkdir(parents=True)
    manifest = json.loads(json.dumps(real_manifest))
    manifest["runs"][0]["sweeps"] = [s for s, _r, _g in SWEEPS]
    if name == "perisomatic":
        # allensdk needs sweeps_by_type; the all-active fixtures leave it out (as BiophysicalApi
        # writes them) so that the TS runner groups the sweeps by their stimulus names instead.
        manifest["runs"][0]["sweeps_by_type"] = SWEEPS_BY_TYPE
    for e in manifest["manifest"]:
        if e["key"] in ("stimulus_path", "output_path"):
            e["spec"] = "stimulus.nwb"
    (d / "manifest.json").write_text(json.dumps(manifest, indent=2))
    (d / fit_name).write_text(json.dumps(fit, indent=2))
    for mod_name, text in MOD_FILES.items():
        (d / "modfiles" / mod_name).write_text(text)
    morph = next(e["spec"] for e in manifest["manifest"] if e["key"] == "MORPHOLOGY")
    shutil.copy(src / morph, d / morph)
    write_stimulus_nwb(d / "stimulus.nwb")
    if fixtures is not None:
        (fixtures / name).mkdir(parents=True, exist_ok=True)
        shutil.copy(d / "manifest.json", fixtures / name / "manifest.json")
        shutil.copy(d / fit_name, fixtures / name / fit_name)
    return d


def child(model_dir: str, sweep: int, axon_type: str, lib: str, out: str) -> None:
    """One sweep through allensdk's runner steps, in this (fresh) interpreter."""
    import logging

    logging.disable(logging.CRITICAL)
    os.chdir(model_dir)
    # `import neuron` loads ./x86_64/libnrnmech.so from the model directory, as the runner expects.
    from neuron import h  # noqa: F401

    from allensdk.model.biophysical.runner import load_description
    from allensdk.model.biophysical.utils import create_utils

    description = load_description({"manifest_file": "manifest.json", "axon_type": axon_type})
    utils = create_utils(description)
    h = utils.h
    utils.generate_morphology(description.manifest.get_path("MORPHOLOGY"))
    utils.load_cell_parameters()
    utils.setup_iclamp(description.manifest.get_path("stimulus_path"), sweep=sweep)
    vec = utils.record_values()
    spikes = h.Vector()
    nc = h.NetCon(h.soma[0](0.5)._ref_v, None, sec=h.soma[0])
    nc.threshold = SPIKE_THRESHOLD
    nc.record(spikes)
    h.finitialize()
    h.run()
    raw = np.array(vec["v"])
    stim_hz = utils.stimulus_sampling_rate
    sim_hz = int(utils.simulation_sampling_rate)
    n = len(utils.stim_curr)
    jp = description.data["fitting"][0]["junction_potential"]
    if stim_hz < sim_hz:
        factor = sim_hz // stim_hz
        blocks = -(-raw.size // factor)
        v = np.array([raw[b * factor:(b + 1) * factor].mean() for b in range(blocks)])[:n]
    else:
        # allensdk keeps all raw samples here: NEURON records one step past tstop (n + 1 samples),
        # and save_nwb's set_sweep then fails to broadcast them into the n-sample sweep. Fix
        # applied (as for the downsampled case): truncate to the stimulus length.
        v = raw[:n].copy()
    v = (v - jp) * 1.0e-3
    # save_nwb's spike times: prepare the output copy, store v, extract sweep features.
    from allensdk.core.nwb_data_set import NwbDataSet
    from allensdk.model.biophysical.runner import prepare_nwb_output, save_nwb

    out_nwb = out + ".nwb"
    prepare_nwb_output(description.manifest.get_path("stimulus_path"), out_nwb)
    save_nwb(out_nwb, v, sweep, SWEEPS_BY_TYPE)
    feature_spikes = np.asarray(NwbDataSet(out_nwb).get_spike_times(sweep), dtype=float)
    saved_response = NwbDataSet(out_nwb).get_sweep(sweep)["response"]
    sections = [
        {"name": s.name(), "nseg": int(s.nseg), "L": float(s.L), "diam": float(s(0.5).diam),
         "Ra": float(s.Ra), "cm": float(s(0.5).cm)}
        for s in h.allsec()
    ]
    with open(out, "w") as f:
        json.dump({
            # The raw trace is kept where it differs from the response (downsampled sweeps).
            **({"raw_v_mV": b64(raw)} if stim_hz < sim_hz and Path(model_dir).name == "perisomatic" else {}),
            "response_V": b64(v), "spike_times_ms": b64(np.array(spikes.to_python(), dtype=float)),
            "feature_spike_times_s": b64(feature_spikes), "saved_response_dtype": str(saved_response.dtype),
            "saved_response": b64(saved_response.astype(np.float64)),
            "stimulus_hz": stim_hz, "simulation_hz": sim_hz, "stimulus_length": n,
            "dt": float(h.dt), "tstop": float(h.tstop), "n_sections": len(sections),
            "sections_digest": sections[:3] + sections[-3:],
            "total_area": float(sum(seg.area() for s in h.allsec() for seg in s)),
        }, f)


FORMAT_G_CASES = [0.0123456789, 2.345678912, 2.207587481, 0.26291899248487288, 3.8459916584798751e-09,
                  1e-05, 123456.0, 1234567.0, 0.0001, 1.234e-05, -107.0, 53.0, 100.0, 1e16, 0.5, 999999.5,
                  9.9999995e-05, -80.97549438476562, 0.00051290947471882564, 1.5e-300, 123.4565]


def describe(model_dir: Path) -> dict:
    """`load_description` of a real model package (pure: no NEURON), paths relative to it."""
    import logging

    logging.disable(logging.CRITICAL)
    from allensdk.model.biophysical.runner import load_description

    cwd = os.getcwd()
    os.chdir(model_dir)
    try:
        out = {}
        for axon in ("truncated", "stub"):
            d = load_description({"manifest_file": "manifest.json", "axon_type": axon})
            out[axon] = d.data
        paths = {k: os.path.relpath(os.path.abspath(d.manifest.get_path(k)), model_dir)
                 for k in ("MORPHOLOGY", "MARKER", "MODFILE_DIR", "stimulus_path", "output_path", "WORKDIR")}
        return {"data": out, "paths": paths}
    finally:
        os.chdir(cwd)


def main() -> None:
    from _common import fixture_dir, record, write_json

    final = fixture_dir("ephys") / "biophysical"
    # Built in a scratch directory and swapped in only when every run succeeded.
    staging = Path(tempfile.mkdtemp(prefix="biophys-fixtures-"))
    fixtures = staging / "biophysical"
    fixtures.mkdir()
    for mod_name, text in MOD_FILES.items():
        (fixtures / mod_name).write_text(text)
    nrnivmodl = str(Path(sys.executable).parent / "nrnivmodl")
    golden: dict = {"neuron_version": None, "spike_threshold": SPIKE_THRESHOLD, "cases": {}}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for case in CASES:
            name, model_id, _fit, axon = case
            d = build_model_dir(case, root, fixtures)
            subprocess.run([nrnivmodl, "modfiles"], cwd=d, check=True, capture_output=True)
            lib = next(p for p in d.rglob("libnrnmech.so"))
            runs = {}
            for sweep, _rate, _segments in SWEEPS:
                out = root / f"{name}_{sweep}.json"
                r = subprocess.run([sys.executable, __file__, "--child", str(d), str(sweep), axon, str(lib), str(out)],
                                   capture_output=True, text=True)
                if r.returncode != 0:
                    raise RuntimeError(f"{name} sweep {sweep}: {r.stderr[-3000:]}")
                runs[str(sweep)] = json.loads(out.read_text())
            fit_name = json.loads((d / "manifest.json").read_text())["biophys"][0]["model_file"][1]
            golden["cases"][name] = {"model_id": model_id, "axon_type": axon, "fit": fit_name, "sweeps": runs}
        shutil.copy(root / CASES[0][0] / "stimulus.nwb", fixtures / "stimulus.nwb")
    golden["format_g"] = [[x, "%g" % x] for x in FORMAT_G_CASES]
    golden["descriptions"] = {m: describe(SHARED / m) for m in ("472450023", "497232312")}
    out = subprocess.run([sys.executable, "-c", "from neuron import h; print(h.nrnversion())"],
                         capture_output=True, text=True, check=True)
    golden["neuron_version"] = out.stdout.strip().splitlines()[-1]
    write_json(fixtures / "golden.json", golden)
    if final.exists():
        shutil.rmtree(final)
    shutil.move(str(fixtures), str(final))
    shutil.rmtree(staging, ignore_errors=True)
    files = [final / "golden.json", *(final / m for m in MOD_FILES), final / "stimulus.nwb"]
    files += sorted(p for p in final.glob("*/*.json"))
    record("ephys", files, __file__, libs=["allensdk", "neuron", "numpy", "h5py"])


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6])
    else:
        sys.path.insert(0, str(HERE))
        main()

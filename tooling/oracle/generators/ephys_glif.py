"""GLIF goldens for @sdk/ephys: allensdk 2.16.2 ``GlifNeuron.run`` on deterministic stimuli.

Writes packages/ephys/test/fixtures/glif/:

  synthetic.json   one synthetic neuron config per method combination (written here, so the TS
                   tests exercise every built-in dynamics/reset rule without ../shared), plus
                   custom-method, settable-dt, spike-cut-0, bad-reset and cut-past-end cases,
                   with the full run outputs; and a ``simulate`` case (two sweeps at two rates
                   through ``simulate_sweep``, as ``simulate_neuron`` does per sweep).
  real.json        the five real Cell Types models (GLIF1-5) of ../shared/data/cell-types/glif:
                   model ids only (the configs stay in ../shared), full outputs of a short run
                   and summaries + spike trains of a long noisy run.

Stimuli are described by segments that the TS tests rebuild with the same float64 operations:
  ["const", n, amp]                       amp repeated n times
  ["ramp", n, a, b]                       a + ((b - a) * i) / n for i in 0..n-1
  ["noise", n, mean, amp, seed]           LCG x <- (1664525 x + 1013904223) mod 2^32 (x0 = seed),
                                          mean + amp * (x / 2^32 - 0.5) with x the new state

Float arrays are stored as base64 of little-endian float64 ({"b64": ..., "n": ...}), so NaN
masks and values survive exactly.
"""

from __future__ import annotations

import base64
import copy
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, repo_root, write_json  # noqa: E402

from allensdk.model.glif.glif_neuron import GlifNeuron  # noqa: E402
from allensdk.model.glif import glif_neuron_methods as gm  # noqa: E402
from allensdk.model.glif.simulate_neuron import simulate_sweep  # noqa: E402

PACKAGE = "ephys"
OUT_DIR = "glif"
GLIF_DATA = repo_root().parent / "shared" / "data" / "cell-types" / "glif"
REAL_MODELS = {
    "486557295": "GLIF1 LIF",
    "486558431": "GLIF2 LIF-R",
    "485904755": "GLIF3 LIF-ASC",
    "486052403": "GLIF4 LIF-R-ASC",
    "566283540": "GLIF5 LIF-R-ASC-A",
}
LONG_SAMPLE_STRIDE = 50


# ---- stimuli -----------------------------------------------------------------


def build_stimulus(segments):
    out = []
    for seg in segments:
        kind = seg[0]
        if kind == "const":
            _, n, amp = seg
            out.extend([float(amp)] * n)
        elif kind == "ramp":
            _, n, a, b = seg
            out.extend([a + ((b - a) * i) / n for i in range(n)])
        elif kind == "noise":
            _, n, mean, amp, seed = seg
            x = seed
            for _ in range(n):
                x = (1664525 * x + 1013904223) % 4294967296
                out.append(mean + amp * (x / 4294967296 - 0.5))
        else:
            raise ValueError(kind)
    return np.array(out, dtype=np.float64)


def b64(a) -> dict:
    arr = np.ascontiguousarray(np.asarray(a, dtype="<f8"))
    return {"n": int(arr.size), "b64": base64.b64encode(arr.tobytes()).decode("ascii")}


def rheobase(cfg) -> float:
    """Steady-state current that brings V to theta_inf (El = 0)."""
    coeffs = cfg.get("coeffs", {})
    th_inf = cfg["th_inf"] * coeffs.get("th_inf", 1)
    g = (1.0 / cfg["R_input"]) * coeffs.get("G", 1)
    return th_inf * g


def short_segments(irh: float):
    return [
        ["const", 100, 0.0],
        ["const", 700, 3.0 * irh],
        ["const", 100, 0.0],
        ["ramp", 600, 0.0, 4.0 * irh],
    ]


def long_segments(irh: float, seed: int):
    return [
        ["const", 2000, 0.0],
        ["noise", 16000, 1.3 * irh, 2.0 * irh, seed],
        ["const", 2000, 0.0],
    ]


# ---- runs ----------------------------------------------------------------------


def full_output(out) -> dict:
    return {
        "voltage": b64(out["voltage"]),
        "threshold": b64(out["threshold"]),
        "AScurrents": b64(out["AScurrents"].reshape(-1)),
        "AScurrents_shape": list(out["AScurrents"].shape),
        **spike_output(out),
    }


def spike_output(out) -> dict:
    return {
        "grid_spike_times": b64(out["grid_spike_times"]),
        "interpolated_spike_times": b64(out["interpolated_spike_times"]),
        "interpolated_spike_voltage": b64(out["interpolated_spike_voltage"]),
        "interpolated_spike_threshold": b64(out["interpolated_spike_threshold"]),
        "spike_time_steps": [int(s) for s in out["spike_time_steps"]],
    }


def summary_output(out, stride: int) -> dict:
    asc = out["AScurrents"]
    return {
        "stride": stride,
        "voltage": b64(out["voltage"][::stride]),
        "threshold": b64(out["threshold"][::stride]),
        "AScurrents": b64(asc[::stride].reshape(-1)),
        "AScurrents_shape": list(asc.shape),
        "nan_count": {
            "voltage": int(np.isnan(out["voltage"]).sum()),
            "threshold": int(np.isnan(out["threshold"]).sum()),
            "AScurrents": int(np.isnan(asc).sum()),
        },
        "nansum": {
            "voltage": float(np.nansum(out["voltage"])),
            "threshold": float(np.nansum(out["threshold"])),
        },
        **spike_output(out),
    }


def reset_voltage_gain(neuron, voltage_t0, gain, offset):
    """A custom v_before-like reset rule (configure_method test)."""
    return gain * voltage_t0 + offset


CUSTOM_FUNCTIONS = {
    "linear_exact": gm.dynamics_voltage_linear_exact,
    "v_gain": reset_voltage_gain,
}


def make_neuron(cfg, custom=None, run_dt=None):
    """GlifNeuron.from_dict, then custom methods swapped in with configure_method."""
    base = copy.deepcopy(cfg)
    for key, method in (custom or {}).items():
        base[key] = method["library_stand_in"]
    neuron = GlifNeuron.from_dict(base)
    for key, method in (custom or {}).items():
        setattr(
            neuron,
            key,
            GlifNeuron.configure_method(method["name"], CUSTOM_FUNCTIONS[method["name"]], method["params"]),
        )
    if run_dt is not None:
        neuron.dt = run_dt
    return neuron


def meth(name, **params):
    return {"name": name, "params": params}


def synthetic_configs():
    base = {
        "El": 0.0,
        "dt": 5e-05,
        "R_input": 2.0e8,
        "C": 1.0e-10,
        "th_inf": 0.02,
        "th_adapt": None,
        "init_voltage": 0.0,
        "init_threshold": 0.02,
        "coeffs": {"a": 1, "C": 1, "b": 1, "G": 1, "th_inf": 0.9, "asc_amp_array": [1.0, 1.0]},
        "asc_tau_array": [0.03, 0.003333333333333333],
        "asc_amp_array": [-6.0e-11, 1.2e-10],
        "init_AScurrents": [0.0, 0.0],
        "El_reference": -0.07,
        "type": "GLIF",
        "dt_multiplier": 10,
        "extrapolation_method_name": "endpoints",
        "voltage_dynamics_method": meth("linear_forward_euler"),
    }
    three = dict(a_spike=0.0015, b_spike=90.0, a_voltage=0.0, b_voltage=0.0)

    def cfg(**kw):
        c = copy.deepcopy(base)
        c.update(kw)
        return c

    lif = cfg(
        spike_cut_length=40,
        threshold_dynamics_method=meth("inf"),
        threshold_reset_method=meth("inf"),
        AScurrent_dynamics_method=meth("none"),
        AScurrent_reset_method=meth("none"),
        voltage_reset_method=meth("zero"),
    )
    lif_r = cfg(
        spike_cut_length=60,
        threshold_dynamics_method=meth("spike_component", **three),
        threshold_reset_method=meth("three_components", a_spike=0.0015, b_spike=90.0),
        AScurrent_dynamics_method=meth("none"),
        AScurrent_reset_method=meth("none"),
        voltage_reset_method=meth("v_before", a=0.6, b=0.005),
    )
    lif_asc = cfg(
        spike_cut_length=30,
        threshold_dynamics_method=meth("inf"),
        threshold_reset_method=meth("inf"),
        AScurrent_dynamics_method=meth("exp"),
        AScurrent_reset_method=meth("sum", r=[0.8, 1.0]),
        voltage_reset_method=meth("zero"),
    )
    lif_r_asc = cfg(
        spike_cut_length=45,
        threshold_dynamics_method=meth("spike_component", **three),
        threshold_reset_method=meth("three_components", a_spike=0.0015, b_spike=90.0),
        AScurrent_dynamics_method=meth("exp"),
        AScurrent_reset_method=meth("sum", r=[1.0, 1.0]),
        voltage_reset_method=meth("v_before", a=0.6, b=0.005),
    )
    lif_r_asc_a = cfg(
        spike_cut_length=50,
        coeffs={"a": 1.2, "C": 1.1, "b": 0.8, "G": 0.9, "th_inf": 0.95, "asc_amp_array": [1.1, 0.9]},
        threshold_dynamics_method=meth(
            "three_components_exact", a_spike=0.0012, b_spike=35.0, a_voltage=4.0, b_voltage=30.0
        ),
        threshold_reset_method=meth("three_components", a_spike=0.0012, b_spike=35.0),
        AScurrent_dynamics_method=meth("exp"),
        AScurrent_reset_method=meth("sum", r=[1.0, 0.7]),
        voltage_reset_method=meth("v_before", a=0.95, b=-0.012),
    )
    lif_r_asc_a_nocut = copy.deepcopy(lif_r_asc_a)
    lif_r_asc_a_nocut["spike_cut_length"] = 0
    bad_reset = copy.deepcopy(lif_r)
    bad_reset["voltage_reset_method"] = meth("v_before", a=1.0, b=0.05)
    custom = copy.deepcopy(lif_r_asc)
    return {
        "lif": (lif, {}),
        "lif_r": (lif_r, {}),
        "lif_asc": (lif_asc, {}),
        "lif_r_asc": (lif_r_asc, {}),
        "lif_r_asc_a": (lif_r_asc_a, {"record_components": True}),
        "lif_r_asc_a_nocut": (lif_r_asc_a_nocut, {"record_components": True}),
        # dt 2e-5 instead of the config's 5e-5, over the same 75 ms (2.5x the steps)
        "lif_r_asc_a_dt": (lif_r_asc_a, {"run_dt": 2e-05, "step_scale": 2.5}),
        "bad_reset": (bad_reset, {}),
        "custom_methods": (
            custom,
            {
                "custom": {
                    "voltage_dynamics_method": {
                        "name": "linear_exact",
                        "params": {},
                        "library_stand_in": meth("linear_forward_euler"),
                    },
                    "voltage_reset_method": {
                        "name": "v_gain",
                        "params": {"gain": 0.5, "offset": 0.004},
                        "library_stand_in": meth("v_before", a=0.6, b=0.005),
                    },
                }
            },
        ),
    }


def run_case(cfg, opts, segments):
    custom = opts.get("custom")
    neuron = make_neuron(cfg, custom, opts.get("run_dt"))
    stim = build_stimulus(segments)
    out = neuron.run(stim)
    case = {
        "config": cfg,
        "segments": segments,
        "n_steps": int(stim.size),
        "output": full_output(out),
    }
    if opts.get("run_dt") is not None:
        case["run_dt"] = opts["run_dt"]
    if custom:
        case["custom"] = {k: {"name": v["name"], "params": v["params"]} for k, v in custom.items()}
    if opts.get("record_components"):
        tcs = neuron.threshold_components
        case["threshold_components"] = {"spike": b64(tcs["spike"]), "voltage": b64(tcs["voltage"])}
    return case, out


def synthetic() -> dict:
    cases = {}
    for name, (cfg, opts) in synthetic_configs().items():
        segments = short_segments(rheobase(cfg))
        scale = opts.get("step_scale", 1)
        segments = [[seg[0], int(seg[1] * scale), *seg[2:]] for seg in segments]
        case, out = run_case(cfg, opts, segments)
        n_spikes = len(out["spike_time_steps"])
        assert n_spikes >= (1 if name == "bad_reset" else 3), (name, n_spikes)
        if name == "bad_reset":
            assert np.isnan(out["voltage"][-1]), "bad reset must stop the run"
        cases[name] = case
        print(f"  synthetic {name}: {case['n_steps']} steps, {n_spikes} spikes")

    # the last spike's cut runs past the end of the stimulus
    cfg, opts = synthetic_configs()["lif_r_asc"]
    first = cases["lif_r_asc"]
    steps = first["output"]["spike_time_steps"]
    cut_end = steps[2] + cfg["spike_cut_length"] // 2
    segs = []
    left = cut_end
    for seg in short_segments(rheobase(cfg)):
        n = min(seg[1], left)
        if n > 0:
            segs.append([seg[0], n, *seg[2:]])
        left -= n
    case, out = run_case(cfg, opts, segs)
    assert out["spike_time_steps"][-1] + cfg["spike_cut_length"] >= case["n_steps"]
    cases["cut_past_end"] = case
    print(f"  synthetic cut_past_end: {case['n_steps']} steps")

    # simulate_neuron's per-sweep work: dt = 1 / sampling_rate, run, NaN -> spike_cut_value
    cfg, _ = synthetic_configs()["lif_r_asc"]
    irh = rheobase(cfg)
    neuron = GlifNeuron.from_dict(copy.deepcopy(cfg))
    sweeps = []
    for number, rate, segments in (
        (3, 50000.0, short_segments(irh)),
        (5, 200000.0, [["const", 400, 0.0], ["const", 3000, 2.5 * irh], ["const", 600, 0.0]]),
    ):
        neuron.dt = 1.0 / rate
        data = simulate_sweep(neuron, build_stimulus(segments), 0.05)
        sweeps.append(
            {
                "sweep_number": number,
                "sampling_rate": rate,
                "segments": segments,
                "response": b64(data["voltage"]),
                "spike_times": b64(data["interpolated_spike_times"]),
            }
        )
    cases_sim = {"config": cfg, "spike_cut_value": 0.05, "sweeps": sweeps}
    return {"cases": cases, "simulate": cases_sim, "np_sum": np_sum_cases(), "utilities": utilities()}


def utilities():
    """The helper functions of glif_neuron(_methods) on a few argument tuples: [args, result]."""
    import allensdk.model.glif.glif_neuron as gn

    calls = {
        "line_crossing_x": (gn.line_crossing_x, [(5e-05, 0.0183, 0.0201, 0.0197, 0.0199), (1.0, 0.0, 2.0, 1.0, 1.0)]),
        "line_crossing_y": (gn.line_crossing_y, [(5e-05, 0.0183, 0.0201, 0.0197, 0.0199), (1.0, 0.0, 2.0, 1.0, 1.0)]),
        "interpolate_spike_time": (gn.interpolate_spike_time, [(5e-05, 812, 0.0197, 0.0199, 0.0183, 0.0201)]),
        "interpolate_spike_value": (gn.interpolate_spike_value, [(5e-05, 3.3e-05, 0.0183, 0.0201)]),
        "max_of_line_and_const": (gm.max_of_line_and_const, [(0.3, 0.1, 2.0, -0.4), (0.3, 0.5, 2.0, -0.4)]),
        "min_of_line_and_zero": (gm.min_of_line_and_zero, [(0.3, 2.0, -0.4), (0.3, 2.0, -0.7)]),
        "spike_component_of_threshold_exact": (gm.spike_component_of_threshold_exact, [(0.0015, 90.0, 5e-05), (0.0015, 90.0, 0.0025)]),
        "spike_component_of_threshold_forward_euler": (gm.spike_component_of_threshold_forward_euler, [(0.0015, 90.0, 5e-05)]),
        "voltage_component_of_threshold_forward_euler": (
            gm.voltage_component_of_threshold_forward_euler,
            [(0.0012, 0.015, 5e-05, 4.0, 30.0, 0.0), (0.0012, 0.015, 5e-05, 4.0, 30.0, -0.002)],
        ),
        "voltage_component_of_threshold_exact": (
            gm.voltage_component_of_threshold_exact,
            [(0.0012, 0.015, 2.5e-10, 5e-05, 4.8, 24.0, 1.1e-10, 4.5e-09, 0.0)],
        ),
    }
    return {
        name: [[list(args), float(fn(*args))] for args in arg_list] for name, (fn, arg_list) in calls.items()
    }


def np_sum_cases():
    """np.sum of vectors of every size class of numpy's pairwise summation (the ASC sums)."""
    rng = np.random.default_rng(20240607)
    out = []
    for n in (0, 1, 2, 3, 7, 8, 9, 17, 128, 129, 300):
        a = rng.standard_normal(n) * 10.0 ** rng.integers(-5, 5, n)
        out.append({"values": b64(a), "sum": float(np.sum(a))})
    return out


def real() -> dict:
    models = {}
    for i, (model_id, label) in enumerate(REAL_MODELS.items()):
        path = GLIF_DATA / model_id / "neuron_config.json"
        cfg = json.loads(path.read_text())[model_id]
        irh = rheobase(cfg)
        neuron = GlifNeuron.from_dict(cfg)
        short = short_segments(irh)
        out = neuron.run(build_stimulus(short))
        long_ = long_segments(irh, 12345 + i)
        out_long = neuron.run(build_stimulus(long_))
        ephys_sweeps = json.loads((GLIF_DATA / model_id / "ephys_sweeps.json").read_text())
        models[model_id] = {
            "label": label,
            # simulate_neuron.main's selection
            "simulated_sweeps": [s["sweep_number"] for s in ephys_sweeps if s["stimulus_name"] != "Test"],
            "short": {"segments": short, "output": full_output(out)},
            "long": {"segments": long_, "output": summary_output(out_long, LONG_SAMPLE_STRIDE)},
        }
        print(
            f"  real {model_id} {label}: short {len(out['spike_time_steps'])} spikes, "
            f"long {len(out_long['spike_time_steps'])} spikes"
        )
    return {"models": models}


def main() -> None:
    out_dir = fixture_dir(PACKAGE) / OUT_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    files = []
    syn = synthetic()
    files.append(write_json(out_dir / "synthetic.json", syn, indent=None))
    # a numpy-written stimulus for the CLI's .npy input (the lif_r_asc_a case)
    npy_path = out_dir / "lif_r_asc_a_stimulus.npy"
    np.save(npy_path, build_stimulus(syn["cases"]["lif_r_asc_a"]["segments"]))
    files.append(npy_path)
    if GLIF_DATA.is_dir():
        files.append(write_json(out_dir / "real.json", real(), indent=None))
    else:
        print(f"  {GLIF_DATA} missing: real.json not regenerated")
    record(PACKAGE, files, __file__, libs=["numpy", "allensdk"])


if __name__ == "__main__":
    main()

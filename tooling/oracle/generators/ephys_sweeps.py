"""Sweep-access goldens for @sdk/ephys: allensdk 2.16.2 ``NwbDataSet`` on small Allen-layout NWB 1
files, an NWB 2 icephys file written with pynwb, feature extraction on an NWB sweep and
``simulate_neuron`` writing into an NWB 1 copy.

Writes packages/ephys/test/fixtures/sweeps/:

  cell_nwb1.nwb    NWB 1 in the Allen Cell Types layout, written with h5py as the Allen pipeline
                   did: fixed-length byte-string attributes, float32 data (gzip) stored in SI units
                   with the (wrong) conversion attributes of early files, series under
                   acquisition/timeseries and stimulus/presentation, epochs/Sweep_N and
                   epochs/Experiment_N linking to them, general/generated_by. Sweeps (HDF5 name
                   order 1, 10, 2, 3):
                     1  test sweep (test pulse only), no Experiment epoch, 50 kHz
                     2  long square 250 pA with spikes (Hodgkin-Huxley), 50 kHz, experiment epoch
                        after the test pulse and truncated before the end
                     3  voltage clamp (stimulus unit "Volts", response "Amps"), 25 kHz
                     10 hyperpolarising square at 200 kHz, no stimulus unit attribute ("Unknown"),
                        deprecated ``stimulus/idx_stop`` in its Sweep epoch, partial metadata
                   analysis/spike_times/Sweep_2 written by allensdk's set_spike_times (resizable),
                   analysis/aibs_spike_times/Sweep_10 (the deprecated key).
  icephys_nwb2.nwb NWB 2 icephys written with pynwb: sweep 0 current clamp (float32 data in pA / mV
                   with conversions, NaN-padded response), sweep 1 voltage clamp, sweep 5 I=0 clamp
                   with a flat stimulus.
  golden.json
    nwb1: allensdk NwbDataSet on cell_nwb1.nwb: sweep_numbers, experiment_sweep_numbers,
          pipeline_version (allensdk's, i.e. (0, 0) under Python 3), per sweep get_sweep (arrays as
          {dtype, n, sha256 of the raw little-endian bytes, head, tail}) unscaled (allensdk's actual
          behaviour) and scaled (get_pipeline_version patched to (1, 1): data * conversion),
          get_sweep_metadata, get_spike_times.
    nwb1_edits: a copy edited by allensdk (set_sweep, set_spike_times incl. replacing a resizable
          dataset and the key rule, fill_sweep_responses with extend_experiment) and what
          allensdk reads back, plus the raw HDF5 facts of the written datasets.
    nwb2: the icephys file read with pynwb, following the spec (ephys.md §1, ipfx-style):
          stimulus / response = data (as float64) * conversion, sampling_rate = stimulus rate,
          stimulus_unit, index_range [start, stop] with start = 1 + the second nonzero index of
          diff(stimulus) (0 if there are fewer than 2) and stop = the last index where the response
          is finite; metadata.
    features: per sweep (2: spiking, 10: hyperpolarising) allensdk
          ``extractor_for_nwb_sweeps(NwbDataSet, [n])`` → the sweep extractor:
          spike table (records) and sweep features, v_baseline, peak_deflect, sag, tau (null +
          the error when allensdk raises).
    features_nwb2: the same for sweep 0 of the NWB 2 file, prepared the same way from pynwb's reads
          with the NaN padding after the last finite response sample cut off.
    float32_means: numpy float32 ``mean`` of deterministic arrays (the extractors' averages of
          float32 sweeps follow it).
    simulate: ``simulate_neuron`` (GLIF config ``lif_r_asc`` of glif/synthetic.json, spike cut value
          0.05) on sweeps [2, 10] of a copy of cell_nwb1.nwb: the output file's responses (float32
          zlib+base64) and spike times, as allensdk reads them back.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import shutil
import sys
import tempfile
import zlib
from pathlib import Path

import uuid

import h5py
import numpy as np

_rng = random.Random(20260101)


def _seeded_uuid4() -> uuid.UUID:
    return uuid.UUID(int=_rng.getrandbits(128), version=4)


uuid.uuid4 = _seeded_uuid4  # deterministic object ids, before pynwb/hdmf build any container

import hdmf.container  # noqa: E402

hdmf.container.uuid4 = _seeded_uuid4  # hdmf does `from uuid import uuid4`

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, write_json  # noqa: E402
from ephys_features import hh  # noqa: E402  (the synthetic Hodgkin-Huxley neuron)

import allensdk.ephys.ephys_extractor as efex  # noqa: E402
from allensdk.core.nwb_data_set import NwbDataSet  # noqa: E402
from allensdk.model.glif.glif_neuron import GlifNeuron  # noqa: E402
from allensdk.model.glif.simulate_neuron import simulate_neuron  # noqa: E402

PACKAGE = "ephys"
OUT = "sweeps"
GLIF_CASE = "lif_r_asc"


def fs(s: str) -> np.bytes_:
    return np.bytes_(s.encode("utf-8"))


def fs_array(items: list[str]) -> np.ndarray:
    return np.array([x.encode("utf-8") for x in items])


def square(n: int, parts: list[tuple[int, int, float]]) -> np.ndarray:
    out = np.zeros(n)
    for a, b, amp in parts:
        out[a:b] = amp
    return out


def series(g: h5py.Group, ancestry: list[str], data: np.ndarray, unit: str | None, rate: float, conversion: float,
           extras: dict) -> None:
    g.attrs["ancestry"] = fs_array(ancestry)
    g.attrs["neurodata_type"] = fs("TimeSeries")
    g.attrs["source"] = fs("oracle generator")
    g.attrs["description"] = fs(f"{ancestry[-1]} sweep")
    g.attrs["comments"] = fs("")
    d = g.create_dataset("data", data=data, compression="gzip", compression_opts=4)
    d.attrs["conversion"] = np.float32(conversion)
    d.attrs["resolution"] = np.float32(np.nan)
    if unit is not None:
        d.attrs["unit"] = fs(unit)
    st = g.create_dataset("starting_time", data=0.0)
    st.attrs["rate"] = np.float32(rate)
    st.attrs["unit"] = fs("Seconds")
    g.create_dataset("num_samples", data=np.int32(len(data)))
    for k, v in extras.items():
        g.create_dataset(k, data=fs(v) if isinstance(v, str) else v)


# sweep number -> description. Amplitudes in pA (current clamp) or mV (voltage clamp).
def sweep_specs():
    hz50 = 50000.0
    n1 = 2500
    n2 = 17500  # 0.35 s
    n3 = 1000
    n10 = 20000  # 0.1 s at 200 kHz
    return {
        1: dict(rate=hz50, n=n1, clamp="I", name="Test", amp=0.0,
                stim_pa=square(n1, [(500, 1000, -20.0)]), experiment=None),
        2: dict(rate=hz50, n=n2, clamp="I", name="Long Square", amp=250.0,
                stim_pa=square(n2, [(500, 1000, -20.0), (5000, 15000, 250.0)]), experiment=(1500, n2 - 1500 - 250)),
        3: dict(rate=25000.0, n=n3, clamp="V", name="Vclamp step", amp=10.0,
                stim_mv=square(n3, [(100, 200, -5.0), (400, 800, 10.0)]), experiment=(250, n3 - 350)),
        10: dict(rate=200000.0, n=n10, clamp="I", name="Hyperpolarizing", amp=-100.0,
                 stim_pa=square(n10, [(2000, 4000, -20.0), (6000, 16000, -100.0)]), experiment=(5000, 11000),
                 no_unit=True, idx_stop=True),
    }


def build_nwb1(path: Path) -> None:
    specs = sweep_specs()
    with h5py.File(path, "w") as f:
        f.create_dataset("nwb_version", data=fs("NWB-1.0.5"))
        f.create_dataset("identifier", data=fs("oracle-ephys-sweeps-0001"))
        f.create_dataset("session_description", data=fs("ephys sweeps oracle fixture"))
        f.create_dataset("session_start_time", data=fs("2016-05-04T10:11:12"))
        f.create_dataset("file_create_date", data=fs_array(["2016-05-05T10:00:00"]))
        for grp in ("acquisition/timeseries", "stimulus/presentation", "stimulus/templates", "epochs", "analysis",
                    "general"):
            f.require_group(grp)
        f["general"].create_dataset("generated_by", data=fs_array(["pipeline", "ivscc", "version", "1.1"]))
        offset = 0.0
        for number, s in specs.items():
            n, rate = s["n"], s["rate"]
            if s["clamp"] == "I":
                stim = (s["stim_pa"] * 1e-12).astype(np.float32)  # amps, as early files stored them
                resp = (hh(s["stim_pa"], rate) * 1e-3).astype(np.float32)  # volts
                stim_anc = ["TimeSeries", "PatchClampSeries", "CurrentClampStimulusSeries"]
                resp_anc = ["TimeSeries", "PatchClampSeries", "CurrentClampSeries"]
                stim_unit, resp_unit = ("Amps", "Volts")
                stim_conv, resp_conv = 1e-12, 1e-3
            else:
                stim = (s["stim_mv"] * 1e-3).astype(np.float32)  # volts
                resp = (s["stim_mv"] * 1e-3 / 2e8 + 1e-11 * np.sin(np.arange(n) / 7.0)).astype(np.float32)  # amps
                stim_anc = ["TimeSeries", "PatchClampSeries", "VoltageClampStimulusSeries"]
                resp_anc = ["TimeSeries", "PatchClampSeries", "VoltageClampSeries"]
                stim_unit, resp_unit = ("Volts", "Amps")
                stim_conv, resp_conv = 1e-3, 1e-12
            if s.get("no_unit"):
                stim_unit = None
            meta = {"aibs_stimulus_amplitude_pa": np.float32(s["amp"]), "aibs_stimulus_name": s["name"],
                    "gain": np.float32(1.0), "initial_access_resistance": np.float32(11.25), "seal": np.float32(2.5)}
            if number == 10:
                meta = {"aibs_stimulus_name": s["name"], "seal": np.float32(1.75)}
            series(f.require_group(f"acquisition/timeseries/Sweep_{number}"), resp_anc, resp, resp_unit, rate,
                   resp_conv, {"gain": np.float32(0.05), "electrode_name": "Electrode 0"})
            series(f.require_group(f"stimulus/presentation/Sweep_{number}"), stim_anc, stim, stim_unit, rate,
                   stim_conv, meta)
            epochs = [(f"Sweep_{number}", 0, n)]
            if s["experiment"] is not None:
                epochs.append((f"Experiment_{number}",) + s["experiment"])
            for name, idx_start, count in epochs:
                ep = f.require_group(f"epochs/{name}")
                ep.create_dataset("start_time", data=offset + idx_start / rate)
                ep.create_dataset("stop_time", data=offset + (idx_start + count) / rate)
                ep.create_dataset("description", data=fs(name))
                ep.attrs["ancestry"] = fs_array(["Epoch"])
                ep.attrs["neurodata_type"] = fs("Epoch")
                for member, src in (("stimulus", "stimulus/presentation"), ("response", "acquisition/timeseries")):
                    m = ep.require_group(member)
                    m.create_dataset("idx_start", data=np.int32(idx_start))
                    m.create_dataset("count", data=np.int32(count))
                    if name.startswith("Sweep_") and s.get("idx_stop"):
                        m.create_dataset("idx_stop", data=np.int32(n - 1))
                    m["timeseries"] = h5py.SoftLink(f"/{src}/Sweep_{number}")
            offset += n / rate + 1.0
        g = f["analysis"].create_group("aibs_spike_times")
        g.attrs["neurodata_type"] = fs("Custom")
        g.create_dataset("Sweep_10", data=np.array([0.0125, 0.05]))
    # the pipeline wrote spike times through NwbDataSet: resizable float64
    ds = NwbDataSet(str(path))
    v = ds.get_sweep(2)["response"] * 1e3
    t = np.arange(len(v)) / 50000.0
    up = np.flatnonzero((v[:-1] < 0) & (v[1:] >= 0))
    ds.set_spike_times(2, t[up])


def arr(a) -> dict:
    a = np.asarray(a)
    le = a.astype(a.dtype.newbyteorder("<"))
    return {"dtype": str(a.dtype), "n": int(a.size), "sha256": hashlib.sha256(le.tobytes()).hexdigest(),
            "head": a[:5].astype(np.float64).tolist(), "tail": a[-3:].astype(np.float64).tolist()}


def py(v):
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, bytes):
        return v.decode("utf-8")
    return v


def sweep_out(s: dict) -> dict:
    return {"stimulus": arr(s["stimulus"]), "response": arr(s["response"]),
            "stimulus_unit": s["stimulus_unit"], "index_range": [int(x) for x in s["index_range"]],
            "sampling_rate": float(s["sampling_rate"])}


def describe_nwb1(path: Path) -> dict:
    ds = NwbDataSet(str(path))
    out = {"sweep_numbers": [int(x) for x in ds.get_sweep_numbers()],
           "experiment_sweep_numbers": [int(x) for x in ds.get_experiment_sweep_numbers()],
           "pipeline_version": list(ds.get_pipeline_version()), "sweeps": {}}
    scaled = NwbDataSet(str(path))
    scaled.get_pipeline_version = lambda: (1, 1)
    for n in ds.get_sweep_numbers():
        out["sweeps"][str(n)] = {
            "unscaled": sweep_out(ds.get_sweep(n)),
            "scaled": sweep_out(scaled.get_sweep(n)),
            "metadata": {k: py(v) for k, v in ds.get_sweep_metadata(n).items()},
            "spike_times": np.asarray(ds.get_spike_times(n), dtype=np.float64).tolist(),
            "spike_times_aibs_key": np.asarray(ds.get_spike_times(n, key="aibs_spike_times"),
                                               dtype=np.float64).tolist(),
        }
    out["metadata_missing_sweep"] = ds.get_sweep_metadata(99)
    return out


def edit_response(n: int) -> np.ndarray:
    # rebuilt in TS with the same float64 operations
    return -0.065 + np.arange(n, dtype=np.float64) * 1e-7


def h5_facts(path: Path) -> dict:
    with h5py.File(path, "r") as f:
        st = f["analysis/spike_times"]
        facts = {"spike_times_attrs": {k: py(v) for k, v in st.attrs.items()}, "spike_datasets": {}}
        for name, d in st.items():
            facts["spike_datasets"][name] = {"dtype": str(d.dtype), "shape": list(d.shape),
                                             "maxshape": [None if x is None else int(x) for x in d.maxshape]}
        facts["experiment_3_count"] = int(f["epochs/Experiment_3/stimulus/count"][()])
        facts["experiment_2_count"] = int(f["epochs/Experiment_2/stimulus/count"][()])
    return facts


def edits(src: Path) -> dict:
    """The scripted edits (the TS test performs the same ones) and what allensdk reads back."""
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "edited.nwb"
        shutil.copyfile(src, p)
        ds = NwbDataSet(str(p))
        ds.set_sweep(2, None, edit_response(12000))  # shorter: zero padded to the sweep length
        ds.set_sweep(10, np.full(20000, -1e-11), None)  # stimulus only, full length (idx_stop rule)
        ds.set_spike_times(2, np.array([0.11, 0.12, 0.13, 0.145]))  # replaces a resizable dataset
        ds.set_spike_times(3, np.array([0.01]))  # creates Sweep_3
        ds.set_spike_times(10, np.array([0.02, 0.03]))  # new under spike_times, aibs key kept
        ds.set_spike_times(1, np.array([0.5]), key="my_key")  # always written under spike_times
        ds.fill_sweep_responses(0.25, sweep_numbers=[3], extend_experiment=True)
        ds.fill_sweep_responses(-0.5, sweep_numbers=[1])
        out = describe_nwb1(p)
        out["facts"] = h5_facts(p)
        out["spike_times_my_key_1"] = np.asarray(ds.get_spike_times(1, key="my_key"), dtype=np.float64).tolist()
    return out


def features(path: Path, sweep_number: int) -> dict:
    ds = NwbDataSet(str(path))
    ext = efex.extractor_for_nwb_sweeps(ds, [sweep_number])
    return _sweep_outputs(ext.sweeps()[0])


def _sweep_outputs(sweep) -> dict:
    sweep.process_spikes()
    spikes = sweep.spikes()
    cols = list(sweep._spikes_df.columns)

    def cell(x):
        if isinstance(x, (bool, np.bool_)):
            return bool(x)
        if isinstance(x, str):
            return x
        return float(x)

    out = {"columns": cols, "spikes": [{k: cell(r[k]) for k in cols} for r in spikes],
           "start": float(sweep.start), "end": float(sweep.end), "sweep": {}, "errors": {}}
    for k in sweep.sweep_feature_keys():
        out["sweep"][k] = py(sweep.sweep_feature(k))
    for k in ("v_baseline", "peak_deflect", "sag", "tau"):
        try:
            v = sweep.sweep_feature(k)
            out["sweep"][k] = [float(x) for x in v] if isinstance(v, tuple) else float(v)
        except Exception as e:  # noqa: BLE001 - recorded as the CLI's null + warning
            out["sweep"][k] = None
            out["errors"][k] = f"{type(e).__name__}: {e}"
    return out


def simulate(src: Path, glif_config: dict) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out_path = Path(tmp) / "out.nwb"
        shutil.copyfile(src, out_path)
        neuron = GlifNeuron.from_dict(glif_config)
        simulate_neuron(neuron, [2, 10], str(src), str(out_path), 0.05)
        ds = NwbDataSet(str(out_path))
        res = {}
        for n in (2, 10):
            s = ds.get_sweep(n)
            r = np.asarray(s["response"])
            res[str(n)] = {"response": {"dtype": str(r.dtype), "n": int(r.size),
                                        "z": base64.b64encode(zlib.compress(r.astype("<f4").tobytes(), 9)).decode()},
                           "spike_times": np.asarray(ds.get_spike_times(n), dtype=np.float64).tolist(),
                           "dt": 1.0 / s["sampling_rate"]}
        return {"case": GLIF_CASE, "sweeps": [2, 10], "spike_cut_value": 0.05, "results": res}


def build_nwb2(path: Path) -> None:
    from datetime import datetime, timezone

    from pynwb import NWBFile, NWBHDF5IO
    from pynwb.icephys import (CurrentClampSeries, CurrentClampStimulusSeries, IZeroClampSeries,
                               VoltageClampSeries, VoltageClampStimulusSeries)

    nwb = NWBFile(session_description="icephys sweeps oracle", identifier="oracle-icephys-0001",
                  session_start_time=datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
                  file_create_date=[datetime(2020, 1, 3, tzinfo=timezone.utc)])
    dev = nwb.create_device(name="amp")
    el = nwb.create_icephys_electrode(name="elec0", description="patch", device=dev)
    hz = 50000.0
    n = 3000
    stim_pa = square(n, [(250, 500, -20.0), (1000, 2000, 150.0)]).astype(np.float32)
    v_mv = (hh(stim_pa.astype(np.float64), hz)).astype(np.float32)
    v_mv[2600:] = np.nan  # MIES pads the end of a sweep with NaN
    nwb.add_stimulus(CurrentClampStimulusSeries(name="stim_0", data=stim_pa, electrode=el, gain=1.0, rate=hz,
                                                conversion=1e-12, sweep_number=np.uint32(0),
                                                stimulus_description="Long Square"))
    nwb.add_acquisition(CurrentClampSeries(name="resp_0", data=v_mv, electrode=el, gain=0.02, rate=hz,
                                           conversion=1e-3, bias_current=-1e-12, bridge_balance=1.5e7,
                                           capacitance_compensation=0.0, sweep_number=np.uint32(0),
                                           stimulus_description="Long Square"))
    m = 800
    vstim = square(m, [(100, 200, -0.005), (300, 600, 0.01)])  # volts, float64
    iresp = vstim / 2e8 + 1e-11 * np.sin(np.arange(m) / 5.0)
    nwb.add_stimulus(VoltageClampStimulusSeries(name="stim_1", data=vstim, electrode=el, gain=1.0, rate=25000.0,
                                                sweep_number=np.uint32(1), stimulus_description="Vclamp"))
    nwb.add_acquisition(VoltageClampSeries(name="resp_1", data=iresp, electrode=el, gain=0.5, rate=25000.0,
                                           sweep_number=np.uint32(1), stimulus_description="Vclamp"))
    k = 500
    nwb.add_stimulus(CurrentClampStimulusSeries(name="stim_5", data=np.zeros(k), electrode=el, gain=1.0, rate=hz,
                                                sweep_number=np.uint32(5), stimulus_description="Zero"))
    nwb.add_acquisition(IZeroClampSeries(name="resp_5", data=-0.07 + 1e-4 * np.cos(np.arange(k) / 9.0),
                                         electrode=el, gain=0.02, rate=hz, sweep_number=np.uint32(5),
                                         stimulus_description="Zero"))
    with NWBHDF5IO(str(path), "w") as io:
        io.write(nwb, cache_spec=False)  # keeps the fixture small; the reader has the core types built in


def unit_name(u: str) -> str:
    if u in ("amperes", "A", "Amps", "amps"):
        return "Amps"
    if u in ("volts", "V", "Volts"):
        return "Volts"
    raise ValueError(u)


def describe_nwb2(path: Path) -> dict:
    from pynwb import NWBHDF5IO
    from pynwb.icephys import CurrentClampSeries, IZeroClampSeries, VoltageClampSeries

    out = {"sweep_numbers": [], "sweeps": {}}
    with NWBHDF5IO(str(path), "r") as io:
        nwb = io.read()
        by = {}
        for s in list(nwb.acquisition.values()) + list(nwb.stimulus.values()):
            by.setdefault(int(s.sweep_number), []).append(s)
        for n in sorted(by):
            resp = [s for s in by[n] if isinstance(s, (CurrentClampSeries, VoltageClampSeries, IZeroClampSeries))]
            stim = [s for s in by[n] if s not in resp]
            assert len(resp) == 1 and len(stim) == 1
            r, st = resp[0], stim[0]
            stimulus = np.asarray(st.data[:], dtype=np.float64) * float(st.conversion)
            response = np.asarray(r.data[:], dtype=np.float64) * float(r.conversion)
            di = np.flatnonzero(np.diff(stimulus))
            start = int(di[1] + 1) if len(di) >= 2 else 0
            finite = np.flatnonzero(np.isfinite(response))
            stop = int(finite[-1]) if len(finite) else -1
            meta = {"stimulus_description": r.stimulus_description, "sweep_number": n, "gain": float(r.gain),
                    "clamp_mode": "VoltageClamp" if isinstance(r, VoltageClampSeries) else "CurrentClamp"}
            if isinstance(r, CurrentClampSeries) and not isinstance(r, IZeroClampSeries):
                if r.bias_current is not None:
                    meta["bias_current"] = float(r.bias_current)
                if r.bridge_balance is not None:
                    meta["bridge_balance"] = float(r.bridge_balance)
            out["sweep_numbers"].append(n)
            out["sweeps"][str(n)] = {
                "stimulus": arr(stimulus), "response": arr(response),
                "stimulus_unit": unit_name(st.unit), "sampling_rate": float(st.rate),
                "index_range": [start, stop], "metadata": meta,
                "response_path": f"/acquisition/{r.name}", "stimulus_path": f"/stimulus/presentation/{st.name}",
            }
    return out


def features_nwb2(path: Path, sweep_number: int) -> dict:
    """allensdk's sweep extractor on an NWB 2 sweep prepared as extractor_for_nwb_sweeps prepares
    NWB 1 sweeps (v = response * 1e3, i = stimulus * 1e12, t = k / rate, window = dt * index_range),
    with the NaN padding after the last finite sample cut off (a Bessel filtfilt over NaN is NaN)."""
    from pynwb import NWBHDF5IO

    sweep = describe_nwb2(path)["sweeps"][str(sweep_number)]
    with NWBHDF5IO(str(path), "r") as io:
        nwb = io.read()
        r = [s for s in nwb.acquisition.values() if int(s.sweep_number) == sweep_number][0]
        st = [s for s in nwb.stimulus.values() if int(s.sweep_number) == sweep_number][0]
        stimulus = np.asarray(st.data[:], dtype=np.float64) * float(st.conversion)
        response = np.asarray(r.data[:], dtype=np.float64) * float(r.conversion)
    start_i, stop_i = sweep["index_range"]
    keep = int(np.flatnonzero(np.isfinite(response))[-1]) + 1  # drop the trailing NaN padding
    v = response[:keep] * 1e3
    i = stimulus[:keep] * 1e12
    dt = 1.0 / sweep["sampling_rate"]
    t = np.arange(0, len(v)) * dt
    s, e = dt * np.array([start_i, stop_i])
    ext = efex.EphysSweepSetFeatureExtractor([t], [v], [i], start=[s], end=[e], id_set=[sweep_number])
    return _sweep_outputs(ext.sweeps()[0])


def float32_means() -> list:
    """numpy's float32 ``mean`` (pairwise float32 sums) on x[k] = float32((k * 7919 % 1000) / 37 - 65)."""
    out = []
    for n in (1, 5, 7, 8, 9, 100, 127, 128, 129, 200, 1000, 5000, 8191, 8193, 20000, 50001):
        k = np.arange(n, dtype=np.int64)
        x = (((k * 7919) % 1000) / 37.0 - 65.0).astype(np.float32)
        out.append({"n": n, "mean": float(x.mean()), "slice_2_n": float(x[2:].mean()) if n > 2 else None})
    return out


def main() -> int:
    d = fixture_dir(PACKAGE) / OUT
    d.mkdir(parents=True, exist_ok=True)
    nwb1 = d / "cell_nwb1.nwb"
    build_nwb1(nwb1)
    nwb2 = d / "icephys_nwb2.nwb"
    build_nwb2(nwb2)
    glif = json.loads((fixture_dir(PACKAGE) / "glif" / "synthetic.json").read_text())
    golden = {
        "nwb1": describe_nwb1(nwb1),
        "nwb1_edits": edits(nwb1),
        "nwb2": describe_nwb2(nwb2),
        "features": {str(n): features(nwb1, n) for n in (2, 10)},
        "features_nwb2": {"0": features_nwb2(nwb2, 0)},
        "simulate": simulate(nwb1, glif["cases"][GLIF_CASE]["config"]),
        "float32_means": float32_means(),
    }
    js = d / "golden.json"
    write_json(js, golden)
    record(PACKAGE, [nwb1, nwb2, js], __file__, ["numpy", "h5py", "allensdk", "pynwb"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

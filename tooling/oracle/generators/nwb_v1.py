"""Write a small NWB 1.x file in the Allen Cell Types layout with h5py, and record what
allensdk 2.16.2 (NwbDataSet) and h5py read from it.

packages/nwb/test/fixtures/nwb1_celltypes.nwb: root datasets nwb_version/identifier/...,
fixed-length byte strings everywhere (as the Allen pipeline wrote them), two sweeps
(acquisition/timeseries/Sweep_N, stimulus/presentation/Sweep_N), epochs/Sweep_N with
stimulus/response members linking to the series, analysis/spike_times/Sweep_N,
general/generated_by, and a Brain-Observatory-like processing/brain_observatory_pipeline
Fluorescence trace.

packages/nwb/test/fixtures/nwb1_celltypes.json:
  allensdk: {sweep_numbers, sweeps{N: get_sweep(N) without arrays but with their lengths and
             first/last values, metadata: get_sweep_metadata(N)}, spike_times{N}, pipeline_version}
  series{path: {ancestry, neurodata_type, description, comments, source, unit, conversion,
                resolution, starting_time, rate, num_samples, data}}
  epochs{name: {start_time, stop_time, description, tags, timeseries{m: {idx_start, count, path}}}}
  generated_by: [flat list]
"""

from __future__ import annotations

import sys
from pathlib import Path

import h5py
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, write_json  # noqa: E402

NAME = "nwb1_celltypes"


def fs(s: str) -> np.bytes_:
    return np.bytes_(s.encode("utf-8"))


def fs_array(items: list[str]) -> np.ndarray:
    return np.array([x.encode("utf-8") for x in items])


def series(g: h5py.Group, ancestry: list[str], data: np.ndarray, unit: str, rate: float, conversion: float,
           resolution: float, extras: dict) -> None:
    g.attrs["ancestry"] = fs_array(ancestry)
    g.attrs["neurodata_type"] = fs("TimeSeries")
    g.attrs["source"] = fs("oracle generator")
    g.attrs["description"] = fs(f"{ancestry[-1]} sweep")
    g.attrs["comments"] = fs("")
    g.attrs["help"] = fs("General time series object")
    d = g.create_dataset("data", data=data)
    d.attrs["conversion"] = np.float32(conversion)
    d.attrs["resolution"] = np.float32(resolution)
    d.attrs["unit"] = fs(unit)
    st = g.create_dataset("starting_time", data=0.0)
    st.attrs["rate"] = np.float32(rate)
    st.attrs["unit"] = fs("Seconds")
    g.create_dataset("num_samples", data=np.int32(len(data)))
    for k, v in extras.items():
        if isinstance(v, str):
            g.create_dataset(k, data=fs(v))
        else:
            g.create_dataset(k, data=v)


def build(path: Path) -> None:
    rng = np.random.default_rng(11)
    with h5py.File(path, "w") as f:
        f.create_dataset("nwb_version", data=fs("NWB-1.0.5"))
        f.create_dataset("identifier", data=fs("oracle-nwb1-0001"))
        f.create_dataset("session_description", data=fs("NWB 1 oracle fixture"))
        f.create_dataset("session_start_time", data=fs("2017-03-14T15:09:26.535897"))
        f.create_dataset("file_create_date", data=fs_array(["2017-03-15T10:00:00"]))
        for grp in ("acquisition/timeseries", "acquisition/images", "stimulus/presentation", "stimulus/templates",
                    "epochs", "processing", "analysis/spike_times", "general"):
            f.require_group(grp)
        f["general"].create_dataset("generated_by", data=fs_array(["pipeline", "ivscc", "version", "1.2.3"]))
        f["general"].create_dataset("session_type", data=fs("patch clamp"))
        rate = 50000.0
        offset = 0
        for sweep, (n, amp) in {4: (30, 100.0), 5: (24, -50.0)}.items():
            stim = np.zeros(n, dtype=np.float32)
            stim[5:15] = amp
            resp = (rng.normal(size=n) * 2.0 - 70.0).astype(np.float32)
            series(f.require_group(f"acquisition/timeseries/Sweep_{sweep}"),
                   ["TimeSeries", "PatchClampSeries", "CurrentClampSeries"], resp, "Volts", rate, 0.001, 1e-6,
                   {"gain": np.float32(0.05), "bias_current": np.float32(0.0), "bridge_balance": np.float32(1e7),
                    "capacitance_compensation": np.float32(0.0), "electrode_name": "Electrode 0"})
            series(f.require_group(f"stimulus/presentation/Sweep_{sweep}"),
                   ["TimeSeries", "PatchClampSeries", "CurrentClampStimulusSeries"], stim, "Amps", rate, 1e-12,
                   1e-15,
                   {"aibs_stimulus_amplitude_pa": np.float32(amp), "aibs_stimulus_name": "Long Square",
                    "gain": np.float32(1.0), "initial_access_resistance": np.float32(12.5), "seal": np.float32(1.5)})
            ep = f.require_group(f"epochs/Sweep_{sweep}")
            ep.create_dataset("start_time", data=offset / rate)
            ep.create_dataset("stop_time", data=(offset + n) / rate)
            ep.create_dataset("description", data=fs(f"sweep {sweep}"))
            ep.create_dataset("tags", data=fs_array(["sweep"]))
            ep.attrs["ancestry"] = fs_array(["Epoch"])
            ep.attrs["neurodata_type"] = fs("Epoch")
            for member, src in (("stimulus", "stimulus/presentation"), ("response", "acquisition/timeseries")):
                m = ep.require_group(member)
                m.create_dataset("idx_start", data=np.int32(0))
                m.create_dataset("count", data=np.int32(n))
                m["timeseries"] = h5py.SoftLink(f"/{src}/Sweep_{sweep}")
            offset += n
        spikes = f["analysis/spike_times"]
        spikes.create_dataset("Sweep_4", data=np.array([0.0001, 0.00022, 0.0004]))
        spikes.create_dataset("Sweep_5", data=np.zeros(0))
        bo = f.require_group("processing/brain_observatory_pipeline/Fluorescence/imaging_plane_1")
        bo.create_dataset("data", data=np.arange(12, dtype=np.float32).reshape(2, 6) / 4)
        bo.create_dataset("timestamps", data=np.arange(6) / 30.0)
        bo.create_dataset("roi_names", data=fs_array(["101", "102"]))
        bo.attrs["ancestry"] = fs_array(["TimeSeries", "RoiResponseSeries"])
        bo.attrs["neurodata_type"] = fs("TimeSeries")
        bo["data"].attrs["unit"] = fs("None")
        bo["data"].attrs["conversion"] = np.float32(1.0)
        bo["data"].attrs["resolution"] = np.float32(np.nan)


def py(v):
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, bytes):
        return v.decode("utf-8")
    return v


def describe(path: Path) -> dict:
    from allensdk.core.nwb_data_set import NwbDataSet

    ds = NwbDataSet(str(path))
    sweeps = {}
    for n in ds.get_sweep_numbers():
        s = ds.get_sweep(n)
        sweeps[str(n)] = {
            "stimulus": s["stimulus"].tolist(),
            "response": s["response"].tolist(),
            "index_range": [int(x) for x in s["index_range"]],
            "sampling_rate": float(s["sampling_rate"]),
            "stimulus_unit": s["stimulus_unit"],
            "metadata": {k: py(v) for k, v in ds.get_sweep_metadata(n).items()},
        }
    out = {
        "allensdk": {
            "sweep_numbers": sorted(int(x) for x in ds.get_sweep_numbers()),
            "sweeps": sweeps,
            "spike_times": {str(n): ds.get_spike_times(n).tolist() for n in ds.get_sweep_numbers()},
            "pipeline_version": ds.get_pipeline_version(),
        }
    }
    series_out, epochs = {}, {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Group) and "ancestry" in obj.attrs and "data" in obj:
                e = {"ancestry": [py(x) for x in obj.attrs["ancestry"]],
                     "neurodata_type": py(obj.attrs["neurodata_type"]),
                     "description": py(obj.attrs.get("description")),
                     "comments": py(obj.attrs.get("comments")),
                     "source": py(obj.attrs.get("source")),
                     "unit": py(obj["data"].attrs.get("unit")),
                     "conversion": py(obj["data"].attrs.get("conversion")),
                     "resolution": py(obj["data"].attrs.get("resolution")),
                     "data": py(obj["data"][()])}
                if "starting_time" in obj:
                    e["starting_time"] = py(obj["starting_time"][()])
                    e["rate"] = py(obj["starting_time"].attrs["rate"])
                if "timestamps" in obj:
                    e["timestamps"] = py(obj["timestamps"][()])
                if "num_samples" in obj:
                    e["num_samples"] = py(obj["num_samples"][()])
                series_out["/" + name] = e
        f.visititems(visit)
        for name, ep in f["epochs"].items():
            members = {}
            for m, g in ep.items():
                if isinstance(g, h5py.Group):
                    members[m] = {"idx_start": py(g["idx_start"][()]), "count": py(g["count"][()]),
                                  "path": g.get("timeseries", getlink=True).path}
            epochs[name] = {"start_time": py(ep["start_time"][()]), "stop_time": py(ep["stop_time"][()]),
                            "description": py(ep["description"][()]), "tags": [py(x) for x in ep["tags"][()]],
                            "timeseries": members}
        generated_by = [py(x) for x in f["general/generated_by"][()]]
    out.update({"series": series_out, "epochs": epochs, "generated_by": generated_by})
    return out


def main() -> int:
    d = fixture_dir("nwb")
    nwb = d / f"{NAME}.nwb"
    build(nwb)
    js = d / f"{NAME}.json"
    write_json(js, describe(nwb))
    record("nwb", [nwb, js], __file__, ["numpy", "h5py", "allensdk"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

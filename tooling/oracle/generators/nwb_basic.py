"""Write packages/nwb/test/fixtures/basic.nwb (+ basic.json with the expected values).

The NWB file is written with pynwb and is byte-for-byte deterministic:
object_ids come from a seeded UUID generator (``uuid.uuid4`` and hdmf's
imported alias are patched before any container is built), the identifier,
session_start_time and file_create_date are fixed, and h5py does not record
object timestamps by default.

basic.json is produced by reading basic.nwb back (h5py for the HDF5 paths,
pynwb for the decoded values), and cross-checked against the inputs, so it
describes what is really in the file. Layout:

  file, nwb_version, root            file-level attributes/metadata
  objects[]                          every HDF5 object carrying a neurodata_type:
                                     path, kind (group|dataset), neurodata_type,
                                     namespace, object_id
  timeseries{path: ...}              every TimeSeries (incl. TwoPhotonSeries and
                                     RoiResponseSeries): neurodata_type, data,
                                     dtype, shape, unit, conversion, resolution,
                                     offset, and either timestamps or
                                     starting_time + rate (+ rois / imaging_plane)
  imaging_plane, optical_channel, device, plane_segmentation, units
"""

from __future__ import annotations

import random
import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path

import h5py
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, write_json  # noqa: E402

PACKAGE = "nwb"
NWB_NAME = "basic.nwb"
JSON_NAME = "basic.json"
SEED = 20240101


# --- deterministic object ids -------------------------------------------------
_rng = random.Random(SEED)


def _seeded_uuid4() -> uuid.UUID:
    return uuid.UUID(int=_rng.getrandbits(128), version=4)


uuid.uuid4 = _seeded_uuid4  # before pynwb/hdmf build any container

import hdmf.container  # noqa: E402

hdmf.container.uuid4 = _seeded_uuid4  # hdmf does `from uuid import uuid4`

from hdmf.common import DynamicTableRegion  # noqa: E402,F401
from pynwb import NWBHDF5IO, NWBFile, TimeSeries  # noqa: E402
from pynwb.file import Subject  # noqa: E402
from pynwb.ophys import (  # noqa: E402
    Fluorescence,
    ImageSegmentation,
    OpticalChannel,
    RoiResponseSeries,
    TwoPhotonSeries,
)

SESSION_START = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
FILE_CREATE = datetime(2024, 1, 2, 4, 0, 0, tzinfo=timezone.utc)

# --- deterministic inputs -----------------------------------------------------
# TimeSeries 1: irregular timestamps, int16 data scaled by conversion.
TS1_TIMESTAMPS = np.array([0.0, 0.1, 0.25, 0.3, 0.45, 0.5, 0.7, 0.75, 0.9, 1.05], dtype=np.float64)
TS1_DATA = np.array([0, 100, -200, 300, -400, 500, -600, 700, -800, 32767], dtype=np.int16)
# TimeSeries 2: regular sampling, 2 channels of float32.
TS2_DATA = (np.arange(20, dtype=np.float32).reshape(10, 2) * np.float32(0.5) - np.float32(2.0))
TS2_STARTING_TIME = 1.5
TS2_RATE = 20.0
# Two-photon movie: 10 frames of 8x8 uint16 (time must be the longest axis,
# or nwbinspector's check_data_orientation reports CRITICAL).
TPS_DATA = (np.arange(10 * 8 * 8, dtype=np.uint32).reshape(10, 8, 8) * 37 % 65536).astype(np.uint16)
TPS_RATE = 30.0
# ROI masks: 3 x 8 x 8 float32 weights.
ROI_MASKS = np.zeros((3, 8, 8), dtype=np.float32)
ROI_MASKS[0, 1:3, 1:3] = 1.0
ROI_MASKS[1, 4:7, 2:5] = 0.5
ROI_MASKS[1, 5, 3] = 1.0
ROI_MASKS[2, 0:8, 7] = 0.25
# ROI traces: 10 frames x 3 ROIs.
RRS_DATA = (np.arange(30, dtype=np.float32).reshape(10, 3) / np.float32(4.0)) + np.float32(1.0)
RRS_ROIS = [0, 1, 2]
# Units: ragged spike times and observation intervals.
SPIKE_TIMES = [
    [0.1, 0.2, 0.35, 0.8],
    [0.05],
    [0.3, 0.31, 0.32, 0.9, 1.0, 1.01],
]
OBS_INTERVALS = [
    [[0.0, 1.1]],
    [[0.0, 0.5], [0.6, 1.1]],
    [[0.25, 1.1]],
]


def build() -> NWBFile:
    nwbfile = NWBFile(
        session_description="oracle fixture: basic acquisition, ophys and units",
        identifier="oracle-basic-0001",
        session_start_time=SESSION_START,
        file_create_date=[FILE_CREATE],
        experimenter=["Doe, Jane"],
        lab="Oracle Lab",
        institution="Oracle Institute",
        session_id="basic-0001",
        experiment_description="fixture written by tooling/oracle/generators/nwb_basic.py",
        keywords=["oracle", "fixture"],
    )
    nwbfile.subject = Subject(
        subject_id="mouse-001",
        species="Mus musculus",
        sex="M",
        age="P90D",
        description="fixture subject",
    )

    # --- acquisition ---
    nwbfile.add_acquisition(
        TimeSeries(
            name="ts_timestamps",
            description="int16 samples at irregular timestamps",
            data=TS1_DATA,
            unit="volts",
            conversion=2.5e-6,
            resolution=1e-6,
            timestamps=TS1_TIMESTAMPS,
        )
    )
    nwbfile.add_acquisition(
        TimeSeries(
            name="ts_rate",
            description="two float32 channels, regular sampling",
            data=TS2_DATA,
            unit="m/s",
            conversion=1.0,
            resolution=0.01,
            starting_time=TS2_STARTING_TIME,
            rate=TS2_RATE,
        )
    )

    # --- ophys setup ---
    device = nwbfile.create_device(
        name="Microscope", description="2-photon microscope", manufacturer="Oracle Optics"
    )
    optical_channel = OpticalChannel(name="OpticalChannel", description="green channel", emission_lambda=510.0)
    imaging_plane = nwbfile.create_imaging_plane(
        name="ImagingPlane",
        optical_channel=optical_channel,
        description="8x8 test plane",
        device=device,
        excitation_lambda=920.0,
        imaging_rate=TPS_RATE,
        indicator="GCaMP6f",
        location="VISp",
        grid_spacing=[0.002, 0.002],
        grid_spacing_unit="meters",
        origin_coords=[0.0, 0.0],
        origin_coords_unit="meters",
    )
    nwbfile.add_acquisition(
        TwoPhotonSeries(
            name="TwoPhotonSeries",
            description="10 frames of 8x8 uint16",
            imaging_plane=imaging_plane,
            data=TPS_DATA,
            unit="a.u.",
            rate=TPS_RATE,
            starting_time=0.0,
            dimension=[8, 8],
            field_of_view=[0.016, 0.016],
        )
    )

    ophys = nwbfile.create_processing_module(name="ophys", description="optical physiology processed data")
    img_seg = ImageSegmentation(name="ImageSegmentation")
    ophys.add(img_seg)
    ps = img_seg.create_plane_segmentation(
        name="PlaneSegmentation",
        description="3 hand-made ROIs",
        imaging_plane=imaging_plane,
        reference_images=[],
    )
    for mask in ROI_MASKS:
        ps.add_roi(image_mask=mask)
    rois = ps.create_roi_table_region(region=RRS_ROIS, description="all three ROIs")
    fluo = Fluorescence(name="Fluorescence")
    ophys.add(fluo)
    fluo.create_roi_response_series(
        name="RoiResponseSeries",
        description="dF/F-like traces",
        data=RRS_DATA,
        rois=rois,
        unit="n.a.",
        rate=TPS_RATE,
        starting_time=0.0,
    )

    # --- units ---
    nwbfile.add_unit_column(name="quality", description="sorting quality label")
    for st, oi, q in zip(SPIKE_TIMES, OBS_INTERVALS, ["good", "mua", "good"]):
        nwbfile.add_unit(spike_times=st, obs_intervals=oi, quality=q)
    return nwbfile


# --- reading back -------------------------------------------------------------
def _attr(v):
    if isinstance(v, bytes):
        return v.decode("utf-8")
    if isinstance(v, np.ndarray):
        return [_attr(x) for x in v.tolist()] if v.dtype.kind in "SO" else v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    return v


def _walk_typed(h5: h5py.File) -> list[dict]:
    out = []

    def visit(name, obj):
        nt = obj.attrs.get("neurodata_type")
        if nt is None:
            return
        out.append(
            {
                "path": "/" + name,
                "kind": "group" if isinstance(obj, h5py.Group) else "dataset",
                "neurodata_type": _attr(nt),
                "namespace": _attr(obj.attrs.get("namespace")),
                "object_id": _attr(obj.attrs.get("object_id")),
            }
        )

    root = {
        "path": "/",
        "kind": "group",
        "neurodata_type": _attr(h5.attrs["neurodata_type"]),
        "namespace": _attr(h5.attrs["namespace"]),
        "object_id": _attr(h5.attrs["object_id"]),
    }
    h5.visititems(visit)
    return [root] + sorted(out, key=lambda o: o["path"])


def _arr(x) -> np.ndarray:
    return np.asarray(x[()] if hasattr(x, "shape") and not isinstance(x, np.ndarray) else x)


def _timeseries_entry(ts, paths_by_id) -> dict:
    data = _arr(ts.data)
    e = {
        "path": paths_by_id[ts.object_id],
        "neurodata_type": ts.neurodata_type,
        "name": ts.name,
        "description": ts.description,
        "unit": ts.unit,
        "conversion": float(ts.conversion),
        "resolution": float(ts.resolution),
        "offset": float(ts.offset),
        "dtype": str(data.dtype),
        "shape": list(data.shape),
        "data": data,
    }
    if ts.timestamps is not None:
        e["timestamps"] = _arr(ts.timestamps)
        e["timestamps_unit"] = ts.timestamps_unit
        e["interval"] = ts.interval
    else:
        e["starting_time"] = float(ts.starting_time)
        e["rate"] = float(ts.rate)
        e["starting_time_unit"] = ts.starting_time_unit
    if ts.neurodata_type == "TwoPhotonSeries":
        e["imaging_plane"] = paths_by_id[ts.imaging_plane.object_id]
        e["dimension"] = _arr(ts.dimension)
        e["field_of_view"] = _arr(ts.field_of_view)
    if ts.neurodata_type == "RoiResponseSeries":
        e["rois"] = {
            "table": paths_by_id[ts.rois.table.object_id],
            "indices": _arr(ts.rois.data),
            "description": ts.rois.description,
        }
    return e


def describe(nwb_path: Path) -> dict:
    with h5py.File(nwb_path, "r") as h5:
        objects = _walk_typed(h5)
        nwb_version = _attr(h5.attrs["nwb_version"])
        units_h5 = h5["/units"]
        units_raw = {
            "spike_times": units_h5["spike_times"][()],
            "spike_times_index": units_h5["spike_times_index"][()],
            "obs_intervals": units_h5["obs_intervals"][()],
            "obs_intervals_index": units_h5["obs_intervals_index"][()],
        }
    paths_by_id = {o["object_id"]: o["path"] for o in objects}

    with NWBHDF5IO(str(nwb_path), "r", load_namespaces=True) as io:
        nwb = io.read()
        ts_all = {}
        for obj in nwb.objects.values():
            if isinstance(obj, TimeSeries):
                ts_all[paths_by_id[obj.object_id]] = _timeseries_entry(obj, paths_by_id)

        ip = nwb.imaging_planes["ImagingPlane"]
        oc = ip.optical_channel[0]
        dev = nwb.devices["Microscope"]
        ps = nwb.processing["ophys"]["ImageSegmentation"]["PlaneSegmentation"]
        units = nwb.units
        n_units = len(units)

        out = {
            "file": nwb_path.name,
            "nwb_version": nwb_version,
            "root": {
                "identifier": nwb.identifier,
                "session_description": nwb.session_description,
                "session_start_time": nwb.session_start_time.isoformat(),
                "timestamps_reference_time": nwb.timestamps_reference_time.isoformat(),
                "file_create_date": [d.isoformat() for d in nwb.file_create_date],
                "experimenter": list(nwb.experimenter),
                "lab": nwb.lab,
                "institution": nwb.institution,
                "session_id": nwb.session_id,
                "experiment_description": nwb.experiment_description,
                "keywords": [str(k) for k in _arr(nwb.keywords)],
                "subject": {
                    "path": paths_by_id[nwb.subject.object_id],
                    "subject_id": nwb.subject.subject_id,
                    "species": nwb.subject.species,
                    "sex": nwb.subject.sex,
                    "age": nwb.subject.age,
                    "description": nwb.subject.description,
                },
            },
            "objects": objects,
            "timeseries": {k: ts_all[k] for k in sorted(ts_all)},
            "device": {
                "path": paths_by_id[dev.object_id],
                "description": dev.description,
                "manufacturer": dev.manufacturer,
            },
            "optical_channel": {
                "path": paths_by_id[ip.object_id] + "/" + oc.name,
                "description": oc.description,
                "emission_lambda": float(oc.emission_lambda),
            },
            "imaging_plane": {
                "path": paths_by_id[ip.object_id],
                "description": ip.description,
                "device": paths_by_id[ip.device.object_id],
                "excitation_lambda": float(ip.excitation_lambda),
                "imaging_rate": float(ip.imaging_rate),
                "indicator": ip.indicator,
                "location": ip.location,
                "grid_spacing": _arr(ip.grid_spacing),
                "grid_spacing_unit": ip.grid_spacing_unit,
                "origin_coords": _arr(ip.origin_coords),
                "origin_coords_unit": ip.origin_coords_unit,
            },
            "plane_segmentation": {
                "path": paths_by_id[ps.object_id],
                "description": ps.description,
                "imaging_plane": paths_by_id[ps.imaging_plane.object_id],
                "colnames": list(ps.colnames),
                "ids": _arr(ps.id.data),
                "image_mask": _arr(ps["image_mask"].data),
            },
            "units": {
                "path": paths_by_id[units.object_id],
                "description": units.description,
                "colnames": list(units.colnames),
                "ids": _arr(units.id.data),
                "spike_times": [_arr(units["spike_times"][i]) for i in range(n_units)],
                "obs_intervals": [_arr(units["obs_intervals"][i]) for i in range(n_units)],
                "quality": [units["quality"][i] for i in range(n_units)],
                "raw": units_raw,
            },
        }
    return out


def check(desc: dict) -> None:
    """Cross-check what was read back against the inputs."""
    ts = desc["timeseries"]
    a = ts["/acquisition/ts_timestamps"]
    assert np.array_equal(a["data"], TS1_DATA) and np.array_equal(a["timestamps"], TS1_TIMESTAMPS)
    b = ts["/acquisition/ts_rate"]
    assert np.array_equal(b["data"], TS2_DATA) and b["rate"] == TS2_RATE
    assert np.array_equal(ts["/acquisition/TwoPhotonSeries"]["data"], TPS_DATA)
    r = ts["/processing/ophys/Fluorescence/RoiResponseSeries"]
    assert np.array_equal(r["data"], RRS_DATA) and list(r["rois"]["indices"]) == RRS_ROIS
    assert r["rois"]["table"] == desc["plane_segmentation"]["path"]
    assert np.array_equal(desc["plane_segmentation"]["image_mask"], ROI_MASKS)
    u = desc["units"]
    for got, want in zip(u["spike_times"], SPIKE_TIMES):
        assert np.array_equal(got, want), (got, want)
    for got, want in zip(u["obs_intervals"], OBS_INTERVALS):
        assert np.array_equal(got, want), (got, want)


def main() -> int:
    out_dir = fixture_dir(PACKAGE)
    nwb_path = out_dir / NWB_NAME
    json_path = out_dir / JSON_NAME

    nwbfile = build()
    tmp = nwb_path.with_name(".tmp-" + NWB_NAME)
    if tmp.exists():
        tmp.unlink()
    with NWBHDF5IO(str(tmp), "w") as io:
        io.write(nwbfile)
    tmp.replace(nwb_path)

    desc = describe(nwb_path)
    check(desc)
    write_json(json_path, desc)

    for p in (nwb_path, json_path):
        size = p.stat().st_size
        assert size < 1_000_000, f"{p} is {size} bytes"
    record(PACKAGE, [nwb_path, json_path], __file__, ["numpy", "h5py", "hdmf", "pynwb"])
    print(f"wrote {nwb_path} and {json_path} (NWB schema {desc['nwb_version']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

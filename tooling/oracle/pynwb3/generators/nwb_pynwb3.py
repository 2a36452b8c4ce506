"""Fixture: a file as pynwb 3.x writes it (NWB core 2.9.0), for the reader's pynwb 3 test.

Run by the pynwb 3 venv (``tooling/oracle/pynwb3/.venv``; ``bash tooling/oracle/run.sh`` does so).
Writes ``packages/nwb/test/fixtures/pynwb3.nwb`` + ``pynwb3.json`` (the generic dump of
``_nwb_dump.py``, read back with pynwb 3) with the modality objects and what schema 2.8/2.9
changed: DeviceModel (Device.model link), the typed ElectrodesTable, DecompositionSeries with a
FrequencyBandsTable, NWBFile.was_generated_by, Device.serial_number (pynwb 3.1 has no
ExternalImage class, so that 2.9 type is not written).
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "generators"))

from _common import fixture_dir, record, write_json  # noqa: E402
from _nwb_dump import dump, seed_ids  # noqa: E402  (patches uuid4 before containers exist)

import numpy as np  # noqa: E402
from pynwb import NWBHDF5IO, NWBFile, TimeSeries  # noqa: E402
from pynwb.base import Images  # noqa: E402
from pynwb.behavior import Position, SpatialSeries  # noqa: E402
from pynwb.device import DeviceModel  # noqa: E402
from pynwb.ecephys import ElectricalSeries  # noqa: E402
from pynwb.file import Subject  # noqa: E402
from pynwb.icephys import CurrentClampSeries, CurrentClampStimulusSeries  # noqa: E402
from pynwb.image import GrayscaleImage  # noqa: E402
from pynwb.misc import DecompositionSeries, FrequencyBandsTable  # noqa: E402
from pynwb.ophys import Fluorescence, ImageSegmentation, OpticalChannel, RoiResponseSeries  # noqa: E402

PACKAGE = "nwb"
NAME = "pynwb3"


def build() -> NWBFile:
    seed_ids(3003)
    f = NWBFile(
        session_description="oracle fixture: pynwb 3",
        identifier="oracle-pynwb3-0001",
        session_start_time=datetime(2025, 7, 1, 9, 30, 0, tzinfo=timezone.utc),
        file_create_date=[datetime(2025, 7, 1, 12, 0, 0, tzinfo=timezone.utc)],
        experimenter=["Doe, Jane"],
        lab="Oracle Lab",
        institution="Oracle Institute",
        was_generated_by=[["nwb_pynwb3.py", "1.0"]],
    )
    f.subject = Subject(subject_id="m3", species="Mus musculus", sex="M", age="P90D",
                        description="fixture subject")
    rng = np.random.default_rng(33)

    # devices: schema 2.9 DeviceModel + Device.model link
    model = DeviceModel(name="Probe Model X", manufacturer="Oracle Probes", model_number="X-1",
                        description="a probe model")
    f.add_device_model(model)
    probe = f.create_device(name="Probe", description="probe instance", serial_number="SN-42", model=model)

    # plain TimeSeries
    f.add_acquisition(TimeSeries(name="speed", data=rng.normal(size=20), unit="m/s",
                                 timestamps=np.arange(20) / 10.0, description="running speed"))

    # ecephys: the typed ElectrodesTable, ElectricalSeries, DecompositionSeries + FrequencyBandsTable
    g = f.create_electrode_group(name="shank0", description="shank 0", location="CA1", device=probe)
    for i in range(4):
        f.add_electrode(location="CA1", group=g, x=float(i), y=0.0, z=-float(i))
    region = f.create_electrode_table_region(region=[0, 1, 2, 3], description="all")
    f.add_acquisition(ElectricalSeries(name="ElectricalSeries", electrodes=region, rate=1000.0,
                                       data=rng.integers(-100, 100, size=(30, 4)).astype(np.int16)))
    ecephys = f.create_processing_module(name="ecephys", description="processed ecephys")
    bands = FrequencyBandsTable()
    bands.add_band(band_name="theta", band_limits=[4.0, 8.0], band_mean=6.0, band_stdev=1.0)
    bands.add_band(band_name="gamma", band_limits=[30.0, 80.0], band_mean=55.0, band_stdev=5.0)
    ecephys.add(DecompositionSeries(name="decomposition", data=rng.normal(size=(10, 4, 2)),
                                    metric="amplitude", rate=100.0, bands=bands, description="bands"))
    f.add_unit(spike_times=[0.1, 0.25, 0.9], obs_intervals=[[0.0, 1.0]])
    f.add_unit(spike_times=[0.4], obs_intervals=[[0.0, 1.0]])
    f.add_unit(spike_times=[0.05, 0.5, 0.6, 0.95], obs_intervals=[[0.0, 1.0]])

    # ophys
    oc = OpticalChannel(name="green", description="green", emission_lambda=520.0)
    plane = f.create_imaging_plane(name="plane0", optical_channel=oc, description="plane", device=probe,
                                   excitation_lambda=920.0, indicator="GCaMP6f", location="V1",
                                   imaging_rate=30.0)
    seg = ImageSegmentation()
    ps = seg.create_plane_segmentation(name="rois", description="rois", imaging_plane=plane)
    for k in range(3):
        mask = np.zeros((6, 6), dtype=np.float32)
        mask[k:k + 2, k:k + 3] = 1.0
        ps.add_roi(image_mask=mask)
    ophys = f.create_processing_module(name="ophys", description="processed ophys")
    ophys.add(seg)
    rr = ps.create_roi_table_region(region=[0, 1, 2], description="all rois")
    ophys.add(Fluorescence(roi_response_series=RoiResponseSeries(
        name="rrs", data=rng.normal(size=(15, 3)).astype(np.float32), rois=rr, unit="lumens", rate=30.0)))
    ophys.add(Images(name="summary", description="summary images", images=[
        GrayscaleImage(name="mean", data=rng.integers(0, 255, size=(6, 6)).astype(np.uint8)),
    ]))

    # icephys: recordings table
    elec = f.create_icephys_electrode(name="elec0", description="patch", device=probe)
    stim = CurrentClampStimulusSeries(name="stim", data=np.linspace(0, 1, 12), starting_time=0.0, rate=1000.0,
                                      electrode=elec, gain=1.0, sweep_number=np.uint64(1))
    resp = CurrentClampSeries(name="resp", data=rng.normal(size=12), starting_time=0.0, rate=1000.0,
                              electrode=elec, gain=0.5, sweep_number=np.uint64(1))
    f.add_intracellular_recording(electrode=elec, stimulus=stim, response=resp, id=10)

    # behavior
    beh = f.create_processing_module(name="behavior", description="behavior")
    beh.add(Position(spatial_series=SpatialSeries(name="pos", data=rng.normal(size=(12, 2)),
                                                  reference_frame="arena corner", timestamps=np.arange(12) / 4.0)))

    # a custom epoch column on top
    f.add_epoch(start_time=0.0, stop_time=1.0, tags=["a"])
    f.add_epoch(start_time=1.0, stop_time=2.5, tags=["b", "c"])
    f.add_trial_column(name="correct", description="was it right")
    f.add_trial(start_time=0.0, stop_time=0.5, correct=True)
    f.add_trial(start_time=0.5, stop_time=1.0, correct=False)
    f.add_scratch(np.array([1, 2, 3], dtype=np.int32), name="notes_col", description="scratch data")
    return f


def main() -> int:
    out_dir = fixture_dir(PACKAGE)
    nwb_path = out_dir / f"{NAME}.nwb"
    tmp = nwb_path.with_name(f".tmp-{NAME}.nwb")
    if tmp.exists():
        tmp.unlink()
    with NWBHDF5IO(str(tmp), "w") as io:
        io.write(build())
    tmp.replace(nwb_path)
    desc = dump(nwb_path)
    desc["file"] = nwb_path.name
    json_path = out_dir / f"{NAME}.json"
    write_json(json_path, desc)
    for p in (nwb_path, json_path):
        assert p.stat().st_size < 500_000, f"{p} is too big"
    record(PACKAGE, [nwb_path, json_path], __file__, ["numpy", "h5py", "hdmf", "pynwb"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

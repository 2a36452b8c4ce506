"""Write one small NWB file per modality with pynwb, plus a JSON of what pynwb reads back.

packages/nwb/test/fixtures/<name>.nwb and <name>.json for name in
  ecephys    electrodes table (refs, custom column), ElectricalSeries (gzip, channel_conversion,
             offset), LFP, SpikeEventSeries, Units (ragged spike_times, obs_intervals, ragged
             electrodes region, electrode_group refs, waveform_mean, doubly ragged waveforms),
             a TimeSeries whose timestamps link to another series
  icephys    IntracellularElectrode, Current/VoltageClamp(+Stimulus)Series, IZeroClampSeries,
             intracellular_recordings + simultaneous/sequential/repetitions/conditions tables
  behavior   SpatialSeries in Position/EyeTracking/CompassDirection, BehavioralEvents,
             BehavioralTimeSeries, BehavioralEpochs (IntervalSeries), PupilTracking; epochs with
             tags and timeseries references, trials with custom columns, invalid_times, a custom
             TimeIntervals
  ophys      OnePhotonSeries, ImageSeries with external_file, MotionCorrection/CorrectedImageStack,
             PlaneSegmentation with pixel_mask and voxel_mask, DfOverF, Images with
             GrayscaleImage/RGBImage
  extension  a tiny namespace ``ndx-oracle-test`` built here with NWBNamespaceBuilder:
             TetrodeSeries (ElectricalSeries + attribute trode_id) and LabMetaDataExt
             (LabMetaData + dataset tissue_preparation, attribute surgeon, link to a Device)

The JSON layout is described in _nwb_dump.py. Object ids come from seeded UUIDs and every time
value is fixed, so the files are deterministic.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, write_json  # noqa: E402
from _nwb_dump import dump, seed_ids  # noqa: E402

from hdmf.backends.hdf5 import H5DataIO  # noqa: E402
from pynwb import NWBHDF5IO, NWBFile, TimeSeries, get_class, load_namespaces  # noqa: E402
from pynwb.base import Images  # noqa: E402
from pynwb.behavior import (  # noqa: E402
    BehavioralEpochs,
    BehavioralEvents,
    BehavioralTimeSeries,
    CompassDirection,
    EyeTracking,
    Position,
    PupilTracking,
    SpatialSeries,
)
from pynwb.ecephys import LFP, ElectricalSeries, SpikeEventSeries  # noqa: E402
from pynwb.epoch import TimeIntervals  # noqa: E402
from pynwb.file import Subject  # noqa: E402
from pynwb.icephys import (  # noqa: E402
    CurrentClampSeries,
    CurrentClampStimulusSeries,
    IZeroClampSeries,
    VoltageClampSeries,
    VoltageClampStimulusSeries,
)
from pynwb.image import GrayscaleImage, ImageSeries, RGBImage  # noqa: E402
from pynwb.misc import IntervalSeries, Units  # noqa: E402
from pynwb.ophys import (  # noqa: E402
    CorrectedImageStack,
    DfOverF,
    ImageSegmentation,
    MotionCorrection,
    OnePhotonSeries,
    OpticalChannel,
)

PACKAGE = "nwb"
SESSION_START = datetime(2024, 3, 4, 5, 6, 7, tzinfo=timezone.utc)
FILE_CREATE = datetime(2024, 3, 4, 6, 0, 0, tzinfo=timezone.utc)


def new_file(name: str, seed: int) -> NWBFile:
    seed_ids(seed)
    f = NWBFile(
        session_description=f"oracle fixture: {name}",
        identifier=f"oracle-{name}-0001",
        session_start_time=SESSION_START,
        file_create_date=[FILE_CREATE],
        experimenter=["Doe, Jane", "Roe, Richard"],
        lab="Oracle Lab",
        institution="Oracle Institute",
        related_publications=["doi:10.0000/oracle"],
        notes="written by nwb_modalities.py",
        pharmacology="none given",
        protocol="P-1",
        surgery="none",
        virus="none",
        stimulus_notes="stim notes",
        data_collection="collected in tests",
    )
    f.subject = Subject(
        subject_id=f"subject-{name}",
        species="Mus musculus",
        sex="F",
        age="P60D",
        weight="0.02 kg",
        genotype="wt",
        strain="C57BL/6J",
        description="fixture subject",
        date_of_birth=datetime(2024, 1, 4, tzinfo=timezone.utc),
    )
    return f


# --- ecephys ------------------------------------------------------------------
def build_ecephys() -> NWBFile:
    f = new_file("ecephys", 101)
    dev = f.create_device(name="Probe", description="silicon probe", manufacturer="Oracle Probes")
    g0 = f.create_electrode_group(name="shank0", description="shank 0", location="CA1", device=dev,
                                  position=(1.0, 2.0, 3.0))
    g1 = f.create_electrode_group(name="shank1", description="shank 1", location="CA3", device=dev)
    f.add_electrode_column(name="depth_um", description="depth along the shank")
    for i in range(4):
        g = g0 if i < 2 else g1
        f.add_electrode(x=float(i), y=2.0 * i, z=-1.0, imp=1e6 + i, location=g.location, filtering="none",
                        group=g, depth_um=10.0 * i, rel_x=0.5 * i, rel_y=0.0)
    region = f.create_electrode_table_region(region=[0, 1, 2, 3], description="all electrodes")
    rng = np.random.default_rng(7)
    raw = rng.integers(-500, 500, size=(40, 4)).astype(np.int16)
    es = ElectricalSeries(
        name="ElectricalSeries",
        data=H5DataIO(raw, compression="gzip", compression_opts=4, chunks=(10, 4)),
        electrodes=region,
        starting_time=0.5,
        rate=1000.0,
        conversion=1.95e-7,
        offset=-0.001,
        channel_conversion=np.array([1.0, 1.1, 0.9, 1.0], dtype=np.float32),
        filtering="0.1-8000 Hz",
        description="raw voltage",
    )
    f.add_acquisition(es)
    ecephys = f.create_processing_module(name="ecephys", description="processed extracellular data")
    lfp_region = f.create_electrode_table_region(region=[1, 3], description="two channels")
    lfp_ts = np.linspace(0.0, 0.19, 20)
    lfp_es = ElectricalSeries(name="lfp", data=rng.normal(size=(20, 2)).astype(np.float32),
                              electrodes=lfp_region, timestamps=lfp_ts, description="lfp")
    ecephys.add(LFP(electrical_series=lfp_es))
    # a series sharing the LFP timestamps (stored as a soft link to them)
    ecephys.add(TimeSeries(name="lfp_power", data=np.arange(20, dtype=np.float64) ** 2, unit="V^2",
                           timestamps=lfp_es, description="power on lfp timestamps"))
    sp_region = f.create_electrode_table_region(region=[0, 1], description="spike channels")
    f.add_acquisition(SpikeEventSeries(name="SpikeEventSeries",
                                       data=rng.normal(size=(5, 2, 6)).astype(np.float32),
                                       timestamps=[0.1, 0.2, 0.35, 0.5, 0.61], electrodes=sp_region,
                                       description="snippets"))

    f.units = Units(name="units", description="sorted units", waveform_rate=30000.0, waveform_unit="volts",
                    electrode_table=f.electrodes)
    f.add_unit_column(name="snr", description="signal to noise")
    waveforms = [
        [np.arange(6.0).reshape(2, 3), np.arange(6.0, 12.0).reshape(2, 3)],  # unit 0: 2 spikes x 2 el
        [np.arange(3.0).reshape(1, 3) * -1],  # unit 1: 1 spike x 1 electrode
        [np.ones((2, 3)), np.zeros((2, 3)), np.full((2, 3), 2.5)],  # unit 2: 3 spikes
    ]
    spikes = [[0.1, 0.2], [0.35], [0.5, 0.61, 0.9]]
    elecs = [[0, 1], [2], [2, 3]]
    for i in range(3):
        f.add_unit(spike_times=spikes[i], obs_intervals=[[0.0, 1.0]] if i != 1 else [[0.0, 0.4], [0.45, 1.0]],
                   electrodes=elecs[i], electrode_group=g0 if i < 2 else g1,
                   waveform_mean=np.full(3, float(i)), waveforms=waveforms[i], snr=1.5 + i, id=10 + i)
    return f


# --- icephys ------------------------------------------------------------------
def build_icephys() -> NWBFile:
    f = new_file("icephys", 202)
    dev = f.create_device(name="Amplifier", description="patch amplifier")
    el = f.create_icephys_electrode(name="elec0", description="pipette", device=dev, filtering="10 kHz",
                                    initial_access_resistance="10 MOhm", location="VISp L5", resistance="5 MOhm",
                                    seal="1 GOhm", slice="slice 1", cell_id="cell-1")
    n = 16
    stim = CurrentClampStimulusSeries(name="ccss", data=np.r_[np.zeros(4), np.full(8, 1e-10), np.zeros(4)],
                                      starting_time=0.0, rate=10000.0, electrode=el, gain=1.0,
                                      sweep_number=np.uint32(1), stimulus_description="square")
    resp = CurrentClampSeries(name="ccs", data=(np.arange(n) * 1e-3 - 0.07).astype(np.float32),
                              starting_time=0.0, rate=10000.0, electrode=el, gain=0.02,
                              bias_current=1e-12, bridge_balance=5e6, capacitance_compensation=1e-12,
                              sweep_number=np.uint32(1), stimulus_description="square", conversion=1.0)
    vstim = VoltageClampStimulusSeries(name="vcss", data=np.r_[np.full(8, -0.07), np.full(8, -0.05)],
                                       starting_time=1.0, rate=20000.0, electrode=el, gain=1.0,
                                       sweep_number=np.uint32(2))
    vresp = VoltageClampSeries(name="vcs", data=np.linspace(-1e-10, 1e-10, n), starting_time=1.0, rate=20000.0,
                               electrode=el, gain=1e9, capacitance_fast=1e-12, capacitance_slow=2e-12,
                               resistance_comp_bandwidth=1000.0, resistance_comp_correction=70.0,
                               resistance_comp_prediction=60.0, whole_cell_capacitance_comp=3e-12,
                               whole_cell_series_resistance_comp=4e6, sweep_number=np.uint32(2))
    izero = IZeroClampSeries(name="izero", data=np.full(n, -0.065), starting_time=2.0, rate=10000.0,
                             electrode=el, gain=0.02, sweep_number=np.uint32(3))
    r0 = f.add_intracellular_recording(electrode=el, stimulus=stim, response=resp, id=100)
    r1 = f.add_intracellular_recording(electrode=el, stimulus=vstim, response=vresp, id=101)
    r2 = f.add_intracellular_recording(electrode=el, response=izero, id=102)
    s0 = f.add_icephys_simultaneous_recording(recordings=[r0, r1])
    s1 = f.add_icephys_simultaneous_recording(recordings=[r2])
    q0 = f.add_icephys_sequential_recording(simultaneous_recordings=[s0, s1], stimulus_type="mixed")
    rep = f.add_icephys_repetition(sequential_recordings=[q0])
    f.add_icephys_experimental_condition(repetitions=[rep])
    return f


# --- behavior -----------------------------------------------------------------
def build_behavior() -> NWBFile:
    f = new_file("behavior", 303)
    t = np.arange(12) / 10.0
    pos = Position(name="Position")
    pos.create_spatial_series(name="xy", data=np.c_[np.sin(t), np.cos(t)], timestamps=t, reference_frame="arena NW corner",
                              unit="meters", description="position")
    eye = EyeTracking(name="EyeTracking")
    eye.create_spatial_series(name="gaze", data=np.c_[t, -t], rate=60.0, starting_time=0.25, reference_frame="screen center",
                              unit="degrees")
    compass = CompassDirection(name="CompassDirection")
    compass.create_spatial_series(name="heading", data=np.linspace(-3, 3, 12), timestamps=t, reference_frame="north",
                                  unit="radians")
    events = BehavioralEvents(name="BehavioralEvents")
    events.create_timeseries(name="licks", data=np.ones(4, dtype=np.uint8), timestamps=[0.1, 0.4, 0.45, 1.0], unit="n.a.")
    bts = BehavioralTimeSeries(name="BehavioralTimeSeries")
    bts.create_timeseries(name="running_speed", data=np.linspace(0, 11, 12).astype(np.float32), timestamps=t, unit="cm/s",
                          continuity="continuous")
    pupil = PupilTracking(name="PupilTracking")
    pupil.create_timeseries(name="pupil_area", data=np.linspace(1, 2, 12), rate=30.0, unit="px^2")
    epochs_b = BehavioralEpochs(name="BehavioralEpochs")
    epochs_b.add_interval_series(IntervalSeries(name="running", data=[1, -1, 1, -1], timestamps=[0.1, 0.3, 0.6, 0.9]))
    behavior = f.create_processing_module(name="behavior", description="behavior")
    for c in (pos, eye, compass, events, bts, pupil, epochs_b):
        behavior.add(c)
    stim_ts = TimeSeries(name="stim", data=np.arange(12.0), timestamps=t, unit="n.a.", description="stimulus trace")
    f.add_stimulus(stim_ts)
    speed = bts.time_series["running_speed"]
    f.add_epoch(start_time=0.0, stop_time=0.5, tags=["a", "b"], timeseries=[speed, stim_ts])
    f.add_epoch(start_time=0.5, stop_time=1.1, tags=["c"], timeseries=[speed])
    f.add_trial_column(name="correct", description="correct response")
    f.add_trial_column(name="stim_name", description="stimulus")
    f.add_trial_column(name="rewards", description="reward times", index=True)
    for i, (st, ok, name, rw) in enumerate(zip([0.0, 0.4, 0.8], [True, False, True], ["grating", "noise", "grating"],
                                              [[0.2, 0.25], [], [0.9]])):
        f.add_trial(start_time=st, stop_time=st + 0.3, correct=ok, stim_name=name, rewards=rw)
    f.add_invalid_time_interval(start_time=0.3, stop_time=0.35)
    custom = TimeIntervals(name="blinks", description="blink intervals")
    custom.add_interval(start_time=0.05, stop_time=0.07)
    custom.add_interval(start_time=0.9, stop_time=0.95)
    f.add_time_intervals(custom)
    return f


# --- ophys extras ---------------------------------------------------------------
def build_ophys() -> NWBFile:
    f = new_file("ophys", 404)
    dev = f.create_device(name="Scope", description="1p scope")
    oc = OpticalChannel(name="green", description="green", emission_lambda=520.0)
    oc2 = OpticalChannel(name="red", description="red", emission_lambda=610.0)
    ip = f.create_imaging_plane(name="plane0", optical_channel=[oc, oc2], description="plane", device=dev,
                                excitation_lambda=470.0, indicator="GCaMP7", location="VISp", imaging_rate=10.0,
                                reference_frame="bregma", origin_coords=[1.0, 2.0, 0.5], origin_coords_unit="mm",
                                grid_spacing=[0.01, 0.01, 0.02], grid_spacing_unit="mm")
    movie = (np.arange(12 * 5 * 4) % 251).reshape(12, 5, 4).astype(np.uint8)
    ops = OnePhotonSeries(name="OnePhotonSeries", data=movie, imaging_plane=ip, rate=10.0, unit="n.a.",
                          pmt_gain=2.0, exposure_time=0.01, binning=2, power=1.5, intensity=0.3,
                          scan_line_rate=5000.0, description="1p movie")
    f.add_acquisition(ops)
    f.add_acquisition(ImageSeries(name="external_movie", external_file=["movie_a.avi", "movie_b.avi"],
                                  starting_frame=[0, 100], format="external", rate=30.0,
                                  description="movie stored outside"))
    ophys = f.create_processing_module(name="ophys", description="ophys")
    corrected = ImageSeries(name="corrected", data=movie[:, :, :].astype(np.float32), rate=10.0, unit="n.a.")
    xy = TimeSeries(name="xy_translation", data=np.c_[np.arange(12) * 0.1, -np.arange(12) * 0.1], rate=10.0,
                    unit="pixels")
    mc = MotionCorrection(name="MotionCorrection")
    mc.add_corrected_image_stack(CorrectedImageStack(name="CorrectedImageStack", corrected=corrected,
                                                     original=ops, xy_translation=xy))
    ophys.add(mc)
    seg = ImageSegmentation(name="ImageSegmentation")
    ophys.add(seg)
    ps = seg.create_plane_segmentation(name="pixels", description="pixel masks", imaging_plane=ip,
                                       reference_images=ops)
    ps.add_column(name="roi_label", description="label")
    ps.add_roi(pixel_mask=[(0, 0, 1.0), (1, 0, 0.5)], roi_label="a")
    ps.add_roi(pixel_mask=[(2, 3, 0.25)], roi_label="b")
    ps.add_roi(pixel_mask=[(4, 1, 1.0), (4, 2, 1.0), (3, 2, 0.75)], roi_label="c")
    ps3 = seg.create_plane_segmentation(name="voxels", description="voxel masks", imaging_plane=ip)
    ps3.add_roi(voxel_mask=[(0, 0, 0, 1.0), (0, 1, 1, 0.5)])
    ps3.add_roi(voxel_mask=[(2, 2, 0, 0.2)])
    rois = ps.create_roi_table_region(region=[0, 2], description="two rois")
    dff = DfOverF(name="DfOverF")
    dff.create_roi_response_series(name="dff", data=np.linspace(0, 1, 24).reshape(12, 2), rois=rois, unit="n.a.",
                                   rate=10.0)
    ophys.add(dff)
    gray = GrayscaleImage(name="mean", data=np.arange(20, dtype=np.float64).reshape(5, 4), resolution=2.0,
                          description="mean image")
    rgb = RGBImage(name="rgb", data=np.arange(60, dtype=np.uint8).reshape(5, 4, 3), description="color")
    ophys.add(Images(name="summary_images", images=[gray, rgb], description="summary"))
    return f


# --- extension ------------------------------------------------------------------
def export_extension_spec(tmp: Path) -> str:
    """Writes the ndx-oracle-test namespace + extensions YAML into ``tmp``; returns its name.

    Shared with nwb_extension_spec.py, which hands the same spec to the TS writer tests.
    """
    from pynwb.spec import NWBAttributeSpec, NWBDatasetSpec, NWBGroupSpec, NWBLinkSpec, NWBNamespaceBuilder, export_spec

    ns_name = "ndx-oracle-test"
    ns = NWBNamespaceBuilder(doc="tiny test extension", name=ns_name, version="0.1.0", author=["Oracle"],
                             contact=["oracle@example.org"])
    ns.include_type("ElectricalSeries", namespace="core")
    ns.include_type("LabMetaData", namespace="core")
    ns.include_type("Device", namespace="core")
    tetrode = NWBGroupSpec(neurodata_type_def="TetrodeSeries", neurodata_type_inc="ElectricalSeries",
                           doc="an ElectricalSeries of one tetrode",
                           attributes=[NWBAttributeSpec(name="trode_id", doc="tetrode id", dtype="int32")])
    meta = NWBGroupSpec(neurodata_type_def="LabMetaDataExt", neurodata_type_inc="LabMetaData", doc="lab metadata",
                        datasets=[NWBDatasetSpec(name="tissue_preparation", doc="prep", dtype="text")],
                        attributes=[NWBAttributeSpec(name="surgeon", doc="who", dtype="text")],
                        links=[NWBLinkSpec(name="rig", target_type="Device", doc="the rig")])
    export_spec(ns, [tetrode, meta], str(tmp))
    return ns_name


def build_extension(tmp: Path) -> NWBFile:
    ns_name = export_extension_spec(tmp)
    load_namespaces(str(tmp / f"{ns_name}.namespace.yaml"))
    TetrodeSeries = get_class("TetrodeSeries", ns_name)
    LabMetaDataExt = get_class("LabMetaDataExt", ns_name)

    f = new_file("extension", 505)
    dev = f.create_device(name="Rig", description="tetrode rig")
    g = f.create_electrode_group(name="tetrode1", description="t1", location="CA1", device=dev)
    for _ in range(4):
        f.add_electrode(location="CA1", group=g)
    region = f.create_electrode_table_region(region=[0, 1, 2, 3], description="tetrode 1")
    f.add_acquisition(TetrodeSeries(name="tetrode1_series", data=np.arange(40, dtype=np.int32).reshape(10, 4),
                                    electrodes=region, rate=2000.0, trode_id=1, description="t1 data"))
    f.add_lab_meta_data(LabMetaDataExt(name="lab_meta", tissue_preparation="perfused", surgeon="Dr. Who", rig=dev))
    return f


def write(nwbfile: NWBFile, name: str, out_dir: Path) -> tuple[Path, Path]:
    nwb_path = out_dir / f"{name}.nwb"
    tmp = nwb_path.with_name(f".tmp-{name}.nwb")
    if tmp.exists():
        tmp.unlink()
    with NWBHDF5IO(str(tmp), "w") as io:
        io.write(nwbfile)
    tmp.replace(nwb_path)
    desc = dump(nwb_path)
    desc["file"] = nwb_path.name
    json_path = out_dir / f"{name}.json"
    write_json(json_path, desc)
    for p in (nwb_path, json_path):
        assert p.stat().st_size < 1_000_000, f"{p} is too big"
    return nwb_path, json_path


def main() -> int:
    out_dir = fixture_dir(PACKAGE)
    written: list[Path] = []
    for name, build in (("ecephys", build_ecephys), ("icephys", build_icephys), ("behavior", build_behavior),
                        ("ophys", build_ophys)):
        written += write(build(), name, out_dir)
    with tempfile.TemporaryDirectory() as tmp:
        written += write(build_extension(Path(tmp)), "extension", out_dir)
    record(PACKAGE, written, __file__, ["numpy", "h5py", "hdmf", "pynwb"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

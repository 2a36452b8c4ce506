"""Fixtures for @sdk/ephys CellTypesCache (allensdk.core.cell_types_cache, 2.16.2).

A loopback HTTP server answers allensdk's CellTypesCache with canned, API-shaped responses
(synthetic records shaped like the Allen Cell Types Database: ApiCellTypesSpecimenDetail,
EphysSweep, EphysFeature, NeuronReconstruction, Specimen well-known files). The script records:

- ``cell_types/http/*.json``: the exchanges, as @sdk/api/testing replay entries (decoded URLs);
- ``cell_types/files/*``: the downloadable bodies (NWB bytes, SWC, marker);
- ``cell_types/golden.json``: what each CellTypesCache call returned, the decoded URLs requested
  in order (and that a second round of calls requests nothing), and every file the cache wrote
  under its manifest directory (relative path, sha256, and the text of the small text files).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import tempfile
import threading
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import numpy as np

from _common import fixture_dir, record, write_json

logging.disable(logging.CRITICAL)
warnings.simplefilter("ignore")

from allensdk.core.cell_types_cache import CellTypesCache  # noqa: E402

OUT = fixture_dir("ephys") / "cell_types"
HTTP = OUT / "http"
FILES = OUT / "files"

MOUSE = "Mus musculus"
HUMAN = "Homo Sapiens"


def cell(i, specimen_id, reporter, species, recon, layer, depth, dendrite):
    return {
        "cell_reporter_status": reporter,
        "cell_soma_location": None,
        "csl__normalized_depth": depth,
        "csl__x": 8000.25 + 37.5 * i,
        "csl__y": 1200.75 - 11.25 * i,
        "csl__z": 7500.5 + 3.125 * i,
        "donor__age": "P56" if species == MOUSE else "45 yrs",
        "donor__disease_state": "" if species == MOUSE else "epilepsy",
        "donor__id": 300000 + i,
        "donor__species": species,
        "ephys_result_id": 400000 + i,
        "line_name": "Sst-IRES-Cre" if species == MOUSE else "",
        "nr__average_contraction": 0.875 if recon else None,
        "nr__reconstruction_type": recon,
        "specimen__hemisphere": "left" if i % 2 else "right",
        "specimen__id": specimen_id,
        "specimen__name": f"Specimen-{specimen_id}.01",
        "structure__layer": layer,
        "structure_parent__acronym": "VISp" if species == MOUSE else "MTG",
        "structure_parent__id": 385 if species == MOUSE else 12141,
        "tag__apical": "intact" if dendrite == "spiny" else "NA",
        "tag__dendrite_type": dendrite,
    }


SPECIMENS = [464212183, 485058595, 313862134, 527095729, 569494121, 480051220]
CELLS = [
    cell(0, SPECIMENS[0], "positive", MOUSE, "full", "5", 0.5625, "aspiny"),
    cell(1, SPECIMENS[1], "negative", MOUSE, None, "4", 0.40625, "spiny"),
    cell(2, SPECIMENS[2], None, HUMAN, "dendrite-only", "3", None, "spiny"),
    cell(3, SPECIMENS[3], "indeterminate", MOUSE, None, "2/3", 0.1875, "sparsely spiny"),
    cell(4, SPECIMENS[4], "positive", HUMAN, "full", "6a", 0.84375, "aspiny"),
    cell(5, SPECIMENS[5], "positive", MOUSE, None, "1", 0.03125, "aspiny"),
]

SWEEP_SPECIMEN = SPECIMENS[0]
# Returned out of order: the API method sorts by sweep_number.
SWEEPS = [
    {"bridge_balance_mohm": 12.5, "id": 9000 + n, "leak_pa": -3.25 if n else None,
     "num_spikes": spikes, "peak_deflection": None, "specimen_id": SWEEP_SPECIMEN,
     "stimulus_absolute_amplitude": amp, "stimulus_description": desc,
     "stimulus_duration": dur, "stimulus_name": name,
     "stimulus_relative_amplitude": 1.0, "stimulus_start_time": start,
     "stimulus_units": units, "sweep_number": n}
    for (n, name, units, amp, spikes, desc, dur, start) in [
        (35, "Long Square", "Amps", 110.0, 7, "C1LSCOARSE150216[0]", 1.0, 1.02),
        (0, "Test", "Volts", None, None, "EXTPSMOKET141203[0]", None, None),
        (12, "Ramp", "Amps", 420.5, 3, "C1RP25PR1S141203[0]", 8.5, 1.02),
        (7, "Short Square", "Amps", 700.0, 1, "C1SSCOARSE150112[0]", 0.003, 1.02),
        (41, "Noise 1", "Amps", 90.25, 12, "C1NSSEED_1150216[0]", 20.75, 1.02),
    ]
]

EPHYS_FEATURES = [
    {"adaptation": 0.0125 * (i + 1) if i != 2 else None, "avg_isi": 61.5 + i,
     "electrode_0_pa": -12.125 * (i + 1), "f_i_curve_slope": 0.3125 if i != 4 else None,
     "has_burst": i == 1, "id": 500000 + i, "rheobase_sweep_id": 600000 + i,
     "rheobase_sweep_number": 40 + i, "specimen_id": s, "tau": 11.5 + 0.25 * i,
     "thumbnail_sweep_id": 700000 + i if i != 3 else None, "vrest": -71.125 + i,
     "peak_t_ramp": 3.2596 + 0.001 * i}
    for i, s in enumerate(SPECIMENS[:5])
]
# Morphology for three of the five ephys cells (out of order) plus one cell without ephys.
MORPH_SPECIMENS = [SPECIMENS[4], 511111111, SPECIMENS[0], SPECIMENS[2]]
MORPHOLOGY_FEATURES = [
    {"average_bifurcation_angle_local": 76.25 + i, "average_contraction": 0.8625,
     "average_diameter": 0.4375 * (i + 1), "id": 800000 + i, "max_branch_order": 9 + i,
     "neuron_reconstruction_type": "full" if i % 2 == 0 else "dendrite-only",
     "number_stems": 5 + i, "scale_factor_x": 0.1144, "soma_surface": None if i == 1 else 325.5,
     "specimen_id": s, "superseded": False, "total_length": 3012.75 * (i + 1)}
    for i, s in enumerate(MORPH_SPECIMENS)
]

NWB_SPECIMEN = SPECIMENS[0]
RECON_SPECIMEN = SPECIMENS[0]
NO_MARKER_SPECIMEN = SPECIMENS[4]

SWC_TEXT = (
    "# synthetic reconstruction\n"
    "# id,type,x,y,z,r,pid\n"
    "1 1 427.5997 352.8233 25.1663 6.047 -1\n"
    "2 3 431.4974 349.365 26.7781 0.3109 1\n"
    "3 3 432.1174 348.4555 27.4779 0.1894 2\n"
    "4 2 420.125 360.5 24.0 0.25 1\n"
    "5 4 428.0 340.75 25.5 0.5 1\n"
)
MARKER_TEXT = (
    "##x,y,z,radius,shape,name,comment, color_r,color_g,color_b\n"
    "540.54,378.3208,12.32,0.0, 1, 10, , 20,27,252\n"
    "388.6534,343.2057,43.68,0.0, 1, 20, , 20,27,252\n"
    "427.5452,353.1358,9.1706,0.0, 1, 30, , 20,27,252\n"
)

def nwb_bytes() -> bytes:
    """A small Allen-layout NWB 1 file (the biophysical fixtures' stimulus writer)."""
    from ephys_biophys import write_stimulus_nwb

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "e.nwb"
        write_stimulus_nwb(p)
        return p.read_bytes()


def envelope(rows):
    return {"success": True, "id": 0, "start_row": 0, "num_rows": len(rows),
            "total_rows": len(rows), "msg": rows}


def wkf(file_id, type_name, path):
    return {"id": file_id, "path": path, "download_link": f"/api/v2/well_known_file_download/{file_id}",
            "well_known_file_type": {"id": 1000 + file_id % 97, "name": type_name}}


# Each route: the substrings a decoded request URL must contain, and the answer. The replay
# entries are written for the URLs allensdk actually requested.
ROUTES: list[tuple[tuple[str, ...], tuple[str, object]]] = []
SEEN: dict[str, tuple[str, object]] = {}


def add_json(parts: tuple[str, ...], rows):
    ROUTES.append((parts, ("json", envelope(rows))))


def add_file(decoded: str, name: str, body: bytes):
    ROUTES.append(((decoded,), ("file", name)))
    (FILES / name).write_bytes(body)


def route_for(decoded: str):
    matches = [r for parts, r in ROUTES if all(p in decoded for p in parts)]
    if len(matches) > 1:
        raise RuntimeError(f"ambiguous route for {decoded}")
    return matches[0] if matches else None


class Handler(BaseHTTPRequestHandler):
    log: list[str] = []

    def do_GET(self):  # noqa: N802
        decoded = unquote(self.path)
        Handler.log.append(decoded)
        route = route_for(decoded)
        if route is not None:
            SEEN[decoded] = route
        if route is None:
            self.send_response(404)
            self.end_headers()
            return
        kind, value = route
        body = json.dumps(value).encode() if kind == "json" else (FILES / value).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/json" if kind == "json" else "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def clean(v):
    """JSON-able form; pandas/numpy NaN stays NaN."""
    if isinstance(v, dict):
        return {str(k): clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [clean(x) for x in v]
    if hasattr(v, "item"):
        return v.item()
    return v


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    HTTP.mkdir(exist_ok=True)
    FILES.mkdir(exist_ok=True)
    add_json(("model::ApiCellTypesSpecimenDetail",), CELLS)
    add_json(("model::EphysSweep", f"[specimen_id$eq{SWEEP_SPECIMEN}]"), SWEEPS)
    add_json(("model::EphysFeature",), EPHYS_FEATURES)
    add_json(("model::NeuronReconstruction",), MORPHOLOGY_FEATURES)
    add_json(
        ("model::Specimen", f"[id$eq{NWB_SPECIMEN}]", "NWBDownload"),
        [{"id": NWB_SPECIMEN, "ephys_result": {"id": 400000, "well_known_files": [wkf(491000001, "NWBDownload", "/external/mousecelltypes/400000.nwb")]}}],
    )
    add_json(
        ("model::Specimen", f"[id$eq{RECON_SPECIMEN}]", "3DNeuronReconstruction"),
        [{"id": RECON_SPECIMEN, "neuron_reconstructions": [{"id": 491119181, "well_known_files": [wkf(491000002, "3DNeuronReconstruction", "/external/x/recon_m.swc")]}]}],
    )
    add_json(
        ("model::Specimen", f"[id$eq{RECON_SPECIMEN}]", "3DNeuronMarker"),
        [{"id": RECON_SPECIMEN, "neuron_reconstructions": [{"id": 491119181, "well_known_files": [wkf(491000003, "3DNeuronMarker", "/external/x/recon_marker_m.swc")]}]}],
    )
    add_json(
        ("model::Specimen", f"[id$eq{NO_MARKER_SPECIMEN}]", "3DNeuronMarker"),
        [{"id": NO_MARKER_SPECIMEN, "neuron_reconstructions": [{"id": 5, "well_known_files": []}]}],
    )
    add_file("/api/v2/well_known_file_download/491000001", "ephys.nwb", nwb_bytes())
    add_file("/api/v2/well_known_file_download/491000002", "reconstruction.swc", SWC_TEXT.encode())
    add_file("/api/v2/well_known_file_download/491000003", "reconstruction.marker", MARKER_TEXT.encode())

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"

    golden: dict = {"calls": {}}
    with tempfile.TemporaryDirectory() as tmp:
        manifest = os.path.join(tmp, "cell_types", "manifest.json")
        ctc = CellTypesCache(manifest_file=manifest, base_uri=base)
        c = golden["calls"]

        def round_of_calls():
            c["cells"] = ctc.get_cells()
            c["cells_require_reconstruction"] = ctc.get_cells(require_reconstruction=True)
            c["cells_require_morphology"] = ctc.get_cells(require_morphology=True)
            c["cells_reporter_positive"] = ctc.get_cells(reporter_status="positive")
            c["cells_reporter_list"] = ctc.get_cells(reporter_status=["negative", "indeterminate"])
            c["cells_species_human"] = ctc.get_cells(species=["homo sapiens"])
            c["cells_raw_mouse_recon"] = ctc.get_cells(species=[MOUSE], require_reconstruction=True, simple=False)
            c["ephys_sweeps"] = ctc.get_ephys_sweeps(SWEEP_SPECIMEN)
            c["ephys_features"] = ctc.get_ephys_features()
            c["morphology_features"] = ctc.get_morphology_features()
            c["all_features_inner"] = ctc.get_all_features()
            c["all_features_outer"] = ctc.get_all_features(require_reconstruction=False)
            data_set = ctc.get_ephys_data(NWB_SPECIMEN)
            c["ephys_data_path"] = os.path.relpath(data_set.file_name, tmp)
            sweep = data_set.get_sweep(5)
            c["ephys_data_sweep5"] = {"sampling_rate": sweep["sampling_rate"], "index_range": list(sweep["index_range"]),
                                      "n": int(sweep["stimulus"].size), "stimulus_sum": float(np.sum(sweep["stimulus"], dtype=np.float64)),
                                      "sweep_numbers": sorted(data_set.get_sweep_numbers())}
            c["reconstruction"] = [dict(x) for x in ctc.get_reconstruction(RECON_SPECIMEN).compartment_list]
            c["markers"] = [dict(m) for m in ctc.get_reconstruction_markers(RECON_SPECIMEN)]
            c["markers_missing"] = list(ctc.get_reconstruction_markers(NO_MARKER_SPECIMEN))

        round_of_calls()
        golden["requests"] = list(Handler.log)
        n = len(Handler.log)
        round_of_calls()
        golden["second_round_requests"] = Handler.log[n:]

        files = []
        for root, _dirs, names in os.walk(tmp):
            for name in sorted(names):
                p = Path(root) / name
                rel = os.path.relpath(p, tmp)
                data = p.read_bytes()
                entry = {"path": rel, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                if not rel.endswith(".nwb"):
                    entry["text"] = data.decode()
                files.append(entry)
        golden["files"] = sorted(files, key=lambda e: e["path"])
        golden["manifest_relpath"] = os.path.relpath(manifest, tmp)
    server.shutdown()

    # Reconstruction compartments carry extra keys in allensdk (children); keep the SWC columns.
    keep = ("id", "type", "x", "y", "z", "radius", "parent")
    golden["calls"]["reconstruction"] = [{k: r[k] for k in keep} for r in golden["calls"]["reconstruction"]]
    golden["calls"] = clean(golden["calls"])
    golden["constants"] = {"sweep_specimen": SWEEP_SPECIMEN, "nwb_specimen": NWB_SPECIMEN,
                           "recon_specimen": RECON_SPECIMEN, "no_marker_specimen": NO_MARKER_SPECIMEN,
                           "mouse": MOUSE}

    written = []
    if len(SEEN) != len(ROUTES):
        raise RuntimeError(f"{len(ROUTES) - len(SEEN)} routes were never requested")
    for i, (decoded, (kind, value)) in enumerate(sorted(SEEN.items())):
        entry = {"decodedUrl": decoded}
        if kind == "json":
            entry["body"] = value
        else:
            entry["bodyFile"] = f"../files/{value}"
        written.append(write_json(HTTP / f"{i:02d}.json", entry))
    written.append(write_json(OUT / "golden.json", golden))
    written += [FILES / "ephys.nwb", FILES / "reconstruction.swc", FILES / "reconstruction.marker"]
    record("ephys", written, __file__, libs=["allensdk", "pandas", "numpy"])


if __name__ == "__main__":
    main()

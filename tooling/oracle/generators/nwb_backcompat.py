"""Record what pynwb reads from each file of the pynwb back-compat corpus (../shared/data).

Writes packages/nwb/test/fixtures/backcompat.json (the corpus files themselves are never copied):
  {"files": {<name>: {"nwb_version", "pynwb_reads": bool, "error"?: str,
                      "identifier"?, "session_description"?, "session_start_time"?,
                      "objects": [{path, neurodata_type, namespace}],   # h5py walk
                      "pynwb_objects"?: [{path, neurodata_type}]}}}      # what pynwb built
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import h5py

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, repo_root, write_json  # noqa: E402
from _nwb_dump import _attr, walk_typed  # noqa: E402

from pynwb import NWBHDF5IO  # noqa: E402

CORPUS = repo_root().parent / "shared" / "data" / "pynwb-back-compat"


def describe(path: Path) -> dict:
    e: dict = {}
    with h5py.File(path, "r") as h5:
        v = h5.attrs.get("nwb_version")
        e["nwb_version"] = _attr(v) if v is not None else None
        e["objects"] = [
            {"path": o["path"], "neurodata_type": o["neurodata_type"], "namespace": o["namespace"]}
            for o in walk_typed(h5)
        ]
        paths_by_id = {}
        for o in walk_typed(h5):
            if o["object_id"]:
                paths_by_id[o["object_id"]] = o["path"]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with NWBHDF5IO(str(path), "r", load_namespaces=True) as io:
                nwb = io.read()
                e["pynwb_reads"] = True
                e["identifier"] = nwb.identifier
                e["session_description"] = nwb.session_description
                e["session_start_time"] = nwb.session_start_time.isoformat()
                e["experimenter"] = None if nwb.experimenter is None else [str(x) for x in nwb.experimenter]
                e["related_publications"] = (
                    None if nwb.related_publications is None else [str(x) for x in nwb.related_publications]
                )
                objs = []
                for obj in nwb.objects.values():
                    p = paths_by_id.get(obj.object_id)
                    objs.append({"path": p, "neurodata_type": obj.neurodata_type, "name": obj.name})
                e["pynwb_objects"] = sorted(objs, key=lambda o: (o["path"] or "", o["name"]))
    except Exception as err:  # noqa: BLE001
        e["pynwb_reads"] = False
        e["error"] = f"{type(err).__name__}: {str(err)[:300]}"
    return e


def main() -> int:
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}; nothing written")
        return 1
    files = {p.name: describe(p) for p in sorted(CORPUS.glob("*.nwb"))}
    out = fixture_dir("nwb") / "backcompat.json"
    write_json(out, {"corpus": "shared/data/pynwb-back-compat", "files": files})
    record("nwb", [out], __file__, ["h5py", "hdmf", "pynwb"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

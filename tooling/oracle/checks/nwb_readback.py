"""Read an NWB file with pynwb and compare what it sees with an expected-values JSON.

Usage:  python nwb_readback.py FILE.nwb EXPECTED.json

The file is dumped with ``generators/_nwb_dump.dump`` (pynwb ``NWBHDF5IO.read()`` plus h5py for
paths): ``root``, ``containers{path: {neurodata_type, fields}}`` (containers as {"$ref": path},
datasets read whole, references as target paths), ``tables{path: {colnames, id, columns}}`` and
``timeseries{path: {timestamps, data_in_units}}``; Data objects (VectorData, DynamicTableRegion, ...)
also get their values as field ``data``. EXPECTED.json has the same layout and lists only
what must hold: every key it gives must be present in the dump with an equal value (dicts are
compared key by key as subsets, lists element by element). Numbers compare with
``rel_tol=1e-12`` (exact for integers; NaN equals NaN). Two extra sections:

  links{path: target}        the HDF5 link at path is a soft link to target (h5py getlink)
  types{path: neurodata_type} the object at path carries that neurodata_type attribute
  attrs{path: {name: value}}  HDF5 attributes read with h5py (strings decoded)

Prints every mismatch and exits 1 if there is any, 0 otherwise.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "generators"))

import h5py  # noqa: E402
import numpy as np  # noqa: E402
from _nwb_dump import Ser, dump, walk_typed  # noqa: E402
from hdmf.container import Data  # noqa: E402
from pynwb import NWBHDF5IO  # noqa: E402

REL_TOL = 1e-12


def _num(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def compare(exp, got, where: str, errors: list[str]) -> None:
    if isinstance(exp, dict):
        if not isinstance(got, dict):
            errors.append(f"{where}: expected an object, got {type(got).__name__}: {str(got)[:120]}")
            return
        for k, v in exp.items():
            if k not in got:
                errors.append(f"{where}: missing key {k!r} (have {sorted(got)[:20]})")
                continue
            compare(v, got[k], f"{where}.{k}", errors)
        return
    if isinstance(exp, list):
        if not isinstance(got, list):
            errors.append(f"{where}: expected a list of {len(exp)}, got {type(got).__name__}: {str(got)[:120]}")
            return
        if len(exp) != len(got):
            errors.append(f"{where}: expected {len(exp)} elements, got {len(got)}: {str(got)[:200]}")
            return
        for i, (a, b) in enumerate(zip(exp, got)):
            compare(a, b, f"{where}[{i}]", errors)
        return
    if _num(exp) and _num(got):
        if isinstance(exp, float) and math.isnan(exp):
            if not (isinstance(got, float) and math.isnan(got)):
                errors.append(f"{where}: expected NaN, got {got}")
            return
        if isinstance(exp, int) and isinstance(got, int):
            if exp != got:
                errors.append(f"{where}: expected {exp}, got {got}")
            return
        if not math.isclose(exp, got, rel_tol=REL_TOL, abs_tol=0.0):
            errors.append(f"{where}: expected {exp!r}, got {got!r}")
        return
    if exp != got:
        errors.append(f"{where}: expected {exp!r}, got {got!r}")


def _augment(path: str, got: dict) -> None:
    """Adds what dump() leaves out: the values of Data objects (VectorData, DynamicTableRegion,
    ...) as field ``data``, and compound values dump() could not serialise (``$repr``)."""
    with h5py.File(path, "r") as h5:
        paths = {o["object_id"]: o["path"] for o in walk_typed(h5) if o["object_id"]}
        ser = Ser(h5, paths)

        def ser2(v):
            out = ser(v)
            if isinstance(out, dict) and "$repr" in out and hasattr(v, "__len__") and hasattr(v, "__getitem__"):
                try:  # e.g. hdmf's ContainerH5ReferenceDataset: a dataset of object references
                    items = [v[i] for i in range(len(v))]
                    if items and not isinstance(items[0], (np.void, tuple)):
                        return [ser(x) for x in items]
                except (ValueError, TypeError, IndexError):
                    pass
            if isinstance(out, dict) and "$repr" in out:
                try:
                    a = np.asarray(v[()] if isinstance(v, h5py.Dataset) else v)
                except (ValueError, TypeError):
                    return out
                if a.dtype.names:
                    if a.ndim == 0:
                        return {k: ser(a[k].item()) for k in a.dtype.names}
                    return [{k: ser(row[k]) for k in a.dtype.names} for row in a]
                return ser(a)
            return out

        with NWBHDF5IO(path, "r", load_namespaces=True) as io:
            nwb = io.read()
            for obj in nwb.objects.values():
                p = paths.get(obj.object_id)
                if p is None or p not in got["containers"]:
                    continue
                fields = got["containers"][p]["fields"]
                if isinstance(obj, Data):
                    fields["data"] = ser2(obj.data)
                for k, v in obj.fields.items():
                    if isinstance(fields.get(k), dict) and "$repr" in fields[k]:
                        fields[k] = ser2(v)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    path, expected_path = argv[1], argv[2]
    expected = json.loads(Path(expected_path).read_text(encoding="utf-8"))
    errors: list[str] = []
    got = dump(path)
    _augment(path, got)
    for section in ("root", "containers", "tables", "timeseries"):
        if section in expected:
            compare(expected[section], got[section], section, errors)
    with h5py.File(path, "r") as h5:
        for p, target in expected.get("links", {}).items():
            link = h5.get(p, getlink=True)
            if not isinstance(link, h5py.SoftLink):
                errors.append(f"links.{p}: not a soft link ({type(link).__name__})")
            elif link.path != target:
                errors.append(f"links.{p}: points to {link.path}, expected {target}")
            elif target not in h5:
                errors.append(f"links.{p}: target {target} does not exist")
        for p, attrs in expected.get("attrs", {}).items():
            if p not in h5:
                errors.append(f"attrs.{p}: no such object")
                continue
            for k, v in attrs.items():
                if k not in h5[p].attrs:
                    errors.append(f"attrs.{p}@{k}: missing")
                    continue
                a = h5[p].attrs[k]
                a = a.decode() if isinstance(a, bytes) else a
                a = a.tolist() if hasattr(a, "tolist") else a
                compare(v, a, f"attrs.{p}@{k}", errors)
        for p, nt in expected.get("types", {}).items():
            if p not in h5:
                errors.append(f"types.{p}: no such object")
                continue
            a = h5[p].attrs.get("neurodata_type")
            a = a.decode() if isinstance(a, bytes) else a
            if a != nt:
                errors.append(f"types.{p}: neurodata_type {a!r}, expected {nt!r}")
    checked = sum(len(expected.get(s, {})) for s in ("containers", "tables", "timeseries", "links", "types", "attrs"))
    for e in errors:
        print("MISMATCH", e)
    print(f"nwb_readback: {path}: {checked} entries checked, {len(errors)} mismatches")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Check that pynwb reads the same content from two NWB files.

Usage:  python nwb_compare.py REFERENCE.nwb CANDIDATE.nwb

Both files are dumped with ``generators/_nwb_dump.dump`` (pynwb read + h5py paths). Everything
pynwb exposes must be equal: the typed objects (path, neurodata_type, namespace, dataset shape),
every container's fields (values, links as target paths), every DynamicTable's columns cell by
cell, every TimeSeries' get_timestamps() and get_data_in_units(). ``object_id`` values differ by
design (fresh UUIDs) and are ignored. Floats compare with rel_tol=1e-12. Prints each difference;
exits 1 if there is any.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "generators"))

from _nwb_dump import dump  # noqa: E402


def diff(a, b, where: str, out: list[str]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a:
                out.append(f"{where}.{k}: only in candidate: {str(b[k])[:160]}")
            elif k not in b:
                out.append(f"{where}.{k}: only in reference: {str(a[k])[:160]}")
            else:
                diff(a[k], b[k], f"{where}.{k}", out)
        return
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{where}: {len(a)} vs {len(b)} elements")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{where}[{i}]", out)
        return
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return
        if a == b or math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0):
            return
    elif a == b:
        return
    out.append(f"{where}: reference {str(a)[:160]!s} != candidate {str(b)[:160]!s}")


def normalise(d: dict) -> dict:
    d = dict(d)
    d["objects"] = [{k: v for k, v in o.items() if k != "object_id"} for o in d["objects"]]
    return d


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    ref, cand = normalise(dump(argv[1])), normalise(dump(argv[2]))
    out: list[str] = []
    diff(ref, cand, "", out)
    for line in out:
        print("DIFF", line)
    n = len(ref["objects"])
    print(f"nwb_compare: {n} typed objects, {len(ref['containers'])} containers, {len(out)} differences")
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Reads NRRD / NPY / NPZ files written by @sdk/core with pynrrd and numpy, and compares them
with the expected values the TS test wrote next to them.

Usage:  python core_formats_readback.py DIR

DIR/expected.json: {"files": [{"file", "kind": "nrrd"|"npy"|"npz", ...}]}
- nrrd: "shape", "dtype" (numpy str), "elements" (file order = flatten('F')), "header" (fields to
  compare after nrrd.read; lists compared numerically with NaN == NaN)
- npy:  "shape", "descr", "fortran_order", "elements" (memory order)
- npz:  "arrays": {name: {as npy}}
64-bit integers in "elements" are strings. Exit 0 when every file matches, 1 otherwise.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import nrrd
import numpy as np


def norm(v):
    if isinstance(v, np.ndarray):
        return norm(v.tolist())
    if isinstance(v, (list, tuple)):
        return [norm(x) for x in v]
    if isinstance(v, (np.generic,)):
        return v.item()
    return v


def same(a, b) -> bool:
    a, b = norm(a), norm(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, (int, float)) or isinstance(b, float) and isinstance(a, (int, float)):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b
    return a == b


def elements(a: np.ndarray, order: str) -> list:
    flat = a.flatten(order=order)
    if flat.dtype.kind in "iu" and flat.dtype.itemsize == 8:
        return [str(int(x)) for x in flat]
    if flat.dtype.kind == "b":
        return [int(x) for x in flat]
    return flat.tolist()


def check_array(a: np.ndarray, exp: dict, where: str, errors: list[str]) -> None:
    if list(a.shape) != exp["shape"]:
        errors.append(f"{where}: shape {list(a.shape)} != {exp['shape']}")
        return
    if "descr" in exp and np.lib.format.dtype_to_descr(a.dtype) != exp["descr"]:
        errors.append(f"{where}: descr {np.lib.format.dtype_to_descr(a.dtype)} != {exp['descr']}")
    if "dtype" in exp and a.dtype.str != exp["dtype"]:
        errors.append(f"{where}: dtype {a.dtype.str} != {exp['dtype']}")
    fortran = exp.get("fortran_order", False)
    if "fortran_order" in exp:
        is_f = bool(a.flags.f_contiguous and not a.flags.c_contiguous) if a.ndim > 1 else False
        if a.ndim > 1 and min(a.shape) > 1 and is_f != fortran:
            errors.append(f"{where}: fortran_order {is_f} != {fortran}")
    got = elements(a, "F" if exp.get("order", "F" if fortran else "C") == "F" else "C")
    if not same(got, exp["elements"]):
        errors.append(f"{where}: elements differ: {got[:8]}... vs {exp['elements'][:8]}...")


def main() -> int:
    d = Path(sys.argv[1])
    spec = json.loads((d / "expected.json").read_text())
    errors: list[str] = []
    for f in spec["files"]:
        path = d / f["file"]
        try:
            if f["kind"] == "nrrd":
                data, header = nrrd.read(str(path), index_order="F")
                check_array(data, {**f, "order": "F"}, f["file"], errors)
                for k, v in f.get("header", {}).items():
                    if k not in header:
                        errors.append(f"{f['file']}: header has no {k!r}")
                    elif not same(header[k], v):
                        errors.append(f"{f['file']}: header {k!r} = {norm(header[k])!r}, expected {v!r}")
            elif f["kind"] == "npy":
                check_array(np.load(path), f, f["file"], errors)
            elif f["kind"] == "npz":
                with np.load(path) as z:
                    if sorted(z.files) != sorted(f["arrays"]):
                        errors.append(f"{f['file']}: members {z.files} != {list(f['arrays'])}")
                    for k, exp in f["arrays"].items():
                        if k in z.files:
                            check_array(z[k], exp, f"{f['file']}:{k}", errors)
            else:
                errors.append(f"{f['file']}: unknown kind {f['kind']}")
        except Exception as e:  # noqa: BLE001 - report any failure to read
            errors.append(f"{f['file']}: {type(e).__name__}: {e}")
    for e in errors:
        print("FAIL", e)
    print(f"checked {len(spec['files'])} files, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

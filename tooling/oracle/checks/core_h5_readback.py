"""Read HDF5 files written by @sdk/core's TS writer with h5py and compare with their expectations.

    python core_h5_readback.py DIR

DIR holds pairs ``NAME.h5`` + ``NAME.json`` (written by packages/core/test/h5_write.test.ts; CI
points SDK_INTEROP_OUT at a directory and runs this script on it). Each JSON says what h5py must
see in the file:

  datasets{path: {shape, dtype, values, chunks?, compression?, compression_opts?, maxshape?}}
      dtype is numpy's dtype.str ("<i4", "<f8", "|u1", ...) or "str" (variable-length UTF-8),
      "S<n>" (fixed length), "compound:<name>=<dtype>,...", "ref", "region_ref"; the values
      of reference datasets and reference members of compounds are their targets' paths
  attrs{path: {name: value}}
  refs{path: [target path, ...]}              object references, dereferenced by h5py
  region_refs{path: [{target, values}]}       region references: target dataset + selected values
  links{path: {kind: soft|external, target, file?}}

Value encoding: nested lists in C order; 64-bit integers as decimal strings; NaN and +-Infinity
as the strings "NaN", "Infinity", "-Infinity". Comparisons are exact.

Exit status 0 when every file matches, 1 otherwise (every mismatch is printed), 2 on bad usage.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import h5py
import numpy as np


def as_plain(value):
    """h5py value -> nested lists with str for bytes and decimal strings for 64-bit ints."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "iu" and value.dtype.itemsize == 8:
            return np.vectorize(lambda v: str(int(v)), otypes=[object])(value).tolist() if value.size else []
        if value.dtype.kind in "OS":
            return [as_plain(v) for v in value.tolist()] if value.ndim == 1 else [as_plain(v) for v in value]
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [as_plain(v) for v in value]
    if isinstance(value, np.generic):
        if value.dtype.kind in "iu" and value.dtype.itemsize == 8:
            return str(int(value))
        return as_plain(value.item())
    return value


def same(actual, expected) -> bool:
    if isinstance(expected, list):
        return isinstance(actual, list) and len(actual) == len(expected) and all(
            same(a, e) for a, e in zip(actual, expected)
        )
    if expected in ("NaN", "Infinity", "-Infinity") and isinstance(actual, float):
        if expected == "NaN":
            return math.isnan(actual)
        return actual == (math.inf if expected == "Infinity" else -math.inf)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return bool(actual) == bool(expected) and not isinstance(actual, str)
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return actual == expected
    return actual == expected


def dtype_name(ds: h5py.Dataset) -> str:
    return _dtype_name(ds.dtype)


def _dtype_name(dt: np.dtype) -> str:
    if dt.names:
        return "compound:" + ",".join(f"{n}={_dtype_name(dt.fields[n][0])}" for n in dt.names)
    if h5py.check_ref_dtype(dt) is h5py.Reference:
        return "ref"
    if h5py.check_ref_dtype(dt) is h5py.RegionReference:
        return "region_ref"
    info = h5py.check_string_dtype(dt)
    if info is not None:
        if info.length is None:
            return "str" if info.encoding == "utf-8" else "ascii"
        return f"S{info.length}"
    return dt.str


def ref_targets(f: h5py.File, refs):
    """Object or region references (one or an array of them) -> their targets' paths."""
    if isinstance(refs, np.ndarray):
        return [f[r].name for r in refs.tolist()]
    return f[refs].name


def dataset_values(f: h5py.File, ds: h5py.Dataset):
    dt = ds.dtype
    if dt.names:
        data = ds[()]
        return {
            name: ref_targets(f, data[name])
            if h5py.check_ref_dtype(dt.fields[name][0]) is not None
            else as_plain(data[name])
            for name in dt.names
        }
    if h5py.check_ref_dtype(dt) is not None:
        return ref_targets(f, ds[()])
    if h5py.check_string_dtype(dt) is not None:
        data = ds.asstr()[()]
        return data.tolist() if isinstance(data, np.ndarray) else data
    return as_plain(ds[()])


def check_file(h5_path: Path, spec: dict) -> list[str]:
    errors: list[str] = []

    def fail(where: str, msg: str) -> None:
        errors.append(f"{h5_path.name}:{where}: {msg}")

    with h5py.File(h5_path, "r") as f:
        for path, want in spec.get("datasets", {}).items():
            if path not in f:
                fail(path, "missing dataset")
                continue
            ds = f[path]
            if list(ds.shape) != want["shape"]:
                fail(path, f"shape {list(ds.shape)} != {want['shape']}")
            got_dtype = dtype_name(ds)
            if got_dtype != want["dtype"]:
                fail(path, f"dtype {got_dtype} != {want['dtype']}")
            if "chunks" in want and (list(ds.chunks) if ds.chunks else None) != want["chunks"]:
                fail(path, f"chunks {ds.chunks} != {want['chunks']}")
            if "compression" in want and ds.compression != want["compression"]:
                fail(path, f"compression {ds.compression} != {want['compression']}")
            if "compression_opts" in want and ds.compression_opts != want["compression_opts"]:
                fail(path, f"compression_opts {ds.compression_opts} != {want['compression_opts']}")
            if "maxshape" in want and list(ds.maxshape) != want["maxshape"]:
                fail(path, f"maxshape {ds.maxshape} != {want['maxshape']}")
            if "values" in want:
                got = dataset_values(f, ds)
                if not same(got, want["values"]):
                    fail(path, f"values {got!r} != {want['values']!r}")
        for path, attrs in spec.get("attrs", {}).items():
            obj = f[path]
            for name, want in attrs.items():
                if name not in obj.attrs:
                    fail(f"{path}@{name}", "missing attribute")
                    continue
                got = obj.attrs[name]
                if isinstance(got, h5py.Reference):
                    got = {"ref": f[got].name}
                else:
                    got = as_plain(got)
                if not same(got, want):
                    fail(f"{path}@{name}", f"{got!r} != {want!r}")
        for path, targets in spec.get("refs", {}).items():
            got = [f[r].name for r in f[path][()]]
            if got != targets:
                fail(path, f"references point to {got} != {targets}")
        for path, regions in spec.get("region_refs", {}).items():
            refs = f[path][()]
            if len(refs) != len(regions):
                fail(path, f"{len(refs)} region references != {len(regions)}")
                continue
            for i, (r, want) in enumerate(zip(refs, regions)):
                target = f[r]
                if target.name != want["target"]:
                    fail(f"{path}[{i}]", f"target {target.name} != {want['target']}")
                got = as_plain(target[r])
                if not same(got, want["values"]):
                    fail(f"{path}[{i}]", f"region values {got!r} != {want['values']!r}")
        for path, want in spec.get("links", {}).items():
            link = f.get(path, getlink=True)
            if want["kind"] == "soft":
                if not isinstance(link, h5py.SoftLink) or link.path != want["target"]:
                    fail(path, f"expected soft link to {want['target']}, got {link!r}")
            elif want["kind"] == "external":
                if (
                    not isinstance(link, h5py.ExternalLink)
                    or link.path != want["target"]
                    or link.filename != want["file"]
                ):
                    fail(path, f"expected external link to {want['file']}:{want['target']}, got {link!r}")
                elif "values" in want and not same(as_plain(f[path][()]), want["values"]):
                    fail(path, "external link target values differ")
    return errors


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not Path(argv[1]).is_dir():
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    directory = Path(argv[1])
    pairs = sorted(p for p in directory.glob("*.json") if p.with_suffix(".h5").exists())
    if not pairs:
        print(f"no NAME.h5 + NAME.json pairs in {directory}", file=sys.stderr)
        return 1
    errors: list[str] = []
    for spec_path in pairs:
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        file_errors = check_file(spec_path.with_suffix(".h5"), spec)
        n = sum(len(spec.get(k, {})) for k in ("datasets", "attrs", "refs", "region_refs", "links"))
        status = "ok" if not file_errors else f"{len(file_errors)} mismatches"
        print(f"{spec_path.with_suffix('.h5').name}: {n} entries checked, {status}")
        errors.extend(file_errors)
    for e in errors:
        print("MISMATCH", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

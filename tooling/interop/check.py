"""Interop check: can the reference Python stack read these NWB files?

Usage:  python check.py [--max-read-mb N] [--no-inspector] [--skip-validate] PATH [PATH ...]

PATH is an .nwb file, or a directory meaning every *.nwb below it (recursive).
Run it through tooling/interop/run.sh, which uses the oracle venv
(pynwb / hdmf / nwbinspector pinned in tooling/oracle/requirements.lock.txt).

For each file:
  1. pynwb.NWBHDF5IO(path, "r", load_namespaces=True).read(), then touch every
     object in nwbfile.objects: every field is accessed and every HDF5 dataset
     behind a field is read in full when it is at most --max-read-mb (default 64)
     MiB (larger ones get a one-element read).
  2. nwbinspector.inspect_nwbfile(nwbfile_path=path) (includes pynwb.validate);
     every finding is printed as IMPORTANCE check_name @ location: message.

Exit status: 0 if every file read and no finding has importance CRITICAL or
above (CRITICAL, PYNWB_VALIDATION, ERROR); 1 otherwise; 2 on usage errors.
"""

from __future__ import annotations

import argparse
import sys
import traceback
import warnings
from pathlib import Path

FAIL_IMPORTANCES = ("CRITICAL", "PYNWB_VALIDATION", "ERROR")


def _clip(text: str, limit: int = 400) -> str:
    text = str(text)
    if len(text) <= limit:
        return text
    half = limit // 2  # keep both ends: errors often put the useful part last
    return f"{text[:half]} ...[{len(text) - 2 * half} chars]... {text[-half:]}"


def _expand(paths: list[str]) -> tuple[list[Path], list[str]]:
    files: list[Path] = []
    errors: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(q for q in path.rglob("*.nwb") if q.is_file())
            if not found:
                errors.append(f"{p}: directory contains no *.nwb files")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            errors.append(f"{p}: no such file or directory")
    # de-duplicate, keep order
    seen: set[Path] = set()
    unique = []
    for f in files:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique, errors


class _Toucher:
    def __init__(self, max_bytes: int):
        import h5py
        from hdmf.backends.hdf5.h5_utils import H5Dataset

        self.h5py = h5py
        self.H5Dataset = H5Dataset
        self.max_bytes = max_bytes
        self.read_full = 0
        self.read_partial = 0
        self.bytes_read = 0
        self._seen: set = set()  # h5py ObjectIDs (hashable; kept alive by the set)

    def _read_h5(self, ds) -> None:
        key = ds.id
        if key in self._seen:
            return
        self._seen.add(key)
        nbytes = int(ds.size) * int(ds.dtype.itemsize)
        if nbytes <= self.max_bytes:
            ds[()]
            self.read_full += 1
            self.bytes_read += nbytes
        else:
            if ds.shape and ds.shape[0] > 0:
                ds[(0,) * len(ds.shape)]
            self.read_partial += 1

    def touch(self, value, depth: int = 0) -> None:
        if depth > 3:
            return
        if isinstance(value, self.h5py.Dataset):
            self._read_h5(value)
        elif isinstance(value, self.H5Dataset):
            ds = value.dataset
            nbytes = int(ds.size) * int(ds.dtype.itemsize)
            if nbytes <= self.max_bytes:
                value[:]  # resolves object/region references through hdmf
                self.read_full += 1
                self.bytes_read += nbytes
            else:
                self._read_h5(ds)
        elif isinstance(value, (list, tuple)) and len(value) <= 10_000:
            for v in value:
                self.touch(v, depth + 1)
        elif isinstance(value, dict) and len(value) <= 10_000:
            for v in value.values():
                self.touch(v, depth + 1)


def _check_structure(obj, max_bytes: int) -> list[str]:
    """Cheap consistency checks that pynwb's read does not do by itself.

    * VectorIndex: offsets non-decreasing, each in [0, len(target)].
    * DynamicTableRegion: each index in [0, len(table)).
    Skipped for datasets larger than max_bytes.
    """
    import numpy as np
    from hdmf.common import DynamicTableRegion, VectorIndex

    def small(d) -> bool:
        size = getattr(d, "size", None)
        itemsize = getattr(getattr(d, "dtype", None), "itemsize", 8)
        return size is None or int(size) * int(itemsize) <= max_bytes

    out: list[str] = []
    name = f"{obj.neurodata_type} '{obj.name}'"
    parent = getattr(obj, "parent", None)
    if parent is not None:
        name += f" in '{parent.name}'"
    if isinstance(obj, VectorIndex) and small(obj.data):
        idx = np.asarray(obj.data[()] if hasattr(obj.data, "shape") else obj.data)
        n_target = len(obj.target.data)
        if idx.size:
            if np.any(np.diff(idx.astype(np.int64)) < 0):
                out.append(f"{name}: offsets are not non-decreasing")
            if idx.min() < 0 or idx.max() > n_target:
                out.append(f"{name}: offsets outside [0, {n_target}] (target has {n_target} elements)")
    elif isinstance(obj, DynamicTableRegion) and small(obj.data):
        idx = np.asarray(obj.data[()] if hasattr(obj.data, "shape") else obj.data)
        n_rows = len(obj.table) if obj.table is not None else None
        if idx.size and n_rows is not None and (idx.min() < 0 or idx.max() >= n_rows):
            out.append(f"{name}: row indices outside [0, {n_rows}) of table '{obj.table.name}'")
    return out


def read_file(path: Path, max_bytes: int) -> tuple[bool, list[str]]:
    """Open, read and touch everything. Returns (ok, lines to print)."""
    import pynwb
    from hdmf.container import Data

    lines: list[str] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with pynwb.NWBHDF5IO(str(path), "r", load_namespaces=True) as io:
                nwbfile = io.read()
                toucher = _Toucher(max_bytes)
                n_objects = 0
                problems: list[str] = []
                for obj in nwbfile.objects.values():
                    n_objects += 1
                    for name in list(obj.fields):
                        toucher.touch(getattr(obj, name, None))
                    if isinstance(obj, Data):
                        toucher.touch(obj.data)
                        problems.extend(_check_structure(obj, max_bytes))
                version = getattr(nwbfile, "nwb_version", None) or io._file.attrs.get("nwb_version")
                if isinstance(version, bytes):
                    version = version.decode()
        for p in problems:
            lines.append(f"  STRUCTURE ERROR: {p}")
        seen_w = set()
        for w in caught:
            msg = f"{w.category.__name__}: {w.message}"
            if msg not in seen_w:
                seen_w.add(msg)
                lines.append(f"  read warning: {msg}")
        lines.insert(
            0,
            f"  read OK: nwb_version={version} objects={n_objects} "
            f"datasets_read_full={toucher.read_full} ({toucher.bytes_read} bytes) "
            f"datasets_read_partial={toucher.read_partial}",
        )
        return not problems, lines
    except Exception as e:  # noqa: BLE001 - any failure to read is a finding
        lines.append(f"  READ FAILED: {_clip(f'{type(e).__name__}: {e}')}")
        tb = traceback.format_exc().rstrip().splitlines()
        lines.extend("    " + _clip(t) for t in tb[-8:-1])
        return False, lines


def inspect(path: Path, skip_validate: bool = False) -> tuple[bool, list[str]]:
    from nwbinspector import inspect_nwbfile

    lines: list[str] = []
    ok = True
    counts: dict[str, int] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        messages = [m for m in inspect_nwbfile(nwbfile_path=str(path), skip_validate=skip_validate) if m is not None]
    for m in messages:
        imp = m.importance.name
        counts[imp] = counts.get(imp, 0) + 1
        if imp in FAIL_IMPORTANCES:
            ok = False
        where = m.location or "/"
        obj = f" ({m.object_type} '{m.object_name}')" if m.object_type or m.object_name else ""
        msg_lines = str(m.message).rstrip().splitlines() or [""]
        lines.append(f"  {imp} {_clip(m.check_function_name)} @ {where}{obj}: {_clip(msg_lines[0])}")
        lines.extend("      " + _clip(ml) for ml in msg_lines[1:40])
    summary = ", ".join(f"{k}={v}" for k, v in sorted(counts.items())) or "no findings"
    lines.insert(0, f"  nwbinspector: {summary}")
    return ok, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="tooling/interop/run.sh",
        description="Read NWB files with pynwb and run nwbinspector on them.",
    )
    parser.add_argument("paths", nargs="*", help=".nwb files or directories (searched recursively)")
    parser.add_argument("--max-read-mb", type=float, default=64.0, help="read datasets up to this size in full")
    parser.add_argument("--no-inspector", action="store_true", help="only do the pynwb read")
    parser.add_argument(
        "--skip-validate",
        action="store_true",
        help="run nwbinspector without its pynwb.validate step (schema validation)",
    )
    args = parser.parse_args(argv)
    if not args.paths:
        parser.print_usage(sys.stderr)
        print("error: give at least one .nwb file or directory", file=sys.stderr)
        return 2

    files, errors = _expand(args.paths)
    for e in errors:
        print(f"ERROR: {e}")
    max_bytes = int(args.max_read_mb * 1024 * 1024)

    import nwbinspector
    import pynwb
    import hdmf

    print(f"pynwb {pynwb.__version__}, hdmf {hdmf.__version__}, nwbinspector {nwbinspector.__version__}")
    failed: list[str] = [e.split(":")[0] for e in errors]
    for f in files:
        print(f"== {f}")
        ok_read, lines = read_file(f, max_bytes)
        for line in lines:
            print(line)
        ok_inspect = True
        if ok_read and not args.no_inspector:
            ok_inspect, lines = inspect(f, skip_validate=args.skip_validate)
            for line in lines:
                print(line)
        status = "PASS" if (ok_read and ok_inspect) else "FAIL"
        print(f"  {status}")
        if status == "FAIL":
            failed.append(str(f))
        sys.stdout.flush()

    total = len(files) + len(errors)
    print(f"interop: {total - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Fixtures for @sdk/core NRRD and NPY/NPZ readers: small files written by pynrrd and numpy,
plus JSON of what pynrrd (index_order='F') and numpy read back from them.

For every file: header (NRRD) or descr/fortran_order (NPY), shape, and the elements in file
order (`flatten(order='F')` for NRRD and Fortran-ordered NPY, C order otherwise). 64-bit integer
elements are written as strings so that JSON keeps them exact.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import nrrd
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, write_json  # noqa: E402


def elements(a: np.ndarray, order: str) -> list:
    flat = a.flatten(order=order)
    if flat.dtype.kind in "iu" and flat.dtype.itemsize == 8:
        return [str(int(x)) for x in flat]
    if flat.dtype.kind == "b":
        return [int(x) for x in flat]
    if flat.dtype.kind == "S":
        return [x.decode("utf-8") for x in flat]
    return flat.tolist()


def header_json(h: dict) -> dict:
    out = {}
    for k, v in h.items():
        out[k] = v.tolist() if isinstance(v, np.ndarray) else v
    return out


def nrrd_cases(d: Path) -> list[Path]:
    rng = np.random.default_rng(7)
    files: list[Path] = []
    cases = []

    def add(name: str, data: np.ndarray | None, header: dict, **kw) -> None:
        path = d / name
        if data is not None:
            nrrd.write(str(path), data, header, index_order="F", **kw)
            # pynrrd stamps the write time into a comment; pin it so the fixture bytes are reproducible
            raw = path.read_bytes()
            path.write_bytes(re.sub(rb"# on [0-9: -]+\(GMT\)\.", b"# on 2000-01-01 00:00:00(GMT).", raw, count=1))
        files.append(path)
        if kw.get("detached_header"):
            # pynrrd writes <name>.nhdr + a data file next to it
            for extra in sorted(d.glob(Path(name).stem + ".*")):
                if extra not in files:
                    files.append(extra)
        back, h = nrrd.read(str(path), index_order="F")
        cases.append({"file": name, "header": header_json(h), "shape": list(back.shape),
                      "dtype": back.dtype.str, "elements": elements(back, "F")})

    add("u8_raw.nrrd", rng.integers(0, 255, (4, 3, 2), dtype=np.uint8), {"encoding": "raw"})
    add("i16_gzip.nrrd", rng.integers(-3000, 3000, (5, 4, 3), dtype=np.int16),
        {"encoding": "gzip", "space": "left-posterior-superior",
         "space directions": np.diag([25.0, 25.0, 25.0]), "kinds": ["domain"] * 3,
         "space origin": np.array([-5.5, 0.0, 12.25])})
    add("u32_raw_big.nrrd", rng.integers(0, 2**32 - 1, (3, 4, 5), dtype=np.uint64).astype(">u4"),
        {"encoding": "raw", "space": "left-posterior-superior", "kinds": ["domain"] * 3,
         "space directions": np.diag([10.0, 10.0, 10.0]), "space origin": np.zeros(3),
         "my_custom": "some value", "another": "1 2 3"})
    add("f32_gzip_spacings.nrrd", rng.normal(size=(6, 5)).astype(np.float32),
        {"encoding": "gzip", "spacings": [0.5, 2.0], "units": ["mm", "mm"], "labels": ["x", "y"],
         "content": "test volume"})
    vec = rng.normal(size=(3, 4, 3, 2))
    vec[0, 0, 0, 0] = np.nan
    vec[1, 0, 0, 0] = np.inf
    add("f64_4d_none_dir.nrrd", vec,
        {"encoding": "gzip", "space": "right-anterior-superior", "kinds": ["vector", "domain", "domain", "domain"],
         "space directions": np.array([[np.nan] * 3, [1.0, 0, 0], [0, 1.0, 0], [0, 0, 1.0]]),
         "space origin": np.array([1.0, 2.0, 3.0]), "measurement frame": np.eye(3)})
    add("f64_ascii.nrrd", rng.normal(size=(3, 2)).round(6), {"encoding": "ascii"})
    add("i64_raw.nrrd", np.array([[2**62 + 1, -(2**60) - 3], [7, -1], [0, 2**53 + 1]], dtype=np.int64),
        {"encoding": "raw"})
    add("u64_gzip_big.nrrd", np.array([2**64 - 1, 2**63, 1, 0], dtype=">u8"), {"encoding": "gzip"})
    add("u16_gzip_big.nrrd", rng.integers(0, 65535, (7, 3), dtype=np.uint16).astype(">u2"),
        {"encoding": "gzip", "space dimension": 2, "space directions": np.array([[2.0, 0.5], [0.0, 3.0]])})
    add("i8_raw.nrrd", rng.integers(-128, 127, (4, 5), dtype=np.int8), {"encoding": "raw"})
    add("f32_detached_gz.nhdr", rng.normal(size=(3, 3, 2)).astype(np.float32), {"encoding": "gzip"},
        detached_header=True)

    # Allen-style header written by hand: type alias, NRRD0004, gzip, comments, a `key:=value`.
    ann = rng.choice(np.array([0, 997, 8, 567, 2**31 + 5], dtype=np.uint32), size=(6, 4, 5))
    raw = ann.tobytes(order="F")
    import gzip
    body = gzip.compress(raw, compresslevel=6, mtime=0)
    head = (
        "NRRD0004\n# Complete NRRD file format specification at:\n# http://teem.sourceforge.net/nrrd/format.html\n"
        "type: unsigned int\ndimension: 3\nspace: left-posterior-superior\nsizes: 6 4 5\n"
        "space directions: (10,0,0) (0,10,0) (0,0,10)\nkinds: domain domain domain\nendian: little\n"
        "encoding: gzip\nspace origin: (0,0,0)\nsource:=allen style\n\n"
    )
    (d / "allen_style_annotation.nrrd").write_bytes(head.encode("ascii") + body)
    add("allen_style_annotation.nrrd", None, {})

    # Aliases, byte skip and line skip, big endian, raw; written by hand.
    vals = np.arange(-6, 6, dtype=">i2").reshape(3, 4)
    head = ("NRRD0005\ntype: signed short int\ndimension: 2\nsizes: 4 3\nendian: big\nencoding: raw\n"
            "byte skip: 3\nline skip: 1\n\n")
    (d / "alias_skips.nrrd").write_bytes(head.encode() + b"junk line\n" + b"XYZ" + vals.tobytes())
    add("alias_skips.nrrd", None, {})
    head = "NRRD0005\ntype: uchar\ndimension: 1\nsizes: 5\nencoding: raw\nbyte skip: -1\n\n"
    (d / "byteskip_end.nrrd").write_bytes(head.encode() + b"\x00\x01garbage" + bytes([9, 8, 7, 6, 5]))
    add("byteskip_end.nrrd", None, {})

    write_json(d / "nrrd_cases.json", {"pynrrd": nrrd.__version__, "cases": cases})
    return files + [d / "nrrd_cases.json"]


def savez_fixed_time(path: Path, arrays: dict, compression: int) -> None:
    """np.savez / np.savez_compressed (numpy 1.23 `_savez`: zip64 forced, `<key>.npy` members),
    with a fixed member date instead of the current time so the bytes are reproducible."""
    with zipfile.ZipFile(path, mode="w", compression=compression, allowZip64=True) as zf:
        for key, val in arrays.items():
            info = zipfile.ZipInfo(key + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compression
            with zf.open(info, "w", force_zip64=True) as fid:
                np.lib.format.write_array(fid, np.asanyarray(val), allow_pickle=False)


def npy_cases(d: Path) -> list[Path]:
    rng = np.random.default_rng(11)
    files: list[Path] = []
    cases = []

    def add(name: str, arr: np.ndarray, version=None) -> None:
        path = d / name
        with open(path, "wb") as f:
            np.lib.format.write_array(f, arr, version=version)
        files.append(path)
        back = np.load(path)
        fortran = bool(back.flags.f_contiguous and not back.flags.c_contiguous)
        cases.append({"file": name, "descr": np.lib.format.dtype_to_descr(back.dtype), "fortran_order": fortran,
                      "shape": list(back.shape), "elements": elements(back, "F" if fortran else "C"),
                      "version": list(version) if version else [1, 0]})

    base = rng.normal(size=(3, 4)) * 100
    add("b1.npy", rng.random((2, 3)) < 0.5)
    for dt in ["i1", "u1", "<i2", ">i2", "<u2", ">u2", "<i4", ">i4", "<u4", "<i8", ">i8", "<u8", ">u8",
               "<f2", "<f4", ">f4", "<f8", ">f8"]:
        arr = base.astype(dt) if dt[-2] in "fi" or dt[-2:] in ("f2",) else np.abs(base).astype(dt)
        tag = dt.replace("<", "le_").replace(">", "be_")
        add(f"{tag}.npy", arr)
    add("i64_big_values.npy", np.array([2**62 + 3, -(2**63), 2**63 - 1], dtype="<i8"))
    add("f8_fortran.npy", np.asfortranarray(rng.normal(size=(3, 4, 2))))
    add("i4_fortran_be.npy", np.asfortranarray(rng.integers(-9, 9, (4, 3)).astype(">i4")))
    add("f8_nan_inf.npy", np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324]))
    add("scalar.npy", np.array(3.5))
    add("empty.npy", np.zeros((0, 3), dtype=np.int32))
    add("v2.npy", rng.normal(size=5), version=(2, 0))
    add("v3.npy", np.arange(6, dtype=np.int16).reshape(2, 3), version=(3, 0))
    add("unicode.npy", np.array([["a", "héllo"], ["😀x", ""]]))
    add("unicode_be.npy", np.array(["ab", "c"], dtype=">U3"))
    add("bytes.npy", np.array([b"ab", b"", b"xyz"]))
    # unsupported ones: TS must throw E_UNSUPPORTED
    unsupported = []
    for name, arr in [("complex.npy", np.array([1 + 2j])), ("object.npy", np.array([{"a": 1}], dtype=object)),
                      ("structured.npy", np.zeros(2, dtype=[("a", "<i4"), ("b", "<f8")])),
                      ("datetime.npy", np.array(["2020-01-01"], dtype="datetime64[D]"))]:
        path = d / name
        np.save(path, arr, allow_pickle=True)
        files.append(path)
        unsupported.append(name)

    ev = np.asfortranarray(rng.normal(size=(3, 5)))
    arrays = {"ev": ev, "ints": np.arange(5, dtype=np.uint16), "flags": np.array([True, False]),
              "names": np.array(["x", "yz"])}
    savez_fixed_time(d / "stored.npz", arrays, zipfile.ZIP_STORED)
    savez_fixed_time(d / "compressed.npz", arrays, zipfile.ZIP_DEFLATED)
    files += [d / "stored.npz", d / "compressed.npz"]
    npz = {}
    for name in ["stored.npz", "compressed.npz"]:
        with np.load(d / name) as z:
            npz[name] = {}
            for k in z.files:
                a = z[k]
                fortran = bool(a.flags.f_contiguous and not a.flags.c_contiguous)
                npz[name][k] = {"descr": np.lib.format.dtype_to_descr(a.dtype), "fortran_order": fortran,
                                "shape": list(a.shape), "elements": elements(a, "F" if fortran else "C")}
    write_json(d / "npy_cases.json", {"numpy": np.__version__, "cases": cases, "unsupported": unsupported,
                                      "npz": npz})
    return files + [d / "npy_cases.json"]


def main() -> None:
    root = fixture_dir("core") / "formats"
    nd = root / "nrrd"
    pd_ = root / "npy"
    for p in (nd, pd_):
        p.mkdir(parents=True, exist_ok=True)
        for old in p.iterdir():
            old.unlink()
    files = nrrd_cases(nd) + npy_cases(pd_)
    record("core", files, __file__, libs=["numpy", "pynrrd"])


if __name__ == "__main__":
    main()

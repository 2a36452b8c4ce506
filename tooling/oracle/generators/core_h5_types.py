"""Write packages/core/test/fixtures/h5_types.h5 (+ h5_types_ext.h5, h5_types.json).

Small HDF5 files written by h5py that cover every type the @sdk/core HDF5 wrapper reads:
all integer widths (both endiannesses), float16/32/64 with NaN/inf, h5py booleans and a custom
enum, variable-length and fixed-length strings (ASCII and UTF-8), a compound type (with a
fixed string, a vlen string and an array member), vlen numeric rows, 3-d chunked datasets with
gzip + shuffle, a scalar dataset, an empty dataset, object and region references, soft,
external and broken links, and attributes (scalars, arrays, strings, bools, UTF-8).

h5_types.json is produced by reading the file back with h5py, so it states what is in the file:

  datasets{path: {shape, dtype (numpy str), values}}   values as nested lists; int64/uint64
                                                      values as decimal strings (exact)
  attrs{path: {name: value}}                          bytes decoded as UTF-8
  refs{path: [target name, ...]}                      object references
  region_refs{path: [{target, values}]}               region references: target + selected values
  links{path: {kind, target?, file?}}                 soft / external links
  tree[]                                              every path (visititems order), with kind
"""

from __future__ import annotations

import sys
from pathlib import Path

import h5py
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, write_json  # noqa: E402

PACKAGE = "core"
H5_NAME = "h5_types.h5"
EXT_NAME = "h5_types_ext.h5"
JSON_NAME = "h5_types.json"
SEED = 7
SLICES = [
    ("/nd/cube", [[1, 4, 2], [None, None, 2], 3]),
    ("/nd/cube", [None, [1, 4], [0, 6, 5]]),
    ("/nd/cube", [2, 3, 4]),
    ("/nd/int3d", [0, [1, 3], [None, None, 3]]),
    ("/nd/int3d", [[-2, None], -1]),
    ("/ints/le_i8", [[1, 5, 3]]),
    ("/strings/vlen_utf8", [[1, 4]]),
    ("/strings/grid", [None, [1, 3]]),
    ("/floats/be_f8", [[-4, None]]),
    ("/nd/resizable", [[2, 9, 3]]),
]


def exact(arr: np.ndarray):
    """Nested lists; 64-bit integers as strings so JS can compare them exactly."""
    if arr.dtype.kind in "iu" and arr.dtype.itemsize == 8:
        return np.vectorize(lambda v: str(int(v)), otypes=[object])(arr).tolist() if arr.size else []
    return arr.tolist()


def plain(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "O":
            return [plain(v) for v in value.tolist()]
        if value.dtype.kind == "S":
            return [plain(v) for v in value.tolist()]
        return exact(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        if value.dtype.kind in "iu" and value.dtype.itemsize == 8:
            return str(int(value))
        return value.item()
    return value


def dataset_values(ds: h5py.Dataset):
    dt = ds.dtype
    if ds.shape is None:
        return None
    if dt.names:  # compound: one list per field
        data = ds[()]
        out = {}
        for name in dt.names:
            col = data[name]
            if col.dtype.kind == "O":
                out[name] = [plain(v) for v in col.tolist()]
            elif col.dtype.kind == "S":
                out[name] = [v.decode("utf-8") for v in col.tolist()]
            else:
                out[name] = exact(col)
        return out
    if h5py.check_vlen_dtype(dt) not in (None, str, bytes):  # vlen numeric
        return [exact(np.asarray(row)) for row in ds[()]]
    if h5py.check_string_dtype(dt) is not None:
        data = ds.asstr()[()]
        return data.tolist() if isinstance(data, np.ndarray) else data
    if h5py.check_ref_dtype(dt) is not None:
        return None  # described in refs / region_refs
    return plain(ds[()])


def main() -> None:
    rng = np.random.default_rng(SEED)
    out = fixture_dir(PACKAGE)
    h5_path = out / H5_NAME
    ext_path = out / EXT_NAME

    with h5py.File(ext_path, "w") as ext:
        ext.create_dataset("data", data=np.arange(5, dtype="<i4") * 3)

    with h5py.File(h5_path, "w", track_order=False) as f:
        ints = f.create_group("ints")
        for code in ["i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8"]:
            info = np.iinfo(code)
            vals = np.array([info.min, info.min + 1, 0, 1, info.max - 1, info.max], dtype=code)
            ints.create_dataset(f"le_{code}", data=vals.astype("<" + code))
            ints.create_dataset(f"be_{code}", data=vals.astype(">" + code))
        floats = f.create_group("floats")
        special = [np.nan, np.inf, -np.inf, 0.0, -0.0]
        for code in ["f2", "f4", "f8"]:
            vals = np.concatenate([rng.normal(size=6), special, [1.5, -2.25]]).astype(code)
            floats.create_dataset(f"le_{code}", data=vals.astype("<" + code))
            floats.create_dataset(f"be_{code}", data=vals.astype(">" + code))

        enums = f.create_group("enums")
        enums.create_dataset("bool", data=np.array([True, False, False, True, True]))
        color = h5py.enum_dtype({"RED": 0, "GREEN": 1, "BLUE": 2}, basetype="i1")
        enums.create_dataset("color", data=np.array([2, 0, 1, 1], dtype="i1"), dtype=color)

        strings = f.create_group("strings")
        strings.create_dataset(
            "vlen_utf8", data=["alpha", "µm ✓", "", "naïve café"], dtype=h5py.string_dtype("utf-8")
        )
        strings.create_dataset(
            "vlen_ascii", data=np.array([b"abc", b"de", b""], dtype=h5py.string_dtype("ascii"))
        )
        strings.create_dataset("fixed_ascii", data=np.array([b"abc", b"defghij", b""], dtype="S8"))
        strings.create_dataset(
            "fixed_utf8",
            data=np.array(["µm".encode(), "x".encode()], dtype=h5py.string_dtype("utf-8", 6)),
        )
        strings.create_dataset("scalar", data="a scalar string", dtype=h5py.string_dtype("utf-8"))
        strings.create_dataset("grid", data=np.array([["a", "b", "c"], ["d", "e", "f"]], dtype=object),
                               dtype=h5py.string_dtype("utf-8"))

        comp = np.dtype(
            [
                ("id", "<i4"),
                ("x", "<f8"),
                ("code", "S4"),
                ("label", h5py.string_dtype("utf-8")),
                ("flag", "?"),
                ("big", "<i8"),
                ("v", "<f4", (3,)),
            ]
        )
        rows = np.zeros(4, dtype=comp)
        rows["id"] = [1, 2, 3, 4]
        rows["x"] = [0.5, -1.25, np.nan, 1e300]
        rows["code"] = [b"ab", b"cdef", b"", b"z"]
        rows["label"] = ["one", "twö", "", "four"]
        rows["flag"] = [True, False, True, False]
        rows["big"] = [2**62, -(2**40), 0, 7]
        rows["v"] = np.arange(12, dtype="<f4").reshape(4, 3) / 4
        f.create_dataset("compound/table", data=rows)

        vl = f.create_group("vlen")
        dti = h5py.vlen_dtype(np.dtype("<i4"))
        vi = vl.create_dataset("ints", (3,), dtype=dti)
        vi[0] = [1, 2, 3]
        vi[1] = []
        vi[2] = [-5, 6]
        dtf = h5py.vlen_dtype(np.dtype("<f8"))
        vf = vl.create_dataset("floats", (2,), dtype=dtf)
        vf[0] = [0.5]
        vf[1] = [1.0, 2.0, 3.5, -4.0]

        nd = f.create_group("nd")
        cube = rng.normal(size=(4, 5, 6)).astype("<f4")
        nd.create_dataset("cube", data=cube, chunks=(2, 3, 3), compression="gzip", compression_opts=4, shuffle=True)
        nd.create_dataset(
            "int3d", data=np.arange(60, dtype="<i2").reshape(3, 4, 5) - 30, chunks=(1, 4, 5), compression="gzip"
        )
        nd.create_dataset("scalar", data=np.float64(3.25))
        nd.create_dataset("scalar_int", data=np.int32(-7))
        nd.create_dataset("empty", shape=(0,), dtype="<f8")
        nd.create_dataset("resizable", data=np.arange(10, dtype="<f8"), maxshape=(None,), chunks=(4,))
        nd["cube"].attrs["unit"] = "volts"

        filt = f.create_group("filters")
        ramp = np.arange(200, dtype="<i4").reshape(20, 10)
        filt.create_dataset("fletcher32", data=ramp, chunks=(5, 10), fletcher32=True)
        filt.create_dataset("scaleoffset", data=ramp, chunks=(5, 10), scaleoffset=0)
        filt.create_dataset("gzip9_shuffle", data=ramp, chunks=(4, 5), compression="gzip", compression_opts=9, shuffle=True)
        filt.create_dataset("lzf", data=ramp, chunks=(5, 10), compression="lzf")
        # Blosc (32001) is a plugin filter h5wasm lacks without h5wasm-plugins: the chunk is
        # written raw, marked as blosc-compressed, and reading it must fail cleanly.
        blosc = filt.create_dataset(
            "blosc_unavailable", shape=(10,), dtype="<i4", chunks=(10,), compression=32001, allow_unknown_filter=True
        )
        blosc.id.write_direct_chunk((0,), np.arange(10, dtype="<i4").tobytes(), filter_mask=0)

        refs = f.create_group("refs")
        ref_targets = ["/ints/le_i4", "/nd", "/compound/table"]
        refs.create_dataset("objects", data=[f[t].ref for t in ref_targets], dtype=h5py.ref_dtype)
        region_specs = [("/floats/le_f8", np.s_[2:5]), ("/nd/int3d", np.s_[1:3, 0:2, 1:4])]
        refs.create_dataset(
            "regions", data=[f[t].regionref[s] for t, s in region_specs], dtype=h5py.regionref_dtype
        )
        refs.attrs["target"] = f["/nd/cube"].ref

        links = f.create_group("links")
        links["soft_dataset"] = h5py.SoftLink("/nd/cube")
        links["soft_group"] = h5py.SoftLink("/ints")
        links["broken"] = h5py.SoftLink("/does/not/exist")
        links["external"] = h5py.ExternalLink(EXT_NAME, "/data")

        f.attrs["int_attr"] = np.int64(42)
        f.attrs["float_attr"] = 2.5
        f.attrs["str_attr"] = "hello wörld"
        f.attrs["bytes_attr"] = np.bytes_(b"fixed bytes")
        f.attrs["int_array"] = np.array([1, 2, 3], dtype="<i2")
        f.attrs["float_array"] = np.array([0.5, np.nan], dtype="<f4")
        f.attrs["str_array"] = np.array(["a", "bc", "µ"], dtype=h5py.string_dtype("utf-8"))
        f.attrs["bool_attr"] = np.bool_(True)
        f.attrs["neurodata_type"] = "NWBFile"
        f["ints"].attrs["description"] = "integers of every width"

    # Read everything back: the JSON states what h5py sees in the file.
    result: dict = {"datasets": {}, "attrs": {}, "refs": {}, "region_refs": {}, "links": {}, "tree": []}
    with h5py.File(h5_path, "r") as f:

        def visit(name, obj):
            path = "/" + name
            link = f.get(path, getlink=True)
            if isinstance(link, h5py.SoftLink):
                return
            kind = "group" if isinstance(obj, h5py.Group) else "dataset"
            result["tree"].append({"path": path, "kind": kind})

        f.visititems(visit)
        for name in ["soft_dataset", "soft_group", "broken", "external"]:
            link = f["links"].get(name, getlink=True)
            if isinstance(link, h5py.SoftLink):
                result["links"]["/links/" + name] = {"kind": "soft", "target": link.path}
            else:
                result["links"]["/links/" + name] = {"kind": "external", "file": link.filename, "target": link.path}

        def collect(name, obj):
            path = "/" + name
            if obj.attrs:
                result["attrs"][path] = {
                    k: (plain(v) if not isinstance(v, h5py.Reference) else {"ref": f[v].name})
                    for k, v in obj.attrs.items()
                }
            if isinstance(obj, h5py.Dataset):
                if path == "/filters/blosc_unavailable":
                    return
                result["datasets"][path] = {
                    "shape": list(obj.shape) if obj.shape is not None else None,
                    "dtype": obj.dtype.str if not obj.dtype.names else "compound",
                    "chunks": list(obj.chunks) if obj.chunks else None,
                    "compression": obj.compression,
                    "shuffle": obj.shuffle,
                    "maxshape": list(obj.maxshape) if obj.maxshape is not None else None,
                    "values": dataset_values(obj),
                }

        result["attrs"]["/"] = {k: plain(v) for k, v in f.attrs.items()}
        f.visititems(collect)
        result["refs"]["/refs/objects"] = [f[r].name for r in f["/refs/objects"][()]]
        result["region_refs"]["/refs/regions"] = [
            {"target": f[r].name, "values": plain(f[r][r])} for r in f["/refs/regions"][()]
        ]
        result["external_values"] = plain(f["/links/external"][()])
        # allensdk.core.h5_utilities on this file
        import functools

        from allensdk.core import h5_utilities as hu

        visited: list[str] = []
        hu.traverse_h5_file(lambda name, obj: visited.append(name), f)
        visited_nd: list[str] = []
        hu.traverse_h5_file(lambda name, obj: visited_nd.append(name), f, "/nd")
        relnames = ["le_i4", "cube", "table", "scalar", "strings"]
        located = hu.locate_h5_objects(functools.partial(hu.h5_object_matcher_relname_in, relnames), f)
        keyed = hu.keyed_locate_h5_objects(
            {r: functools.partial(hu.h5_object_matcher_relname_in, [r]) for r in relnames}, f
        )
        loaded = hu.load_datasets_by_relnames(["int3d", "resizable", "nothing_named_so"], f, "/nd")
        try:
            hu.load_datasets_by_relnames(["scalar_int"], f, "/nd")
            load_scalar_error = None
        except Exception as e:  # value[:] on a scalar dataset
            load_scalar_error = type(e).__name__
        result["h5_utilities"] = {
            "traverse": visited,
            "traverse_nd": visited_nd,
            "relnames": relnames,
            "locate": [o.name for o in located],
            "keyed": {k: v.name for k, v in keyed.items()},
            "load": {k: plain(np.asarray(v)) for k, v in loaded.items()},
            "load_scalar_error": load_scalar_error,
            "decode_bytes": hu.decode_bytes(f["/strings/fixed_ascii"]),
        }
        # Hyperslabs read by h5py: spec per axis is an int, null (all) or [start, stop, step].
        result["slices"] = []
        for path, spec in SLICES:
            key = tuple(
                s if isinstance(s, int) else slice(None) if s is None else slice(*s) for s in spec
            )
            value = f[path][key]
            result["slices"].append(
                {"path": path, "slice": spec, "shape": list(np.shape(value)), "values": plain(np.asarray(value))}
            )

    write_json(out / JSON_NAME, result)
    record(PACKAGE, [H5_NAME, EXT_NAME, JSON_NAME], __file__, libs=["numpy", "h5py", "allensdk"])


if __name__ == "__main__":
    main()

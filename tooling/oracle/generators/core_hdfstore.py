"""Fixtures for the @sdk/core pandas HDFStore (PyTables) reader and its restricted unpickler.

Writes packages/core/test/fixtures/hdfstore/:

  stores.h5      pandas 1.5.3 ``to_hdf`` output (PyTables), one key per layout:
                   fixed_numeric        fixed: int64/int32/float64 (x2)/float32/bool, default index
                   fixed_strings        fixed: two str columns (with None) → one pickled object block;
                                        index named ``cell_id``
                   fixed_string_index   fixed: str index (no missing) → 'S' array
                   fixed_object_index   fixed: str index with None → pickled object index
                   fixed_series         fixed Series named ``speed``
                   table_mixed          table: float/int/bool/str blocks + a data column, zlib
                   table_string_index   table: str index named ``key``
                   table_appended       table written in two appends
                   group/nested         fixed, at a nested key
                   fixed_lists          fixed: a column of lists → pickled objects (unsupported)
                   fixed_datetime       fixed: a datetime64 column (unsupported)
                   table_multiindex     table with a MultiIndex (unsupported)
  stores.json    {keys: HDFStore.keys(), frames: {key: frame}, unsupported: [key, ...]}
                 a frame is {columns, dtypes, index: {name, values}, values: [[...] per column]}
  pickles.json   [{protocol, hex, value}]: pickles of plain values and numpy arrays, with the
                 value as JSON (tuples as {"tuple": [...]}, dicts as {"dict": [[k, v], ...]},
                 arrays as {"ndarray": {shape, dtype, values (C order)}})
"""

from __future__ import annotations

import math
import pickle
import warnings

import numpy as np
import pandas as pd
import tables

from _common import fixture_dir, record, write_json

warnings.simplefilter("ignore")  # PerformanceWarning for pickled object blocks


def py(v):
    if v is None:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return float("nan")
    return v


def frame(df: pd.DataFrame):
    cols = [df.iloc[:, i] for i in range(df.shape[1])]
    return {
        "columns": [str(c) for c in df.columns],
        "dtypes": [c.dtype.str if c.dtype.kind != "O" else "object" for c in cols],
        "index": {"name": df.index.name, "values": [py(v) for v in df.index.tolist()]},
        "values": [[py(v) for v in c.tolist()] for c in cols],
    }


def jsonable(v):
    if isinstance(v, tuple):
        return {"tuple": [jsonable(x) for x in v]}
    if isinstance(v, dict):
        return {"dict": [[jsonable(k), jsonable(x)] for k, x in v.items()]}
    if isinstance(v, list):
        return [jsonable(x) for x in v]
    if isinstance(v, np.ndarray):
        return {"ndarray": {"shape": list(v.shape), "dtype": v.dtype.str,
                            "values": [jsonable(py(x)) for x in v.ravel(order="C").tolist()]}}
    if isinstance(v, bytes):
        return {"bytes": list(v)}
    if isinstance(v, int) and abs(v) > 2**53:
        return {"int": str(v)}
    return py(v)


def main() -> None:
    out = fixture_dir("core") / "hdfstore"
    out.mkdir(exist_ok=True)
    path = out / "stores.h5"
    raw = out / "stores.raw.h5"
    for p in (path, raw):
        if p.exists():
            p.unlink()
    rng = np.random.default_rng(11)
    n = 6
    numeric = pd.DataFrame({
        "i64": np.arange(n, dtype="int64") * 10**12,
        "i32": np.arange(n, dtype="int32") - 3,
        "f64": [0.5, np.nan, np.inf, -2.25, 1e-300, 3.0],
        "f32": np.array([1.5, -0.25, np.nan, 4.0, 5.5, 6.0], dtype="float32"),
        "f64b": np.linspace(-1, 1, 6),  # a second float64 column: a two-item block
        "flag": [True, False, True, True, False, False],
    })
    strings = pd.DataFrame({
        "cell_id": [101, 102, 103, 104],
        "name": ["alpha", None, "ünï", ""],
        "score": rng.normal(size=4),
        "label": ["p", "q", None, "s"],  # a second str column: a two-item pickled block
    }).set_index("cell_id")
    string_index = pd.DataFrame({"v": [1.0, 2.0, 3.0]}, index=pd.Index(["a", "bb", "ccé"], name="name"))
    object_index = pd.DataFrame({"v": [1, 2, 3]}, index=pd.Index(["x", None, "z"]))
    series = pd.Series([0.1, 0.2, np.nan, 0.4], name="speed")
    mixed = pd.DataFrame({
        "f": rng.normal(size=5),
        "g": [1.0, np.nan, 3.0, 4.0, 5.0],
        "i": np.arange(5, dtype="int64") - 2,
        "b": [True, False, False, True, True],
        "s": ["a", None, "ccc", "ü", "e"],
        "dc": np.arange(5, dtype="int32") * 7,
    })
    table_sidx = pd.DataFrame({"x": [1.5, 2.5], "n": [7, 8]}, index=pd.Index(["k1", "k2"], name="key"))
    part1 = pd.DataFrame({"a": [1.0, 2.0], "s": ["p", "q"]})
    part2 = pd.DataFrame({"a": [3.0], "s": ["rr"]}, index=[2])
    nested = pd.DataFrame({"q": [9, 8, 7]})
    lists = pd.DataFrame({"id": [1, 2], "arr": [[1, 2], [3]]})
    dt = pd.DataFrame({"t": pd.to_datetime(["2020-01-01", "2021-06-30"]), "v": [1, 2]})
    mi = pd.DataFrame({"v": [1.0, 2.0]}, index=pd.MultiIndex.from_tuples([(1, "a"), (2, "b")], names=["n", "c"]))

    # zlib everywhere: PyTables gives VLArrays 1 MiB chunks, which compress to almost nothing
    Z = {"complevel": 9, "complib": "zlib"}
    numeric.to_hdf(raw, key="fixed_numeric", format="fixed", **Z)
    strings.to_hdf(raw, key="fixed_strings", format="fixed", **Z)
    string_index.to_hdf(raw, key="fixed_string_index", format="fixed", **Z)
    object_index.to_hdf(raw, key="fixed_object_index", format="fixed", **Z)
    series.to_hdf(raw, key="fixed_series", format="fixed", **Z)
    mixed.to_hdf(raw, key="table_mixed", format="table", data_columns=["dc"], index=False, **Z)
    table_sidx.to_hdf(raw, key="table_string_index", format="table", index=False, **Z)
    part1.to_hdf(raw, key="table_appended", format="table", min_itemsize={"s": 4}, index=False, **Z)
    part2.to_hdf(raw, key="table_appended", format="table", append=True, index=False, **Z)
    nested.to_hdf(raw, key="group/nested", format="fixed", **Z)
    lists.to_hdf(raw, key="fixed_lists", format="fixed", **Z)
    dt.to_hdf(raw, key="fixed_datetime", format="fixed", **Z)
    mi.to_hdf(raw, key="table_multiindex", format="table", index=False, **Z)

    # pandas gives the pickled-object VLArrays 1 MiB chunks (64 Ki rows) that no filter touches;
    # re-chunk them with PyTables itself, then let PyTables copy the file (as ptrepack does) so
    # the freed space goes. The result is still a store that pandas reads (checked below).
    with tables.open_file(str(raw), "a") as h:
        for node in list(h.walk_nodes("/", classname="VLArray")):
            parent, name = node._v_parent, node._v_name
            node.copy(parent, name + "_rechunked", chunkshape=(16,))
            node.remove()
            h.get_node(parent, name + "_rechunked").rename(name)
    tables.copy_file(str(raw), str(path), overwrite=True)
    raw.unlink()

    unsupported = ["/fixed_lists", "/fixed_datetime", "/table_multiindex"]
    frames = {}
    with pd.HDFStore(path, "r") as store:
        keys = store.keys()
        for key in keys:
            if key in unsupported:
                continue
            obj = store[key]
            if isinstance(obj, pd.Series):
                obj = obj.to_frame()
            frames[key] = frame(obj)

    values = [
        None, True, 3, -70000, 2**40, 2**70, 1.5, float("nan"), "héllo\n\\ü€😀", b"\x00\xffab",
        [1, "a", None], ("t", 1), {"names": [None], "type": "Index", 1: {"x": 2.5}},
        [(1, ["a", "b"])],
    ]
    arrays = [
        np.array(["a", None, "ü", 1.5], dtype=object),
        np.array([["a", "b", "c"], ["d", None, "f"]], dtype=object).T,  # Fortran-ordered
        np.array([1.5, -2.0, np.nan]),
        np.array([[1, 2], [3, 4]], dtype=">i4"),
        np.array([True, False]),
    ]
    pickles = []
    for protocol in (0, 2, 4, 5):
        for v in values:
            pickles.append({"protocol": protocol, "hex": pickle.dumps(v, protocol).hex(), "value": jsonable(v)})
        for a in arrays:
            pickles.append({"protocol": protocol, "hex": pickle.dumps(a, protocol).hex(), "value": jsonable(a)})

    files = [
        path,
        write_json(out / "stores.json", {"keys": keys, "frames": frames, "unsupported": unsupported}),
        write_json(out / "pickles.json", pickles, indent=None),
    ]
    record("core", files, __file__, libs=["pandas", "tables", "numpy"])


if __name__ == "__main__":
    main()

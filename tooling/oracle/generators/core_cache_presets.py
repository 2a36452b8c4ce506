"""Fixtures for the @sdk/core Cache presets and helpers (allensdk.api.warehouse_cache.cache, 2.16.2).

Writes packages/core/test/fixtures/manifest/cache_presets.json:

  csv[]        records → Cache.csv_writer (file text) → cache_csv_json reader (records) and
               cache_csv / cache_csv_dataframe reader (frame)
  json_frame[] records → ju.write → cache_json_dataframe reader (pd.read_json orient=records)
  nocache[]    records → nocache_dataframe post (pd.DataFrame)
  load_csv[] / load_json[]   file text + rename/index → Cache.load_csv / Cache.load_json
  rename[] / remove[]        Cache.rename_columns / Cache.remove_keys on pd.DataFrame(records)
  wrap[]       Cache.wrap scenarios: the file text it leaves and what it returns

A frame is {columns, dtypes (numpy str), index: {name, values} | null, values: [[...] per column]}.
datetime64 columns (pd.read_json converts columns named *_at, *_time, timestamp*, date,
datetime, modified) are written as ISO strings with dtype "datetime64[ns]". Missing values are
NaN (bare token) or null (None) exactly as pandas holds them.
"""

from __future__ import annotations

import logging
import math
import os
import tempfile
import warnings

import numpy as np
import pandas as pd

from _common import fixture_dir, record, write_json

logging.disable(logging.CRITICAL)

import allensdk.core.json_utilities as ju  # noqa: E402
from allensdk.api.warehouse_cache.cache import Cache  # noqa: E402


def py(v):
    """A cell as JSON: numpy scalars unboxed, NaT/NaN as NaN, timestamps as ISO strings."""
    if v is None:
        return None
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    if v is pd.NaT:
        return float("nan")
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return float("nan")
    if isinstance(v, (list, tuple)):
        return [py(x) for x in v]
    return v


def frame(df: pd.DataFrame):
    cols = [df.iloc[:, i] for i in range(df.shape[1])]  # by position: names may repeat
    out = {
        "columns": [str(c) for c in df.columns],
        "dtypes": [c.dtype.str if c.dtype.kind != "O" else "object" for c in cols],
        "index": None,
        # one list per column, in column order (a dict could not hold repeated names)
        "values": [[py(v) for v in c.tolist()] for c in cols],
    }
    if not isinstance(df.index, pd.RangeIndex) or df.index.name is not None:
        out["index"] = {"name": df.index.name, "values": [py(v) for v in df.index.tolist()]}
    return out


def records_out(recs):
    return [{str(k): py(v) for k, v in r.items()} for r in recs]


CSV_CASES = {
    "mixed": [
        {"id": 1, "name": "alpha", "score": 0.5, "ok": True, "note": None},
        {"id": 2, "name": "be,ta", "score": 1e-05, "ok": False, "note": "say \"hi\""},
        {"id": 3, "name": "gamma", "score": None, "ok": True, "note": "x"},
    ],
    "ints_with_gap": [{"a": 1, "b": "x"}, {"a": None, "b": "y"}, {"a": 3, "b": None}],
    "bool_with_gap": [{"flag": True}, {"flag": None}, {"flag": False}],
    "missing_keys": [{"a": 1, "b": 2.25}, {"a": 2}],
    "lists": [{"id": 7, "ids": [1, 2, 3], "tags": ["a", "b"]}],
    "unicode": [{"k": "ü ñ 😀", "v": 12345678901234}],
}

JSON_CASES = {
    "types": [
        {"id": 1, "x": 0.1, "s": "a", "b": True, "n": None, "mixed": 1, "numstr": "12"},
        {"id": 2, "x": 2.5, "s": None, "b": False, "n": None, "mixed": 2.0, "numstr": " 7 "},
        {"id": 3, "x": None, "s": "c", "b": True, "n": None, "mixed": 3, "numstr": "1e3"},
    ],
    "int_gap_and_bool_gap": [{"i": 1, "b": True}, {"i": None, "b": None}, {"i": 3, "b": False}],
    "integral_floats": [{"f": 1.0, "g": 1.5}, {"f": 2.0, "g": -0.0}],
    "missing_keys": [{"a": "x", "b": 1}, {"b": 2}, {"a": "z", "c": 0.75}],
    "not_numbers": [{"s": "1", "t": "abc"}, {"s": "x", "t": ""}],
    "dates_kept": [
        {"id": 1, "created_at": "2015-06-01T12:00:00Z", "name_time": "not a date", "date": "2020-01-02"},
        {"id": 2, "created_at": "2016-07-02T08:30:00Z", "name_time": "also not", "date": "2021-03-04"},
    ],
    "lists": [{"id": 1, "v": [1, 2]}, {"id": 2, "v": [3]}],
    "empty_strings": [{"a": "", "b": 1}, {"a": "q", "b": 2}],
}

NOCACHE_CASES = {
    "types": JSON_CASES["types"],
    "int_gap_and_bool_gap": JSON_CASES["int_gap_and_bool_gap"],
    "missing_keys": JSON_CASES["missing_keys"],
}

LOAD_CASES = [
    {"name": "plain", "rename": None, "index": None},
    {"name": "rename", "rename": [["identifier", "id"], ["label", "name"]], "index": None},
    {"name": "rename_missing_old", "rename": [["zzz", "nope"]], "index": None},
    {"name": "index", "rename": None, "index": "id"},
    {"name": "rename_then_index", "rename": [["identifier", "id"]], "index": "identifier"},
]
LOAD_RECORDS = [
    {"id": 10, "name": "a", "value": 1.5, "created_at": "2015-06-01T12:00:00Z"},
    {"id": 20, "name": "b", "value": None, "created_at": "2016-07-02T08:30:00Z"},
    {"id": 30, "name": None, "value": 3.25, "created_at": "2017-01-01T00:00:00Z"},
]

RENAME_CASES = [
    {"pairs": [["b2", "b"]]},
    {"pairs": [["x", "a"], ["y", "x"]]},
    {"pairs": [["a", "b"]]},  # duplicate column names, as pandas allows
    {"pairs": [["q", "missing"]]},
]
REMOVE_CASES = [{"keys": ["b"]}, {"keys": ["a", "c"]}, {"keys": ["missing"]}, {"keys": []}]
SMALL = [{"a": 1, "b": "x", "c": 0.5}, {"a": 2, "b": "y", "c": None}]

WRAP_CASES = [
    {"save_as_json": True, "return_dataframe": False, "cache": True},
    {"save_as_json": True, "return_dataframe": True, "cache": True},
    {"save_as_json": True, "return_dataframe": True, "cache": True, "rename": [["ident", "id"]], "index": "ident"},
    {"save_as_json": False, "return_dataframe": True, "cache": True},
    {"save_as_json": False, "return_dataframe": True, "cache": True, "rename": [["ident", "id"]], "index": "ident"},
    {"save_as_json": False, "return_dataframe": False, "cache": True},
    {"save_as_json": True, "return_dataframe": False, "cache": False},
]
WRAP_RECORDS = [
    {"id": 5, "name": "e", "value": 0.25},
    {"id": 6, "name": "f", "value": None},
]


def read_text(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8")


def attempt(fn):
    try:
        return {"ok": fn()}
    except Exception as e:  # noqa: BLE001
        return {"error": type(e).__name__}


def main() -> None:
    out_dir = fixture_dir("core") / "manifest"
    out_dir.mkdir(exist_ok=True)
    cache = Cache()
    result = {"csv": [], "json_frame": [], "nocache": [], "load_csv": [], "load_json": [],
              "rename": [], "remove": [], "wrap": []}
    with tempfile.TemporaryDirectory() as tmp:
        for name, recs in CSV_CASES.items():
            path = os.path.join(tmp, f"{name}.csv")
            Cache.csv_writer(path, iter(recs))
            presets = Cache.cache_csv_json()
            result["csv"].append({
                "name": name,
                "records": recs,
                "text": read_text(path),
                "json_records": records_out(presets["reader"](path)),
                "frame": frame(Cache.cache_csv()["reader"](path)),
                "frame_dataframe_preset": frame(Cache.cache_csv_dataframe()["reader"](path)),
            })
        for name, recs in JSON_CASES.items():
            path = os.path.join(tmp, f"{name}.json")
            preset = Cache.cache_json_dataframe()
            preset["writer"](path, recs)
            result["json_frame"].append({
                "name": name, "records": recs, "text": read_text(path),
                "frame": frame(preset["reader"](path)),
            })
        for name, recs in NOCACHE_CASES.items():
            result["nocache"].append({
                "name": name, "records": recs, "frame": frame(Cache.nocache_dataframe()["post"](recs)),
            })

        csv_path = os.path.join(tmp, "load.csv")
        Cache.csv_writer(csv_path, iter(LOAD_RECORDS))
        json_path = os.path.join(tmp, "load.json")
        ju.write(json_path, LOAD_RECORDS)
        for case in LOAD_CASES:
            kw = {"rename": case["rename"], "index": case["index"]}
            result["load_csv"].append({**case, "text": read_text(csv_path),
                                       **attempt(lambda: frame(cache.load_csv(csv_path, **kw)))})
            result["load_json"].append({**case, "text": read_text(json_path),
                                        **attempt(lambda: frame(cache.load_json(json_path, **kw)))})

        for case in RENAME_CASES:
            df = pd.DataFrame(SMALL)
            Cache.rename_columns(df, case["pairs"])
            result["rename"].append({**case, "records": SMALL, "frame": frame(df)})
        for case in REMOVE_CASES:
            df = pd.DataFrame(SMALL)

            def remove():
                Cache.remove_keys(df, case["keys"])
                return frame(df)

            result["remove"].append({**case, "records": SMALL, **attempt(remove)})

        for i, case in enumerate(WRAP_CASES):
            path = os.path.join(tmp, f"wrap{i}.dat")
            calls = {"n": 0}
            if not case["cache"]:
                ju.write(path, [{"pre": "existing"}])

            def fetch(**kwargs):
                calls["n"] += 1
                return [dict(r) for r in WRAP_RECORDS]

            def run():
                out = cache.wrap(fetch, path, case["cache"], save_as_json=case["save_as_json"],
                                 return_dataframe=case["return_dataframe"],
                                 index=case.get("index"), rename=case.get("rename"))
                return frame(out) if isinstance(out, pd.DataFrame) else out

            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                outcome = attempt(run)
            result["wrap"].append({
                **case, "records": WRAP_RECORDS, **outcome, "fetches": calls["n"],
                "text": read_text(path) if os.path.exists(path) else None,
                "warnings": [str(w.message) for w in caught],
            })

    files = [write_json(out_dir / "cache_presets.json", result)]
    record("core", files, __file__, libs=["allensdk", "pandas", "numpy"])


if __name__ == "__main__":
    main()

"""Fixtures for @sdk/core CSV: what pandas 1.5 read_csv infers, what to_csv writes, what the
allensdk Cache.csv_writer writes, and a summary of the real VBO metadata tables (read from
../shared/data when present; the CSVs themselves are not copied).
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from allensdk.api.warehouse_cache.cache import Cache

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, repo_root, write_json  # noqa: E402


def cell(v):
    if v is None:
        return None
    if isinstance(v, float) and np.isnan(v):
        return None if False else float("nan")
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return float(v)
    if isinstance(v, (np.bool_,)):
        return bool(v)
    return v


def dump(df: pd.DataFrame) -> dict:
    data = {}
    for c in df.columns:
        col = df[c]
        if col.dtype == object:
            data[str(c)] = [None if (isinstance(v, float) and np.isnan(v)) or v is None else cell(v) for v in col]
        elif col.dtype.kind in "iu":
            data[str(c)] = [str(int(v)) for v in col]  # exact for int64
        else:
            data[str(c)] = [cell(v) for v in col]
    return {"columns": [str(c) for c in df.columns], "dtypes": {str(c): str(df[c].dtype) for c in df.columns},
            "data": data, "index_name": df.index.name}


READ_CASES = [
    ("ints", "a,b\n1,2\n-3,+4\n007,0\n", None),
    ("ints_with_empty", "a,b\n1,x\n,y\n3,z\n", None),
    ("floats", "a,b,c\n1.5,1e5,.5\n-2.,1E-3,inf\n3,-Infinity,5\n", None),
    ("float_precision", "x\n0.1\n0.30000000000000004\n1.7976931348623157e308\n2.2250738585072014e-308\n"
     "123456789.123456789\n3.141592653589793238\n9007199254740993\n1e-320\n", None),
    ("bools", "a,b,c\nTrue,true,False\nFALSE,false,TRUE\n", None),
    ("bools_with_na", "a,b\nTrue,1\n,2\nFalse,3\n", None),
    ("strings_na", "s,t\nfoo,NA\n,bar\nnan,n/a\nNULL,x\n#N/A,<NA>\n", None),
    ("mixed", "m,n\n1,2020-01-01\nx,2020-01-02\n2.5,2020-01-03\n", None),
    ("quoted", 'a,b\n"1","x,y"\n"2","he said ""hi"""\n"3","multi\nline"\n', None),
    ("quote_all_like_cache", '"id","name","value"\r\n"1","a","0.5"\r\n"2","","1.0"\r\n"3","c",""\r\n', None),
    ("blank_lines_crlf", "a,b\r\n\r\n1,2\r\n   \r\n3,4\r\n", None),
    ("short_rows", "a,b,c\n1,2\n3,4,5\n", None),
    ("all_empty", "a,b\n,1\n,2\n", None),
    ("big_ints", "a\n9007199254740993\n-9223372036854775808\n9223372036854775807\n", None),
    ("dup_and_unnamed", "a,,a,a.1\n1,2,3,4\n", None),
    ("index_col_unnamed", ",x,y\n0,1.5,a\n1,2.5,b\n2,,c\n", 0),
    ("index_col_named", "id,x,y\n10,1,a\n20,2,b\n", 0),
    ("index_col_by_name", "x,id,y\n1,10,a\n2,20,b\n", "id"),
    ("unicode", "name,v\nélan,1\n😀,2\n", None),
    ("no_trailing_newline", "a,b\n1,2\n3,4", None),
]


def float_stress() -> str:
    """Decimal strings that pandas' default converter (not correctly rounded) reads its own way."""
    rng = np.random.default_rng(99)
    vals = []
    for _ in range(150):
        x = rng.normal() * 10.0 ** rng.integers(-310, 300)
        vals += [repr(x), f"{x:.19e}", f"{x:.12g}"]
    vals += [f"{rng.random():.25f}" for _ in range(30)] + ["123456789012345678901234", "0.000000000000000000001"]
    return "x\n" + "\n".join(vals) + "\n"


def main() -> None:
    out: dict = {"pandas": pd.__version__, "read": [], "to_csv": [], "csv_writer": []}
    READ_CASES.append(("float_stress", float_stress(), None))
    for name, text, index_col in READ_CASES:
        df = pd.read_csv(io.StringIO(text), index_col=index_col)
        if index_col is not None:
            df = df.reset_index()
        out["read"].append({"name": name, "text": text, "index_col": index_col, "result": dump(df)})

    frames = {
        "mixed": pd.DataFrame({
            "i": np.array([1, -2, 3], dtype=np.int64),
            "f": [0.1, np.nan, 1e-5],
            "g": [1.0, 2.0, 1e16],
            "s": ["plain", "with,comma", 'with "quote"'],
            "b": [True, False, True],
            "n": ["x", None, "multi\nline"],
        }),
        "floats_repr": pd.DataFrame({"x": [123456789.123, 1e22, -0.0, 5e-324, 0.0001, 0.00001, 1.5e300, 2.0**53]}),
        "named_index": pd.DataFrame({"v": [1.5, 2.5]}, index=pd.Index([10, 20], name="specimen_id")),
    }
    for name, df in frames.items():
        entry = {"name": name, "input": dump(df.reset_index() if df.index.name else df),
                 "index": df.index.name, "text": df.to_csv()}
        entry["text_no_index"] = df.to_csv(index=False)
        out["to_csv"].append(entry)

    records_cases = {
        "basic": [{"id": 1, "name": "a", "score": 0.5, "flag": True, "none": None},
                  {"id": 2, "name": 'q"uote, comma', "score": 2.25, "flag": False, "none": None}],
        # JS numbers cannot tell 1.0 from 1: integral floats are written as ints (documented)
        "nested": [{"k": [1, 2, "x"], "d": {"a": 1.5, "b": None}, "f": 1e-7}],
        "missing_key": [{"a": 1, "b": 2}, {"a": 3}],
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, recs in records_cases.items():
            p = Path(tmp) / f"{name}.csv"
            Cache.csv_writer(str(p), iter(recs))
            out["csv_writer"].append({"name": name, "records": recs, "text": p.read_bytes().decode("utf-8")})
            # what cache_csv_json reads back: pandas inference, then records
            back = pd.read_csv(p)
            out["csv_writer"][-1]["read_back"] = dump(back)

    tables = {}
    shared = repo_root().parent / "shared" / "data" / "allensdk" / "vbo-tables"
    if shared.is_dir():
        for path in sorted(shared.glob("*.csv")):
            df = pd.read_csv(path)
            numeric = [c for c in df.columns if df[c].dtype.kind in "iufb"]
            tables[path.name] = {
                "shape": list(df.shape),
                "columns": list(df.columns),
                "dtypes": {c: str(df[c].dtype) for c in df.columns},
                "head": dump(df.head(3)),
                "tail": dump(df.tail(2).reset_index(drop=True)),
                "sums": {c: (str(int(df[c].sum())) if df[c].dtype.kind in "iub" else float(df[c].sum()))
                         for c in numeric},
                "null_counts": {c: int(df[c].isna().sum()) for c in df.columns},
                "to_csv_sha256": __import__("hashlib").sha256(df.to_csv().encode()).hexdigest(),
            }
    out["vbo_tables"] = tables
    path = fixture_dir("core") / "formats" / "csv_cases.json"
    write_json(path, out)
    record("core", [path], __file__, libs=["numpy", "pandas", "allensdk"])


if __name__ == "__main__":
    main()

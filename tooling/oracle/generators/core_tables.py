"""Fixtures for the @sdk/core Arrow table helpers: inputs and what pandas 1.5 makes of them.

Each table is written as {"columns": [...], "dtypes": {name: str(dtype)}, "data": {name: [...]}}
after reset_index() (so a pandas index appears as a leading column, as in the TS tables).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, write_json  # noqa: E402


def dump(df: pd.DataFrame) -> dict:
    data = {}
    for c in df.columns:
        col = df[c]
        if col.dtype == object:
            data[c] = [None if (v is None or (isinstance(v, float) and np.isnan(v))) else
                       (list(v) if isinstance(v, (list, tuple, np.ndarray)) else v) for v in col]
        else:
            data[c] = col.tolist()
    return {"columns": [str(c) for c in df.columns], "dtypes": {str(c): str(df[c].dtype) for c in df.columns},
            "data": data}


def main() -> None:
    rng = np.random.default_rng(1234)
    n = 40
    x = rng.normal(size=n).round(3) * 10
    x[rng.choice(n, 6, replace=False)] = np.nan
    x[5] = x[6]  # a tie
    base = pd.DataFrame({
        "id": np.arange(100, 100 + n, dtype=np.int64),
        "g": rng.choice(["a", "b", "c", "é", "B"], n).astype(object),
        "g2": rng.integers(0, 3, n),
        "x": x,
        "y": rng.integers(-50, 50, n),
        "s": rng.choice(["foo", "bar", "baz", "qux"], n).astype(object),
        "b": rng.random(n) < 0.4,
    })
    # pandas 1.5 groupby min/max of an object column with None raises TypeError; s2 has no None
    base["s2"] = base["s"].copy()
    base.loc[[3, 17, 29], "s"] = None
    base.loc[[7, 21], "g"] = None
    # small ints in x so that ties happen for the multi-key sort
    base["t"] = rng.integers(0, 4, n).astype(float)
    base.loc[[2, 9], "t"] = np.nan

    cases = {}
    cases["sort_x_asc"] = base.sort_values("x", kind="stable")
    cases["sort_x_desc"] = base.sort_values("x", ascending=False, kind="stable")
    cases["sort_x_desc_na_first"] = base.sort_values("x", ascending=False, kind="stable", na_position="first")
    cases["sort_s_asc"] = base.sort_values("s", kind="stable")
    cases["sort_g_t_mixed"] = base.sort_values(["g", "t"], ascending=[True, False])
    cases["sort_t_b_y"] = base.sort_values(["t", "b", "y"], ascending=[False, True, False], na_position="first")

    right = pd.DataFrame({
        "g": ["a", "b", "b", "z", "é", None],
        "v": [1, 2, 3, 4, 5, 6],
        "s": ["r1", "r2", "r3", "r4", "r5", "r6"],
        "w": [0.5, 1.5, np.nan, 3.5, 4.5, 5.5],
    })
    cases["join_inner"] = pd.merge(base, right, on="g", how="inner")
    cases["join_left"] = pd.merge(base, right, on="g", how="left")
    right2 = pd.DataFrame({"g": ["a", "c"], "g2": [0, 1], "k": [10, 20]})
    cases["join_left_two_keys"] = pd.merge(base, right2, on=["g", "g2"], how="left")

    gb = base.groupby("g")
    cases["groupby_g"] = gb.agg(
        n=("x", "count"), x_sum=("x", "sum"), x_mean=("x", "mean"), x_min=("x", "min"), x_max=("x", "max"),
        x_median=("x", "median"), x_std=("x", "std"), x_first=("x", "first"), x_last=("x", "last"),
        y_sum=("y", "sum"), y_mean=("y", "mean"), y_min=("y", "min"), y_max=("y", "max"), y_std=("y", "std"),
        y_median=("y", "median"), b_sum=("b", "sum"), b_mean=("b", "mean"), s_first=("s", "first"),
        s_last=("s", "last"), s_count=("s", "count"), id_list=("id", list), s2_min=("s2", "min"), s2_max=("s2", "max"),
    ).reset_index()
    cases["groupby_g2_t"] = base.groupby(["g2", "t"]).agg(
        y_sum=("y", "sum"), x_mean=("x", "mean"), x_std=("x", "std"), n=("id", "count"), x_list=("x", list),
    ).reset_index()

    records = [
        {"id": 1, "name": "a", "score": 0.5, "n": 3, "flag": True, "tags": [1, 2]},
        {"id": 2, "score": 2, "n": None, "flag": False, "extra": "late key", "tags": []},
        {"name": None, "id": 3, "score": None, "n": 5, "flag": None, "tags": [3]},
    ]
    from_records = pd.DataFrame(records)

    out = {
        "pandas": pd.__version__,
        "from_records": {"records": records, "result": dump(from_records)},
        "input": dump(base),
        "right": dump(right),
        "right2": dump(right2),
        "cases": {k: dump(v.reset_index(drop=True) if not k.startswith("groupby") else v) for k, v in cases.items()},
        "records": base.head(5).to_dict("records"),
    }
    path = fixture_dir("core") / "tables" / "table_ops.json"
    write_json(path, out)
    record("core", [path], __file__, libs=["numpy", "pandas"])


if __name__ == "__main__":
    main()

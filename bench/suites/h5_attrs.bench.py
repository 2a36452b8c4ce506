"""Reading 10,000 small attributes (1,000 groups x 10 scalar attributes): h5py reference half.

Usage: h5_attrs.bench.py <workdir>. Writes attrs.h5 (groups /g0000../g0999, each with attributes
a0..a9: float64, int32, int64, fixed and variable-length strings) and expected.json (the values
of /g0999's attributes) for the TS half, then times opening the file and reading every attribute
of every group, and prints {"seconds": [...], "maxRssKB": n} as the last line.
"""
import json
import resource
import sys
import time
from pathlib import Path

import h5py
import numpy as np

N_GROUPS, N_ATTRS = 1000, 10

work = Path(sys.argv[1])
path = work / "attrs.h5"


def attr_value(g, a):
    kind = a % 5
    if kind == 0:
        return np.float64(g + a / 10)
    if kind == 1:
        return np.int32(g * 10 + a)
    if kind == 2:
        return np.int64(g * 1000 + a)
    if kind == 3:
        return np.bytes_(f"fixed {g} {a}")  # fixed-length ASCII
    return f"vlen {g} {a} µ"  # variable-length UTF-8


with h5py.File(path, "w") as f:
    for g in range(N_GROUPS):
        grp = f.create_group(f"g{g:04d}")
        for a in range(N_ATTRS):
            grp.attrs[f"a{a}"] = attr_value(g, a)


def plain(v):
    if isinstance(v, bytes):
        return v.decode()
    return v.item() if hasattr(v, "item") else v


last = N_GROUPS - 1
(work / "expected.json").write_text(
    json.dumps(
        {
            "groups": N_GROUPS,
            "names": [f"a{a}" for a in range(N_ATTRS)],
            "last": {f"a{a}": plain(attr_value(last, a)) for a in range(N_ATTRS)},
        }
    )
)


def read_all():
    n = 0
    with h5py.File(path, "r") as f:
        for name in f:
            attrs = f[name].attrs
            values = {k: attrs[k] for k in attrs}
            n += len(values)
    assert n == N_GROUPS * N_ATTRS


times = []
for _ in range(5):
    t0 = time.perf_counter()
    read_all()
    times.append(time.perf_counter() - t0)
print(json.dumps({"seconds": times, "maxRssKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))

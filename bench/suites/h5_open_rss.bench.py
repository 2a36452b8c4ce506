"""Opening a 2 GiB HDF5 file and reading one 1 MiB slice: h5py reference half.

Usage: h5_open_rss.bench.py <workdir>. Writes big.h5 (dataset /data, 2^29 float32 = 2 GiB, chunks
of 2^18 values = 1 MiB; written 16 MiB at a time) and expected.json (the slice's first and last
values) for the TS half, then times h5py.File(path) + ds[start:start + 2^18] and prints
{"seconds": [...], "maxRssKB": n} as the last line. The point of the suite is the TS half's peak
RSS (goal: under 300 MB), which the harness measures in its own process.
"""
import json
import resource
import sys
import time
from pathlib import Path

import h5py
import numpy as np

N = 1 << 29  # float32 values: 2 GiB
CHUNK = 1 << 18  # 1 MiB
PIECE = 1 << 22  # 16 MiB written at a time
START = 300_000_000  # the 1 MiB slice read, not chunk-aligned

work = Path(sys.argv[1])
path = work / "big.h5"


def values(start, stop):
    idx = np.arange(start, stop, dtype=np.int64)
    return ((idx % 1_000_003) * 0.5).astype("<f4")


with h5py.File(path, "w") as f:
    ds = f.create_dataset("data", shape=(N,), dtype="<f4", chunks=(CHUNK,))
    for s in range(0, N, PIECE):
        ds[s : s + PIECE] = values(s, s + PIECE)
want = values(START, START + CHUNK)
(work / "expected.json").write_text(
    json.dumps({"start": START, "count": CHUNK, "first": float(want[0]), "last": float(want[-1])})
)


def open_and_read():
    with h5py.File(path, "r") as f:
        a = f["data"][START : START + CHUNK]
    assert a[0] == want[0] and a[-1] == want[-1]


times = []
for _ in range(5):
    t0 = time.perf_counter()
    open_and_read()
    times.append(time.perf_counter() - t0)
print(json.dumps({"seconds": times, "maxRssKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))

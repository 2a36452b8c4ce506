"""Reading a 1 GiB float32 dataset (chunked, uncompressed) in 64 MiB slices: h5py reference half.

Usage: h5_slices.bench.py <workdir>. Writes slices.h5 (dataset /data, shape (262144, 1024) float32,
chunks (256, 1024) = 1 MiB) and expected.json (the first and last value of every 64 MiB slice) for
the TS half, then times opening the file and reading it whole as 16 slices of 16384 rows, and
prints {"seconds": [...]} as the last line.
"""
import json
import resource
import sys
import time
from pathlib import Path

import h5py
import numpy as np

ROWS, COLS = 262_144, 1024
SLICE_ROWS = 16_384  # 64 MiB of float32

work = Path(sys.argv[1])
path = work / "slices.h5"


def block(start):
    # Exact in float32 (below 2^24 / 2), distinct enough to catch a misplaced slice.
    idx = np.arange(start * COLS, (start + SLICE_ROWS) * COLS, dtype=np.int64)
    return ((idx % 1_000_003) * 0.5).astype("<f4").reshape(SLICE_ROWS, COLS)


expected = []
with h5py.File(path, "w") as f:
    ds = f.create_dataset("data", shape=(ROWS, COLS), dtype="<f4", chunks=(256, COLS))
    for s in range(0, ROWS, SLICE_ROWS):
        b = block(s)
        ds[s : s + SLICE_ROWS] = b
        expected.append([float(b[0, 0]), float(b[-1, -1])])
(work / "expected.json").write_text(
    json.dumps({"rows": ROWS, "cols": COLS, "slice_rows": SLICE_ROWS, "ends": expected})
)


def read_all():
    with h5py.File(path, "r") as f:
        ds = f["data"]
        for i, s in enumerate(range(0, ROWS, SLICE_ROWS)):
            a = ds[s : s + SLICE_ROWS]
            assert a[0, 0] == expected[i][0] and a[-1, -1] == expected[i][1]


times = []
for _ in range(3):
    t0 = time.perf_counter()
    read_all()
    times.append(time.perf_counter() - t0)
print(json.dumps({"seconds": times, "maxRssKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))

"""Median filter, window 5401 on 10^5 samples (the dF/F baseline): scipy.ndimage.median_filter
(mode='constant', scipy 1.10) reference half.

Usage: medfilt.bench.py <workdir>. Writes x.f64 and expected.f64 (little-endian float64) for the TS
half, times the reference and prints {"seconds": [...]} as the last line.
"""
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
from scipy import ndimage

work = Path(sys.argv[1])
rs = np.random.RandomState(5401)
x = np.cumsum(rs.standard_normal(100_000)) + rs.standard_normal(100_000) * 5
x.astype("<f8").tofile(work / "x.f64")
y = ndimage.median_filter(x, 5401, mode="constant")
y.astype("<f8").tofile(work / "expected.f64")

times = []
for _ in range(3):
    t0 = time.perf_counter()
    ndimage.median_filter(x, 5401, mode="constant")
    times.append(time.perf_counter() - t0)
# ru_maxrss: peak resident set of this process, in KB on Linux.
print(json.dumps({"seconds": times, "maxRssKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))

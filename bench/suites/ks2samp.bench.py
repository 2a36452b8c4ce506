"""ks_2samp on 10^5 vs 10^5 samples (asymptotic mode): scipy 1.10 reference half.

Usage: ks2samp.bench.py <workdir>. Writes a.f64 / b.f64 (little-endian float64) for the TS half,
times scipy.stats.ks_2samp and prints {"seconds": [...]} as the last line.
"""
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
from scipy import stats

work = Path(sys.argv[1])
rs = np.random.RandomState(12345)
a = rs.normal(0.0, 1.0, 100_000)
b = rs.normal(0.01, 1.0, 100_000)
a.astype("<f8").tofile(work / "a.f64")
b.astype("<f8").tofile(work / "b.f64")
r = stats.ks_2samp(a, b)
(work / "expected.json").write_text(json.dumps({"statistic": float(r.statistic), "pvalue": float(r.pvalue)}))

stats.ks_2samp(a, b)  # warm-up
times = []
for _ in range(7):
    t0 = time.perf_counter()
    stats.ks_2samp(a, b)
    times.append(time.perf_counter() - t0)
# ru_maxrss: peak resident set of this process, in KB on Linux.
print(json.dumps({"seconds": times, "maxRssKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))

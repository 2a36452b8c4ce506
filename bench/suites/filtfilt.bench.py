"""filtfilt of a 4-pole Bessel low-pass (Wn=0.1, as the ephys dV/dt path) on 10^6 samples:
scipy.signal.filtfilt (scipy 1.10) reference half.

Usage: filtfilt.bench.py <workdir>. Writes x.f64 and expected.f64 for the TS half, times the
reference and prints {"seconds": [...]} as the last line.
"""
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
from scipy import signal

work = Path(sys.argv[1])
rs = np.random.RandomState(4)
x = rs.standard_normal(1_000_000)
x.astype("<f8").tofile(work / "x.f64")
b, a = signal.bessel(4, 0.1)
signal.filtfilt(b, a, x).astype("<f8").tofile(work / "expected.f64")

times = []
for _ in range(5):
    t0 = time.perf_counter()
    signal.filtfilt(b, a, x)
    times.append(time.perf_counter() - t0)
# ru_maxrss: peak resident set of this process, in KB on Linux.
print(json.dumps({"seconds": times, "maxRssKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))

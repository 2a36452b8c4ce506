"""Complex FFT of 2^20 points: numpy.fft.fft (numpy 1.23, pocketfft) reference half.

Usage: fft.bench.py <workdir>. Writes re.f64 / im.f64 and the expected spectrum for the TS half,
times the reference and prints {"seconds": [...]} as the last line.
"""
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np

work = Path(sys.argv[1])
rs = np.random.RandomState(20)
n = 1 << 20
x = rs.standard_normal(n) + 1j * rs.standard_normal(n)
x.real.astype("<f8").tofile(work / "re.f64")
x.imag.astype("<f8").tofile(work / "im.f64")
X = np.fft.fft(x)
X.real.astype("<f8").tofile(work / "Xre.f64")
X.imag.astype("<f8").tofile(work / "Xim.f64")

np.fft.fft(x)  # warm-up
times = []
for _ in range(7):
    t0 = time.perf_counter()
    np.fft.fft(x)
    times.append(time.perf_counter() - t0)
# ru_maxrss: peak resident set of this process, in KB on Linux.
print(json.dumps({"seconds": times, "maxRssKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))

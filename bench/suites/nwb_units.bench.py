"""A Units table of 1,000 units x 10,000 spikes each to a data frame: pynwb 2.8.3 reference half.

Usage: nwb_units.bench.py <workdir>. Writes units.nwb (with pynwb) and expected.json (ids and a
few units' spike times, as written) for the TS half, then times opening the file with
`NWBHDF5IO(path, 'r').read()` plus `nwbfile.units.to_dataframe()`, and prints
{"seconds": [...], "maxRssKB": n} as the last line.
"""
import json
import resource
import sys
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from pynwb import NWBHDF5IO, NWBFile

N_UNITS = 1000
N_SPIKES = 10_000
CHECKED = [0, 1, 499, 998, 999]

work = Path(sys.argv[1])
path = work / "units.nwb"

nwb = NWBFile(
    session_description="bench: units table",
    identifier="bench-nwb-units",
    session_start_time=datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
)
rs = np.random.RandomState(1000)
expected = {"n_units": N_UNITS, "n_spikes": N_SPIKES, "units": {}}
for i in range(N_UNITS):
    spikes = np.cumsum(rs.exponential(0.01, N_SPIKES))
    nwb.add_unit(id=1000 + i, spike_times=spikes)
    if i in CHECKED:
        expected["units"][str(i)] = {"id": 1000 + i, "spike_times": spikes.tolist()}
with NWBHDF5IO(str(path), "w") as io:
    io.write(nwb)
(work / "expected.json").write_text(json.dumps(expected))


def open_and_frame():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with NWBHDF5IO(str(path), "r") as io:
            df = io.read().units.to_dataframe()
    assert len(df) == N_UNITS and len(df["spike_times"].iloc[-1]) == N_SPIKES


open_and_frame()  # warm-up
times = []
for _ in range(10):
    t0 = time.perf_counter()
    open_and_frame()
    times.append(time.perf_counter() - t0)
# ru_maxrss: peak resident set of this process, in KB on Linux.
print(json.dumps({"seconds": times, "maxRssKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))

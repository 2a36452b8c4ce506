"""Opening an NWB file with 2000 small TimeSeries (~8000 HDF5 objects): pynwb 2.8.3 reference half.

Usage: nwb_open.bench.py <workdir>. Writes many_series.nwb and expected.json (every typed object
below the root, {path: neurodata_type}, listed with h5py) for the TS half, then times
`NWBHDF5IO(path, 'r').read()` plus touching every object of `nwbfile.objects`, and prints
{"seconds": [...]} as the last line. pynwb needs tens of seconds per read here, so it is timed
twice rather than the usual 3-5 times.
"""
import json
import resource
import sys
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path

import h5py
import numpy as np
from pynwb import NWBHDF5IO, NWBFile, TimeSeries

N_SERIES = 2000

work = Path(sys.argv[1])
path = work / "many_series.nwb"

nwb = NWBFile(
    session_description="bench: many TimeSeries",
    identifier="bench-nwb-open",
    session_start_time=datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
)
rs = np.random.RandomState(2000)
for i in range(N_SERIES):
    nwb.add_acquisition(
        TimeSeries(
            name=f"series_{i:04d}",
            data=rs.standard_normal(10),
            unit="mV",
            rate=1000.0,
            starting_time=float(i),
            description=f"series {i}",
        )
    )
with NWBHDF5IO(str(path), "w") as io:
    io.write(nwb)

expected = {}
with h5py.File(path, "r") as h5:

    def visit(name, obj):
        nt = obj.attrs.get("neurodata_type")
        if nt is not None:
            expected["/" + name] = nt.decode() if isinstance(nt, bytes) else str(nt)

    h5.visititems(visit)
(work / "expected.json").write_text(json.dumps(expected, sort_keys=True))


def open_and_list():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with NWBHDF5IO(str(path), "r") as io:
            f = io.read()
            types = [o.neurodata_type for o in f.objects.values()]
    # nwbfile.objects holds the root NWBFile too.
    assert len(types) == len(expected) + 1, (len(types), len(expected))


times = []
for _ in range(2):
    t0 = time.perf_counter()
    open_and_list()
    times.append(time.perf_counter() - t0)
# ru_maxrss: peak resident set of this process, in KB on Linux.
print(json.dumps({"seconds": times, "maxRssKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))

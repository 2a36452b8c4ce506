"""Spike and sweep features of a 3 s, 50 kHz sweep with ~30 spikes: allensdk 2.16.2
``EphysSweepFeatureExtractor`` reference half.

Usage: ephys_features.bench.py <workdir>. The sweep is simulated with the Hodgkin-Huxley cell of
tooling/oracle/generators/ephys_features.py (a 0.5 s, 200 pA current step at 0.5 s: a repetitive
regime, ~60 Hz; the HH cell does not fire slower than that). Writes t.f64, v.f64 (mV), i.f64 (pA) and expected.json (spike count, first threshold time,
a few sweep features) for the TS half, times extractor construction + process_spikes + the
on-request sweep features + the spike records, and prints {"seconds": [...], "maxRssKB": n} last.
"""
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tooling" / "oracle" / "generators"))
from ephys_features import hh  # noqa: E402

from allensdk.ephys.ephys_extractor import EphysSweepFeatureExtractor  # noqa: E402

work = Path(sys.argv[1])
HZ = 50000.0
N = 150_000
AMP = 200.0
i = np.zeros(N)
i[25_000:50_000] = AMP
v = hh(i, HZ)
t = np.arange(N) / HZ
for name, a in (("t", t), ("v", v), ("i", i)):
    a.astype("<f8").tofile(work / f"{name}.f64")


def features():
    ext = EphysSweepFeatureExtractor(t=t, v=v, i=i, start=0.5, end=2.5)
    ext.process_spikes()
    sweep = {k: ext.sweep_feature(k) for k in ("v_baseline", "stim_amp", "peak_deflect")}
    return ext, sweep, ext.spikes()


times = []
for _ in range(5):
    t0 = time.perf_counter()
    ext, sweep, spikes = features()
    times.append(time.perf_counter() - t0)
(work / "expected.json").write_text(
    json.dumps(
        {
            "n_spikes": len(spikes),
            "first_threshold_t": float(spikes[0]["threshold_t"]) if spikes else None,
            "avg_rate": float(ext.sweep_feature("avg_rate")),
            "v_baseline": float(sweep["v_baseline"]),
        }
    )
)
print(json.dumps({"seconds": times, "maxRssKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))

"""GLIF LIF-R-ASC-A (GLIF5) on a 10 s stimulus at 200 kHz (dt 5e-6, 2e6 steps): allensdk 2.16.2
``GlifNeuron.run`` reference half.

Usage: glif.bench.py <workdir>. The model is the real level-5 Cell Types model 566283540 of
../shared/data/cell-types/glif, or the synthetic lif_r_asc_a config of the ephys GLIF fixture where
../shared is absent. Writes config.json, stim.f64 (A) and expected.json (spike steps and times, a few
voltages) for the TS half, times the reference (a pure-Python loop: one run) and prints
{"seconds": [...], "maxRssKB": n} as the last line.
"""
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
from allensdk.model.glif.glif_neuron import GlifNeuron

work = Path(sys.argv[1])
repo = Path(__file__).resolve().parents[2]
real = repo.parent / "shared" / "data" / "cell-types" / "glif" / "566283540" / "neuron_config.json"
if real.exists():
    cfg = json.loads(real.read_text())["566283540"]
    source = "566283540"
else:
    syn = json.loads((repo / "packages/ephys/test/fixtures/glif/synthetic.json").read_text())
    cfg = syn["cases"]["lif_r_asc_a"]["config"]
    source = "synthetic lif_r_asc_a"

DT = 5e-6
N = 2_000_000
coeffs = cfg.get("coeffs", {})
irh = cfg["th_inf"] * coeffs.get("th_inf", 1) / cfg["R_input"] * coeffs.get("G", 1)
rs = np.random.RandomState(566)
stim = np.zeros(N)
on, off = N // 10, N - N // 10
# 8 s of a noisy suprathreshold step between 1 s of rest on each side
stim[on:off] = 1.5 * irh + 0.5 * irh * rs.standard_normal(off - on)
stim.astype("<f8").tofile(work / "stim.f64")
(work / "config.json").write_text(json.dumps(cfg))


def run():
    neuron = GlifNeuron.from_dict(cfg)
    neuron.dt = DT
    return neuron.run(stim)


times = []
for _ in range(1):
    t0 = time.perf_counter()
    out = run()
    times.append(time.perf_counter() - t0)
steps = [int(s) for s in out["spike_time_steps"]]
v = out["voltage"]
(work / "expected.json").write_text(
    json.dumps(
        {
            "source": source,
            "dt": DT,
            "spike_time_steps": steps,
            "interpolated_spike_times": [float(x) for x in out["interpolated_spike_times"]],
            "probe": {str(k): float(v[k]) for k in (on + 12345, N // 2, off - 7)},
        }
    )
)
print(json.dumps({"seconds": times, "maxRssKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))

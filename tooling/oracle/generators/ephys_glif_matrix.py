"""GLIF acceptance matrix for @sdk/ephys (issue #7): allensdk 2.16.2 ``GlifNeuron.run`` of the five
real Cell Types models (GLIF1-5, ../shared/data/cell-types/glif) on a step, a ramp and a noise
stimulus at dt 5e-5 and 5e-6, every output sample stored.

Writes packages/ephys/test/fixtures/glif/matrix.json.gz (gzip of JSON; the configs stay in
../shared, only model ids are stored):

  noise[dt]      z: seeded numpy standard-normal samples (RandomState), float64 base64; the noise
                 stimulus of a model is mean + amp * z (one float64 multiply-add, rebuilt by TS)
  models[id][dt][kind]
                 stimulus description (segments as in ephys_glif.py, or ["numpy_noise", mean, amp])
                 and the full run output: voltage, threshold, AScurrents (steps x currents),
                 spike times/voltages/thresholds (float64 base64) and spike_time_steps (ints)

Runs are short so that every sample can be stored: 0.1 s at dt 5e-5 (2000 steps), 0.02 s at
dt 5e-6 (4000 steps); the amplitudes are multiples of each model's rheobase (x3 at 5e-6) so that
every run spikes.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record  # noqa: E402
from ephys_glif import GLIF_DATA, REAL_MODELS, b64, build_stimulus, full_output, rheobase  # noqa: E402

from allensdk.model.glif.glif_neuron import GlifNeuron  # noqa: E402

PACKAGE = "ephys"
STEPS = {"5e-05": 2000, "5e-06": 4000}
NOISE_SEED = {"5e-05": 7001, "5e-06": 7002}
# stronger drive at the fine dt so that its 20 ms still hold several spikes
GAIN = {"5e-05": 1.0, "5e-06": 3.0}


def stimuli(irh: float, n: int, gain: float) -> dict:
    lead = n // 10
    irh = gain * irh
    return {
        "step": [["const", lead, 0.0], ["const", n - 2 * lead, 3.0 * irh], ["const", lead, 0.0]],
        "ramp": [["const", lead, 0.0], ["ramp", n - lead, 0.0, 5.0 * irh]],
        "noise": ["numpy_noise", 2.0 * irh, 1.5 * irh],
    }


def main() -> None:
    if not GLIF_DATA.is_dir():
        print(f"  {GLIF_DATA} missing: matrix not regenerated")
        return
    noise = {}
    z_by_dt = {}
    for dt_key, n in STEPS.items():
        z = np.random.RandomState(NOISE_SEED[dt_key]).standard_normal(n)
        z_by_dt[dt_key] = z
        noise[dt_key] = {"seed": NOISE_SEED[dt_key], "z": b64(z)}
    models = {}
    for model_id, label in REAL_MODELS.items():
        cfg = json.loads((GLIF_DATA / model_id / "neuron_config.json").read_text())[model_id]
        irh = rheobase(cfg)
        per_dt = {}
        for dt_key, n in STEPS.items():
            runs = {}
            for kind, desc in stimuli(irh, n, GAIN[dt_key]).items():
                if kind == "noise":
                    _, mean, amp = desc
                    stim = mean + amp * z_by_dt[dt_key]
                else:
                    stim = build_stimulus(desc)
                assert stim.size == n
                neuron = GlifNeuron.from_dict(cfg)
                neuron.dt = float(dt_key)
                out = neuron.run(stim)
                n_spikes = len(out["spike_time_steps"])
                assert n_spikes >= 1, (model_id, dt_key, kind)
                runs[kind] = {"stimulus": desc, "output": full_output(out)}
                print(f"  {model_id} {label} dt {dt_key} {kind}: {n} steps, {n_spikes} spikes")
            per_dt[dt_key] = runs
        models[model_id] = {"label": label, "runs": per_dt}
    doc = {"steps": STEPS, "noise": noise, "models": models}
    out_dir = fixture_dir(PACKAGE) / "glif"
    path = out_dir / "matrix.json.gz"
    # mtime=0: byte-identical output on every run
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as f:
        f.write(json.dumps(doc, allow_nan=True).encode("utf-8"))
    print(f"  wrote {path} ({path.stat().st_size} bytes)")
    record(PACKAGE, [path], __file__, libs=["numpy", "allensdk"])


if __name__ == "__main__":
    main()

"""Cell-level feature goldens for float32 sweeps (every Allen NWB 1 file stores float32 data):
allensdk 2.16.2 ``extract_cell_features`` on a fake NwbDataSet whose
``get_sweep`` returns float32 arrays, as NwbDataSet returns an Allen file's data.

Reads the synthetic sweeps of packages/ephys/test/fixtures/features/traces.json (written by
ephys_features.py: voltage codes v = code / 64 mV, stimulus segments in pA) and serves
response = float32(code * (1e-3 / 64)) V, stimulus = float32(pA * 1e-12) A, rate 50 kHz,
index_range (25000, n - 1). numpy then computes v = response * 1e3 and i = stimulus * 1e12 in
float32 and averages them with float32 pairwise sums.

Writes packages/ephys/test/fixtures/sweeps/cell_f32.json:
  {sweeps_by_type, index_range_start, cell_features: {value | error}} (its long/short square and ramp
  entries hold the sweep dicts, spikes included, so extract_sweep_features is not stored again)
"""

from __future__ import annotations

import base64
import json
import sys
import zlib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, write_json  # noqa: E402

import allensdk.ephys.extract_cell_features as ecf  # noqa: E402

PACKAGE = "ephys"
START = 25000


def decode(v: dict) -> np.ndarray:
    d = np.frombuffer(zlib.decompress(base64.b64decode(v["q64z"])), dtype="<i4").astype(np.int64)
    return np.cumsum(d)


def stimulus(segments) -> np.ndarray:
    out = []
    for seg in segments:
        if seg[0] == "const":
            out.extend([float(seg[2])] * seg[1])
        else:
            _, n, a, b = seg
            out.extend([a + ((b - a) * j) / n for j in range(n)])
    return np.array(out, dtype=np.float64)


class Float32DataSet:
    def __init__(self, traces: dict):
        self.hz = traces["hz"]
        self.by_number = {sw["number"]: sw for sw in traces["sweeps"].values() if sw["number"] is not None}

    def get_sweep(self, n):
        sw = self.by_number[n]
        codes = decode(sw["v"])
        return {"response": (codes * (1e-3 / 64.0)).astype(np.float32),
                "stimulus": (stimulus(sw["segments"]) * 1e-12).astype(np.float32),
                "sampling_rate": self.hz, "index_range": (START, len(codes) - 1)}


def plain(x):
    if isinstance(x, dict):
        return {str(k): plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [plain(v) for v in x]
    if isinstance(x, np.ndarray):
        return plain(x.tolist())
    if isinstance(x, np.generic):
        return x.item()
    return x


def main() -> int:
    traces = json.loads((fixture_dir(PACKAGE) / "features" / "traces.json").read_text())
    ds = Float32DataSet(traces)
    by_kind: dict = {}
    for sw in traces["sweeps"].values():
        if sw["number"] is not None:
            by_kind.setdefault(sw["kind"], []).append(sw["number"])
    out = {"sweeps_by_type": by_kind, "index_range_start": START}
    try:
        out["cell_features"] = {"value": plain(ecf.extract_cell_features(
            ds, by_kind["Ramp"], by_kind["Short Square"], by_kind["Long Square"]))}
    except Exception as e:  # noqa: BLE001
        out["cell_features"] = {"error": type(e).__name__, "message": str(e)}
    d = fixture_dir(PACKAGE) / "sweeps"
    d.mkdir(parents=True, exist_ok=True)
    js = write_json(d / "cell_f32.json", out, indent=None)
    record(PACKAGE, [js], __file__, ["numpy", "scipy", "allensdk"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

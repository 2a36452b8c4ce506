"""@sdk/signal n-d image fixtures: scipy.ndimage binary_dilation/erosion, label, center_of_mass,
maximum, zoom (order 0), and skimage.measure.block_reduce.

Writes packages/signal/test/fixtures/filters_ndimage.json (arrays base64 float64, see _signal_codec).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import scipy.ndimage as nd
from skimage.measure import block_reduce

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, write_json  # noqa: E402
from _signal_codec import f64  # noqa: E402

rs = np.random.RandomState(77)


def arr(a):
    return {"data": f64(np.asarray(a, dtype=float).ravel()), "shape": list(np.shape(a))}


masks = {
    "m1d": rs.rand(40) > 0.8,
    "m2d": rs.rand(12, 15) > 0.75,
    "m2d_dense": rs.rand(9, 11) > 0.45,
    "m3d": rs.rand(4, 5, 6) > 0.8,
}
structs = {
    "none": None,
    "ones3": np.ones((3, 3), bool),
    "asym": np.array([[0, 1, 1], [0, 1, 0], [0, 0, 0]], bool),
    "even": np.array([[1, 1]], bool),
    "ones1d3": np.ones(3, bool),
}
dil = []
for mname, m in masks.items():
    for sname, st in structs.items():
        if st is not None and st.ndim != m.ndim:
            continue
        for kw in [{}, {"iterations": 2}, {"iterations": 13}, {"border_value": 1}, {"iterations": 0}, {"origin": -1} if (st is None or st.shape[-1] >= 2) else {}]:
            if kw.get("origin") == -1 and st is not None and any(s < 3 for s in st.shape):
                continue
            d = nd.binary_dilation(m, structure=st, **kw)
            e = nd.binary_erosion(m, structure=st, **kw)
            dil.append({"mask": mname, "structure": sname, "kw": kw, "dilation": arr(d), "erosion": arr(e)})

lab = []
for mname in ["m1d", "m2d", "m2d_dense", "m3d"]:
    m = masks[mname]
    for conn in [1, m.ndim]:
        st = nd.generate_binary_structure(m.ndim, conn)
        labels, num = nd.label(m, structure=st)
        lab.append({"mask": mname, "connectivity": conn, "labels": arr(labels), "num": int(num)})

img = rs.rand(12, 15) * 10
labels2, num2 = nd.label(masks["m2d"])
com = {
    "img": arr(img),
    "labels": arr(labels2),
    "num": int(num2),
    "whole": list(nd.center_of_mass(img)),
    "by_label": [list(c) for c in nd.center_of_mass(img, labels2, list(range(1, num2 + 1)))],
    "maximum": [float(v) for v in nd.maximum(img, labels2, list(range(1, num2 + 1)))],
    "maximum_all": float(nd.maximum(img)),
}

zoom_kat = {}
for n in [4, 5, 6, 7]:
    zoom_kat[str(n)] = nd.zoom(np.arange(n, dtype=float), 0.5, order=0).tolist()
vol = rs.randint(0, 50, (6, 7, 9)).astype(np.int32)
zooms = []
for factors in [(0.5, 0.37, 1.7), (2.0, 1.0, 0.25), (0.1, 3.3, 1.49)]:
    zooms.append({"factors": list(factors), "y": arr(nd.zoom(vol, factors, order=0))})
img8 = rs.randint(0, 255, (10, 13)).astype(np.uint8)
zooms2d = [{"factors": [f, f], "y": arr(nd.zoom(img8, f, order=0))} for f in [0.5, 0.3, 2.5]]

br = []
a2 = rs.rand(10, 13)
a3 = rs.rand(5, 7, 6)
for name, a, block, func, cval in [
    ("a2", a2, (2, 2), "mean", 0.0),
    ("a2", a2, (3, 4), "mean", 0.0),
    ("a2", a2, (3, 4), "sum", 1.5),
    ("a2", a2, (4, 5), "max", -1.0),
    ("a3", a3, (2, 3, 4), "mean", 0.0),
    ("a3", a3, (5, 7, 6), "min", 0.0),
    ("a2", a2, (1, 1), "mean", 0.0),
]:
    f = {"mean": np.mean, "sum": np.sum, "max": np.max, "min": np.min}[func]
    br.append({"x": name, "block": list(block), "func": func, "cval": cval, "y": arr(block_reduce(a, block, func=f, cval=cval))})

p = fixture_dir("signal") / "filters_ndimage.json"
write_json(p, {
    "masks": {k: arr(v) for k, v in masks.items()},
    "structs": {k: (None if v is None else arr(v)) for k, v in structs.items()},
    "dilation": dil, "label": lab, "com": com,
    "zoom_kat": zoom_kat, "vol": arr(vol), "zoom3d": zooms, "img8": arr(img8), "zoom2d": zooms2d,
    "arrays": {"a2": arr(a2), "a3": arr(a3)}, "block_reduce": br,
}, indent=None)
record("signal", [p], __file__, libs=["numpy", "scipy", "scikit-image"])

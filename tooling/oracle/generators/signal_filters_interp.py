"""@sdk/signal spline interpolation fixtures: scipy.ndimage.spline_filter, zoom (orders 0-5, every
mode) and map_coordinates; scipy.interpolate.interp2d(kind='linear').

Writes packages/signal/test/fixtures/filters_interp.json (arrays base64 float64, see _signal_codec).
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import scipy.ndimage as nd
from scipy import interpolate

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, write_json  # noqa: E402
from _signal_codec import f64  # noqa: E402

warnings.simplefilter("ignore")
rs = np.random.RandomState(31)


def arr(a):
    return {"data": f64(np.asarray(a, dtype=float).ravel()), "shape": list(np.shape(a))}


img = rs.rand(7, 9) * 10
line = rs.rand(11)
vol = rs.rand(4, 5, 3)
modes = ["constant", "nearest", "mirror", "reflect", "wrap", "grid-constant", "grid-wrap"]

spl = []
for order in [2, 3, 4, 5]:
    for mode in ["mirror", "reflect", "nearest", "constant", "grid-wrap", "wrap"]:
        spl.append({"order": order, "mode": mode, "y": arr(nd.spline_filter(img, order, mode=mode))})

zooms = []
for order in [0, 1, 2, 3, 4, 5]:
    for mode in modes:
        for factors in [(1.6, 0.7), (0.5, 2.3)]:
            zooms.append({"x": "img", "order": order, "mode": mode, "factors": list(factors), "cval": -1.5,
                          "y": arr(nd.zoom(img, factors, order=order, mode=mode, cval=-1.5))})
for order in [1, 3]:
    zooms.append({"x": "line", "order": order, "mode": "constant", "factors": [3.1], "cval": 0.0, "y": arr(nd.zoom(line, 3.1, order=order))})
    zooms.append({"x": "vol", "order": order, "mode": "constant", "factors": [2.0, 0.6, 1.5], "cval": 0.0, "y": arr(nd.zoom(vol, (2.0, 0.6, 1.5), order=order))})
zooms.append({"x": "img", "order": 3, "mode": "constant", "factors": [1.6, 0.7], "cval": 0.0, "prefilter": False,
              "y": arr(nd.zoom(img, (1.6, 0.7), order=3, prefilter=False))})
img_int = (img * 100).astype(np.int32)
zoom_int = {"x": arr(img_int), "y": arr(nd.zoom(img_int, (1.6, 0.7), order=3))}

coords = np.stack([rs.uniform(-1.5, 7.5, (5, 6)), rs.uniform(-1.5, 9.5, (5, 6))])
coords[0, 0, 0] = 0.0
coords[1, 0, 0] = 8.0
coords[0, 1, 1] = 6.0
maps = []
for order in [0, 1, 3, 5]:
    for mode in modes:
        maps.append({"order": order, "mode": mode, "y": arr(nd.map_coordinates(img, coords, order=order, mode=mode, cval=2.5))})

# interp2d(kind='linear'): x along columns, y along rows, z[len(y), len(x)]
xg = np.array([0.0, 1.0, 2.5, 4.0, 4.5])
yg = np.array([-1.0, 0.0, 2.0, 3.0])
zg = rs.rand(len(yg), len(xg))
xq = np.array([3.9, -0.5, 0.0, 1.2, 4.5, 5.0, 2.5])
yq = np.array([2.7, -2.0, 0.1, 3.0, 1.0])
f = interpolate.interp2d(xg, yg, zg, kind="linear")
i2d = {"x": f64(xg), "y": f64(yg), "z": arr(zg), "xq": f64(xq), "yq": f64(yq), "out": arr(f(xq, yq))}

p = fixture_dir("signal") / "filters_interp.json"
write_json(p, {"img": arr(img), "line": arr(line), "vol": arr(vol), "spline_filter": spl, "zoom": zooms,
               "zoom_int": zoom_int, "coords": arr(coords), "map_coordinates": maps, "interp2d": i2d}, indent=None)
record("signal", [p], __file__, libs=["numpy", "scipy"])

"""numpy 1.23 / pandas 1.5 references for @sdk/signal reductions, ordering, elementwise and rolling kernels.

Long inputs are described as {"gen": [seed, n, scale, shift]} = RandomState(seed).rand(n)*scale+shift,
which the TS side regenerates bit for bit with its numpy-compatible RandomState.
"""
import warnings

import numpy as np
import pandas as pd

from _common import fixture_dir, record, write_json

warnings.simplefilter("ignore")
rng = np.random.RandomState(777)


def gen(seed, n, scale, shift):
    return np.random.RandomState(seed).rand(n) * scale + shift


inputs = {
    "empty": np.array([], float),
    "one": np.array([3.25]),
    "two": np.array([1.5, -2.0]),
    "odd7": rng.normal(0, 1, 7),
    "even8": rng.normal(0, 1, 8),
    "n9": rng.normal(5, 2, 9),
    "n17": rng.normal(0, 1, 17),
    "n127": rng.normal(0, 1, 127),
    "n128": rng.normal(100, 1, 128),
    "n129": rng.normal(0, 1, 129),
    "n1000": rng.normal(1e3, 10, 1000),
    "const": np.full(11, 0.1),
    "nan": np.array([1.0, np.nan, 3.0, 4.0, np.nan, -2.0]),
    "allnan": np.array([np.nan, np.nan]),
    "ties": rng.randint(0, 5, 30).astype(float),
    "inf": np.array([1.0, np.inf, -3.0]),
}
gens = {"g100k": [1, 100000, 1.0, 0.5], "g12345": [2, 12345, 1e6, -3e5], "g4096": [3, 4096, 2.0, -1.0]}
arrs = dict(inputs)
for k, v in gens.items():
    arrs[k] = gen(*v)


def safe(fn):
    try:
        v = fn()
        return v
    except Exception as e:  # noqa: BLE001
        return {"error": type(e).__name__}


red = {}
for k, a in arrs.items():
    r = {
        "sum": safe(lambda: float(np.sum(a))),
        "mean": safe(lambda: float(np.mean(a))),
        "nanmean": safe(lambda: float(np.nanmean(a))),
        "nansum": safe(lambda: float(np.nansum(a))),
        "std0": safe(lambda: float(np.std(a))),
        "std1": safe(lambda: float(np.std(a, ddof=1))),
        "var1": safe(lambda: float(np.var(a, ddof=1))),
        "nanstd0": safe(lambda: float(np.nanstd(a))),
        "nanstd1": safe(lambda: float(np.nanstd(a, ddof=1))),
        "median": safe(lambda: float(np.median(a))),
        "nanmedian": safe(lambda: float(np.nanmedian(a))),
        "pct": safe(lambda: np.percentile(a, [0, 10, 25, 33.3, 50, 75, 90, 99.9, 100]).tolist()),
        "nanpct": safe(lambda: [float(np.nanpercentile(a, q)) for q in (0, 10, 50, 90, 100)]),
        "robust_std": safe(lambda: float(1.4826 * np.median(np.abs(a - np.median(a))))),
        "argmin": safe(lambda: int(np.argmin(a))),
        "argmax": safe(lambda: int(np.argmax(a))),
        "cumsum_last": safe(lambda: float(np.cumsum(a)[-1])),
    }
    if 0 < len(a) <= 2000:
        lo, hi = np.percentile(a, 10), np.percentile(a, 90)
        t = a[np.logical_and(a <= hi, a >= lo)]
        r["trimmed"] = [float(np.mean(t)), float(np.std(t))]
    red[k] = r

order = []
for k in ("odd7", "n17", "n129", "nan", "ties", "const", "n1000"):
    a = arrs[k]
    s = np.sort(a)
    v = np.concatenate([a[:5], [np.nan, -np.inf, np.inf, 0.0]]) if len(a) else a
    u = np.unique(a, return_index=True, return_inverse=True, return_counts=True)
    order.append({
        "x": k,
        "argsort": np.argsort(a, kind="stable"),
        "v": v,
        "left": np.searchsorted(s, v, side="left"),
        "right": np.searchsorted(s, v, side="right"),
        "unique": u[0], "index": u[1], "inverse": u[2], "counts": u[3],
        "diff": np.diff(a), "diff2": np.diff(a, 2), "cumsum": np.cumsum(a), "nancumsum": np.nancumsum(a),
    })
u8 = np.array([0, 1, 255, 3, 0, 200], np.uint8)
elem = {
    "ediff1d_u8": {"x": u8, "out": np.ediff1d(u8), "diff": np.diff(u8)},
    "ediff1d_begin": {"x": [1.0, 4.0, 9.0], "out": np.ediff1d([1.0, 4.0, 9.0], to_begin=[0.0], to_end=[7.0])},
}
interp_x = np.concatenate([rng.uniform(-2, 12, 60), [0, 10, 3, 3.5, -5, 15, np.nan]])
xp = np.sort(rng.uniform(0, 10, 15))
xp[0], xp[-1] = 0, 10
xp[5] = xp[4]  # a repeated abscissa
fp = rng.normal(0, 1, 15)
interp_x = np.concatenate([interp_x, xp])
elem["interp"] = {"x": interp_x, "xp": xp, "fp": fp, "out": np.interp(interp_x, xp, fp),
                  "out_nan": np.interp(interp_x, xp, fp, left=np.nan, right=np.nan)}
hist = []
for x, bins, rg in [([-np.pi, 0, np.pi, 3.2], 18, (-np.pi, np.pi)), (rng.normal(0, 1, 500), 10, None),
                    (rng.uniform(-np.pi, np.pi, 300), 18, (-np.pi, np.pi)), ([1.0, 1.0, 1.0], 4, None),
                    (np.linspace(0, 1, 101), 7, (0.0, 1.0)), (np.array([0.1, np.nan, 0.5]), 5, (0.0, 1.0)),
                    (rng.normal(0, 3, 200), 33, (-2.5, 4.1))]:
    c, e = np.histogram(x, bins=bins, range=rg)
    hist.append({"x": x, "bins": bins, "range": rg, "counts": c, "edges": e})
elem["histogram"] = hist
rv = np.concatenate([np.arange(-5, 5) + 0.5, rng.normal(0, 100, 40), [2.675, 1.005, -0.5, 0.4999999999999999]])
elem["around"] = [{"x": rv, "decimals": d, "out": np.around(rv, d)} for d in (0, 1, 2, 3, -1, -2)]
elem["arange"] = [{"args": a, "out": np.arange(*a)} for a in [(0, 0.25, 0.001), (0.1, 0.4, 0.1), (0, 10, 1), (5, 1, -0.3),
                                                                (1.5, 1.5, 0.1), (-1, 1, 0.07), (0, 1e-3, 1e-5)]]
cv = np.concatenate([rng.uniform(-70000, 70000, 50), [0.5, -0.5, 1.9999, -1.9999, 32767.9, 32768.2, -32769.5, 255.9, 256.1]])
elem["cast"] = {"x": cv, **{dt: cv.astype(dt) for dt in ("int8", "uint8", "int16", "uint16", "int32")}}
conv = []
for a, v in [(rng.normal(0, 1, 20), rng.normal(0, 1, 5)), (rng.normal(0, 1, 7), rng.normal(0, 1, 12)),
             (rng.normal(0, 1, 30), rng.normal(0, 1, 4)), ([1.0, 2.0, 3.0], [0.0, 1.0, 0.5]), ([2.0], [3.0, 4.0])]:
    conv.append({"a": a, "v": v, **{m: np.convolve(a, v, m) for m in ("full", "same", "valid")}})
elem["convolve"] = conv

roll = []
series = {"walk": np.cumsum(rng.normal(0, 1, 250)) + 50, "nan": np.where(rng.uniform(0, 1, 150) < 0.2, np.nan, rng.normal(0, 1, 150)),
          "binary": (rng.uniform(0, 1, 150) < 0.3).astype(float), "const": np.full(50, 0.7),
          "neg": -rng.uniform(0, 1, 100)}
for k, x in series.items():
    s = pd.Series(x)
    for w, mp in [(1, 0), (5, 0), (100, 0), (120, 120), (7, 3), (20, None)]:
        r = s.rolling(w, min_periods=mp)
        roll.append({"x": k, "w": w, "min_periods": mp, "mean": r.mean().to_numpy(), "count": r.count().to_numpy(),
                     "std1": r.std().to_numpy(), "std0": r.std(ddof=0).to_numpy(), "var1": r.var().to_numpy()})

d = fixture_dir("signal")
out = {"inputs": inputs, "gens": gens, "reductions": red, "ordering": order, "elementwise": elem,
       "rolling": {"series": series, "cases": roll}}
files = []
for k, v in out.items():
    p = d / f"signal_reductions_{k}.json"
    write_json(p, v, indent=None)
    files.append(p)
record("signal", files, __file__, libs=["numpy", "pandas"])

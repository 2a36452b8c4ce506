"""scipy 1.10 optimize / numpy linalg references for @sdk/signal fitting and linear algebra."""
import warnings

import numpy as np
from scipy import linalg as sla
from scipy import optimize

from _common import fixture_dir, record, write_json

warnings.simplefilter("ignore")
rng = np.random.RandomState(4242)

MODELS = {
    "exp3": (lambda x, a, tau, c: a * np.exp(-x / tau) + c),
    "exp4": (lambda x, a1, t1, a2, t2: a1 * np.exp(-x / t1) + a2 * np.exp(-x / t2)),
    "hill": (lambda x, b, a, c50, n: b + (a * x ** n) / (c50 ** n + x ** n)),
    "gauss1d": (lambda x, a, mu, s, c: a * np.exp(-((x - mu) ** 2) / (2 * s ** 2)) + c),
}

fits = []


def add_fit(model, x, truth, noise, p0, sigma=None, maxfev=None, exact=False):
    f = MODELS[model]
    y = f(x, *truth) + (0 if exact else rng.normal(0, noise, len(x)))
    kw = {}
    if sigma is not None:
        kw["sigma"] = sigma
    if maxfev is not None:
        kw["maxfev"] = maxfev
    entry = {"model": model, "x": x, "y": y, "truth": truth, "p0": p0, "sigma": sigma, "maxfev": maxfev}
    try:
        popt, pcov, info, msg, ier = optimize.curve_fit(f, x, y, p0=p0, full_output=True, **kw)
        entry.update(popt=popt, pcov=pcov, nfev=int(info["nfev"]), ier=int(ier))
    except RuntimeError as e:
        entry["error"] = str(e)
    fits.append(entry)


x = np.linspace(0, 5, 60)
add_fit("exp3", x, [2.0, 0.8, 0.3], 0.0, [1.0, 1.0, 0.0], exact=True)
add_fit("exp3", x, [2.0, 0.8, 0.3], 0.02, [1.0, 1.0, 0.0])
add_fit("exp3", np.linspace(0, 0.1, 200), [-5e-3, 0.02, -0.07], 1e-4, [-1e-3, 0.01, -0.06])
add_fit("exp4", np.linspace(0, 10, 120), [1.5, 0.5, 0.7, 4.0], 0.01, [1.0, 0.3, 1.0, 3.0])
add_fit("hill", np.array([0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.0]), [0.1, 1.0, 0.2, 2.0], 0.01, [0.0, 1.0, 0.3, 1.5])
add_fit("gauss1d", np.linspace(-3, 3, 41), [1.0, 0.4, 0.7, 0.1], 0.02, [0.8, 0.0, 1.0, 0.0],
        sigma=np.full(41, 0.02) * rng.uniform(0.5, 2, 41))
add_fit("exp3", x, [2.0, 0.8, 0.3], 0.02, [1.0, 1.0, 0.0], maxfev=5)
add_fit("exp3", np.linspace(0, 5, 3), [2.0, 0.8, 0.3], 0.0, [1.5, 1.0, 0.1], exact=True)

# leastsq on a 2-D Gaussian (ecephys receptive-field fit shape)
yy, xx = np.mgrid[0:9, 0:14]


def g2(p):
    h, cx, cy, wx, wy = p
    return h * np.exp(-(((cx - xx) / wx) ** 2 + ((cy - yy) / wy) ** 2) / 2)


img = g2([3.0, 6.3, 4.1, 1.7, 1.2]) + rng.normal(0, 0.05, xx.shape)
lsq = optimize.leastsq(lambda p: np.ravel(g2(p) - img), [2.5, 6.0, 4.0, 2.0, 1.0], full_output=True)
leastsq_fx = {"img": img, "x0": [2.5, 6.0, 4.0, 2.0, 1.0], "x": lsq[0], "cov_x": lsq[1], "nfev": int(lsq[2]["nfev"]),
              "ier": int(lsq[4]), "ipvt": lsq[2]["ipvt"], "truth": [3.0, 6.3, 4.1, 1.7, 1.2]}

# Nelder–Mead
nm = []
for x0 in ([1.3, 0.7, 0.8, 1.9, 1.2], [-1.2, 1.0], [0.0, 0.0]):
    r = optimize.minimize(optimize.rosen, x0, method="Nelder-Mead")
    nm.append({"fn": "rosen", "x0": x0, "x": r.x, "fun": float(r.fun), "nfev": int(r.nfev), "nit": int(r.nit),
               "status": int(r.status)})
r = optimize.minimize(optimize.rosen, [1.3, 0.7, 0.8, 1.9, 1.2], method="Nelder-Mead", options={"maxfev": 150})
nm.append({"fn": "rosen", "x0": [1.3, 0.7, 0.8, 1.9, 1.2], "maxfev": 150, "x": r.x, "fun": float(r.fun),
           "nfev": int(r.nfev), "nit": int(r.nit), "status": int(r.status)})
gimg = g2([3.0, 6.3, 4.1, 1.7, 1.2]) + rng.normal(0, 0.05, xx.shape)
r = optimize.minimize(lambda p: float(np.sum((g2(p) - gimg) ** 2)), [2.5, 6.0, 4.0, 2.0, 1.0], method="Nelder-Mead",
                      options={"maxfev": 2500})
nm.append({"fn": "gauss2d", "img": gimg, "x0": [2.5, 6.0, 4.0, 2.0, 1.0], "maxfev": 2500, "x": r.x, "fun": float(r.fun),
           "nfev": int(r.nfev), "nit": int(r.nit), "status": int(r.status)})

# linear algebra
lin = {"lstsq": [], "polyfit": [], "banded": [], "solve": []}
for A, b in [(rng.normal(0, 1, (20, 3)), rng.normal(0, 1, 20)),
             (np.column_stack([np.ones(10), np.arange(10.0), 2 * np.arange(10.0)]), rng.normal(0, 1, 10)),
             (rng.normal(0, 1, (3, 6)), rng.normal(0, 1, 3)), (np.array([[1.0, 2.0], [2.0, 4.0]]), np.array([1.0, 2.0]))]:
    xs, res, rank, s = np.linalg.lstsq(A, b, rcond=None)
    lin["lstsq"].append({"A": A, "b": b, "x": xs, "residuals": res, "rank": int(rank), "s": s})
for deg in (1, 2, 3):
    xx1 = np.sort(rng.uniform(-3, 5, 30))
    yv = 0.5 * xx1 ** 2 - xx1 + 2 + rng.normal(0, 0.1, 30)
    lin["polyfit"].append({"x": xx1, "y": yv, "deg": deg, "out": np.polyfit(xx1, yv, deg)})
lin["polyfit"].append({"x": [0.0, 1.0], "y": [1.0, 3.0], "deg": 1, "out": np.polyfit([0.0, 1.0], [1.0, 3.0], 1)})
for n, dom in [(50, True), (12, False), (1, True), (2, False)]:
    ab = rng.normal(0, 1, (3, n))
    if dom:
        ab[1] = 4 + np.abs(ab[1])
    b = rng.normal(0, 1, n)
    lin["banded"].append({"ab": ab, "b": b, "out": sla.solve_banded((1, 1), ab, b)})
for n in (1, 3, 8):
    A = rng.normal(0, 1, (n, n))
    b = rng.normal(0, 1, n)
    lin["solve"].append({"A": A, "b": b, "x": np.linalg.solve(A, b), "inv": np.linalg.inv(A)})

d = fixture_dir("signal")
files = []
for k, v in {"curvefit": fits, "leastsq": leastsq_fx, "neldermead": nm, "linalg": lin}.items():
    p = d / f"signal_fit_{k}.json"
    write_json(p, v, indent=None)
    files.append(p)
record("signal", files, __file__, libs=["numpy", "scipy"])

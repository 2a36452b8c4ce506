"""@sdk/signal filter fixtures: scipy.signal design/lfilter/filtfilt/decimate/medfilt and the
scipy.ndimage 1-D rank and linear filters (scipy 1.10.1, numpy 1.23.5).

Writes packages/signal/test/fixtures/filters_*.json (arrays base64 float64, see _signal_codec).
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import scipy.ndimage as nd
import scipy.signal as ss

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, write_json  # noqa: E402
from _signal_codec import err, f64, lcg, sha  # noqa: E402

warnings.simplefilter("ignore")
rs = np.random.RandomState(4)
out = fixture_dir("signal")
files = []


def ba(t):
    return {"b": f64(t[0]), "a": f64(t[1])}


# --- design -------------------------------------------------------------------------------------
design = []
for N in range(0, 9):
    for Wn in [0.05, 0.3, 0.77]:
        for btype in ["low", "high"]:
            if N == 0:
                continue
            design.append({"f": "butter", "N": N, "Wn": Wn, "btype": btype, "ba": ba(ss.butter(N, Wn, btype)), "sos": f64(ss.butter(N, Wn, btype, output="sos"))})
            for norm in ["phase", "mag", "delay"]:
                design.append({"f": "bessel", "N": N, "Wn": Wn, "btype": btype, "norm": norm, "ba": ba(ss.bessel(N, Wn, btype, norm=norm)), "sos": f64(ss.bessel(N, Wn, btype, norm=norm, output="sos"))})
    for Wn in [[0.1, 0.4], [0.02, 0.9], [0.3, 0.35]]:
        for btype in ["bandpass", "bandstop"]:
            if N == 0:
                continue
            design.append({"f": "butter", "N": N, "Wn": Wn, "btype": btype, "ba": ba(ss.butter(N, Wn, btype)), "sos": f64(ss.butter(N, Wn, btype, output="sos"))})
            design.append({"f": "bessel", "N": N, "Wn": Wn, "btype": btype, "norm": "phase", "ba": ba(ss.bessel(N, Wn, btype)), "sos": f64(ss.bessel(N, Wn, btype, output="sos"))})
for q in [2, 3, 4, 5, 12]:
    design.append({"f": "cheby1", "N": 8, "rp": 0.05, "Wn": 0.8 / q, "btype": "low", "ba": ba(ss.cheby1(8, 0.05, 0.8 / q)), "sos": f64(ss.cheby1(8, 0.05, 0.8 / q, output="sos"))})
for N, rp, Wn, bt in [(1, 1.0, 0.3, "low"), (3, 0.5, 0.2, "high"), (4, 2.0, [0.2, 0.5], "bandpass"), (5, 1.0, [0.1, 0.6], "bandstop")]:
    design.append({"f": "cheby1", "N": N, "rp": rp, "Wn": Wn, "btype": bt, "ba": ba(ss.cheby1(N, rp, Wn, bt)), "sos": f64(ss.cheby1(N, rp, Wn, bt, output="sos"))})
with_fs = [
    {"f": "butter", "N": 3, "Wn": 4, "fs": 60, "btype": "low", "ba": ba(ss.butter(3, 4, fs=60)), "sos": f64(ss.butter(3, 4, fs=60, output="sos"))},
    {"f": "butter", "N": 2, "Wn": [0.1, 1.5], "fs": 30, "btype": "bandpass", "ba": ba(ss.butter(2, [0.1, 1.5], "bandpass", fs=30)), "sos": f64(ss.butter(2, [0.1, 1.5], "bandpass", fs=30, output="sos"))},
    {"f": "bessel", "N": 4, "Wn": 10000, "fs": 200000, "btype": "low", "norm": "phase", "ba": ba(ss.bessel(4, 10000, fs=200000)), "sos": f64(ss.bessel(4, 10000, fs=200000, output="sos"))},
]
design += with_fs
design_errors = {
    "wn_zero": err(lambda: ss.butter(2, 0)),
    "wn_one": err(lambda: ss.butter(2, 1.0)),
    "wn_order": err(lambda: ss.butter(2, [0.4, 0.1], "bandpass")),
    "band_scalar": err(lambda: ss.butter(2, 0.3, "bandpass")),
    "low_two": err(lambda: ss.butter(2, [0.1, 0.3], "low")),
    "fs_nyquist": err(lambda: ss.butter(2, 30, fs=60)),
}
firwin_cases = []
for numtaps, cutoff, kw in [(11, 0.3, {}), (31, [0.2, 0.5], {}), (31, [0.2, 0.5], {"pass_zero": False}), (21, 0.4, {"pass_zero": False}), (40, 0.25, {}), (15, 3.0, {"fs": 30}), (25, [0.1, 0.3, 0.6], {"window": "hann"})]:
    firwin_cases.append({"numtaps": numtaps, "cutoff": cutoff, "kw": kw, "h": f64(ss.firwin(numtaps, cutoff, **kw))})
firwin_errors = {"even_highpass": err(lambda: ss.firwin(20, 0.3, pass_zero=False))}

zi_cases = []
for b, a in [ss.butter(3, 0.1), ss.bessel(4, 0.01), ss.bessel(4, 0.4), ss.butter(2, [0.1 / 15, 1.5 / 15], "bandpass"), ([1.0, 2.0], [3.0]), ([0.5, 0.2, 0.1], [2.0, -0.4])]:
    zi_cases.append({"b": f64(b), "a": f64(a), "zi": f64(ss.lfilter_zi(b, a))})
sos_zi = []
for sos in [ss.butter(4, 0.2, output="sos"), ss.cheby1(8, 0.05, 0.8 / 4, output="sos"), ss.bessel(5, [0.1, 0.3], "bandpass", output="sos")]:
    sos_zi.append({"sos": f64(sos), "zi": f64(ss.sosfilt_zi(sos))})

p = out / "filters_design.json"
write_json(p, {"design": design, "errors": design_errors, "firwin": firwin_cases, "firwin_errors": firwin_errors, "lfilter_zi": zi_cases, "sosfilt_zi": sos_zi}, indent=None)
files.append(p)

# --- filtering ------------------------------------------------------------------------------------
noise = rs.standard_normal(200)
step = np.r_[np.zeros(40), np.ones(80)] + 0.25
filters = {
    "butter3": ss.butter(3, 0.1),
    "bessel4_01": ss.bessel(4, 0.1),
    "bessel4_001": ss.bessel(4, 0.01),
    "butter2bp": ss.butter(2, [0.1 / 15, 1.5 / 15], "bandpass"),
    "fir": ([0.2, 0.3, 0.5, -0.1], [1.0]),
    "unnorm": ([0.5, 0.2, 0.1], [2.0, -0.4, 0.1]),
}
def gust_cond(b, a, x, irlen):
    """cond(M) of the least-squares problem inside scipy's _filtfilt_gust, captured as it runs."""
    import scipy.signal._signaltools as st

    seen = {}
    lstsq = st.linalg.lstsq

    def spy(M, d, *args, **kwargs):
        seen["M"] = M
        return lstsq(M, d, *args, **kwargs)

    st.linalg.lstsq = spy
    try:
        ss.filtfilt(b, a, x, method="gust", irlen=irlen)
    finally:
        st.linalg.lstsq = lstsq
    sv = np.linalg.svd(seen["M"], compute_uv=False)
    return float(sv[0] / sv[-1])


lf = []
for name, (b, a) in filters.items():
    for xname, x in [("noise", noise), ("step", step), ("short", noise[:7])]:
        case = {"filter": name, "b": f64(b), "a": f64(a), "x": xname, "lfilter": f64(ss.lfilter(b, a, x))}
        zi = ss.lfilter_zi(b, a) * x[0]
        y, zf = ss.lfilter(b, a, x, zi=zi)
        case["zi"] = f64(zi)
        case["lfilter_zi_y"] = f64(y)
        case["lfilter_zi_zf"] = f64(zf)
        n = len(x)
        ntaps = max(len(a), len(b))
        if n > 3 * ntaps:
            case["filtfilt"] = f64(ss.filtfilt(b, a, x))
            case["filtfilt_even"] = f64(ss.filtfilt(b, a, x, padtype="even"))
            case["filtfilt_const"] = f64(ss.filtfilt(b, a, x, padtype="constant"))
            case["filtfilt_none"] = f64(ss.filtfilt(b, a, x, padtype=None))
            case["filtfilt_pad5"] = f64(ss.filtfilt(b, a, x, padlen=5))
        else:
            case["filtfilt_error"] = err(lambda: ss.filtfilt(b, a, x))
        # Gustafsson's method needs no padding: every input, whole and with a truncated impulse
        # response (irlen 3 truncates all but the 7-sample input)
        for key, irlen in (("filtfilt_gust", None), ("filtfilt_gust_irlen3", 3), ("filtfilt_gust_irlen50", 50)):
            case[key] = f64(ss.filtfilt(b, a, x, method="gust", irlen=irlen))
            # the condition number of the least-squares matrix scipy solved (the 7-sample cases of
            # 4th-order filters are underdetermined and ill-conditioned: it sets the tolerance)
            case[key + "_cond"] = gust_cond(b, a, x, irlen)
        lf.append(case)

sf = []
soss = {
    "butter4": ss.butter(4, 0.2, output="sos"),
    "cheby_q4": ss.cheby1(8, 0.05, 0.8 / 4, output="sos"),
    "bessel5bp": ss.bessel(5, [0.1, 0.3], "bandpass", output="sos"),
    "butter3_odd": ss.butter(3, 0.3, output="sos"),
}
for name, sos in soss.items():
    for xname, x in [("noise", noise), ("step", step)]:
        zi = ss.sosfilt_zi(sos) * x[0]
        y, zf = ss.sosfilt(sos, x, zi=zi)
        sf.append({
            "filter": name, "sos": f64(sos), "x": xname,
            "sosfilt": f64(ss.sosfilt(sos, x)), "zi": f64(zi), "sosfilt_zi_y": f64(y), "sosfilt_zi_zf": f64(zf),
            "sosfiltfilt": f64(ss.sosfiltfilt(sos, x)),
            "sosfiltfilt_even": f64(ss.sosfiltfilt(sos, x, padtype="even")),
            "sosfiltfilt_pad0": f64(ss.sosfiltfilt(sos, x, padlen=0)),
        })
sos_errors = {"short": err(lambda: ss.sosfiltfilt(soss["butter4"], noise[:15])), "n_short": 15}

# the spec's ramp KAT: 3 V/s ramp at 200 kHz through bessel(4, 0.1), differentiated
fs_r = 200000.0
t = np.arange(2000) / fs_r
ramp = 3.0 * t
bb, aa = ss.bessel(4, 0.1)
rf = ss.filtfilt(bb, aa, ramp)
dvdt = np.diff(rf) / (1.0 / fs_r)

dec = []
xd = rs.standard_normal(600) * 1000
for q in [2, 4, 5, 12]:
    y = ss.decimate(xd, q)
    dec.append({"q": q, "y": f64(y), "y_int16": f64(y.astype(np.int16)), "y_nozp": f64(ss.decimate(xd, q, zero_phase=False))})
dec_fir = [{"q": 3, "n": None, "y": f64(ss.decimate(xd, 3, ftype="fir", zero_phase=False))}]
# zero phase (resample_poly with the firwin window): lengths that q divides and does not, odd and
# even half lengths, a filter longer than the signal
dec_fir_zp = []
for q, n, length in [(3, None, 600), (4, None, 599), (5, 31, 600), (2, 7, 101), (12, None, 50), (7, 40, 600)]:
    dec_fir_zp.append({"q": q, "n": n, "length": length, "y": f64(ss.decimate(xd[:length], q, n=n, ftype="fir"))})
dec_err = err(lambda: ss.decimate(np.arange(20.0), 4))

# long input: filtfilt of a 4-pole Bessel on 1e5 samples, compared on every 97th sample
long_x = lcg(100000, 99)
lb, la = ss.bessel(4, 0.05)
long_y = ss.filtfilt(lb, la, long_x)
long_sos = ss.sosfiltfilt(ss.butter(4, 0.05, output="sos"), long_x)

p = out / "filters_filtering.json"
write_json(p, {
    "noise": f64(noise), "step": f64(step), "lfilter": lf, "sos": sf, "sos_errors": sos_errors,
    "ramp": {"n": 2000, "fs": fs_r, "dvdt": f64(dvdt)},
    "decimate": {"x": f64(xd), "cases": dec, "fir": dec_fir, "fir_zero_phase": dec_fir_zp, "short_error": dec_err},
    "long": {"n": 100000, "seed": 99, "stride": 97, "filtfilt": f64(long_y[::97]), "filtfilt_tail": f64(long_y[-50:]),
             "sosfiltfilt": f64(long_sos[::97]), "sosfiltfilt_tail": f64(long_sos[-50:])},
}, indent=None)
files.append(p)

# --- rank filters ---------------------------------------------------------------------------------
rank = {"medfilt": [], "median": [], "percentile": [], "minmax": []}
inputs = {
    "r17": rs.standard_normal(17),
    "r20": rs.standard_normal(20),
    "ints": rs.randint(0, 5, 40).astype(float),
    "one": np.array([3.5]),
    "two": np.array([2.0, -1.0]),
    "const": np.full(9, 1.25),
    "nan": np.r_[rs.standard_normal(12), np.nan, rs.standard_normal(12)],
    "nan2": np.r_[np.nan, rs.standard_normal(5), np.nan, np.nan, rs.standard_normal(8), np.nan],
    "kat5": np.array([5.0, 1, 2, 8, 3]),
    "kat6": np.array([5.0, 1, 2, 8, 3, 7]),
}
for name, x in inputs.items():
    for k in [1, 3, 5, 7, 11, 25]:
        rank["medfilt"].append({"x": name, "k": k, "y": f64(ss.medfilt(x, k))})
rank["medfilt_even_error"] = err(lambda: ss.medfilt(inputs["r17"], 4))
modes = ["reflect", "constant", "nearest", "mirror", "wrap"]
for name, x in inputs.items():
    if name in ("const", "kat5"):
        continue
    for size in [1, 2, 3, 4, 5, 6, 7, 10, 33]:
        for mode in modes:
            origins = [0] if size < 3 else [0, -(size // 2) if size % 2 else (size - 1) // 2]
            for origin in origins:
                if mode == "reflect" and size // 2 + origin >= 4 * len(x):
                    # NI_InitFilterOffsets maps reflect offsets of -2k*len (k >= 2) to -1 and reads
                    # outside the array (undefined values); such cases are not comparable
                    continue
                rank["median"].append({"x": name, "size": size, "mode": mode, "origin": origin, "cval": 0.0 if mode != "constant" else -0.5,
                                       "y": f64(nd.median_filter(x, size=size, mode=mode, origin=origin, cval=0.0 if mode != "constant" else -0.5))})
for name in ["r17", "r20", "ints", "nan", "const"]:
    x = inputs[name]
    for size in [3, 5, 8, 21]:
        for pct in [0, 10, 25, 50, 90, 100, -10]:
            for mode in ["reflect", "constant", "nearest"]:
                rank["percentile"].append({"x": name, "size": size, "p": pct, "mode": mode,
                                           "y": f64(nd.percentile_filter(x, pct, size=size, mode=mode))})
for name in ["r17", "nan", "nan2", "ints"]:
    x = inputs[name]
    for size in [2, 3, 6]:
        for mode in modes:
            rank["minmax"].append({"x": name, "size": size, "mode": mode, "min": f64(nd.minimum_filter1d(x, size, mode=mode)), "max": f64(nd.maximum_filter1d(x, size, mode=mode))})
rank["inputs"] = {k: f64(v) for k, v in inputs.items()}
big = lcg(100000, 7)
big_nan = big.copy()
big_nan[[10, 5000, 5001, 77777]] = np.nan
rank["long"] = {
    "n": 100000, "seed": 7,
    "median_5401_constant": sha(nd.median_filter(big, 5401, mode="constant")),
    "median_101_reflect": sha(nd.median_filter(big, 101)),
    "median_5401_nan_constant": sha(nd.median_filter(big_nan, 5401, mode="constant")),
    "percentile10_5401_reflect": sha(nd.percentile_filter(big, 10, 5401)),
    "medfilt_5": sha(ss.medfilt(big, 5)),
    "medfilt_101_nan": sha(ss.medfilt(big_nan, 101)),
    "sample_median_5401_constant": f64(nd.median_filter(big, 5401, mode="constant")[::1000]),
}
p = out / "filters_rank.json"
write_json(p, rank, indent=None)
files.append(p)

# --- linear ndimage filters ---------------------------------------------------------------------
lin = {"uniform": [], "gaussian": [], "gaussian_nd": []}
for name in ["r17", "r20", "one", "two", "nan", "kat5"]:
    x = inputs[name]
    for size in [1, 2, 3, 4, 7, 30]:
        for mode in modes:
            for origin in [0] if size < 3 else [0, -(size // 2), (size - 1) // 2]:
                lin["uniform"].append({"x": name, "size": size, "mode": mode, "origin": origin, "y": f64(nd.uniform_filter1d(x, size, mode=mode, origin=origin, cval=0.5))})
    for sigma in [0.5, 0.75, 1.0, 3.0, 4.0]:
        for mode in modes:
            lin["gaussian"].append({"x": name, "sigma": sigma, "mode": mode, "order": 0, "truncate": 4.0, "y": f64(nd.gaussian_filter1d(x, sigma, mode=mode, cval=0.25))})
        for order in [1, 2]:
            lin["gaussian"].append({"x": name, "sigma": sigma, "mode": "reflect", "order": order, "truncate": 4.0, "y": f64(nd.gaussian_filter1d(x, sigma, order=order))})
        lin["gaussian"].append({"x": name, "sigma": sigma, "mode": "reflect", "order": 0, "truncate": 2.5, "y": f64(nd.gaussian_filter1d(x, sigma, truncate=2.5))})
lin["kat"] = f64(nd.gaussian_filter1d(np.array([0.0, 0, 1, 0, 0]), 1))
img = rs.standard_normal((9, 12))
vol = rs.standard_normal((4, 5, 6))
lin["gaussian_nd"] = [
    {"x": f64(img), "shape": [9, 12], "sigma": [1.0, 1.0], "mode": "reflect", "y": f64(nd.gaussian_filter(img, 1.0))},
    {"x": f64(img), "shape": [9, 12], "sigma": [4.0, 4.0], "mode": "constant", "y": f64(nd.gaussian_filter(img, 4.0, mode="constant"))},
    {"x": f64(img), "shape": [9, 12], "sigma": [0.75, 0.0], "mode": "nearest", "y": f64(nd.gaussian_filter(img, [0.75, 0.0], mode="nearest"))},
    {"x": f64(vol), "shape": [4, 5, 6], "sigma": [1.0, 2.0, 0.5], "mode": "reflect", "y": f64(nd.gaussian_filter(vol, [1.0, 2.0, 0.5]))},
]
p = out / "filters_linear.json"
write_json(p, lin, indent=None)
files.append(p)

record("signal", files, __file__, libs=["numpy", "scipy"])

"""@sdk/signal spectral fixtures: numpy.fft, scipy.signal.hilbert/welch/detrend, windows, dpss.

Writes packages/signal/test/fixtures/spectral_*.json (arrays base64 float64, see _signal_codec).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import scipy.signal as ss
import scipy.signal.windows as sw

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, write_json  # noqa: E402
from _signal_codec import c128, err, f64, lcg  # noqa: E402

rs = np.random.RandomState(20240604)
out = fixture_dir("signal")
files = []

# --- FFT family ------------------------------------------------------------------------------
fft_cases = []
for n in range(1, 65):
    x = rs.standard_normal(n) + 1j * rs.standard_normal(n)
    xr = rs.standard_normal(n)
    case = {
        "n": n,
        "x": c128(x),
        "fft": c128(np.fft.fft(x)),
        "xr": f64(xr),
        "rfft": c128(np.fft.rfft(xr)),
    }
    if n <= 16 or n % 8 == 0 or n in (31, 61):
        # ifft and the frequency grids use the same machinery for every n: a subset keeps the fixture small
        case["ifft"] = c128(np.fft.ifft(x))
        case["fftfreq"] = f64(np.fft.fftfreq(n, 0.1))
        case["rfftfreq"] = f64(np.fft.rfftfreq(n, 0.1))
    m = n // 2 + 1
    spec = rs.standard_normal(m) + 1j * rs.standard_normal(m)
    case["spec"] = c128(spec)
    case["irfft"] = f64(np.fft.irfft(spec, n))
    fft_cases.append(case)
# long transforms: inputs regenerated in TypeScript from the integer LCG (seed = n)
long_cases = []
for n in [1000, 1024, 1031]:
    x = lcg(n, n) + 1j * lcg(n, n + 1)
    long_cases.append({"n": n, "fft": c128(np.fft.fft(x)), "rfft": c128(np.fft.rfft(x.real))})
# n larger / smaller than the input: truncation and zero padding
x = rs.standard_normal(10)
pad_cases = {
    "x": f64(x),
    "fft_n16": c128(np.fft.fft(x, 16)),
    "fft_n7": c128(np.fft.fft(x, 7)),
    "rfft_n13": c128(np.fft.rfft(x, 13)),
    "rfft_n4": c128(np.fft.rfft(x, 4)),
    "irfft_default": f64(np.fft.irfft(np.fft.rfft(x))),
    "irfft_n9": f64(np.fft.irfft(np.fft.rfft(x), 9)),
    "irfft_n30": f64(np.fft.irfft(np.fft.rfft(x), 30)),
}
p = out / "spectral_fft.json"
write_json(p, {"cases": fft_cases, "long": long_cases, "pad": pad_cases}, indent=None)
files.append(p)

# --- hilbert, detrend, welch ----------------------------------------------------------------
hil = []
for n in [1, 2, 3, 4, 7, 8, 33, 64, 1031]:
    x = rs.standard_normal(n)
    hil.append({"x": f64(x), "N": None, "y": c128(ss.hilbert(x))})
x = rs.standard_normal(50)
hil.append({"x": f64(x), "N": 64, "y": c128(ss.hilbert(x, 64))})
hil.append({"x": f64(x), "N": 31, "y": c128(ss.hilbert(x, 31))})
hil.append({"x": f64([1.0, 0.0, -1.0, 0.0]), "N": None, "y": c128(ss.hilbert([1.0, 0.0, -1.0, 0.0]))})

det = []
for n in [1, 2, 3, 10, 257]:
    x = rs.standard_normal(n) + np.linspace(0, 5, n)
    det.append({"x": f64(x), "constant": f64(ss.detrend(x, type="constant")), "linear": f64(ss.detrend(x, type="linear"))})

welch_cases = []


def add_welch(x, **kw):
    f, pxx = ss.welch(x, **kw)
    welch_cases.append({"x": "xw" if x is xw else f64(x), "kw": kw, "f": f64(f), "p": f64(pxx)})


xw = None
t = np.arange(64)
add_welch(np.sin(2 * np.pi * 0.1 * t), nperseg=16)  # the spec's KAT
for n in [1, 2, 17, 255, 256, 257, 1000]:
    add_welch(rs.standard_normal(n))
xw = rs.standard_normal(3000) + np.sin(np.arange(3000) * 0.3)
add_welch(xw, fs=30.0, nperseg=1024)
add_welch(xw, fs=2.5, nperseg=100, noverlap=10)
add_welch(xw, nperseg=128, nfft=300)
add_welch(xw, nperseg=127, nfft=255, detrend="linear")
add_welch(xw, nperseg=200, detrend=False, scaling="spectrum")
add_welch(xw, nperseg=200, return_onesided=False)
add_welch(xw, nperseg=200, window="hamming")
add_welch(xw, nperseg=64, average="median")
add_welch(xw, nperseg=65, average="median", scaling="spectrum")
add_welch(xw, nperseg=64, window="boxcar", noverlap=0)
welch_errors = {
    "noverlap_ge_nperseg": err(lambda: ss.welch(xw, nperseg=64, noverlap=64)),
    "nfft_lt_nperseg": err(lambda: ss.welch(xw, nperseg=64, nfft=32)),
}

# --- windows -----------------------------------------------------------------------------------
wins = []
for m in [0, 1, 2, 3, 4, 5, 16, 75, 256]:
    wins.append(
        {
            "M": m,
            "np_hanning": f64(np.hanning(m)),
            "np_hamming": f64(np.hamming(m)),
            "np_blackman": f64(np.blackman(m)),
            "np_bartlett": f64(np.bartlett(m)),
            "hann_sym": f64(sw.hann(m)),
            "hann_periodic": f64(ss.get_window("hann", m)) if m > 0 else f64([]),
            "hamming_periodic": f64(ss.get_window("hamming", m)) if m > 0 else f64([]),
            "boxcar": f64(sw.boxcar(m)),
            "blackman_periodic": f64(ss.get_window("blackman", m)) if m > 0 else f64([]),
            "bartlett_periodic": f64(ss.get_window("bartlett", m)) if m > 0 else f64([]),
        }
    )

# --- dpss ----------------------------------------------------------------------------------------
dp = []
for M, NW, K in [(8, 2, 3), (16, 2.5, 4), (64, 4, 7), (100, 3, 5), (101, 2, 3), (1000, 4, 7), (51, 1.5, 1)]:
    w, r = sw.dpss(M, NW, K, return_ratios=True)
    dp.append({"M": M, "NW": NW, "K": K, "windows": f64(w), "ratios": f64(r)})
# Kmax=None: one taper, 'approximate' normalisation; sym=False
for M, NW, kw in [(64, 3, {}), (65, 3, {}), (64, 3, {"norm": "subsample"}), (64, 3, {"sym": False}), (33, 2, {"norm": 2})]:
    dp.append({"M": M, "NW": NW, "K": None, "kw": kw, "windows": f64(sw.dpss(M, NW, **kw))})

p = out / "spectral_misc.json"
write_json(p, {"xw": f64(xw), "hilbert": hil, "detrend": det, "welch": welch_cases, "welch_errors": welch_errors, "windows": wins, "dpss": dp}, indent=None)
files.append(p)

record("signal", files, __file__, libs=["numpy", "scipy"])

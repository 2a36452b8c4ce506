"""@sdk/signal multitaper spectrogram fixtures.

The reference is the Prerau lab's ``multitaper_spectrogram_python.py`` (imported by the multimodal
pipeline as ``shared.multitaper_spectrogram_python``). It is a standalone script, not a package in
the oracle venv, so its computational path (process_input, process_spectrogram_params,
calc_mts_segment and the one-sided scaling of multitaper_spectrogram; plotting and multiprocessing
left out) is transcribed below with numpy/scipy 1.10 doing the arithmetic.
"""

from __future__ import annotations

import math
import sys
import warnings
from pathlib import Path

import numpy as np
from scipy.signal import detrend
from scipy.signal.windows import dpss

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, write_json  # noqa: E402
from _signal_codec import f64  # noqa: E402

warnings.simplefilter("ignore")


def process_input(data, fs, frequency_range=None, time_bandwidth=5, num_tapers=None, window_params=None, min_nfft=0, detrend_opt="linear"):
    if frequency_range is None:
        frequency_range = [0, fs / 2]
    frequency_range = list(frequency_range)
    if frequency_range[1] > fs / 2:
        frequency_range[1] = fs / 2
    if num_tapers is None:
        num_tapers = math.floor(2 * time_bandwidth) - 1
    if window_params is None:
        window_params = [5, 1]
    if window_params[0] * fs % 1 != 0:
        winsize_samples = round(window_params[0] * fs)
    else:
        winsize_samples = window_params[0] * fs
    if window_params[1] * fs % 1 != 0:
        winstep_samples = round(window_params[1] * fs)
    else:
        winstep_samples = window_params[1] * fs
    len_data = len(data)
    if len_data < winsize_samples:
        raise ValueError("data shorter than window")
    window_start = np.arange(0, len_data - winsize_samples + 1, winstep_samples)
    if min_nfft == 0:
        nfft = max(2 ** math.ceil(math.log2(abs(winsize_samples))), winsize_samples)
    else:
        nfft = max(max(2 ** math.ceil(math.log2(abs(winsize_samples))), winsize_samples), 2 ** math.ceil(math.log2(abs(min_nfft))))
    return [data, fs, frequency_range, time_bandwidth, num_tapers, int(winsize_samples), int(winstep_samples), window_start, len(window_start), nfft, detrend_opt]


def process_spectrogram_params(fs, nfft, frequency_range, window_start, datawin_size):
    df = fs / nfft
    sfreqs = np.arange(0, fs, df)
    freq_inds = (sfreqs >= frequency_range[0]) & (sfreqs <= frequency_range[1])
    sfreqs = sfreqs[freq_inds]
    window_middle_samples = window_start + round(datawin_size / 2)
    stimes = window_middle_samples / fs
    window_idxs = np.atleast_2d(window_start).T + np.arange(0, datawin_size, 1)
    return [window_idxs.astype(int), stimes, sfreqs, freq_inds]


def calc_mts_segment(data_segment, dpss_tapers, nfft, freq_inds, detrend_opt, num_tapers, dpss_eigen, weighting, wt):
    if all(data_segment == 0):
        return np.zeros(sum(freq_inds))
    if any(np.isnan(data_segment)):
        ret = np.empty(sum(freq_inds))
        ret.fill(np.nan)
        return ret
    if detrend_opt != "off":
        data_segment = detrend(data_segment, type=detrend_opt)
    tapered_data = np.multiply(np.mat(data_segment).T, np.mat(dpss_tapers.T))
    fft_data = np.fft.fft(tapered_data, nfft, axis=0)
    spower = np.power(np.imag(fft_data), 2) + np.power(np.real(fft_data), 2)
    if weighting == "adapt":
        tpower = np.dot(np.transpose(data_segment), (data_segment / len(data_segment)))
        spower_iter = np.mean(spower[:, 0:2], 1)
        spower_iter = spower_iter[:, np.newaxis]
        a = (1 - dpss_eigen) * tpower
        for _ in range(3):
            b = np.dot(spower_iter, np.ones((1, num_tapers))) / ((np.dot(spower_iter, np.transpose(dpss_eigen))) + (np.ones((nfft, 1)) * np.transpose(a)))
            wk = (b ** 2) * np.dot(np.ones((nfft, 1)), np.transpose(dpss_eigen))
            spower_iter = np.sum((np.transpose(wk) * np.transpose(spower)), 0) / np.sum(wk, 1)
            spower_iter = spower_iter[:, np.newaxis]
        mt_spectrum = np.squeeze(spower_iter)
    else:
        mt_spectrum = np.dot(spower, wt)
        mt_spectrum = np.reshape(mt_spectrum, nfft)
    return np.asarray(mt_spectrum).ravel()[freq_inds]


def multitaper_spectrogram(data, fs, frequency_range=None, time_bandwidth=5, num_tapers=None, window_params=None, min_nfft=0, detrend_opt="linear", weighting="unity"):
    [data, fs, frequency_range, time_bandwidth, num_tapers, winsize_samples, winstep_samples, window_start, num_windows, nfft, detrend_opt] = process_input(
        data, fs, frequency_range, time_bandwidth, num_tapers, window_params, min_nfft, detrend_opt)
    [window_idxs, stimes, sfreqs, freq_inds] = process_spectrogram_params(fs, nfft, frequency_range, window_start, winsize_samples)
    dpss_tapers, dpss_eigen = dpss(winsize_samples, time_bandwidth, num_tapers, return_ratios=True)
    dpss_eigen = np.reshape(dpss_eigen, (num_tapers, 1))
    if weighting == "eigen":
        wt = dpss_eigen / num_tapers
    elif weighting == "unity":
        wt = np.ones(num_tapers) / num_tapers
        wt = np.reshape(wt, (num_tapers, 1))
    else:
        wt = 0
    data_segments = data[window_idxs]
    mt_spectrogram = np.apply_along_axis(calc_mts_segment, 1, data_segments, dpss_tapers, nfft, freq_inds, detrend_opt, num_tapers, dpss_eigen, weighting, wt)
    mt_spectrogram = mt_spectrogram.T
    dc_select = np.where(sfreqs == 0)[0]
    nyquist_select = np.where(sfreqs == fs / 2)[0]
    select = np.setdiff1d(np.arange(0, len(sfreqs)), np.concatenate((dc_select, nyquist_select)))
    mt_spectrogram = np.vstack([mt_spectrogram[dc_select, :], 2 * mt_spectrogram[select, :], mt_spectrogram[nyquist_select, :]]) / fs
    return mt_spectrogram, stimes, sfreqs


out = fixture_dir("signal")
fs = 30.0
t = np.arange(1500) / fs
chirp = np.sin(2 * np.pi * (0.5 + 0.1 * t) * t) + 0.3 * np.sin(2 * np.pi * 7 * t)
gapped = chirp.copy()
gapped[300:700] = 0.0
gapped[1100] = np.nan
cases = []
for name, x, kw in [
    ("chirp_tw2", chirp, {"time_bandwidth": 2, "window_params": [10, 3], "frequency_range": [0, 15], "detrend_opt": "constant"}),
    ("chirp_default", chirp, {"window_params": [8, 4]}),
    ("gapped_linear", gapped, {"time_bandwidth": 2, "window_params": [10, 3], "frequency_range": [1, 12]}),
    ("chirp_eigen", chirp[:600], {"time_bandwidth": 3, "num_tapers": 4, "window_params": [5, 2.5], "weighting": "eigen", "min_nfft": 512}),
    ("chirp_adapt", chirp[:600], {"time_bandwidth": 2.5, "window_params": [4.1, 1.55], "weighting": "adapt", "frequency_range": [0, 40]}),
]:
    S, st, sf = multitaper_spectrogram(x, fs, **kw)
    cases.append({"name": name, "x": name.split("_")[0], "n": len(x), "kw": kw, "S": f64(S), "shape": list(S.shape), "t": f64(st), "f": f64(sf)})
p = out / "spectral_multitaper.json"
write_json(p, {"fs": fs, "chirp": f64(chirp), "gapped": f64(gapped), "cases": cases}, indent=None)
record("signal", [p], __file__, libs=["numpy", "scipy"])

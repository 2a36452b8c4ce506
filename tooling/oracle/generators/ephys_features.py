"""Feature-extraction goldens for @sdk/ephys: allensdk 2.16.2 ``allensdk.ephys`` on synthetic and real traces.

Writes packages/ephys/test/fixtures/features/:

  traces.json      the synthetic sweeps (50 kHz): stimulus as constant/ramp segments (pA) that the TS
                   tests rebuild with the same float64 operations, voltage as codes on a 1/64 mV grid
                   (v = code / 64 exactly), stored as zlib-deflated little-endian int32 first
                   differences in base64. The voltage comes from a Hodgkin-Huxley model with an
                   M-type and an h-type current (forward Euler, 4 substeps per sample); the model only
                   has to produce realistic sweeps, the TS side reads the stored samples.
  functions.json   every ``ephys_features`` step of the extractor pipeline (putative spikes, peaks,
                   filtering, upstrokes, thresholds, threshold/peak checks, troughs, downstrokes,
                   trough details, widths), dV/dt samples, the sweep extractor's spike table, sweep
                   features, on-request features and pause/burst/delay metrics, for a list of cases
                   (synthetic and the two real traces of ../shared/data/allensdk/ephys-traces, which
                   are not copied: cases on them carry only the file name).
  misc.json        small direct cases: norm_diff & co., fits, detect_pauses / detect_bursts on
                   arrays, estimate_adjusted_detection_parameters, stimulus characteristics.
  cell.json        extract_cell_features and extract_sweep_features on a fake NwbDataSet made of the
                   synthetic sweeps (response = code * (1e-3 / 64) V, stimulus = pA * 1e-12 A, float64).

allensdk 2.16.2's ``detect_bursts`` consumes a one-shot ``zip`` before listing it (Python 3), so it
raises on any input with a burst candidate; every burst result here is produced with that line
replaced by ``list(zip(...))`` (the ipfx fix) and the burst ends kept integer (a lone burst running
to the end otherwise gets a float index that numpy rejects as a slice bound); the unpatched outcome
is recorded next to it. ISI types are passed as object arrays, as the extractor passes them (a
fixed-width '<U6' array would truncate 'pauselike' to 'pausel').
"""

from __future__ import annotations

import base64
import inspect
import math
import sys
import zlib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, repo_root, write_json  # noqa: E402

import allensdk.ephys.ephys_features as ft  # noqa: E402
import allensdk.ephys.ephys_extractor as efex  # noqa: E402
import allensdk.ephys.extract_cell_features as ecf  # noqa: E402

PACKAGE = "ephys"
OUT = "features"
HZ = 50000.0
TRACES_DIR = repo_root().parent / "shared" / "data" / "allensdk" / "ephys-traces"

ORIGINAL_DETECT_BURSTS = ft.detect_bursts


def _patched_detect_bursts():
    src = inspect.getsource(ORIGINAL_DETECT_BURSTS)
    old = "inout_pairs = zip(into_burst, out_of_burst)"
    assert old in src
    src = src.replace(old, "inout_pairs = list(zip(into_burst, out_of_burst))")
    # a lone burst that runs to the end gets a float end index (np.append to an empty float
    # array), which numpy refuses as a slice bound: keep the boundaries integer
    old2 = "out_of_burst = np.array(out_of_burst)"
    assert old2 in src
    src = src.replace(old2, "out_of_burst = np.array(out_of_burst, dtype=int)")
    ns: dict = {}
    exec(compile(src, "detect_bursts_patched", "exec"), ft.__dict__, ns)
    return ns["detect_bursts"]


PATCHED_DETECT_BURSTS = _patched_detect_bursts()

# ---- synthetic sweeps ------------------------------------------------------------------------


def hh(i_pA, hz, sub=4, gm=0.3, gh=0.15, scale=25.0):
    n = len(i_pA)
    dt = 1000.0 / hz / sub
    v, m, h, nn, w, q = -65.0, 0.053, 0.596, 0.318, 0.0, 0.0
    out = np.empty(n)
    exp = math.exp
    gna, gk, gl = 120.0, 36.0, 0.3
    ena, ek, el, eh = 50.0, -77.0, -54.387, -30.0
    cur = list(i_pA)
    for k in range(n):
        I = cur[k] / scale
        for _ in range(sub):
            x = v + 40.0
            am = 0.1 * x / (1 - exp(-x / 10)) if abs(x) > 1e-7 else 1.0
            bm = 4 * exp(-(v + 65) / 18)
            ah = 0.07 * exp(-(v + 65) / 20)
            bh = 1 / (1 + exp(-(v + 35) / 10))
            y = v + 55.0
            an = 0.01 * y / (1 - exp(-y / 10)) if abs(y) > 1e-7 else 0.1
            bn = 0.125 * exp(-(v + 65) / 80)
            winf = 1 / (1 + exp(-(v + 35) / 10))
            qinf = 1 / (1 + exp((v + 80) / 6))
            dv = (I - gna * m * m * m * h * (v - ena) - gk * nn**4 * (v - ek) - gl * (v - el)
                  - gm * w * (v - ek) - gh * q * (v - eh))
            m += dt * (am * (1 - m) - bm * m)
            h += dt * (ah * (1 - h) - bh * h)
            nn += dt * (an * (1 - nn) - bn * nn)
            w += dt * (winf - w) / 100.0
            q += dt * (qinf - q) / 60.0
            v += dt * dv
        out[k] = v
    return out


def build_stimulus(segments):
    """["const", n, amp] | ["ramp", n, a, b] (a + ((b - a) * j) / n, j < n)."""
    out = []
    for seg in segments:
        if seg[0] == "const":
            out.extend([float(seg[2])] * seg[1])
        else:
            _, n, a, b = seg
            out.extend([a + ((b - a) * j) / n for j in range(n)])
    return np.array(out, dtype=np.float64)


def ms(t):
    return int(round(t * HZ))


def square_segments(amp, onset, dur, total, tp=-20.0):
    # test pulse 20-30 ms, then the square
    return [
        ["const", ms(0.02), 0.0],
        ["const", ms(0.01), tp],
        ["const", ms(onset) - ms(0.03), 0.0],
        ["const", ms(onset + dur) - ms(onset), float(amp)],
        ["const", ms(total) - ms(onset + dur), 0.0],
    ]


def ramp_segments(slope, onset, stop, total, tp=-20.0):
    n = ms(stop) - ms(onset)
    return [
        ["const", ms(0.02), 0.0],
        ["const", ms(0.01), tp],
        ["const", ms(onset) - ms(0.03), 0.0],
        ["ramp", n, 0.0, slope * n / HZ],
        ["const", ms(total) - ms(stop), 0.0],
    ]


def slow_peak_trace():
    """Piecewise-linear events (dV/dt segments in V/s, integrated) built to reach the rarer branches:
    a prepotential whose refined threshold is > 5 ms before the peak (re-thresholded in
    check_thresholds_and_peaks), a slow event whose peak stays late (dropped), a spike followed by a
    higher slow depolarisation (peak moved back), a doublet whose dV/dt stays positive between its
    first top and second crossing (merged), and a plain spike."""
    dt_ms = 1000.0 / HZ
    segs = [(10, 0)]
    segs += [(0.2, 30), (5.5, 8), (0.3, 300), (0.8, -150), (6, -5.1)]  # prepotential + spike
    segs += [(16.7, 0), (0.3, 30), (9, 4), (22.5, -2)]  # slow event
    segs += [(8, 0), (0.3, 300), (0.5, -150), (13, 6), (23, -4)]  # spike then higher slow rise
    segs += [(7.2, 0), (0.5, 40), (0.5, -1), (1, 2), (0.3, 300), (0.7, -150), (4, -1.625)]  # doublet
    segs += [(20, 0), (0.3, 320), (0.8, -160), (5, -1)]  # plain spike
    segs += [(20, 0)]
    dv = []
    for dur, slope in segs:
        n = int(round(dur / dt_ms))
        dv.extend([slope * dt_ms] * n)
    v = -70.0 + np.concatenate([[0.0], np.cumsum(dv)])
    return v


def encode_v(v):
    codes = np.round(np.asarray(v) * 64.0).astype(np.int64)
    d = np.diff(codes, prepend=0)
    assert np.all(np.abs(d) < 2**31)
    raw = d.astype("<i4").tobytes()
    return {"n": int(len(codes)), "q64z": base64.b64encode(zlib.compress(raw, 9)).decode("ascii")}, codes / 64.0


SWEEPS = {}  # name -> dict(segments, v, kind, amp)


def make_sweeps():
    long_amps = [-110, -70, -30, 50, 150, 200, 250]
    for k, amp in enumerate(long_amps):
        SWEEPS[f"ls_{amp}"] = dict(number=10 + k, kind="Long Square", segments=square_segments(amp, 1.02, 1.0, 2.1))
    SWEEPS["ramp"] = dict(number=30, kind="Ramp", segments=ramp_segments(3000.0, 1.02, 1.4, 1.45))
    for k, amp in enumerate([120, 200, 200, 300]):
        SWEEPS[f"ss_{k}_{amp}"] = dict(number=40 + k, kind="Short Square", segments=square_segments(amp, 1.02, 0.003, 1.2))
    for name, sw in SWEEPS.items():
        i = build_stimulus(sw["segments"])
        v = hh(i, HZ)
        enc, vq = encode_v(v)
        sw.update(i=i, v=vq, enc=enc)
        print(f"[ephys_features] {name}: {len(vq)} samples, {len(enc['q64z'])} b64 chars", flush=True)
    enc, vq = encode_v(slow_peak_trace())
    SWEEPS["slow_peak"] = dict(number=None, kind="synthetic", segments=[["const", enc["n"], 0.0]], i=np.zeros(enc["n"]), v=vq, enc=enc)


def time_vector(n, hz=HZ, jitter=0.0):
    dt = 1.0 / hz
    t = np.arange(0, n) * dt
    if jitter:
        t = t + (np.arange(0, n) % 3) * jitter
    return t


def load_real(name):
    data = np.loadtxt(TRACES_DIR / name)
    return data[:, 0], data[:, 1]


# ---- recording helpers -----------------------------------------------------------------------


def lst(a):
    return np.asarray(a, dtype=float).tolist() if a is not None else None


def try_call(fn):
    try:
        return {"value": fn()}
    except Exception as e:  # noqa: BLE001 - the error class is part of the golden
        return {"error": type(e).__name__, "message": str(e)}


def pipeline(v, t, i, p):
    """The extractor's _process_individual_spikes, step by step, recording each function's output."""
    start, end, filt = p.get("start"), p.get("end"), p.get("filter", 10.0)
    out = {}
    dvdt = ft.calculate_dvdt(v, t, filt)
    stride = max(1, len(dvdt) // 1500)
    out["dvdt"] = {"n": len(dvdt), "stride": stride, "values": dvdt[::stride].tolist()}
    out["has_fixed_dt"] = bool(ft.has_fixed_dt(t))
    putative = ft.detect_putative_spikes(v, t, start, end, filt, p.get("dv_cutoff", 20.0))
    out["putative"] = lst(putative)
    peaks = ft.find_peak_indexes(v, t, putative, end)
    out["peaks"] = lst(peaks)
    sp, pk = ft.filter_putative_spikes(v, t, putative, peaks, p.get("min_height", 2.0), p.get("min_peak", -30.0),
                                       dvdt=dvdt, filter=filt)
    out["filtered"] = {"spikes": lst(sp), "peaks": lst(pk)}
    if not sp.size:
        return out
    up = ft.find_upstroke_indexes(v, t, sp, pk, filt, dvdt)
    out["upstrokes"] = lst(up)
    thr = ft.refine_threshold_indexes(v, t, up, p.get("thresh_frac", 0.05), filt, dvdt)
    out["thresholds"] = lst(thr)
    thr2, pk2, up2, clipped = ft.check_thresholds_and_peaks(v, t, thr.copy(), pk.copy(), up.copy(), end,
                                                            p.get("max_interval", 0.005), dvdt=dvdt, filter=filt)
    out["checked"] = {"spikes": lst(thr2), "peaks": lst(pk2), "upstrokes": lst(up2), "clipped": clipped.tolist()}
    if not thr2.size:
        return out
    up3 = ft.find_upstroke_indexes(v, t, thr2, pk2, filt, dvdt)
    out["upstrokes2"] = lst(up3)
    troughs = ft.find_trough_indexes(v, t, thr2, pk2, clipped, end)
    out["troughs"] = lst(troughs)
    down = ft.find_downstroke_indexes(v, t, pk2, troughs, clipped, filt, dvdt)
    out["downstrokes"] = lst(down)
    details, clipped2 = ft.analyze_trough_details(v, t, thr2, pk2, clipped.copy(), end, filt, dvdt=dvdt)
    out["trough_details"] = {
        "isi_types": [x if isinstance(x, str) else float(x) for x in details[0].tolist()],
        "fast_trough": lst(details[1]),
        "adp": lst(details[2]),
        "slow_trough": lst(details[3]),
        "clipped": clipped2.tolist(),
    }
    out["widths"] = lst(ft.find_widths(v, t, thr2, pk2, details[1], clipped2))
    return out


def cell_value(x):
    if isinstance(x, (np.floating, float)):
        return float(x)
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (np.bool_,)):
        return bool(x)
    return x


def extractor_outputs(v, t, i, p):
    kw = {k: p[k] for k in ("filter", "dv_cutoff", "max_interval", "min_height", "min_peak", "thresh_frac",
                            "baseline_interval", "baseline_detect_thresh") if k in p}
    ext = efex.EphysSweepFeatureExtractor(t=t, v=v, i=i, start=p.get("start"), end=p.get("end"), **kw)
    ext.process_spikes()
    out = {}
    spikes = ext.spikes()
    out["spike_feature_keys"] = ext.spike_feature_keys() if len(spikes) else []
    out["spikes"] = [{k: cell_value(val) for k, val in s.items()} for s in spikes]
    out["sweep_features"] = {k: cell_value(val) for k, val in ext._sweep_features.items()}
    out["affected_by_clipping"] = list(ext._affected_by_clipping)
    if len(spikes):
        out["spike_feature_unclipped"] = {k: lst(ext.spike_feature(k)) for k in ("threshold_t", "trough_v", "width")}
    req = {}
    for key in ("v_baseline", "peak_deflect", "sag", "tau", "stim_amp"):
        r = try_call(lambda: ext.sweep_feature(key))
        if "value" in r:
            val = r["value"]
            r["value"] = [cell_value(x) for x in val] if isinstance(val, tuple) else cell_value(val)
        req[key] = r
    out["on_request"] = req
    if len(spikes):
        r = try_call(ext.pause_metrics)
        if "value" in r:
            r["value"] = [cell_value(x) for x in r["value"]]
        out["pause_metrics"] = r
        orig = try_call(ext.burst_metrics)
        ft.detect_bursts = PATCHED_DETECT_BURSTS
        try:
            r = try_call(ext.burst_metrics)
        finally:
            ft.detect_bursts = ORIGINAL_DETECT_BURSTS
        if "value" in r:
            r["value"] = [cell_value(x) for x in r["value"]]
        out["burst_metrics"] = r
        out["burst_metrics_unpatched_error"] = orig.get("error")
        if p.get("start") is not None:
            r = try_call(ext.delay_metrics)
            if "value" in r:
                r["value"] = [cell_value(x) for x in r["value"]]
                # fit_prespike_time_constant starts curve_fit with two equal time constants (a
                # rank-deficient Jacobian), so its result moves with last-bit changes of the data:
                # record tau after one-ulp and 1e-14 relative nudges of v, the reference's own spread
                nudged = []
                for vv in (np.nextafter(v, np.inf), v * (1 + 1e-14)):
                    ext2 = efex.EphysSweepFeatureExtractor(t=t, v=vv, i=i, start=p.get("start"), end=p.get("end"),
                                                           **kw)
                    ext2.process_spikes()
                    r2 = try_call(ext2.delay_metrics)
                    nudged.append(float(r2["value"][1]) if "value" in r2 else float("nan"))
                r["nudged_tau"] = nudged
            out["delay_metrics"] = r
    return out


CASES = []


def case(name, source, **p):
    CASES.append((name, source, p))


def build_cases():
    case("pair", {"real": "spike_test_pair.txt"})
    case("pair_filter5", {"real": "spike_test_pair.txt"}, filter=5.0)
    case("pair_nofilter", {"real": "spike_test_pair.txt"}, filter=None)
    case("pair_window", {"real": "spike_test_pair.txt"}, start=1.03, end=1.045, thresh_frac=0.1)
    case("pair_var_dt", {"real": "spike_test_pair.txt", "jitter": 1e-7})
    case("high_init_dvdt", {"real": "spike_test_high_init_dvdt.txt"})
    case("ls_200", {"sweep": "ls_200"}, start=1.02, end=2.02)
    case("ls_250", {"sweep": "ls_250"}, start=1.02, end=2.02, min_peak=-20.0, dv_cutoff=15.0)
    case("ls_150", {"sweep": "ls_150"}, start=1.02, end=2.02)
    case("ls_-70", {"sweep": "ls_-70"}, start=1.02, end=2.02)
    case("ls_-110_nostart", {"sweep": "ls_-110"})
    case("ramp", {"sweep": "ramp"}, start=1.02)
    case("slow_peak", {"sweep": "slow_peak"}, thresh_frac=0.01)
    case("slow_peak_default", {"sweep": "slow_peak"})
    case("slow_peak_maxint", {"sweep": "slow_peak"}, max_interval=0.003, min_peak=-40.0)


def case_data(source):
    if "real" in source:
        t, v = load_real(source["real"])
        if source.get("jitter"):
            t = t + (np.arange(len(t)) % 3) * source["jitter"]
        return t, v, None
    sw = SWEEPS[source["sweep"]]
    v = sw["v"]
    return time_vector(len(v)), v, sw["i"]


def run_cases():
    results = []
    for name, source, p in CASES:
        t, v, i = case_data(source)
        if name == "ls_200":
            # clip the 3rd spike: the window ends 0.3 ms after its peak
            pass
        res = {"name": name, "source": source, "params": p}
        res["pipeline"] = pipeline(v, t, i, p)
        res["extractor"] = extractor_outputs(v, t, i, p)
        results.append(res)
        print(f"[ephys_features] case {name}: {len(res['extractor']['spikes'])} spikes", flush=True)
    return results


def add_clipped_case():
    t, v, i = case_data({"sweep": "ls_200"})
    ext = efex.EphysSweepFeatureExtractor(t=t, v=v, i=i, start=1.02, end=2.02)
    ext.process_spikes()
    peak_t = ext.spike_feature("peak_t")[2]
    end = float(peak_t + 0.0003)
    case("ls_200_clipped", {"sweep": "ls_200"}, start=1.02, end=end)


# ---- misc ------------------------------------------------------------------------------------


def misc_cases():
    rng = np.random.default_rng(7)
    out = {}
    arrays = [[1.0, 2.0, 4.0], [3.0], [], [0.0, 0.0, 1.0], [1.0, -1.0, 1.0], [0.1, 0.1, 0.2, 0.15, 0.3],
              rng.uniform(0.01, 0.2, 9).tolist()]
    out["norm"] = [{"a": a, "norm_diff": float(ft.norm_diff(np.array(a))) if len(a) else None,
                    "norm_sq_diff": float(ft.norm_sq_diff(np.array(a))),
                    "adaptation_index": float(ft.adaptation_index(np.array(a)))} for a in arrays]
    t = np.arange(0, 1000) * 1e-4
    spikes = np.array([10, 250, 251, 700, 999])
    out["timing"] = {
        "n": 1000, "dt": 1e-4, "spikes": spikes.tolist(),
        "isis": ft.get_isis(t, spikes).tolist(), "isis_one": ft.get_isis(t, spikes[:1]).tolist(),
        "latency": float(ft.latency(t, spikes, 0.0005)), "latency_none": float(ft.latency(t, spikes, None)),
        "latency_empty": float(ft.latency(t, np.array([], dtype=int), 0.0)),
        "average_rate": float(ft.average_rate(t, spikes, 0.001, 0.07)),
        "average_rate_none": float(ft.average_rate(t, spikes, None, None)),
        "find_time_index": [int(ft.find_time_index(t, x)) for x in (0.0, 0.00005, 0.0123, 0.0999)],
    }
    v = np.sin(np.arange(1000) * 0.01) * 5 - 60
    out["average_voltage"] = {"v": v.tolist(), "cases": [
        [s, e, float(ft.average_voltage(v, t, s, e))] for s, e in ((None, None), (0.01, 0.05), (0.02, 0.02))]}

    # fits
    fits = []
    for (a, tau, y0, dur) in ((5.0, 0.02, -75.0, 0.1), (-3.0, 0.015, -65.0, 0.08), (8.0, 0.04, -80.0, 0.2)):
        tt = np.arange(0, int(dur * HZ)) / HZ
        vv = y0 + a * np.exp(-tt / tau)
        r = try_call(lambda: [float(x) for x in ft.fit_membrane_time_constant(vv, tt, 0.0, float(tt[-1]))])
        fits.append({"a": a, "tau": tau, "y0": y0, "n": len(tt), "result": r})
    # a noisy one (rsme gate and the fit itself on realistic data)
    tt = np.arange(0, int(0.1 * HZ)) / HZ
    noise = np.round(rng.normal(0, 0.2, len(tt)) * 64) / 64
    vv = -70 - 5 * (1 - np.exp(-tt / 0.02)) + noise
    r = try_call(lambda: [float(x) for x in ft.fit_membrane_time_constant(vv, tt, 0.0, float(tt[-1]))])
    fits.append({"noise_q64": (noise * 64).astype(int).tolist(), "n": len(tt), "result": r})
    out["fit_membrane_time_constant"] = fits

    # pauses / bursts on arrays
    pb = []
    for k in range(40):
        n = int(rng.integers(2, 14))
        isis = rng.uniform(0.005, 0.05, n)
        types = rng.choice(["direct", "detour"], n, p=[0.6, 0.4]).astype(object)
        if k % 5 == 0:
            isis[rng.integers(0, n)] *= 8
        if k % 7 == 0:
            types[:] = "direct"
        fast_v = rng.uniform(-55, -45, n + 1)
        fast_t = np.cumsum(np.concatenate([[0.1], isis])) + 0.001
        slow_v = fast_v - rng.uniform(0, 6, n + 1)
        slow_t = fast_t + rng.uniform(0.0005, 0.004, n + 1)
        thr_v = rng.uniform(-50, -40, n + 1)
        entry = {"isis": isis.tolist(), "isi_types": types.tolist(), "fast_tr_v": fast_v.tolist(),
                 "fast_tr_t": fast_t.tolist(), "slow_tr_v": slow_v.tolist(), "slow_tr_t": slow_t.tolist(),
                 "thr_v": thr_v.tolist()}
        entry["pauses"] = try_call(lambda: [int(x) for x in ft.detect_pauses(isis, types.copy())])
        entry["pauses_w2"] = try_call(lambda: [int(x) for x in ft.detect_pauses(isis, types.copy(), 2.0)])

        def bursts(fn):
            res = fn(isis, types.copy(), fast_v, fast_t, slow_v, slow_t, thr_v)
            return [[float(b[0]), int(b[1]), int(b[2])] for b in res]
        entry["bursts"] = try_call(lambda: bursts(PATCHED_DETECT_BURSTS))
        entry["bursts_unpatched_error"] = try_call(lambda: bursts(ORIGINAL_DETECT_BURSTS)).get("error")
        pb.append(entry)
    out["pauses_bursts"] = pb

    # estimate_adjusted_detection_parameters on the short squares
    names = [n for n in SWEEPS if n.startswith("ss_")]
    v_set = [SWEEPS[n]["v"] for n in names]
    t_set = [time_vector(len(v)) for v in v_set]
    out["estimate_adjusted"] = {"sweeps": names, "interval": [1.02, 1.021],
                                "result": [float(x) for x in ft.estimate_adjusted_detection_parameters(
                                    v_set, t_set, 1.02, 1.021)]}

    # stimulus characteristics
    stim = []
    for name in ("ls_-70", "ls_200", "ramp", "ss_1_200"):
        i = SWEEPS[name]["i"]
        tt = time_vector(len(i))
        entry = {"sweep": name,
                 "stim": try_call(lambda: list(ecf.get_stim_characteristics(i, tt))),
                 "stim_no_tp": try_call(lambda: list(ecf.get_stim_characteristics(i, tt, no_test_pulse=True))),
                 "square": try_call(lambda: list(ecf.get_square_stim_characteristics(i, tt))),
                 "ramp": try_call(lambda: list(ecf.get_ramp_stim_characteristics(i, tt)))}
        for k, r in entry.items():
            if isinstance(r, dict) and "value" in r:
                r["value"] = [cell_value(x) for x in r["value"]]
        stim.append(entry)
    z = np.zeros(100)
    stim.append({"sweep": "flat", "stim": {"value": list(ecf.get_stim_characteristics(z, np.arange(100) * 1e-3))}})
    out["stim_characteristics"] = stim
    return out


# ---- cell ------------------------------------------------------------------------------------


class FakeDataSet:
    """What extractor_for_nwb_sweeps reads from NwbDataSet.get_sweep (float64 here)."""

    def __init__(self):
        self.by_number = {sw["number"]: sw for sw in SWEEPS.values() if sw["number"] is not None}

    def get_sweep(self, n):
        sw = self.by_number[n]
        codes = np.round(sw["v"] * 64).astype(np.int64)
        response = codes * (1e-3 / 64.0)
        stimulus = sw["i"] * 1e-12
        return {"response": response, "stimulus": stimulus, "sampling_rate": HZ,
                "index_range": (ms(0.5), len(codes) - 1)}


def jsonable_dict(d):
    if isinstance(d, dict):
        return {str(k): jsonable_dict(v) for k, v in d.items()}
    if isinstance(d, (list, tuple)):
        return [jsonable_dict(v) for v in d]
    if isinstance(d, np.ndarray):
        return [jsonable_dict(v) for v in d.tolist()]
    return cell_value(d)


def cell_outputs():
    ds = FakeDataSet()
    by_kind = {}
    for sw in SWEEPS.values():
        if sw["number"] is not None:
            by_kind.setdefault(sw["kind"], []).append(sw["number"])
    out = {"sweeps_by_type": by_kind, "index_range_start": ms(0.5)}
    cf = try_call(lambda: ecf.extract_cell_features(ds, by_kind["Ramp"], by_kind["Short Square"], by_kind["Long Square"]))
    if "value" in cf:
        cf["value"] = jsonable_dict(cf["value"])
    out["cell_features"] = cf
    sf = ecf.extract_sweep_features(ds, by_kind)
    out["sweep_features"] = jsonable_dict(sf)
    cf2 = try_call(lambda: ecf.extract_cell_features(ds, by_kind["Ramp"], by_kind["Short Square"],
                                                     by_kind["Long Square"], subthresh_min_amp=-120))
    if "value" in cf2:
        cf2["value"] = {k: jsonable_dict(cf2["value"]["long_squares"][k]) for k in
                        ("input_resistance", "tau", "subthreshold_membrane_property_sweeps")}
    out["cell_features_min_amp_120"] = cf2
    out["errors"] = {
        "no_ramps": try_call(lambda: efex.cell_extractor_for_nwb(ds, [], [40], [10])).get("error"),
    }
    return out


def main():
    make_sweeps()
    fdir = fixture_dir(PACKAGE) / OUT
    fdir.mkdir(parents=True, exist_ok=True)
    traces = {name: {"number": sw["number"], "kind": sw["kind"], "segments": sw["segments"], "v": sw["enc"]}
              for name, sw in SWEEPS.items()}
    files = [write_json(fdir / "traces.json", {"hz": HZ, "sweeps": traces}, indent=None)]
    build_cases()
    add_clipped_case()
    files.append(write_json(fdir / "functions.json", {"cases": run_cases()}, indent=None))
    files.append(write_json(fdir / "misc.json", misc_cases(), indent=None))
    files.append(write_json(fdir / "cell.json", cell_outputs(), indent=None))
    for f in files:
        print(f"[ephys_features] {f.name}: {f.stat().st_size} bytes")
    record(PACKAGE, files, __file__, libs=["numpy", "scipy", "pandas", "allensdk"])


if __name__ == "__main__":
    main()

"""Sync-file fixtures for @sdk/core's SyncDataset: allensdk 2.16.2 outputs for every public method.

Writes into packages/core/test/fixtures/:

  sync_synthetic.h5     an Allen-layout sync file (h5py): `data` N×2 uint32 (sample counter,
                        line-state word), `meta` = repr(dict) with ni_daq settings and 32 line
                        labels, `analog_data` + `analog_meta`. counter_bits = 32, no sample_freq
                        (so counter_output_freq is used), a line that is high at sample 0, a line on
                        bit 31, a frame line with a discontiguous tail.
  sync_rollover.h5      counter_bits = 24 and a counter that wraps past 2^32 twice (rollover
                        correction), sample_freq given.
  sync_synthetic.json, sync_rollover.json
                        outputs of allensdk.brain_observatory.sync_dataset.Dataset and of
                        sync_utilities on those files (see `describe`).
  sync_shared.json      the same outputs for ../shared/data/allensdk/sync/sync.h5 (a real sync file
                        from the Allen SDK tests; the .h5 itself is not copied), when it exists.

Exceptions raised by the reference are stored as {"error": "<ExceptionType>"}. Arrays of shape
(k, 1) (rollover case) are flattened. get_analog_channel/get_analog_meta raise AttributeError under
h5py 3 in 2.16.2 (they use `.value`); the analog expectations are therefore the same hyperslab
`analog_data[int(start*rate):int(stop*rate):downsample, channel]` read with h5py, and the reference's
own exception type is recorded next to them.
"""

from __future__ import annotations

import ast
import sys
import warnings
from pathlib import Path

import h5py
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, repo_root, write_json  # noqa: E402

from allensdk.brain_observatory.sync_dataset import Dataset  # noqa: E402
from allensdk.brain_observatory.sync_utilities import (  # noqa: E402
    get_synchronized_frame_times,
    trim_discontiguous_times,
)

PACKAGE = "core"
SEED = 20240607
SHARED_SYNC = repo_root().parent / "shared" / "data" / "allensdk" / "sync" / "sync.h5"

LABELS = [""] * 32
LABELS[0] = "barcode"
LABELS[2] = "vsync_stim"
LABELS[3] = "stim_photodiode"
LABELS[4] = "cam2_exposure"
LABELS[5] = "beh_frame_received"
LABELS[6] = "LED_sync"
LABELS[7] = "opto_trial"
LABELS[31] = "high_bit"


def pulses(start: int, period: int, width: int, count: int) -> list[tuple[int, int]]:
    return [(start + k * period, start + k * period + width) for k in range(count)]


def build_events(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Event-based sampling: one row per change of any line, with its sample count."""
    toggles: dict[int, list[int]] = {}

    def add(bit: int, intervals: list[tuple[int, int]]) -> None:
        for a, b in intervals:
            toggles.setdefault(a, []).append(bit)
            toggles.setdefault(b, []).append(bit)

    # frames every ~1667 samples (60 Hz at 100 kHz), then a spike: 3 frames after a long gap
    frame_starts = np.cumsum(rng.integers(1660, 1675, size=120)) + 500
    add(2, [(int(s), int(s) + 300) for s in frame_starts])
    tail = int(frame_starts[-1]) + 2_000_000
    add(2, pulses(tail, 1667, 300, 3))
    add(3, pulses(2000, 16670, 8335, 12))
    # barcode: random toggles
    bc = np.sort(rng.choice(np.arange(1000, 200000, 7), size=40, replace=False))
    add(0, [(int(bc[i]), int(bc[i + 1])) for i in range(0, len(bc) - 1, 2)])
    # cam2: high from sample 0 (first row), pulses after
    add(4, pulses(3300, 3333, 1000, 50))
    add(5, pulses(3400, 3333, 900, 50))
    add(6, pulses(50000, 40000, 5000, 4))
    add(7, pulses(60000, 40000, 100, 3))
    add(31, pulses(90000, 30000, 7000, 3))

    times = sorted(toggles)
    state = 1 << 4  # cam2_exposure high at the first sample
    counter = [0]
    words = [state]
    for t in times:
        for bit in toggles[t]:
            state ^= 1 << bit
        counter.append(t)
        words.append(state)
    return np.array(counter, dtype=np.uint64), np.array(words, dtype=np.uint32)


def write_sync(path: Path, counter: np.ndarray, words: np.ndarray, meta: dict, analog: bool) -> None:
    with h5py.File(path, "w") as f:
        f.create_dataset("data", data=np.column_stack([counter.astype(np.uint32), words]).astype(np.uint32))
        f.create_dataset("meta", data=str(meta))
        if analog:
            t = np.arange(400) / 1000.0
            data = np.column_stack([np.sin(2 * np.pi * 3 * t), np.cos(2 * np.pi * 5 * t), (t * 60) % 1.0])
            f.create_dataset("analog_data", data=data.astype(np.float32))
            analog_meta = {
                "analog_channels": [0, 1, 2],
                "analog_labels": ["running_a", "running_b", "vsync_analog"],
                "analog_sample_rate": 1000.0,
            }
            f.create_dataset("analog_meta", data=str(analog_meta))


def flat(a) -> list:
    return np.asarray(a).ravel().tolist()


def attempt(fn):
    try:
        value = fn()
    except Exception as e:  # the exception type is the expected output
        return {"error": type(e).__name__}
    if value is None:
        return {"result": None}
    if isinstance(value, dict):
        return {"result": value}
    return {"result": flat(value)}


def describe(path: Path, full_arrays: bool) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d = Dataset(str(path))
    labels = list(d.line_labels)
    active = sorted({i for i in range(32) if np.any(d.get_bit_changes(i))} | {1, 30})
    out: dict = {
        "sample_freq": d.sample_freq,
        "line_labels": labels,
        "meta_data": d.meta_data,
        "n_samples": int(d.get_all_events().shape[0]),
        "all_times_samples": flat(d.get_all_times("samples")),
        "all_times_seconds": flat(d.get_all_times("seconds")),
        "all_times_bad_units": attempt(lambda: d.get_all_times("minutes")),
        "all_bits": flat(d.get_all_bits()),
        "bits": {},
        "lines": {},
    }
    for bit in active:
        entry = {
            "rising": flat(d.get_rising_edges(bit)),
            "falling": flat(d.get_falling_edges(bit)),
            "rising_seconds": flat(d.get_rising_edges(bit, "seconds")),
            "falling_seconds": flat(d.get_falling_edges(bit, "sec")),
            "events": flat(d.get_events_by_bit(bit)),
            "events_seconds": flat(d.get_events_by_bit(bit, "secs")),
        }
        if full_arrays:
            entry["bit"] = flat(d.get_bit(bit))
            entry["changes"] = flat(d.get_bit_changes(bit))
        out["bits"][str(bit)] = entry
    for label in sorted({lab for lab in labels if lab}):
        out["lines"][label] = {
            "line": flat(d.get_line(label)) if full_arrays else None,
            "changes": flat(d.get_line_changes(label)) if full_arrays else None,
            "rising": flat(d.get_rising_edges(label)),
            "falling_seconds": flat(d.get_falling_edges(label, "seconds")),
            "events_by_line": flat(d.get_events_by_line(label)),
            "period": attempt(lambda label=label: d.period(label)),
            "period_falling": attempt(lambda label=label: d.period(label, "falling")),
            "frequency": attempt(lambda label=label: d.frequency(label)),
            "line_stats": attempt(lambda label=label: d.line_stats(label, print_results=False)),
        }
    out["unknown_line"] = attempt(lambda: d.get_rising_edges("no_such_line"))
    key_sets = {
        "FRAME_KEYS": Dataset.FRAME_KEYS,
        "PHOTODIODE_KEYS": Dataset.PHOTODIODE_KEYS,
        "OPTOGENETIC_STIMULATION_KEYS": Dataset.OPTOGENETIC_STIMULATION_KEYS,
        "EYE_TRACKING_KEYS": Dataset.EYE_TRACKING_KEYS,
        "BEHAVIOR_TRACKING_KEYS": Dataset.BEHAVIOR_TRACKING_KEYS,
        "missing": ("nope", "also_nope"),
        "single": "stim_photodiode",
    }
    out["key_sets"] = {k: (list(v) if not isinstance(v, str) else v) for k, v in key_sets.items()}
    out["get_edges"] = []
    for name, keys in key_sets.items():
        for kind in ["rising", "falling", "all"]:
            for units in ["seconds", "samples", "minutes"]:
                for permissive in [False, True]:
                    res = attempt(lambda: d.get_edges(kind, keys, units, permissive))
                    out["get_edges"].append(
                        {"keys": name, "kind": kind, "units": units, "permissive": permissive, **res}
                    )
    out["get_nearest"] = []
    pairs = [(a, b) for a in labels if a for b in labels if b and a != b][:12]
    pairs += [("vsync_stim", "stim_photodiode"), ("LED_sync", "vsync_stim"), ("stim_photodiode", "cam2_exposure")]
    for source, target in pairs:
        for source_edge, target_edge in [("rising", "rising"), ("falling", "rising"), ("rising", "falling")]:
            for direction in ["previous", "next"]:
                for units in ["indices", "samples", "seconds"]:
                    res = attempt(
                        lambda: d.get_nearest(source, target, source_edge, target_edge, direction, units)
                    )
                    out["get_nearest"].append(
                        {
                            "source": source,
                            "target": target,
                            "source_edge": source_edge,
                            "target_edge": target_edge,
                            "direction": direction,
                            "units": units,
                            **res,
                        }
                    )
    out["synchronized_frame_times"] = []
    for name in ["FRAME_KEYS", "PHOTODIODE_KEYS", "EYE_TRACKING_KEYS", "BEHAVIOR_TRACKING_KEYS", "missing"]:
        keys = key_sets[name]
        for drop, trim in [(None, True), ([0, 3, 5], True), (None, False)]:
            res = attempt(lambda: get_synchronized_frame_times(path, keys, drop, trim))
            out["synchronized_frame_times"].append({"keys": name, "drop_frames": drop, "trim_after_spike": trim, **res})
    out["analog_reference_error"] = attempt(lambda: d.get_analog_meta())
    out["analog"] = []
    with h5py.File(path, "r") as f:
        if "analog_data" in f:
            meta = ast.literal_eval(f["analog_meta"][()].decode() if isinstance(f["analog_meta"][()], bytes) else f["analog_meta"][()])
            out["analog_meta"] = meta
            rate = meta["analog_sample_rate"]
            for channel, start_time, stop_time, downsample in [
                (0, 0.0, None, 1),
                (1, 0.05, 0.2, 1),
                (2, 0.1, 0.35, 3),
                ("running_b", 0.0, 0.01, 1),
                (0, 0.0, 0.0, 2),
            ]:
                ch = channel if isinstance(channel, int) else meta["analog_channels"].index(meta["analog_labels"].index(channel))
                start = int(start_time * rate)
                dset = f["analog_data"]
                values = dset[start : int(stop_time * rate) : downsample, ch] if stop_time else dset[start::downsample, ch]
                out["analog"].append(
                    {"channel": channel, "start_time": start_time, "stop_time": stop_time, "downsample": downsample, "values": flat(values)}
                )
    d.dfile.close()
    return out


def trim_kats() -> list:
    cases = [
        ([0.0, 1.0, 2.0, 3.0, 4.0], 100),  # no gap
        ([0.0, 1000.0, 1001.0, 1002.0, 1003.0], 100),  # gap at the start
        ([0.0, 1.0, 2.0, 3.0, 500.0, 501.0], 100),  # gap in the middle
        ([0.0, 1.0, 2.0, 3.0, 10.0, 11.0], 5),  # custom threshold
        ([0.0, 2.0, 3.0, 5.0, 6.0, 8.0, 9.0, 400.0], 100),  # even number of intervals
        ([0.0, 1.0], 100),
        ([5.0], 100),  # too short: IndexError
    ]
    out = []
    for times, threshold in cases:
        res = attempt(lambda: trim_discontiguous_times(np.array(times), threshold))
        out.append({"times": times, "threshold": threshold, **res})
    return out


def main() -> None:
    rng = np.random.default_rng(SEED)
    out_dir = fixture_dir(PACKAGE)
    counter, words = build_events(rng)
    meta = {
        "ni_daq": {"device": "Dev1", "counter_output_freq": 100000.0, "sample_rate": 100000.0, "counter_bits": 32, "event_bits": 32},
        "start_time": "2020-03-27 10:00:00.000000",
        "stop_time": "2020-03-27 10:01:00.000000",
        "line_labels": LABELS,
        "timeouts": [],
        "version": {"dataset": 1.04, "sync": 1.05},
        "total_samples": int(counter[-1]),
    }
    synthetic = out_dir / "sync_synthetic.h5"
    write_sync(synthetic, counter, words, meta, analog=True)

    # rollover: counter near 2^32, wrapping twice
    n = 300
    step = rng.integers(20_000_000, 40_000_000, size=n).astype(np.uint64)
    raw = (np.cumsum(step) + np.uint64(2**32 - 50_000_000)) % np.uint64(2**32)
    words_r = np.zeros(n, dtype=np.uint32)
    state = 0
    for i in range(n):
        state ^= 1 << int(rng.choice([2, 3, 5]))
        words_r[i] = state
    meta_r = {
        "ni_daq": {"device": "Dev2", "counter_output_freq": 100000.0, "sample_freq": 100000.0, "counter_bits": 24, "event_bits": 32},
        "line_labels": LABELS,
    }
    rollover = out_dir / "sync_rollover.h5"
    write_sync(rollover, raw, words_r, meta_r, analog=False)

    files = [synthetic.name, rollover.name]
    for h5 in [synthetic, rollover]:
        result = describe(h5, full_arrays=True)
        if h5 == synthetic:
            result["trim_kats"] = trim_kats()
        json_path = out_dir / h5.with_suffix(".json").name
        write_json(json_path, result, indent=None)
        files.append(json_path.name)
    if SHARED_SYNC.exists():
        write_json(out_dir / "sync_shared.json", describe(SHARED_SYNC, full_arrays=True), indent=None)
        files.append("sync_shared.json")
    else:
        print(f"[core_sync] {SHARED_SYNC} not found: sync_shared.json not written")
    record(PACKAGE, files, __file__, libs=["numpy", "h5py", "allensdk"])


if __name__ == "__main__":
    main()

"""Fixtures for @sdk/core Cache (allensdk.api.warehouse_cache, 2.16.2): cacher strategies,
call_caching retry counts, the @cacheable post quirk and the manifest version message.

Every scenario counts calls of fake fetch/read/write/cleanup functions; the TS test runs the same
scenarios and must count the same. Paths are written relative to a scratch directory.
"""

from __future__ import annotations

import logging
import os
import tempfile
import warnings

from _common import fixture_dir, record, write_json

logging.disable(logging.CRITICAL)

import allensdk.core.json_utilities as ju  # noqa: E402
from allensdk.api.warehouse_cache.cache import Cache, cacheable  # noqa: E402
from allensdk.api.warehouse_cache.caching_utilities import call_caching  # noqa: E402
from allensdk.config.manifest import ManifestVersionError  # noqa: E402

CALL_CACHING = [
    # initial: state of the local store; fetch_failures: how many first fetches raise
    {"lazy": True, "num_tries": 1, "reader": True, "initial": "missing", "fetch_failures": 0},
    {"lazy": True, "num_tries": 1, "reader": True, "initial": "valid", "fetch_failures": 0},
    {"lazy": True, "num_tries": 1, "reader": False, "initial": "missing", "fetch_failures": 99},
    {"lazy": True, "num_tries": 3, "reader": True, "initial": "missing", "fetch_failures": 99},
    {"lazy": True, "num_tries": 3, "reader": True, "initial": "corrupt", "fetch_failures": 0},
    {"lazy": False, "num_tries": 1, "reader": True, "initial": "valid", "fetch_failures": 0},
    {"lazy": False, "num_tries": 3, "reader": True, "initial": "missing", "fetch_failures": 2, "msg": "bad"},
    {"lazy": False, "num_tries": 2, "reader": False, "initial": "missing", "fetch_failures": 99, "msg": "m"},
    {"lazy": True, "num_tries": 0, "reader": True, "initial": "missing", "fetch_failures": 0},
]


def run_call_caching(s):
    state = {"store": s["initial"], "fetches": 0, "writes": 0, "reads": 0, "cleanups": 0}

    def fetch():
        state["fetches"] += 1
        if state["fetches"] <= s["fetch_failures"]:
            raise RuntimeError("fetch failed")
        return "data"

    def write(data):
        state["writes"] += 1
        state["store"] = "valid"

    def read():
        state["reads"] += 1
        if state["store"] == "missing":
            raise FileNotFoundError("missing")
        if state["store"] == "corrupt":
            raise ValueError("corrupt")
        return "data"

    def cleanup():
        state["cleanups"] += 1
        state["store"] = "missing"

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = {"ok": call_caching(
                fetch, write, read if s["reader"] else None, cleanup=cleanup,
                lazy=s["lazy"], num_tries=s["num_tries"], failure_message=s.get("msg", ""),
            )}
        except Exception as e:  # noqa: BLE001
            result = {"error": type(e).__name__}
    return {**s, **result, **{k: state[k] for k in ("fetches", "writes", "reads", "cleanups", "store")},
            "warnings": [str(w.message) for w in caught]}


CACHER = [
    {"strategy": None, "writer": True, "reader": True, "exists": False},
    {"strategy": None, "writer": True, "reader": True, "exists": True},
    {"strategy": "lazy", "writer": True, "reader": True, "exists": True},
    {"strategy": "create", "writer": True, "reader": True, "exists": True},
    {"strategy": "file", "writer": True, "reader": True, "exists": True},
    {"strategy": "file", "writer": False, "reader": False, "exists": True},
    {"strategy": None, "writer": False, "reader": False, "exists": False, "path": False},
    {"strategy": "create", "writer": False, "reader": True, "exists": False},
    {"strategy": "lazy", "writer": False, "reader": True, "exists": False},
    {"strategy": None, "writer": True, "reader": True, "exists": False, "pre": True, "post": True},
    {"strategy": "bogus", "writer": False, "reader": False, "exists": False},
]


def run_cacher(s, tmp, i):
    path = os.path.join(tmp, f"sub{i}", "data.json")
    if s["exists"]:
        os.makedirs(os.path.dirname(path))
        ju.write(path, {"cached": True})
    calls = {"fn": 0}

    def fn():
        calls["fn"] += 1
        if not s["writer"] and s.get("path", True):
            ju.write(path, {"written_by_fn": True})
        return {"fresh": calls["fn"]}

    kwargs = {}
    if s.get("path", True):
        kwargs["path"] = path
    if s["strategy"]:
        kwargs["strategy"] = s["strategy"]
    if s["writer"]:
        kwargs["writer"] = ju.write
    if s["reader"]:
        kwargs["reader"] = ju.read
    if s.get("pre"):
        kwargs["pre"] = lambda d: {**d, "pre": True}
    if s.get("post"):
        kwargs["post"] = lambda d: {"post": d}
    try:
        out = {"ok": Cache.cacher(fn, **kwargs)}
    except Exception as e:  # noqa: BLE001
        out = {"error": type(e).__name__}
    return {**s, **out, "fn_calls": calls["fn"],
            "file": ju.read(path) if os.path.exists(path) else None}


def decorator_post_quirk(tmp):
    @cacheable(post=lambda d: "DECORATOR POST", reader=ju.read, writer=ju.write)
    def query(**kwargs):
        return {"q": 1}

    path = os.path.join(tmp, "decorated.json")
    return {
        "decorator_post_only": query(path=path),
        "call_post": query(path=path, post=lambda d: "CALL POST"),
    }


def version_message(tmp):
    class Versioned(Cache):
        MANIFEST_VERSION = "1.1"

    path = os.path.join(tmp, "vm", "manifest.json")
    Versioned(manifest=path)  # writes the manifest with version 1.1
    config = ju.read(path)
    config["manifest"][0]["value"] = "1.0"
    ju.write(path, config)
    try:
        Versioned(manifest=path)
    except ManifestVersionError as e:
        return {"message": str(e).replace(tmp, "<TMP>"), "outdated": e.outdated,
                "written_config": {**config, "manifest": [{**config["manifest"][0], "value": "1.1"},
                                                          *config["manifest"][1:]]}}
    raise AssertionError("no error")


def main() -> None:
    out_dir = fixture_dir("core") / "manifest"
    out_dir.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = os.path.realpath(tmp)
        cacher_results = [run_cacher(s, tmp, i) for i, s in enumerate(CACHER)]
        quirk = decorator_post_quirk(tmp)
        message = version_message(tmp)
    files = [
        write_json(
            out_dir / "cache_behaviour.json",
            {
                "call_caching": [run_call_caching(s) for s in CALL_CACHING],
                "cacher": cacher_results,
                "decorator_post": quirk,
                "version_mismatch": message,
            },
        )
    ]
    record("core", files, __file__, libs=["allensdk"])


if __name__ == "__main__":
    main()

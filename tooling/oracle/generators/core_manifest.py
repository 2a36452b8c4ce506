"""Fixtures for @sdk/core Manifest / ManifestBuilder (allensdk.config.manifest, 2.16.2).

Runs the Python Manifest on the manifests the Allen caches build plus hand-written configs, and
records resolved paths. The process runs in a scratch working directory; every occurrence of it
in a resolved path is replaced by the token ``<CWD>`` (its parents by ``<CWD1>``, ``<CWD2>``), so fixtures do not depend on where they
were generated (the TS test substitutes its own working directory).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

from _common import fixture_dir, record, write_json

logging.disable(logging.CRITICAL)

from allensdk.config.manifest import Manifest, ManifestVersionError  # noqa: E402
from allensdk.config.manifest_builder import ManifestBuilder  # noqa: E402

CWD_TOKEN = "<CWD>"


def tokenize(value, cwd):
    if isinstance(value, str):
        # The working directory becomes <CWD>, its parent <CWD1>, grandparent <CWD2> ("../up").
        parent = os.path.dirname(cwd)
        value = value.replace(cwd, CWD_TOKEN)
        value = value.replace(parent, "<CWD1>")
        return value.replace(os.path.dirname(parent), "<CWD2>")
    if isinstance(value, dict):
        return {k: tokenize(v, cwd) for k, v in value.items()}
    if isinstance(value, list):
        return [tokenize(v, cwd) for v in value]
    return value


def outcome(fn):
    """{"ok": value} or {"error": exception class name}."""
    try:
        return {"ok": fn()}
    except Exception as e:  # noqa: BLE001 - the class name is the recorded answer
        return {"error": type(e).__name__}


def cache_configs(tmp: Path):
    """The manifests that allensdk caches write on first use."""
    # BrainObservatoryCache is left out: importing it needs statsmodels' removed
    # `sandbox.stats.multicomp.multipletests` in the venv's statsmodels.
    from allensdk.core.cell_types_cache import CellTypesCache
    from allensdk.core.mouse_connectivity_cache import MouseConnectivityCache
    from allensdk.core.reference_space_cache import ReferenceSpaceCache

    out = {}
    for cls, kwargs in [
        (CellTypesCache, {}),
        (MouseConnectivityCache, {"resolution": 25}),
        (ReferenceSpaceCache, {"resolution": 25, "reference_space_key": "annotation/ccf_2017"}),
    ]:
        path = tmp / cls.__name__ / "manifest.json"
        arg = "manifest" if cls is ReferenceSpaceCache else "manifest_file"
        cls(**{arg: str(path)}, **kwargs)
        with open(path, encoding="utf-8") as f:
            out[cls.__name__] = {"config": json.load(f), "version": cls.MANIFEST_VERSION}
    return out


HAND_CONFIG = [
    {"type": "manifest_version", "value": "2.0"},
    {"key": "BASEDIR", "type": "dir", "spec": "."},
    {"key": "ABS", "type": "dir", "spec": "/abs//x/./y/"},
    {"key": "UP", "type": "dir", "spec": "../up/a/../b"},
    {"key": "CHILD", "type": "dir", "spec": "child/grand", "parent_key": "BASEDIR"},
    {"key": "CHILD_ABS_SPEC", "type": "dir", "spec": "/rooted", "parent_key": "CHILD"},
    {"key": "DIR_FMT", "type": "dir", "spec": "fmt", "format": "ignored"},
    {"key": "F_PARENT", "type": "file", "spec": "specimen_%d/ephys.nwb", "parent_key": "CHILD", "format": "nwb"},
    {"key": "F_REL", "type": "file", "spec": "rel//dir/./f_%s.json"},
    {"key": "F_ABS", "type": "file", "spec": "/etc//x/%s_%d.h5", "format": ""},
    {"key": "F_TRAIL", "type": "file", "spec": "a/b/"},
    {"key": "F_UNDER_FILE", "type": "file", "spec": "nested.txt", "parent_key": "F_PARENT"},
    {"key": "F_DOTS", "type": "file", "spec": "../x/../y.csv", "parent_key": "ABS"},
    {"key": "F_EMPTY_PARENT", "type": "file", "spec": "e.json", "parent_key": ""},
    {"key": "DN", "type": "dir_name", "spec": "whatever/file.txt"},
    {"key": "WEIRD", "type": "unknown_type", "spec": "x"},
    {"key": "PCT", "type": "file", "spec": "p%%_%s.txt", "parent_key": "BASEDIR"},
]

GET_PATH_CASES = [
    ("F_PARENT", [123]),
    ("F_PARENT", [12.9]),
    ("F_PARENT", [-7.5]),
    ("F_PARENT", [True]),
    ("F_PARENT", []),
    ("F_PARENT", [1, 2]),
    ("F_PARENT", ["abc"]),
    ("F_REL", ["name"]),
    ("F_REL", [25.0]),
    ("F_REL", [0.1]),
    ("F_REL", [1e-07]),
    ("F_REL", [None]),
    ("F_REL", [False]),
    ("F_ABS", ["a", 5]),
    ("F_ABS", ["a"]),
    ("PCT", ["z"]),
    ("PCT", []),
    ("BASEDIR", []),
    ("BASEDIR", ["extra"]),
    ("MISSING", []),
]

VERSION_CASES = [
    # (found in file (None = no entry), expected)
    (None, None),
    ("1.0", "1.0"),
    ("1.0", "1.1"),
    ("1.1", "1.0"),
    ("1.3", 1.3),
    (1.3, "1.3"),
    (1.3, 1.3),
    (1.2, 1.3),
    (1.4, 1.3),
    ("1.10", "1.9"),
    (None, "1.1"),
    ("1.1", None),
    (1, 1.0),
    ("0.3.0", "0.2.1"),
]

FORMAT_CASES = [
    ("%05d.nwb", [42]),
    ("%-5d|", [42]),
    ("%+d", [42]),
    ("% d", [42]),
    ("%5s|", ["ab"]),
    ("%-5s|", ["ab"]),
    ("%.2s", ["abcdef"]),
    ("%f", [1.5]),
    ("%.2f", [2.675]),
    ("%i_%s", [3.99, "x"]),
    ("%d", [-3.99]),
    ("%s/%s/%s", [1, 2.5, "c"]),
    ("100%% %s", ["done"]),
    ("%s", [1e16]),
    ("%s", [123456789012.5]),
    ("%s", [-0.0]),
    ("%d", [10**15]),
]


def main() -> None:
    out_dir = fixture_dir("core") / "manifest"
    out_dir.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name).resolve()
        work = tmp / "w1" / "w2" / "w3"
        work.mkdir(parents=True)
        os.chdir(work)
        cwd = str(work)

        caches = {}
        for name, c in cache_configs(tmp).items():
            config = c["config"]
            m = Manifest(config["manifest"], "cache_root/" + name, version=c["version"])
            caches[name] = {
                "config": tokenize(config, cwd),
                "relative_base_dir": "cache_root/" + name,
                "version": c["version"],
                "path_info": tokenize(m.path_info, cwd),
            }

        hand = {}
        for base in [".", "rel/base", "/base/abs", "../up"]:
            m = Manifest(HAND_CONFIG, base, version="2.0")
            cases = []
            for key, args in GET_PATH_CASES:
                cases.append(
                    {
                        "key": key,
                        "args": args,
                        "integral_float_args": [a for a in args if isinstance(a, float) and a.is_integer()],
                        **tokenize(outcome(lambda: m.get_path(key, *args)), cwd),
                    }
                )
            hand[base] = {
                "path_info": tokenize(m.path_info, cwd),
                "get_path": cases,
                "formats": {k: m.get_format(k) for k in m.path_info},
                "as_dataframe": tokenize(
                    m.as_dataframe().reset_index().rename(columns={"index": "key"}).to_dict("records"), cwd
                ),
            }

        versions = []
        for found, expected in VERSION_CASES:
            config = [{"key": "BASEDIR", "type": "dir", "spec": "."}]
            if found is not None:
                config.insert(0, {"type": "manifest_version", "value": found})
            entry = {"found": found, "expected": expected}
            try:
                Manifest(config, ".", version=expected)
                entry["error"] = None
            except ManifestVersionError as e:
                entry["error"] = "ManifestVersionError"
                entry["outdated"] = e.outdated
                entry["e_version"] = e.version
                entry["e_found_version"] = e.found_version
            versions.append(entry)

        missing_parent = outcome(
            lambda: Manifest([{"key": "F", "type": "file", "spec": "x", "parent_key": "NOPE"}], ".")
        )

        formats = []
        for spec, args in FORMAT_CASES:
            m = Manifest([{"key": "K", "type": "file", "spec": "/" + spec}], ".")
            formats.append(
                {
                    "spec": "/" + spec,
                    "args": args,
                    "integral_float_args": [a for a in args if isinstance(a, float) and a.is_integer()],
                    **outcome(lambda: m.get_path("K", *args)),
                }
            )

        resolve = {"job_dir_key": "CHILD", "model_file_key": "F_PARENT", "other": 1, "keep_keys": "x"}
        m = Manifest(HAND_CONFIG, ".", version="2.0")
        # model_file_key refers to a templated spec; get_path without args returns it untouched.
        # Under Python 3.11 resolve_paths substitutes in place and then raises RuntimeError
        # ("dictionary keys changed during iteration"); the dict's final state is what we record.
        try:
            m.resolve_paths(resolve)
        except RuntimeError:
            pass

        mb = ManifestBuilder()
        mb.set_version("1.1")
        mb.add_path("BASEDIR", ".")
        mb.add_path("CELLS", "cells.json", typename="file", parent_key="BASEDIR")
        mb.add_path("DATA", "specimen_%d/ephys.nwb", typename="file", parent_key="BASEDIR", format="nwb")
        mb.add_section("ignored_name", {"biophys": [{"model_file": ["a", "b"]}], "manifest_extra": 1})
        mb.add_section("second", {"runs": {"n": 2}, "biophys": "overridden"})
        builder = {
            "config": mb.get_config(),
            "json_string": mb.write_json_string(),
            "as_dataframe": json.loads(mb.as_dataframe().to_json(orient="records")),
            "get_manifest": outcome(lambda: mb.get_manifest() and None),
        }
        mb2 = ManifestBuilder()
        mb2.add_path("BASEDIR", "base")
        mb2.add_path("F", "f_%d.txt", typename="file", parent_key="BASEDIR")
        builder["unversioned_manifest_paths"] = tokenize(mb2.get_manifest().path_info, cwd)

    files = [
        write_json(out_dir / "cache_manifests.json", caches),
        write_json(out_dir / "hand_config.json", {"config": HAND_CONFIG, "bases": hand}),
        write_json(
            out_dir / "checks.json",
            {
                "versions": versions,
                "missing_parent": missing_parent,
                "formats": formats,
                "resolve_paths": tokenize(resolve, cwd),
                "builder": builder,
            },
        ),
    ]
    record("core", files, __file__, libs=["allensdk", "pandas"])


if __name__ == "__main__":
    main()

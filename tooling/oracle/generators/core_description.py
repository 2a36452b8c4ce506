"""Fixtures for @sdk/core Description / JsonDescriptionParser (allensdk.config.model, 2.16.2).

Writes packages/core/test/fixtures/manifest/description.json:

  synthetic[]  {name, steps: [{text, section}], result} — each step is JsonDescriptionParser
               .read_string(text, description, section) on one Description; result is
               {data, reserved_data, path_info} or {error: ExceptionName}
  fix_unary    {data_before, sections, data_after, warnings}
  real[]       the biophysical model files in shared/data (read with DescriptionParser().read in
               the model directory, as the runner does): {dir, files, data, reserved_data,
               path_info}; absolute paths have the working directory replaced by "<CWD>".
               Skipped (empty) when shared/data is absent.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from _common import fixture_dir, record, repo_root, write_json

logging.disable(logging.CRITICAL)

from allensdk.config.model.description import Description  # noqa: E402
from allensdk.config.model.description_parser import DescriptionParser  # noqa: E402
from allensdk.config.model.formats.json_description_parser import JsonDescriptionParser  # noqa: E402

SYNTHETIC = [
    {"name": "sections_concatenate", "steps": [
        {"text": '{"a": [{"x": 1}], "b": [1, 2]}', "section": None},
        {"text": '{"a": [{"y": 2}], "c": {"k": "v"}}', "section": None},
    ]},
    {"name": "manifest_section", "steps": [
        {"text": '{"manifest": [{"type": "dir", "key": "BASEDIR", "spec": "/abs/base"},'
                 ' {"type": "file", "key": "F", "spec": "f.txt", "parent_key": "BASEDIR"}],'
                 ' "biophys": [{"model_file": ["m.json"]}]}', "section": None},
        {"text": '{"manifest": [{"type": "file", "key": "G", "spec": "/abs/g.nwb", "format": "NWB"}],'
                 ' "biophys": [{"extra": true}]}', "section": None},
    ]},
    {"name": "bare_object_into_section", "steps": [
        {"text": '{"passive": [{"ra": 100}]}', "section": None},
        {"text": '{"cm": 1.0, "e_pas": -70}', "section": "passive"},
        {"text": '{"axon_type": "truncated"}', "section": "biophys"},
    ]},
    {"name": "comments_stripped", "steps": [
        {"text": '{\n  // a comment\n  "s": [{"url": "http://example.org/x", "v": 1}], /* block */ "t": [2]\n}\n',
         "section": None},
    ]},
    {"name": "comments_outside_strings", "steps": [
        {"text": '{\n  // a comment\n  "s": [{"path": "a/b", "v": 1}], /* block\n over lines */ "t": [2]\n\n}\n',
         "section": None},
    ]},
    {"name": "extend_with_dict_adds_keys", "steps": [
        {"text": '{"a": [1]}', "section": None},
        {"text": '{"a": {"k1": 1, "k2": 2}}', "section": None},
    ]},
    {"name": "extend_a_dict_section", "steps": [
        {"text": '{"a": {"k": 1}}', "section": None},
        {"text": '{"a": [1]}', "section": None},
    ]},
    {"name": "append_to_dict_section", "steps": [
        {"text": '{"a": {"k": 1}}', "section": None},
        {"text": '{"z": 1}', "section": "a"},
    ]},
    {"name": "manifest_with_version", "steps": [
        {"text": '{"manifest": [{"type": "manifest_version", "value": "1.0"}], "a": [1]}', "section": None},
    ]},
]

REAL = [
    ("cell-types/biophysical/472450023", ["manifest.json", "464198958_fit.json"]),
    ("cell-types/biophysical/497232312", ["manifest.json", "497232312_fit.json"]),
    ("allensdk/biophysical", ["peri_manifest.json", "peri_468193142_fit.json"]),
]


def snapshot(d: Description, cwd: str):
    def fix(v):
        return v.replace(cwd, "<CWD>") if isinstance(v, str) else v
    return {
        "data": d.data,
        "reserved_data": d.reserved_data,
        "path_info": {k: {kk: fix(vv) for kk, vv in v.items()} for k, v in d.manifest.path_info.items()},
    }


def main() -> None:
    out_dir = fixture_dir("core") / "manifest"
    cwd = os.getcwd()
    synthetic = []
    for case in SYNTHETIC:
        d = Description()
        parser = JsonDescriptionParser()
        try:
            for step in case["steps"]:
                parser.read_string(step["text"], d, step["section"])
            result = snapshot(d, cwd)
        except Exception as e:  # noqa: BLE001
            result = {"error": type(e).__name__}
        synthetic.append({**case, "result": result})

    d = Description()
    d.update_data({"passive": {"ra": 1}, "fitting": [{"x": 1}], "conditions": {"celsius": 34}})
    before = {k: v for k, v in d.data.items()}
    sections = ["passive", "axon_morph,", "conditions", "fitting", "absent"]
    d.fix_unary_sections(sections)
    fix_unary = {"data_before": before, "sections": sections, "data_after": d.data}

    real = []
    data_root = repo_root().parent / "shared" / "data"
    for rel, files in REAL:
        # Resolved: chdir + getcwd() follow symlinks (shared/ may be one), and snapshot() replaces
        # this folder's text in the recorded paths.
        model_dir = (data_root / rel).resolve()
        if not all((model_dir / f).exists() for f in files):
            continue
        os.chdir(model_dir)
        try:
            desc = Description()
            for f in files:
                DescriptionParser().read(f, desc, None)
            real.append({"dir": rel, "files": files, **snapshot(desc, str(model_dir))})
        finally:
            os.chdir(cwd)

    files = [write_json(out_dir / "description.json",
                        {"synthetic": synthetic, "fix_unary": fix_unary, "real": real})]
    record("core", files, __file__, libs=["allensdk"])


if __name__ == "__main__":
    main()

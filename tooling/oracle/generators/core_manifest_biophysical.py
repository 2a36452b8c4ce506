"""Fixtures for @sdk/core Manifest on the real biophysical model manifests (allensdk 2.16.2).

Writes packages/core/test/fixtures/manifest/biophysical_manifests.json: for every
``shared/data/cell-types/biophysical/<id>/manifest.json``, its ``manifest`` section loaded with
``Manifest(config, relative_base_dir)`` for two bases, and ``get_path`` / ``get_format`` of every
key. The bases are portable: ``models/<id>`` (relative, resolved against the working directory,
which is a scratch directory written as ``<CWD>``) and the model's own directory (absolute, the
data root written as ``<DATA>``). Empty when shared/data is absent.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

from _common import fixture_dir, record, repo_root, write_json

logging.disable(logging.CRITICAL)

from allensdk.config.manifest import Manifest  # noqa: E402


def main() -> None:
    data_root = (repo_root().parent / "shared" / "data").resolve()
    model_root = data_root / "cell-types" / "biophysical"
    models = sorted(p for p in model_root.glob("*/manifest.json")) if model_root.exists() else []
    out = []
    start = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp_name:
        cwd = str(Path(tmp_name).resolve())
        os.chdir(cwd)
        try:
            for manifest_file in models:
                model_id = manifest_file.parent.name
                config = json.loads(manifest_file.read_text(encoding="utf-8"))["manifest"]
                for base, token_base in [
                    (f"models/{model_id}", f"models/{model_id}"),
                    (str(manifest_file.parent), f"<DATA>/cell-types/biophysical/{model_id}"),
                ]:
                    m = Manifest(config, base)

                    def tok(v):
                        return v.replace(str(data_root), "<DATA>").replace(cwd, "<CWD>")

                    out.append(
                        {
                            "model": model_id,
                            "relative_base_dir": token_base,
                            "get_path": {k: tok(m.get_path(k)) for k in m.path_info},
                            "get_format": {k: m.get_format(k) for k in m.path_info},
                        }
                    )
        finally:
            os.chdir(start)
    out_dir = fixture_dir("core") / "manifest"
    out_dir.mkdir(exist_ok=True)
    files = [write_json(out_dir / "biophysical_manifests.json", {"cases": out})]
    record("core", files, __file__, libs=["allensdk"])


if __name__ == "__main__":
    main()

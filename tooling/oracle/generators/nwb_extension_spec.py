"""Fixture: the spec of the ``ndx-oracle-test`` extension as JSON, for the TS writer's extension tests.

The spec is the one ``nwb_modalities.py`` builds with pynwb's NWBNamespaceBuilder for
``extension.nwb`` (``export_extension_spec``). Writes ``packages/nwb/test/fixtures/extension_spec.json``:
``{"namespace": <ndx-oracle-test.namespace.yaml>, "schemas": {"<source>.yaml": <schema yaml>}}``,
each YAML file parsed into the equivalent JSON object.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import fixture_dir, record, write_json  # noqa: E402
from nwb_modalities import PACKAGE, export_extension_spec  # noqa: E402
from ruamel.yaml import YAML  # noqa: E402


def main() -> int:
    yaml = YAML(typ="safe")
    with tempfile.TemporaryDirectory() as tmp:
        ns_name = export_extension_spec(Path(tmp))
        ns_doc = yaml.load(Path(tmp, f"{ns_name}.namespace.yaml").read_text())
        schemas = {}
        for entry in ns_doc["namespaces"][0]["schema"]:
            if "source" in entry:
                schemas[entry["source"]] = yaml.load(Path(tmp, entry["source"]).read_text())
    out = fixture_dir(PACKAGE) / "extension_spec.json"
    write_json(out, {"namespace": ns_doc, "schemas": schemas})
    record(PACKAGE, [out], __file__, ["pynwb", "hdmf", "ruamel.yaml"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Write packages/api/test/fixtures/readers.json: what allensdk 2.16.2's download readers return.

``ReferenceSpaceApi.download_structure_mesh`` is ``@cacheable(reader=read_obj)``; this records
``obj_utilities.parse_obj`` on canned OBJ texts shaped like the Allen structure meshes
(``v``/``vn``/``f a//na`` lines, comments and other lines ignored), or the exception it raises:

  obj[]  {name, text, result?: {vertices, vertex_normals, face_vertices, face_normals}
          (nested lists, numpy shapes in ``shapes``), error?}
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, write_json  # noqa: E402

from allensdk.core.obj_utilities import parse_obj  # noqa: E402

PACKAGE = "api"

MESH = """# Allen structure mesh
v 6225.0 5125.5 2625.25
v 6230.5 5100 2610
v 6200 5150.125 2600.5
v -1e-3 0.5 1E+4
vn 0.57735 -0.57735 0.57735
vn 0 0 1
vn -1 0 0
vn 0.1 0.2 0.3
f 1//1 2//2 3//3
f 4//4 1//1 3//3
f 2//2  4//4 3//3
s off
o mesh
"""

CASES = [
    ("mesh", MESH),
    ("crlf_and_tabs", "v\t1 2 3\r\nv 4 5 6\r\nvn 1 0 0\r\nvn 0 1 0\r\nf 1//1 2//2 1//1\r\n"),
    ("vertices_only", "v 1.5 2.5 3.5\nv 4 5 6\n"),
    ("bad_float", "v 1 2 x\n"),
    ("bad_index", "v 1 2 3\nvn 1 0 0\nf 1.5//1 1//1 1//1\n"),
]


def main():
    out = []
    for name, text in CASES:
        entry = {"name": name, "text": text}
        try:
            v, vn, fv, fn = parse_obj(text.split("\n"))
            entry["result"] = {
                "vertices": v.tolist(),
                "vertex_normals": vn.tolist(),
                "face_vertices": fv.tolist(),
                "face_normals": fn.tolist(),
            }
            entry["shapes"] = {
                "vertices": list(v.shape),
                "vertex_normals": list(vn.shape),
                "face_vertices": list(fv.shape),
                "face_normals": list(fn.shape),
            }
        except Exception as e:  # noqa: BLE001
            entry["error"] = {"type": type(e).__name__, "message": str(e)}
        out.append(entry)
    path = fixture_dir(PACKAGE) / "readers.json"
    write_json(path, {"reference": "allensdk 2.16.2", "obj": out})
    record(PACKAGE, [path], __file__, libs=["allensdk", "numpy"])
    print(f"{len(out)} OBJ cases")


if __name__ == "__main__":
    main()

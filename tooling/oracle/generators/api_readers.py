"""Write packages/api/test/fixtures/readers.json: what allensdk 2.16.2's download readers return.

``ReferenceSpaceApi.download_structure_mesh`` is ``@cacheable(reader=read_obj)``; this records
``obj_utilities.parse_obj`` on canned OBJ texts shaped like the Allen structure meshes
(``v``/``vn``/``f a//na`` lines, comments and other lines ignored), or the exception it raises:

  obj[]  {name, text, result?: {vertices, vertex_normals, face_vertices, face_normals}
          (nested lists, numpy shapes in ``shapes``), error?}

The mouse-atlas and gene-expression downloads are ``@cacheable(reader=read_ndarray_with_sitk)``;
small MetaImage files (written by SimpleITK, plus hand-written headers for the variants it does
not write) go to ``fixtures/metaimage/`` and what ``sitk_utilities.read_ndarray_with_sitk``
returns for each is recorded:

  metaimage[] {file, result?: {shape, dtype, data (C order, flattened), information}, error?}
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, write_json  # noqa: E402

import numpy as np  # noqa: E402
import SimpleITK as sitk  # noqa: E402

from allensdk.core.obj_utilities import parse_obj  # noqa: E402
from allensdk.core.sitk_utilities import read_ndarray_with_sitk  # noqa: E402

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


def write_metaimages(d: Path) -> list[str]:
    """Small MetaImage files; returns the .mhd names to read back."""
    d.mkdir(parents=True, exist_ok=True)
    for p in d.iterdir():
        p.unlink()
    rng = np.random.default_rng(20240611)
    names = []

    def sitk_write(name, array, compress=False, vector=False, **info):
        img = sitk.GetImageFromArray(array, isVector=vector)
        if "spacing" in info:
            img.SetSpacing(info["spacing"])
        if "origin" in info:
            img.SetOrigin(info["origin"])
        if "direction" in info:
            img.SetDirection(info["direction"])
        sitk.WriteImage(img, str(d / name), compress)
        names.append(name)

    # (z, y, x) arrays as SimpleITK takes them; DimSize is x y z.
    sitk_write("short.mhd", np.arange(24, dtype=np.int16).reshape(2, 3, 4) - 7,
               spacing=(25.0, 10.0, 2.5), origin=(1.0, -2.0, 3.5),
               direction=(0.0, -1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0))
    sitk_write("float_zlib.mhd", rng.standard_normal((3, 4, 5)).astype(np.float32), compress=True,
               spacing=(0.5, 0.25, 2.0))
    sitk_write("uchar_2d.mhd", rng.integers(0, 256, (5, 3)).astype(np.uint8))
    sitk_write("double.mhd", rng.standard_normal((2, 2, 3)), origin=(-1e-3, 1e5, 0.1))
    sitk_write("vector.mhd", rng.standard_normal((2, 3, 4, 3)).astype(np.float32), vector=True)
    sitk_write("uint_zlib.mhd", rng.integers(0, 2**32, (2, 2, 2), dtype=np.uint64).astype(np.uint32),
               compress=True)

    # Variants SimpleITK does not write: big-endian data, data in the header file, aliases.
    be = (np.arange(12, dtype=">u2") * 1000).tobytes()
    (d / "msb.raw").write_bytes(be)
    (d / "msb.mhd").write_text(
        "ObjectType = Image\nNDims = 2\nBinaryData = True\nElementByteOrderMSB = True\n"
        "Position = 5 6\nElementSpacing = 2 3\nDimSize = 4 3\nElementType = MET_USHORT\n"
        "ElementDataFile = msb.raw\n")
    names.append("msb.mhd")
    local = np.arange(6, dtype="<i4") * -3
    (d / "local.mhd").write_bytes(
        b"ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = False\n"
        b"Offset = 0 0 0\nDimSize = 1 2 3\nElementType = MET_INT\nElementDataFile = LOCAL\n"
        + local.tobytes())
    names.append("local.mhd")
    (d / "missing_raw.mhd").write_text(
        "ObjectType = Image\nNDims = 3\nDimSize = 2 2 2\nElementType = MET_UCHAR\n"
        "ElementDataFile = nowhere.raw\n")
    names.append("missing_raw.mhd")
    return names


def metaimage_cases():
    d = fixture_dir(PACKAGE) / "metaimage"
    out = []
    for name in write_metaimages(d):
        entry = {"file": name}
        try:
            image, info = read_ndarray_with_sitk(str(d / name))
            entry["result"] = {
                "shape": list(image.shape),
                "dtype": str(image.dtype),
                "data": image.ravel(order="C").tolist(),
                "information": {k: (list(v) if isinstance(v, tuple) else v) for k, v in info.items()},
            }
        except Exception as e:  # noqa: BLE001
            entry["error"] = {"type": type(e).__name__, "message": str(e).splitlines()[0]}
        out.append(entry)
    files = sorted(p for p in d.iterdir())
    return out, files


def main():
    metaimage, mi_files = metaimage_cases()
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
    write_json(path, {"reference": "allensdk 2.16.2", "obj": out, "metaimage": metaimage})
    record(PACKAGE, [path, *mi_files], __file__, libs=["allensdk", "numpy", "simpleitk"])
    print(f"{len(out)} OBJ cases, {len(metaimage)} MetaImage cases")


if __name__ == "__main__":
    main()

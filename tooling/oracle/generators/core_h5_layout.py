"""Storage layouts for core's direct contiguous reads (packages/core/src/h5/raw-layout.ts).

Writes small HDF5 files with h5py in the shapes the parser must handle or refuse: superblock
versions 0 and 3 (libver earliest / latest: object header v1 / v2), a 512-byte user block, a
group with many attributes (header continuation blocks), and contiguous, chunked, compact,
external and empty datasets, little- and big-endian. For each dataset the JSON records what
HDF5 itself says: `DatasetID.get_offset()` (H5Dget_offset: the absolute file position, None when
not contiguous in the file) and `get_storage_size()`, plus the values.
"""
from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np

from _common import fixture_dir, record, write_json

PACKAGE = "core"


def datasets(f: h5py.File, tag: str, external_dir: Path) -> None:
    rng = np.random.RandomState(7)
    f.create_dataset("contiguous_f8", data=rng.standard_normal(1000))
    f.create_dataset("contiguous_2d_i4", data=rng.randint(-1000, 1000, size=(40, 25)).astype("<i4"))
    f.create_dataset("contiguous_be_f4", data=rng.standard_normal(300).astype(">f4"))
    f.create_dataset("contiguous_u1", data=np.arange(256, dtype="u1"))
    f.create_dataset("chunked_f8", data=rng.standard_normal(500), chunks=(100,))
    f.create_dataset("gzip_f8", data=rng.standard_normal(500), chunks=(100,), compression="gzip")
    compact = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    compact.set_layout(h5py.h5d.COMPACT)
    space = h5py.h5s.create_simple((16,))
    h5py.h5d.create(f.id, b"compact_i2", h5py.h5t.STD_I16LE, space, dcpl=compact).write(
        h5py.h5s.ALL, h5py.h5s.ALL, np.arange(16, dtype="<i2")
    )
    ext = external_dir / f"{tag}_external.bin"
    np.arange(64, dtype="<f8").tofile(ext)
    f.create_dataset("external_f8", shape=(64,), dtype="<f8", external=[(ext.name, 0, 64 * 8)])
    f.create_dataset("unwritten_f8", shape=(50,), dtype="<f8")  # contiguous, never allocated
    g = f.create_group("many_attrs")
    for i in range(120):
        g.attrs[f"attribute_{i:03d}"] = np.arange(i % 7 + 1, dtype="f8")
    g.create_dataset("inside", data=np.linspace(0, 1, 777))
    # continuation: attributes added after creation push the layout message out of chunk 0
    d = f.create_dataset("late_attrs_f8", data=np.linspace(-5, 5, 2049))
    for i in range(60):
        d.attrs[f"a{i:02d}"] = "x" * (i + 10)


def describe(path: Path) -> dict:
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if not isinstance(obj, h5py.Dataset):
                return
            layout = obj.id.get_create_plist().get_layout()
            kind = {h5py.h5d.CONTIGUOUS: "contiguous", h5py.h5d.CHUNKED: "chunked", h5py.h5d.COMPACT: "compact"}.get(layout, str(layout))
            try:
                offset = obj.id.get_offset()
            except Exception:
                offset = None
            values = None
            if obj.external is None or name.startswith("external"):
                try:
                    values = obj[()].astype("f8").ravel().tolist()
                except OSError:
                    values = None
            out["/" + name] = {
                "layout": kind,
                "offset": offset,
                "storage_size": int(obj.id.get_storage_size()),
                "dtype": obj.dtype.str,
                "shape": list(obj.shape),
                "external": obj.external is not None,
                "values": values,
            }
        f.visititems(visit)
    return out


def main() -> None:
    out_dir = fixture_dir(PACKAGE) / "h5layout"
    out_dir.mkdir(exist_ok=True)
    variants = {
        "earliest": dict(libver="earliest"),
        "latest": dict(libver="latest"),
        "userblock": dict(libver="earliest", userblock_size=512),
    }
    files = []
    summary = {}
    for tag, kwargs in variants.items():
        path = out_dir / f"layout_{tag}.h5"
        with h5py.File(path, "w", **kwargs) as f:
            datasets(f, tag, out_dir)
        summary[path.name] = describe(path)
        files += [path.name, f"{tag}_external.bin"]
    write_json(out_dir / "layout.json", summary, indent=None)
    files.append("layout.json")
    record(PACKAGE, [f"h5layout/{x}" for x in files], __file__, libs=["numpy", "h5py"])


if __name__ == "__main__":
    main()

"""Shared by the nwb_* generators: deterministic object ids and a generic dump of an NWB file.

Import this module before pynwb/hdmf build any container (it patches ``uuid.uuid4``).

``dump(path)`` reads a file back with h5py and pynwb and returns a JSON-able description:

  nwb_version, root (identifier, session_description, session_start_time, ...)
  objects[]   every HDF5 object carrying neurodata_type: path, kind, neurodata_type,
              namespace, object_id, shape (datasets only)
  containers{path: {neurodata_type, fields}}
              pynwb's ``obj.fields`` for every object pynwb built, values serialised by
              ``ser`` (containers as {"$ref": path}, arrays as nested lists, datasets read
              whole, references as target paths, datetimes as ISO text)
  tables{path: {colnames, id, columns{name: [cell per row]}}}
              every DynamicTable, each cell as pynwb's ``table[col][row]`` gives it
              (DynamicTableRegion cells as row positions, object references as paths)
  timeseries{path: {timestamps, data_in_units}}
              ``get_timestamps()`` and ``get_data_in_units()`` of every TimeSeries
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime

import h5py
import numpy as np

_rng = random.Random(0)


def seed_ids(seed: int) -> None:
    _rng.seed(seed)


def _seeded_uuid4() -> uuid.UUID:
    return uuid.UUID(int=_rng.getrandbits(128), version=4)


uuid.uuid4 = _seeded_uuid4
import hdmf.container  # noqa: E402

hdmf.container.uuid4 = _seeded_uuid4

from hdmf.common import DynamicTable, DynamicTableRegion, VectorIndex  # noqa: E402
from hdmf.container import AbstractContainer  # noqa: E402
from pynwb import NWBHDF5IO, TimeSeries  # noqa: E402


def _attr(v):
    if isinstance(v, bytes):
        return v.decode("utf-8")
    if isinstance(v, np.ndarray):
        return [_attr(x) for x in v.tolist()] if v.dtype.kind in "SO" else v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    return v


def walk_typed(h5: h5py.File) -> list[dict]:
    out = []

    def visit(name, obj):
        nt = obj.attrs.get("neurodata_type")
        if nt is None:
            return
        e = {
            "path": "/" + name,
            "kind": "group" if isinstance(obj, h5py.Group) else "dataset",
            "neurodata_type": _attr(nt),
            "namespace": _attr(obj.attrs.get("namespace")),
            "object_id": _attr(obj.attrs.get("object_id")),
        }
        if isinstance(obj, h5py.Dataset):
            e["shape"] = list(obj.shape) if obj.shape is not None else None
        out.append(e)

    root = {
        "path": "/",
        "kind": "group",
        "neurodata_type": _attr(h5.attrs.get("neurodata_type")),
        "namespace": _attr(h5.attrs.get("namespace")),
        "object_id": _attr(h5.attrs.get("object_id")),
    }
    h5.visititems(visit)
    return [root] + sorted(out, key=lambda o: o["path"])


class Ser:
    def __init__(self, h5: h5py.File, paths_by_id: dict[str, str]):
        self.h5 = h5
        self.paths = paths_by_id

    def ref_path(self, r) -> str | None:
        if not r:
            return None
        return self.h5[r].name

    def __call__(self, v):
        if v is None:
            return None
        if isinstance(v, AbstractContainer):
            oid = getattr(v, "object_id", None)
            if oid in self.paths:
                return {"$ref": self.paths[oid]}
            return {"$container": v.name}
        if isinstance(v, h5py.Dataset):
            if v.dtype.kind == "O" and h5py.check_dtype(ref=v.dtype):
                return [self.ref_path(r) for r in np.asarray(v[()]).ravel().tolist()]
            return self(v[()])
        if isinstance(v, h5py.Reference):
            return self.ref_path(v)
        if isinstance(v, (h5py.Group,)):
            return {"$group": v.name}
        if isinstance(v, np.ndarray):
            if v.dtype.names:
                if v.ndim == 0:
                    return {k: self(v[k]) for k in v.dtype.names}
                return [{k: self(row[k]) for k in v.dtype.names} for row in v]
            if v.dtype.kind in "OS":
                return [self(x) for x in v.tolist()] if v.ndim else self(v.item())
            return v.tolist()
        if isinstance(v, np.void) and v.dtype.names:
            return {k: self(v[k]) for k in v.dtype.names}
        if isinstance(v, np.generic):
            return v.item()
        if isinstance(v, bytes):
            return v.decode("utf-8")
        if isinstance(v, (datetime, date)):
            return v.isoformat()
        if isinstance(v, (bool, int, float, str)):
            return v
        if isinstance(v, (list, tuple)):
            return [self(x) for x in v]
        if hasattr(v, "items"):
            return {str(k): self(x) for k, x in v.items()}
        return {"$repr": repr(v)[:200]}


def _column_cells(table: DynamicTable, name: str, ser: Ser) -> list:
    col = table[name]
    n = len(table)
    if isinstance(col, VectorIndex):
        target = col.target
        if isinstance(target, DynamicTableRegion):
            idx = np.asarray(col.data[()])
            return [np.asarray(target.data[int(idx[i - 1]) if i else 0 : int(idx[i])]).tolist() for i in range(n)]
        return [ser(col[i]) for i in range(n)]
    if isinstance(col, DynamicTableRegion):
        return [int(x) for x in np.asarray(col.data[()]).ravel()]
    data = col.data
    if isinstance(data, h5py.Dataset):
        return ser(data)
    return [ser(col[i]) for i in range(n)]


def dump(path) -> dict:
    with h5py.File(path, "r") as h5:
        objects = walk_typed(h5)
        nwb_version = _attr(h5.attrs["nwb_version"])
        paths_by_id = {o["object_id"]: o["path"] for o in objects if o["object_id"]}
        with NWBHDF5IO(str(path), "r", load_namespaces=True) as io:
            nwb = io.read()
            ser = Ser(h5, paths_by_id)
            containers, tables, timeseries = {}, {}, {}
            for obj in nwb.objects.values():
                p = paths_by_id.get(obj.object_id)
                if p is None:
                    continue
                fields = {k: ser(v) for k, v in obj.fields.items()}
                containers[p] = {"neurodata_type": obj.neurodata_type, "fields": fields}
                if isinstance(obj, DynamicTable) and p != "/":
                    tables[p] = {
                        "colnames": list(obj.colnames),
                        "id": np.asarray(obj.id.data[()]).tolist(),
                        "columns": {c: _column_cells(obj, c, ser) for c in obj.colnames},
                    }
                if isinstance(obj, TimeSeries):
                    e = {"timestamps": ser(np.asarray(obj.get_timestamps()))}
                    try:
                        e["data_in_units"] = ser(np.asarray(obj.get_data_in_units()))
                    except Exception as err:  # noqa: BLE001
                        e["data_in_units_error"] = str(err)
                    timeseries[p] = e
            root = {
                "identifier": nwb.identifier,
                "session_description": nwb.session_description,
                "session_start_time": nwb.session_start_time.isoformat(),
                "timestamps_reference_time": nwb.timestamps_reference_time.isoformat(),
                "file_create_date": [d.isoformat() for d in nwb.file_create_date],
            }
    return {
        "nwb_version": nwb_version,
        "root": root,
        "objects": objects,
        "containers": dict(sorted(containers.items())),
        "tables": dict(sorted(tables.items())),
        "timeseries": dict(sorted(timeseries.items())),
    }

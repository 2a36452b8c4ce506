"""Helpers shared by every oracle fixture generator.

Generators live next to this file as ``tooling/oracle/generators/<name>.py`` and
are run by ``tooling/oracle/run.sh`` with the oracle venv's interpreter. A
generator writes fixture files into ``packages/<package>/test/fixtures/`` (via
:func:`fixture_dir`) and then calls :func:`record` so that the package's
``manifest.json`` says which generator produced each file, its sha256/size and
the library versions that produced it.

JSON convention: :func:`write_json` uses Python's ``json`` with
``allow_nan=True``, so non-finite floats appear as the bare tokens ``NaN``,
``Infinity`` and ``-Infinity`` (not strings). That is not strict JSON; the
TypeScript side must read these fixtures with a parser that accepts those
tokens (see tooling/oracle/README.md).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
import hashlib
import json
import os
import platform
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable, Mapping

__all__ = [
    "repo_root",
    "fixture_dir",
    "to_jsonable",
    "write_json",
    "sha256_file",
    "lib_versions",
    "record",
]

_MANIFEST_NAME = "manifest.json"


def repo_root() -> Path:
    """Absolute path of the monorepo root (three levels above this file)."""
    # tooling/oracle/generators/_common.py -> parents[3] is the repo root
    return Path(__file__).resolve().parents[3]


def fixture_dir(package: str) -> Path:
    """``packages/<package>/test/fixtures`` (created if missing)."""
    if not package or "/" in package or package.startswith("."):
        raise ValueError(f"bad package name: {package!r}")
    d = repo_root() / "packages" / package / "test" / "fixtures"
    d.mkdir(parents=True, exist_ok=True)
    return d


def to_jsonable(obj: Any) -> Any:
    """Recursively convert numpy / datetime / bytes / Path values to JSON-able ones.

    Floats stay floats (NaN / +-inf included: see the module docstring).
    """
    try:  # numpy is in the venv, but keep this module importable without it
        import numpy as np
    except ImportError:  # pragma: no cover
        np = None  # type: ignore[assignment]

    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if np is not None:
        if isinstance(obj, np.ndarray):
            return to_jsonable(obj.tolist())
        if isinstance(obj, np.generic):
            return to_jsonable(obj.item())
    if isinstance(obj, Mapping):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return [to_jsonable(v) for v in sorted(obj)]
    if isinstance(obj, bytes):
        return obj.decode("utf-8")
    if isinstance(obj, (_dt.datetime, _dt.date)):
        return obj.isoformat()
    if isinstance(obj, Path):
        return obj.as_posix()
    raise TypeError(f"cannot convert {type(obj).__name__} to JSON: {obj!r}")


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; use normal file perms
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_json(path: os.PathLike | str, obj: Any, *, indent: int | None = 2, sort_keys: bool = False) -> Path:
    """Write ``obj`` as UTF-8 JSON (+ trailing newline), atomically.

    ``allow_nan=True``: NaN / Infinity / -Infinity are written as Python's json
    module writes them (bare tokens). Output is deterministic for a given input.
    """
    path = Path(path)
    text = json.dumps(to_jsonable(obj), allow_nan=True, indent=indent, sort_keys=sort_keys, ensure_ascii=False)
    _atomic_write_bytes(path, (text + "\n").encode("utf-8"))
    return path


def sha256_file(path: os.PathLike | str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def lib_versions(libs: Iterable[str]) -> dict[str, str]:
    """``{"python": "3.11.7", "<dist>": "<version>", ...}`` for the given distributions."""
    out = {"python": platform.python_version()}
    for lib in libs:
        if lib == "python":
            continue
        try:
            out[lib] = metadata.version(lib)
        except metadata.PackageNotFoundError as e:
            raise ValueError(f"record(): library {lib!r} is not installed in the oracle venv") from e
    return out


def _generator_relpath(generator: os.PathLike | str) -> str:
    p = Path(generator)
    if not p.is_absolute():
        # accept "nwb_basic.py", "nwb_basic" or a repo-relative path
        cand = repo_root() / p
        if not cand.exists():
            name = p.name if p.suffix == ".py" else p.name + ".py"
            cand = Path(__file__).resolve().parent / name
        p = cand
    p = p.resolve()
    try:
        return p.relative_to(repo_root()).as_posix()
    except ValueError as e:
        raise ValueError(f"generator {generator!r} is not inside the repo") from e


def record(
    package: str,
    files: Iterable[os.PathLike | str],
    generator: os.PathLike | str,
    libs: Iterable[str] = ("numpy",),
) -> Path:
    """Record ``files`` in ``packages/<package>/test/fixtures/manifest.json``.

    * ``files``: paths of fixture files (absolute, or relative to the fixture dir).
      They must live inside the fixture dir; the manifest key is the path
      relative to it, with ``/`` separators.
    * ``generator``: usually ``__file__`` of the calling generator; stored as a
      repo-relative path such as ``tooling/oracle/generators/nwb_basic.py``.
    * ``libs``: distribution names whose installed versions are stored along
      with the Python version (e.g. ``["numpy", "h5py", "pynwb", "hdmf"]``).

    Read-modify-write under an exclusive lock, so several generators can share
    one manifest; entries of other files are left untouched. Keys are sorted.
    """
    fdir = fixture_dir(package)
    gen = _generator_relpath(generator)
    versions = lib_versions(libs)

    entries: dict[str, dict[str, Any]] = {}
    for f in files:
        p = Path(f)
        if not p.is_absolute():
            p = fdir / p
        p = p.resolve()
        try:
            key = p.relative_to(fdir.resolve()).as_posix()
        except ValueError as e:
            raise ValueError(f"{p} is not inside {fdir}") from e
        if key == _MANIFEST_NAME:
            raise ValueError("cannot record the manifest itself")
        if not p.is_file():
            raise FileNotFoundError(p)
        entries[key] = {
            "generator": gen,
            "sha256": sha256_file(p),
            "bytes": p.stat().st_size,
            "versions": dict(versions),
        }

    manifest_path = fdir / _MANIFEST_NAME
    # Lock the fixture directory itself (flock works on directory fds on Linux),
    # so no lock file is left behind next to the fixtures.
    dir_fd = os.open(fdir, os.O_RDONLY)
    try:
        fcntl.flock(dir_fd, fcntl.LOCK_EX)
        if manifest_path.exists():
            with open(manifest_path, encoding="utf-8") as fh:
                manifest = json.load(fh)
        else:
            manifest = {}
        fixtures = manifest.setdefault("fixtures", {})
        fixtures.update(entries)
        for key in sorted(fixtures):
            if not (fdir / key).is_file():
                print(f"[record] warning: manifest entry {key!r} has no file in {fdir}")
        write_json(manifest_path, manifest, sort_keys=True)
    finally:
        fcntl.flock(dir_fd, fcntl.LOCK_UN)
        os.close(dir_fd)
    for key, e in sorted(entries.items()):
        print(f"[record] {package}/test/fixtures/{key}: {e['bytes']} bytes sha256={e['sha256'][:12]}...")
    return manifest_path

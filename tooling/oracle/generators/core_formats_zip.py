"""Fixtures for @sdk/core's zip reader (`listZip`, `readZipEntry`): small archives written by
Python's `zipfile`, plus JSON of what `zipfile` reads back from each (every member's name,
method, sizes, CRC, local header offset and content as hex).

Covers stored and deflated members, a directory member, an archive comment, per-member zip64
extra fields (`force_zip64=True`) and a zip64 end record. An archive needing the zip64 end record (more than
0xffff members, or a directory beyond 4 GiB) would be large, so `zip64_end.zip` lowers zipfile's
member-count limit to make it write the record, then saturates the classic end record's count
and offset fields (0xffff, 0xffffffff) the way such an archive has them; `zipfile` still reads it.
Data is seeded and deterministic (fixed timestamps).
"""

from __future__ import annotations

import random
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, write_json  # noqa: E402

DATE = (2020, 1, 2, 3, 4, 6)


def info(name: str, method: int) -> zipfile.ZipInfo:
    zi = zipfile.ZipInfo(name, date_time=DATE)
    zi.compress_type = method
    zi.external_attr = 0o644 << 16
    return zi


def members(rng: random.Random) -> list[tuple[str, bytes, int]]:
    text = ("neurosdk zip fixture " * 40).encode()
    noise = bytes(rng.randrange(256) for _ in range(700))
    return [
        ("stored.txt", text, zipfile.ZIP_STORED),
        ("dir/", b"", zipfile.ZIP_STORED),
        ("dir/deflated.bin", text + noise, zipfile.ZIP_DEFLATED),
        ("dir/empty.bin", b"", zipfile.ZIP_DEFLATED),
        ("ünïcode.txt", "grüße".encode(), zipfile.ZIP_DEFLATED),
    ]


def write(path: Path, rng: random.Random, *, zip64_members: bool, zip64_end: bool) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.comment = b"archive comment"
        for name, data, method in members(rng):
            zi = info(name, method)
            if name.endswith("/"):
                zf.writestr(zi, data)
                continue
            with zf.open(zi, "w", force_zip64=zip64_members) as f:
                f.write(data)
        if zip64_end:
            # zipfile writes the zip64 end record when the member count exceeds ZIP_FILECOUNT_LIMIT.
            zipfile.ZIP_FILECOUNT_LIMIT = 2
    zipfile.ZIP_FILECOUNT_LIMIT = (1 << 16) - 1
    if zip64_end:
        b = bytearray(path.read_bytes())
        eocd = b.rfind(b"PK\x05\x06")
        b[eocd + 8 : eocd + 12] = b"\xff\xff\xff\xff"  # entries on this disk, total entries
        b[eocd + 16 : eocd + 20] = b"\xff\xff\xff\xff"  # central directory offset
        path.write_bytes(bytes(b))


def readback(path: Path) -> dict:
    with zipfile.ZipFile(path) as zf:
        return {
            "comment": zf.comment.decode(),
            "entries": [
                {
                    "name": zi.filename,
                    "method": zi.compress_type,
                    "compressedSize": zi.compress_size,
                    "size": zi.file_size,
                    "crc32": zi.CRC,
                    "localHeaderOffset": zi.header_offset,
                    "isDirectory": zi.is_dir(),
                    "hex": zf.read(zi).hex(),
                }
                for zi in zf.infolist()
            ],
        }


def main() -> None:
    out = fixture_dir("core") / "formats" / "zip"
    out.mkdir(parents=True, exist_ok=True)
    cases = {
        "plain.zip": dict(zip64_members=False, zip64_end=False),
        "zip64_members.zip": dict(zip64_members=True, zip64_end=False),
        "zip64_end.zip": dict(zip64_members=False, zip64_end=True),
    }
    expected = {}
    files = []
    for name, opts in cases.items():
        p = out / name
        write(p, random.Random(20240611), **opts)
        expected[name] = readback(p)
        files.append(p)
    write_json(out / "zip_cases.json", expected)
    files.append(out / "zip_cases.json")
    record("core", files, __file__, libs=())


if __name__ == "__main__":
    main()

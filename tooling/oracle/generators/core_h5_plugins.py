"""Write packages/core/test/fixtures/h5_plugins.h5 + h5_plugins.json.

Chunked datasets compressed by h5py with the HDF5 filter plugins of ``hdf5plugin`` (Blosc with
several inner codecs, Blosc2, LZ4, Zstd, BZip2, Bitshuffle, reversible ZFP), h5py's own LZF, and
the built-in gzip + shuffle (+ fletcher32) as a baseline that needs no plugin. ``/unsupported/sz3``
uses SZ3, for which h5wasm-plugins ships no build: reading it must fail with E_UNSUPPORTED naming
the filter.

h5_plugins.json is produced by reading every dataset back with h5py (with the plugins loaded):

  datasets{path: {dtype (numpy str), shape, chunks, filters: [[id, name], ...], values}}
      values: nested lists; 64-bit integers as decimal strings (exact); NaN as the bare token
      (SZ3 is lossy and left out of ``values``: only its filter ids are recorded)

Needs ``hdf5plugin`` next to h5py (see tooling/oracle/requirements.txt).
"""

from __future__ import annotations

import sys
from pathlib import Path

import h5py
import hdf5plugin
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, write_json  # noqa: E402

PACKAGE = "core"
H5_NAME = "h5_plugins.h5"
JSON_NAME = "h5_plugins.json"
SEED = 20240611


def exact(arr: np.ndarray):
    if arr.dtype.kind in "iu" and arr.dtype.itemsize == 8:
        return np.vectorize(lambda v: str(int(v)), otypes=[object])(arr).tolist()
    return arr.tolist()


def main() -> None:
    rng = np.random.default_rng(SEED)
    # dyadic fractions: few significant mantissa bits, so every codec really shrinks every chunk
    f64 = rng.integers(-4000, 4000, size=(30, 24)) / 64.0
    f64[3, 5] = np.nan
    f64[7, 0] = np.inf
    f32 = (rng.integers(-500, 500, size=(50, 16)) / 4.0).astype("<f4")
    i16 = rng.integers(-20, 20, size=(6, 10, 12)).astype("<i2")
    i32 = (np.arange(40 * 25, dtype="<i4").reshape(40, 25) * 37) % 1001 - 500
    u16 = ((np.arange(64 * 20) // 7) % 50 * 1000).astype("<u2").reshape(64, 20)
    u8 = (np.arange(2000) % 7).astype("u1").reshape(100, 20)
    i64 = rng.integers(-(2**62), 2**62, size=(200,), dtype="<i8")
    smooth = np.cumsum(rng.integers(-64, 64, size=(32, 32)) / 32.0, axis=1)

    # (path, data, chunks, h5py filter keywords)
    specs = [
        ("/builtin/gzip_shuffle_fletcher", f64, (10, 8), dict(compression="gzip", compression_opts=6, shuffle=True, fletcher32=True)),
        ("/lzf/f64", f64, (10, 12), dict(compression="lzf")),
        ("/blosc/lz4_shuffle", f64, (10, 12), dict(**hdf5plugin.Blosc(cname="lz4", clevel=5, shuffle=hdf5plugin.Blosc.SHUFFLE))),
        ("/blosc/lz4hc_bitshuffle", i32, (16, 25), dict(**hdf5plugin.Blosc(cname="lz4hc", clevel=9, shuffle=hdf5plugin.Blosc.BITSHUFFLE))),
        ("/blosc/blosclz_noshuffle", u16, (16, 20), dict(**hdf5plugin.Blosc(cname="blosclz", clevel=3, shuffle=hdf5plugin.Blosc.NOSHUFFLE))),
        ("/blosc/zlib", f32, (25, 16), dict(**hdf5plugin.Blosc(cname="zlib", clevel=6))),
        ("/blosc/zstd", i16, (3, 10, 6), dict(**hdf5plugin.Blosc(cname="zstd", clevel=4))),
        ("/blosc2/blosclz", f64, (15, 24), dict(**hdf5plugin.Blosc2(cname="blosclz", clevel=5))),
        ("/blosc2/zstd_bitshuffle", i64, (64,), dict(**hdf5plugin.Blosc2(cname="zstd", clevel=3, filters=hdf5plugin.Blosc2.BITSHUFFLE))),
        ("/lz4/f32", f32, (10, 16), dict(**hdf5plugin.LZ4())),
        ("/zstd/i16", i16, (2, 5, 12), dict(**hdf5plugin.Zstd(clevel=5))),
        ("/zstd/shuffle_i64", i64, (50,), dict(shuffle=True, **hdf5plugin.Zstd(clevel=1))),
        ("/bzip2/f64", f64, (30, 6), dict(**hdf5plugin.BZip2(blocksize=9))),
        ("/bshuf/lz4_u8", u8, (50, 20), dict(**hdf5plugin.Bitshuffle(cname="lz4"))),
        ("/bshuf/zstd_i32", i32, (40, 5), dict(**hdf5plugin.Bitshuffle(cname="zstd", clevel=3))),
        ("/bshuf/none_u16", u16, (32, 20), dict(**hdf5plugin.Bitshuffle(cname="none"))),
        ("/zfp/reversible", smooth, (16, 16), dict(**hdf5plugin.Zfp(reversible=True))),
        ("/unsupported/sz3", smooth, (16, 16), dict(**hdf5plugin.SZ3(absolute=0.01))),
    ]

    out = fixture_dir(PACKAGE)
    h5_path = out / H5_NAME
    with h5py.File(h5_path, "w") as f:
        for path, data, chunks, kw in specs:
            f.create_dataset(path, data=data, chunks=chunks, **kw)

    datasets = {}
    with h5py.File(h5_path, "r") as f:
        for path, data, _chunks, _kw in specs:
            ds = f[path]
            plist = ds.id.get_create_plist()
            filters = []
            for i in range(plist.get_nfilters()):
                code, _flags, _cd, name = plist.get_filter(i)
                filters.append([int(code), name.decode("utf-8", "replace")])
            entry = {
                "dtype": ds.dtype.str,
                "shape": list(ds.shape),
                "chunks": list(ds.chunks),
                "filters": filters,
            }
            if not path.startswith("/unsupported/"):
                values = ds[()]
                assert np.array_equal(values, data, equal_nan=True), path
                # every chunk must really have gone through every filter (an optional filter such
                # as Blosc is skipped, per chunk, when it does not shrink the data)
                for i in range(ds.id.get_num_chunks()):
                    assert ds.id.get_chunk_info(i).filter_mask == 0, (path, i)
                entry["values"] = exact(values)
            datasets[path] = entry

    write_json(out / JSON_NAME, {"datasets": datasets}, indent=None)
    record(PACKAGE, [H5_NAME, JSON_NAME], __file__, libs=["numpy", "h5py", "hdf5plugin"])


if __name__ == "__main__":
    main()

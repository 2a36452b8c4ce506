"""Compact array encoding shared by the @sdk/signal filter and spectral generators.

Float arrays are stored as base64 of little-endian float64 bytes (``{"f64": "..."}``): exact,
NaN-preserving and about half the size of decimal JSON. Complex arrays are ``{"re": ..., "im": ...}``.
The TypeScript side decodes them with ``test/spectral-fixtures.ts``.
"""

from __future__ import annotations

import base64
import hashlib

import numpy as np


def f64(a) -> dict:
    a = np.ascontiguousarray(np.asarray(a, dtype="<f8"))
    return {"f64": base64.b64encode(a.tobytes()).decode("ascii"), "shape": list(a.shape)}


def c128(a) -> dict:
    a = np.asarray(a, dtype=complex)
    return {"re": f64(a.real), "im": f64(a.imag)}


def sha(a) -> str:
    """sha256 of the little-endian float64 bytes, for exact comparison of long outputs."""
    return hashlib.sha256(np.ascontiguousarray(np.asarray(a, dtype="<f8")).tobytes()).hexdigest()


def lcg(n: int, seed: int) -> np.ndarray:
    """Deterministic pseudo-random values in [-0.5, 0.5) that TypeScript reproduces bit for bit.

    Integer LCG (a=48271, m=2^31-1, the MINSTD generator), so long inputs need not be stored.
    """
    out = np.empty(n)
    s = seed % 2147483647 or 1
    for i in range(n):
        s = (48271 * s) % 2147483647
        out[i] = s / 2147483647.0 - 0.5
    return out


def err(fn):
    """Run fn, return the exception type name and message (or None when it does not raise)."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - we record whatever the reference raises
        return {"type": type(e).__name__, "message": str(e)}
    return None

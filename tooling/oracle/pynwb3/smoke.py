# Run by tooling/oracle/setup.sh for the pynwb 3 venv after installing.
from importlib.metadata import version

import pynwb, hdmf, h5py, numpy  # noqa: F401,E401

print("  " + ", ".join(f"{n}=={version(n)}" for n in ["pynwb", "hdmf", "h5py", "numpy"]))

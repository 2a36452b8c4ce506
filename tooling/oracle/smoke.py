# Run by setup.sh after installing: the modules the generators compare against must import.
from importlib.metadata import version

import allensdk, allensdk.ephys.ephys_features, allensdk.brain_observatory.sync_dataset  # noqa: F401,E401
import allensdk.model.glif.glif_neuron, allensdk.core.brain_observatory_cache  # noqa: F401,E401
import allensdk.core.cell_types_cache  # noqa: F401
import pynwb, hdmf, nwbinspector, scipy, h5py, nrrd, numpy, pandas  # noqa: F401,E401

print("  " + ", ".join(f"{n}=={version(n)}" for n in
      ["allensdk", "pynwb", "hdmf", "nwbinspector", "numpy", "pandas", "scipy", "h5py", "pynrrd"]))

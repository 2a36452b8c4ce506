"""Write packages/api/test/fixtures/brain_observatory.json: BrainObservatoryApi's client-side helpers.

allensdk 2.16.2 ``BrainObservatoryApi`` filters and simplifies the records its queries return
without any HTTP. This generator calls those helpers on canned, hand-made records (shaped like
the API's ``ExperimentContainer``, ``OphysExperiment`` and ``ApiCamCellMetric`` answers) and
records what they return, or the exception they raise:

  inputs         {name: records}: the canned inputs
  calls[]        {fn, input, kwargs, result?, error?}
                 fn is a method name; ``input`` names the canned list it is called on;
                 dataframe_query is called with primary key 'cell_specimen_id'.
  query_strings[] {filters, result?, error?}: dataframe_query_string
  mapping        {csv, records}: the cell-specimen id mapping CSV as pd.read_csv reads it
                 (records from ``df.to_json(orient='records')``, i.e. NaN -> null)
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, write_json  # noqa: E402

import pandas as pd  # noqa: E402

from allensdk.api.queries.brain_observatory_api import BrainObservatoryApi  # noqa: E402

PACKAGE = "api"


def tl(name, kind):
    return {"name": name, "transgenic_line_type_name": kind}


def specimen(name, donor_name, lines, conditions=None, dob="2015-12-22T00:00:00Z"):
    donor = {"external_donor_name": donor_name, "transgenic_lines": lines, "date_of_birth": dob}
    if conditions is not None:
        donor["conditions"] = [{"name": c} for c in conditions]
    return {"name": name, "donor": donor}


CUX2 = [tl("Cux2-CreERT2", "driver"), tl("Camk2a-tTA", "driver"), tl("Ai93(TITL-GCaMP6f)", "reporter")]
RORB = [tl("Rorb-IRES2-Cre", "driver"), tl("Ai93(TITL-GCaMP6f)", "reporter")]
EMX1 = [tl("Emx1-IRES-Cre", "driver"), tl("Ai93(TITL-GCaMP6f)", "reporter")]
NO_CRE = [tl("Camk2a-tTA", "driver"), tl("Ai94(TITL-GCaMP6s)", "reporter")]
NO_REPORTER = [tl("Sst-IRES-Cre", "driver")]

CONTAINERS = [
    {"id": 511498742, "imaging_depth": 175, "targeted_structure": {"acronym": "VISp"},
     "specimen": specimen("Cux2-CreERT2;Camk2a-tTA;Ai93-222426", "222426", CUX2, ["tissuecyte", "Epileptiform Events"]),
     "failed": False},
    {"id": 511510650, "imaging_depth": 275, "targeted_structure": {"acronym": "VISl"},
     "specimen": specimen("Rorb-IRES2-Cre;Camk2a-tTA;Ai93-229106", "229106", RORB, []),
     "failed": False},
    {"id": 511507144, "imaging_depth": 175, "targeted_structure": {"acronym": "VISal"},
     "specimen": specimen("Emx1-IRES-Cre;Camk2a-tTA;Ai93-230570", "230570", EMX1, ["tissuecyte_foo", "a"]),
     "failed": True},
    {"id": 511510699, "imaging_depth": 375, "targeted_structure": {"acronym": "VISp"},
     "specimen": specimen("Camk2a-tTA;Ai94-231953", "231953", NO_CRE),
     "failed": False},
    {"id": 511510855, "imaging_depth": 275, "targeted_structure": {"acronym": "VISpm"},
     "specimen": specimen("Sst-IRES-Cre-233891", "233891", NO_REPORTER, ["Epileptiform Events"]),
     "failed": False},
    {"id": 511510001, "imaging_depth": 175, "targeted_structure": {"acronym": "VISp"},
     "specimen": specimen("Cux2-CreERT2;Camk2a-tTA;Ai93-222427", "222427", CUX2, ["x"])},
]


def experiment(id, container, session, acq, extra=None):
    c = next(c for c in CONTAINERS if c["id"] == container)
    e = {
        "id": id,
        "imaging_depth": c["imaging_depth"],
        "targeted_structure": c["targeted_structure"],
        "specimen": c["specimen"],
        "experiment_container_id": container,
        "experiment_container": {"id": container, "failed": c.get("failed", False)},
        "stimulus_name": session,
        "date_of_acquisition": acq,
        "fail_eye_tracking": False,
    }
    e.update(extra or {})
    return e


EXPERIMENTS = [
    experiment(501271265, 511498742, "three_session_A", "2016-01-29T14:27:04Z"),
    experiment(501704220, 511498742, "three_session_B", "2016-02-01T15:15:10Z", {"fail_eye_tracking": True}),
    experiment(501559087, 511498742, "three_session_C", "2016-01-31T15:14:51Z", {"fail_eye_tracking": None}),
    experiment(502115959, 511510650, "three_session_C2", "2016-02-05T10:00:00Z"),
    experiment(502205092, 511510650, "three_session_A", "2015-12-21T23:59:59Z"),
    experiment(502376461, 511507144, "three_session_B", "2016-02-08T12:00:00Z"),
    experiment(502608215, 511510699, "three_session_A", "2016-02-09T12:00:00.5Z", {"failed": True}),
    experiment(502666254, 511510855, "unknown_session", "2016-02-10T12:00:00Z"),
    experiment(502793808, 511510855, "three_session_B", "2016-02-11T01:02:03Z"),
]
# No fail_eye_tracking key at all (simplify gives None, require_eye_tracking drops it).
del EXPERIMENTS[3]["fail_eye_tracking"]
# No date_of_acquisition: acquisition_age_days is None (KeyError in the reference).
EXPERIMENTS_SIMPLE = [e for e in EXPERIMENTS] + [
    {k: v for k, v in experiment(503000000, 511510001, "three_session_A", "x").items() if k != "date_of_acquisition"}
]

NAN = float("nan")


def cell(cid, container, osi, dsi, p_dg, area, all_stim, failed=False, **extra):
    c = {
        "cell_specimen_id": cid,
        "experiment_container_id": container,
        "osi_dg": osi,
        "dsi_dg": dsi,
        "p_dg": p_dg,
        "area": area,
        "all_stim": all_stim,
        "failed_experiment_container": failed,
        "tld1_name": "Cux2-CreERT2" if container == 511498742 else "Rorb-IRES2-Cre",
    }
    c.update(extra)
    return c


CELLS = [
    cell(517394843, 511498742, 0.8, 0.2, 0.01, "VISp", True),
    cell(517394850, 511498742, 1.2, 0.55, 0.04, "VISp", False),
    cell(517394862, 511510650, None, 0.9, 0.2, "VISl", True),
    cell(517394870, 511510650, 1.0, None, 0.049, "VISl", None),
    cell(517394881, 511507144, 2.5, 0.3, 0.001, "VISal", True, failed=True),
    cell(517394890, 511510650, 0.5, 0.5, 0.5, "VISl", False, failed=None),
    cell(517394843, 511510650, 0.1, 0.1, 0.9, "VISl", False),  # duplicate primary key
    cell(517394900, 511498742, 3.0, 0.75, 0.02, "VISp", True),
]

CALLS = [
    # filter_experiments_and_containers
    ("filter_experiments_and_containers", "containers", {}),
    ("filter_experiments_and_containers", "containers", {"include_failed": True}),
    ("filter_experiments_and_containers", "containers", {"ids": [511510650, 511507144, 1]}),
    ("filter_experiments_and_containers", "containers", {"ids": [511507144], "include_failed": True}),
    ("filter_experiments_and_containers", "containers", {"targeted_structures": ["VISp", "VISal"]}),
    ("filter_experiments_and_containers", "containers", {"imaging_depths": [175, 375]}),
    ("filter_experiments_and_containers", "containers", {"cre_lines": ["cux2-creert2", "RORB-IRES2-CRE"]}),
    ("filter_experiments_and_containers", "containers", {"reporter_lines": ["ai93(titl-gcamp6f)"]}),
    ("filter_experiments_and_containers", "containers", {"transgenic_lines": ["CAMK2A-TTA"]}),
    ("filter_experiments_and_containers", "containers", {"transgenic_lines": ["sst-ires-cre", "Ai94(TITL-GCaMP6s)"],
                                                         "include_failed": True}),
    ("filter_experiments_and_containers", "containers", {"cre_lines": [], "include_failed": True}),
    ("filter_experiments_and_containers", "experiments", {"targeted_structures": ["VISp"], "imaging_depths": [175]}),
    # filter_experiment_containers (+ simplify_experiment_containers)
    ("filter_experiment_containers", "containers", {"simple": True, "include_failed": True}),
    ("filter_experiment_containers", "containers", {"simple": True, "cre_lines": ["Cux2-CreERT2"]}),
    ("filter_experiment_containers", "containers", {"imaging_depths": [275]}),
    ("filter_experiment_containers", "containers_with_failed", {"simple": True, "include_failed": True}),
    ("filter_experiment_containers", "containers_with_failed", {"simple": True, "cre_lines": ["Cux2-CreERT2"]}),
    ("simplify_experiment_containers", "containers", {}),
    ("simplify_experiment_containers", "containers_with_failed", {}),
    # filter_ophys_experiments (+ simplify_ophys_experiments)
    ("filter_ophys_experiments", "experiments", {}),
    ("filter_ophys_experiments", "experiments", {"include_failed": True}),
    ("filter_ophys_experiments", "experiments", {"require_eye_tracking": True, "include_failed": True}),
    ("filter_ophys_experiments", "experiments", {"experiment_container_ids": [511510650, 511510855]}),
    ("filter_ophys_experiments", "experiments", {"session_types": ["three_session_A", "unknown_session"]}),
    ("filter_ophys_experiments", "experiments", {"stimuli": ["locally_sparse_noise_8deg", "static_gratings"]}),
    ("filter_ophys_experiments", "experiments", {"stimuli": ["natural_movie_one"], "include_failed": True}),
    ("filter_ophys_experiments", "experiments", {"stimuli": ["spontaneous"], "cre_lines": ["sst-ires-cre"]}),
    ("filter_ophys_experiments", "experiments", {"simple": True, "include_failed": True}),
    ("filter_ophys_experiments", "experiments", {"simple": True, "reporter_lines": ["AI93(TITL-GCAMP6F)"]}),
    ("simplify_ophys_experiments", "experiments_simple", {}),
    # filter_cell_specimens (+ dataframe_query)
    ("filter_cell_specimens", "cells", {}),
    ("filter_cell_specimens", "cells", {"include_failed": True}),
    ("filter_cell_specimens", "cells", {"ids": [517394843, 517394881], "include_failed": True}),
    ("filter_cell_specimens", "cells", {"experiment_container_ids": [511510650]}),
    ("filter_cell_specimens", "cells", {"filters": []}),
    ("filter_cell_specimens", "cells", {"filters": [{"field": "osi_dg", "op": ">", "value": 1.0}]}),
    ("filter_cell_specimens", "cells", {"filters": [{"field": "osi_dg", "op": "between", "value": [0.5, 1.2]}],
                                        "include_failed": True}),
    ("filter_cell_specimens", "cells", {"filters": [{"field": "area", "op": "in", "value": ["VISl", "VISal"]}],
                                        "include_failed": True}),
    ("filter_cell_specimens", "cells", {"filters": [{"field": "osi_dg", "op": ">", "value": 0.5},
                                                    {"field": "p_dg", "op": "<", "value": 0.05}]}),
    ("dataframe_query", "cells", {"filters": [{"field": "dsi_dg", "op": "<=", "value": 0.5}]}),
    ("dataframe_query", "cells", {"filters": [{"field": "dsi_dg", "op": ">=", "value": 0.5}]}),
    ("dataframe_query", "cells", {"filters": [{"field": "dsi_dg", "op": "=", "value": 0.5}]}),
    ("dataframe_query", "cells", {"filters": [{"field": "dsi_dg", "op": "=", "value": [0.9, 0.1]}]}),
    ("dataframe_query", "cells", {"filters": [{"field": "osi_dg", "op": "in", "value": [0.5, 1, 3]}]}),
    ("dataframe_query", "cells", {"filters": [{"field": "osi_dg", "op": "in", "value": 1.2}]}),
    ("dataframe_query", "cells", {"filters": [{"field": "all_stim", "op": "is", "value": True}]}),
    ("dataframe_query", "cells", {"filters": [{"field": "all_stim", "op": "is", "value": False}]}),
    ("dataframe_query", "cells", {"filters": [{"field": "all_stim", "op": "=", "value": 1}]}),
    ("dataframe_query", "cells", {"filters": [{"field": "experiment_container_id", "op": "between",
                                               "value": [511498742, 511507144]}]}),
    ("dataframe_query", "cells", {"filters": [{"field": "p_dg", "op": ">", "value": "0.04"}]}),
    ("dataframe_query", "cells", {"filters": [{"field": "tld1_name", "op": "=", "value": ["Rorb-IRES2-Cre"]}]}),
    ("dataframe_query", "cells", {"filters": [{"field": "tld1_name", "op": "<", "value": ["Rorb"]}]}),
    ("dataframe_query", "cells", {"filters": [{"field": "osi_dg", "op": "between", "value": [3, 0]}]}),
    # errors: a name pandas cannot resolve, a between without bounds
    ("dataframe_query", "cells", {"filters": [{"field": "no_such_field", "op": ">", "value": 1}]}),
    ("dataframe_query", "cells", {"filters": [{"field": "osi_dg", "op": "between", "value": 1}]}),
    ("dataframe_query", "cells", {"filters": [{"field": "area", "op": "=", "value": "VISp"}]}),
    ("dataframe_query", "cells", {"filters": [{"field": "osi_dg", "op": "=", "value": None}]}),
    ("dataframe_query", "cells", {"filters": [{"field": "osi_dg", "op": "like", "value": 1}]}),
    ("dataframe_query", "empty", {"filters": [{"field": "osi_dg", "op": ">", "value": 1}]}),
    ("dataframe_query", "empty", {"filters": []}),
]

# Integral floats (1.0) are left out of the query strings: JSON and JavaScript cannot tell them from
# ints, so the TS port prints them as ints (a documented deviation of the whole package).
QUERY_STRINGS = [
    [{"field": "osi_dg", "op": ">", "value": 1.5}],
    [{"field": "osi_dg", "op": "between", "value": [0.5, 1.25]}, {"field": "a", "op": "<=", "value": 3}],
    [{"field": "area", "op": "in", "value": ["VISl", "VISal"]}],
    [{"field": "area", "op": "=", "value": ["VISl", 2]}],
    [{"field": "x", "op": "is", "value": True}, {"field": "y", "op": "=", "value": None}],
    [{"field": "x", "op": ">=", "value": 1e-07}, {"field": "y", "op": "<", "value": -2}],
    [{"field": "x", "op": "in", "value": 5}],
    [{"field": "x", "op": "between", "value": 5}],
    [{"field": "x", "op": "like", "value": 5}],
    [],
]

MAPPING_CSV = (
    "original_id,new_id,note\n"
    "517394843,587344035,moved\n"
    "517394850,587344036,\n"
    "517394862,,dropped\n"
    "517394870,587344040,\"a, b\"\n"
)


def main():
    api = BrainObservatoryApi()
    inputs = {
        "containers": CONTAINERS,
        "containers_with_failed": CONTAINERS[:-1],
        "experiments": EXPERIMENTS,
        "experiments_simple": EXPERIMENTS_SIMPLE,
        "cells": CELLS,
        "empty": [],
    }
    calls = []
    for fn, name, kwargs in CALLS:
        data = json.loads(json.dumps(inputs[name]))  # every call gets its own copy
        entry = {"fn": fn, "input": name, "kwargs": kwargs}
        try:
            if fn == "dataframe_query":
                res = api.dataframe_query(data, kwargs["filters"], "cell_specimen_id")
            else:
                res = getattr(api, fn)(data, **kwargs)
            entry["result"] = res
        except Exception as e:  # noqa: BLE001
            entry["error"] = {"type": type(e).__name__, "message": str(e)}
        calls.append(entry)

    query_strings = []
    for filters in QUERY_STRINGS:
        entry = {"filters": filters}
        try:
            entry["result"] = api.dataframe_query_string(filters)
        except Exception as e:  # noqa: BLE001
            entry["error"] = {"type": type(e).__name__, "message": str(e)}
        query_strings.append(entry)

    df = pd.read_csv(io.StringIO(MAPPING_CSV))
    mapping = {
        "csv": MAPPING_CSV,
        "records": json.loads(df.to_json(orient="records")),
        "dtypes": {k: str(v) for k, v in df.dtypes.items()},
    }

    data = {
        "reference": "allensdk 2.16.2",
        "inputs": inputs,
        "calls": calls,
        "query_strings": query_strings,
        "mapping": mapping,
    }
    path = fixture_dir(PACKAGE) / "brain_observatory.json"
    write_json(path, data)
    record(PACKAGE, [path], __file__, libs=["allensdk", "pandas", "python-dateutil"])
    print(f"{len(calls)} calls ({sum('error' in c for c in calls)} errors), {len(query_strings)} query strings")


if __name__ == "__main__":
    main()

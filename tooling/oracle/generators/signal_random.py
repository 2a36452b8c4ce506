"""numpy 1.23 legacy RandomState streams for @sdk/signal's RandomState (exact comparison).

Long streams (10^5 draws) are stored strided (every `stride`-th value) to keep the fixture small;
the TS test draws the whole stream and compares the same positions.
"""
import numpy as np

from _common import fixture_dir, record, write_json


def op(rs, name, args, stride=1, **kw):
    if name == "rand":
        out = rs.rand(*args)
    elif name == "randn":
        out = rs.randn(*args)
    elif name == "randint":
        out = rs.randint(args[0], args[1], args[2])
    elif name == "permutation":
        out = rs.permutation(args[0])
    elif name == "shuffle":
        out = np.arange(args[0], dtype=np.float64) * 10
        rs.shuffle(out)
    elif name == "choice":
        out = rs.choice(args[0], args[1], replace=kw.get("replace", True), p=kw.get("p"))
    elif name == "normal":
        out = rs.normal(args[0], args[1], args[2])
    elif name == "uniform":
        out = rs.uniform(args[0], args[1], args[2])
    else:
        raise ValueError(name)
    d = {"op": name, "args": args, "stride": stride, "out": np.asarray(out, dtype=np.float64)[::stride]}
    d.update({k: v for k, v in kw.items() if v is not None})
    return d


def case(seed, ops):
    rs = np.random.RandomState(seed)
    return {"seed": seed, "ops": [op(rs, *o[:2], **(o[2] if len(o) > 2 else {})) for o in ops]}


cases = [
    case(1, [("rand", [10]), ("randn", [5]), ("rand", [3]), ("randn", [4]), ("randint", [0, 10, 20])]),
    case(0, [("rand", [100000], {"stride": 997})]),
    case(42, [("randn", [100001], {"stride": 1009}), ("rand", [2])]),
    case(12345, [("randint", [0, 7, 100000], {"stride": 499}), ("randint", [-50, 50, 30])]),
    case(7, [("randint", [0, 2**32, 10]), ("randint", [0, 2**33 + 5, 10]), ("randint", [5, 6, 3]),
             ("randint", [0, 2**31 + 1, 10])]),
    case(2**32 - 1, [("permutation", [1000], {"stride": 7}), ("permutation", [1]), ("permutation", [0]),
                     ("shuffle", [17])]),
    case(3, [("choice", [10, 10]), ("choice", [10, 5], {"replace": False}),
             ("choice", [5, 8], {"p": [0.1, 0.2, 0.3, 0.25, 0.15]}),
             ("choice", [5, 3], {"replace": False, "p": [0.1, 0.2, 0.3, 0.25, 0.15]}),
             ("choice", [6, 5], {"replace": False, "p": [0.05, 0.0, 0.5, 0.2, 0.15, 0.1]}),
             ("choice", [100000, 50], {"replace": False})]),
    # the LSN receptive-field shuffle pattern: randn() then choice(replace=False), repeated
    case(1, [o for _ in range(5) for o in (("randn", [1]), ("choice", [200, 30], {"replace": False}))]),
    case(99, [("normal", [3.0, 2.5, 11]), ("uniform", [-2.0, 5.0, 9]), ("randn", [1]), ("rand", [1])]),
    case([1, 2, 3], [("rand", [5]), ("randint", [0, 100, 5])]),
    case([0xDEADBEEF, 0, 7] * 300, [("rand", [5])]),
]

path = fixture_dir("signal") / "signal_random.json"
write_json(path, cases, indent=None)
record("signal", [path], __file__, libs=["numpy"])

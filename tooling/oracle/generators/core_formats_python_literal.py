"""Fixtures for @sdk/core parsePythonLiteral: literal texts and what ast.literal_eval makes of them.

Values are written in a tagged JSON form so that int/float/bytes/tuple/set survive JSON:
{"none": true} {"bool": b} {"int": "<decimal>"} {"float": "<repr>"} {"str": s} {"bytes": [..]}
{"list": [..]} {"tuple": [..]} {"set": [..]} {"dict": [[k, v], ..]}.
A case whose text literal_eval rejects has {"error": "<exception type>"} instead of "value".
"""

from __future__ import annotations

import ast
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, write_json  # noqa: E402


def tag(v):
    if v is None:
        return {"none": True}
    if isinstance(v, bool):
        return {"bool": v}
    if isinstance(v, int):
        return {"int": str(v)}
    if isinstance(v, float):
        return {"float": repr(v)}
    if isinstance(v, str):
        return {"str": v}
    if isinstance(v, bytes):
        return {"bytes": list(v)}
    if isinstance(v, list):
        return {"list": [tag(x) for x in v]}
    if isinstance(v, tuple):
        return {"tuple": [tag(x) for x in v]}
    if isinstance(v, (set, frozenset)):
        return {"set": [tag(x) for x in sorted(v, key=repr)]}
    if isinstance(v, dict):
        return {"dict": [[tag(k), tag(x)] for k, x in v.items()]}
    raise TypeError(type(v))


HAND = [
    "None", "True", "False", "0", "-0", "+7", "- 3", "00", "0_0", "1_000_000", "0x1F", "0XfF", "0o17", "0b1011",
    "0x_ff", "-0b1", "9007199254740991", "9007199254740992", "-9007199254740993",
    "123456789012345678901234567890", "0xFFFFFFFFFFFFFFFF", "1.5", "-2.25", "1.", ".5", "1e5", "1E-3", "1_0.0_1",
    "1e999", "-1e999", "2.5e-324", "0.1", "1.7976931348623157e308", "5e-324", "3.141592653589793",
    "'abc'", '"abc"', "'it\\'s'", '"say \\"hi\\""', "'''tri\nple'''", '"""a "quoted" \'x\' \n b"""',
    "'\\n\\t\\r\\\\\\a\\b\\f\\v\\0'", "'\\x41\\101\\u00e9\\U0001F600'", "'\\q\\d'", "r'\\n\\d'", "R'a\\'b'",
    "u'unicode é'", "'é中😀'", "b'bytes\\x00\\xff\\n'", "B'x'", "rb'\\x00'", "Br'\\n'", "b'a' b'b'",
    "'a' 'b'  \"c\"", "'a' u'b'", "'line\\\ncont'", "''", '""', "''''''", "'#not a comment'",
    "[]", "[1]", "[1,]", "[1, 2, 3,]", "()", "(1)", "(1,)", "(1, 2)", "((1, 2), (3,), ())", "{}", "{1, 2}",
    "{1, 2,}", "{'a': 1}", "{'a': 1,}", "{1: 'one', 2.5: 'x', True: 't', None: 'n'}", "{'a': 1, 'a': 2, 'b': 3}",
    "{'b': 1, 'a': 2}", "set()", "set( )", "[set(), {}]", "{(1, 2): 'tuple key'}", "{'x': {'y': {'z': [1, (2, {3})]}}}",
    "  [1, 2]  ", "[\n  1,  # comment\n  2\n]", "{'k':\n  [1,\n   2]}", "[True, False, None]", "[-1, -2.5, +3]",
    "{'nested': [[[[]]]], 'e': ''}", "[1, 'two', 3.0, b'four', (5,), {6}, {'seven': 7}]",
    # rejected by literal_eval
    "", "   ", "[", "]", "[1 2]", "[1,,2]", "(,)", "{1: }", "{1: 2, 3}", "{1, 2: 3}", "'unterminated",
    "'new\nline'", "abc", "true", "none", "f(1)", "1 + 2", "2 * 3", "[1] [2]", "1 2", "- -1", "--1", "-'a'",
    "01", "1__0", "1_", "0x", "0xg", "0b2", "0o8", "1e", "1.e", "1.2.3", "{[1]: 2}", "{{1}}", "{1: 2}[1]",
    "b'é'", "'a' b'b'", "f'x'", "lambda: 0", "__import__('os')", "x.y", "set([1])", "frozenset()",
    "float('inf')", "inf", "nan", "-inf", "[1, 2", "{'a': 1", "(1, 2", "'''open", "1 # tail", "[1]\n",
]


def random_value(rng: random.Random, depth: int):
    kinds = ["int", "bigint", "float", "str", "bool", "none", "bytes"]
    if depth < 3:
        kinds += ["list", "tuple", "dict", "set"] * 2
    k = rng.choice(kinds)
    if k == "int":
        return rng.randint(-10**6, 10**6)
    if k == "bigint":
        return rng.choice([-1, 1]) * rng.randint(2**53, 2**70)
    if k == "float":
        return rng.choice([rng.uniform(-1e3, 1e3), rng.random() * 10 ** rng.randint(-300, 300), 0.0, -0.0, 1.0])
    if k == "str":
        alphabet = "abcXYZ 019'\"\\\n\t_é中😀\x00\x7f"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
    if k == "bool":
        return rng.random() < 0.5
    if k == "none":
        return None
    if k == "bytes":
        return bytes(rng.randint(0, 255) for _ in range(rng.randint(0, 6)))
    n = rng.randint(0, 4)
    if k == "list":
        return [random_value(rng, depth + 1) for _ in range(n)]
    if k == "tuple":
        return tuple(random_value(rng, depth + 1) for _ in range(n))
    if k == "set":
        return {rng.choice([rng.randint(-50, 50), "s" + str(rng.randint(0, 99))]) for _ in range(n)}
    return {("k" + str(rng.randint(0, 999))): random_value(rng, depth + 1) for _ in range(n)}


def main() -> None:
    rng = random.Random(20240611)
    sync_meta = {
        "ni_daq": {"device": "Dev1", "counter_output_freq": 100000.0, "sample_rate": 100000.0,
                   "counter_bits": 32, "event_bits": 32},
        "start_time": "2020-12-17 10:20:53.079171",
        "stop_time": "2020-12-17 11:36:23.332681",
        "line_labels": ["2p_vsync", "", "stim_vsync", "", "stim_photodiode", "acq_trigger", "", "",
                        "cam1_exposure", "cam2_exposure"] + [""] * 21 + ["lick_sensor"],
        "timeouts": [],
        "version": "2.1.2+g7603ecb.b32886",
        "sampling_type": "frequency",
        "file_version": "1.0.0",
        "total_samples": 453010000,
        "analog_meta": None,
        "flags": (True, False),
    }
    texts = list(HAND) + [repr(sync_meta), str(sync_meta)]
    for _ in range(60):
        texts.append(repr(random_value(rng, 0)))
    cases = []
    for text in texts:
        try:
            value = ast.literal_eval(text)
        except Exception as e:  # noqa: BLE001 - any rejection is an expected error
            cases.append({"text": text, "error": type(e).__name__})
            continue
        cases.append({"text": text, "value": tag(value)})
    out = fixture_dir("core") / "formats" / "python_literal_cases.json"
    write_json(out, {"python": sys.version.split()[0], "cases": cases})
    record("core", [out], __file__, libs=[])


if __name__ == "__main__":
    main()

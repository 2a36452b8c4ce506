"""Fixtures for @sdk/core JSON (allensdk.core.json_utilities, 2.16.2, simplejson writer).

* write_string: inputs (stored with the stdlib json, so NaN/Infinity appear as bare tokens) and the
  exact text ``json_utilities.write_string`` makes of them. ``exact`` says whether the TS text
  must match byte for byte: it cannot when the input holds an integral float (Python writes
  ``1.0``, JS cannot tell it from ``1``).
* remove_comments / read_file: JsonComments on tricky strings, including the ``//`` inside a
  string quirk, CRLF files and the unterminated ``/*`` bug.
* parse: Python ``json.loads`` (stdlib, accepts NaN tokens) verdicts on valid and invalid texts.
"""

from __future__ import annotations

import json
import math
import os
import tempfile

from _common import fixture_dir, record, write_json

from allensdk.core.json_utilities import JsonComments, write_string

WRITE_CASES = [
    {"a": 1, "b": [1, 2, 3], "c": {"d": None, "e": True, "f": False}},
    {"z": 1, "a": 2, "m": {"y": [], "x": {}}},
    [],
    {},
    "plain",
    {"unicode": "é ü 😀 \u2028 \x7f \x01 \t\n\r\b\f \"quoted\" back\\slash /slash"},
    {"nan": float("nan"), "inf": float("inf"), "ninf": float("-inf"), "list": [float("nan"), 1]},
    {"floats": [0.1, 2.5, -3.75, 1e-07, 0.0001, 0.00012345, 123456.789, 1.5e-10, 6.02e23 / 1e8]},
    {"integral_floats": [1.0, 25.0, -0.0, 1e16, 1e22]},
    {"ints": [0, -1, 2**31, 2**53 - 1, -(2**53 - 1)]},
    [[[]], [[1], [2, [3, {}]]]],
    {"nested": {"deeper": {"deepest": [{"k": "v"}]}}},
    {"é_key": 1, "key with spaces": 2, "": 3},
]

COMMENT_CASES = [
    '{"a": 1} // trailing',
    '{"u": "http://example.org/x"}',
    '// only a comment\n{"a": 1}\n',
    '{\r\n  "a": 1, // c\r\n  "b": 2\r\n}\r\n',
    '{"a": /* inline */ 1}',
    '/* multi\nline\ncomment */\n{"a": 1}',
    'abc /* def',
    'a /* b */ c /* d',
    'a /* b /* c */ d */ e',
    '/*/ x */y',
    'x\n\n\n  \ny\n',
    '\n\na',
    'a\n\n',
    '  \n\t\n{"a": [1,\n\n 2]}\n   \n',
    'line\r\nwith\rcr\r',
    '{"s": "a/*b*/c"}',
    '{"a": 1}\n\x1c\n\u00a0\n{"b"}',
    '\r\n\r\n{}\r\n',
    "",
]

PARSE_CASES = [
    '{"a": NaN, "b": Infinity, "c": -Infinity}',
    "[NaN]",
    " [1, 2.5e3, -0, 1E+2, 1e-2] ",
    '{"a": {"b": [true, false, null]}}',
    '"\\u00e9\\ud83d\\ude00\\/\\n"',
    '{"__proto__": 1, "x": 2}',
    '{"dup": 1, "dup": 2}',
    "1e400",
    "+1",
    "01",
    "[1,]",
    '{"a":1,}',
    "-NaN",
    "nan",
    "1.",
    ".5",
    "1e",
    '"\\x"',
    "[1] x",
    '"a\tb"',
    "\x0c[1]",
    "",
    "[",
    '{"a" 1}',
    '{"a": 1 "b": 2}',
    "{'a': 1}",
    "[1, 2\n, oops]",
    "Infinityx",
    '"unterminated',
]


def encode_value(v):
    """Floats that JSON cannot carry exactly as numbers keep a tag, so the TS side can compare."""
    if isinstance(v, float):
        if math.isnan(v):
            return {"$float": "nan"}
        if math.isinf(v):
            return {"$float": "inf" if v > 0 else "-inf"}
        if v == 0 and math.copysign(1, v) < 0:
            return {"$float": "-0"}
        return v
    if isinstance(v, list):
        return [encode_value(x) for x in v]
    if isinstance(v, dict):
        return {k: encode_value(x) for k, x in v.items()}
    return v


def has_integral_float(v) -> bool:
    if isinstance(v, float):
        return math.isfinite(v) and v.is_integer()
    if isinstance(v, list):
        return any(has_integral_float(x) for x in v)
    if isinstance(v, dict):
        return any(has_integral_float(x) for x in v.values())
    return False


def main() -> None:
    out_dir = fixture_dir("core") / "json"
    out_dir.mkdir(exist_ok=True)

    writes = [
        {"input": encode_value(case), "output": write_string(case), "exact": not has_integral_float(case)}
        for case in WRITE_CASES
    ]

    comments = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(COMMENT_CASES):
            entry = {"input": text, "removed": JsonComments.remove_comments(text)}
            try:
                entry["read_string"] = encode_value(JsonComments.read_string(text))
            except ValueError as e:
                entry["read_string_error"] = type(e).__name__
            path = os.path.join(tmp, f"c{i}.json")
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            try:
                entry["read_file"] = encode_value(JsonComments.read_file(path))
            except ValueError as e:
                entry["read_file_error"] = type(e).__name__
            comments.append(entry)

    parses = []
    for text in PARSE_CASES:
        try:
            parses.append({"input": text, "value": encode_value(json.loads(text))})
        except json.JSONDecodeError as e:
            parses.append({"input": text, "error": e.msg, "line": e.lineno, "column": e.colno, "pos": e.pos})

    files = [
        write_json(out_dir / "write_string.json", writes),
        write_json(out_dir / "comments.json", comments),
        write_json(out_dir / "parse.json", parses),
    ]
    record("core", files, __file__, libs=["allensdk", "simplejson"])


if __name__ == "__main__":
    main()

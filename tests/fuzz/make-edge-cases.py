#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Writes the hand-made edge cases into tests/fuzz/regressions/ (each must be refused,
quickly). Rerun after changing a case; the files are kept in the repository.

    tests/fuzz/make-edge-cases.py
"""
import json
import os

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "regressions")
base = open(os.path.join(here, "corpus", "valid-compare.json"), "rb").read()
record = json.loads(base)


def write(name, data):
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(out, "edge-" + name), "wb") as f:
        f.write(data)


def edited(change):
    r = json.loads(base)
    change(r)
    return json.dumps(r).encode()


def replace(old, new):
    assert old in base, old
    return base.replace(old, new, 1)


def setitem(path, value):
    def change(r):
        node = r
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return edited(change)


# Nesting: far past the limit of 16, in arrays, objects and inside the record.
write("deep-arrays.json", b"[" * 100_000 + b"]" * 100_000)
write("deep-objects.json", b'{"a":' * 50_000 + b"1" + b"}" * 50_000)
write("deep-in-params.json", replace(b'"seed": 1', b'"x": ' + b"[" * 5000 + b"]" * 5000 + b', "seed": 1'))
# Huge numbers: long digits, huge exponents, integers past 2^63.
write("huge-number-digits.json", replace(b'"tasks": 2', b'"tasks": 2' + b"0" * 5000))
write("huge-exponent.json", replace(b'"delay_s": 0.001', b'"delay_s": 1e999999999'))
write("tiny-exponent.json", replace(b'"delay_s": 0.001', b'"delay_s": 1e-999999999'))
write("integer-past-2-63.json", replace(b'"seed": 1', b'"seed": 99999999999999999999999999'))
write("time-1e300.json", replace(b'"start_s": 0.000001732', b'"start_s": 1e300'))
write("value-1e308-times-10.json", replace(b'"max_value": 10', b'"max_value": 1.7976931348623157e309'))
# Numbers inside arrays, where the cursor scans in one pass (a ',' or ']' lies ahead):
# past 1,024 characters then a bad point, a value that is an exact midpoint between two
# doubles (converted exactly, then above max_value), and a repeated key spaced as the
# writer never spaces it (the key read the slow way).
write("long-digits-bad-point-in-array.json", replace(b'"at_s": [0.001000047', b'"at_s": [' + b"1" * 2000 + b".x"))
write("midpoint-value.json", setitem(["runs", 1, "tasks", 0, "values", 0], 9007199254740993))
write("duplicate-task-key-spaced.json", replace(b'"id": 0,', b'"id": 0, "id" :0,'))
# NaN and infinity: as text and as bare words.
write("nan-text.json", setitem(["runs", 0, "wall_s"], "NaN"))
write("nan-literal.json", replace(b'"wall_s": 0.006001588', b'"wall_s": NaN'))
write("infinity-literal.json", replace(b'"wall_s": 0.006001588', b'"wall_s": -Infinity'))
# Repeated keys, at every level.
write("duplicate-runs.json", replace(b'"runs": [', b'"runs": [], "runs": ['))
write("duplicate-params-key.json", replace(b'"seed": 1', b'"seed": 1, "seed": 1'))
write("duplicate-task-key.json", replace(b'"id": 0,', b'"id": 0, "id": 0,'))
write("duplicate-lateness-key.json", replace(b'"p50": 0,', b'"p50": 0, "p50": 0,'))
# Text encodings: truncated, overlong and invalid UTF-8; byte order marks.
write("truncated-utf8.json", replace(b'"qt": "6.4.2"', b'"qt": "6.4.\xc3"'))
write("truncated-utf8-at-end.json", base[:60] + b"\xe2\x82")
write("overlong-utf8.json", replace(b'"qt": "6.4.2"', b'"qt": "\xc0\xaf"'))
write("utf8-surrogate.json", replace(b'"qt": "6.4.2"', b'"qt": "\xed\xa0\x80"'))
write("latin1-byte.json", replace(b'"qt": "6.4.2"', b'"qt": "caf\xe9"'))
write("two-byte-order-marks.json", b"\xef\xbb\xbf\xef\xbb\xbf" + base)
write("utf16-byte-order-mark.json", b"\xff\xfe" + base)
write("utf16-text.json", b"\xff\xfe" + base.decode().encode("utf-16-le"))
write("nul-byte.json", replace(b'"seed": 1', b'"seed": 1\x00'))
# Length claims: a tiny file claiming a billion yields, or far more memory than exists.
write("claims-1g-yields.json", replace(b'"tasks": 2, "values": 3', b'"tasks": 1000000, "values": 1000'))
write("claims-1g-tasks.json", replace(b'"tasks": 2', b'"tasks": 1000000000'))
write("claims-1g-values.json", replace(b'"values": 3', b'"values": 1000000000'))
write("claims-1g-yields-count.json", replace(b'"yields": 6', b'"yields": 1000000000'))
write("long-string-100k.json", replace(b'"qt": "6.4.2"', b'"qt": "' + b"x" * 100_000 + b'"'))
write("long-key-100k.json", replace(b'"qt": "6.4.2"', b'"' + b"k" * 100_000 + b'": 1, "qt": "6.4.2"'))
# Impossible records (issue 15 item 10): a yield before its due time, times that go back.
write("early-yield.json", setitem(["runs", 1, "tasks", 0, "at_s", 0], 0.0001))
write("at-goes-back.json", edited(lambda r: r["runs"][1]["tasks"][0]["at_s"].__setitem__(0, 0.0025)))
write("due-goes-back.json", edited(lambda r: r["runs"][1]["tasks"][0]["due_s"].__setitem__(1, 0.0005)))
write("end-before-last-yield.json", setitem(["runs", 1, "tasks", 0, "end_s"], 0.0015))
# Order: runs before params (read twice), broken inside.
write("runs-first-broken.json", json.dumps({k: record[k] for k in ["runs", "format", "version", "params"]}).replace('"status": "finished"', '"status": "running"', 1))
# Truncations at awkward places.
write("truncated-in-number.json", base[: base.index(b"0.000001732") + 5])
write("truncated-in-escape.json", replace(b'"qt": "6.4.2"', b'"qt": "\\u00')[: base.index(b'"qt"') + 13])
write("garbage-after.json", base + b"\n{}")
write("trailing-comma.json", replace(b'"seed": 1', b'"seed": 1,'))

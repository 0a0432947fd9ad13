#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Writes a run record shaped like a finished concurrent run of TASKS tasks x 10 values x
1 s (drift-free, a few microseconds late), in RecordJsonWriter's layout, for measuring
the reader without running the engine (on a loaded machine a real 1,000,000-task run
comes out seconds late, and its record then holds every lateness in a side table).

    bench/make-big-record.py /tmp/big.json [TASKS]     default 1,000,000 (about 500 MB)
"""
import random
import sys


def seconds(ns):
    text = "%d.%09d" % divmod(ns, 1_000_000_000)
    return text.rstrip("0").rstrip(".")


def main():
    path = sys.argv[1]
    tasks = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    values = 10
    rng = random.Random(42)
    with open(path, "w") as out:
        out.write('{"format": "coroscope-run", "version": 1,\n'
                  ' "app": {"version": "0.1.0", "qt": "6.4.2", "qcoro": "0.8.0"},\n'
                  ' "params": {"mode": "concurrent", "tasks": %d, "values": %d, "delay_s": 1, '
                  '"max_value": 10, "seed": 42, "timing": "drift-free"},\n'
                  ' "runs": [\n  {"mode": "concurrent", "status": "finished", "wall_s": 10.000214, '
                  '"ideal_s": 10, "overrun_ms": 0.214, "lateness_ms": {"p50": 0.02, "p99": 0.1, '
                  '"max": 0.2}, "max_stall_ms": 5.1, "yields": %d,\n     "tasks": [\n'
                  % (tasks, values, tasks * values))
        due = ", ".join(str(k) for k in range(1, values + 1))
        for t in range(tasks):
            start = 1_000 + t * 100
            at = [k * 1_000_000_000 + rng.randrange(4_000, 200_000) for k in range(1, values + 1)]
            vals = ", ".join(repr(rng.uniform(0, 10)) for _ in range(values))
            out.write('      {"id": %d, "start_s": %s, "end_s": %s,\n'
                      '       "values": [%s],\n'
                      '       "due_s": [%s],\n'
                      '       "at_s": [%s]}%s\n'
                      % (t, seconds(start), seconds(at[-1] + 1_000), vals, due,
                         ", ".join(seconds(a) for a in at), "," if t + 1 < tasks else "]}"))
        out.write(" ]\n}\n")


if __name__ == "__main__":
    main()

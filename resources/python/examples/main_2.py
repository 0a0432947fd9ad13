#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Seed 2-main: print the elapsed seconds of four concurrent comprehensions (about 10.0).

Optional arguments: DELAY (seconds, default 1) and TASKS (default 4).
"""
import asyncio
import sys

from measure_runtime import measure_runtime

if __name__ == "__main__":
    delay = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    tasks = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    print(asyncio.run(measure_runtime(delay, tasks)))

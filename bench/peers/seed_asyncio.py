#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""The seed's three tasks in Python asyncio, as a benchmark peer for Coroscope.

As written, each sleep counts from the previous wake (relative); with --absolute each
sleeps until start + k * delay, like Coroscope's drift-free timing.

async_generator -> async_comprehension -> measure_runtime, exactly the seed's shape
(asyncio.sleep in a loop, random.uniform, an async list comprehension, asyncio.gather),
with the task count, value count and delay taken from the command line.

Prints ONE JSON line on stdout:
  {"peer": "python-asyncio", "tasks": T, "values": N, "delay_s": S,
   "wall_s": ..., "ideal_s": ..., "overrun_ms": ..., "yields": ...}
"yields" counts the values actually collected by the comprehensions, so a run that
did not do the work cannot pass for one that did.

Standard library only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import random
import sys
import time


async def async_generator(values: int, delay: float, max_value: float):
    """Seed task 0: `values` times, sleep `delay` seconds, then yield a random number."""
    for _ in range(values):
        await asyncio.sleep(delay)
        yield random.uniform(0, max_value)


async def async_generator_absolute(values: int, delay: float, max_value: float, start: float):
    """Task 0 sleeping until absolute deadlines start + k * delay (Coroscope's drift-free)."""
    loop = asyncio.get_running_loop()
    for k in range(1, values + 1):
        await asyncio.sleep(max(0.0, start + k * delay - loop.time()))
        yield random.uniform(0, max_value)


async def async_comprehension(values: int, delay: float, max_value: float,
                              start: float | None = None) -> list:
    """Seed task 1: collect the generator with an async comprehension."""
    if start is not None:
        return [i async for i in async_generator_absolute(values, delay, max_value, start)]
    return [i async for i in async_generator(values, delay, max_value)]


async def measure_runtime(tasks: int, values: int, delay: float, max_value: float,
                          absolute: bool = False):
    """Seed task 2: gather `tasks` comprehensions; return (elapsed seconds, results)."""
    start = time.perf_counter()
    origin = asyncio.get_running_loop().time() if absolute else None
    results = await asyncio.gather(
        *(async_comprehension(values, delay, max_value, origin) for _ in range(tasks)))
    return time.perf_counter() - start, results


def positive_int(text: str) -> int:
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {text}")
    return n


def positive_float(text: str) -> float:
    x = float(text)
    if not x > 0 or x == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number > 0, got {text}")
    return x


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=positive_int, default=4)
    parser.add_argument("--values", type=positive_int, default=10)
    parser.add_argument("--delay", type=positive_float, default=1.0, help="seconds")
    parser.add_argument("--max-value", type=positive_float, default=10.0)
    parser.add_argument("--absolute", action="store_true",
                        help="sleep until start + k * delay instead of delay after each wake")
    args = parser.parse_args()

    wall, results = asyncio.run(
        measure_runtime(args.tasks, args.values, args.delay, args.max_value, args.absolute))
    ideal = args.values * args.delay
    yields = sum(len(r) for r in results)
    print(json.dumps({
        "peer": "python-asyncio",
        "sleeps": "absolute" if args.absolute else "relative",
        "runtime": f"{platform.python_implementation()} {platform.python_version()}",
        "tasks": args.tasks,
        "values": args.values,
        "delay_s": args.delay,
        "wall_s": round(wall, 6),
        "ideal_s": ideal,
        "overrun_ms": round((wall - ideal) * 1000.0, 3),
        "yields": yields,
    }), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

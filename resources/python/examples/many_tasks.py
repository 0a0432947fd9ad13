#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""The seed's shape at scale: TASKS concurrent comprehensions of VALUES values each.

    python3 many_tasks.py [TASKS [DELAY [VALUES]]]     defaults 100000, 1.0, 10

Prints the elapsed seconds. Used to measure the tracer's slowdown (README, "Watching Python").
"""
import asyncio
import sys
import time

from async_generator import async_generator


async def comprehension(delay: float, values: int) -> list:
    return [i async for i in async_generator(delay, values)]


async def main(tasks: int, delay: float, values: int) -> float:
    start = time.perf_counter()
    await asyncio.gather(*(comprehension(delay, values) for _ in range(tasks)))
    return time.perf_counter() - start


if __name__ == "__main__":
    tasks = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    delay = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    values = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    print("%.3f" % asyncio.run(main(tasks, delay, values)))

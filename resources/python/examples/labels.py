#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Async generators that yield words as well as numbers: Coroscope draws each word as a
label on its task's lane ('start', 'ready', …), in its place among the numbers.

    python3 labels.py [DELAY]     (DELAY 0.1 s by default: it ends after about 1 s)
"""
import asyncio
import random
import sys


async def warm_up(delay: float, steps: int):
    """Says it starts, yields its progress as numbers, then says it is ready."""
    yield "start"
    for step in range(steps):
        await asyncio.sleep(delay)
        yield 10.0 * (step + 1) / steps
    await asyncio.sleep(delay)
    yield "ready"


async def status(delay: float):
    """Only words: a status that changes now and then."""
    for word in ("idle", "loading", "checking", "serving", "draining", "done"):
        await asyncio.sleep(delay * random.uniform(1.0, 2.0))
        yield word


async def collect(agen):
    return [value async for value in agen]


async def main(delay: float):
    results = await asyncio.gather(collect(warm_up(delay, 6)), collect(warm_up(delay, 8)),
                                   collect(status(delay)))
    for result in results:
        print(result)


if __name__ == "__main__":
    asyncio.run(main(float(sys.argv[1]) if len(sys.argv) > 1 else 0.1))

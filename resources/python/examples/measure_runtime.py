#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Seed task 2: four async comprehensions at once take one window, not four."""
import asyncio
import time

from async_comprehension import async_comprehension


async def measure_runtime(delay: float = 1.0, tasks: int = 4) -> float:
    """Run `tasks` comprehensions concurrently; return the elapsed seconds (about 10 x delay)."""
    start = time.perf_counter()
    await asyncio.gather(*(async_comprehension(delay) for _ in range(tasks)))
    return time.perf_counter() - start

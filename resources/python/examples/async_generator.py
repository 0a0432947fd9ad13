#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Seed task 0: an async generator that waits, then yields a random number, ten times."""
import asyncio
import random
from typing import AsyncGenerator


async def async_generator(delay: float = 1.0, count: int = 10,
                          max_value: float = 10.0) -> AsyncGenerator[float, None]:
    """Ten times: sleep `delay` seconds, then yield a uniform value in [0, max_value]."""
    for _ in range(count):
        await asyncio.sleep(delay)  # lesson: sleep
        yield random.uniform(0, max_value)

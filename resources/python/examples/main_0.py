#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Seed 0-main: print each value of the async generator as it is yielded (one a second)."""
import asyncio
import sys

from async_generator import async_generator


async def print_yielded_values(delay: float) -> None:
    async for value in async_generator(delay):
        print(value, flush=True)


if __name__ == "__main__":
    asyncio.run(print_yielded_values(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0))

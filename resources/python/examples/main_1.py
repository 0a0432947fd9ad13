#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Seed 1-main: print the list of ten values after about ten seconds."""
import asyncio
import sys

from async_comprehension import async_comprehension


async def main(delay: float) -> None:
    print(await async_comprehension(delay))


if __name__ == "__main__":
    asyncio.run(main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0))

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Seed task 1: collect the async generator's values with an async comprehension."""
from typing import List

from async_generator import async_generator


async def async_comprehension(delay: float = 1.0) -> List[float]:
    """The ten values of one async_generator(), collected as they come."""
    return [i async for i in async_generator(delay)]

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Seed 2-main at a tenth of the time: delay 0.1 s, so it ends after about 1.0 s."""
import asyncio

from measure_runtime import measure_runtime

if __name__ == "__main__":
    print(asyncio.run(measure_runtime(0.1)))

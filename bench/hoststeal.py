# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""The hypervisor's steal time on this machine, for reading a late row against the host."""
from __future__ import annotations

import os
from pathlib import Path


def steal_ms() -> float | None:
    """The machine's steal time so far, all CPUs together (ms), or None where /proc/stat
    lacks it: time the hypervisor gave this machine's CPUs to something else while they had
    work. The difference over a run is what the host took from it."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
        return int(fields[8]) * 1000.0 / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None

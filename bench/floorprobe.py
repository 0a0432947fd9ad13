# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""The machine's floor beside a measured run: bench/wakefloor.c, until stopped.

One C thread, no Qt, wakes every 2 ms on an absolute-deadline timerfd and does nothing
else, beside whatever is measured, over the same seconds. Its p99 and worst lateness are
what a thread with no work at all saw then: the machine's share of a late wake-up or a
stall, which no program on it can beat. bench/run.py and bench/window.py put them beside
every row.

    probe = FloorProbe(workdir)        # builds wakefloor with cc once
    proc = probe.start()
    ...                                # the measured run
    p99_ms, max_ms = FloorProbe.finish(proc)
"""
from __future__ import annotations

import re
import shutil
import signal
import subprocess
from pathlib import Path

SOURCE = Path(__file__).resolve().parent / "wakefloor.c"
PERIOD_US = 2000  # the stall meters' heartbeat (LoopStallMeter::kIntervalMs)


class FloorProbe:
    """bench/wakefloor.c built once, then run beside each measured run until stopped."""

    def __init__(self, workdir: Path):
        self.exe: Path | None = None
        self.error = ""
        cc = shutil.which("cc") or shutil.which("gcc")
        if not cc:
            self.error = "no C compiler (cc) for bench/wakefloor.c"
            return
        exe = Path(workdir) / "wakefloor"
        p = subprocess.run([cc, "-O2", "-o", str(exe), str(SOURCE)], capture_output=True,
                           text=True)
        if p.returncode != 0:
            last = (p.stderr.strip().splitlines() or [""])[-1][:160]
            self.error = f"bench/wakefloor.c did not build: {last}"
            return
        self.exe = exe

    def start(self) -> subprocess.Popen | None:
        if not self.exe:
            return None
        return subprocess.Popen([str(self.exe), str(PERIOD_US), "0"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    @staticmethod
    def finish(proc: subprocess.Popen | None) -> tuple[float | None, float | None]:
        """Stops the probe; its (p99, max) lateness in ms, or (None, None)."""
        p99, late_max, _ = FloorProbe.finish_with_cpu(proc)
        return p99, late_max

    @staticmethod
    def finish_with_cpu(proc: subprocess.Popen | None
                        ) -> tuple[float | None, float | None, float | None]:
        """Stops the probe; its (p99, max) lateness in ms and its own CPU seconds (what its
        bare timerfd loop cost: on a VM mostly the timer's exits, which every program that
        sleeps on the clock pays alike), or Nones."""
        if proc is None:
            return None, None, None
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
        m = re.search(r"p99 ([0-9.]+) ms, max ([0-9.]+) ms; CPU ([0-9.]+) s", out)
        return (float(m.group(1)), float(m.group(2)), float(m.group(3))) if m else (None,) * 3

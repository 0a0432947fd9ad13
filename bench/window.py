#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""The window against headless: the same work, side by side.

Runs each case headless (--headless --json) and in the window (--run --quit --export,
offscreen and under a real X server, Xvfb) and prints, per case and place: wall time,
lateness p99, the run loop's longest stall and the window's longest stall, and how far
the window's wall and p99 are from headless (targets: wall within 5 ms, p99 within
1 ms; PRODUCT.md section 2 and issue 12).

The watch case (watch100k) watches a Python program of 100,000 tasks
(resources/python/examples/many_tasks.py 100000 1 10) instead: headless it prints the
program's own wall and p99, in the window the same and the window's stall (issue 14's
target: under 16 ms).

Beside every run (headless too), a floor probe (bench/wakefloor.c, built here with cc) wakes every
2 ms and does nothing else, in the same seconds: its worst lateness is what a thread with no
work at all saw then, so the window's stall can be read against it (what of a stall is the
machine's, not the window's work).

    python3 bench/window.py [--binary build-release/src/coroscope] [--quick]
                            [--cases seed,relative,lanes10k,lanes100k,dense,stopafter,watch100k]
                            [--places headless,offscreen,xvfb] [--json OUT.json]
                            [--repeat N]

--repeat N runs every case and place N times, interleaved round by round (each window row
is compared with the headless row of its own round), and adds a table of medians and of
the rounds in which each target held: on a host whose noise moves one run by more than a
target's width, one pair proves nothing either way.

--quick shortens every case to a tenth of its values (same delay, same lanes), for a
loaded machine. bench/run.py may call run_cases() to add these rows to its report.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from floorprobe import FloorProbe
from hoststeal import steal_ms

REPO = Path(__file__).resolve().parent.parent

# name: (tasks, values, delay s, timing, what it shows)
CASES = {
    "seed": (4, 10, 1.0, "drift-free", "the seed's defaults"),
    "relative": (4, 100, 0.01, "relative", "100 × 10 ms, relative: drift is the app's own"),
    "lanes10k": (10_000, 10, 1.0, "drift-free", "10,000 live lanes"),
    "lanes100k": (100_000, 10, 1.0, "drift-free", "100,000 live lanes"),
    "dense": (100, 10_000, 0.001, "drift-free", "dense lanes: 100,000 yields a second"),
    "stopafter": (4, 10, 1.0, "drift-free",
                  "the seed's defaults stopped by --stop-after 6.5 s: the wall is when it stopped"),
}
# Cases stopped by --stop-after (seconds; --quick: a tenth), which end "stopped", not
# "finished": headless stops on the run's clock, and so must the window.
STOP_AFTER_S = {"stopafter": 6.5}
# name: (script, its arguments, what it shows); the quick form has a tenth of the tasks.
WATCH_CASES = {
    "watch100k": ("resources/python/examples/many_tasks.py", ["100000", "1", "10"],
                  "a watched Python program of 100,000 tasks (1 s, 10 values)"),
}
PLACES = ("headless", "offscreen", "xvfb")
# The window's stall line (windowmain.cpp's stallText()): stall, busy, and where the kernel
# tells them, the waits for a core in the longest stall and the longest stall less them.
STALL_LINE = (r"window: longest event-loop stall ([0-9.]+) ms \(busy ([0-9.]+) ms(?:, ([0-9.]+) "
              r"ms of it waiting for a core; longest less such waits ([0-9.]+) ms)?\)")


@dataclass
class Row:
    case: str
    place: str
    status: str = "ok"
    round: int = 1  # with --repeat: which round of the interleaved runs
    wall_s: float | None = None
    p99_ms: float | None = None
    run_stall_ms: float | None = None
    window_stall_ms: float | None = None
    window_busy_ms: float | None = None  # the window thread's CPU in its busiest gap
    # The window's longest stall from before the run's first turn to 50 ms after its end
    # (the turns that make the record and show the finished run are outside the run's meter).
    whole_stall_ms: float | None = None
    # Each stall less the window thread's waits for a core in its gap (the kernel's
    # schedstat): the longest such, during the run and from its start to its end. What of a
    # stall was the window's own (work, or waits of its own making) and not the machine's.
    window_on_core_ms: float | None = None
    whole_on_core_ms: float | None = None
    # How long the run's thread waited for a core during the run (the record's
    # run_core_wait_ms): the kernel's run-queue delay summed, wake-up latencies included.
    run_core_wait_ms: float | None = None
    process_s: float | None = None
    # A thread that does nothing but wake every 2 ms, beside the run: its p99 and worst
    # lateness in the same seconds (the machine's floor then).
    floor_p99_ms: float | None = None
    floor_max_ms: float | None = None
    # The host's steal time over the run, both CPUs together (/proc/stat): time the
    # hypervisor ran something else while this machine's CPUs had work. A row with much of
    # it was late by the host, whatever ran here.
    steal_ms: float | None = None
    note: str = ""


def last_line(text: str) -> str:
    return (text.strip().splitlines() or [""])[-1][:160]


@dataclass
class Xvfb:
    display: str = ""
    proc: subprocess.Popen | None = None

    def start(self, size: str = "1600x1000") -> str | None:
        exe = shutil.which("Xvfb")
        if not exe:
            return "Xvfb is not installed (apt-get install xvfb)"
        d = 90
        while Path(f"/tmp/.X11-unix/X{d}").exists() or Path(f"/tmp/.X{d}-lock").exists():
            d += 1
        self.proc = subprocess.Popen([exe, f":{d}", "-screen", "0", f"{size}x24", "-nolisten",
                                      "tcp"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        for _ in range(100):
            if Path(f"/tmp/.X11-unix/X{d}").exists():
                self.display = f":{d}"
                return None
            time.sleep(0.05)
        return "Xvfb did not start"

    def stop(self) -> None:
        if self.proc:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=10)


def args_for(case: str, quick: bool) -> list[str]:
    tasks, values, delay, timing, _ = CASES[case]
    if quick:
        values = max(1, values // 10)
    args = ["--mode", "concurrent", "--tasks", str(tasks), "--values", str(values),
            "--delay", repr(delay), "--timing", timing, "--seed", "1"]
    if case in STOP_AFTER_S:
        args += ["--stop-after", repr(STOP_AFTER_S[case] / (10 if quick else 1))]
    return args


def watch_args(case: str, quick: bool) -> list[str]:
    script, args, _ = WATCH_CASES[case]
    if quick:
        args = [str(max(1, int(args[0]) // 10)), *args[1:]]
    return [str(REPO / script), *args]


def place_env(env: dict, place: str, xvfb: Xvfb) -> None:
    if place == "offscreen":
        env["QT_QPA_PLATFORM"] = "offscreen"
    elif place == "xvfb":
        env.pop("QT_QPA_PLATFORM", None)
        env["DISPLAY"] = xvfb.display


def run_one(binary: Path, case: str, place: str, quick: bool, xvfb: Xvfb,
            config: str, cap_s: float, floor: FloorProbe) -> Row:
    row = Row(case, place)
    env = {**os.environ, "XDG_CONFIG_HOME": config}  # the user's settings stay untouched
    env.pop("WAYLAND_DISPLAY", None)
    record = None
    watching = case in WATCH_CASES
    if watching:
        script, *args = watch_args(case, quick)
        cmd = [str(binary), "--watch-python", script,
               "--headless" if place == "headless" else "--quit", "--", *args]
    elif place == "headless":
        cmd = [str(binary), "--headless", "--json", *args_for(case, quick)]
    else:
        fd, name = tempfile.mkstemp(prefix="coroscope-window-", suffix=".json")
        os.close(fd)
        record = Path(name)
        cmd = [str(binary), "--run", "--quit", *args_for(case, quick), "--export", str(record)]
    place_env(env, place, xvfb)
    probe = floor.start()
    steal0 = steal_ms()
    start = time.monotonic()
    try:
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=cap_s)
    except subprocess.TimeoutExpired:
        row.status = "timeout"
        return row
    finally:
        row.process_s = time.monotonic() - start
        steal1 = steal_ms()
        if steal0 is not None and steal1 is not None:
            row.steal_ms = steal1 - steal0
        row.floor_p99_ms, row.floor_max_ms = FloorProbe.finish(probe)
    if watching:
        return read_watch(row, p)
    try:
        if p.returncode != 0:
            row.status = f"exit {p.returncode}"
            row.note = last_line(p.stderr)
            return row
        doc = json.loads(record.read_text() if record else p.stdout)
    finally:
        if record:
            record.unlink(missing_ok=True)
    run = doc["runs"][0]
    row.wall_s = float(run["wall_s"])
    row.p99_ms = float(run["lateness_ms"]["p99"])
    row.run_stall_ms = float(run["max_stall_ms"])
    if "run_core_wait_ms" in run:
        row.run_core_wait_ms = float(run["run_core_wait_ms"])
    if "window_stall_ms" in run:
        row.window_stall_ms = float(run["window_stall_ms"])
    # "window: longest event-loop stall X ms (busy Y ms[, W ms of it waiting for a core;
    # longest less such waits Z ms]) during the run": the window thread's own work in its
    # busiest gap, which a loaded machine does not lengthen, and its longest stall less the
    # kernel's keeping it off a core.
    m = re.search(STALL_LINE + r" during the run", p.stdout)
    if m:
        row.window_busy_ms = float(m.group(2))
        row.window_on_core_ms = float(m.group(4)) if m.group(4) else None
    m = re.search(STALL_LINE + r" from the run's start until 50 ms after its end", p.stdout)
    if m:
        row.whole_stall_ms = float(m.group(1))
        row.whole_on_core_ms = float(m.group(4)) if m.group(4) else None
    if run["status"] != ("stopped" if case in STOP_AFTER_S else "finished"):
        row.status = run["status"]
    return row


def read_watch(row: Row, p: subprocess.CompletedProcess) -> Row:
    """The watched program's figures from the summary --watch-python prints."""
    if p.returncode != 0:
        row.status = f"exit {p.returncode}"
        row.note = last_line(p.stderr)
        return row
    m = re.search(r"wall ([0-9.]+) s \(from the first task\).*?lateness p50 [0-9.]+ / p99 "
                  r"([0-9.]+) / max", p.stdout)
    if not m:
        row.status = "no lanes"
        row.note = last_line(p.stdout)
        return row
    row.wall_s, row.p99_ms = float(m.group(1)), float(m.group(2))
    m = re.search(STALL_LINE + r" while watching", p.stdout + p.stderr)
    if m:
        row.window_stall_ms, row.window_busy_ms = float(m.group(1)), float(m.group(2))
        row.window_on_core_ms = float(m.group(4)) if m.group(4) else None
    return row


def run_cases(binary: Path, cases: list[str], places: list[str], quick: bool,
              cap_s: float = 300.0, rounds: int = 1) -> list[Row]:
    """Every case in every place, `rounds` times over: round by round, each case's places one
    after the other, so the host's slower minutes fall on all places alike."""
    rows: list[Row] = []
    xvfb = Xvfb()
    xvfb_error = xvfb.start() if "xvfb" in places else None
    with tempfile.TemporaryDirectory(prefix="coroscope-bench-config-") as config:
        floor = FloorProbe(Path(config))
        if floor.error:
            print(f"  floor probe: {floor.error}", file=sys.stderr)
        try:
            for n, case, place in ((n, c, p) for n in range(1, rounds + 1) for c in cases
                                   for p in places):
                if place == "xvfb" and xvfb_error:
                    rows.append(Row(case, place, status="skipped", note=xvfb_error, round=n))
                    continue
                row = run_one(binary, case, place, quick, xvfb, config, cap_s, floor)
                row.round = n
                rows.append(row)
                print(f"  {case:10} {place:9} {row.status:8} wall {fmt(row.wall_s, 4)} s, "
                      f"p99 {fmt(row.p99_ms, 3)} ms, window stall "
                      f"{fmt(row.window_stall_ms, 2)} ms (less waits for a core "
                      f"{fmt(row.window_on_core_ms, 2)} ms; floor beside it: max "
                      f"{fmt(row.floor_max_ms, 2)} ms; host steal "
                      f"{fmt(row.steal_ms, 0)} ms)", file=sys.stderr, flush=True)
        finally:
            xvfb.stop()
    return rows


def fmt(x: float | None, digits: int) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def headless_by_round(rows: list[Row]) -> dict[tuple[str, int], Row]:
    """Each (case, round)'s headless row with figures: what that round's window rows are
    compared with."""
    return {(r.case, r.round): r for r in rows if r.place == "headless" and r.wall_s is not None}


def table(rows: list[Row]) -> str:
    head = ("| case | where | status | wall s | Δ wall vs headless ms | p99 late ms | "
            "Δ p99 ms | run loop stall ms | run thread waited for a core ms | window stall ms | "
            "window busy ms | "
            "window stall less waits for a core ms | window stall start to end ms | "
            "start to end less waits ms | floor p99 ms | floor max ms | host steal ms |")
    out = [head,
           "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    base = headless_by_round(rows)
    rounds = max((r.round for r in rows), default=1)
    for r in rows:
        b = base.get((r.case, r.round))
        dwall = dp99 = "—"
        if b and r.place != "headless" and r.wall_s is not None:
            dwall = f"{(r.wall_s - b.wall_s) * 1e3:+.2f}"
            dp99 = f"{r.p99_ms - b.p99_ms:+.3f}"
        case = r.case if rounds == 1 else f"{r.case} #{r.round}"
        out.append(f"| {case} | {r.place} | {r.status}{' ' + r.note if r.note else ''} | "
                   f"{fmt(r.wall_s, 4)} | {dwall} | {fmt(r.p99_ms, 3)} | {dp99} | "
                   f"{fmt(r.run_stall_ms, 2)} | {fmt(r.run_core_wait_ms, 2)} | "
                   f"{fmt(r.window_stall_ms, 2)} | "
                   f"{fmt(r.window_busy_ms, 2)} | {fmt(r.window_on_core_ms, 2)} | "
                   f"{fmt(r.whole_stall_ms, 2)} | {fmt(r.whole_on_core_ms, 2)} | "
                   f"{fmt(r.floor_p99_ms, 3)} | {fmt(r.floor_max_ms, 2)} | "
                   f"{fmt(r.steal_ms, 0)} |")
    return "\n".join(out)


def summary(rows: list[Row]) -> str:
    """With --repeat: per case and place, the medians over the rounds, each window row
    against the headless row of its own round, and in how many rounds the targets held
    (wall within 5 ms of headless, p99 within 1 ms, the window's stall during the run and
    from start to end under 16 ms). One pair on a noisy host can miss or meet a 1 ms target
    by the host alone; the median of interleaved pairs reads the program."""
    def med(xs: list[float]) -> float | None:
        return statistics.median(xs) if xs else None

    out = ["| case | where | rounds | median wall s | median Δ wall ms | median p99 ms | "
           "median Δ p99 ms | wall within 5 ms | p99 within 1 ms | worst window stall ms | "
           "worst start to end ms | stall under 16 ms | median host steal ms |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    base = headless_by_round(rows)
    keys = list(dict.fromkeys((r.case, r.place) for r in rows))
    for case, place in keys:
        mine = [r for r in rows if (r.case, r.place) == (case, place) and r.wall_s is not None]
        n = len([r for r in rows if (r.case, r.place) == (case, place)])
        pairs = [(r, base[(case, r.round)]) for r in mine
                 if place != "headless" and (case, r.round) in base]
        dwall = [(r.wall_s - b.wall_s) * 1e3 for r, b in pairs]
        dp99 = [r.p99_ms - b.p99_ms for r, b in pairs]
        stalls = [r.window_stall_ms for r in mine if r.window_stall_ms is not None]
        whole = [r.whole_stall_ms for r in mine if r.whole_stall_ms is not None]
        under = [r for r in mine if r.window_stall_ms is not None and r.window_stall_ms < 16
                 and (r.whole_stall_ms is None or r.whole_stall_ms < 16)]
        windowed = place != "headless"
        out.append(
            f"| {case} | {place} | {n} | {fmt(med([r.wall_s for r in mine]), 4)} | "
            f"{fmt(med(dwall), 2) if windowed else ''} | {fmt(med([r.p99_ms for r in mine]), 3)} | "
            f"{fmt(med(dp99), 3) if windowed else ''} | "
            f"{f'{sum(abs(d) <= 5 for d in dwall)} of {len(dwall)}' if windowed else ''} | "
            f"{f'{sum(d <= 1 for d in dp99)} of {len(dp99)}' if windowed else ''} | "
            f"{fmt(max(stalls), 2) if stalls else '—'} | {fmt(max(whole), 2) if whole else '—'} | "
            f"{f'{len(under)} of {len(mine)}' if stalls else ''} | "
            f"{fmt(med([r.steal_ms for r in mine if r.steal_ms is not None]), 0)} |")
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_bin = REPO / "build-release/src/coroscope"
    if not default_bin.exists():
        default_bin = REPO / "build/src/coroscope"
    ap.add_argument("--binary", type=Path, default=default_bin)
    ap.add_argument("--cases", default=",".join([*CASES, *WATCH_CASES]))
    ap.add_argument("--places", default=",".join(PLACES))
    ap.add_argument("--quick", action="store_true",
                    help="a tenth of the values in every case (for a loaded machine)")
    ap.add_argument("--cap", type=float, default=300.0, help="seconds before a run is killed")
    ap.add_argument("--json", type=Path, help="also write the rows as JSON")
    ap.add_argument("--repeat", type=int, default=1, metavar="N",
                    help="run every case and place N times, interleaved round by round, and "
                         "add a table of medians over the rounds")
    a = ap.parse_args()
    cases = [c for c in a.cases.split(",") if c]
    places = [p for p in a.places.split(",") if p]
    for c in cases:
        if c not in CASES and c not in WATCH_CASES:
            print(f"window.py: --cases: unknown case {c!r} (known: "
                  f"{', '.join([*CASES, *WATCH_CASES])})", file=sys.stderr)
            return 2
    for p in places:
        if p not in PLACES:
            print(f"window.py: --places: unknown place {p!r} (known: {', '.join(PLACES)})",
                  file=sys.stderr)
            return 2
    if not a.binary.exists():
        print(f"window.py: --binary: {a.binary} does not exist (build first)", file=sys.stderr)
        return 2
    load = os.getloadavg()[0]
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {a.binary}, "
          f"load average {load:.1f}{' (quick: a tenth of the values)' if a.quick else ''}")
    for c in cases:
        print(f"  {c}: {CASES[c][4] if c in CASES else WATCH_CASES[c][2]}")
    print("  floor: a thread beside each run that wakes every 2 ms and does nothing "
          "else (bench/wakefloor.c): how late a thread with no work was in the same seconds")
    if a.repeat < 1:
        print("window.py: --repeat: at least 1", file=sys.stderr)
        return 2
    rows = run_cases(a.binary, cases, places, a.quick, a.cap, a.repeat)
    print(table(rows))
    if a.repeat > 1:
        print()
        print(summary(rows))
    if a.json:
        a.json.write_text(json.dumps([r.__dict__ for r in rows], indent=1))
    return 0 if all(r.status in ("ok", "skipped") for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

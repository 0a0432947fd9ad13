#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Coroscope's benchmark: Coroscope headless against its peers, in the same run.

For each task count it runs the same work (T concurrent comprehensions, each
collecting N values from an async generator that sleeps S seconds before each
value) in:

  coroscope             build-release/src/coroscope --headless --json (drift-free)
  coroscope (relative)  the same with --timing relative, at the smallest and a mid size
  coroscope (window)    the window, unattended: --run --quit --export RUN.json under
                        QT_QPA_PLATFORM=offscreen, at 10,000 live lanes (its stall figure)
  python-asyncio        bench/peers/seed_asyncio.py (the seed itself, parameterised)
  node                  bench/peers/seed_node.mjs   (async function*, for await)

and prints a Markdown table of wall time, overrun, peak RSS, bytes per task and the
ratio of Coroscope's wall time to each peer's. Results also go to bench/out/.

Peak RSS is the kernel's ru_maxrss of each child process, read with os.wait4() on
that child alone (no shell or wrapper in between), so each figure belongs to one run.

Standard library only. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from floorprobe import FloorProbe
from hoststeal import steal_ms

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
PEERS_DIR = BENCH_DIR / "peers"
OUT_DIR = BENCH_DIR / "out"

CORO = "coroscope"
CORO_REL = "coroscope (relative)"
CORO_VIRT = "coroscope (virtual clock)"
CORO_WIN = "coroscope (window)"
PY = "python-asyncio"
PY_ABS = "python-asyncio (absolute)"
NODE = "node"
NODE_ABS = "node (absolute)"
CORO_PROGRAMS = [CORO, CORO_REL, CORO_VIRT, CORO_WIN]
PEERS = [PY, PY_ABS, NODE, NODE_ABS]
# Like with like: peers as written sleep relative to their last wake, as Coroscope's
# relative timing does; the absolute forms sleep until start + k * delay, as drift-free.
LIKE = {PY: CORO_REL, NODE: CORO_REL, PY_ABS: CORO, NODE_ABS: CORO}

# Main-thread work per yield (seconds) before a peer has been measured in this run,
# from PRODUCT.md section 7 (2-core machine): Python 25.8 s for 100,000 x 10 yields,
# Node 75.3 s for 1,000,000 x 10. Only used to decide whether to skip a run.
PRIOR_WORK_PER_YIELD = {PY: 25.8e-6, PY_ABS: 25.8e-6, NODE: 7.5e-6, NODE_ABS: 7.5e-6}


@dataclass
class Result:
    program: str
    tasks: int
    values: int = 10
    delay_s: float = 1.0
    table: str = "main"                  # "main" or "precision" (the 2 ms row)
    status: str = "ok"
    command: list[str] = field(default_factory=list)
    wall_s: float | None = None          # as reported by the program itself
    ideal_s: float | None = None
    overrun_ms: float | None = None
    process_s: float | None = None       # fork to exit, as seen by this harness
    peak_rss_kib: int | None = None      # ru_maxrss of the child (KiB on Linux)
    cpu_user_s: float | None = None
    cpu_sys_s: float | None = None
    yields: int | None = None
    expected_yields: int | None = None
    lateness_ms: dict | None = None      # Coroscope only: p50 / p99 / max
    max_stall_ms: float | None = None    # Coroscope only
    expected_s: float | None = None      # the estimate used for the --cap decision
    bytes_per_task: float | None = None
    coroscope_wall_ratio: float | None = None   # Coroscope wall / this wall (peers)
    # A thread that does nothing but wake every 2 ms, beside the run (bench/floorprobe.py):
    # its p99 and worst lateness over the same seconds, the machine's floor then.
    floor_p99_ms: float | None = None
    floor_max_ms: float | None = None
    floor_cpu_s: float | None = None  # the floor probe's own CPU over the same seconds
    # The hypervisor's steal time over the run, both CPUs together (bench/hoststeal.py).
    steal_ms: float | None = None
    note: str = ""

    @property
    def cpu_s(self) -> float | None:
        if self.cpu_user_s is None:
            return None
        return self.cpu_user_s + (self.cpu_sys_s or 0.0)


# --------------------------------------------------------------------------- running


@dataclass
class Measured:
    exit_code: int | None
    timed_out: bool
    process_s: float
    rusage: object | None
    stdout: str
    stderr: str


def run_measured(cmd: list[str], timeout_s: float, cwd: Path,
                 env: dict | None = None) -> Measured:
    """Run cmd to completion (or kill it after timeout_s) and return its own rusage.

    os.wait4() on the child's pid returns that child's resource usage, ru_maxrss
    included, independently of any other child this harness has run. Output goes to
    temporary files so that a chatty stderr can never block the child on a full pipe.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=err, start_new_session=True, env=env)
        waited: dict = {}

        def reap() -> None:
            _, status, rusage = os.wait4(proc.pid, 0)
            waited["status"] = status
            waited["rusage"] = rusage
            waited["end"] = time.perf_counter()

        reaper = threading.Thread(target=reap, daemon=True)
        reaper.start()
        reaper.join(timeout_s)
        timed_out = reaper.is_alive()
        if timed_out:
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # its own session: the whole group
            except ProcessLookupError:
                pass
            reaper.join()
        exit_code = os.waitstatus_to_exitcode(waited["status"])
        proc.returncode = exit_code  # reaped here; keep Popen from waiting again
        out.seek(0)
        err.seek(0)
        return Measured(exit_code=exit_code, timed_out=timed_out,
                        process_s=waited["end"] - start, rusage=waited["rusage"],
                        stdout=out.read().decode("utf-8", "replace"),
                        stderr=err.read().decode("utf-8", "replace"))


def fmt_seconds(x: float) -> str:
    return repr(float(x))


def command_for(program: str, tasks: int, values: int, delay: float, args,
                binary: Path) -> list[str]:
    common = ["--tasks", str(tasks), "--values", str(values), "--delay", fmt_seconds(delay)]
    if program in (CORO, CORO_REL, CORO_VIRT):
        cmd = [str(binary), "--headless", "--json", "--mode", "concurrent", *common,
               "--seed", "1"]
        if program == CORO_REL:
            cmd += ["--timing", "relative"]
        if program == CORO_VIRT:
            cmd += ["--clock", "virtual"]
        return cmd
    if program == CORO_WIN:
        # The whole window, painting included, closes itself once the record is written;
        # the export's path is appended by run_one.
        return [str(binary), "--run", "--quit", "--mode", "concurrent", *common,
                "--seed", "1", "--export"]
    absolute = ["--absolute"] if program in (PY_ABS, NODE_ABS) else []
    if program in (PY, PY_ABS):
        return [args.python, str(PEERS_DIR / "seed_asyncio.py"), *common, *absolute]
    if program in (NODE, NODE_ABS):
        return [args.node, str(PEERS_DIR / "seed_node.mjs"), *common, *absolute]
    raise ValueError(program)


def last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1][:300] if lines else ""


def parse_output(program: str, stdout: str) -> dict:
    """The program's figures, normalised: wall_s, ideal_s, overrun_ms, yields, ..."""
    text = stdout.strip()
    if not text:
        raise ValueError("no output on stdout")
    doc = json.loads(text)  # exactly one JSON object/line is expected
    if program in CORO_PROGRAMS:
        if doc.get("format") != "coroscope-run":
            raise ValueError("stdout is not a coroscope-run summary")
        run = doc["runs"][0]
        # The full record (window) lists tasks instead of a yield count.
        yields = run["yields"] if "yields" in run else sum(
            len(t["values"]) for t in run.get("tasks", []))
        return {"wall_s": float(run["wall_s"]), "ideal_s": float(run["ideal_s"]),
                "overrun_ms": float(run["overrun_ms"]), "yields": int(yields),
                "lateness_ms": run.get("lateness_ms"),
                "max_stall_ms": run.get("max_stall_ms"),
                "run_status": run.get("status"), "app": doc.get("app")}
    return {"wall_s": float(doc["wall_s"]), "ideal_s": float(doc["ideal_s"]),
            "overrun_ms": float(doc["overrun_ms"]), "yields": int(doc["yields"]),
            "runtime": doc.get("runtime")}


def run_one(res: Result, args, binary: Path, versions: dict) -> Result:
    program = res.program
    res.command = command_for(program, res.tasks, res.values, res.delay_s, args, binary)
    env = None
    record = None
    if program == CORO_WIN:
        # The window writes its run record (the --json summary is headless only).
        fd, name = tempfile.mkstemp(prefix="coroscope-window-", suffix=".json")
        os.close(fd)
        record = Path(name)
        res.command.append(str(record))
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    probe = args.floor_probe.start() if args.floor_probe else None
    steal0 = steal_ms()
    try:
        try:
            m = run_measured(res.command, args.cap, REPO_DIR, env)
        finally:
            res.floor_p99_ms, res.floor_max_ms, res.floor_cpu_s = FloorProbe.finish_with_cpu(probe)
            steal1 = steal_ms()
            if steal0 is not None and steal1 is not None:
                res.steal_ms = round(steal1 - steal0)
        stdout = m.stdout
        if record is not None:
            stdout = record.read_text(encoding="utf-8") if m.exit_code == 0 else ""
    finally:
        if record is not None:
            record.unlink(missing_ok=True)
    res.process_s = round(m.process_s, 6)
    if m.rusage is not None:
        res.peak_rss_kib = int(m.rusage.ru_maxrss)
        res.cpu_user_s = round(m.rusage.ru_utime, 3)
        res.cpu_sys_s = round(m.rusage.ru_stime, 3)
    if m.timed_out:
        res.status = "timeout"
        res.note = f"killed after the {args.cap:g} s cap"
        return res
    if m.exit_code != 0:
        res.status = f"failed (exit {m.exit_code})"
        res.note = last_line(m.stderr)
        return res
    try:
        figures = parse_output(program, stdout)
    except (ValueError, KeyError, IndexError, TypeError) as e:
        res.status = "bad output"
        res.note = f"{type(e).__name__}: {e}; output starts {stdout[:120]!r}"
        return res
    res.wall_s = figures["wall_s"]
    res.ideal_s = figures["ideal_s"]
    res.overrun_ms = figures["overrun_ms"]
    res.yields = figures["yields"]
    res.lateness_ms = figures.get("lateness_ms")
    res.max_stall_ms = figures.get("max_stall_ms")
    if figures.get("app"):
        versions.setdefault("coroscope", figures["app"])
    if figures.get("runtime"):
        versions.setdefault(program, figures["runtime"])
    run_status = figures.get("run_status")
    if run_status not in (None, "finished"):
        res.status = f"run {run_status}"
    elif res.yields != res.expected_yields:
        res.status = "incomplete"
        res.note = f"{res.yields} yields, expected {res.expected_yields}"
    return res


# ----------------------------------------------------------------------- estimating


def expected_wall(program: str, tasks: int, args, done: list[Result]) -> float:
    """Expected wall time of a peer: the ideal time, or its work if that is longer.

    Work is min(CPU time, wall time) (CPU time alone would count a runtime's parallel
    GC threads). Per yield it is the slope between this program's smallest and
    largest successful runs so far, so start-up cost is not mistaken for per-yield
    cost; with fewer than two runs it comes from PRODUCT.md's figures. Work grows at
    least linearly with the yield count, so the estimate errs low; the cap's kill
    catches what it misses.
    """
    ideal = args.values * args.delay
    yields = tasks * args.values
    measured = sorted((r for r in done if r.program == program and r.status == "ok"
                       and r.table == "main"
                       and r.cpu_s is not None and r.wall_s is not None and r.yields),
                      key=lambda r: r.yields)
    prior = PRIOR_WORK_PER_YIELD.get(program, 0.0)
    if not measured:
        return max(ideal, prior * yields)

    def work(r: Result) -> float:
        return min(r.cpu_s, r.wall_s)

    small, large = measured[0], measured[-1]
    per_yield = prior
    if large.yields > small.yields:
        slope = (work(large) - work(small)) / (large.yields - small.yields)
        if slope > 0:
            per_yield = slope
    return max(ideal, work(small) + per_yield * (yields - small.yields))


# ------------------------------------------------------------------------ reporting


def fill_derived(results: list[Result]) -> None:
    by_key = {(r.program, r.tasks): r for r in results if r.table == "main"}
    for r in results:
        if r.table != "main":
            like = next((c for c in results if c.table == r.table
                         and c.program == LIKE.get(r.program) and c.status == "ok"), None)
            if r.program in PEERS and r.status == "ok" and like is not None and r.wall_s:
                r.coroscope_wall_ratio = like.wall_s / r.wall_s
            continue
        base = by_key.get((r.program, 4))
        if (r.status == "ok" and r.tasks != 4 and base is not None
                and base.status == "ok" and r.peak_rss_kib is not None
                and base.peak_rss_kib is not None):
            r.bytes_per_task = (r.peak_rss_kib - base.peak_rss_kib) * 1024.0 / r.tasks
        if r.program in PEERS and r.status == "ok":
            coro = by_key.get((LIKE[r.program], r.tasks))
            if coro is not None and coro.status == "ok" and r.wall_s:
                r.coroscope_wall_ratio = coro.wall_s / r.wall_s


def cell(x, spec: str, none: str = "—") -> str:
    return none if x is None else format(x, spec)


def markdown_table(results: list[Result], args) -> str:
    head = ["tasks", "program", "status", "wall s", "overrun ms", "peak RSS MiB",
            "bytes/task", "CPU s", "yields", "p99 late ms", "max stall ms",
            "like row ÷ this", "floor p99 ms", "floor max ms", "floor CPU s", "host steal ms"]
    rows = []
    for r in results:
        ok = r.status == "ok"
        wall = f"> {args.cap:g}" if r.status == "timeout" else cell(r.wall_s, ".4f")
        if r.program in PEERS:
            if r.coroscope_wall_ratio is not None:
                ratio = f"{r.coroscope_wall_ratio:.3f}"
            elif r.status == "timeout":
                like = next((c for c in results if c.program == LIKE[r.program]
                             and c.tasks == r.tasks and c.status == "ok"), None)
                ratio = f"< {like.wall_s / args.cap:.3f}" if like else "—"
            else:
                ratio = "—"
        else:
            ratio = ""
        if r.table == "main" and r.tasks == 4 and ok:
            bpt = "(base)"
        else:
            bpt = cell(r.bytes_per_task, ",.0f", "n/a" if ok else "—")
        rss = cell(r.peak_rss_kib / 1024.0 if r.peak_rss_kib and ok else None, ",.1f")
        late = (r.lateness_ms or {}).get("p99") if isinstance(r.lateness_ms, dict) else None
        rows.append([
            f"{r.tasks:,}", r.program, r.status, wall,
            cell(r.overrun_ms if ok else None, ",.1f"), rss, bpt,
            cell(r.cpu_s if ok else None, ".2f"),
            cell(r.yields, ","), cell(late, ".3f"), cell(r.max_stall_ms, ".2f"), ratio,
            cell(r.floor_p99_ms, ".3f"), cell(r.floor_max_ms, ".2f"),
            cell(r.floor_cpu_s, ".2f"), cell(r.steal_ms, ".0f"),
        ])
    right = {0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}
    out = ["| " + " | ".join(head) + " |",
           "|" + "|".join("---:" if i in right else "---" for i in range(len(head))) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(out)


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() in ("model name", "Hardware", "Processor", "cpu model"):
                    return value.strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def machine_info() -> dict:
    try:
        uname = subprocess.run(["uname", "-a"], capture_output=True, text=True,
                               check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        uname = " ".join(platform.uname())
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            mem = next((ln.split(":", 1)[1].strip() for ln in f
                        if ln.startswith("MemTotal:")), "unknown")
    except OSError:
        mem = "unknown"
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "uname": uname,
        "nproc": os.cpu_count(),
        "cpu_model": cpu_model(),
        "mem_total": mem,
        "load_avg_at_start": list(os.getloadavg()),
    }


def tool_version(cmd: list[str]) -> str | None:
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (p.stdout or p.stderr).strip()
    return text.splitlines()[0] if text else None


def markdown_report(info: dict, params: dict, versions: dict, results: list[Result],
                    args, window_section: str = "") -> str:
    main_rows = [r for r in results if r.table == "main"]
    precision = [r for r in results if r.table == "precision"]
    lines = ["# Coroscope benchmark" + (" (--quick: small sizes, not for quoting)"
                                        if args.quick else ""), "",
             f"- date: {info['date']}",
             f"- machine: `{info['uname']}`",
             f"- CPU: {info['cpu_model']}, nproc {info['nproc']}, memory {info['mem_total']}",
             f"- load average at start: "
             + ", ".join(f"{x:.2f}" for x in info["load_avg_at_start"]),
             f"- build: {params['build']}",
             f"- work: {params['values']} values × {params['delay_s']:g} s per task "
             f"(ideal {params['ideal_s']:g} s), concurrent; Coroscope --seed 1",
             f"- cap: {params['cap_s']:g} s per run",
             "- versions: " + "; ".join(
                 f"{k}: {json.dumps(v) if isinstance(v, dict) else v}"
                 for k, v in versions.items()),
             "", markdown_table(main_rows, args), ""]
    if precision:
        p = precision[0]
        lines += [f"Precision without spinning: {p.tasks} tasks × {p.values:,} values × "
                  f"{p.delay_s * 1e3:g} ms (ideal {p.values * p.delay_s:g} s):", "",
                  markdown_table(precision, args), ""]
        rounds = [r for r in precision if r.program == CORO and r.status == "ok"
                  and isinstance(r.lateness_ms, dict)]
        if len(rounds) > 1:
            met = sum(r.lateness_ms["p99"] <= 0.2 for r in rounds)
            floors = [r for r in rounds if r.floor_p99_ms is not None]
            quiet = [r for r in floors if r.floor_p99_ms <= 0.2]
            lines += [f"The drift-free row {len(rounds)} times: p99 ≤ 0.2 ms in {met} of "
                      f"{len(rounds)}; the floor beside it p99 ≤ 0.2 ms in {len(quiet)} of "
                      f"{len(floors)}, and in those rounds Coroscope's p99 ≤ 0.2 ms in "
                      f"{sum(r.lateness_ms['p99'] <= 0.2 for r in quiet)} of {len(quiet)}; "
                      f"Coroscope's p99 − the floor's, median "
                      f"{statistics.median(r.lateness_ms['p99'] - r.floor_p99_ms for r in floors) if floors else float('nan'):+.3f} ms.", ""]
    notes = [r for r in results if r.note]
    if notes:
        lines.append("Notes:")
        lines.append("")
        lines += [f"- {r.program} at {r.tasks:,} tasks, {r.status}: {r.note}" for r in notes]
        lines.append("")
    lines += ["Peak RSS: ru_maxrss of each process from os.wait4(); MiB = 2^20 bytes. "
              "bytes/task = (RSS − RSS of the same program at 4 tasks) / tasks. "
              "CPU s = user + system of the process. Like rows: a peer as written "
              "(relative sleeps) against `coroscope (relative)`, a peer's absolute form "
              "against `coroscope` (drift-free); ratio < 1: Coroscope finished sooner. "
              "`coroscope (virtual clock)` jumps over idle time: its wall and lateness are "
              "virtual (exact), its CPU s is what the run really cost. Floor: a thread "
              "beside each run that wakes every 2 ms and does nothing else "
              "(bench/wakefloor.c): its p99 and worst lateness over the same seconds, "
              "what no program on this machine could beat then. Host steal: the hypervisor's "
              "steal time over the run, both CPUs (/proc/stat); a late row with much of it "
              "was late by the host.", ""]
    if window_section:
        lines += [window_section.rstrip(), ""]
    return "\n".join(lines)


# ----------------------------------------------------------------------------- reader

# Issue 13's figures for opening the 1,000,000-task record before the reader was rewritten
# (2-core machine, warm page cache), and the target; printed beside this run's figures.
READ_BEFORE = "5.4–6.3 s wall, 791 MiB (issue 13, before the chunked cursor)"
READ_TARGET_S = 2.0
READ_TARGET_MIB = 400
WINDOW_STALL_TARGET_MS = 16


def reader_section(args, binary: Path) -> tuple[str, list[dict]]:
    """Opens a TASKS-task record (bench/make-big-record.py) with `coroscope --headless
    --open` args.read_runs times: wall, user + system CPU and peak RSS of each process,
    and the load average before each run (the machine may be shared)."""
    tasks = args.read_tasks
    with tempfile.TemporaryDirectory(prefix="coroscope-read-") as tmp:
        record = args.read_record or Path(tmp) / f"record-{tasks}.json"
        if not args.read_record:
            print(f"reader: writing a {tasks:,}-task record ...", file=sys.stderr, flush=True)
            subprocess.run([args.python, str(BENCH_DIR / "make-big-record.py"), str(record),
                            str(tasks)], check=True)
        size = record.stat().st_size
        with open(record, "rb") as f:  # warm the page cache, as a second open would find it
            while f.read(1 << 24):
                pass
        cmd = [str(binary), "--headless", "--open", str(record)]
        runs = []
        for i in range(args.read_runs):
            load = os.getloadavg()[0]
            m = run_measured(cmd, 120.0, REPO_DIR)
            ru = m.rusage
            run = {"exit": m.exit_code, "wall_s": round(m.process_s, 3),
                   "cpu_user_s": round(ru.ru_utime, 3), "cpu_sys_s": round(ru.ru_stime, 3),
                   "peak_rss_mib": round(ru.ru_maxrss / 1024, 1), "load_1min": round(load, 2)}
            runs.append(run)
            print(f"reader: run {i + 1}/{args.read_runs}: {run}", file=sys.stderr, flush=True)
        # The same record in the window (offscreen): the longest stall of the window's event
        # loop while a worker reads it (and then writes its chart), which `--quit` prints.
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        chart = Path(tmp) / "chart.png"
        window_cmds = [("open", [str(binary), "--open", str(record), "--quit"]),
                       ("open + PNG chart", [str(binary), "--open", str(record), "--export",
                                             str(chart), "--quit"])]
        window_runs = []
        for what, wcmd in window_cmds:
            for i in range(args.read_runs):
                load = os.getloadavg()[0]
                p = subprocess.run(wcmd, cwd=REPO_DIR, env=env, capture_output=True,
                                   text=True, timeout=180)
                m = re.search(r"longest event-loop stall ([0-9.]+) ms \(busy ([0-9.]+) ms",
                              p.stdout)
                run = {"what": what, "exit": p.returncode,
                       "stall_ms": float(m.group(1)) if m else None,
                       "busy_ms": float(m.group(2)) if m else None,
                       "load_1min": round(load, 2)}
                window_runs.append(run)
                print(f"reader: window {what} {i + 1}/{args.read_runs}: {run}",
                      file=sys.stderr, flush=True)
    lines = [f"Reading a record: `coroscope --headless --open` of a {tasks:,}-task record "
             f"({size / 1e6:.0f} MB, bench/make-big-record.py), warm page cache; "
             f"before: {READ_BEFORE}; target at 1,000,000 tasks: ≤ {READ_TARGET_S:g} s, "
             f"≤ {READ_TARGET_MIB} MiB.", "",
             "| run | exit | wall s | CPU s (user + sys) | peak RSS MiB | load (1 min) |",
             "|---|---|---|---|---|---|"]
    for i, r in enumerate(runs, 1):
        lines.append(f"| {i} | {r['exit']} | {r['wall_s']:.2f} | "
                     f"{r['cpu_user_s'] + r['cpu_sys_s']:.2f} ({r['cpu_user_s']:.2f} + "
                     f"{r['cpu_sys_s']:.2f}) | {r['peak_rss_mib']:.0f} | {r['load_1min']:.2f} |")
    lines += ["", "The same record opened in the window (`QT_QPA_PLATFORM=offscreen coroscope "
              "--open RECORD [--export chart.png] --quit`): the longest stall of the window's "
              "event loop meanwhile, and the window thread's own CPU time within it (busy); "
              f"target ≤ {WINDOW_STALL_TARGET_MS:g} ms.", "",
              "| in the window | exit | longest stall ms | busy ms | load (1 min) |",
              "|---|---|---|---|---|"]
    for r in window_runs:
        fmt = (lambda v: "—" if v is None else f"{v:.1f}")
        lines.append(f"| {r['what']} | {r['exit']} | {fmt(r['stall_ms'])} | "
                     f"{fmt(r['busy_ms'])} | {r['load_1min']:.2f} |")
    return "\n".join(lines) + "\n", runs + window_runs


# ----------------------------------------------------------------------------- main


def parse_task_list(text: str) -> list[int]:
    try:
        tasks = sorted({int(t.replace("_", "")) for t in text.split(",") if t.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of integers: {text}")
    if not tasks or tasks[0] < 1:
        raise argparse.ArgumentTypeError("task counts must be >= 1")
    return tasks


def build(args) -> bool:
    # The build the README's commands make (tools/run-app.sh): the same script, compiler
    # and build type; only the tests are left out, which does not change the binary.
    step = [str(REPO_DIR / "tools/build.sh"), "build-bench", "-DCOROSCOPE_BUILD_TESTS=OFF"]
    print("$ " + " ".join(step), file=sys.stderr, flush=True)
    env = {**os.environ, "COROSCOPE_JOBS": str(args.jobs)}
    if subprocess.run(step, cwd=REPO_DIR, env=env).returncode != 0:
        print("build failed: Coroscope rows will say so; peers still run", file=sys.stderr)
        return False
    return True


def build_description(binary: Path) -> str:
    """Compiler and build type of the binary's CMake cache, if it has one."""
    cache = binary.parent.parent / "CMakeCache.txt"
    found = {}
    try:
        for line in cache.read_text(encoding="utf-8", errors="replace").splitlines():
            key = line.split(":", 1)[0]
            if key in ("CMAKE_CXX_COMPILER", "CMAKE_BUILD_TYPE"):
                found[key] = line.split("=", 1)[1]
    except OSError:
        return f"{binary} (no CMake cache beside it)"
    compiler = found.get("CMAKE_CXX_COMPILER", "?")
    version = tool_version([compiler, "--version"]) or compiler
    return (f"{binary.relative_to(REPO_DIR) if binary.is_relative_to(REPO_DIR) else binary}, "
            f"{found.get('CMAKE_BUILD_TYPE', '?')}, {version} (tools/build.sh, as "
            f"tools/run-app.sh builds)")


def main() -> int:
    ap = argparse.ArgumentParser(
        description="Benchmark Coroscope headless against Python asyncio and Node.js.")
    ap.add_argument("--tasks", type=parse_task_list, default=None,
                    help="comma-separated task counts (default 4,1000,10000,100000,1000000; "
                         "--quick: 4,1000,10000)")
    ap.add_argument("--values", type=int, default=10, help="values per task (default 10)")
    ap.add_argument("--delay", type=float, default=None,
                    help="seconds before each value (default 1.0; --quick: 0.1)")
    ap.add_argument("--quick", action="store_true",
                    help="small sizes and short delays (about a minute): a smoke test, "
                         "not figures to quote")
    ap.add_argument("--cap", type=float, default=45.0,
                    help="seconds: skip a peer whose expected time exceeds it, and kill "
                         "any run that exceeds it (default 45)")
    ap.add_argument("--no-build", action="store_true",
                    help="do not (re)build build-bench/ first")
    ap.add_argument("--jobs", type=int, default=2, help="build parallelism (default 2)")
    ap.add_argument("--binary", type=Path, default=REPO_DIR / "build-bench/src/coroscope",
                    help="the coroscope executable (default build-bench/src/coroscope)")
    ap.add_argument("--only-peers", action="store_true",
                    help="run the peers only (no build, no Coroscope rows)")
    ap.add_argument("--no-peers", action="store_true", help="run Coroscope only")
    ap.add_argument("--no-relative", action="store_true",
                    help="skip the Coroscope --timing relative rows")
    ap.add_argument("--no-precision", action="store_true",
                    help="skip the 4 tasks × 5,000 values × 2 ms table")
    ap.add_argument("--precision-rounds", type=int, default=1, metavar="N",
                    help="run the 2 ms table's drift-free Coroscope row N times, each with "
                         "the floor probe beside it (default 1)")
    ap.add_argument("--window-tasks", type=int, default=10000,
                    help="lanes of the window row (default 10000; 0 leaves the row out)")
    ap.add_argument("--window", action="store_true",
                    help="also run bench/window.py (the window's own benchmark) if present "
                         "and add its report")
    ap.add_argument("--python", default=sys.executable,
                    help="Python interpreter for the asyncio peer (default: this one)")
    ap.add_argument("--node", default=shutil.which("node") or "node",
                    help="Node.js executable for the Node peer (default: node on PATH)")
    ap.add_argument("--read-tasks", type=int, default=None,
                    help="tasks in the record whose reading is measured (default 1,000,000, "
                         "10,000 with --quick; 0: no reader measurement)")
    ap.add_argument("--only-read", action="store_true",
                    help="only the reader section (headless reads and the window's stall)")
    ap.add_argument("--read-runs", type=int, default=3, help="reads of that record (default 3)")
    ap.add_argument("--read-record", type=Path, default=None,
                    help="measure reading this record instead of writing one")
    ap.add_argument("--out", type=Path, default=OUT_DIR,
                    help="where results.json and results.md go (default bench/out/)")
    args = ap.parse_args()
    # The floor probe beside every row (kept until the end of main: the directory holds it).
    floor_dir = tempfile.TemporaryDirectory(prefix="coroscope-bench-floor-")
    args.floor_probe = FloorProbe(Path(floor_dir.name))
    if args.floor_probe.error:
        print(f"floor probe: {args.floor_probe.error}; no floor columns", file=sys.stderr)
        args.floor_probe = None
    if args.tasks is None:
        args.tasks = parse_task_list("4,1000,10000" if args.quick
                                     else "4,1000,10000,100000,1000000")
    if args.delay is None:
        args.delay = 0.1 if args.quick else 1.0
    if args.read_tasks is None:
        args.read_tasks = 10_000 if args.quick else 1_000_000

    if args.values < 1 or not (args.delay > 0) or args.jobs < 1 or args.precision_rounds < 1:
        ap.error("--values, --jobs and --precision-rounds must be >= 1 and --delay > 0")
    ideal = args.values * args.delay
    if not args.cap > ideal:
        ap.error(f"--cap ({args.cap:g} s) must exceed the ideal time values × delay "
                 f"({ideal:g} s)")
    if args.only_peers and args.no_peers:
        ap.error("--only-peers and --no-peers exclude each other")

    coro_programs = [] if args.only_peers else [CORO] + ([] if args.no_relative
                                                         else [CORO_REL]) + [CORO_VIRT]
    peers = [] if args.no_peers else PEERS

    binary = args.binary if args.binary.is_absolute() else (Path.cwd() / args.binary)
    coro_unavailable = None
    if not args.only_peers:
        if not args.no_build and not build(args):
            coro_unavailable = "build failed"
        elif not (binary.is_file() and os.access(binary, os.X_OK)):
            coro_unavailable = "not built"
    node_unavailable = None if shutil.which(args.node) else "node not found"

    if args.only_read:
        if coro_unavailable:
            print(f"--only-read: Coroscope {coro_unavailable} ({binary})", file=sys.stderr)
            return 1
        read_section, read_runs = reader_section(args, binary)
        report = (f"Build: {build_description(binary)}\n\n" + read_section)
        print(report)
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "read.md").write_text(report, encoding="utf-8")
        (args.out / "read.json").write_text(json.dumps(
            {"format": "coroscope-bench-read", **machine_info(), "tasks": args.read_tasks,
             "before": READ_BEFORE, "runs": read_runs}, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out / 'read.md'} and {args.out / 'read.json'}", file=sys.stderr)
        return 0

    info = machine_info()
    versions: dict = {}
    if any(p in (NODE, NODE_ABS) for p in peers) and node_unavailable is None:
        versions[NODE] = tool_version([args.node, "--version"])
    if any(p in (PY, PY_ABS) for p in peers):
        versions[PY] = tool_version([args.python, "--version"])

    def item(program, tasks, values=args.values, delay=args.delay, table="main"):
        return Result(program=program, tasks=tasks, values=values, delay_s=delay, table=table,
                      expected_yields=tasks * values)

    plan = [item(p, t) for t in args.tasks for p in coro_programs + peers]
    if not args.no_precision:
        # Section 7's CPU row: a 2 ms delay, where a spinning scheduler burns a core.
        values = 1000 if args.quick else 5000
        plan += [item(p, 4, values, 0.002, "precision")
                 for p in [c for c in coro_programs if c != CORO_VIRT] + peers]
        if CORO in coro_programs:
            plan += [item(CORO, 4, values, 0.002, "precision")
                     for _ in range(args.precision_rounds - 1)]
    if not args.only_peers and args.window_tasks > 0:
        plan.append(item(CORO_WIN, args.window_tasks))
    results: list[Result] = []
    for i, res in enumerate(plan, 1):
        program, tasks = res.program, res.tasks
        tag = f"[{i}/{len(plan)}] {program:<26} tasks={tasks:<8,}"
        work_ideal = res.values * res.delay_s
        if program in CORO_PROGRAMS and coro_unavailable:
            res.status = coro_unavailable
            res.note = str(binary)
        elif program in (NODE, NODE_ABS) and node_unavailable:
            res.status = node_unavailable
            res.note = args.node
        else:
            expected = (expected_wall(program, tasks, args, results)
                        if program in PEERS and res.table == "main" else work_ideal)
            if program in PEERS and expected > args.cap:
                res.status = "skipped (cap)"
                res.expected_s = round(expected, 1)
                res.note = f"expected ≈ {expected:.1f} s > cap {args.cap:g} s"
            else:
                print(f"{tag} running (expect ≈ {expected:.1f} s) ...",
                      file=sys.stderr, flush=True)
                res = run_one(res, args, binary, versions)
                res.expected_s = round(expected, 3)
        results.append(res)
        figures = (f"wall {res.wall_s:.4f} s, RSS {res.peak_rss_kib / 1024:.1f} MiB, "
                   f"CPU {res.cpu_s:.2f} s, yields {res.yields:,}, host steal {res.steal_ms} ms"
                   if res.status == "ok" else res.note)
        print(f"{tag} {res.status}: {figures}", file=sys.stderr, flush=True)

    window_section = ""
    window_script = BENCH_DIR / "window.py"
    if args.window and not args.only_peers:
        if not window_script.is_file():
            print("--window: bench/window.py is not there; no window report",
                  file=sys.stderr)
        else:
            cmd = [args.python, str(window_script), "--binary", str(binary)]
            if args.quick:
                cmd.append("--quick")
            print("$ " + " ".join(cmd), file=sys.stderr, flush=True)
            w = subprocess.run(cmd, cwd=REPO_DIR, capture_output=True, text=True)
            sys.stderr.write(w.stderr)
            window_section = (w.stdout if w.returncode == 0 else
                              f"bench/window.py failed (exit {w.returncode}): "
                              f"{last_line(w.stderr)}")

    read_section, read_runs = "", []
    if args.read_tasks > 0 and args.read_runs > 0 and not args.only_peers \
            and coro_unavailable is None:
        read_section, read_runs = reader_section(args, binary)

    fill_derived(results)
    params = {"tasks": args.tasks, "values": args.values, "delay_s": args.delay,
              "ideal_s": ideal, "cap_s": args.cap, "seed": 1, "quick": args.quick,
              "coroscope_binary": None if args.only_peers else str(binary),
              "build": (build_description(binary) if not args.only_peers
                        and coro_unavailable is None else "—"),
              "python": args.python, "node": args.node}
    report = markdown_report(info, params, versions, results, args, window_section)
    if read_section:
        report = report.rstrip("\n") + "\n\n" + read_section
    print(report)

    args.out.mkdir(parents=True, exist_ok=True)
    doc = {"format": "coroscope-bench", "version": 2, **info, "params": params,
           "versions": versions,
           "results": [{**r.__dict__, "cpu_s": r.cpu_s} for r in results],
           "read": {"tasks": args.read_tasks, "before": READ_BEFORE, "runs": read_runs}}
    (args.out / "results.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    (args.out / "results.md").write_text(report, encoding="utf-8")
    print(f"wrote {args.out / 'results.json'} and {args.out / 'results.md'}", file=sys.stderr)
    return 1 if coro_unavailable == "build failed" else 0


if __name__ == "__main__":
    sys.exit(main())

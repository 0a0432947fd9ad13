# SPDX-License-Identifier: MIT
"""Tests of resources/python/coroscope_trace.py (run by CTest as `python_trace`).

Each test runs the tracer on a small program in a subprocess, the way Coroscope does, and
checks the trace lines (strictly, with the same rules as Coroscope's C++ parser), the
program's own stdout/stderr and its exit status. Delays are short (10-50 ms).
"""
import ast
import os
import re
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TRACER = os.environ.get("COROSCOPE_TRACER",
                        os.path.join(ROOT, "resources", "python", "coroscope_trace.py"))
EXAMPLES = os.path.join(os.path.dirname(TRACER), "examples")
PYTHON = os.environ.get("COROSCOPE_TEST_PYTHON", sys.executable)

NUM = r"(0|[1-9][0-9]*)"
TEXT = r"(?:[^\t\\\r\n]|\\[\\tnr])*"
LINE = {
    "H": re.compile(r"H\tcoroscope-trace\t1\t%s\t%s\t%s\t%s" % (TEXT, TEXT, NUM, TEXT)),
    "T": re.compile(r"T\t%s\t%s\t%s\t%s\t%s\t%s" % (NUM, NUM, NUM, TEXT, TEXT, TEXT)),
    "N": re.compile(r"N\t%s\t%s" % (NUM, TEXT)),
    "S": re.compile(r"S\t%s\t%s\t%s\t(sleep|task|gather)\t%s|S\t%s\t%s\t%s\t"
                    r"(future|lock|semaphore|queue|event|condition|yield)\t-"
                    % (NUM, NUM, NUM, NUM, NUM, NUM, NUM)),
    "B": re.compile(r"B\t%s\t%s\t%s" % (NUM, NUM, NUM)),
    "Y": re.compile(r"Y\t%s\t%s\t(%s|-)\t(n\t-?[0-9.e+-]+|l\t%s)" % (NUM, NUM, NUM, TEXT)),
    "D": re.compile(r"D\t%s\t%s\t%s\t(done|cancelled|failed)\t%s" % (NUM, NUM, NUM, TEXT)),
    "X": re.compile(r"X\t%s\t(ok|exit|failed|interrupted)\t%s\t%s" % (NUM, NUM, TEXT)),
}


def unescape(text):
    return re.sub(r"\\(.)", lambda m: {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}[m.group(1)],
                  text)


class Trace:
    """The parsed lines of one traced run."""

    def __init__(self, data, test):
        self.lines = data.decode("utf-8").split("\n")
        test.assertEqual(self.lines[-1], "", "the trace ends with a newline")
        self.lines = self.lines[:-1]
        test.assertTrue(self.lines and self.lines[0].startswith("H\t"), "header first")
        for line in self.lines:
            test.assertIsNotNone(LINE.get(line[:1]), "unknown kind: %r" % line)
            test.assertIsNotNone(LINE[line[:1]].fullmatch(line), "malformed line: %r" % line)
        self.fields = [line.split("\t") for line in self.lines]
        test.assertEqual(sum(1 for f in self.fields if f[0] == "X"), 1, "one end line")
        test.assertEqual(self.fields[-1][0], "X", "the end line comes last")

    def of(self, kind):
        return [f for f in self.fields if f[0] == kind]

    def tasks(self):
        return {int(f[1]): f for f in self.of("T")}

    def end(self):
        return self.of("X")[0]


class TracerTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def script(self, source, name="prog.py"):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w") as f:
            f.write(textwrap.dedent(source))
        return path

    def trace(self, script, *args, slow=None, expect_status=0, timeout=60):
        out = os.path.join(self.tmp.name, "trace.txt")
        cmd = [PYTHON, TRACER, "--out", out]
        if slow is not None:
            cmd += ["--slow", str(slow)]
        proc = subprocess.run(cmd + [script] + list(args), capture_output=True, timeout=timeout)
        self.assertEqual(proc.returncode, expect_status, proc.stderr.decode())
        with open(out, "rb") as f:
            return Trace(f.read(), self), proc

    # --- the seed's programs ---------------------------------------------------------------

    def test_measure_runtime_four_lanes(self):
        trace, proc = self.trace(os.path.join(EXAMPLES, "main_2.py"), "0.02")
        elapsed = float(proc.stdout.decode().strip())  # the program's own output, unchanged
        self.assertGreaterEqual(elapsed, 10 * 0.02)
        self.assertEqual(proc.stderr, b"")
        tasks = trace.tasks()
        self.assertEqual(len(tasks), 5)  # measure_runtime and four comprehensions
        self.assertEqual(tasks[1][5], "measure_runtime")
        self.assertEqual([tasks[i][5] for i in range(2, 6)], ["async_comprehension"] * 4)
        self.assertTrue(all(tasks[i][3] == "1" for i in range(2, 6)), "created by task 1")
        self.assertTrue(tasks[2][6].endswith("measure_runtime.py:14"), tasks[2][6])
        gather = [f for f in trace.of("S") if f[1] == "1"][0]
        self.assertEqual(gather[4:], ["gather", "4"])
        for task_id in range(2, 6):
            values = [f for f in trace.of("Y") if f[1] == str(task_id)]
            self.assertEqual(len(values), 10)
            for f in values:
                self.assertEqual(f[4], "n")
                self.assertTrue(0 <= float(f[5]) <= 10)
                self.assertNotEqual(f[3], "-", "each value has the due time of its sleep")
                self.assertGreaterEqual(int(f[2]), int(f[3]), "yielded no earlier than due")
            sleeps = [f for f in trace.of("S") if f[1] == str(task_id) and f[4] == "sleep"]
            self.assertEqual(len(sleeps), 10)
            for f in sleeps:  # asleep until about 20 ms after the step ended
                self.assertGreaterEqual(int(f[5]) - int(f[2]), 20_000_000)
        self.assertEqual(sorted(f[4] for f in trace.of("D")), ["done"] * 5)
        self.assertEqual(trace.end()[2:4], ["ok", "0"])

    def test_generator_values_in_main_task(self):
        trace, proc = self.trace(os.path.join(EXAMPLES, "main_0.py"), "0.01")
        printed = [float(x) for x in proc.stdout.decode().split()]
        yielded = [float(f[5]) for f in trace.of("Y")]
        self.assertEqual(printed, yielded)  # every printed value was reported, in order
        self.assertEqual({f[1] for f in trace.of("Y")}, {"1"})

    def test_examples_parse_as_python_38(self):
        for name in sorted(os.listdir(EXAMPLES)) + ["../coroscope_trace.py"]:
            if name.endswith(".py"):
                with open(os.path.join(EXAMPLES, name)) as f:
                    ast.parse(f.read(), name, feature_version=(3, 8))

    # --- what the program sees ---------------------------------------------------------------

    def test_script_runs_as_main_with_its_argv(self):
        script = self.script("""
            import sys
            print(__name__, sys.argv[1:], sys.argv[0].endswith("prog.py"))
        """)
        trace, proc = self.trace(script, "a b", "--x")
        self.assertEqual(proc.stdout.decode(), "__main__ ['a b', '--x'] True\n")
        self.assertEqual(trace.tasks(), {})
        self.assertEqual(trace.end()[2], "ok")

    def test_exception_keeps_traceback_and_fails(self):
        script = self.script("""
            import asyncio
            async def boom():
                await asyncio.sleep(0.01)
                return 1 / 0
            asyncio.run(boom())
        """)
        trace, proc = self.trace(script, expect_status=1)
        err = proc.stderr.decode()
        self.assertIn("Traceback (most recent call last)", err)
        self.assertIn("return 1 / 0", err)
        self.assertIn("ZeroDivisionError: division by zero", err)
        self.assertNotIn("coroscope_trace.py", err, "the tracer's frames are not shown")
        done = trace.of("D")
        self.assertEqual(done[0][4:], ["failed", "ZeroDivisionError: division by zero"])
        end = trace.end()
        self.assertEqual(end[2:4], ["failed", "1"])
        self.assertIn("ZeroDivisionError", unescape(end[4]))

    def test_system_exit_status(self):
        script = self.script("import sys\nsys.exit(3)\n")
        trace, _ = self.trace(script, expect_status=3)
        self.assertEqual(trace.end()[2:4], ["exit", "3"])

    # --- what tasks wait on ------------------------------------------------------------------

    def test_suspensions_and_endings(self):
        script = self.script("""
            import asyncio
            async def holder(lock, started):
                async with lock:
                    started.set()
                    await asyncio.sleep(0.03)
            async def waiter(lock):
                async with lock:
                    pass
            async def sem_user(sem):
                async with sem:
                    await asyncio.sleep(0.02)
            async def getter(q):
                return await q.get()
            async def forever():
                await asyncio.sleep(3600)
            async def main():
                lock, started, sem, q = asyncio.Lock(), asyncio.Event(), asyncio.Semaphore(1), asyncio.Queue()
                h = asyncio.create_task(holder(lock, started))
                await started.wait()
                w = asyncio.create_task(waiter(lock), name="the waiter")
                s1 = asyncio.create_task(sem_user(sem)); s2 = asyncio.create_task(sem_user(sem))
                g = asyncio.create_task(getter(q))
                f = asyncio.create_task(forever())
                await asyncio.sleep(0.01)
                q.put_nowait(5)
                await h
                await asyncio.gather(w, s1, s2, g)
                f.cancel()
                try:
                    await f
                except asyncio.CancelledError:
                    pass
            asyncio.run(main())
        """)
        trace, _ = self.trace(script)
        kinds = {}
        for f in trace.of("S"):
            kinds.setdefault(trace.tasks()[int(f[1])][5], set()).add(f[4])
        self.assertIn("lock", kinds["waiter"])
        self.assertIn("semaphore", kinds["sem_user"])
        self.assertIn("queue", kinds["getter"])
        self.assertIn("event", kinds["main"])
        self.assertIn("task", kinds["main"])  # await h
        self.assertIn("gather", kinds["main"])
        main_waits = [f for f in trace.of("S") if f[1] == "1" and f[4] == "task"]
        self.assertEqual(main_waits[0][5], "2")  # task 2 is the holder
        self.assertIn(["N", "3", "the waiter"], trace.of("N"))
        ends = {trace.tasks()[int(f[1])][5]: f[4] for f in trace.of("D")}
        self.assertEqual(ends["forever"], "cancelled")
        self.assertEqual(ends["main"], "done")

    def test_labels_and_numbers(self):
        script = self.script("""
            import asyncio, fractions
            async def gen():
                yield 3
                yield 2.5
                yield fractions.Fraction(1, 4)
                yield "a\\tlong label " * 10
                yield None
                yield True
                yield float("nan")
                yield 10 ** 30
            async def main():
                return [x async for x in gen()]
            print(asyncio.run(main())[:2])
        """)
        trace, proc = self.trace(script)
        self.assertEqual(proc.stdout.decode(), "[3, 2.5]\n")  # the values themselves are untouched
        ys = [(f[4], unescape(f[5])) for f in trace.of("Y")]
        self.assertEqual(ys[:3], [("n", "3.0"), ("n", "2.5"), ("n", "0.25")])
        self.assertEqual(ys[3][0], "l")
        self.assertLessEqual(len(ys[3][1]), 40)
        self.assertTrue(ys[3][1].startswith("'a\\tlong"))
        self.assertEqual(ys[4:], [("l", "None"), ("l", "True"), ("l", "nan"),
                                  ("l", "1000000000000000000000000000000")])
        self.assertTrue(all(f[3] == "-" for f in trace.of("Y")), "no sleep before these values")

    def test_blocking_step_flagged(self):
        script = self.script("""
            import asyncio, time
            async def main():
                await asyncio.sleep(0.01)
                time.sleep(0.15)          # blocks the event loop
                await asyncio.sleep(0.01)
            asyncio.run(main())
        """)
        trace, _ = self.trace(script, slow=0.1)
        blocking = trace.of("B")
        self.assertEqual(len(blocking), 1)
        self.assertGreaterEqual(int(blocking[0][3]) - int(blocking[0][2]), 150_000_000)
        self.assertEqual(trace.of("H")[0][5], "100000000")

    def test_modules_beside_script_are_traced(self):
        self.script("""
            import asyncio
            async def numbers():
                for i in range(3):
                    await asyncio.sleep(0.005)
                    yield i
        """, name="helper_mod.py")
        script = self.script("""
            import asyncio
            from helper_mod import numbers
            async def main():
                return [i async for i in numbers()]
            print(asyncio.run(main()))
        """)
        trace, proc = self.trace(script)
        self.assertEqual(proc.stdout.decode(), "[0, 1, 2]\n")
        self.assertEqual([f[5] for f in trace.of("Y")], ["0.0", "1.0", "2.0"])

    def test_escaped_names(self):
        script = self.script("""
            import asyncio
            async def nap():
                await asyncio.sleep(0)
            async def main():
                await asyncio.create_task(nap(), name="tab\\there\\nnewline\\\\")
            asyncio.run(main())
        """)
        trace, _ = self.trace(script)
        names = [unescape(f[2]) for f in trace.of("N")]
        self.assertIn("tab\there\nnewline\\", names)

    # --- the pipe ----------------------------------------------------------------------------

    def test_events_arrive_live_on_an_inherited_fd(self):
        script = self.script("""
            import asyncio
            async def main():
                await asyncio.sleep(0.01)
                print("started", flush=True)
                await asyncio.sleep(30)
            asyncio.run(main())
        """)
        read_end, write_end = os.pipe()
        env = dict(os.environ, COROSCOPE_TRACE_FD=str(write_end))
        proc = subprocess.Popen([PYTHON, TRACER, script], pass_fds=[write_end], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        os.close(write_end)
        try:
            self.assertEqual(proc.stdout.readline(), b"started\n")
            # The lines so far come within the 20 ms batching delay, not at the end.
            data = b""
            deadline = time.monotonic() + 20
            while data.count(b"\nS\t") < 2 and time.monotonic() < deadline:
                data += os.read(read_end, 65536)
            self.assertIn(b"\nT\t1\t", data)
            self.assertGreaterEqual(data.count(b"\nS\t"), 2)
            self.assertIsNone(proc.poll(), "the program still runs")
            # Stop = SIGINT: the program ends, the trace ends with "interrupted".
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=20)
            while True:
                chunk = os.read(read_end, 65536)
                if not chunk:
                    break
                data += chunk
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdout.close()
            proc.stderr.close()
            os.close(read_end)
        trace = Trace(data, self)
        self.assertEqual(trace.end()[2], "interrupted")
        self.assertNotEqual(proc.returncode, 0)
        self.assertEqual([f[4] for f in trace.of("D")], ["cancelled"])

    def test_fd_is_not_passed_to_the_programs_children(self):
        script = self.script("""
            import os, subprocess, sys
            fd = int(os.environ["COROSCOPE_TRACE_FD"])
            print(os.get_inheritable(fd))
        """)
        read_end, write_end = os.pipe()
        env = dict(os.environ, COROSCOPE_TRACE_FD=str(write_end))
        proc = subprocess.run([PYTHON, TRACER, script], pass_fds=[write_end], env=env,
                              capture_output=True, timeout=60)
        os.close(write_end)
        os.close(read_end)
        self.assertEqual(proc.stdout, b"False\n")

    # --- bad usage ---------------------------------------------------------------------------

    def test_bad_usage(self):
        for args, message in [([], "no script given"),
                              (["s.py"], "no trace destination"),
                              (["--out", os.path.join(self.tmp.name, "t")], "no script given"),
                              (["--fd", "x", "s.py"], "--fd: 'x' is not an open file descriptor"),
                              (["--out", os.path.join(self.tmp.name, "t"), "--slow", "0", "s.py"],
                               "--slow: '0'"),
                              (["--bogus"], "unknown option --bogus")]:
            env = dict(os.environ)
            env.pop("COROSCOPE_TRACE_FD", None)
            proc = subprocess.run([PYTHON, TRACER] + args, capture_output=True, env=env, timeout=60)
            self.assertEqual(proc.returncode, 2, args)
            self.assertIn(message, proc.stderr.decode(), args)

    def test_missing_script(self):
        out = os.path.join(self.tmp.name, "t")
        missing = os.path.join(self.tmp.name, "nope.py")
        proc = subprocess.run([PYTHON, TRACER, "--out", out, missing], capture_output=True,
                              timeout=60)
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(proc.stderr.decode(),
                         "coroscope_trace: %s: No such file or directory\n" % missing)

    def test_syntax_error(self):
        script = self.script("def broken(:\n")
        trace, proc = self.trace(script, expect_status=1)
        self.assertIn("SyntaxError", proc.stderr.decode())
        self.assertEqual(trace.end()[2], "failed")


if __name__ == "__main__":
    unittest.main()

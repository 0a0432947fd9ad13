# SPDX-License-Identifier: MIT
"""Run an asyncio program unchanged and report its tasks to Coroscope.

    python3 coroscope_trace.py [--fd N | --out FILE] [--slow SECONDS] [--] SCRIPT.py ARGS...

The script runs as __main__ with sys.argv = [SCRIPT.py, ARGS...]; its stdout and stderr
stay its own. The trace goes to an inherited file descriptor (--fd, or the environment
variable COROSCOPE_TRACE_FD) or to a file (--out), as tab-separated lines, one event each,
times in nanoseconds since the tracer started (time.monotonic_ns):

    H coroscope-trace 1 PYVERSION EXECUTABLE SLOW_NS SCRIPT   first line
    T ID T PARENT NAME CORO WHERE       a task was created (PARENT 0: none)
    N ID NAME                           the task got its name after creation
    S ID T0 T1 KIND ARG                 one step ran from T0 to T1, then suspended on KIND:
                                        sleep (ARG: until ns), task (ARG: task id), gather
                                        (ARG: children), future, lock, semaphore, queue,
                                        event, condition, yield (a bare yield); ARG - if none
    B ID T0 T1                          that step took longer than SLOW_NS: it blocked the loop
    Y ID T DUE n|l TEXT                 an async generator yielded a number (n) or something
                                        else (l, a short label); DUE: the end of the sleep
                                        before it in this task, or -
    D ID T0 T1 done|cancelled|failed TEXT   the last step, and how the task ended
    X T ok|exit|failed|interrupted CODE TEXT   the script ended (TEXT: the traceback)

Fields are escaped: backslash, tab, newline and carriage return as \\\\ \\t \\n \\r.
Values yielded by async generators are seen in the script and in the modules beside it
(their source is compiled with one call added around each `yield` inside `async def`);
the standard library and installed packages run untouched. Events are batched: written
when 2,048 are pending, 20 ms after the first one pending, after a blocking step, and at
the end. Standard library only, Python 3.8 or newer.
"""

import sys

if sys.version_info < (3, 8):  # pragma: no cover - checked by Coroscope before it starts us
    sys.stderr.write("coroscope_trace: Python 3.8 or newer needed; this is %d.%d.%d (%s)\n"
                     % (sys.version_info[:3] + (sys.executable,)))
    sys.exit(3)

import ast
import asyncio
import builtins
import collections.abc
import importlib.machinery
import numbers
import os
import time
import traceback
import types
import weakref

FORMAT_VERSION = 1
MAX_TEXT = 16 * 1024  # a traceback or label longer than this is cut (the line stays bounded)
MAX_LABEL = 40
FLUSH_LINES = 2048
FLUSH_SECONDS = 0.02

_now = time.monotonic_ns
_T0 = _now()
_TRACER_FILE = os.path.abspath(__file__)
_ASYNCIO_DIR = os.path.dirname(os.path.abspath(asyncio.__file__)) + os.sep

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _esc(text, limit=MAX_TEXT):
    text = str(text)
    if len(text) > limit:
        text = text[:limit - 1] + "\u2026"
    return text.translate(_ESCAPES)


class _Sink:
    """Batches lines and writes them to the trace descriptor; never raises into the program."""

    def __init__(self, fd):
        self.fd = fd
        self.buf = []
        self.pending = False  # a flush is scheduled on the running loop
        self.broken = False

    def emit(self, line):
        buf = self.buf
        buf.append(line)
        if len(buf) >= FLUSH_LINES:
            self.flush()
        elif not self.pending:
            self._schedule()

    def _schedule(self):
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # not inside a loop: the next flush point (or the end) writes it
        self.pending = True
        loop.call_later(FLUSH_SECONDS, self._timed_flush)

    def _timed_flush(self):
        self.pending = False
        self.flush()

    def flush(self):
        if not self.buf:
            return
        data = "".join(self.buf).encode("utf-8", "backslashreplace")
        self.buf = []
        if self.broken:
            return
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self.fd, view):]
        except OSError:
            self.broken = True  # Coroscope went away: the program goes on untraced


_sink = None
_current = None  # the _Traced coroutine whose step is running
_next_id = 1
_slow_ns = 100_000_000


def _where(frame):
    """First frame outside asyncio and this file: where the task was created."""
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith(_ASYNCIO_DIR) and filename != _TRACER_FILE:
            return "%s:%d" % (filename, frame.f_lineno)
        frame = frame.f_back
    return "?"


def _failure_text(exc):
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()


class _Traced:
    """Wraps a task's coroutine: times each step and tells what it suspended on."""

    __slots__ = ("_coro", "_id", "_task", "_name", "_note", "_due", "__weakref__")

    def __init__(self, coro, task_id):
        self._coro = coro
        self._id = task_id
        self._task = None
        self._name = None
        self._note = None  # (kind, arg) set by the patched sleep and synchronisation calls
        self._due = None   # end of this task's last sleep, for the next yielded value

    # The coroutine protocol, as asyncio.Task drives it.
    def send(self, value):
        return self._step(self._coro.send, value)

    def __next__(self):
        return self._step(self._coro.send, None)

    def throw(self, *args):
        return self._step(self._coro.throw, *args)

    def close(self):
        return self._coro.close()

    def __await__(self):
        return self._coro.__await__()

    def __iter__(self):
        return self

    def __getattr__(self, name):
        # cr_frame, cr_code, __qualname__...: what asyncio's repr and get_stack() look at.
        if name == "_coro":
            raise AttributeError(name)
        return getattr(self._coro, name)

    def _step(self, method, *args):
        global _current
        if self._name is None:
            self._check_name()
        previous = _current
        _current = self
        self._note = None
        t0 = _now()
        try:
            result = method(*args)
        except StopIteration:
            self._end(t0, "done", "")
            raise
        except asyncio.CancelledError:
            self._end(t0, "cancelled", "")
            raise
        except BaseException as exc:
            self._end(t0, "failed", _failure_text(exc))
            raise
        finally:
            _current = previous
        t1 = _now()
        note = self._note
        if note is not None:
            kind, arg = note
            if kind == "sleep":
                self._due = arg
            arg = str(arg)
        elif result is None:
            kind, arg = "yield", "-"
        elif isinstance(result, asyncio.Task):
            inner = result.get_coro()
            kind, arg = "task", str(inner._id) if type(inner) is _Traced else "0"
        elif hasattr(result, "_children"):
            kind, arg = "gather", str(len(result._children))
        else:
            kind, arg = "future", "-"
        sink = _sink
        sink.emit("S\t%d\t%d\t%d\t%s\t%s\n" % (self._id, t0 - _T0, t1 - _T0, kind, arg))
        if t1 - t0 > _slow_ns:
            sink.emit("B\t%d\t%d\t%d\n" % (self._id, t0 - _T0, t1 - _T0))
            sink.flush()
        return result

    def _end(self, t0, how, text):
        t1 = _now()
        _sink.emit("D\t%d\t%d\t%d\t%s\t%s\n" % (self._id, t0 - _T0, t1 - _T0, how, _esc(text)))
        if t1 - t0 > _slow_ns:
            _sink.emit("B\t%d\t%d\t%d\n" % (self._id, t0 - _T0, t1 - _T0))

    def _check_name(self):
        # Python 3.8-3.12 name a task after the factory returns: report the final name.
        task = self._task() if self._task is not None else None
        name = task.get_name() if task is not None else ""
        self._name = name
        if name and name != _initial_name(self):
            _sink.emit("N\t%d\t%s\n" % (self._id, _esc(name, 200)))


collections.abc.Coroutine.register(_Traced)


def _initial_name(traced):
    return "Task-%d" % traced._id


def _task_factory(loop, coro, **kwargs):
    global _next_id
    code = getattr(coro, "cr_code", None)
    if (not asyncio.iscoroutine(coro) or type(coro) is _Traced
            or (code is not None and code.co_filename.startswith(_ASYNCIO_DIR))):
        # asyncio's own housekeeping (asyncio.run's shutdown, a bare asyncio.sleep as a
        # task) is not the program's work.
        return asyncio.Task(coro, loop=loop, **kwargs)
    task_id = _next_id
    _next_id += 1
    traced = _Traced(coro, task_id)
    kwargs.setdefault("name", "Task-%d" % task_id)
    task = asyncio.Task(traced, loop=loop, **kwargs)
    traced._task = weakref.ref(task)
    parent = _current._id if _current is not None else 0
    coro_name = getattr(coro, "__qualname__", type(coro).__name__)
    _sink.emit("T\t%d\t%d\t%d\t%s\t%s\t%s\n" % (
        task_id, _now() - _T0, parent, _esc(task.get_name(), 200), _esc(coro_name, 200),
        _esc(_where(sys._getframe(1)), 400)))
    return task


def _install_factory():
    base = asyncio.base_events.BaseEventLoop
    original_init = base.__init__

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self.set_task_factory(_task_factory)

    base.__init__ = __init__


def _note(kind, arg):
    current = _current
    if current is not None:
        current._note = (kind, arg)


def _install_notes():
    original_sleep = asyncio.sleep

    def sleep(delay, result=None, *args, **kwargs):
        current = _current
        if current is not None and delay > 0:
            current._note = ("sleep", _now() - _T0 + int(delay * 1e9))
        return original_sleep(delay, result, *args, **kwargs)

    sleep.__doc__ = original_sleep.__doc__
    asyncio.sleep = sleep
    asyncio.tasks.sleep = sleep

    def wrap(cls, method, kind):
        original = getattr(cls, method)

        async def waiting(self, *args, **kwargs):
            current = _current
            if current is not None:
                current._note = (kind, "-")
            try:
                return await original(self, *args, **kwargs)
            finally:
                if _current is not None:
                    _current._note = None

        waiting.__name__ = original.__name__
        waiting.__qualname__ = original.__qualname__
        waiting.__doc__ = original.__doc__
        setattr(cls, method, waiting)

    wrap(asyncio.Lock, "acquire", "lock")
    wrap(asyncio.Semaphore, "acquire", "semaphore")
    wrap(asyncio.Event, "wait", "event")
    wrap(asyncio.Condition, "wait", "condition")
    wrap(asyncio.Queue, "get", "queue")
    wrap(asyncio.Queue, "put", "queue")


# --- values yielded by async generators ---------------------------------------------------

def _yielded(value):
    current = _current
    if current is None:
        return value
    t = _now() - _T0
    due = current._due
    current._due = None
    kind = type(value)
    if kind is float:
        text = repr(value)
        tag = "n" if value == value and value not in (float("inf"), float("-inf")) else "l"
    elif kind is int:
        if -2 ** 53 <= value <= 2 ** 53:  # exact as a double
            text, tag = repr(float(value)), "n"
        else:
            text, tag = _esc(repr(value), MAX_LABEL), "l"
    elif isinstance(value, numbers.Real) and not isinstance(value, bool):
        try:
            number = float(value)
            text, tag = repr(number), "n"
            if number != number or number in (float("inf"), float("-inf")):
                tag = "l"
        except (OverflowError, ValueError):
            text, tag = _esc(repr(value), MAX_LABEL), "l"
    else:
        try:
            text = _esc(repr(value), MAX_LABEL)
        except Exception:  # a repr that raises must not break the program
            text = "<%s>" % type(value).__name__
        tag = "l"
    _sink.emit("Y\t%d\t%d\t%s\t%s\t%s\n" % (
        current._id, t, "-" if due is None else str(due), tag, text))
    return value


class _YieldRewriter(ast.NodeTransformer):
    """`yield X` inside `async def` becomes `yield __coroscope_yield__(X)`."""

    def __init__(self):
        self.in_async = False

    def _scoped(self, node, in_async):
        saved, self.in_async = self.in_async, in_async
        self.generic_visit(node)
        self.in_async = saved
        return node

    def visit_AsyncFunctionDef(self, node):
        return self._scoped(node, True)

    def visit_FunctionDef(self, node):
        return self._scoped(node, False)

    def visit_Lambda(self, node):
        return self._scoped(node, False)

    def visit_ClassDef(self, node):
        return self._scoped(node, False)

    def visit_Yield(self, node):
        self.generic_visit(node)
        if not self.in_async:
            return node
        value = node.value if node.value is not None else ast.copy_location(
            ast.Constant(value=None), node)
        call = ast.Call(func=ast.Name(id="__coroscope_yield__", ctx=ast.Load()),
                        args=[value], keywords=[])
        node.value = ast.copy_location(call, value)
        return node


def _compile(source, filename):
    tree = ast.parse(source, filename)
    tree = ast.fix_missing_locations(_YieldRewriter().visit(tree))
    return compile(tree, filename, "exec", dont_inherit=True)


class _Loader(importlib.machinery.SourceFileLoader):
    """Imports a module beside the script with its yields reported (no bytecode cache)."""

    def get_code(self, fullname):
        return _compile(self.get_data(self.path), self.path)


class _Finder:
    """Routes imports of modules in the script's folder through _Loader."""

    def __init__(self, folder):
        self.folder = os.path.join(os.path.realpath(folder), "")

    def find_spec(self, name, path=None, target=None):
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            return spec
        if not os.path.realpath(spec.origin).startswith(self.folder):
            return spec
        spec.loader = _Loader(name, spec.origin)
        return spec

    def invalidate_caches(self):
        pass


# --- running the script ---------------------------------------------------------------------

def _usage(message):
    sys.stderr.write("coroscope_trace: %s\n" % message)
    sys.stderr.write("usage: coroscope_trace.py [--fd N | --out FILE] [--slow SECONDS] "
                     "[--] SCRIPT.py ARGS...\n")
    sys.exit(2)


def _parse(argv):
    fd = os.environ.get("COROSCOPE_TRACE_FD")
    out = None
    slow = os.environ.get("COROSCOPE_SLOW_SECONDS", "0.1")
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            i += 1
            break
        if arg in ("--fd", "--out", "--slow"):
            if i + 1 >= len(argv):
                _usage("%s needs a value" % arg)
            value = argv[i + 1]
            if arg == "--fd":
                fd = value
            elif arg == "--out":
                out = value
            else:
                slow = value
            i += 2
            continue
        if arg.startswith("--"):
            _usage("unknown option %s" % arg)
        break
    if i >= len(argv):
        _usage("no script given")
    try:
        slow_ns = int(float(slow) * 1e9)
        if not 0 < slow_ns <= 3600 * 10 ** 9:
            raise ValueError
    except ValueError:
        _usage("--slow: '%s' is not a duration in seconds (0 < s <= 3600)" % slow)
    if out is not None:
        try:
            descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            _usage("--out: %s: %s" % (out, exc.strerror))
    elif fd is not None:
        try:
            descriptor = int(fd)
            os.fstat(descriptor)
        except (ValueError, OSError):
            _usage("--fd: '%s' is not an open file descriptor" % fd)
        os.set_inheritable(descriptor, False)  # the program's own children do not get it
    else:
        _usage("no trace destination: give --fd N, --out FILE or COROSCOPE_TRACE_FD")
    return descriptor, slow_ns, argv[i], argv[i + 1:]


def main(argv):
    global _sink, _slow_ns
    fd, _slow_ns, script, args = _parse(argv)
    try:
        with open(script, "rb") as f:
            source = f.read()
    except OSError as exc:
        sys.stderr.write("coroscope_trace: %s: %s\n" % (script, exc.strerror))
        return 2
    _sink = _Sink(fd)
    _sink.emit("H\tcoroscope-trace\t%d\t%s\t%s\t%d\t%s\n" % (
        FORMAT_VERSION, "%d.%d.%d" % sys.version_info[:3], _esc(sys.executable),
        _slow_ns, _esc(script)))
    try:
        code = _compile(source, script)
    except SyntaxError:
        text = traceback.format_exc(limit=0)
        sys.stderr.write(text)
        _finish("failed", 1, text)
        return 1

    builtins.__coroscope_yield__ = _yielded
    _install_factory()
    _install_notes()
    folder = os.path.dirname(os.path.abspath(script))
    sys.meta_path.insert(0, _Finder(folder))
    sys.path[0] = folder
    sys.argv = [script] + list(args)
    sys.modules["coroscope_trace"] = sys.modules[__name__]
    module = types.ModuleType("__main__")
    module.__file__ = script
    module.__builtins__ = builtins
    sys.modules["__main__"] = module
    try:
        exec(code, module.__dict__)
    except SystemExit as exc:
        code_ = exc.code
        if code_ is None or isinstance(code_, int):
            _finish("ok" if not code_ else "exit", code_ or 0, "")
        else:
            _finish("exit", 1, str(code_))
        raise
    except KeyboardInterrupt:
        _finish("interrupted", 130, "KeyboardInterrupt")
        raise
    except BaseException as exc:
        text = _user_traceback(exc)
        _finish("failed", 1, text)
        sys.stderr.write(text)
        sys.stderr.flush()
        return 1
    _finish("ok", 0, "")
    return 0


def _user_traceback(exc):
    """The traceback as Python prints it, without the tracer's own frames."""
    te = traceback.TracebackException(type(exc), exc, exc.__traceback__)
    seen = set()
    pending = [te]
    while pending:
        t = pending.pop()
        if id(t) in seen:
            continue
        seen.add(id(t))
        t.stack = traceback.StackSummary.from_list(
            [f for f in t.stack if f.filename != _TRACER_FILE])
        pending.extend(x for x in (t.__cause__, t.__context__) if x is not None)
    return "".join(te.format())


def _finish(status, code, text):
    _sink.emit("X\t%d\t%s\t%d\t%s\n" % (_now() - _T0, status, code, _esc(text)))
    _sink.flush()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

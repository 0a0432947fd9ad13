#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Checks that the data libraries stay below the engine (README "Layout").

Usage: tools/layering.py [ROOT]
The model (src/model), io, render, export and the trace parser (watch/traceline,
watch/watchedrun) are data: they must not depend on the engine, the command line, the
window or QCoro. Two checks, so that neither can rot silently:

  includes  no file of those folders includes a header of a folder above it (engine/,
            watch/ beyond the parser, cli/, app/; model/ also not io/, render/, export/),
            nor a QCoro or QtConcurrent header. Quoted includes are resolved the way
            the compiler does (beside the file first, then src/), so "../engine/x.h"
            counts too.
  links     src/CMakeLists.txt: none of their libraries reaches coroscope_engine,
            QCoro6::Core or Qt6::Concurrent through target_link_libraries, directly or
            through another library.

Exit status: 0 when both hold, 1 when something breaks them (each break is one line:
file, line and what it includes, or the library and the chain that reaches the engine),
2 on bad usage.
"""
import pathlib
import re
import sys

# Folder (or file stem under src/) -> folders of src/ it must not include from.
ABOVE_DATA = {"engine", "cli", "app", "watch"}
RULES = {
    "model": ABOVE_DATA | {"io", "render", "export"},
    "io": ABOVE_DATA | {"render", "export"},
    "export": ABOVE_DATA | {"render"},
    "render": ABOVE_DATA,
    "watch/traceline": ABOVE_DATA - {"watch"},
    "watch/watchedrun": ABOVE_DATA - {"watch"},
}
# The parser's own headers: the only part of watch/ the parser files may include.
WATCH_PARSER = {"watch/traceline.h", "watch/watchedrun.h"}
FORBIDDEN_SYSTEM = re.compile(r"^(QCoro|qcoro|QtConcurrent|QFuture)", re.IGNORECASE)
DATA_LIBRARIES = ["coroscope_model", "coroscope_io", "coroscope_export", "coroscope_render",
                  "coroscope_trace"]
FORBIDDEN_LIBRARIES = {"coroscope_engine", "QCoro6::Core", "Qt6::Concurrent"}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def rule_for(rel: str):
    """The folders the file at rel (a path under src/) must not include from, or None."""
    stem = rel.rsplit(".", 1)[0]
    if stem in RULES:
        return RULES[stem]
    top = rel.split("/", 1)[0]
    if top == "watch":
        return None
    return RULES.get(top)


def resolve(src: pathlib.Path, file: pathlib.Path, name: str):
    """A quoted include's path under src/, as the compiler finds it, or None (outside)."""
    for base in (file.parent, src):
        candidate = (base / name).resolve()
        if candidate.exists():
            try:
                return candidate.relative_to(src.resolve()).as_posix()
            except ValueError:
                return None
    # Not found: judge by the name as written from src/ (the usual form, "engine/run.h").
    return pathlib.PurePosixPath(name).as_posix()


def check_includes(src: pathlib.Path):
    breaks = []
    for file in sorted(src.rglob("*")):
        if file.suffix not in (".h", ".cpp") or not file.is_file():
            continue
        rel = file.relative_to(src).as_posix()
        forbidden = rule_for(rel)
        if forbidden is None:
            continue
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            kind, name = m.groups()
            if kind == "<":
                if FORBIDDEN_SYSTEM.match(name):
                    breaks.append(f"src/{rel}:{number}: includes <{name}> (QCoro and "
                                  "QtConcurrent belong to the engine)")
                continue
            target = resolve(src, file, name)
            if target is None:
                continue
            top = target.split("/", 1)[0]
            parser_reaches_watcher = (rel.rsplit(".", 1)[0] in RULES and top == "watch"
                                      and target not in WATCH_PARSER)
            if "/" in target and (top in forbidden or parser_reaches_watcher):
                breaks.append(f"src/{rel}:{number}: includes \"{name}\" ({top}/ is above "
                              f"src/{rel.split('/', 1)[0]}/)")
            elif FORBIDDEN_SYSTEM.match(pathlib.PurePosixPath(name).name):
                breaks.append(f"src/{rel}:{number}: includes \"{name}\" (QCoro belongs to "
                              "the engine)")
    return breaks


def link_graph(cmake_text: str):
    """target -> the libraries target_link_libraries gives it (every visibility)."""
    graph = {}
    for m in re.finditer(r"target_link_libraries\s*\(([^)]*)\)", cmake_text):
        words = m.group(1).split()
        if not words:
            continue
        deps = [w for w in words[1:] if w not in ("PUBLIC", "PRIVATE", "INTERFACE")]
        graph.setdefault(words[0], []).extend(deps)
    return graph


def check_links(src: pathlib.Path):
    cmake = src / "CMakeLists.txt"
    graph = link_graph(cmake.read_text(encoding="utf-8"))
    breaks = []
    for lib in DATA_LIBRARIES:
        if lib not in graph:
            breaks.append(f"src/CMakeLists.txt: {lib} has no target_link_libraries (renamed? "
                          "update tools/layering.py)")
            continue
        # Depth-first over the link graph, keeping the chain for the message.
        stack = [[lib]]
        seen = set()
        while stack:
            chain = stack.pop()
            for dep in graph.get(chain[-1], []):
                if dep in FORBIDDEN_LIBRARIES:
                    breaks.append(f"src/CMakeLists.txt: {' -> '.join(chain + [dep])} "
                                  "(a data library must not link the engine or QCoro)")
                elif dep not in seen:
                    seen.add(dep)
                    stack.append(chain + [dep])
    return breaks


def main(argv):
    if len(argv) > 1 or any(a.startswith("-") for a in argv):
        print("usage: tools/layering.py [ROOT]", file=sys.stderr)
        return 2
    root = pathlib.Path(argv[0] if argv else pathlib.Path(__file__).resolve().parent.parent)
    src = root / "src"
    if not (src / "CMakeLists.txt").is_file():
        print(f"layering.py: {src}/CMakeLists.txt not found", file=sys.stderr)
        return 2
    breaks = check_includes(src) + check_links(src)
    for b in breaks:
        print(b)
    if breaks:
        print(f"layering.py: {len(breaks)} break(s) of the layering (README \"Layout\")",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

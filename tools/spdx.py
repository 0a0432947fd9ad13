#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Checks (or, with --fix, adds) the SPDX licence header of every source file.

Usage: tools/spdx.py [--fix] [ROOT]
Source files are the code, build and configuration files the project writes (C++,
Python, shell, CMake, Qt .ui/.qrc, XML, desktop entries). Data files (JSON records and
fuzz inputs, SVG icons, traces, dictionaries) cannot all carry comments; LICENSE covers
them. Exit status: 0 when every source file has the header, 1 when some lack it (they
are listed), 2 on bad usage.
"""
import pathlib
import sys

LICENSE_ID = "SPDX-License-Identifier: MIT"
COPYRIGHT = "SPDX-FileCopyrightText: 2026 The Coroscope developers"
SKIP_DIRS = {".git", "node_modules", "__pycache__"}
HASH_NAMES = {"CMakeLists.txt", ".clang-format", ".clang-tidy", ".gitignore", "run"}


def comment_style(path: pathlib.Path):
    """The comment form of a file's header, or None for data files."""
    name = path.name
    if name.endswith((".cpp", ".h", ".mjs")):
        return ("// ", "")
    if name in HASH_NAMES or name.endswith((".py", ".sh", ".cmake", ".supp", ".desktop")):
        return ("# ", "")
    if name.endswith((".ui", ".qrc", ".xml", ".xml.in")):
        return ("<!-- ", " -->")
    return None


def source_files(root: pathlib.Path):
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not path.is_file() or any(part in SKIP_DIRS for part in rel.parts):
            continue
        # Build trees (build, build-asan, …) hold generated files.
        if rel.parts[0].startswith("build"):
            continue
        if comment_style(path):
            yield path


def with_header(text: str, style) -> str:
    start, end = style
    header = f"{start}{LICENSE_ID}{end}\n{start}{COPYRIGHT}{end}\n"
    lines = text.splitlines(keepends=True)
    # A shebang or an XML declaration must stay the first line.
    at = 1 if lines and (lines[0].startswith("#!") or lines[0].startswith("<?xml")) else 0
    return "".join(lines[:at]) + header + "".join(lines[at:])


def main(argv):
    args = [a for a in argv if a != "--fix"]
    fix = len(args) != len(argv)
    if len(args) > 1 or any(a.startswith("-") for a in args):
        print("usage: tools/spdx.py [--fix] [ROOT]", file=sys.stderr)
        return 2
    root = pathlib.Path(args[0] if args else pathlib.Path(__file__).resolve().parent.parent)
    missing = []
    for path in source_files(root):
        text = path.read_text(encoding="utf-8")
        if LICENSE_ID in text[:500]:
            continue
        missing.append(path.relative_to(root))
        if fix:
            path.write_text(with_header(text, comment_style(path)), encoding="utf-8")
    if missing and not fix:
        print(f"spdx: {len(missing)} source files lack '{LICENSE_ID}':", file=sys.stderr)
        for rel in missing:
            print(f"  {rel}", file=sys.stderr)
        return 1
    print(f"spdx: {len(missing)} headers added" if fix else "spdx: every source file has its header")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
# Runs clang-tidy (.clang-tidy's checks) over Coroscope's sources, using the compile
# commands of a build folder (made here when missing). Exit status 1 if it finds anything.
#   tools/tidy.sh [BUILD_DIR] [FILE...]     default build/, every src/ and tests/ .cpp
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
[ $# -gt 0 ] && shift
tools/setup.sh --tidy
tidy=$(command -v clang-tidy-14 || command -v clang-tidy || true)
[ -n "$tidy" ] || { echo "tidy.sh: clang-tidy not found (apt-get install clang-tidy-14)" >&2; exit 2; }
if [ ! -f "$dir/compile_commands.json" ]; then
  cmake -S . -B "$dir" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
fi
# The generated sources (moc, uic, rcc) must exist for the includes to resolve.
cmake --build "$dir" -j"$(nproc)" >/dev/null
if [ $# -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(git ls-files 'src/*.cpp' 'tests/*.cpp' | grep -v '^tests/fuzz/')
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# -extra-arg: g++'s compile commands, read by clang: its coroutine flag is implied by C++20.
printf '%s\n' "${files[@]}" |
  xargs -P"$(nproc)" -n4 "$tidy" -p "$dir" --quiet -extra-arg=-Wno-unknown-warning-option \
    2>/dev/null | tee "$out" | grep -E '(warning|error):' || true
count=$(grep -cE '(warning|error):' "$out" || true)
echo "tidy.sh: $count finding(s) in ${#files[@]} files"
[ "$count" -eq 0 ]

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
# Runs clang-tidy (.clang-tidy's checks) over Coroscope's sources, using the compile
# commands of a build folder (built here with tools/build.sh, the one build recipe, when it
# is missing; CI's normal build otherwise, so nothing is compiled twice). Exit status 1 if
# it finds anything.
#   tools/tidy.sh [BUILD_DIR] [FILE...]     default build/, every src/ and tests/ .cpp
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
[ $# -gt 0 ] && shift
tools/setup.sh --tidy
tidy=$(command -v clang-tidy-14 || command -v clang-tidy || true)
[ -n "$tidy" ] || { echo "tidy.sh: clang-tidy not found (apt-get install clang-tidy-14)" >&2; exit 2; }
# The generated sources (moc, uic, rcc) must exist for the includes to resolve; in a
# build folder that is up to date this does nothing.
if [ -f "$dir/compile_commands.json" ]; then
  cmake --build "$dir" -j"$(nproc)" >/dev/null
else
  tools/build.sh "$dir" >/dev/null
fi
# The compile commands without the precompiled headers (COROSCOPE_PCH): clang-tidy would
# match its checks against all of Qt they hold (a third slower), and a source that lacks
# an include of its own must fail here, as it would in a build without them.
db=$(mktemp -d)
trap 'rm -rf "$db"' EXIT
python3 - "$dir/compile_commands.json" "$db/compile_commands.json" <<'PY'
import json, re, sys
entries = json.load(open(sys.argv[1]))
pch = re.compile(r' -Xclang -include-pch -Xclang \S+| -Xclang -include -Xclang \S+cmake_pch\.hxx'
                 r'| -include \S+cmake_pch\.hxx| -Winvalid-pch')
for e in entries:
    e["command"] = pch.sub("", e["command"])
json.dump(entries, open(sys.argv[2], "w"), indent=0)
PY
if [ $# -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(git ls-files 'src/*.cpp' 'tests/*.cpp' | grep -v '^tests/fuzz/')
fi
out=$db/findings.txt
# -Wno-unknown-warning-option: compile commands of another compiler (CXX=g++) read by clang.
printf '%s\n' "${files[@]}" |
  xargs -P"$(nproc)" -n4 "$tidy" -p "$db" --quiet -extra-arg=-Wno-unknown-warning-option \
    2>/dev/null | tee "$out" | grep -E '(warning|error):' || true
count=$(grep -cE '(warning|error):' "$out" || true)
echo "tidy.sh: $count finding(s) in ${#files[@]} files"
[ "$count" -eq 0 ]

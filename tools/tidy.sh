#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
# Runs clang-tidy (.clang-tidy's checks) over Coroscope's sources, using the compile
# commands of a build folder (built here with tools/build.sh, the one build recipe, when it
# is missing; CI's normal build otherwise, so nothing is compiled twice). Exit status 1 if
# it finds anything, 2 if clang-tidy is missing.
#   tools/tidy.sh [BUILD_DIR] [FILE...]     default build/, every src/ and tests/ .cpp
#
# Why clang-tidy 22 (Debian 12's security archive has it) and not 14, the compiler's
# version: 14 runs every check over every declaration of Qt and the standard library a
# source includes, about 25 s of CPU a file here, 40 minutes for the tree; 22 skips
# system headers while it matches, and with the build's precompiled headers (remade by
# clang 22, which cannot read clang 14's) it parses Qt once a set instead of once a file.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
[ $# -gt 0 ] && shift
tools/setup.sh --tidy
tidy=$(command -v clang-tidy-22 || true)
clang=/usr/lib/llvm-22/bin/clang++
[ -n "$tidy" ] && [ -x "$clang" ] || {
  echo "tidy.sh: clang-tidy-22 and clang-22 not found (apt-get install clang-tidy-22 clang-22)" >&2
  exit 2
}
# The generated sources (moc, uic, rcc) must exist for the includes to resolve; in a
# build folder that is up to date this does nothing.
if [ -f "$dir/compile_commands.json" ]; then
  cmake --build "$dir" -j"$(nproc)" >/dev/null
else
  tools/build.sh "$dir" >/dev/null
fi
db=$(mktemp -d)
trap 'rm -rf "$db"' EXIT
# The compile commands with clang 22's own precompiled headers in place of the build's:
# each header set's `-emit-pch` command runs again with clang 22 into $db, and every
# source that used the set points at the new file.
python3 - "$dir/compile_commands.json" "$db" "$clang" <<'PY'
import json, os, re, shlex, subprocess, sys
from concurrent.futures import ThreadPoolExecutor
entries = json.load(open(sys.argv[1]))
out, clang = sys.argv[2], sys.argv[3]
made = {}
for e in entries:
    if "-emit-pch" not in e["command"]:
        continue
    args = shlex.split(e["command"])
    old = os.path.join(e["directory"], args[args.index("-o") + 1])
    new = os.path.join(out, f"pch{len(made)}.pch")
    args[0], args[args.index("-o") + 1] = clang, new
    made[old] = (e["directory"], args, new)
def build(item):
    directory, args, new = item
    r = subprocess.run(args, cwd=directory, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"tidy.sh: clang 22 could not make {new}:\n{r.stderr[-2000:]}")
with ThreadPoolExecutor(os.cpu_count()) as pool:
    list(pool.map(build, made.values()))
kept = []
for e in entries:
    if "-emit-pch" in e["command"]:
        continue
    for old, (_, _, new) in made.items():
        e["command"] = e["command"].replace(old, new)
    kept.append(e)
json.dump(kept, open(os.path.join(out, "compile_commands.json"), "w"), indent=0)
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

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
# Configures and builds Coroscope in DIR: the one build recipe of tools/run-app.sh,
# tools/test.sh and bench/run.py, so the figures the README states hold for what users run.
# Usage: tools/build.sh DIR [extra cmake options...]
#   The compiler is clang++-14 when it is installed (tools/setup.sh installs it): it lays
#   out QCoro's coroutine frames tighter than g++ 12 (the generator's frame is elided into
#   its comprehension's), about 190 bytes a task less. CXX=g++ tools/build.sh … overrides.
#   The build type is RelWithDebInfo unless an option sets CMAKE_BUILD_TYPE.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: tools/build.sh DIR [cmake options...]" >&2; exit 2; }
dir=$1
shift

cxx=${CXX:-}
if [ -z "$cxx" ] && command -v clang++-14 >/dev/null; then
  cxx=clang++-14
fi
args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
[ -n "$cxx" ] && args+=(-DCMAKE_CXX_COMPILER="$cxx")
# A build directory configured earlier with another compiler is reconfigured from scratch
# (CMake cannot switch compilers in place).
if [ -n "$cxx" ] && [ -f "$dir/CMakeCache.txt" ] &&
   ! grep -q "^CMAKE_CXX_COMPILER:[A-Z]*=$(command -v "$cxx")\$" "$dir/CMakeCache.txt" &&
   ! grep -q "^CMAKE_CXX_COMPILER:[A-Z]*=$cxx\$" "$dir/CMakeCache.txt"; then
  rm -rf "$dir/CMakeCache.txt" "$dir/CMakeFiles"
fi
cmake -S . -B "$dir" "${args[@]}" "$@" >/dev/null
# COROSCOPE_BUILD_TARGETS="a b": build only those targets (tools/test.sh --tsan).
targets=()
for t in ${COROSCOPE_BUILD_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$dir" -j"${COROSCOPE_JOBS:-$(nproc)}" "${targets[@]}"

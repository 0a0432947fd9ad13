#!/usr/bin/env bash
# Installs what is missing, builds Coroscope with its tests and runs every test with CTest.
#   tools/test.sh              normal build in build/
#   tools/test.sh --sanitize   AddressSanitizer + UndefinedBehaviorSanitizer build in build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."

dir=build
flags=()
if [ "${1:-}" = "--sanitize" ]; then
  dir=build-asan
  flags=(-DCMAKE_BUILD_TYPE=Debug -DCOROSCOPE_SANITIZE=ON)
  # Leaks are errors; Qt's own one-time allocations are not ours (see tests/lsan.supp).
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
elif [ -n "${1:-}" ]; then
  echo "test.sh: unknown option $1" >&2
  exit 2
fi

tools/setup.sh --tests
tools/build.sh "$dir" "${flags[@]}"
QT_QPA_PLATFORM=offscreen ctest --test-dir "$dir" --output-on-failure -j"$(nproc)"

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
# Builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz/ and fuzzes each
# for a while, one process at a time (the machine may be shared), starting from
# tests/fuzz/corpus and tests/fuzz/regressions:
#   fuzz_recordreader  the run-file reader (and the round trip of what it accepts)
#   fuzz_jsoncursor    the JSON tokenizer alone, from memory against chunks of 1-7 bytes
#   fuzz_traceline     a watched Python program's trace lines (tests/fuzz/corpus-traceline;
#                      what it finds goes to tests/fuzz/regressions-traceline/)
#   tools/fuzz-smoke.sh [SECONDS]      default 60, split between the three targets
# Any crashing, leaking, out-of-memory, timed-out or slow input is copied into
# tests/fuzz/regressions/ (tst_recordreader replays that folder) and a crash fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${1:-60}
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
export CXX=${CXX:-clang++-14}

tools/setup.sh --fuzz
cmake -S . -B "$build" -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCOROSCOPE_FUZZ=ON -DCOROSCOPE_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target fuzz_recordreader fuzz_jsoncursor fuzz_traceline -j"${JOBS:-$(nproc)}"

# New inputs the fuzzer finds go to a scratch folder, not into the repository.
scratch=$(mktemp -d)
artifacts=$(mktemp -d)
trap 'rm -rf "$scratch" "$artifacts"' EXIT
mkdir -p tests/fuzz/regressions

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1:intercept_tls_get_addr=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for target in fuzz_recordreader fuzz_jsoncursor; do
    mkdir -p "$scratch/$target" "$artifacts/$target"
    "$build/tests/fuzz/$target" \
        -max_total_time=$(( (seconds + 2) / 3 )) -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -report_slow_units=2 -print_final_stats=1 -artifact_prefix="$artifacts/$target/" \
        -dict=tests/fuzz/recordreader.dict \
        "$scratch/$target" tests/fuzz/corpus tests/fuzz/regressions || status=$?
done
mkdir -p "$scratch/traceline" "$artifacts/traceline" tests/fuzz/regressions-traceline
"$build/tests/fuzz/fuzz_traceline" \
    -max_total_time=$(( (seconds + 2) / 3 )) -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -report_slow_units=2 -print_final_stats=1 -artifact_prefix="$artifacts/traceline/" \
    "$scratch/traceline" tests/fuzz/corpus-traceline tests/fuzz/regressions-traceline || status=$?
for f in "$artifacts"/traceline/*; do
    [ -e "$f" ] || continue
    cp "$f" tests/fuzz/regressions-traceline/
    echo "fuzz-smoke: kept $(basename "$f") in tests/fuzz/regressions-traceline/" >&2
done
rm -rf "$artifacts/traceline"

found=0
for f in "$artifacts"/*/*; do
    [ -e "$f" ] || continue
    name="$(basename "$(dirname "$f")")-$(basename "$f")"
    cp "$f" "tests/fuzz/regressions/$name"
    echo "fuzz-smoke: kept $name in tests/fuzz/regressions/" >&2
    found=1
done
if [ "$status" -ne 0 ]; then
    echo "fuzz-smoke: the fuzzer failed (status $status); the input is in tests/fuzz/regressions/" >&2
    exit 1
fi
[ "$found" = 0 ] && echo "fuzz-smoke: no crash, no slow input in ${seconds} s" >&2
exit 0

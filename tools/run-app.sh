#!/usr/bin/env bash
# Installs what is missing, builds Coroscope (build/) and opens the window.
# Arguments are passed to the app, e.g. tools/run-app.sh --mode compare --delay 0.1 --run
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
exec build/src/coroscope "$@"

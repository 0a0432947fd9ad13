#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
# Installs what is missing, builds Coroscope (build/) and opens the window.
# Arguments are passed to the app, e.g. tools/run-app.sh --mode compare --delay 0.1 --run
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
tools/build.sh build
exec build/src/coroscope "$@"

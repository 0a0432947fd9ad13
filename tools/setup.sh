#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
# Installs the Debian packages Coroscope needs to build, test and run, if any are missing.
# Usage: tools/setup.sh [--tests] [--fuzz] [--tidy]
set -euo pipefail

# clang-14 is the project's compiler (tools/build.sh): tighter coroutine frames than g++.
# libclang-rt-14-dev holds its sanitizer runtimes (tools/test.sh --sanitize).
packages=(cmake make g++ clang-14 pkg-config qt6-base-dev qt6-base-dev-tools qt6-svg-dev
          qcoro-qt6-dev libgl-dev fonts-dejavu-core)
for arg in "$@"; do
  case "$arg" in
    # desktop-file-utils, appstream, libglib2.0-bin (gio): tests/desktop/validate.sh
    --tests) packages+=(poppler-utils librsvg2-bin libclang-rt-14-dev desktop-file-utils appstream libglib2.0-bin shared-mime-info python3) ;;
    # clang-tidy 22 (and clang 22 for its precompiled headers): see tools/tidy.sh.
    --tidy) packages+=(clang-tidy-22 clang-22) ;;
    --fuzz) packages+=(clang-14 libclang-rt-14-dev) ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo=()
[ "$(id -u)" = 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
# Checks Coroscope's desktop integration files (a CTest test, also run by hand):
#   validate.sh SOURCE_DIR METAINFO_XML COROSCOPE_BINARY
# - the desktop file passes desktop-file-validate (hints are fine, errors and warnings not)
#   and claims only Coroscope's own MIME type;
# - the AppStream metainfo passes `appstreamcli validate --strict --no-net` (--no-net: the
#   screenshot and homepage URLs are not fetched; there is no network in CI);
# - the MIME type compiles with update-mime-database, and in that database a record the
#   binary wrote is Coroscope's type by content (run.json) and by ending (.coroscope.json),
#   while other JSON stays application/json.
set -euo pipefail
src=$1 metainfo=$2 bin=$3
desktop=$src/resources/org.coroscope.Coroscope.desktop
type=application/x-coroscope-run+json
fail() { echo "FAIL: $*" >&2; exit 1; }

out=$(desktop-file-validate "$desktop" 2>&1) || fail "desktop-file-validate: $out"
if grep -v ': hint: ' <<<"$out" | grep -q .; then fail "desktop-file-validate: $out"; fi
claimed=$(sed -n 's/^MimeType=//p' "$desktop")
[ "$claimed" = "$type;" ] || fail "the desktop file claims '$claimed', not only $type"
echo "desktop file: valid, claims $type"

appstreamcli validate --no-net --strict "$metainfo" || fail "appstreamcli validate"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/share/mime/packages"
cp "$src/resources/coroscope-mime.xml" "$tmp/share/mime/packages/coroscope.xml"
cp /usr/share/mime/packages/freedesktop.org.xml "$tmp/share/mime/packages/"
update-mime-database "$tmp/share/mime" || fail "update-mime-database"
"$bin" --headless --tasks 2 --values 2 --delay 0.001 --export "$tmp/run.json" >/dev/null
cp "$tmp/run.json" "$tmp/named.coroscope.json"
printf '{"format": "other"}\n' > "$tmp/other.json"
query() { XDG_DATA_HOME=$tmp/share XDG_DATA_DIRS=$tmp/share gio info -a standard::content-type "$1" |
          sed -n 's/^ *standard::content-type: //p'; }
for f in run.json named.coroscope.json; do
  got=$(query "$tmp/$f")
  [ "$got" = "$type" ] || fail "$f is '$got', not $type"
  echo "$f: $got"
done
got=$(query "$tmp/other.json")
[ "$got" = application/json ] || fail "other.json is '$got', not application/json"
echo "other.json: $got"
echo "desktop integration files: OK"

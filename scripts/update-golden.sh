#!/usr/bin/env bash
# Regenerates the golden reports of the bundled demo snapshot (tests/golden/) from the current
# build. Run it only when a report change is intended, and review the diff before committing:
#
#   scripts/update-golden.sh [BUILD_DIR]      # default: build
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-"$repo/build"}
dbopt="$build/bin/dbopt"
[ -x "$dbopt" ] || { echo "update-golden: $dbopt not found: build first" >&2; exit 1; }
out=$(mktemp -d /tmp/dbopt-golden.XXXXXX)
trap 'rm -rf "$out"' EXIT
"$dbopt" -q analyze "$repo/snapshots/demo.dbopt.json" -o "$out/demo.report.md" -o "$out/demo.report.json"
cp "$out/demo.report.md" "$out/demo.report.json" "$out/apply.sql" "$out/rollback.sql" "$repo/tests/golden/"
mv "$repo/tests/golden/apply.sql" "$repo/tests/golden/demo.apply.sql"
mv "$repo/tests/golden/rollback.sql" "$repo/tests/golden/demo.rollback.sql"
echo "update-golden: wrote tests/golden/demo.report.md, demo.report.json, demo.apply.sql, demo.rollback.sql — review the diff"

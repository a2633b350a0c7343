#!/usr/bin/env bash
# The README's demo command: installs the Debian packages, builds, and analyzes the bundled
# sample snapshot into a Markdown and a PDF report (plus apply.sql / rollback.sql) in out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build=${BUILD_DIR:-build}
mkdir -p out/demo
"$build/bin/dbopt" analyze snapshots/demo.dbopt.json -o out/demo/report.md -o out/demo/report.pdf
echo
echo "Reports: out/demo/report.md, out/demo/report.pdf; scripts: out/demo/apply.sql, out/demo/rollback.sql"

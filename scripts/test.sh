#!/usr/bin/env bash
# The README's test command: installs the Debian packages, builds, and runs every test
# (unit, plugin, live against a real PostgreSQL 15 that ctest starts in a temporary
# directory, end-to-end) with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build=${BUILD_DIR:-build}
ctest --test-dir "$build" --output-on-failure --timeout 900 -j2

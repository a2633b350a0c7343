#!/usr/bin/env bash
# Configures and builds dbopt into ./build (override with BUILD_DIR). No installs.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}"
cmake --build "$build" -j"$(nproc)"

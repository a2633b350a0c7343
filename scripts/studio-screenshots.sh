#!/usr/bin/env bash
# Starts dbopt Studio under Xvfb, loads snapshots/demo.dbopt.json, runs the analysis and saves a
# PNG of each workspace tab (the Studio's own --screenshot-dir mode, QWidget::grab) plus one
# full-screen shot of the X display (ImageMagick `import -window root`).
#
#   scripts/studio-screenshots.sh [BUILD_DIR] [OUT_DIR]
#
# BUILD_DIR defaults to ./build (bin/dbopt-studio must exist), OUT_DIR to docs/screenshots.
# Needs: xvfb-run (xvfb, xauth) and import (imagemagick) — scripts/install-deps.sh installs them.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
out="${2:-$root/docs/screenshots}"
studio="$build/bin/dbopt-studio"
snapshot="$root/snapshots/demo.dbopt.json"

for tool in xvfb-run import; do
  command -v "$tool" >/dev/null 2>&1 || { echo "studio-screenshots: '$tool' not found; run scripts/install-deps.sh" >&2; exit 2; }
done
[ -x "$studio" ] || { echo "studio-screenshots: $studio not found; build with -DDBOPT_BUILD_STUDIO=ON" >&2; exit 2; }

mkdir -p "$out"
rm -f "$out/.ready"
# The window is 1440x900; the screen leaves room around it for the full-screen shot.
xvfb-run -a -s "-screen 0 1600x1000x24 -dpi 96" bash -c '
  set -eu
  "$1" "$2" --screenshot-dir "$3" --screenshot-hold 4 &
  pid=$!
  for _ in $(seq 1 600); do
    [ -f "$3/.ready" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if [ -f "$3/.ready" ]; then import -window root "$3/00-full-screen.png"; fi
  wait "$pid"
' studio-shots "$studio" "$snapshot" "$out"
rm -f "$out/.ready"
ls -1 "$out"/*.png

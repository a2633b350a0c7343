#!/usr/bin/env bash
# Installs every Debian 12 package dbopt needs to build, test and run its demo.
# Needs root (or sudo). Safe to run again: apt-get skips what is already installed.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # Qt 6: widgets, charts (needs the OpenGL dev package), PDF via QtGui
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev libgl-dev fonts-dejavu-core
  # engine libraries
  libpq-dev libpg-query-dev libboost-dev libboost-filesystem-dev nlohmann-json3-dev
  libcli11-dev libkainjow-mustache-dev zlib1g-dev
  # tests: GoogleTest, a real PostgreSQL 15 with the extensions dbopt knows, pdftotext
  libgtest-dev googletest postgresql-15 postgresql-contrib postgresql-15-hypopg
  postgresql-15-pg-qualstats poppler-utils
  # dbopt Studio: OS keychain for saved passwords; Qt SVG for the application icon;
  # Xvfb + ImageMagick for scripts/studio-screenshots.sh
  qtkeychain-qt6-dev qt6-svg-dev xvfb xauth imagemagick
)

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "install-deps: run as root (or install sudo) to install: ${packages[*]}" >&2
    exit 2
  fi
else
  SUDO=
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${packages[@]}"

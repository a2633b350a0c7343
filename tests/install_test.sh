#!/usr/bin/env bash
# Installs the build into a temporary prefix and checks the installed tree works on its own:
# bin/dbopt finds lib/dbopt/plugins/ and share/dbopt/report_templates/ relative to itself.
set -euo pipefail
build=${1:?usage: install_test.sh BUILD_DIR SOURCE_DIR}
src=${2:?usage: install_test.sh BUILD_DIR SOURCE_DIR}
prefix=$(mktemp -d /tmp/dbopt-install.XXXXXX)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/dbopt lib/dbopt/plugins/libindex-analyzer.so share/dbopt/report_templates/report.md.mustache; do
  [ -e "$prefix/$f" ] || { echo "missing in the installed tree: $f" >&2; exit 1; }
done
# Outside the source and build trees, with no plugin path in the environment.
cd "$prefix"
env -u DBOPT_PLUGIN_PATH "$prefix/bin/dbopt" plugins | tee plugins.txt
grep -E '^index-analyzer +[0-9.]+ +PROFILE +loaded' plugins.txt >/dev/null \
  || { echo "installed dbopt did not load index-analyzer from lib/dbopt/plugins" >&2; exit 1; }
mkdir -p "$prefix/out"
env -u DBOPT_PLUGIN_PATH "$prefix/bin/dbopt" -q analyze "$src/snapshots/demo.dbopt.json" -o "$prefix/out/report.md"
grep -q 'Executive summary' "$prefix/out/report.md" || { echo "installed dbopt wrote no report" >&2; exit 1; }
[ -s "$prefix/out/apply.sql" ] || { echo "no apply.sql next to the report" >&2; exit 1; }
echo "install tree OK"

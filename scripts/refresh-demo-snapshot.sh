#!/usr/bin/env bash
# Regenerates snapshots/demo.dbopt.json, the sample snapshot shipped with dbopt, from a real
# PostgreSQL 15 server. Never edit that file by hand: run this command and review the diff.
#
#   scripts/refresh-demo-snapshot.sh [BUILD_DIR]
#
# BUILD_DIR (default: build/ at the repository root) must contain bin/dbopt.
# Steps: start a throw-away server (tests/support/pg_harness.sh), create database "demo" with
# pg_stat_statements, load snapshots/demo.sql, reset pg_stat_statements only, run
# snapshots/workload.sql, capture with `dbopt capture`, check every planted case with
# snapshots/verify-demo.sql, then move the capture into place. The server is always stopped.
#
# pg_stat_database is deliberately NOT reset (no pg_stat_reset()): its stats_reset stays NULL, so
# usage statistics cover the whole life of the database, and the freshly created indexes start at
# idx_scan = 0 anyway. Resetting would make the statistics minutes old, younger than
# index-analyzer.min-stats-age (7 days), and suppress the unused-index findings.
#
# Each plugin's planted cases live in their own files, run in name order after the main file:
# snapshots/demo.d/*.sql after demo.sql, snapshots/workload.d/*.sql after workload.sql,
# snapshots/verify.d/*.sql after verify-demo.sql. The capture gets the server hardware named in
# snapshots/demo-hardware.args (one argument per line), as a consultant would pass it, and
# EXPLAINs (ANALYZE) the statements of snapshots/explain.sql for the plan decoder.
#
# Environment: PG_BINDIR (default /usr/lib/postgresql/15/bin, then PATH) for psql/createdb;
# DBOPT_DEMO_OUTPUT writes the snapshot there instead of snapshots/demo.dbopt.json (for trying
# out changes to the demo without touching the shipped snapshot).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-"$repo/build"}
snapshots="$repo/snapshots"
output=${DBOPT_DEMO_OUTPUT:-"$snapshots/demo.dbopt.json"}

die() { echo "refresh-demo-snapshot: $*" >&2; exit 1; }

[ -d "$build" ] || die "build directory $build does not exist (usage: $0 [BUILD_DIR])"
build=$(cd "$build" && pwd)
dbopt="$build/bin/dbopt"
[ -x "$dbopt" ] || die "$dbopt not found: build it first (cmake --build $build --target dbopt)"

bindir=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
if [ -x "$bindir/psql" ]; then
  psql="$bindir/psql"
  createdb="$bindir/createdb"
else
  psql=$(command -v psql) || die "psql not found in $bindir or PATH (apt-get install postgresql-15)"
  createdb=$(command -v createdb) || die "createdb not found in $bindir or PATH"
fi

state=$(mktemp -d /tmp/dbopt-demo-snapshot.XXXXXX)
capture="$state/demo.dbopt.json"
cleanup() {
  "$repo/tests/support/pg_harness.sh" stop "$state" >/dev/null 2>&1 || true
  rm -rf -- "$state"
}
trap cleanup EXIT

"$repo/tests/support/pg_harness.sh" start "$state"
# shellcheck disable=SC1091  # written by pg_harness.sh start
. "$state/env"
export PGHOST PGPORT PGUSER
conninfo=$(sed 's/dbname=[^ ]*/dbname=demo/' "$state/conninfo")

run_psql() { "$psql" -X -q -v ON_ERROR_STOP=1 -d demo "$@"; }

"$createdb" demo
run_psql -c 'CREATE EXTENSION pg_stat_statements'

start=$(date +%s)
run_psql -f "$snapshots/demo.sql"
for f in "$snapshots"/demo.d/*.sql; do [ -e "$f" ] && run_psql -f "$f"; done
echo "refresh-demo-snapshot: demo.sql loaded in $(( $(date +%s) - start )) s" \
     "($(run_psql -At -c "SELECT pg_size_pretty(pg_database_size('demo'))"))"

# Only the workload may define pg_stat_statements; pg_stat_database is kept (see above).
run_psql -c 'SELECT pg_stat_statements_reset()' >/dev/null
start=$(date +%s)
run_psql -f "$snapshots/workload.sql"
for f in "$snapshots"/workload.d/*.sql; do [ -e "$f" ] && run_psql -f "$f"; done
echo "refresh-demo-snapshot: workload.sql ran in $(( $(date +%s) - start )) s"

hardware=()
if [ -f "$snapshots/demo-hardware.args" ]; then
  while IFS= read -r arg; do [ -n "$arg" ] && hardware+=("$arg"); done < "$snapshots/demo-hardware.args"
fi
# The demo's application queries, EXPLAINed (ANALYZE) inside the read-only capture for plan-decoder.
explain=()
if [ -f "$snapshots/explain.sql" ]; then explain=(--explain "$snapshots/explain.sql" --analyze); fi
"$dbopt" capture "$conninfo" "${hardware[@]}" "${explain[@]}" -o "$capture" || die "$dbopt capture failed (exit status $?)"
[ -s "$capture" ] || die "$dbopt capture exited 0 but wrote no $capture (is the capture implemented in this build?)"
run_psql -f "$snapshots/verify-demo.sql"
for f in "$snapshots"/verify.d/*.sql; do [ -e "$f" ] && run_psql -f "$f"; done

# Same-directory rename: a failed refresh never leaves a half-written snapshot behind.
cp -- "$capture" "$output.tmp"
mv -- "$output.tmp" "$output"
echo "refresh-demo-snapshot: wrote $output"

// SQL fragments shared by the capture steps. Every query runs with search_path = pg_catalog,
// pg_temp (see StepRunner::begin), so catalog names need no qualification.
#pragma once

#include <string>
#include <string_view>

namespace dbopt::engine::capture_detail {

/// `expr` (timestamptz) as ISO 8601 UTC text with microseconds: 2026-11-21T00:45:34.123456Z;
/// NULL stays NULL.
inline std::string iso_utc(std::string_view expr) {
  return "to_char((" + std::string(expr) + ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
}

/// now() − `expr` in seconds (float8); now() is the capture transaction's start.
inline std::string seconds_since(std::string_view expr) {
  return "extract(epoch FROM (now() - (" + std::string(expr) + ")))::float8";
}

/// The tables a snapshot holds, for a FROM clause with `c` = pg_class and `n` = its
/// pg_namespace: relkind r, p, m outside the system schemas and other sessions' temp schemas,
/// minus the locked tables bound as $1 (oid[]).
inline constexpr std::string_view kCapturedTables =
    "c.relkind IN ('r', 'p', 'm') "
    "AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
    "AND NOT pg_is_other_temp_schema(n.oid) "
    "AND c.oid <> ALL ($1::oid[])";

/// CTE `locked(relid)`: relations of this database another backend holds or awaits in ACCESS
/// EXCLUSIVE mode, looked up fresh by each query that calls a size function.
inline constexpr std::string_view kLockedCte =
    "locked AS MATERIALIZED ("
    "SELECT DISTINCT l.relation AS relid FROM pg_locks l "
    "WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock' "
    "AND l.pid IS DISTINCT FROM pg_backend_pid() "
    "AND l.database = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database()))";

/// pg_class.reltuples `expr` (real) with "unknown" as NULL. PostgreSQL 14 stores -1 for a
/// relation never vacuumed or analyzed (commit 3d351d916b); older servers store 0, which there
/// means "never vacuumed/analyzed" or "empty", so 0 is read as unknown before 14 — as pg_dump
/// does for statistics dumped from pre-14 servers (src/bin/pg_dump/pg_dump.c,
/// dumpRelationStats_dumper). Source: catalog-pg-class.html of each version.
inline std::string reltuples_or_null(std::string_view expr, int server_version_num) {
  const std::string e(expr);
  if (server_version_num >= 140000) return "CASE WHEN " + e + " < 0 THEN NULL ELSE " + e + " END";
  return "NULLIF(" + e + ", 0)";
}

/// block_size as bigint, for relpages × block_size size estimates.
inline constexpr std::string_view kBlockSize = "current_setting('block_size')::bigint";

}  // namespace dbopt::engine::capture_detail

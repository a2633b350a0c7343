// The capture steps: one function per snapshot section, each sending a fixed number of
// set-based queries (never one per table) and writing its section only when every row parsed.
// Internal to capture; run through StepRunner.
#pragma once

#include <map>
#include <string>

#include "capture/pg_connection.hpp"
#include "capture/step_runner.hpp"
#include "dbopt/sdk/model.hpp"
#include "dbopt/sdk/plugin.hpp"

namespace dbopt::engine::capture_detail {

/// A relation another session holds or awaits in ACCESS EXCLUSIVE mode (pg_locks).
struct LockedRelation {
  std::string name;    ///< schema-qualified, quoted as needed
  char relkind = 'r';  ///< pg_class.relkind
  std::string holders; ///< pids (or "prepared transaction")
};

/// State shared by the steps of one capture.
struct StepContext {
  PgConnection& conn;
  int server_version_num = 0;  ///< PQserverVersion
  sdk::Snapshot& snapshot;
  /// From step "locked_relations": relations locked ACCESS EXCLUSIVE by other sessions, by oid.
  std::map<sdk::Oid, LockedRelation> locked;
  /// `$1::oid[]` literal of the locked tables (relkind r, p, m) left out of the snapshot: "{16384,16390}".
  std::string excluded_tables_param() const;
};

StepReport capture_server(StepContext& ctx);            ///< ServerInfo
StepReport capture_settings(StepContext& ctx);          ///< pg_settings
StepReport capture_database(StepContext& ctx);          ///< pg_stat_database
StepReport capture_locked_relations(StepContext& ctx);  ///< pg_locks → ctx.locked
StepReport capture_tables(StepContext& ctx);            ///< pg_class + stats + sizes
StepReport capture_columns(StepContext& ctx);           ///< pg_attribute + pg_stats
StepReport capture_indexes(StepContext& ctx);           ///< pg_index + keys + stats
StepReport capture_constraints(StepContext& ctx);       ///< pg_constraint
StepReport capture_statements(StepContext& ctx);        ///< pg_stat_statements
StepReport capture_bgwriter(StepContext& ctx);          ///< pg_stat_bgwriter (+ pg_stat_checkpointer)
StepReport capture_wal(StepContext& ctx);               ///< pg_stat_wal
StepReport capture_activity(StepContext& ctx);          ///< pg_stat_activity summary
StepReport capture_extensions(StepContext& ctx);        ///< pg_extension

/// Runs one plugin probe and stores its rows in ctx.snapshot.plugin_probes[plugin_id][probe.name]
/// with status "ok". Throws QueryError when the server refuses it (the caller records the failure).
StepReport run_plugin_probe(StepContext& ctx, const std::string& plugin_id, const sdk::Probe& probe);

/// EXPLAIN options used by explain_statement: "[ANALYZE, ]BUFFERS, SETTINGS, FORMAT JSON".
std::string explain_options(bool analyze);

/// EXPLAINs one statement (steps_explain.cpp) with the role's own search_path and stores the
/// FORMAT JSON output verbatim in `out.plan_json`, the time taken in `out.duration_ms`. Throws
/// QueryError when the server refuses it (the caller records the error in `out.error`).
StepReport explain_statement(StepContext& ctx, const std::string& sql, bool analyze, sdk::ExplainedStatement& out);

}  // namespace dbopt::engine::capture_detail

// Capture: a read-only snapshot of a live PostgreSQL database (DESIGN.md, "Data flow" and
// "Safety rules").
//
// One connection, one `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY` transaction (a consistent
// catalog view) with `SET LOCAL statement_timeout`, `lock_timeout` and
// `search_path = pg_catalog, pg_temp`, application_name 'dbopt', ROLLBACK at the end. Never
// CREATE EXTENSION, never a write. Each step (and each plugin probe) runs in a SAVEPOINT that is
// rolled back afterwards: a failing step is recorded in Snapshot::provenance.probes
// ("ok" | "failed" | "skipped") and the capture goes on. The number of statements sent does not
// depend on the number of tables (one set-based query per step).
//
// Locks: size functions (pg_relation_size, pg_total_relation_size, pg_indexes_size) and the
// deparse functions (pg_get_indexdef, pg_get_expr, pg_get_constraintdef, pg_get_partkeydef) take
// AccessShareLock and would wait on a relation another session holds (or awaits) in ACCESS
// EXCLUSIVE mode. The capture first lists such relations (step "locked_relations"): a table
// locked that way is left out of tables/columns/indexes/constraints, and the size of a relation
// one of whose parts is locked is estimated from relpages × block_size; both are noted in the
// outcome of the step. lock_timeout is the backstop for locks taken after that look.
//
// Privileges: a role with pg_monitor is enough (pg_read_all_stats shows other roles'
// pg_stat_statements entries and pg_stat_activity rows; pg_stats shows only the columns the role
// may SELECT, so other columns have no stats).
//
// Outcome notes: an "ok" step that has something to say (relations left out or sizes estimated
// because of locks, pg_stat_statements rows hidden from the role) puts it in ProbeOutcome::error.
//
// Deparsed text (indexdef, key definitions, predicates, constraint and partition-key
// definitions) is produced with search_path = pg_catalog, so user objects in it come out
// schema-qualified ("REFERENCES public.customers(id)") whatever the role's search_path.
// Plugin probes run under the same search_path: they must schema-qualify user objects.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "dbopt/sdk/model.hpp"
#include "dbopt/sdk/plugin.hpp"

namespace dbopt::engine {

/// Progress of a capture: `step` is the name of the step about to run (the ProbeOutcome name),
/// `index` its 1-based position, `total` the number of steps known so far (grows by the number
/// of plugin probes once the probe provider has been asked).
struct CaptureProgress {
  std::string step;
  int index = 0;
  int total = 0;
};

/// Plugin probes to run: plugin id → probes (sdk::Probe). Given the snapshot captured so far
/// (every built-in step done, provenance not yet final).
using ProbeProvider =
    std::function<std::vector<std::pair<std::string, std::vector<sdk::Probe>>>(const sdk::Snapshot&)>;

/// What and how to capture.
struct CaptureOptions {
  /// libpq keyword/value string or URI; PG* environment variables, service files and .pgpass work
  /// as in psql. Never stored anywhere.
  std::string conninfo;
  int statement_timeout_ms = 30000;  ///< SET LOCAL statement_timeout, ms (0 = none)
  int lock_timeout_ms = 1000;        ///< SET LOCAL lock_timeout, ms (0 = none)
  int connect_timeout_s = 10;        ///< libpq connect_timeout, seconds (overrides the conninfo's)
  /// Overrides the conninfo's application_name and PGAPPNAME; "" keeps theirs. The value the
  /// server reports is stored in provenance.application_name.
  std::string application_name = "dbopt";
  sdk::HardwareInfo hardware;        ///< copied into the snapshot as given
  ProbeProvider probe_provider;      ///< may be empty
  /// Statements to EXPLAIN (one statement each, e.g. split from `--explain FILE`), stored in
  /// Snapshot::explained in this order; empty = no EXPLAIN and Snapshot::explained stays null.
  std::vector<std::string> explain_statements;
  /// EXPLAIN ANALYZE: the statements are executed (still inside the READ ONLY transaction, so a
  /// write fails and is recorded as that statement's error).
  bool explain_analyze = false;
  std::function<void(const CaptureProgress&)> on_progress;  ///< may be empty
  const std::atomic<bool>* cancel = nullptr;  ///< checked between steps; true → CaptureError("capture cancelled")
  /// When set, receives the number of SQL statements sent to the server (transaction control,
  /// savepoints and queries), also when the capture throws. For tests and diagnostics.
  std::int64_t* statements_sent = nullptr;
};

/// The capture could not run: connection failed (libpq's message, passwords masked), the
/// read-only transaction could not be set up, the connection was lost, or it was cancelled.
class CaptureError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Connects, captures every section of sdk::Snapshot, runs the plugin probes, rolls back and
/// disconnects. Throws CaptureError (see above; also for a negative timeout option and for a
/// server older than PostgreSQL 12, which the capture queries do not support).
/// A failing step never throws: it is recorded in provenance.probes.
sdk::Snapshot capture_snapshot(const CaptureOptions& options);

}  // namespace dbopt::engine

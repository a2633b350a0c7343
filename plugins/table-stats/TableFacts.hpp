// table-stats — facts about one table shared by the checks: its reloptions, the autovacuum
// thresholds that apply to it (server settings overridden by per-table storage parameters), its
// "rows" figure, and the VACUUM script every vacuum-family check emits.
// Sources: PostgreSQL 15 docs, routine-vacuuming.html#AUTOVACUUM ("Autovacuum Daemon"),
// sql-createtable.html#SQL-CREATETABLE-STORAGE-PARAMETERS, runtime-config-autovacuum.html.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/finding.hpp"

namespace dbopt::plugins::table_stats {

/// Value of storage parameter `name` in pg_class.reloptions ("name=value" entries), or nullopt.
std::optional<std::string> reloption(const sdk::Table& table, std::string_view name);

/// pg_settings.setting of `name` as a number, or `fallback` when not captured or not numeric.
double setting_number(const sdk::Catalog& catalog, std::string_view name, double fallback);

/// The autovacuum trigger points of one table (routine-vacuuming.html#AUTOVACUUM):
///   vacuum when n_dead_tup > vacuum_threshold + vacuum_scale_factor × reltuples,
///   analyze when n_mod_since_analyze > analyze_threshold + analyze_scale_factor × reltuples.
/// Each value is the table's reloption when set, else the server setting, else the PG default.
struct AutovacuumPolicy {
  double vacuum_threshold = 50;       ///< autovacuum_vacuum_threshold, rows
  double vacuum_scale_factor = 0.2;   ///< autovacuum_vacuum_scale_factor, fraction of reltuples
  double analyze_threshold = 50;      ///< autovacuum_analyze_threshold, rows
  double analyze_scale_factor = 0.1;  ///< autovacuum_analyze_scale_factor, fraction of reltuples
  bool server_enabled = true;         ///< pg_settings autovacuum = on (and track_counts = on)
  bool table_enabled = true;          ///< reloption autovacuum_enabled (default true)
  bool has_table_overrides = false;   ///< any autovacuum_* threshold/scale reloption is set
  /// Rows at which autovacuum would VACUUM the table (reltuples < 0 counts as 0, as autovacuum does).
  double vacuum_trigger(double reltuples) const;
  /// Rows modified since ANALYZE at which autovacuum would ANALYZE it.
  double analyze_trigger(double reltuples) const;
  /// Plain-text description of where the thresholds come from (server / table reloptions).
  std::string describe() const;
};

/// The effective AutovacuumPolicy of `table`.
AutovacuumPolicy autovacuum_policy(const sdk::Catalog& catalog, const sdk::Table& table);

/// Effective autovacuum_freeze_max_age of `table`, transactions: the table's reloption when set and
/// lower than the server setting (a larger per-table value is ignored, runtime-config-autovacuum.html),
/// else the server setting (default 200,000,000).
double freeze_max_age(const sdk::Catalog& catalog, const sdk::Table& table);
/// Same for autovacuum_multixact_freeze_max_age (default 400,000,000), multixacts.
double multixact_freeze_max_age(const sdk::Catalog& catalog, const sdk::Table& table);

/// Fillfactor of a heap, percent: reloption fillfactor, else 100 (sql-createtable.html).
int heap_fillfactor(const sdk::Table& table);

/// Best row count of a table, rows: pg_class.reltuples when known (>= 0), else
/// pg_stat_user_tables.n_live_tup, else 0.
double table_rows(const sdk::Table& table);

/// ObjectRef{kind "table", schema, relname}.
sdk::ObjectRef table_ref(const sdk::Table& table);

/// The vacuum-family script: apply `VACUUM (<options>) schema.table;` (category vacuum) and a
/// rollback that is a comment (VACUUM/ANALYZE change neither schema nor data).
sdk::Script vacuum_script(const sdk::Table& table, std::string_view options);

/// `VACUUM (FREEZE, VERBOSE);` of the whole current database (category vacuum), comment rollback.
sdk::Script vacuum_script_database();

/// `ANALYZE schema.table;` (category vacuum) with the same comment rollback.
sdk::Script analyze_script(const sdk::Table& table);

/// Appends pg_stat_user_tables last_(auto)vacuum/analyze timestamps and counts to `finding` as
/// evidence and as a Markdown table at the end of its detail. No-op without a stats row.
void add_vacuum_history(const sdk::Table& table, sdk::Finding& finding);

/// Risk of a plain VACUUM / ANALYZE: SHARE UPDATE EXCLUSIVE (sql-vacuum.html, explicit-locking.html).
sdk::Risk vacuum_risk();

}  // namespace dbopt::plugins::table_stats

// table-stats/dead-tuples — a table with a large share of dead row versions.
// Seed 000_…, "Table Stats" agent: vacuum_candidates {table, dead_tuples, dead_ratio, last_vacuum}.
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::table_stats {

/// Reports a table (relkind r or m) whose pg_stat_user_tables.n_dead_tup is at least
/// `dead-tuples-min-count` and at least `dead-tuples-min-ratio` of n_live_tup + n_dead_tup.
/// Evidence: counts, ratio, the table's autovacuum trigger point, last (auto)vacuum/analyze.
/// Fix: `VACUUM (ANALYZE) schema.table;`. README.md, section table-stats/dead-tuples.
class DeadTuplesCheck {
 public:
  static constexpr const char* kId = "table-stats/dead-tuples";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  /// True when `table` meets this check's condition under `options` (used by stale-statistics
  /// to avoid a second script for the same table).
  static bool fires(const sdk::Table& table, const sdk::Options& options);
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::table_stats

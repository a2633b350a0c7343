// table-stats/stale-statistics — a table modified far more since its last ANALYZE than the point
// at which autovacuum should have re-analyzed it.
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::table_stats {

/// Reports a table (relkind r or m) analyzed at least once (reltuples >= 0 and not
/// never-analyzed) whose pg_stat_user_tables.n_mod_since_analyze is at least
/// `stale-statistics-min-rows` and more than `stale-statistics-factor` × its effective analyze
/// trigger (autovacuum_analyze_threshold + autovacuum_analyze_scale_factor × reltuples, per-table
/// reloptions included). Tables that table-stats/dead-tuples reports are skipped (its VACUUM
/// (ANALYZE) covers them). Fix: `ANALYZE schema.table;`. README.md, section table-stats/stale-statistics.
class StaleStatisticsCheck {
 public:
  static constexpr const char* kId = "table-stats/stale-statistics";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::table_stats

// table-stats/never-analyzed — a table with rows that has never been analyzed: the planner has
// no pg_statistic rows for it and plans with default selectivities.
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::table_stats {

/// Reports a table (relkind r or m) with at least `never-analyzed-min-rows` rows
/// (max of pg_class.reltuples and pg_stat_user_tables.n_live_tup) that has no recorded ANALYZE
/// (last_analyze, last_autoanalyze null, analyze_count = autoanalyze_count = 0) AND no pg_stats
/// row for any of its columns. Fix: `VACUUM (ANALYZE)` when it was never vacuumed either, else
/// `ANALYZE`. README.md, section table-stats/never-analyzed.
class NeverAnalyzedCheck {
 public:
  static constexpr const char* kId = "table-stats/never-analyzed";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  /// True when `table` has no analyze recorded and none of its columns has statistics.
  static bool never_analyzed(const sdk::Catalog& catalog, const sdk::Table& table);
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::table_stats

// table-stats/table-bloat — a heap much larger than its rows need (estimated from statistics).
// Seed 000_…, "Table Stats" agent: bloat_estimates {table, estimated_bloat, wasted_bytes};
// seed 003_…, DB-OPT-12 ("no table bloat > 20 %"). Estimate: HeapSizeModel.hpp.
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::table_stats {

/// Reports a table (relkind r or m) whose pg_class.relpages exceed the pages a rewrite would take
/// (estimate_heap) by at least `table-bloat-min-ratio` of relpages and `table-bloat-min-bytes`.
/// Tables whose columns lack statistics are skipped and logged. Fix: `VACUUM FULL` (ACCESS
/// EXCLUSIVE for the whole rewrite), or — when the pg_repack extension is installed — a pg_repack
/// command line in the detail and no SQL script. README.md, section table-stats/table-bloat.
class TableBloatCheck {
 public:
  static constexpr const char* kId = "table-stats/table-bloat";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::table_stats

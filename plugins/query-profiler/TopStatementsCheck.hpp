// query-profiler/top-statements — the report exhibit of the heaviest statements.
// Seed 000_…, "Query Profiler Agent": slow_queries {queryid, query, total_time_ms, calls, mean_ms,
// rows, percent_total}; postgres-checkup K001–K003 (query analysis by total time, by calls, …).
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::query_profiler {

/// Emits one sdk::Exhibit (id kExhibitId): the union of the `top-count` heaviest statement
/// groups by each of total_exec_time, mean_exec_time, stddev_exec_time, calls, rows, shared_blks_read,
/// temp_blks_written and wal_bytes (groups with a zero value are not "top" for that metric),
/// sorted by total_exec_time, each with its share of total statement time. No finding.
/// Skipped (logged) when pg_stat_statements was not captured or has no rows.
/// README.md, section query-profiler/top-statements.
class TopStatementsCheck {
 public:
  static constexpr const char* kId = "query-profiler/top-statements";
  /// The exhibit's id; query-profiler/high-traffic-statement findings link to it.
  static constexpr const char* kExhibitId = "query-profiler/top-statements";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::query_profiler

// query-profiler/seq-scan-heavy-table — a table read mostly by sequential scans, with the
// statements that read it. Seed 000_…, Query Profiler Agent: seq_scan_queries {query, table,
// seq_scan_count, rows_read}; seed 002_…, monitoring queries (seq_scan vs idx_scan) and success
// metric "index scan ratio > 90 %"; PgHero's index usage rule (100 × idx_scan / (seq_scan +
// idx_scan) < 95 on tables with n_live_tup ≥ 10,000).
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::query_profiler {

/// Reports each table with pg_stat_user_tables.n_live_tup ≥ `seq-scan-min-rows`, seq_scan ≥
/// `seq-scan-min-scans` and idx_scan / (seq_scan + idx_scan) < `seq-scan-max-index-share` (a
/// table without indexes counts as 0), listing the statements whose facts reference it (an
/// INSERT's target excluded: it does not read the table) with their share of total time. It
/// reports the access pattern only: index proposals are index-analyzer/missing-index's. Severity
/// low. README.md, section query-profiler/seq-scan-heavy-table.
class SeqScanHeavyTableCheck {
 public:
  static constexpr const char* kId = "query-profiler/seq-scan-heavy-table";
  /// Statements listed in a finding's detail (all are in affected_queryids).
  static constexpr std::size_t kListedStatements = 10;
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::query_profiler

// index-analyzer/missing-index — a large table read by repeated full sequential scans for
// statements with selective constant predicates on columns no index leads with.
// Seed 000_…, "Index Analyzer Agent": missing_indexes {table, column, seq_scans, recommendation};
// seed 001_…, "Index Advisor": CREATE INDEX CONCURRENTLY, Nx estimate, affected queries, storage,
// risk, rollback; seed 002_…: pg_stat_user_tables seq_scan / seq_tup_read analysis.
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::index_analyzer {

/// For each table with reltuples ≥ `missing-min-rows`, seq_scan ≥ `missing-min-seq-scans` and
/// seq_tup_read / seq_scan ≥ `missing-full-scan-fraction` × reltuples, finds the statements
/// (pg_stat_statements + statement facts) whose constant predicates on the table use no column
/// an index leads with, picks the index keys (equalities, then IN lists, then one range column;
/// after equalities only, the statement's ORDER BY columns),
/// and reports the index when the estimated selectivity is ≤ `missing-max-selectivity` and the
/// modeled speedup (IndexLookupModel) is ≥ `missing-min-speedup`. LIKE/ILIKE/regex predicates are
/// not considered. Skipped (logged) without pg_stat_statements. README.md, section
/// index-analyzer/missing-index.
class MissingIndexCheck {
 public:
  static constexpr const char* kId = "index-analyzer/missing-index";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::index_analyzer

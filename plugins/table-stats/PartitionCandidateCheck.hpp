// table-stats/partition-candidate — a very large, time-correlated table that RANGE partitioning
// on its timestamp/date column would serve. Seed 000_…, "Table Stats" agent: partition_candidates
// {table, reason, partition_key, partition_type: RANGE}; seed 002_…, "Time-Based Partitioning
// Strategy"; PostgreSQL 15 docs, ddl-partitioning.html (size rule of thumb).
#pragma once

#include <cstdint>
#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::table_stats {

/// Reports an ordinary, unpartitioned table (relkind r, not a partition) whose heap + TOAST bytes
/// reach the size threshold — `partition-min-bytes`, or when that is 0 the server's RAM
/// (HardwareInfo.ram_bytes; docs rule of thumb "the size of the table should exceed the physical
/// memory of the database server"), or 64 GB when RAM is unknown — and that has a timestamp,
/// timestamptz or date column with |pg_stats.correlation| >= `partition-min-correlation`.
/// Informational; no script (the detail outlines the migration). README.md, section
/// table-stats/partition-candidate.
class PartitionCandidateCheck {
 public:
  static constexpr const char* kId = "table-stats/partition-candidate";
  /// Size threshold when partition-min-bytes is 0 and the server RAM is unknown, bytes.
  static constexpr std::int64_t kFallbackMinBytes = 64LL << 30;
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::table_stats

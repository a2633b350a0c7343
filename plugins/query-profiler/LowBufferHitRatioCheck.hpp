// query-profiler/low-buffer-hit-ratio — a statement reads a noticeable part of its pages from
// outside shared buffers. Seed 003_…, DB-OPT-08 "Buffer Hit Ratio Analysis": queries with
// shared_blks_hit / (hit + read) < 99 % are flagged; § 6.4: a ratio < 99 % on large tables means the
// working set exceeds shared_buffers. Seed 002_…, analyze_slow_queries (hit_percent).
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::query_profiler {

/// Reports each statement group with shared_blks_read ≥ `buffer-hit-min-blks-read` pages and
/// shared_blks_hit / (shared_blks_hit + shared_blks_read) < `buffer-hit-ratio`. Severity low;
/// medium below kMediumHitRatio (95 %, seed 002_…). Skipped (logged) without pg_stat_statements.
/// README.md, section query-profiler/low-buffer-hit-ratio.
class LowBufferHitRatioCheck {
 public:
  static constexpr const char* kId = "query-profiler/low-buffer-hit-ratio";
  /// Below this hit ratio the finding is medium: seed 002_…, "Cache hit ratio: > 95 %".
  static constexpr double kMediumHitRatio = 0.95;
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::query_profiler

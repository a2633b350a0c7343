// query-profiler/database-cache-hit-ratio — the whole database reads too many pages from outside
// shared buffers. Seed 002_…, "Success Metrics": cache hit ratio > 95 %; seed 000_…, Query Profiler
// Agent: cache_hit_ratio. PgHero warns below 99 % (cache_hit_rate_threshold).
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::query_profiler {

/// Reports the database when pg_stat_database.blks_hit / (blks_hit + blks_read) < `cache-hit-ratio`
/// and blks_hit + blks_read ≥ `cache-hit-min-blks`. Object kind "database" (ServerInfo::database).
/// Severity medium. Skipped (logged) when the pg_stat_database row was not captured.
/// README.md, section query-profiler/database-cache-hit-ratio.
class DatabaseCacheHitRatioCheck {
 public:
  static constexpr const char* kId = "query-profiler/database-cache-hit-ratio";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::query_profiler

#include "DatabaseCacheHitRatioCheck.hpp"

#include "Evidence.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::query_profiler {

namespace sql = sdk::sql;

sdk::CheckInfo DatabaseCacheHitRatioCheck::info() { return {kId, "Low database cache hit ratio", ""}; }

std::vector<sdk::OptionSpec> DatabaseCacheHitRatioCheck::options() {
  return {
      {"cache-hit-ratio", sdk::OptionType::Double, "0.95",
       "database-cache-hit-ratio: the database is reported when pg_stat_database.blks_hit / (blks_hit + "
       "blks_read) is below this, 0..1; seed 002_…, success metrics (cache hit ratio > 95 %)",
       0.0, 1.0},
      {"cache-hit-min-blks", sdk::OptionType::Integer, "100000",
       "database-cache-hit-ratio: smallest blks_hit + blks_read (pages) for the ratio to be judged; dbopt "
       "choice: 100,000 pages = 781 MB of page accesses, below which the ratio describes a cache still warming up",
       0.0, std::nullopt},
  };
}

void DatabaseCacheHitRatioCheck::run(const sdk::Catalog& catalog, const sdk::Options& options,
                                     sdk::FindingSink& sink) const {
  const auto& db = catalog.snapshot().database;
  if (!db) {
    sink.log("database-cache-hit-ratio: skipped: the pg_stat_database row was not captured");
    return;
  }
  const double threshold = options.number("cache-hit-ratio");
  const std::int64_t min_blks = options.integer("cache-hit-min-blks");
  const std::int64_t accessed = db->blks_hit + db->blks_read;
  if (accessed <= 0 || accessed < min_blks) {
    sink.log("database-cache-hit-ratio: not judged: " + sql::format_count(accessed) +
             " page accesses (blks_hit + blks_read), fewer than cache-hit-min-blks (" + sql::format_count(min_blks) + ")");
    return;
  }
  const double ratio = static_cast<double>(db->blks_hit) / static_cast<double>(accessed);
  if (ratio >= threshold) return;
  const std::int64_t block_size = catalog.block_size();
  const std::string& name = catalog.snapshot().server.database;

  sdk::Finding f;
  f.check_id = kId;
  f.title = "Database " + sql::quote_ident(name) + " finds only " + format_percent(ratio) +
            " of the pages it reads in shared buffers";
  std::string d;
  d += "pg\\_stat\\_database for " + sdk::md::escape(sql::quote_ident(name)) + ": blks\\_hit " +
       sdk::md::escape(sql::format_count(db->blks_hit)) + ", blks\\_read " + sdk::md::escape(sql::format_count(db->blks_read)) +
       " (" + sdk::md::escape(sql::format_bytes(db->blks_read * block_size)) + " read from outside shared buffers): a "
       "cache hit ratio of " + sdk::md::escape(format_percent(ratio)) + ", below " +
       sdk::md::escape(format_percent(threshold)) + " (seed 002\\_…: a healthy database stays above 95 %; PgHero warns "
       "below 99 %).";
  if (db->stats_age_seconds)
    d += " The counters cover the " + sdk::md::escape(sql::format_ms(*db->stats_age_seconds * 1000.0)) +
         " since pg\\_stat\\_database was reset (" + sdk::md::escape(db->stats_reset.value_or("?")) + ").";
  else
    d += " The counters were never reset: they cover the server's whole statistics lifetime, including any "
         "cold start after a restart or a bulk load.";
  d += "\n\nA read is served by the operating system's page cache or the disk; counters cannot tell which. "
       "Common causes: a working set larger than shared\\_buffers, large sequential scans, or bulk jobs "
       "(pg\\_dump, VACUUM, reports) — see the statements with the most shared blocks read in the top-statements "
       "exhibit and query-profiler/low-buffer-hit-ratio.\n";
  f.detail = d;
  f.object = {"database", "", name, std::nullopt, std::nullopt};
  f.evidence = {metric("cache_hit_ratio", ratio, "ratio"), metric("blks_hit", static_cast<double>(db->blks_hit), "pages"),
                metric("blks_read", static_cast<double>(db->blks_read), "pages")};
  if (db->blk_read_time) f.evidence.push_back(metric("blk_read_time", *db->blk_read_time, "ms"));
  if (db->stats_age_seconds) f.evidence.push_back(metric("stats_age_seconds", *db->stats_age_seconds, "seconds"));
  f.impact.summary = format_percent(1.0 - ratio) + " of page accesses go outside shared buffers";
  f.severity = sdk::Severity::Medium;
  f.confidence = sdk::Confidence::Modeled;
  f.risk = {sdk::RiskLevel::Low, "nothing is changed: raising shared_buffers needs a restart and RAM (config-tuner)"};
  sink.add(f);
}

}  // namespace dbopt::plugins::query_profiler

#include "LowBufferHitRatioCheck.hpp"

#include "Evidence.hpp"
#include "StatementGroups.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::query_profiler {

namespace sql = sdk::sql;

sdk::CheckInfo LowBufferHitRatioCheck::info() { return {kId, "Statement with a low buffer hit ratio", "DB-OPT-08"}; }

std::vector<sdk::OptionSpec> LowBufferHitRatioCheck::options() {
  return {
      {"buffer-hit-ratio", sdk::OptionType::Double, "0.99",
       "low-buffer-hit-ratio: a statement whose shared_blks_hit / (hit + read) is below this is reported, 0..1; "
       "seed 003_…, DB-OPT-08",
       0.0, 1.0},
      {"buffer-hit-min-blks-read", sdk::OptionType::Integer, "1000",
       "low-buffer-hit-ratio: smallest pg_stat_statements.shared_blks_read (pages) for a statement to matter; "
       "dbopt choice: 1,000 pages = 8 MB, below which misses are the warm-up of a cold cache",
       0.0, std::nullopt},
  };
}

void LowBufferHitRatioCheck::run(const sdk::Catalog& catalog, const sdk::Options& options,
                                 sdk::FindingSink& sink) const {
  if (!catalog.has_statements()) {
    sink.log("low-buffer-hit-ratio: skipped: pg_stat_statements was not captured");
    return;
  }
  const double threshold = options.number("buffer-hit-ratio");
  const std::int64_t min_read = options.integer("buffer-hit-min-blks-read");
  const double total = catalog.total_exec_time();
  const std::int64_t block_size = catalog.block_size();
  const sdk::Setting* shared_buffers = catalog.setting("shared_buffers");

  for (const StatementGroup& g : group_statements(catalog)) {
    const std::int64_t accessed = g.shared_blks_hit + g.shared_blks_read;
    if (accessed <= 0 || g.shared_blks_read < min_read) continue;
    const double ratio = static_cast<double>(g.shared_blks_hit) / static_cast<double>(accessed);
    if (ratio >= threshold) continue;
    const double share = time_share(g, total);

    sdk::Finding f;
    f.check_id = kId;
    f.story = "DB-OPT-08";
    f.title = "Statement \"" + statement_label(g.query, kTitleQueryBytes) + "\" finds only " + format_percent(ratio) +
              " of its pages in shared buffers (" + sql::format_bytes(g.shared_blks_read * block_size) + " read)";
    std::string d;
    d += "Of the " + sdk::md::escape(sql::format_count(accessed)) + " shared pages this statement accessed in " +
         sdk::md::escape(sql::format_count(g.calls)) + " calls, " + sdk::md::escape(sql::format_count(g.shared_blks_read)) +
         " (" + sdk::md::escape(sql::format_bytes(g.shared_blks_read * block_size)) +
         ") were not in shared buffers (pg\\_stat\\_statements.shared\\_blks\\_read): a hit ratio of " +
         sdk::md::escape(format_percent(ratio)) + ", below " + sdk::md::escape(format_percent(threshold)) +
         " (seed DB-OPT-08). It takes " + sdk::md::escape(format_percent(share)) + " of all statement time.\n\n";
    d += sdk::md::code_block(g.query) + "\n\n";
    d += "A read is served by the operating system's page cache or by the disk: pg\\_stat\\_statements cannot tell "
         "which (with track\\_io\\_timing on, blk\\_read\\_time says how long the reads took). Either the data it "
         "needs is larger than shared\\_buffers" +
         (shared_buffers ? " (" + sdk::md::escape(shared_buffers->setting) +
                               (shared_buffers->unit ? " × " + sdk::md::escape(*shared_buffers->unit) : std::string()) + ")"
                         : std::string()) +
         " — a sequential scan of a table larger than a quarter of shared\\_buffers always uses a small ring of "
         "buffers and reads most of its pages — or its rows are scattered over many pages (poor locality: "
         "CLUSTER on the index it reads by, or a narrower index). Check the plan "
         "(`EXPLAIN (ANALYZE, BUFFERS)`) before sizing memory.\n";
    f.detail = d;
    f.object = statement_object(g);
    f.evidence = {metric("buffer_hit_ratio", ratio, "ratio"),
                  metric("shared_blks_hit", static_cast<double>(g.shared_blks_hit), "pages"),
                  metric("shared_blks_read", static_cast<double>(g.shared_blks_read), "pages"),
                  metric("shared_read_bytes", static_cast<double>(g.shared_blks_read * block_size), "bytes"),
                  metric("calls", static_cast<double>(g.calls), "count"),
                  metric("time_share", share, "ratio")};
    f.impact.affected_queryids = {g.queryid};
    f.impact.time_share = share;
    f.impact.summary = format_percent(1.0 - ratio) + " of its page accesses go outside shared buffers";
    f.severity = ratio < kMediumHitRatio ? sdk::Severity::Medium : sdk::Severity::Low;
    f.confidence = sdk::Confidence::Modeled;
    f.risk = {sdk::RiskLevel::Low, "nothing is changed: a larger shared_buffers needs a restart and RAM, "
                                   "CLUSTER takes an ACCESS EXCLUSIVE lock — decide from the plan"};
    sink.add(f);
  }
}

}  // namespace dbopt::plugins::query_profiler

#include "TempSpillCheck.hpp"

#include "Evidence.hpp"
#include "StatementGroups.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::query_profiler {

namespace sql = sdk::sql;

sdk::CheckInfo TempSpillCheck::info() { return {kId, "Statement spilling to temporary files", ""}; }

std::vector<sdk::OptionSpec> TempSpillCheck::options() {
  return {
      {"temp-min-blks-written", sdk::OptionType::Integer, "128",
       "temp-spill: smallest pg_stat_statements.temp_blks_written (pages) reported; dbopt choice: 128 pages = "
       "1 MB, below which a spill costs less than the memory it would take to avoid it",
       1.0, std::nullopt},
      {"temp-medium-share", sdk::OptionType::Double, "0.10",
       "temp-spill: a spilling statement with at least this share of total statement time is medium severity, "
       "0..1; dbopt choice",
       0.0, 1.0},
  };
}

void TempSpillCheck::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  if (!catalog.has_statements()) {
    sink.log("temp-spill: skipped: pg_stat_statements was not captured");
    return;
  }
  const std::int64_t min_written = options.integer("temp-min-blks-written");
  const double medium_share = options.number("temp-medium-share");
  const double total = catalog.total_exec_time();
  const std::int64_t block_size = catalog.block_size();
  const sdk::Setting* work_mem = catalog.setting("work_mem");

  for (const StatementGroup& g : group_statements(catalog)) {
    if (g.calls <= 0 || g.temp_blks_written < min_written) continue;
    const double written_bytes = static_cast<double>(g.temp_blks_written) * static_cast<double>(block_size);
    const double per_call = written_bytes / static_cast<double>(g.calls);
    const double share = time_share(g, total);
    const auto per_call_bytes = static_cast<std::int64_t>(per_call);

    sdk::Finding f;
    f.check_id = kId;
    f.title = "Statement \"" + statement_label(g.query, kTitleQueryBytes) + "\" spills " + sql::format_bytes(per_call_bytes) +
              " per call to temporary files";
    std::string d;
    d += "In " + sdk::md::escape(sql::format_count(g.calls)) + " calls this statement wrote " +
         sdk::md::escape(sql::format_count(g.temp_blks_written)) + " temporary pages (" +
         sdk::md::escape(sql::format_bytes(static_cast<std::int64_t>(written_bytes))) + ", " +
         sdk::md::escape(sql::format_bytes(per_call_bytes)) + " per call) and read back " +
         sdk::md::escape(sql::format_count(g.temp_blks_read)) +
         " (pg\\_stat\\_statements.temp\\_blks\\_written / temp\\_blks\\_read); mean time " +
         sdk::md::escape(sql::format_ms(g.mean_exec_time)) + ", " + sdk::md::escape(format_percent(share)) +
         " of all statement time.\n\n";
    d += sdk::md::code_block(g.query) + "\n\n";
    d += "A sort, hash or materialize step did not fit in work\\_mem";
    if (work_mem)
      d += " (the server's work\\_mem is " + sdk::md::escape(work_mem->setting) +
           (work_mem->unit ? " " + sdk::md::escape(*work_mem->unit) : std::string()) +
           "; a session or role may set another value)";
    d += " and went through temporary files. The memory needed is larger than the bytes spilled (the on-disk "
         "format is more compact than the in-memory one). The fix is a larger work\\_mem for this workload — "
         "per role or per transaction (`SET LOCAL work_mem`) rather than server-wide, since every sort and hash "
         "node of every connection may use it: config-tuner sizes it from this evidence. A query that sorts or "
         "hashes fewer rows (a selective index, LIMIT pushed down) is the other fix.\n";
    f.detail = d;
    f.object = statement_object(g);
    f.evidence = {metric("temp_blks_written", static_cast<double>(g.temp_blks_written), "pages"),
                  metric("temp_blks_read", static_cast<double>(g.temp_blks_read), "pages"),
                  metric("calls", static_cast<double>(g.calls), "count"),
                  metric("temp_bytes_per_call", per_call, "bytes"),
                  metric("mean_exec_time", g.mean_exec_time, "ms"),
                  metric("time_share", share, "ratio")};
    f.impact.affected_queryids = {g.queryid};
    f.impact.time_share = share;
    f.impact.summary = sql::format_bytes(per_call_bytes) + " written to temporary files per call";
    f.severity = share >= medium_share ? sdk::Severity::Medium : sdk::Severity::Low;
    f.confidence = sdk::Confidence::Modeled;
    f.risk = {sdk::RiskLevel::Low, "nothing is changed here: raising work_mem is config-tuner's recommendation, "
                                   "with its memory bound"};
    sink.add(f);
  }
}

}  // namespace dbopt::plugins::query_profiler

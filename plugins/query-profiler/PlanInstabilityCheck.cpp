#include "PlanInstabilityCheck.hpp"

#include <cstdio>

#include "Evidence.hpp"
#include "StatementGroups.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::query_profiler {

namespace sql = sdk::sql;

namespace {
std::string format_ratio(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}
}  // namespace

sdk::CheckInfo PlanInstabilityCheck::info() { return {kId, "Unstable statement execution time", ""}; }

std::vector<sdk::OptionSpec> PlanInstabilityCheck::options() {
  return {
      {"instability-cv", sdk::OptionType::Double, "1.5",
       "plan-instability: smallest stddev_exec_time / mean_exec_time (coefficient of variation); dbopt choice: "
       "at 1.5 the spread is half again the mean, which steady calls of one plan do not reach (they stay well "
       "below 1) — typically a few calls many times slower than the rest",
       0.0, std::nullopt},
      {"instability-min-calls", sdk::OptionType::Integer, "20",
       "plan-instability: smallest number of calls for the spread to mean something; dbopt choice", 2.0, std::nullopt},
      {"instability-min-stddev", sdk::OptionType::Double, "2",
       "plan-instability: smallest stddev_exec_time, ms; dbopt choice: below 2 ms the variation is lost in a "
       "network round trip, and sub-millisecond statements vary by multiples on cache warm-up alone",
       0.0, std::nullopt},
  };
}

void PlanInstabilityCheck::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  if (!catalog.has_statements()) {
    sink.log("plan-instability: skipped: pg_stat_statements was not captured");
    return;
  }
  const double min_cv = options.number("instability-cv");
  const std::int64_t min_calls = options.integer("instability-min-calls");
  const double min_stddev = options.number("instability-min-stddev");
  const double total = catalog.total_exec_time();

  for (const StatementGroup& g : group_statements(catalog)) {
    if (g.calls < min_calls || g.mean_exec_time <= 0 || g.stddev_exec_time < min_stddev) continue;
    const double cv = g.stddev_exec_time / g.mean_exec_time;
    if (cv < min_cv) continue;
    const double share = time_share(g, total);

    sdk::Finding f;
    f.check_id = kId;
    f.title = "Statement \"" + statement_label(g.query, kTitleQueryBytes) + "\" has unstable execution time (mean " +
              sql::format_ms(g.mean_exec_time) + ", stddev " + sql::format_ms(g.stddev_exec_time) + ", max " +
              sql::format_ms(g.max_exec_time) + ")";
    std::string d;
    d += "Over " + sdk::md::escape(sql::format_count(g.calls)) + " calls this statement took " +
         sdk::md::escape(sql::format_ms(g.mean_exec_time)) + " on average with a standard deviation of " +
         sdk::md::escape(sql::format_ms(g.stddev_exec_time)) + " (stddev / mean = " + sdk::md::escape(format_ratio(cv)) +
         ", at or above " + sdk::md::escape(format_ratio(min_cv)) + "); the fastest call took " +
         sdk::md::escape(sql::format_ms(g.min_exec_time)) + ", the slowest " +
         sdk::md::escape(sql::format_ms(g.max_exec_time)) + ". It takes " +
         sdk::md::escape(format_percent(share)) + " of all statement time.\n\n";
    d += sdk::md::code_block(g.query) + "\n\n";
    d += "Calls of one plan over similar data vary far less. A spread this wide usually means that some "
         "parameter values get a different plan or touch many more rows (a skewed column: one value matching "
         "most of the table), that a prepared statement switched to a generic plan (plan\\_cache\\_mode), or that "
         "some calls waited on locks or I/O. Compare `EXPLAIN (ANALYZE, BUFFERS)` of a fast and a slow "
         "parameter value; auto\\_explain with log\\_min\\_duration catches the slow calls' plans. "
         "pg\\_stat\\_statements keeps only aggregates: this is a lead, not a diagnosis.\n";
    f.detail = d;
    f.object = statement_object(g);
    f.evidence = {metric("calls", static_cast<double>(g.calls), "count"),
                  metric("mean_exec_time", g.mean_exec_time, "ms"),
                  metric("stddev_exec_time", g.stddev_exec_time, "ms"),
                  metric("min_exec_time", g.min_exec_time, "ms"),
                  metric("max_exec_time", g.max_exec_time, "ms"),
                  metric("stddev_to_mean", cv, "ratio"),
                  metric("time_share", share, "ratio")};
    f.impact.affected_queryids = {g.queryid};
    f.impact.time_share = share;
    f.impact.summary = "execution time varies " + format_ratio(cv) + "× its mean";
    f.severity = sdk::Severity::Low;
    f.confidence = sdk::Confidence::Heuristic;
    f.risk = {sdk::RiskLevel::Low, "nothing is changed: the finding asks for the plans of slow and fast calls"};
    sink.add(f);
  }
}

}  // namespace dbopt::plugins::query_profiler

#include "WorkloadClassCheck.hpp"

#include "Evidence.hpp"
#include "StatementGroups.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::query_profiler {

namespace sql = sdk::sql;

sdk::CheckInfo WorkloadClassCheck::info() { return {kId, "Workload class (executive summary)", ""}; }

std::vector<sdk::OptionSpec> WorkloadClassCheck::options() {
  return {
      {"olap-statement-mean-ms", sdk::OptionType::Double, "100",
       "workload-class: a statement with mean_exec_time at or above this (ms) is analytical; dbopt choice: "
       "interactive (OLTP) statements answer in milliseconds, reports and aggregations over many rows take "
       "hundreds",
       0.0, std::nullopt},
      {"olap-statement-rows-per-call", sdk::OptionType::Double, "1000",
       "workload-class: a statement returning or touching at least this many rows per call is analytical; "
       "dbopt choice: a screen or an API response shows tens to hundreds of rows",
       0.0, std::nullopt},
      {"olap-time-share", sdk::OptionType::Double, "0.70",
       "workload-class: OLAP when analytical statements take at least this share of the classified statement "
       "time, 0..1; dbopt choice",
       0.0, 1.0},
      {"oltp-time-share", sdk::OptionType::Double, "0.30",
       "workload-class: OLTP when analytical statements take at most this share of the classified statement "
       "time, 0..1; dbopt choice (between the two: Mixed)",
       0.0, 1.0},
  };
}

void WorkloadClassCheck::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  if (!catalog.has_statements()) {
    sink.log("workload-class: skipped: pg_stat_statements was not captured");
    return;
  }
  const double olap_mean = options.number("olap-statement-mean-ms");
  const double olap_rows = options.number("olap-statement-rows-per-call");
  const double olap_share = options.number("olap-time-share");
  const double oltp_share = options.number("oltp-time-share");

  std::int64_t read_calls = 0, write_calls = 0, read_rows = 0, statements = 0, analytical = 0, other = 0;
  double read_time = 0, write_time = 0, analytical_time = 0;
  for (const StatementGroup& g : group_statements(catalog)) {
    const bool read = is_read(g), write = is_write(g);
    if ((!read && !write) || g.calls <= 0) {
      ++other;
      continue;
    }
    ++statements;
    if (read) {
      read_calls += g.calls;
      read_time += g.total_exec_time;
      read_rows += g.rows;
    } else {
      write_calls += g.calls;
      write_time += g.total_exec_time;
    }
    const double rows_per_call = static_cast<double>(g.rows) / static_cast<double>(g.calls);
    if (g.mean_exec_time >= olap_mean || rows_per_call >= olap_rows) {
      ++analytical;
      analytical_time += g.total_exec_time;
    }
  }
  const std::int64_t calls = read_calls + write_calls;
  const double time = read_time + write_time;
  if (calls <= 0 || time <= 0) {
    sink.log("workload-class: skipped: no SELECT, INSERT, UPDATE, DELETE or MERGE statement with calls and time "
             "in pg_stat_statements (" + std::to_string(other) + " utility or unparsed statements left out)");
    return;
  }
  const double a_share = analytical_time / time;
  const double read_calls_share = static_cast<double>(read_calls) / static_cast<double>(calls);
  const double read_time_share = read_time / time;
  const double rows_per_read_call =
      read_calls > 0 ? static_cast<double>(read_rows) / static_cast<double>(read_calls) : 0.0;
  const double mean = time / static_cast<double>(calls);
  const std::string value = a_share >= olap_share ? "OLAP" : a_share <= oltp_share ? "OLTP" : "Mixed";

  sdk::SummaryFact fact;
  fact.key = kFactKey;
  fact.label = "Workload class";
  fact.value = value;
  fact.detail = sdk::md::escape(value) + ": analytical statements (mean ≥ " + sdk::md::escape(sql::format_ms(olap_mean)) +
                " or ≥ " + sdk::md::escape(sql::format_count(static_cast<std::int64_t>(olap_rows))) +
                " rows per call) take " + sdk::md::escape(format_percent(a_share)) + " of the time of " +
                sdk::md::escape(sql::format_count(statements)) + " statements (OLTP ≤ " +
                sdk::md::escape(format_percent(oltp_share)) + ", OLAP ≥ " + sdk::md::escape(format_percent(olap_share)) +
                "); reads are " + sdk::md::escape(format_percent(read_calls_share)) + " of " +
                sdk::md::escape(sql::format_count(calls)) + " calls and " + sdk::md::escape(format_percent(read_time_share)) +
                " of the time, " + sdk::md::escape(sql::format_count(static_cast<std::int64_t>(rows_per_read_call))) +
                " rows per read call, " + sdk::md::escape(sql::format_ms(mean)) + " per call on average.";
  fact.evidence = {metric("analytical_time_share", a_share, "ratio"),
                   metric("analytical_statements", static_cast<double>(analytical), "count"),
                   metric("classified_statements", static_cast<double>(statements), "count"),
                   metric("unclassified_statements", static_cast<double>(other), "count"),
                   metric("calls", static_cast<double>(calls), "count"),
                   metric("read_calls_share", read_calls_share, "ratio"),
                   metric("write_calls_share", 1.0 - read_calls_share, "ratio"),
                   metric("read_time_share", read_time_share, "ratio"),
                   metric("write_time_share", 1.0 - read_time_share, "ratio"),
                   metric("rows_per_read_call", rows_per_read_call, "rows"),
                   metric("mean_exec_time", mean, "ms")};
  sink.summary(fact);
  sink.log("workload-class: " + value + " — analytical statements " + std::to_string(analytical) + " of " +
           std::to_string(statements) + ", " + format_percent(a_share) + " of classified time (OLTP <= " +
           format_percent(oltp_share) + ", OLAP >= " + format_percent(olap_share) + "); reads " +
           format_percent(read_calls_share) + " of calls, " + format_percent(read_time_share) + " of time; " +
           std::to_string(other) + " utility or unparsed statements left out");
}

}  // namespace dbopt::plugins::query_profiler

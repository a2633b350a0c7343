#include "HighTrafficStatementCheck.hpp"

#include "Evidence.hpp"
#include "StatementGroups.hpp"
#include "TopStatementsCheck.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::query_profiler {

namespace sql = sdk::sql;

sdk::CheckInfo HighTrafficStatementCheck::info() { return {kId, "High-traffic statement", ""}; }

std::vector<sdk::OptionSpec> HighTrafficStatementCheck::options() {
  return {
      {"high-traffic-share", sdk::OptionType::Double, "0.30",
       "high-traffic-statement: smallest share of total statement time (pg_stat_statements.total_exec_time), "
       "0..1; issue 3 and DESIGN.md (the P1 rule's high-traffic share, report/priority.hpp)",
       0.0, 1.0},
  };
}

void HighTrafficStatementCheck::run(const sdk::Catalog& catalog, const sdk::Options& options,
                                    sdk::FindingSink& sink) const {
  if (!catalog.has_statements()) {
    sink.log("high-traffic-statement: skipped: pg_stat_statements was not captured");
    return;
  }
  const double threshold = options.number("high-traffic-share");
  const double total = catalog.total_exec_time();
  if (total <= 0) {
    sink.log("high-traffic-statement: skipped: total statement time is 0 ms");
    return;
  }
  const std::int64_t block_size = catalog.block_size();
  for (const StatementGroup& g : group_statements(catalog)) {
    const double share = time_share(g, total);
    if (share < threshold) break;  // groups are sorted by total time
    if (g.facts && g.facts->parsed && g.facts->kind == sdk::StatementKind::Utility) {
      // Maintenance (ANALYZE, VACUUM, CREATE INDEX) is not traffic: it stays in the total, unreported.
      sink.log("high-traffic-statement: queryid " + std::to_string(g.queryid) + " takes " + format_percent(share) +
               " of statement time but is a utility command (" + statement_label(g.query, 60) + "): not reported");
      continue;
    }

    sdk::Finding f;
    f.check_id = kId;
    f.title = "Statement \"" + statement_label(g.query, kTitleQueryBytes) + "\" takes " + format_percent(share) +
              " of all statement time (" + sql::format_ms(g.total_exec_time) + " in " + sql::format_count(g.calls) +
              " calls)";
    std::string d;
    d += "This statement accounts for " + sdk::md::escape(format_percent(share)) + " of the time spent executing "
         "statements since pg\\_stat\\_statements was last reset: " +
         sdk::md::escape(sql::format_ms(g.total_exec_time)) + " of " + sdk::md::escape(sql::format_ms(total)) + ", in " +
         sdk::md::escape(sql::format_count(g.calls)) + " calls of " + sdk::md::escape(sql::format_ms(g.mean_exec_time)) +
         " on average (max " + sdk::md::escape(sql::format_ms(g.max_exec_time)) + "), returning or touching " +
         sdk::md::escape(sql::format_count(g.rows)) + " rows; it read " +
         sdk::md::escape(sql::format_bytes(g.shared_blks_read * block_size)) + " from outside shared buffers.\n\n";
    d += sdk::md::code_block(g.query) + "\n\n";
    d += "It is at or above the high-traffic share (" + sdk::md::escape(format_percent(threshold)) +
         "): any gain on it is the largest lever on the database's statement time, and under dbopt's priority "
         "rule a fix estimated above 10× on it (an index, a rewrite) is P1. This finding proposes no fix and "
         "no speedup by itself: see the findings of other checks on the same queryid, and the plan "
         "(`EXPLAIN (ANALYZE, BUFFERS)`) of a typical call.\n";
    f.detail = d;
    f.object = statement_object(g);
    f.evidence = {metric("total_exec_time", g.total_exec_time, "ms"),
                  metric("time_share", share, "ratio"),
                  metric("total_exec_time_all_statements", total, "ms"),
                  metric("calls", static_cast<double>(g.calls), "count"),
                  metric("mean_exec_time", g.mean_exec_time, "ms"),
                  metric("max_exec_time", g.max_exec_time, "ms"),
                  metric("rows", static_cast<double>(g.rows), "rows"),
                  metric("shared_blks_read", static_cast<double>(g.shared_blks_read), "pages")};
    f.impact.affected_queryids = {g.queryid};
    f.impact.time_share = share;
    f.impact.summary = format_percent(share) + " of statement time in one statement: the first place to look";
    f.severity = sdk::Severity::Medium;
    f.confidence = sdk::Confidence::Modeled;
    f.risk = {sdk::RiskLevel::Low, "nothing is changed: the finding points at where the time goes"};
    f.exhibit = TopStatementsCheck::kExhibitId;
    sink.add(f);
  }
}

}  // namespace dbopt::plugins::query_profiler

// query-profiler/high-traffic-statement — one statement takes a large share of all statement
// time. Issue 3 / DESIGN.md "Findings": above 30 % of total time a statement is high traffic, the
// P1 candidate of the priority rule (report/priority.hpp kHighTrafficShare); seed 000_…,
// slow_queries.percent_total; postgres-checkup K003 (top queries by total time).
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::query_profiler {

/// Reports each statement group whose total_exec_time is at least `high-traffic-share` of the
/// total over all statements (and the total is positive), except utility commands (facts kind
/// Utility: ANALYZE, VACUUM, CREATE INDEX …, logged), which are maintenance rather than traffic. Severity medium (P3 on its own: it
/// proposes no fix and no speedup); impact.time_share and affected_queryids are set so that a fix
/// estimated above 10× by another check on the same statement is P1. Linked to the
/// top-statements exhibit. Skipped (logged) without pg_stat_statements.
/// README.md, section query-profiler/high-traffic-statement.
class HighTrafficStatementCheck {
 public:
  static constexpr const char* kId = "query-profiler/high-traffic-statement";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::query_profiler

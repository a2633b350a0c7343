// plan-decoder/cte-materialized — a WITH query materialized (CTE Scan) and referenced once,
// whose outer query filters most of its rows away: inlined (`AS NOT MATERIALIZED`, PostgreSQL
// 12+) the filter would be pushed down to the scan of the CTE's table. Seed 003_…, DB-OPT-09;
// PostgreSQL docs, "WITH Queries" (queries-with.html, CTE Materialization).
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::plan_decoder {

/// Reports a `CTE Scan` that is the only reference to its CTE, whose Filter removed at least
/// `cte-removed-share` of at least `cte-min-rows` rows read (× loops), when the CTE's subplan
/// is a plain select over tables (no ModifyTable, recursion, Limit, aggregate, window, DISTINCT,
/// set operation, set-returning function or row lock: a predicate is pushed into such a
/// subquery, src/backend/optimizer/path/allpaths.c subquery_is_pushdown_safe) and the statement
/// text declares it `AS MATERIALIZED` with no known-volatile function in its body. The rewritten
/// statement (only the MATERIALIZED keyword changed) is in the detail and in the evidence
/// `rewritten_query`; no Script (see README.md). Severity medium when the CTE subplan took at
/// least `cte-time-share` of the statement, else low.
class CteMaterializedCheck {
 public:
  static constexpr const char* kId = "plan-decoder/cte-materialized";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options, PlanFindings& out) const;
};

}  // namespace dbopt::plugins::plan_decoder

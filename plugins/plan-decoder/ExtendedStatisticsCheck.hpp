// plan-decoder/extended-statistics — the fix of DB-OPT-07 for a misestimated scan: statistics the
// planner lacks. Seed 003_…, DB-OPT-07 ("CREATE STATISTICS on (data ->> 'serviceId')"; acceptance:
// "Planner estimates match actual row counts within 10%") and technical reference 6.4.
// PostgreSQL docs: "Extended Statistics" (planner-stats.html#PLANNER-STATS-EXTENDED),
// CREATE STATISTICS (sql-createstatistics.html; expression statistics since PostgreSQL 14).
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::plan_decoder {

/// For a scan of a table in the snapshot (Seq Scan, Index Scan, Index Only Scan, Bitmap Heap
/// Scan) whose rows are misestimated by at least `misestimate-factor` (and the larger side at
/// least `misestimate-min-rows`), and whose condition (Filter, Index Cond, Recheck Cond):
///  * compares `jsonb_col ->> 'key'` with a constant → `CREATE STATISTICS s ON ((col ->> 'key'))
///    FROM t; ANALYZE t;` (server 14+: expression statistics);
///  * else has equality comparisons on two or more columns of the table → `CREATE STATISTICS s
///    (dependencies, ndistinct, mcv) ON a, b FROM t; ANALYZE t;` (functional dependencies and
///    multi-column MCV lists correct the independence assumption).
/// Rollback: DROP STATISTICS IF EXISTS (the ANALYZE needs none). Severity follows the misestimate
/// grade (medium ≥ 10×, high ≥ 100×). README.md, plan-decoder/extended-statistics.
class ExtendedStatisticsCheck {
 public:
  static constexpr const char* kId = "plan-decoder/extended-statistics";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options, PlanFindings& out) const;
};

}  // namespace dbopt::plugins::plan_decoder

// plan-decoder/seq-scan-filter — a sequential scan of a large table that throws most of what
// it reads away in its Filter. Seed 003_…, decode_execution_plan.py: "Flag Seq Scan on >1M row
// tables as CRITICAL"; superpower 5: "identifies Seq Scans on billion-row tables".
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::plan_decoder {

/// Reports (Parallel) Seq Scan nodes that read at least `seq-scan-min-rows` rows (actual rows +
/// rows removed by filter, over all loops) and removed at least `seq-scan-removed-share` of them.
/// Severity: critical when the table (pg_class.reltuples, else the rows read) exceeds
/// `seq-scan-critical-rows`, high above a tenth of it, medium otherwise. When the Filter is plain
/// AND-ed column comparisons and the table and columns are in the catalog, proposes
/// CREATE INDEX CONCURRENTLY on the equality columns then one range column (btree; skipped when
/// an index already leads with those columns). README.md, plan-decoder/seq-scan-filter.
class SeqScanFilterCheck {
 public:
  static constexpr const char* kId = "plan-decoder/seq-scan-filter";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options, PlanFindings& out) const;
};

}  // namespace dbopt::plugins::plan_decoder

// plan-decoder/work-mem-spill — a Sort that went to disk (external merge/sort), a Hash that
// needed more than one batch, a HashAggregate that spilled: each with the work_mem that would
// have kept it in memory, from the figures EXPLAIN ANALYZE reports (explain.c show_sort_info,
// show_hash_info, show_hashagg_info; PostgreSQL docs "Resource Consumption", work_mem,
// hash_mem_multiplier).
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::plan_decoder {

/// Memory each spilling node needed, kB: Sort: Disk × `sort-memory-factor` (the in-memory
/// form is larger than the on-disk one); Hash: Peak Memory Usage × Hash Batches, divided by
/// hash_mem_multiplier (plan "Settings", else pg_settings, else 2.0, the PG 15 default);
/// HashAggregate: Peak Memory Usage + Disk Usage, divided by hash_mem_multiplier. Suggested
/// work_mem = that, rounded up to a whole MB. Severity medium when the node's exclusive time is
/// at least `spill-time-share` of the statement, else low. No script: work_mem is set for the
/// session or transaction running the query (SET LOCAL), not server-wide (every sort/hash of
/// every connection may use it). README.md, plan-decoder/work-mem-spill.
class WorkMemSpillCheck {
 public:
  static constexpr const char* kId = "plan-decoder/work-mem-spill";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options, PlanFindings& out) const;
};

}  // namespace dbopt::plugins::plan_decoder

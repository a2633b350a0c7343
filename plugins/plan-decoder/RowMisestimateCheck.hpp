// plan-decoder/row-misestimate — the planner's row estimate of a node is off by 10×, 100× or
// 1000× (PEV2 and pgMustard grade at the same factors). Seed 003_…, DB-OPT-QUERY-01: "Poor
// selectivity estimates cause catastrophic join strategies".
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::plan_decoder {

/// Reports, per plan, the nodes whose estimated rows (plan_rows × loops) and actual rows
/// (actual_rows × loops) differ by at least `misestimate-factor`, where the larger side is at
/// least `misestimate-min-rows` and no child is itself misestimated in the same direction (the
/// node where the error starts, not every node that inherits it); at most `max-nodes-per-plan`,
/// worst first. Severity low ≥ 10×, medium ≥ 100×, high ≥ 1000×. README.md, plan-decoder/row-misestimate.
class RowMisestimateCheck {
 public:
  static constexpr const char* kId = "plan-decoder/row-misestimate";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options, PlanFindings& out) const;
};

}  // namespace dbopt::plugins::plan_decoder

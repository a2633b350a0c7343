// plan-decoder/nested-loop-inner — a Nested Loop that runs its inner side many times where
// the inner side is expensive or the loop count was badly underestimated. Seed 003_…,
// DB-OPT-07: "No more Nested Loop on million-row tables"; epic DB-OPT-QUERY-01.
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::plan_decoder {

/// Reports Nested Loop nodes whose inner child ran at least `nested-loop-min-loops` times and
/// either took at least `nested-loop-time-share` of the statement (inner total time) or whose
/// outer child returned `misestimate-factor` × more rows than estimated (the planner expected few
/// loops). Severity high when the inner side takes at least half of the statement, else medium. README.md, plan-decoder/nested-loop-inner.
class NestedLoopInnerCheck {
 public:
  static constexpr const char* kId = "plan-decoder/nested-loop-inner";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options, PlanFindings& out) const;
};

}  // namespace dbopt::plugins::plan_decoder

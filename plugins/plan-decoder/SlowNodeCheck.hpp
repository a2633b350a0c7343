// plan-decoder/slowest-node — the node where the statement spends most of its own time
// (exclusive time: the node's total minus its children's), as PEV2 and pgMustard show first.
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::plan_decoder {

/// Reports, per plan with timing, the nodes whose exclusive time is at least `slow-node-share` of
/// the statement's execution time (at most max-nodes-per-plan), as informational findings that
/// point the reader at where the time goes; the other checks say why. README.md, plan-decoder/slowest-node.
class SlowNodeCheck {
 public:
  static constexpr const char* kId = "plan-decoder/slowest-node";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options, PlanFindings& out) const;
};

}  // namespace dbopt::plugins::plan_decoder

// plan-decoder/trigger-time — triggers (including foreign-key checks) that take a large
// share of a modifying statement's execution time (EXPLAIN ANALYZE "Trigger … time=").
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::plan_decoder {

/// Reports each trigger whose Time is at least `trigger-time-share` of the Execution Time;
/// foreign-key triggers ("for constraint") point at a missing index on the referencing side. README.md, plan-decoder/trigger-time.
class TriggerShareCheck {
 public:
  static constexpr const char* kId = "plan-decoder/trigger-time";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options, PlanFindings& out) const;
};

}  // namespace dbopt::plugins::plan_decoder

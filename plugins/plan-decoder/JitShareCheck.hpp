// plan-decoder/jit-time — JIT compilation that takes a large share of the statement's
// execution time (typical for short OLTP statements whose cost exceeds jit_above_cost).
// Source: PostgreSQL docs "JIT" (jit-decision), EXPLAIN's JIT section.
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::plan_decoder {

/// Reports plans whose JIT Timing Total is at least `jit-time-share` of the Execution Time and at
/// least `jit-min-ms`; severity medium. Suggests raising jit_above_cost (or jit = off) for the
/// role or session running such statements. README.md, plan-decoder/jit-time.
class JitShareCheck {
 public:
  static constexpr const char* kId = "plan-decoder/jit-time";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options, PlanFindings& out) const;
};

}  // namespace dbopt::plugins::plan_decoder

// plan-decoder/parallel-workers — a Gather that launched fewer parallel workers than planned
// (Workers Launched < Workers Planned): max_parallel_workers or max_worker_processes were
// exhausted when it ran. Source: PostgreSQL docs "Parallel Query" (15.2, When Can Parallel
// Query Be Used?).
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::plan_decoder {

/// Reports Gather / Gather Merge nodes with workers_launched < workers_planned; severity medium
/// when none was launched, else low. README.md, plan-decoder/parallel-workers.
class WorkersCheck {
 public:
  static constexpr const char* kId = "plan-decoder/parallel-workers";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options, PlanFindings& out) const;
};

}  // namespace dbopt::plugins::plan_decoder

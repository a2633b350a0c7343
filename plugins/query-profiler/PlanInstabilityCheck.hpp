// query-profiler/plan-instability — a statement whose execution time varies far more than its
// mean: different plans for different parameters (generic vs custom plans, skewed values), or
// calls that wait (locks, I/O). Issue 3, "Plan instability: high stddev_exec_time relative to
// mean"; postgres-checkup K003 shows stddev next to mean.
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::query_profiler {

/// Reports each statement group with calls ≥ `instability-min-calls`,
/// stddev_exec_time ≥ `instability-min-stddev` ms and stddev_exec_time / mean_exec_time ≥
/// `instability-cv`. Severity low, confidence heuristic (the counters show the spread, not its
/// cause). Skipped (logged) without pg_stat_statements.
/// README.md, section query-profiler/plan-instability.
class PlanInstabilityCheck {
 public:
  static constexpr const char* kId = "query-profiler/plan-instability";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::query_profiler

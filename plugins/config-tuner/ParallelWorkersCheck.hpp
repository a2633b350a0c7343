// config-tuner/parallel-workers — max_worker_processes, max_parallel_workers, max_parallel_workers_per_gather and
// max_parallel_maintenance_workers against CPU cores (PGTune (pgtune.leopard.in.ua), its formulas) and the
// dependency max_parallel_workers ≤ max_worker_processes (runtime-config-resource.html).
// README.md, section config-tuner/parallel-workers.
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::config_tuner {

/// Parallel worker settings do not match the CPU cores. See README.md, section config-tuner/parallel-workers.
class ParallelWorkersCheck {
 public:
  static constexpr const char* kId = "config-tuner/parallel-workers";
  static sdk::CheckInfo info() { return {kId, "Parallel worker settings do not match the CPU cores", ""}; }
  static std::vector<sdk::OptionSpec> options();
  static HardwareNeeds needs() { return HardwareNeeds{false, true, false}; }
  void run(const TunerInput& input, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::config_tuner

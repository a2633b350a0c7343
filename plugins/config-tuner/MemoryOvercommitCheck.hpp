// config-tuner/memory-overcommit — the worst-case bound shared_buffers + max_connections × work_mem × hash_mem_multiplier +
// autovacuum_max_workers × (autovacuum_work_mem or maintenance_work_mem) against RAM (issue 3; PostgreSQL docs
// runtime-config-resource.html). Fix: the work_mem that fits. postgres-checkup G002/G003.
// README.md, section config-tuner/memory-overcommit.
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::config_tuner {

/// Worst-case memory use exceeds RAM. See README.md, section config-tuner/memory-overcommit.
class MemoryOvercommitCheck {
 public:
  static constexpr const char* kId = "config-tuner/memory-overcommit";
  static sdk::CheckInfo info() { return {kId, "Worst-case memory use exceeds RAM", ""}; }
  static std::vector<sdk::OptionSpec> options();
  static HardwareNeeds needs() { return HardwareNeeds{true, false, false}; }
  void run(const TunerInput& input, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::config_tuner

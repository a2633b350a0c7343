// config-tuner/autovacuum-workers — autovacuum_max_workers below 3 (the default): one long vacuum of a large table blocks every other
// table (runtime-config-autovacuum.html). postgres-checkup F001.
// README.md, section config-tuner/autovacuum-workers.
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::config_tuner {

/// Fewer autovacuum workers than the default. See README.md, section config-tuner/autovacuum-workers.
class AutovacuumWorkersCheck {
 public:
  static constexpr const char* kId = "config-tuner/autovacuum-workers";
  static sdk::CheckInfo info() { return {kId, "Fewer autovacuum workers than the default", ""}; }
  static std::vector<sdk::OptionSpec> options();
  static HardwareNeeds needs() { return HardwareNeeds{}; }
  void run(const TunerInput& input, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::config_tuner

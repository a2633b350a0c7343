// config-tuner/autovacuum-disabled — autovacuum = off or track_counts = off (autovacuum needs track_counts): dead rows and stale statistics
// pile up (PostgreSQL docs routine-vacuuming.html#AUTOVACUUM). postgres-checkup F001.
// README.md, section config-tuner/autovacuum-disabled.
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::config_tuner {

/// Autovacuum is off. See README.md, section config-tuner/autovacuum-disabled.
class AutovacuumDisabledCheck {
 public:
  static constexpr const char* kId = "config-tuner/autovacuum-disabled";
  static sdk::CheckInfo info() { return {kId, "Autovacuum is off", ""}; }
  static std::vector<sdk::OptionSpec> options();
  static HardwareNeeds needs() { return HardwareNeeds{}; }
  void run(const TunerInput& input, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::config_tuner

// config-tuner/autovacuum-throttle — the autovacuum cost budget (autovacuum_vacuum_cost_limit, −1 = vacuum_cost_limit 200, per
// autovacuum_vacuum_cost_delay, shared by all workers) against the largest table: a worst-case pass longer
// than an hour → raise the limit (runtime-config-autovacuum.html, runtime-config-resource.html
// "Cost-based Vacuum Delay"). postgres-checkup F001/F008.
// README.md, section config-tuner/autovacuum-throttle.
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::config_tuner {

/// Autovacuum cost throttle too slow for the largest table. See README.md, section config-tuner/autovacuum-throttle.
class AutovacuumThrottleCheck {
 public:
  static constexpr const char* kId = "config-tuner/autovacuum-throttle";
  static sdk::CheckInfo info() { return {kId, "Autovacuum cost throttle too slow for the largest table", ""}; }
  static std::vector<sdk::OptionSpec> options();
  static HardwareNeeds needs() { return HardwareNeeds{}; }
  void run(const TunerInput& input, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::config_tuner

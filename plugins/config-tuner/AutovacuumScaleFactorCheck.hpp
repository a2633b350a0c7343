// config-tuner/autovacuum-scale-factor — autovacuum_vacuum_scale_factor / autovacuum_analyze_scale_factor above 0.05 / 0.02 while tables
// of ≥ 1,000,000 rows have no per-table override: at 0.2 a 10M-row table waits for 2M dead rows
// (routine-vacuuming.html#AUTOVACUUM). postgres-checkup F001/F008.
// README.md, section config-tuner/autovacuum-scale-factor.
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::config_tuner {

/// Autovacuum scale factors left at defaults with large tables. See README.md, section config-tuner/autovacuum-scale-factor.
class AutovacuumScaleFactorCheck {
 public:
  static constexpr const char* kId = "config-tuner/autovacuum-scale-factor";
  static sdk::CheckInfo info() { return {kId, "Autovacuum scale factors left at defaults with large tables", ""}; }
  static std::vector<sdk::OptionSpec> options();
  static HardwareNeeds needs() { return HardwareNeeds{}; }
  void run(const TunerInput& input, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::config_tuner

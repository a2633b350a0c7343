// config-tuner/autovacuum-logging — log_autovacuum_min_duration = -1 → 10min, the PostgreSQL 15 default (runtime-config-logging.html;
// PostgreSQL 15 release notes). postgres-checkup F001.
// README.md, section config-tuner/autovacuum-logging.
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::config_tuner {

/// Autovacuum runs are not logged. See README.md, section config-tuner/autovacuum-logging.
class AutovacuumLoggingCheck {
 public:
  static constexpr const char* kId = "config-tuner/autovacuum-logging";
  static sdk::CheckInfo info() { return {kId, "Autovacuum runs are not logged", ""}; }
  static std::vector<sdk::OptionSpec> options();
  static HardwareNeeds needs() { return HardwareNeeds{}; }
  void run(const TunerInput& input, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::config_tuner

// config-tuner/slow-query-log — log_min_duration_statement = -1 (no slow-query log) or 0 (every statement logged) → 1s
// (runtime-config-logging.html).
// README.md, section config-tuner/slow-query-log.
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::config_tuner {

/// No slow-query log. See README.md, section config-tuner/slow-query-log.
class SlowQueryLogCheck {
 public:
  static constexpr const char* kId = "config-tuner/slow-query-log";
  static sdk::CheckInfo info() { return {kId, "No slow-query log", ""}; }
  static std::vector<sdk::OptionSpec> options();
  static HardwareNeeds needs() { return HardwareNeeds{}; }
  void run(const TunerInput& input, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::config_tuner

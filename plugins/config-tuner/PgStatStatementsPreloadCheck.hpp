// config-tuner/pg-stat-statements-preload — pg_stat_statements missing from shared_preload_libraries (pgstatstatements.html: "The module must be
// loaded by adding pg_stat_statements to shared_preload_libraries"); skipped when query-profiler already
// reported pg_stat_statements unavailable.
// README.md, section config-tuner/pg-stat-statements-preload.
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::config_tuner {

/// pg_stat_statements is not preloaded. See README.md, section config-tuner/pg-stat-statements-preload.
class PgStatStatementsPreloadCheck {
 public:
  static constexpr const char* kId = "config-tuner/pg-stat-statements-preload";
  static sdk::CheckInfo info() { return {kId, "pg_stat_statements is not preloaded", ""}; }
  static std::vector<sdk::OptionSpec> options();
  static HardwareNeeds needs() { return HardwareNeeds{}; }
  void run(const TunerInput& input, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::config_tuner

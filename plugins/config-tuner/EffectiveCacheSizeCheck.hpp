// config-tuner/effective-cache-size — effective_cache_size (a planner estimate, nothing is allocated) against RAM: below 50 % or above
// 100 % of RAM → 3/4 of RAM (PGTune (pgtune.leopard.in.ua), its formulas). postgres-checkup G001.
// README.md, section config-tuner/effective-cache-size.
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::config_tuner {

/// effective_cache_size far from the RAM available for caching. See README.md, section config-tuner/effective-cache-size.
class EffectiveCacheSizeCheck {
 public:
  static constexpr const char* kId = "config-tuner/effective-cache-size";
  static sdk::CheckInfo info() { return {kId, "effective_cache_size far from the RAM available for caching", ""}; }
  static std::vector<sdk::OptionSpec> options();
  static HardwareNeeds needs() { return HardwareNeeds{true, false, false}; }
  void run(const TunerInput& input, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::config_tuner

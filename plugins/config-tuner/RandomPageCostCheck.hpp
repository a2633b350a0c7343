// config-tuner/random-page-cost — random_page_cost against the storage: SSD/network above 2 → 1.1 (PostgreSQL docs
// runtime-config-query.html: "solid-state drives, might also be better modeled with a lower value for
// random_page_cost, e.g., 1.1"; PGTune); HDD below 2 → 4 (the default).
// README.md, section config-tuner/random-page-cost.
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::config_tuner {

/// random_page_cost does not match the storage. See README.md, section config-tuner/random-page-cost.
class RandomPageCostCheck {
 public:
  static constexpr const char* kId = "config-tuner/random-page-cost";
  static sdk::CheckInfo info() { return {kId, "random_page_cost does not match the storage", ""}; }
  static std::vector<sdk::OptionSpec> options();
  static HardwareNeeds needs() { return HardwareNeeds{false, false, true}; }
  void run(const TunerInput& input, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::config_tuner

// config-tuner/shared-buffers — shared_buffers against RAM: outside 20–80 % of RAM → RAM / 4 (PGTune (pgtune.leopard.in.ua), its formulas;
// PostgreSQL docs runtime-config-resource.html: "a reasonable starting value for shared_buffers is 25% of the
// memory"). postgres-checkup G001.
// README.md, section config-tuner/shared-buffers.
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::config_tuner {

/// shared_buffers outside 20–80 % of RAM. See README.md, section config-tuner/shared-buffers.
class SharedBuffersCheck {
 public:
  static constexpr const char* kId = "config-tuner/shared-buffers";
  static sdk::CheckInfo info() { return {kId, "shared_buffers outside 20–80 % of RAM", ""}; }
  static std::vector<sdk::OptionSpec> options();
  static HardwareNeeds needs() { return HardwareNeeds{true, false, false}; }
  void run(const TunerInput& input, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::config_tuner

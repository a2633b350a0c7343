// config-tuner/maintenance-work-mem — maintenance_work_mem below half of PGTune's RAM / 16 (capped at 2GB) → that value, unless the memory
// bound would then exceed RAM. PGTune (pgtune.leopard.in.ua), its formulas; postgres-checkup G001/G003.
// README.md, section config-tuner/maintenance-work-mem.
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::config_tuner {

/// maintenance_work_mem small for the server's RAM. See README.md, section config-tuner/maintenance-work-mem.
class MaintenanceWorkMemCheck {
 public:
  static constexpr const char* kId = "config-tuner/maintenance-work-mem";
  static sdk::CheckInfo info() { return {kId, "maintenance_work_mem small for the server's RAM", ""}; }
  static std::vector<sdk::OptionSpec> options();
  static HardwareNeeds needs() { return HardwareNeeds{true, false, false}; }
  void run(const TunerInput& input, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::config_tuner

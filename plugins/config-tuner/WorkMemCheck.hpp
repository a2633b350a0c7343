// config-tuner/work-mem — work_mem sized from temp-file evidence: query-profiler/temp-spill findings (temp_bytes_per_call) and
// pg_stat_database.temp_files/temp_bytes, within PGTune's work_mem and the memory bound. Few spilling
// statements → per-query SET work_mem (no ALTER SYSTEM). postgres-checkup G002.
// README.md, section config-tuner/work-mem.
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::config_tuner {

/// Statements spill to temporary files: work_mem too small for them. See README.md, section config-tuner/work-mem.
class WorkMemCheck {
 public:
  static constexpr const char* kId = "config-tuner/work-mem";
  static sdk::CheckInfo info() { return {kId, "Statements spill to temporary files: work_mem too small for them", ""}; }
  static std::vector<sdk::OptionSpec> options();
  static HardwareNeeds needs() { return HardwareNeeds{true, false, false}; }
  void run(const TunerInput& input, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::config_tuner

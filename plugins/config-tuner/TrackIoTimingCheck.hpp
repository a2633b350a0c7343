// config-tuner/track-io-timing — track_io_timing = off: no I/O time in pg_stat_statements/pg_stat_database (runtime-config-statistics.html);
// skipped when an earlier finding (query-profiler/track-io-timing-off) covers the setting.
// README.md, section config-tuner/track-io-timing.
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::config_tuner {

/// track_io_timing is off. See README.md, section config-tuner/track-io-timing.
class TrackIoTimingCheck {
 public:
  static constexpr const char* kId = "config-tuner/track-io-timing";
  static sdk::CheckInfo info() { return {kId, "track_io_timing is off", ""}; }
  static std::vector<sdk::OptionSpec> options();
  static HardwareNeeds needs() { return HardwareNeeds{}; }
  void run(const TunerInput& input, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::config_tuner

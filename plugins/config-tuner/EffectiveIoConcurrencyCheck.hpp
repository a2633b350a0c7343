// config-tuner/effective-io-concurrency — effective_io_concurrency on SSD (200) / network storage (300) below 100 (PGTune (pgtune.leopard.in.ua),
// its formulas); skipped on platforms without posix_fadvise, where it must stay 0 (PostgreSQL docs
// runtime-config-resource.html).
// README.md, section config-tuner/effective-io-concurrency.
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::config_tuner {

/// effective_io_concurrency low for SSD/network storage. See README.md, section config-tuner/effective-io-concurrency.
class EffectiveIoConcurrencyCheck {
 public:
  static constexpr const char* kId = "config-tuner/effective-io-concurrency";
  static sdk::CheckInfo info() { return {kId, "effective_io_concurrency low for SSD/network storage", ""}; }
  static std::vector<sdk::OptionSpec> options();
  static HardwareNeeds needs() { return HardwareNeeds{false, false, true}; }
  void run(const TunerInput& input, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::config_tuner

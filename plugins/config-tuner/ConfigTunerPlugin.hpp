// config-tuner — the OPTIMIZE-phase plugin (seed 001_…, "Config Tuner Agent"): memory, planner
// and I/O, parallelism, autovacuum globals and observability settings against the server's
// hardware, each with an ALTER SYSTEM script and the rollback to the captured value. Every check
// is documented in README.md under its ID.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "Check.hpp"
#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::config_tuner {

inline constexpr const char* kPluginId = "config-tuner";
inline constexpr const char* kPluginVersion = "0.1.0";
/// The Info finding listing the checks skipped for want of hardware facts.
inline constexpr const char* kHardwareUnknownId = "config-tuner/hardware-unknown";

/// The plugin. Exported from the module by plugin.cpp with DBOPT_PLUGIN; unit tests
/// instantiate it directly.
class ConfigTunerPlugin : public sdk::Plugin {
 public:
  /// id, name, version, phase Optimize, snapshot sections read, every check's options and checks.
  sdk::PluginInfo info() const override;
  /// Runs every check whose hardware needs are met, in registration order, then adds one Info
  /// finding config-tuner/hardware-unknown naming the skipped checks (when any were skipped).
  void analyze(const sdk::Catalog& catalog, const sdk::Context& context, sdk::FindingSink& sink) override;

  /// The same, with the earlier findings and options given directly (unit tests).
  static void run_all(const sdk::Catalog& catalog, const sdk::Options& options,
                      const std::vector<sdk::Finding>& earlier_findings, sdk::FindingSink& sink,
                      const sdk::Context* context = nullptr);

  /// The registered checks, in run order (clang-tidy's CheckFactories).
  static const std::vector<CheckEntry>& checks();

  /// Options built like the host builds them: defaults, then each override validated with
  /// sdk::parse_option_value. Throws std::invalid_argument for an undeclared name or a bad value.
  static sdk::Options make_options(const std::map<std::string, std::string>& overrides = {});
};

}  // namespace dbopt::plugins::config_tuner

// table-stats — the PROFILE-phase plugin (seed 000_…, "Table Stats" agent): table sizes, vacuum
// candidates, heap bloat, XID/multixact wraparound, sequence exhaustion, tables without a primary
// key, partition candidates. Every check is documented in README.md under its ID.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "Check.hpp"
#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::table_stats {

inline constexpr const char* kPluginId = "table-stats";
inline constexpr const char* kPluginVersion = "0.1.0";

/// The plugin. Exported from the module by plugin.cpp with DBOPT_PLUGIN; unit tests
/// instantiate it directly.
class TableStatsPlugin : public sdk::Plugin {
 public:
  /// id, name, version, phase Profile, snapshot sections read, every check's options and checks.
  sdk::PluginInfo info() const override;
  /// The "sequences" probe (SequenceProbe.hpp): pg_sequences with the columns they feed. It has no
  /// row cap or timeout of its own (one row per sequence), so no option bounds it.
  std::vector<sdk::Probe> probes(const sdk::Catalog& catalog, const sdk::Options& options) const override;
  /// Runs every check in registration order; stops between checks when the run is cancelled.
  void analyze(const sdk::Catalog& catalog, const sdk::Context& context, sdk::FindingSink& sink) override;

  /// The registered checks, in run order.
  static const std::vector<CheckEntry>& checks();

  /// Options built like the host builds them: every declared option at its default, then each of
  /// `overrides` (option name → text) validated with sdk::parse_option_value. Throws
  /// std::invalid_argument for an undeclared name or a bad value.
  static sdk::Options make_options(const std::map<std::string, std::string>& overrides = {});
};

}  // namespace dbopt::plugins::table_stats

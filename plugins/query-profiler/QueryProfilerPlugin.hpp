// query-profiler — the PROFILE-phase plugin (seed 000_…, "Query Profiler Agent"): top statements
// from pg_stat_statements, high-traffic statements, buffer and database cache hit ratios, plan
// instability, temp spills, tables read by sequential scans, the workload class, and the
// observability prerequisites. Every check is documented in README.md under its ID.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "Check.hpp"
#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::query_profiler {

inline constexpr const char* kPluginId = "query-profiler";
inline constexpr const char* kPluginVersion = "0.1.0";

/// The plugin. Exported from the module by plugin.cpp with DBOPT_PLUGIN; unit tests
/// instantiate it directly.
class QueryProfilerPlugin : public sdk::Plugin {
 public:
  /// id, name, version, phase Profile, snapshot sections read, every check's options and checks.
  sdk::PluginInfo info() const override;
  /// Runs every check in registration order; stops between checks when the run is cancelled.
  void analyze(const sdk::Catalog& catalog, const sdk::Context& context, sdk::FindingSink& sink) override;

  /// The registered checks, in run order (clang-tidy's CheckFactories).
  static const std::vector<CheckEntry>& checks();

  /// Options built like the host builds them: every declared option at its default, then each of
  /// `overrides` (option name → text) validated with sdk::parse_option_value. Throws
  /// std::invalid_argument for an undeclared name or a bad value.
  static sdk::Options make_options(const std::map<std::string, std::string>& overrides = {});
};

}  // namespace dbopt::plugins::query_profiler

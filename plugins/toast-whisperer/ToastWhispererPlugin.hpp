// toast-whisperer — the ANALYZE-phase plugin (seed 003_…, Superpower 2 "TOAST Whisperer", story
// DB-OPT-03, technical reference 6.1, physical view "TOAST Strategy" and "Column Tetris"): TOAST-heavy
// tables and the columns responsible, large values still on pglz, the storage strategy of hot wide
// columns, and alignment padding. Every check is documented in README.md under its ID.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "Check.hpp"
#include "ColumnSampleProbe.hpp"
#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::toast_whisperer {

inline constexpr const char* kPluginId = "toast-whisperer";
inline constexpr const char* kPluginVersion = "0.1.0";

/// The plugin. Exported from the module by plugin.cpp with DBOPT_PLUGIN; unit tests
/// instantiate it directly.
class ToastWhispererPlugin : public sdk::Plugin {
 public:
  /// id, name, version, phase Analyze, snapshot sections read, options (the probes' and every
  /// check's) and checks.
  sdk::PluginInfo info() const override;
  /// `server-compression` and one `columns-<oid>` sample per table that may hold TOASTed values
  /// (ColumnSampleProbe.hpp), bounded by the resolved options sample-rows, probe-budget,
  /// probe-timeout and max-tables (probe_settings). Throws std::out_of_range when `options`
  /// lacks one of them.
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

}  // namespace dbopt::plugins::toast_whisperer

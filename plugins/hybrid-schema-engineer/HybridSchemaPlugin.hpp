// hybrid-schema-engineer — the ANALYZE-phase plugin of seed 003_…, epic DB-OPT-LOG-01 (Hybrid
// Schema Engineer): JSONB key abbreviation (DB-OPT-01), column extraction (DB-OPT-02), deep
// nesting and json columns that should be jsonb (SPK-DB-OPT-01). Its capture probes
// (JsonProbe.hpp) measure the documents; every check is documented in README.md under its ID.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "Check.hpp"
#include "JsonColumns.hpp"
#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::hybrid_schema_engineer {

inline constexpr const char* kPluginVersion = "0.1.0";

/// The plugin. Exported from the module by plugin.cpp with DBOPT_PLUGIN; unit tests
/// instantiate it directly.
class HybridSchemaPlugin : public sdk::Plugin {
 public:
  /// id, name, version, phase Analyze, snapshot sections read, options (probe + shared + every
  /// check's) and checks.
  sdk::PluginInfo info() const override;
  /// One probe per json/jsonb column (JsonProbe.hpp), bounded by the resolved options
  /// sample-rows (rows), probe-timeout and probe-budget (ms) (probe_settings; README.md, "Probes").
  /// Throws std::out_of_range when `options` lacks one of them.
  std::vector<sdk::Probe> probes(const sdk::Catalog& catalog, const sdk::Options& options) const override;
  /// Logs every column whose probe is missing, failed or unreadable, then runs every check in
  /// registration order; stops between checks when the run is cancelled.
  void analyze(const sdk::Catalog& catalog, const sdk::Context& context, sdk::FindingSink& sink) override;

  /// The registered checks, in run order.
  static const std::vector<CheckEntry>& checks();
  /// Options of the probes (sample-rows, probe-timeout, probe-budget) and those shared by several
  /// checks (min-rows, min-sample-documents).
  static std::vector<sdk::OptionSpec> plugin_options();
  /// Options built like the host builds them: every declared option at its default, then each of
  /// `overrides` validated with sdk::parse_option_value. Throws std::invalid_argument for an
  /// undeclared name or a bad value.
  static sdk::Options make_options(const std::map<std::string, std::string>& overrides = {});
};

}  // namespace dbopt::plugins::hybrid_schema_engineer

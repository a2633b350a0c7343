#include "HybridSchemaPlugin.hpp"

#include <stdexcept>

#include "ColumnExtractionCheck.hpp"
#include "DeepNestingCheck.hpp"
#include "JsonNotJsonbCheck.hpp"
#include "JsonProbe.hpp"
#include "JsonProfile.hpp"
#include "KeyAbbreviationCheck.hpp"

namespace dbopt::plugins::hybrid_schema_engineer {

const std::vector<CheckEntry>& HybridSchemaPlugin::checks() {
  static const std::vector<CheckEntry> registry = {
      make_check_entry<KeyAbbreviationCheck>(),
      make_check_entry<ColumnExtractionCheck>(),
      make_check_entry<DeepNestingCheck>(),
      make_check_entry<JsonNotJsonbCheck>(),
  };
  return registry;
}

std::vector<sdk::OptionSpec> HybridSchemaPlugin::plugin_options() {
  return {
      {"sample-rows", sdk::OptionType::Integer, "1000",
       "probes: rows sampled per json/jsonb column (TABLESAMPLE SYSTEM sized for 1.5 × this, then LIMIT); dbopt "
       "choice: enough for key frequencies within a few percent, seconds per column",
       1.0, 1000000.0},
      {"probe-timeout", sdk::OptionType::Double, "5000",
       "probes: statement_timeout of one column's probe, ms; dbopt choice", 1.0, 86400000.0},
      {"probe-budget", sdk::OptionType::Double, "60000",
       "probes: time for all columns together, ms, split evenly (each probe gets min(probe-timeout, "
       "probe-budget / columns)); dbopt choice: one minute added to a capture at most",
       1.0, 86400000.0},
      {"min-rows", sdk::OptionType::Double, "1000",
       "key-abbreviation, column-extraction, deep-nesting, json-not-jsonb: smallest table (pg_class.reltuples) "
       "reported; dbopt choice: below it storage and access paths do not matter",
       0.0, std::nullopt},
      {"min-sample-documents", sdk::OptionType::Integer, "20",
       "key-abbreviation, deep-nesting: fewest non-null documents in the sample; dbopt choice", 1.0, std::nullopt},
  };
}

sdk::PluginInfo HybridSchemaPlugin::info() const {
  sdk::PluginInfo info;
  info.id = kPluginId;
  info.name = "Hybrid Schema Engineer";
  info.version = kPluginVersion;
  info.description =
      "JSONB documents measured on a sample: long keys repeated in every row (with the measured gain of "
      "abbreviating them), keys read by most statements to promote to indexed columns (with the migration DDL), "
      "deeply nested documents, json columns that should be jsonb";
  info.phase = sdk::Phase::Analyze;
  info.needs = {"tables", "columns", "indexes", "statements", "plugin_probes"};
  info.options = plugin_options();
  for (const auto& c : checks()) {
    info.checks.push_back(c.info);
    info.options.insert(info.options.end(), c.options.begin(), c.options.end());
  }
  return info;
}

std::vector<sdk::Probe> HybridSchemaPlugin::probes(const sdk::Catalog& catalog, const sdk::Options& options) const {
  return json_probes(catalog, probe_settings(options));
}

void HybridSchemaPlugin::analyze(const sdk::Catalog& catalog, const sdk::Context& context, sdk::FindingSink& sink) {
  for (const JsonColumn& c : json_columns(catalog)) {
    const ProfileLookup lookup = find_profile(catalog, *c.column);
    if (!lookup.profile) sink.log(column_label(*c.table, *c.column) + ": no document measurements: " + lookup.problem);
  }
  for (const auto& c : checks()) {
    if (context.cancelled()) return;
    c.run(catalog, context.options(), sink);
  }
}

sdk::Options HybridSchemaPlugin::make_options(const std::map<std::string, std::string>& overrides) {
  std::vector<sdk::OptionSpec> specs;
  for (const auto& spec : plugin_options()) specs.push_back(spec);
  for (const auto& c : checks()) specs.insert(specs.end(), c.options.begin(), c.options.end());
  return sdk::make_options(kPluginId, specs, overrides);
}

}  // namespace dbopt::plugins::hybrid_schema_engineer

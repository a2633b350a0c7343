#include "TableStatsPlugin.hpp"

#include <stdexcept>

#include "DeadTuplesCheck.hpp"
#include "NeverAnalyzedCheck.hpp"
#include "NoPrimaryKeyCheck.hpp"
#include "PartitionCandidateCheck.hpp"
#include "SequenceExhaustionCheck.hpp"
#include "SequenceProbe.hpp"
#include "StaleStatisticsCheck.hpp"
#include "TableBloatCheck.hpp"
#include "TopTablesExhibit.hpp"
#include "XidWraparoundCheck.hpp"

namespace dbopt::plugins::table_stats {

const std::vector<CheckEntry>& TableStatsPlugin::checks() {
  static const std::vector<CheckEntry> registry = {
      make_check_entry<TopTablesExhibit>(),        make_check_entry<XidWraparoundCheck>(),
      make_check_entry<SequenceExhaustionCheck>(), make_check_entry<DeadTuplesCheck>(),
      make_check_entry<NeverAnalyzedCheck>(),      make_check_entry<StaleStatisticsCheck>(),
      make_check_entry<TableBloatCheck>(),         make_check_entry<NoPrimaryKeyCheck>(),
      make_check_entry<PartitionCandidateCheck>(),
  };
  return registry;
}

sdk::PluginInfo TableStatsPlugin::info() const {
  sdk::PluginInfo info;
  info.id = kPluginId;
  info.name = "Table Stats";
  info.version = kPluginVersion;
  info.description =
      "Table sizes, vacuum candidates (dead tuples, never analyzed, stale statistics), heap bloat, transaction-ID "
      "and multixact wraparound, sequences and integer keys near their maximum, tables without a primary key and "
      "partition candidates — with VACUUM/ANALYZE scripts where a script is exact";
  info.phase = sdk::Phase::Profile;
  info.needs = {"tables",     "columns",  "indexes",  "constraints", "settings",     "server",
                "extensions", "hardware", "database", "activity",    "plugin_probes"};
  for (const auto& c : checks()) {
    info.checks.push_back(c.info);
    info.options.insert(info.options.end(), c.options.begin(), c.options.end());
  }
  return info;
}

std::vector<sdk::Probe> TableStatsPlugin::probes(const sdk::Catalog& /*catalog*/, const sdk::Options& /*options*/) const {
  return {sequence_probe()};
}

void TableStatsPlugin::analyze(const sdk::Catalog& catalog, const sdk::Context& context, sdk::FindingSink& sink) {
  for (const auto& c : checks()) {
    if (context.cancelled()) return;
    c.run(catalog, context.options(), sink);
  }
}

sdk::Options TableStatsPlugin::make_options(const std::map<std::string, std::string>& overrides) {
  std::vector<sdk::OptionSpec> specs;
  for (const auto& c : checks()) specs.insert(specs.end(), c.options.begin(), c.options.end());
  return sdk::make_options("table-stats", specs, overrides);
}

}  // namespace dbopt::plugins::table_stats

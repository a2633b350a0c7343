#include "IndexAnalyzerPlugin.hpp"

#include <stdexcept>

#include "BtreeBloatCheck.hpp"
#include "DuplicateIndexCheck.hpp"
#include "FkWithoutIndexCheck.hpp"
#include "InvalidIndexCheck.hpp"
#include "MissingIndexCheck.hpp"
#include "RedundantIndexCheck.hpp"
#include "UnusedIndexCheck.hpp"

namespace dbopt::plugins::index_analyzer {

const std::vector<CheckEntry>& IndexAnalyzerPlugin::checks() {
  static const std::vector<CheckEntry> registry = {
      make_check_entry<InvalidIndexCheck>(),   make_check_entry<UnusedIndexCheck>(),
      make_check_entry<DuplicateIndexCheck>(), make_check_entry<RedundantIndexCheck>(),
      make_check_entry<FkWithoutIndexCheck>(), make_check_entry<MissingIndexCheck>(),
      make_check_entry<BtreeBloatCheck>(),
  };
  return registry;
}

sdk::PluginInfo IndexAnalyzerPlugin::info() const {
  sdk::PluginInfo info;
  info.id = kPluginId;
  info.name = "Index Analyzer";
  info.version = kPluginVersion;
  info.description =
      "Unused, duplicate, redundant and invalid indexes, foreign keys without an index, missing indexes for "
      "repeated full scans, and btree bloat — each with a CREATE/DROP INDEX CONCURRENTLY or REINDEX script and "
      "its rollback";
  info.phase = sdk::Phase::Profile;
  info.needs = {"tables", "columns", "indexes", "constraints", "statements", "database", "settings"};
  for (const auto& c : checks()) {
    info.checks.push_back(c.info);
    info.options.insert(info.options.end(), c.options.begin(), c.options.end());
  }
  return info;
}

void IndexAnalyzerPlugin::analyze(const sdk::Catalog& catalog, const sdk::Context& context, sdk::FindingSink& sink) {
  for (const auto& c : checks()) {
    if (context.cancelled()) return;
    c.run(catalog, context.options(), sink);
  }
}

sdk::Options IndexAnalyzerPlugin::make_options(const std::map<std::string, std::string>& overrides) {
  std::vector<sdk::OptionSpec> specs;
  for (const auto& c : checks()) specs.insert(specs.end(), c.options.begin(), c.options.end());
  return sdk::make_options("index-analyzer", specs, overrides);
}

}  // namespace dbopt::plugins::index_analyzer

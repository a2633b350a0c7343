#include "ToastWhispererPlugin.hpp"

#include <stdexcept>

#include "ColumnTetrisCheck.hpp"
#include "PglzCompressionCheck.hpp"
#include "StorageStrategyCheck.hpp"
#include "ToastHeavyTableCheck.hpp"

namespace dbopt::plugins::toast_whisperer {

const std::vector<CheckEntry>& ToastWhispererPlugin::checks() {
  static const std::vector<CheckEntry> registry = {
      make_check_entry<ToastHeavyTableCheck>(),
      make_check_entry<PglzCompressionCheck>(),
      make_check_entry<StorageStrategyCheck>(),
      make_check_entry<ColumnTetrisCheck>(),
  };
  return registry;
}

sdk::PluginInfo ToastWhispererPlugin::info() const {
  sdk::PluginInfo info;
  info.id = kPluginId;
  info.name = "TOAST Whisperer";
  info.version = kPluginVersion;
  info.description =
      "TOAST relations above 10 % of their table and the columns responsible, large values still compressed "
      "with pglz, STORAGE MAIN for hot out-of-line columns, and alignment padding (column tetris) — from a "
      "bounded sample of each TOASTed table taken at capture";
  info.phase = sdk::Phase::Analyze;
  info.needs = {"tables", "columns", "settings", "statements", "plugin_probes"};
  info.options = probe_options();
  for (const auto& c : checks()) {
    info.checks.push_back(c.info);
    info.options.insert(info.options.end(), c.options.begin(), c.options.end());
  }
  return info;
}

std::vector<sdk::Probe> ToastWhispererPlugin::probes(const sdk::Catalog& catalog, const sdk::Options& options) const {
  return column_sample_probes(catalog, probe_settings(options));
}

void ToastWhispererPlugin::analyze(const sdk::Catalog& catalog, const sdk::Context& context, sdk::FindingSink& sink) {
  for (const auto& c : checks()) {
    if (context.cancelled()) return;
    c.run(catalog, context.options(), sink);
  }
}

sdk::Options ToastWhispererPlugin::make_options(const std::map<std::string, std::string>& overrides) {
  std::vector<sdk::OptionSpec> specs = probe_options();
  for (const auto& c : checks()) specs.insert(specs.end(), c.options.begin(), c.options.end());
  return sdk::make_options("toast-whisperer", specs, overrides);
}

}  // namespace dbopt::plugins::toast_whisperer

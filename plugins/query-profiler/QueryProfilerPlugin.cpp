#include "QueryProfilerPlugin.hpp"

#include <stdexcept>

#include "DatabaseCacheHitRatioCheck.hpp"
#include "HighTrafficStatementCheck.hpp"
#include "LowBufferHitRatioCheck.hpp"
#include "PgStatStatementsUnavailableCheck.hpp"
#include "PlanInstabilityCheck.hpp"
#include "SeqScanHeavyTableCheck.hpp"
#include "TempSpillCheck.hpp"
#include "TopStatementsCheck.hpp"
#include "TrackIoTimingOffCheck.hpp"
#include "WorkloadClassCheck.hpp"

namespace dbopt::plugins::query_profiler {

const std::vector<CheckEntry>& QueryProfilerPlugin::checks() {
  static const std::vector<CheckEntry> registry = {
      make_check_entry<PgStatStatementsUnavailableCheck>(),
      make_check_entry<TrackIoTimingOffCheck>(),
      make_check_entry<TopStatementsCheck>(),
      make_check_entry<HighTrafficStatementCheck>(),
      make_check_entry<LowBufferHitRatioCheck>(),
      make_check_entry<DatabaseCacheHitRatioCheck>(),
      make_check_entry<PlanInstabilityCheck>(),
      make_check_entry<TempSpillCheck>(),
      make_check_entry<SeqScanHeavyTableCheck>(),
      make_check_entry<WorkloadClassCheck>(),
  };
  return registry;
}

sdk::PluginInfo QueryProfilerPlugin::info() const {
  sdk::PluginInfo info;
  info.id = kPluginId;
  info.name = "Query Profiler";
  info.version = kPluginVersion;
  info.description =
      "Top statements from pg_stat_statements with their share of time, high-traffic statements, statement and "
      "database cache hit ratios, unstable execution times, temp-file spills, tables read by sequential scans, "
      "the workload class (OLTP/OLAP/mixed), and whether pg_stat_statements and track_io_timing are on";
  info.phase = sdk::Phase::Profile;
  info.needs = {"statements", "database", "tables", "settings", "extensions"};
  for (const auto& c : checks()) {
    info.checks.push_back(c.info);
    info.options.insert(info.options.end(), c.options.begin(), c.options.end());
  }
  return info;
}

void QueryProfilerPlugin::analyze(const sdk::Catalog& catalog, const sdk::Context& context, sdk::FindingSink& sink) {
  for (const auto& c : checks()) {
    if (context.cancelled()) return;
    c.run(catalog, context.options(), sink);
  }
}

sdk::Options QueryProfilerPlugin::make_options(const std::map<std::string, std::string>& overrides) {
  std::vector<sdk::OptionSpec> specs;
  for (const auto& c : checks()) specs.insert(specs.end(), c.options.begin(), c.options.end());
  return sdk::make_options("query-profiler", specs, overrides);
}

}  // namespace dbopt::plugins::query_profiler

#include "ConfigTunerPlugin.hpp"

#include <algorithm>
#include <stdexcept>

#include "AutovacuumDisabledCheck.hpp"
#include "AutovacuumLoggingCheck.hpp"
#include "AutovacuumScaleFactorCheck.hpp"
#include "AutovacuumThrottleCheck.hpp"
#include "AutovacuumWorkersCheck.hpp"
#include "EffectiveCacheSizeCheck.hpp"
#include "EffectiveIoConcurrencyCheck.hpp"
#include "Evidence.hpp"
#include "MaintenanceWorkMemCheck.hpp"
#include "MemoryOvercommitCheck.hpp"
#include "ParallelWorkersCheck.hpp"
#include "PgStatStatementsPreloadCheck.hpp"
#include "RandomPageCostCheck.hpp"
#include "SharedBuffersCheck.hpp"
#include "SlowQueryLogCheck.hpp"
#include "TrackIoTimingCheck.hpp"
#include "WorkMemCheck.hpp"
#include "dbopt/sdk/markdown.hpp"

namespace dbopt::plugins::config_tuner {

namespace {

/// Which of the needed hardware facts are missing, as CLI options ("--server-ram").
std::vector<std::string> missing(const HardwareNeeds& needs, const sdk::HardwareInfo& hw) {
  std::vector<std::string> out;
  if (needs.ram && !hw.ram_bytes) out.push_back("--server-ram");
  if (needs.cores && !hw.cpu_cores) out.push_back("--server-cores");
  if (needs.storage && !hw.storage) out.push_back("--storage");
  return out;
}

std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

sdk::Finding hardware_unknown(const sdk::Catalog& catalog, const std::vector<std::string>& skipped,
                              const std::vector<std::string>& options) {
  sdk::Finding f;
  f.check_id = kHardwareUnknownId;
  f.title = "Server hardware unknown: " + std::to_string(skipped.size()) + " configuration check" +
            (skipped.size() == 1 ? "" : "s") + " skipped";
  std::string d = "RAM, CPU cores and storage type cannot be read with SQL, and this snapshot lacks " +
                  sdk::md::escape(join(options, ", ")) + ". These checks did not run:\n\n";
  for (const auto& s : skipped) d += "- " + sdk::md::escape(s) + "\n";
  d += "\nGive the hardware to `dbopt capture` or `dbopt analyze`, e.g. `--server-ram 64GB --server-cores 16 "
       "--storage ssd` (storage: ssd, hdd or network).";
  f.detail = d;
  f.object = {"database", "", catalog.snapshot().server.database, std::nullopt, std::nullopt};
  f.evidence = {text_metric("skipped_checks", join(skipped, ", ")), text_metric("missing_options", join(options, " "))};
  f.severity = sdk::Severity::Info;
  f.confidence = sdk::Confidence::Heuristic;
  f.risk = {sdk::RiskLevel::Low, "nothing to apply"};
  f.impact.summary = "pass the server hardware to run the skipped checks";
  return f;
}

}  // namespace

const std::vector<CheckEntry>& ConfigTunerPlugin::checks() {
  static const std::vector<CheckEntry> registry = {
      make_check_entry<SharedBuffersCheck>(),          make_check_entry<EffectiveCacheSizeCheck>(),
      make_check_entry<MemoryOvercommitCheck>(),       make_check_entry<WorkMemCheck>(),
      make_check_entry<MaintenanceWorkMemCheck>(),     make_check_entry<RandomPageCostCheck>(),
      make_check_entry<EffectiveIoConcurrencyCheck>(), make_check_entry<ParallelWorkersCheck>(),
      make_check_entry<AutovacuumDisabledCheck>(),     make_check_entry<AutovacuumWorkersCheck>(),
      make_check_entry<AutovacuumThrottleCheck>(),     make_check_entry<AutovacuumScaleFactorCheck>(),
      make_check_entry<SlowQueryLogCheck>(),           make_check_entry<AutovacuumLoggingCheck>(),
      make_check_entry<PgStatStatementsPreloadCheck>(), make_check_entry<TrackIoTimingCheck>(),
  };
  return registry;
}

sdk::PluginInfo ConfigTunerPlugin::info() const {
  sdk::PluginInfo info;
  info.id = kPluginId;
  info.name = "Config Tuner";
  info.version = kPluginVersion;
  info.description =
      "Memory (shared_buffers, effective_cache_size, work_mem from temp-file evidence, maintenance_work_mem, the "
      "worst-case memory bound), planner and I/O costs for the storage, parallel workers for the CPU cores, "
      "autovacuum globals and observability settings — each with an ALTER SYSTEM script and the rollback to the "
      "captured value. Needs --server-ram/--server-cores/--storage for the hardware-dependent checks";
  info.phase = sdk::Phase::Optimize;
  info.needs = {"settings", "hardware", "database", "tables", "server"};
  info.checks.push_back({kHardwareUnknownId, "Server hardware unknown: checks skipped", ""});
  for (const auto& c : checks()) {
    info.checks.push_back(c.info);
    info.options.insert(info.options.end(), c.options.begin(), c.options.end());
  }
  return info;
}

void ConfigTunerPlugin::run_all(const sdk::Catalog& catalog, const sdk::Options& options,
                                const std::vector<sdk::Finding>& earlier_findings, sdk::FindingSink& sink,
                                const sdk::Context* context) {
  const TunerInput input{catalog, options, earlier_findings};
  const sdk::HardwareInfo& hw = catalog.snapshot().hardware;
  std::vector<std::string> skipped;
  std::vector<std::string> missing_options;
  for (const auto& c : checks()) {
    if (context && context->cancelled()) return;
    const auto lacking = missing(c.needs, hw);
    if (!lacking.empty()) {
      skipped.push_back(c.info.id + " (needs " + join(lacking, ", ") + ")");
      for (const auto& o : lacking)
        if (std::find(missing_options.begin(), missing_options.end(), o) == missing_options.end())
          missing_options.push_back(o);
      continue;
    }
    c.run(input, sink);
  }
  if (!skipped.empty()) sink.add(hardware_unknown(catalog, skipped, missing_options));
}

void ConfigTunerPlugin::analyze(const sdk::Catalog& catalog, const sdk::Context& context, sdk::FindingSink& sink) {
  run_all(catalog, context.options(), context.earlier_findings(), sink, &context);
}

sdk::Options ConfigTunerPlugin::make_options(const std::map<std::string, std::string>& overrides) {
  std::vector<sdk::OptionSpec> specs;
  for (const auto& c : checks()) specs.insert(specs.end(), c.options.begin(), c.options.end());
  return sdk::make_options("config-tuner", specs, overrides);
}

}  // namespace dbopt::plugins::config_tuner

#include "PlanDecoderPlugin.hpp"

#include <stdexcept>

#include "BufferHitRatioCheck.hpp"
#include "CteMaterializedCheck.hpp"
#include "ExtendedStatisticsCheck.hpp"
#include "HeapFetchesCheck.hpp"
#include "JitShareCheck.hpp"
#include "LossyBitmapCheck.hpp"
#include "NestedLoopInnerCheck.hpp"
#include "PlanExhibit.hpp"
#include "RowMisestimateCheck.hpp"
#include "SeqScanFilterCheck.hpp"
#include "SlowNodeCheck.hpp"
#include "TriggerShareCheck.hpp"
#include "WorkMemSpillCheck.hpp"
#include "WorkersCheck.hpp"
#include "dbopt/sdk/catalog.hpp"

namespace dbopt::plugins::plan_decoder {

const std::vector<CheckEntry>& PlanDecoderPlugin::checks() {
  static const std::vector<CheckEntry> registry = {
      make_check_entry<SeqScanFilterCheck>(),  make_check_entry<RowMisestimateCheck>(),
      make_check_entry<ExtendedStatisticsCheck>(),
      make_check_entry<NestedLoopInnerCheck>(), make_check_entry<WorkMemSpillCheck>(),
      make_check_entry<LossyBitmapCheck>(),    make_check_entry<HeapFetchesCheck>(),
      make_check_entry<WorkersCheck>(),        make_check_entry<BufferHitRatioCheck>(),
      make_check_entry<JitShareCheck>(),       make_check_entry<TriggerShareCheck>(),
      make_check_entry<CteMaterializedCheck>(), make_check_entry<SlowNodeCheck>(),
  };
  return registry;
}

sdk::PluginInfo PlanDecoderPlugin::info() const {
  sdk::PluginInfo info;
  info.id = kPluginId;
  info.name = "Plan Decoder";
  info.version = kPluginVersion;
  info.description =
      "Decodes EXPLAIN (ANALYZE, BUFFERS) plans: row misestimates, sequential scans that filter out most rows "
      "(with the index to create), sorts and hashes spilling past work_mem, lossy bitmaps, repeated nested-loop "
      "inner sides, index-only scans visiting the heap, parallel workers not launched, JIT and trigger time, "
      "buffer hit ratio, materialized CTEs the outer filter would reach if inlined (NOT MATERIALIZED, with the rewritten query) — each plan shown as an annotated tree";
  info.phase = sdk::Phase::Analyze;
  info.needs = {"explained", "tables", "columns", "indexes", "settings"};
  for (const auto& c : checks()) {
    info.checks.push_back(c.info);
    info.options.insert(info.options.end(), c.options.begin(), c.options.end());
  }
  return info;
}

void PlanDecoderPlugin::run_all(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink,
                                const sdk::Context* context) {
  const auto& plans = catalog.plans();
  const auto& statements = catalog.explained();
  for (std::size_t i = 0; i < plans.size(); ++i) {
    if (context && context->cancelled()) return;
    const sdk::ExplainedStatement* st = i < statements.size() ? &statements[i] : nullptr;
    if (!plans[i].plan) {
      const std::string error = plans[i].error.value_or("no plan");
      sink.log("plan " + std::to_string(i + 1) + ": " + error);
      sink.exhibit(make_failed_plan_exhibit(i, st, error));
      continue;
    }
    PlanView view = make_plan_view(*plans[i].plan, i, st);
    set_workload(view, catalog);
    PlanFindings findings(sink, view);
    for (const auto& c : checks()) c.run(view, catalog, options, findings);
    sink.exhibit(make_plan_exhibit(view, findings));
  }
}

void PlanDecoderPlugin::analyze(const sdk::Catalog& catalog, const sdk::Context& context, sdk::FindingSink& sink) {
  if (catalog.plans().empty()) {
    sink.log("no plans in the snapshot (capture with --explain FILE, or use dbopt explain)");
    return;
  }
  run_all(catalog, context.options(), sink, &context);
}

sdk::Options PlanDecoderPlugin::make_options(const std::map<std::string, std::string>& overrides) {
  std::vector<sdk::OptionSpec> specs;
  for (const auto& c : checks()) specs.insert(specs.end(), c.options.begin(), c.options.end());
  return sdk::make_options("plan-decoder", specs, overrides);
}

}  // namespace dbopt::plugins::plan_decoder

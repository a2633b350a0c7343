// plan-decoder — the ANALYZE-phase plugin (seed 003_…, superpower 5 "Plan Decoder", epic
// DB-OPT-QUERY-01, decode_execution_plan.py): for every plan of the snapshot (Catalog::plans(),
// from `dbopt capture --explain` or `dbopt explain`) an exhibit with the decoded tree and the
// findings of every check, linked to it. Every check is documented in README.md under its ID.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "Check.hpp"
#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::plan_decoder {

inline constexpr const char* kPluginId = "plan-decoder";
inline constexpr const char* kPluginVersion = "0.1.0";

/// The plugin. Exported from the module by plugin.cpp with DBOPT_PLUGIN; unit tests
/// instantiate it directly.
class PlanDecoderPlugin : public sdk::Plugin {
 public:
  sdk::PluginInfo info() const override;
  /// Per plan: runs every check, then emits the plan's exhibit with the nodes they marked. A
  /// statement without a plan (EXPLAIN failed, or unparseable) gets an exhibit saying why.
  void analyze(const sdk::Catalog& catalog, const sdk::Context& context, sdk::FindingSink& sink) override;

  /// The registered checks, in run order.
  static const std::vector<CheckEntry>& checks();

  /// Every declared option at its default, then `overrides` (name → text) validated like the
  /// host does. Throws std::invalid_argument for an undeclared name or a bad value.
  static sdk::Options make_options(const std::map<std::string, std::string>& overrides = {});

  /// Runs every check on every plan of `catalog` with `options` (what analyze() does).
  static void run_all(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink,
                      const sdk::Context* context = nullptr);
};

}  // namespace dbopt::plugins::plan_decoder

#include "SlowNodeCheck.hpp"

#include <algorithm>
#include <cstdio>

#include "Evidence.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::plan_decoder {

sdk::CheckInfo SlowNodeCheck::info() { return {kId, "Slowest node by exclusive time", ""}; }

std::vector<sdk::OptionSpec> SlowNodeCheck::options() {
  return {{"slow-node-share", sdk::OptionType::Double, "0.3",
           "slowest-node: exclusive time share of the statement from which a node is named, 0..1; dbopt choice", 0.0,
           1.0}};
}

void SlowNodeCheck::run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options,
                        PlanFindings& out) const {
  if (!view.runtime_ms || *view.runtime_ms <= 0) return;
  const double min_share = options.number("slow-node-share");
  const auto max_nodes = static_cast<std::size_t>(options.integer("max-nodes-per-plan"));
  std::vector<const NodeView*> slow;
  for (const NodeView& v : view.nodes)
    if (v.exclusive_ms && *v.exclusive_ms / *view.runtime_ms >= min_share) slow.push_back(&v);
  std::sort(slow.begin(), slow.end(), [](const NodeView* a, const NodeView* b) { return *a->exclusive_ms > *b->exclusive_ms; });
  if (slow.size() > max_nodes) slow.resize(max_nodes);
  for (const NodeView* v : slow) {
    const double share = *v->exclusive_ms / *view.runtime_ms;
    sdk::Finding f = out.start(kId, "", v, catalog);
    f.severity = sdk::Severity::Info;
    const std::string pct = sdk::sql::format_percent(share, 0);
    f.title = node_ref(*v) + " takes " + pct + " of the statement (" + sdk::sql::format_ms(*v->exclusive_ms) + " exclusive)";
    f.evidence.push_back(metric("exclusive_share", share, "ratio"));
    f.evidence.push_back(metric("execution_time", *view.runtime_ms, "ms"));
    f.detail = sdk::md::escape(node_ref(*v)) + " spends " + sdk::md::escape(sdk::sql::format_ms(*v->exclusive_ms)) +
               " itself (its total time minus its children's, over all loops), " + sdk::md::escape(pct) + " of " +
               sdk::md::escape(sdk::sql::format_ms(*view.runtime_ms)) + ": this is where to look first.";
    f.risk = {sdk::RiskLevel::Low, "diagnosis only"};
    out.add(f, v, "slowest-node");
  }
}

}  // namespace dbopt::plugins::plan_decoder

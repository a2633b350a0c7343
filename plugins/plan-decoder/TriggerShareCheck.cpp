#include "TriggerShareCheck.hpp"

#include <cstdio>

#include "Evidence.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::plan_decoder {

sdk::CheckInfo TriggerShareCheck::info() { return {kId, "Trigger time share", ""}; }

std::vector<sdk::OptionSpec> TriggerShareCheck::options() {
  return {{"trigger-time-share", sdk::OptionType::Double, "0.2",
           "trigger-time: one trigger's share of the Execution Time reported, 0..1; dbopt choice", 0.0, 1.0}};
}

void TriggerShareCheck::run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options,
                            PlanFindings& out) const {
  const sdk::Plan& p = *view.plan;
  if (!p.execution_time || *p.execution_time <= 0) return;
  for (const sdk::PlanTrigger& t : p.triggers) {
    if (!t.time) continue;
    const double share = *t.time / *p.execution_time;
    if (share < options.number("trigger-time-share")) continue;
    sdk::Finding f = out.start(kId, "", nullptr, catalog);
    f.severity = sdk::Severity::Medium;
    const std::string pct = sdk::sql::format_percent(share, 0);
    const std::string who = t.constraint_name ? "foreign-key trigger for constraint " + *t.constraint_name
                                              : "trigger " + t.trigger_name;
    f.title = who + (t.relation ? " on " + *t.relation : "") + " takes " + pct + " of the statement (" +
              sdk::sql::format_ms(*t.time) + ")";
    f.evidence.push_back(metric("trigger_time", *t.time, "ms"));
    if (t.calls) f.evidence.push_back(metric("trigger_calls", *t.calls, "count"));
    f.evidence.push_back(metric("execution_time", *p.execution_time, "ms"));
    std::string d = "The " + sdk::md::escape(who) + " ran " +
                    sdk::md::escape(sdk::sql::format_count(static_cast<std::int64_t>(t.calls.value_or(0)))) +
                    " times for " + sdk::md::escape(sdk::sql::format_ms(*t.time)) + ", " + sdk::md::escape(pct) +
                    " of the statement; EXPLAIN's node times do not include it.";
    if (t.constraint_name)
      d += " A foreign-key check this slow usually means the referencing column has no index: each deleted or "
           "updated key scans the referencing table (see index-analyzer/fk-without-index).";
    f.detail = std::move(d);
    f.risk = {sdk::RiskLevel::Low, "diagnosis only"};
    out.add(f, nullptr, "trigger-time");
  }
}

}  // namespace dbopt::plugins::plan_decoder

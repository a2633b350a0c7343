#include "NestedLoopInnerCheck.hpp"

#include <cmath>
#include <cstdio>

#include "Evidence.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::plan_decoder {

namespace {
constexpr double kHighInnerShare = 0.5;  // inner side ≥ half of the statement: high
}

sdk::CheckInfo NestedLoopInnerCheck::info() { return {kId, "Nested loop repeating an expensive inner side", "DB-OPT-07"}; }

std::vector<sdk::OptionSpec> NestedLoopInnerCheck::options() {
  return {
      {"nested-loop-min-loops", sdk::OptionType::Double, "1000",
       "nested-loop-inner: inner side loops from which a nested loop is examined, count; dbopt choice", 1.0,
       std::nullopt},
      {"nested-loop-time-share", sdk::OptionType::Double, "0.2",
       "nested-loop-inner: inner side total time (all loops) share of the statement that makes it expensive, 0..1; "
       "dbopt choice",
       0.0, 1.0},
  };
}

void NestedLoopInnerCheck::run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options,
                               PlanFindings& out) const {
  const double min_loops = options.number("nested-loop-min-loops");
  const double share_min = options.number("nested-loop-time-share");
  const double factor_min = options.number("misestimate-factor");
  for (const NodeView& v : view.nodes) {
    if (v.node->node_type != "Nested Loop") continue;
    const NodeView* outer = nullptr;
    const NodeView* inner = nullptr;
    for (const NodeView& c : view.nodes) {
      if (c.parent != v.id - 1 || c.node->subplan_name) continue;
      if (!outer) outer = &c;
      else if (!inner) inner = &c;
    }
    if (!outer || !inner || !inner->node->actual_loops || *inner->node->actual_loops < min_loops) continue;
    const double loops = *inner->node->actual_loops;
    const double share = inner->total_ms && view.runtime_ms && *view.runtime_ms > 0 ? *inner->total_ms / *view.runtime_ms : 0;
    bool under = false;
    const auto outer_factor = misestimate_factor(*outer, &under);
    const bool misestimated = outer_factor && under && *outer_factor >= factor_min;
    if (share < share_min && !misestimated) continue;
    sdk::Finding f = out.start(kId, "DB-OPT-07", &v, catalog);
    f.severity = share >= kHighInnerShare ? sdk::Severity::High : sdk::Severity::Medium;
    const std::string pct = sdk::sql::format_percent(share, 0);
    f.title = node_ref(v) + " runs " + node_ref(*inner) + " " + sdk::sql::format_count(static_cast<std::int64_t>(loops)) +
              " times" + (share > 0 ? " (" + pct + " of the time)" : "");
    f.evidence.push_back(metric("inner_loops", loops, "count"));
    if (inner->total_ms) f.evidence.push_back(metric("inner_total_time", *inner->total_ms, "ms"));
    if (outer_factor) f.evidence.push_back(metric("outer_misestimate_factor", *outer_factor, "count"));
    std::string d = "The nested loop " + sdk::md::escape(node_ref(v)) + " executes its inner side " +
                    sdk::md::escape(node_ref(*inner)) + " once per outer row: " +
                    sdk::md::escape(sdk::sql::format_count(static_cast<std::int64_t>(loops))) + " times";
    if (inner->total_ms) d += ", " + sdk::md::escape(sdk::sql::format_ms(*inner->total_ms)) + " in all";
    d += ".";
    if (misestimated && outer->est_rows && outer->act_rows)
      d += " The planner chose it expecting " +
           sdk::md::escape(sdk::sql::format_count(static_cast<std::int64_t>(std::llround(*outer->est_rows)))) +
           " outer rows; " + sdk::md::escape(sdk::sql::format_count(static_cast<std::int64_t>(std::llround(*outer->act_rows)))) +
           " came (" + sdk::md::escape(node_ref(*outer)) + "): fix that estimate (see row-misestimate) and a hash or "
           "merge join becomes the cheaper plan.";
    else
      d += " Make each inner execution cheap (an index matching the join condition of the inner side), or let the "
           "planner see the real outer row count so it can pick a hash join.";
    f.detail = std::move(d);
    f.risk = {sdk::RiskLevel::Low, "diagnosis only"};
    f.impact.summary = "fewer or cheaper inner executions";
    out.add(f, &v, "nested-loop-inner");
  }
}

}  // namespace dbopt::plugins::plan_decoder

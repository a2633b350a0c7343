#include "RowMisestimateCheck.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "Evidence.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::plan_decoder {

namespace {
// Grades of PEV2 (src/services/plan-service.ts, "planner estimate" 10/100/1000) and pgMustard.
constexpr double kGradeMedium = 100;
constexpr double kGradeHigh = 1000;

std::string times(double factor) {
  if (factor >= 100) return sdk::sql::format_count(static_cast<std::int64_t>(std::llround(factor))) + "×";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f×", factor);
  return buf;
}
}  // namespace

sdk::CheckInfo RowMisestimateCheck::info() { return {kId, "Row estimate off by 10× or more", "DB-OPT-07"}; }

std::vector<sdk::OptionSpec> RowMisestimateCheck::options() {
  return {
      {"misestimate-factor", sdk::OptionType::Double, "10",
       "row-misestimate: smallest estimated/actual row ratio reported, ×; PEV2 and pgMustard grade at 10, 100, 1000",
       1.0, std::nullopt},
      {"misestimate-min-rows", sdk::OptionType::Double, "100",
       "row-misestimate: the larger of estimated and actual rows (over all loops) must reach this, rows; dbopt "
       "choice: below it a wrong estimate cannot change the join strategy much",
       0.0, std::nullopt},
      {"max-nodes-per-plan", sdk::OptionType::Integer, "5",
       "most nodes reported per plan by each node-level check (worst first; the rest go to the run log)", 1.0,
       std::nullopt},
  };
}

void RowMisestimateCheck::run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options,
                              PlanFindings& out) const {
  const double threshold = options.number("misestimate-factor");
  const double min_rows = options.number("misestimate-min-rows");
  const auto max_nodes = static_cast<std::size_t>(options.integer("max-nodes-per-plan"));
  struct Hit {
    const NodeView* node;
    double factor;
    bool under;
  };
  std::vector<Hit> hits;
  for (const NodeView& v : view.nodes) {
    bool under = false;
    auto factor = misestimate_factor(v, &under);
    if (!factor || *factor < threshold) continue;
    if (std::max(*v.est_rows, *v.act_rows) < min_rows) continue;
    bool inherited = false;
    for (const NodeView& c : view.nodes) {
      if (c.parent != v.id - 1) continue;
      bool c_under = false;
      auto cf = misestimate_factor(c, &c_under);
      if (cf && *cf >= threshold && c_under == under) inherited = true;
    }
    if (!inherited) hits.push_back({&v, *factor, under});
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.factor > b.factor; });
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const Hit& h = hits[i];
    if (i >= max_nodes) {
      out.log("row-misestimate: " + view.exhibit_id + " " + node_ref(*h.node) + " off by " + times(h.factor) +
              " not reported (max-nodes-per-plan)");
      continue;
    }
    const NodeView& v = *h.node;
    const sdk::PlanNode& n = *v.node;
    sdk::Finding f = out.start(kId, "DB-OPT-07", &v, catalog);
    const auto est = static_cast<std::int64_t>(std::llround(*v.est_rows));
    const auto act = static_cast<std::int64_t>(std::llround(*v.act_rows));
    f.title = "Row estimate " + std::string(h.under ? "under" : "over") + " by " + times(h.factor) + " at " +
              node_ref(v) + " (" + sdk::sql::format_count(est) + " estimated, " + sdk::sql::format_count(act) +
              " actual)";
    f.severity = h.factor >= kGradeHigh ? sdk::Severity::High
                 : h.factor >= kGradeMedium ? sdk::Severity::Medium
                                            : sdk::Severity::Low;
    f.evidence.push_back(metric("estimated_rows_total", static_cast<double>(est), "rows"));
    f.evidence.push_back(metric("actual_rows_total", static_cast<double>(act), "rows"));
    f.evidence.push_back(metric("misestimate_factor", h.factor, "count"));
    std::string d = "The planner expected " + sdk::md::escape(sdk::sql::format_count(est)) + " rows from " +
                    sdk::md::escape(node_ref(v)) + " and got " + sdk::md::escape(sdk::sql::format_count(act)) +
                    " over all loops (plan\\_rows vs actual\\_rows per loop, each at least 1: " + sdk::md::escape(times(h.factor)) +
                    "). Its children are estimated correctly, so the error starts here; every join and sort "
                    "above it is planned for the wrong row count (nested loops chosen for \"few\" rows, hashes "
                    "sized too small).\n\n";
    std::string cond = n.filter ? *n.filter : n.index_cond ? *n.index_cond : n.recheck_cond ? *n.recheck_cond : "";
    if (!cond.empty())
      d += "Its condition:\n\n" + sdk::md::code_block(cond) + "\n\n";
    d += "What to do: `ANALYZE` the table if its statistics are stale; when the condition combines correlated "
         "columns of one table, extended statistics (`CREATE STATISTICS … (dependencies, ndistinct, mcv)`) let "
         "the planner see the correlation; for expressions such as `data ->> 'key'`, statistics on the "
         "expression (PostgreSQL 14+).";
    f.detail = std::move(d);
    f.risk = {sdk::RiskLevel::Low, "diagnosis only; ANALYZE and CREATE STATISTICS take no blocking lock"};
    f.impact.summary = "correct row estimates let the planner choose the join strategy for the real row count";
    out.add(f, &v, "row-misestimate");
  }
}

}  // namespace dbopt::plugins::plan_decoder

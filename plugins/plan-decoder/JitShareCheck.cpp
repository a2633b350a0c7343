#include "JitShareCheck.hpp"

#include <cstdio>

#include "Evidence.hpp"
#include "PlanSettings.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::plan_decoder {

sdk::CheckInfo JitShareCheck::info() { return {kId, "JIT compilation time share", ""}; }

std::vector<sdk::OptionSpec> JitShareCheck::options() {
  return {
      {"jit-time-share", sdk::OptionType::Double, "0.1",
       "jit-time: JIT Total share of the Execution Time reported, 0..1; dbopt choice", 0.0, 1.0},
      {"jit-min-ms", sdk::OptionType::Double, "10", "jit-time: fewest JIT milliseconds reported, ms; dbopt choice", 0.0,
       std::nullopt},
  };
}

void JitShareCheck::run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options,
                        PlanFindings& out) const {
  const sdk::Plan& p = *view.plan;
  if (!p.jit || !p.jit->total || !p.execution_time || *p.execution_time <= 0) return;
  const double share = *p.jit->total / *p.execution_time;
  if (share < options.number("jit-time-share") || *p.jit->total < options.number("jit-min-ms")) return;
  sdk::Finding f = out.start(kId, "", nullptr, catalog);
  f.severity = sdk::Severity::Medium;
  const std::string pct = sdk::sql::format_percent(share, 0);
  f.title = "JIT compilation takes " + pct + " of the statement (" + sdk::sql::format_ms(*p.jit->total) + ")";
  f.evidence.push_back(metric("jit_total", *p.jit->total, "ms"));
  f.evidence.push_back(metric("execution_time", *p.execution_time, "ms"));
  if (p.jit->functions) f.evidence.push_back(metric("jit_functions", static_cast<double>(*p.jit->functions), "count"));
  std::string d = "JIT compiled " + std::to_string(p.jit->functions.value_or(0)) + " functions in " +
                  sdk::md::escape(sdk::sql::format_ms(*p.jit->total)) + " of a " +
                  sdk::md::escape(sdk::sql::format_ms(*p.execution_time)) + " execution. JIT pays off for long "
                  "analytical queries; for statements this short it costs more than it saves. It starts when the plan "
                  "cost exceeds jit\\_above\\_cost";
  if (auto c = setting_number(p, catalog, "jit_above_cost")) d += " (" + sdk::md::escape(std::to_string(static_cast<long long>(*c))) + ")";
  d += ": raise it (or set jit = off) for the role or session running such statements, e.g. `ALTER ROLE … SET "
       "jit_above_cost = …`.";
  f.detail = std::move(d);
  f.risk = {sdk::RiskLevel::Low, "a per-role or per-session setting"};
  out.add(f, nullptr, "jit-time");
}

}  // namespace dbopt::plugins::plan_decoder

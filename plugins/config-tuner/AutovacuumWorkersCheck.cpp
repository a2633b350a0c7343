#include "AutovacuumWorkersCheck.hpp"

#include "Evidence.hpp"
#include "SettingChange.hpp"
#include "TunerFacts.hpp"

namespace dbopt::plugins::config_tuner {

namespace {
constexpr int kDefaultWorkers = 3;  // autovacuum_max_workers default (runtime-config-autovacuum.html)
}

std::vector<sdk::OptionSpec> AutovacuumWorkersCheck::options() { return {}; }

void AutovacuumWorkersCheck::run(const TunerInput& in, sdk::FindingSink& sink) const {
  if (covered_by_earlier(in, "autovacuum_max_workers")) return;
  const auto workers = setting_number(in.catalog, "autovacuum_max_workers");
  if (!workers || *workers >= kDefaultWorkers) return;
  const std::string w = std::to_string(static_cast<int>(*workers));
  SettingChange c;
  c.check_id = kId;
  c.name = "autovacuum_max_workers";
  c.recommended = std::to_string(kDefaultWorkers);
  c.title = "autovacuum_max_workers is " + w + ", below the default 3";
  c.reason = "autovacuum\\_max\\_workers = " + w +
             ": while a long vacuum of a large table holds a worker, at most " + std::to_string(static_cast<int>(*workers) - 1) +
             " other table(s) can be vacuumed at the same time, and small, busy tables wait. 3 is the default; the "
             "cost budget (autovacuum\\_vacuum\\_cost\\_limit) is shared by all workers, so adding workers back does "
             "not add I/O load by itself.";
  c.evidence = {metric("autovacuum_max_workers", *workers, "count")};
  c.severity = sdk::Severity::Medium;
  c.impact_summary = "tables vacuumed in parallel again; no speedup measured";
  sink.add(make_setting_finding(in.catalog, c));
}

}  // namespace dbopt::plugins::config_tuner

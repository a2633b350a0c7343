#include "PgStatStatementsPreloadCheck.hpp"

#include "Evidence.hpp"
#include "GucValue.hpp"
#include "SettingChange.hpp"
#include "dbopt/sdk/markdown.hpp"

namespace dbopt::plugins::config_tuner {

namespace {
constexpr const char* kLibrary = "pg_stat_statements";
constexpr const char* kUnavailableCheck = "query-profiler/pg-stat-statements-unavailable";

bool reported_earlier(const TunerInput& in) {
  for (const auto& f : in.earlier_findings)
    if (f.check_id == kUnavailableCheck || (f.object.kind == "extension" && f.object.name == kLibrary)) return true;
  return covered_by_earlier(in, "shared_preload_libraries");
}
}  // namespace

std::vector<sdk::OptionSpec> PgStatStatementsPreloadCheck::options() { return {}; }

void PgStatStatementsPreloadCheck::run(const TunerInput& in, sdk::FindingSink& sink) const {
  const sdk::Setting* s = in.catalog.setting("shared_preload_libraries");
  if (!s || reported_earlier(in)) return;
  const auto elements = list_setting_elements(s->setting);
  if (!elements) {
    sink.log("pg-stat-statements-preload: shared_preload_libraries value cannot be parsed safely; not checked");
    return;
  }
  for (const auto& e : *elements)
    if (e == kLibrary) return;
  SettingChange c;
  c.check_id = kId;
  c.name = "shared_preload_libraries";
  c.recommended_list = *elements;
  c.recommended_list.push_back(kLibrary);
  c.title = "pg_stat_statements is not in shared_preload_libraries";
  c.reason = "shared\\_preload\\_libraries = '" + sdk::md::escape(s->setting) +
             "' does not load pg\\_stat\\_statements, so per-statement time, calls, rows and I/O are not recorded: "
             "every workload analysis (top statements, spills, missing indexes) works blind. The module must be "
             "preloaded (the PostgreSQL documentation, pg\\_stat\\_statements); after the restart run "
             "`CREATE EXTENSION pg_stat_statements;` in the databases to analyze. The libraries already listed are "
             "kept.";
  c.evidence = {text_metric("shared_preload_libraries", s->setting)};
  c.severity = sdk::Severity::Medium;
  c.impact_summary = "statement statistics available for the next audit";
  sink.add(make_setting_finding(in.catalog, c));
}

}  // namespace dbopt::plugins::config_tuner

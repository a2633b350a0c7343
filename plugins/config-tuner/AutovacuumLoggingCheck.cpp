#include "AutovacuumLoggingCheck.hpp"

#include "Evidence.hpp"
#include "GucValue.hpp"
#include "SettingChange.hpp"
#include "TunerFacts.hpp"

namespace dbopt::plugins::config_tuner {

namespace {
constexpr double kTargetMs = 600'000;  // 10min, the default since PostgreSQL 15 (runtime-config-logging.html)
}

std::vector<sdk::OptionSpec> AutovacuumLoggingCheck::options() { return {}; }

void AutovacuumLoggingCheck::run(const TunerInput& in, sdk::FindingSink& sink) const {
  if (covered_by_earlier(in, "log_autovacuum_min_duration")) return;
  const auto v = setting_number(in.catalog, "log_autovacuum_min_duration");
  if (!v || *v != -1) return;
  SettingChange c;
  c.check_id = kId;
  c.name = "log_autovacuum_min_duration";
  c.recommended = format_duration(kTargetMs);
  c.title = "Autovacuum runs are not logged (log_autovacuum_min_duration = -1); recommended " + c.recommended;
  c.reason = "log\\_autovacuum\\_min\\_duration = -1: no autovacuum run is logged, so long or blocked vacuums (the "
             "first sign of bloat and wraparound trouble) go unnoticed (postgres-checkup F001). PostgreSQL 15 made "
             "10min the default; lower it (e.g. 1s) while investigating autovacuum.";
  c.evidence = {metric("log_autovacuum_min_duration", *v, "ms")};
  c.severity = sdk::Severity::Low;
  c.impact_summary = "long autovacuum runs logged with their statistics";
  sink.add(make_setting_finding(in.catalog, c));
}

}  // namespace dbopt::plugins::config_tuner

#include "SlowQueryLogCheck.hpp"

#include "Evidence.hpp"
#include "GucValue.hpp"
#include "SettingChange.hpp"
#include "TunerFacts.hpp"

namespace dbopt::plugins::config_tuner {

std::vector<sdk::OptionSpec> SlowQueryLogCheck::options() {
  return {{"slow-query-log-ms", sdk::OptionType::Integer, "1000",
           "recommended log_min_duration_statement, ms (dbopt choice: statements over 1 s)", 1.0, 2147483647.0}};
}

void SlowQueryLogCheck::run(const TunerInput& in, sdk::FindingSink& sink) const {
  if (covered_by_earlier(in, "log_min_duration_statement")) return;
  const auto v = setting_number(in.catalog, "log_min_duration_statement");
  if (!v || (*v != -1 && *v != 0)) return;
  const bool off = *v < 0;
  const double target_ms = static_cast<double>(in.options.integer("slow-query-log-ms"));
  SettingChange c;
  c.check_id = kId;
  c.name = "log_min_duration_statement";
  c.recommended = format_duration(target_ms);
  c.title = off ? "No slow-query log (log_min_duration_statement = -1); recommended " + c.recommended
                : "Every statement is logged (log_min_duration_statement = 0); recommended " + c.recommended;
  c.reason = off ? "log\\_min\\_duration\\_statement = -1: no statement is logged for being slow, so a slow query "
                   "leaves no trace with its parameters and time (pg\\_stat\\_statements keeps only normalized "
                   "aggregates). Logging statements over " + c.recommended +
                   " costs little on a healthy server (the PostgreSQL documentation, Error Reporting and Logging)."
                 : "log\\_min\\_duration\\_statement = 0 logs the text and duration of every statement: on a busy "
                   "server that is a heavy, constant write load on the log. Statements over " + c.recommended +
                   " are usually the ones worth reading.";
  c.evidence = {metric("log_min_duration_statement", *v, "ms")};
  c.severity = sdk::Severity::Low;
  c.impact_summary = off ? "slow statements logged with their duration" : "less log volume";
  sink.add(make_setting_finding(in.catalog, c));
}

}  // namespace dbopt::plugins::config_tuner

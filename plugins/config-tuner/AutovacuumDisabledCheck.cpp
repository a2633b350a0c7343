#include "AutovacuumDisabledCheck.hpp"

#include "Evidence.hpp"
#include "SettingChange.hpp"
#include "dbopt/sdk/markdown.hpp"

namespace dbopt::plugins::config_tuner {

std::vector<sdk::OptionSpec> AutovacuumDisabledCheck::options() { return {}; }

void AutovacuumDisabledCheck::run(const TunerInput& in, sdk::FindingSink& sink) const {
  for (const char* name : {"autovacuum", "track_counts"}) {
    const sdk::Setting* s = in.catalog.setting(name);
    if (!s || s->setting != "off" || covered_by_earlier(in, name)) continue;
    const bool av = std::string(name) == "autovacuum";
    SettingChange c;
    c.check_id = kId;
    c.name = name;
    c.recommended = "on";
    c.title = av ? "autovacuum is off" : "track_counts is off: autovacuum cannot work";
    c.reason = av ? "autovacuum = off: no table is vacuumed or analyzed automatically. Dead rows accumulate (bloat, "
                    "slower scans), planner statistics go stale, and only the anti-wraparound vacuums still run, "
                    "late and unthrottled by choice. The PostgreSQL documentation (Routine Vacuuming, \"The "
                    "Autovacuum Daemon\") strongly recommends it on; disable it per table "
                    "(ALTER TABLE … SET (autovacuum\\_enabled = off)) if a table really must be excluded."
                  : "track\\_counts = off: the statistics autovacuum relies on are not collected, so autovacuum "
                    "never knows which tables need vacuuming or analyzing (the PostgreSQL documentation, Run-time "
                    "Statistics: \"it is needed by autovacuum\").";
    c.evidence = {text_metric(name, "off")};
    c.severity = sdk::Severity::High;
    c.confidence = sdk::Confidence::Modeled;
    c.impact_summary = "dead rows and stale statistics handled automatically again; no speedup measured";
    sink.add(make_setting_finding(in.catalog, c));
  }
}

}  // namespace dbopt::plugins::config_tuner

#include "TrackIoTimingOffCheck.hpp"

#include "Evidence.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::query_profiler {

namespace sql = sdk::sql;

sdk::CheckInfo TrackIoTimingOffCheck::info() { return {kId, "track_io_timing is off", ""}; }

std::vector<sdk::OptionSpec> TrackIoTimingOffCheck::options() { return {}; }

void TrackIoTimingOffCheck::run(const sdk::Catalog& catalog, const sdk::Options& /*options*/,
                                sdk::FindingSink& sink) const {
  const sdk::Setting* s = catalog.setting("track_io_timing");
  if (!s) {
    sink.log("track-io-timing-off: skipped: track_io_timing was not captured (pg_settings)");
    return;
  }
  if (s->setting != "off") return;
  // ALTER SYSTEM writes postgresql.auto.conf, read after postgresql.conf: it wins over the
  // defaults and the configuration files, not over per-database/per-role settings or the command line.
  const bool alter_system_wins = s->source == "default" || s->source == "configuration file";

  sdk::Finding f;
  f.check_id = kId;
  f.title = "track_io_timing is off: the time spent reading and writing blocks is not measured";
  std::string d;
  d += "track\\_io\\_timing = off (pg\\_settings.source: " + sdk::md::escape(s->source) +
       "). Without it blk\\_read\\_time and blk\\_write\\_time stay 0 in pg\\_stat\\_statements and "
       "pg\\_stat\\_database, so a statement's shared\\_blks\\_read cannot be told apart between fast reads from "
       "the operating system's cache and slow reads from disk, and EXPLAIN (ANALYZE, BUFFERS) shows no I/O "
       "timings.\n\n";
  d += "Cost: each block read or write asks the operating system for the time twice. On most current hardware "
       "(a TSC clock source) that costs tens of nanoseconds; on some virtual machines and old kernels it is much "
       "slower. Measure it first with `pg_test_timing` on the server (PostgreSQL's own tool): if most timing "
       "calls take less than 1 µs the overhead is negligible. The setting needs only a reload (pg\\_settings.context: " +
       sdk::md::escape(s->context) + ").\n";
  if (!alter_system_wins)
    d += "\nThe current value comes from \"" + sdk::md::escape(s->source) +
         "\", which overrides ALTER SYSTEM: change it there (ALTER DATABASE / ALTER ROLE … RESET track\\_io\\_timing, "
         "or the server's command line). No script is generated.\n";
  f.detail = d;
  f.object = {"setting", "", "track_io_timing", std::nullopt, std::nullopt};
  f.evidence = {text_metric("track_io_timing", s->setting), text_metric("source", s->source),
                text_metric("context", s->context)};
  f.impact.summary = "I/O time per statement and per database becomes visible";
  f.severity = sdk::Severity::Low;
  f.confidence = sdk::Confidence::Measured;
  f.risk = {sdk::RiskLevel::Low, "a reload, no restart; timing overhead on every block I/O — measure with pg_test_timing"};
  if (alter_system_wins) {
    sdk::Script script;
    script.category = sdk::ScriptCategory::Config;
    script.apply = "ALTER SYSTEM SET track_io_timing = on;\nSELECT pg_reload_conf();\n";
    script.rollback = s->source == "default"
                          ? "ALTER SYSTEM RESET track_io_timing;\nSELECT pg_reload_conf();\n"
                          : "ALTER SYSTEM SET track_io_timing = " + sql::quote_literal(s->setting) +
                                ";\nSELECT pg_reload_conf();\n";
    script.requires_restart = s->context == "postmaster";
    f.script = script;
  } else {
    sink.log("track-io-timing-off: no script: the value comes from '" + s->source + "', which ALTER SYSTEM does not override");
  }
  sink.add(f);
}

}  // namespace dbopt::plugins::query_profiler

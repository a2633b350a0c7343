#include "AutovacuumScaleFactorCheck.hpp"

#include <cmath>
#include <cstdio>

#include "Evidence.hpp"
#include "GucValue.hpp"
#include "SettingChange.hpp"
#include "TunerFacts.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::config_tuner {

namespace {
bool has_reloption(const sdk::Table& t, const std::string& option) {
  for (const auto& o : t.reloptions)
    if (o.rfind(option + "=", 0) == 0) return true;
  return false;
}
}  // namespace

std::vector<sdk::OptionSpec> AutovacuumScaleFactorCheck::options() {
  return {{"large-table-rows", sdk::OptionType::Integer, "1000000",
           "tables with at least this many rows (pg_class.reltuples) make the default scale factors too coarse "
           "(dbopt choice)",
           1.0, 1e12},
          {"vacuum-scale-factor", sdk::OptionType::Double, "0.05",
           "recommended autovacuum_vacuum_scale_factor when large tables exist (dbopt choice; default 0.2)", 0.0, 1.0},
          {"analyze-scale-factor", sdk::OptionType::Double, "0.02",
           "recommended autovacuum_analyze_scale_factor when large tables exist (dbopt choice; default 0.1)", 0.0,
           1.0}};
}

void AutovacuumScaleFactorCheck::run(const TunerInput& in, sdk::FindingSink& sink) const {
  const double min_rows = static_cast<double>(in.options.integer("large-table-rows"));
  struct Kind {
    const char* setting;
    const char* threshold;
    const char* option;
    const char* what;
    sdk::Severity severity;
  };
  const Kind kinds[] = {
      {"autovacuum_vacuum_scale_factor", "autovacuum_vacuum_threshold", "vacuum-scale-factor",
       "dead rows before autovacuum vacuums a table", sdk::Severity::Medium},
      {"autovacuum_analyze_scale_factor", "autovacuum_analyze_threshold", "analyze-scale-factor",
       "inserted, updated or deleted rows before autovacuum analyzes a table (its planner statistics stay stale until then)", sdk::Severity::Low}};
  for (const Kind& k : kinds) {
    if (covered_by_earlier(in, k.setting)) continue;
    const auto sf = setting_number(in.catalog, k.setting);
    if (!sf) continue;
    const double target = in.options.number(k.option);
    if (*sf <= target) continue;
    const double base = setting_number(in.catalog, k.threshold).value_or(50);
    // Large tables still on the global value (no per-table reloption).
    std::vector<const sdk::Table*> large;
    for (const auto& t : in.catalog.tables())
      if ((t.relkind == 'r' || t.relkind == 'm') && t.reltuples && *t.reltuples >= min_rows &&
          !has_reloption(t, k.setting))
        large.push_back(&t);
    if (large.empty()) continue;
    const sdk::Table* biggest = large.front();
    for (const auto* t : large)
      if (*t->reltuples > *biggest->reltuples) biggest = t;
    const std::string table = sdk::sql::qualified_name(biggest->schemaname, biggest->relname);
    const double rows = *biggest->reltuples;
    const auto at = [&](double factor) { return static_cast<std::int64_t>(std::llround(base + factor * rows)); };

    SettingChange c;
    c.check_id = kId;
    c.name = k.setting;
    c.recommended = format_number(target);
    c.title = std::string(k.setting) + " " + format_number(*sf) + " with " + std::to_string(large.size()) +
              " table(s) of ≥ " + sdk::sql::format_count(static_cast<std::int64_t>(min_rows)) + " rows; recommended " +
              c.recommended;
    std::string r = sdk::md::escape(k.setting) + " = " + sdk::md::escape(format_number(*sf)) + ": autovacuum waits for " +
                    sdk::md::escape(k.threshold) + " + " + sdk::md::escape(format_number(*sf)) + " × reltuples " + k.what +
                    ". " + std::to_string(large.size()) + " table(s) have at least " +
                    sdk::md::escape(sdk::sql::format_count(static_cast<std::int64_t>(min_rows))) +
                    " rows and no per-table setting; the largest, " + sdk::md::escape(table) + " (" +
                    sdk::md::escape(sdk::sql::format_count(static_cast<std::int64_t>(rows))) + " rows), waits for " +
                    sdk::md::escape(sdk::sql::format_count(at(*sf))) + " rows, " +
                    sdk::md::escape(sdk::sql::format_count(at(target))) + " at " + sdk::md::escape(c.recommended) +
                    " (postgres-checkup F001/F008; the PostgreSQL documentation, Routine Vacuuming, \"The Autovacuum "
                    "Daemon\"). Smaller tables are then processed more often too, each run being short. To change "
                    "only the large tables instead, set the storage parameter per table:\n\n" +
                    sdk::md::code_block("ALTER TABLE " + table + " SET (" + k.setting + " = " + c.recommended + ");") +
                    "";
    if (const auto size = in.catalog.snapshot().server.database_size_bytes)
      r += "\n\nDatabase size: " + sdk::md::escape(sdk::sql::format_bytes(*size)) + " (pg\\_database\\_size).";
    c.reason = r;
    c.evidence = {metric("large_tables", static_cast<double>(large.size()), "count"),
                  text_metric("largest_table", table), metric("largest_table_reltuples", rows, "rows"),
                  metric("rows_before_trigger", static_cast<double>(at(*sf)), "rows"),
                  metric("rows_before_trigger_recommended", static_cast<double>(at(target)), "rows")};
    if (const auto size = in.catalog.snapshot().server.database_size_bytes)
      c.evidence.push_back(metric("database_size_bytes", static_cast<double>(*size), "bytes"));
    c.severity = k.severity;
    c.confidence = sdk::Confidence::Modeled;
    c.impact_summary = "large tables vacuumed/analyzed after proportionally fewer changes; no speedup measured";
    sink.add(make_setting_finding(in.catalog, c));
  }
}

}  // namespace dbopt::plugins::config_tuner

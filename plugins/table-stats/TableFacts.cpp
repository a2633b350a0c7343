#include "TableFacts.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>

#include "Evidence.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::table_stats {

namespace {
std::optional<double> to_number(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  try {
    std::size_t pos = 0;
    const double v = std::stod(*text, &pos);
    if (pos != text->size() || !std::isfinite(v)) return std::nullopt;
    return v;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool setting_on(const sdk::Catalog& catalog, std::string_view name) {
  const sdk::Setting* s = catalog.setting(name);
  return !s || s->setting != "off";
}

bool reloption_false(const sdk::Table& table, std::string_view name) {
  auto v = reloption(table, name);
  if (!v) return false;
  std::string lower;
  for (char c : *v) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return lower == "false" || lower == "off" || lower == "0" || lower == "no" || lower == "f" || lower == "n";
}
}  // namespace

std::optional<std::string> reloption(const sdk::Table& table, std::string_view name) {
  for (const std::string& opt : table.reloptions) {
    const auto eq = opt.find('=');
    if (eq == std::string::npos) continue;
    if (std::string_view(opt).substr(0, eq) == name) return opt.substr(eq + 1);
  }
  return std::nullopt;
}

double setting_number(const sdk::Catalog& catalog, std::string_view name, double fallback) {
  const sdk::Setting* s = catalog.setting(name);
  if (!s) return fallback;
  return to_number(s->setting).value_or(fallback);
}

double AutovacuumPolicy::vacuum_trigger(double reltuples) const {
  return vacuum_threshold + vacuum_scale_factor * std::max(0.0, reltuples);
}

double AutovacuumPolicy::analyze_trigger(double reltuples) const {
  return analyze_threshold + analyze_scale_factor * std::max(0.0, reltuples);
}

std::string AutovacuumPolicy::describe() const {
  std::string s;
  if (!server_enabled) s += "autovacuum is off on the server; ";
  if (!table_enabled) s += "autovacuum is disabled for this table (autovacuum_enabled = false); ";
  s += has_table_overrides ? "thresholds include per-table storage parameters" : "thresholds are the server settings";
  return s;
}

AutovacuumPolicy autovacuum_policy(const sdk::Catalog& catalog, const sdk::Table& table) {
  AutovacuumPolicy p;
  p.vacuum_threshold = setting_number(catalog, "autovacuum_vacuum_threshold", 50);
  p.vacuum_scale_factor = setting_number(catalog, "autovacuum_vacuum_scale_factor", 0.2);
  p.analyze_threshold = setting_number(catalog, "autovacuum_analyze_threshold", 50);
  p.analyze_scale_factor = setting_number(catalog, "autovacuum_analyze_scale_factor", 0.1);
  p.server_enabled = setting_on(catalog, "autovacuum") && setting_on(catalog, "track_counts");
  p.table_enabled = !reloption_false(table, "autovacuum_enabled");
  auto override_with = [&](std::string_view name, double& value) {
    if (auto v = to_number(reloption(table, name))) {
      value = *v;
      p.has_table_overrides = true;
    }
  };
  override_with("autovacuum_vacuum_threshold", p.vacuum_threshold);
  override_with("autovacuum_vacuum_scale_factor", p.vacuum_scale_factor);
  override_with("autovacuum_analyze_threshold", p.analyze_threshold);
  override_with("autovacuum_analyze_scale_factor", p.analyze_scale_factor);
  return p;
}

namespace {
double capped_age_setting(const sdk::Catalog& catalog, const sdk::Table& table, std::string_view name,
                          double fallback) {
  const double server = setting_number(catalog, name, fallback);
  if (auto v = to_number(reloption(table, name)); v && *v >= 0) return std::min(server, *v);
  return server;
}
}  // namespace

double freeze_max_age(const sdk::Catalog& catalog, const sdk::Table& table) {
  return capped_age_setting(catalog, table, "autovacuum_freeze_max_age", 200'000'000);
}

double multixact_freeze_max_age(const sdk::Catalog& catalog, const sdk::Table& table) {
  return capped_age_setting(catalog, table, "autovacuum_multixact_freeze_max_age", 400'000'000);
}

int heap_fillfactor(const sdk::Table& table) {
  if (auto v = to_number(reloption(table, "fillfactor")); v && *v >= 10 && *v <= 100) return static_cast<int>(*v);
  return 100;
}

double table_rows(const sdk::Table& table) {
  if (table.reltuples && *table.reltuples >= 0) return *table.reltuples;
  if (table.stat) return static_cast<double>(std::max<std::int64_t>(0, table.stat->n_live_tup));
  return 0;
}

sdk::ObjectRef table_ref(const sdk::Table& table) {
  return {"table", table.schemaname, table.relname, std::nullopt, std::nullopt};
}

sdk::Script vacuum_script(const sdk::Table& table, std::string_view options) {
  sdk::Script s;
  s.category = sdk::ScriptCategory::Vacuum;
  s.apply = "VACUUM (" + std::string(options) + ") " + sdk::sql::qualified_name(table.schemaname, table.relname) + ";";
  s.rollback = "-- VACUUM and ANALYZE change no schema and no data: nothing to roll back";
  return s;
}

sdk::Script vacuum_script_database() {
  sdk::Script s;
  s.category = sdk::ScriptCategory::Vacuum;
  s.apply = "VACUUM (FREEZE, VERBOSE);";
  s.rollback = "-- VACUUM and ANALYZE change no schema and no data: nothing to roll back";
  return s;
}

sdk::Script analyze_script(const sdk::Table& table) {
  sdk::Script s;
  s.category = sdk::ScriptCategory::Vacuum;
  s.apply = "ANALYZE " + sdk::sql::qualified_name(table.schemaname, table.relname) + ";";
  s.rollback = "-- VACUUM and ANALYZE change no schema and no data: nothing to roll back";
  return s;
}

void add_vacuum_history(const sdk::Table& table, sdk::Finding& finding) {
  if (!table.stat) return;
  const sdk::TableActivity& a = *table.stat;
  finding.evidence.push_back(text_metric("last_vacuum", a.last_vacuum));
  finding.evidence.push_back(text_metric("last_autovacuum", a.last_autovacuum));
  finding.evidence.push_back(text_metric("last_analyze", a.last_analyze));
  finding.evidence.push_back(text_metric("last_autoanalyze", a.last_autoanalyze));
  finding.evidence.push_back(metric("vacuum_count", static_cast<double>(a.vacuum_count), "count"));
  finding.evidence.push_back(metric("autovacuum_count", static_cast<double>(a.autovacuum_count), "count"));
  finding.evidence.push_back(metric("analyze_count", static_cast<double>(a.analyze_count), "count"));
  finding.evidence.push_back(metric("autoanalyze_count", static_cast<double>(a.autoanalyze_count), "count"));
  auto when = [](const std::optional<std::string>& t) { return t ? sdk::md::escape(*t) : std::string("never"); };
  finding.detail += "\n\n| pg\\_stat\\_user\\_tables | last | count |\n|---|---|---|\n";
  finding.detail += "| vacuum | " + when(a.last_vacuum) + " | " + sdk::sql::format_count(a.vacuum_count) + " |\n";
  finding.detail +=
      "| autovacuum | " + when(a.last_autovacuum) + " | " + sdk::sql::format_count(a.autovacuum_count) + " |\n";
  finding.detail += "| analyze | " + when(a.last_analyze) + " | " + sdk::sql::format_count(a.analyze_count) + " |\n";
  finding.detail +=
      "| autoanalyze | " + when(a.last_autoanalyze) + " | " + sdk::sql::format_count(a.autoanalyze_count) + " |\n";
}

sdk::Risk vacuum_risk() {
  return {sdk::RiskLevel::Low,
          "VACUUM and ANALYZE take SHARE UPDATE EXCLUSIVE: reads and writes go on, concurrent VACUUM, ANALYZE, "
          "CREATE INDEX CONCURRENTLY and most ALTER TABLE wait; VACUUM adds I/O while it runs "
          "(throttled by vacuum_cost_delay when run by autovacuum, unthrottled when run by hand)"};
}

}  // namespace dbopt::plugins::table_stats

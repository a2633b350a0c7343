#include "NeverAnalyzedCheck.hpp"

#include <algorithm>

#include "Evidence.hpp"
#include "TableFacts.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::table_stats {

namespace sql = sdk::sql;

sdk::CheckInfo NeverAnalyzedCheck::info() { return {kId, "Table never analyzed", ""}; }

std::vector<sdk::OptionSpec> NeverAnalyzedCheck::options() {
  return {
      {"never-analyzed-min-rows", sdk::OptionType::Integer, "1000",
       "never-analyzed: smallest table reported, rows (max of reltuples and n_live_tup); dbopt choice: below "
       "that, a plan on default selectivities costs little",
       0.0, std::nullopt},
  };
}

bool NeverAnalyzedCheck::never_analyzed(const sdk::Catalog& catalog, const sdk::Table& table) {
  if (!table.stat) return false;
  const sdk::TableActivity& a = *table.stat;
  if (a.last_analyze || a.last_autoanalyze || a.analyze_count > 0 || a.autoanalyze_count > 0) return false;
  const auto& columns = catalog.columns_of(table.oid);
  if (columns.empty()) return false;
  return std::none_of(columns.begin(), columns.end(), [](const sdk::Column* c) { return c->stats.has_value(); });
}

void NeverAnalyzedCheck::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  const auto min_rows = static_cast<double>(options.integer("never-analyzed-min-rows"));
  for (const sdk::Table& table : catalog.tables()) {
    if (table.relkind != 'r' && table.relkind != 'm') continue;
    if (!never_analyzed(catalog, table)) continue;
    const sdk::TableActivity& a = *table.stat;
    const double rows = std::max(table.reltuples.value_or(-1), static_cast<double>(a.n_live_tup));
    if (rows < min_rows || rows <= 0) continue;
    const AutovacuumPolicy policy = autovacuum_policy(catalog, table);
    const bool never_vacuumed = !a.last_vacuum && !a.last_autovacuum && a.vacuum_count == 0 && a.autovacuum_count == 0;
    const std::string name = sql::qualified_name(table.schemaname, table.relname);

    sdk::Finding f;
    f.check_id = kId;
    f.title = "Table " + name + " (" + sql::format_count(static_cast<std::int64_t>(rows)) + " rows) was never analyzed";
    std::string d = "Table " + sdk::md::escape(name) + " has about " +
                    sdk::md::escape(sql::format_count(static_cast<std::int64_t>(rows))) +
                    " rows, but pg\\_stat\\_user\\_tables records no ANALYZE (manual or automatic) and pg\\_stats has "
                    "no row for any of its " +
                    sdk::md::escape(std::to_string(catalog.columns_of(table.oid).size())) +
                    " columns. The planner therefore estimates every condition on it with built-in default "
                    "selectivities (e.g. 0.5 % for an equality), which leads to wrong join orders and wrong "
                    "choices between index and sequential scans.\n\n";
    if (!policy.server_enabled || !policy.table_enabled)
      d += "Autovacuum will never analyze it: " + sdk::md::escape(policy.describe()) + ".";
    else
      d += "Autovacuum analyzes a table once n\\_mod\\_since\\_analyze (here " +
           sdk::md::escape(sql::format_count(a.n_mod_since_analyze)) + ") exceeds its analyze threshold (" +
           sdk::md::escape(
               sql::format_count(static_cast<std::int64_t>(policy.analyze_trigger(table.reltuples.value_or(-1))))) +
           " rows); a table loaded in bulk and not modified since, or statistics reset with pg\\_stat\\_reset(), can "
           "stay unanalyzed indefinitely.";
    if (never_vacuumed)
      d += " It was never vacuumed either, so its visibility map is empty and index-only scans must visit the heap: "
           "the script runs VACUUM (ANALYZE).";
    f.detail = d;
    f.object = table_ref(table);
    f.evidence = {metric("rows", rows, "rows"), metric("n_live_tup", static_cast<double>(a.n_live_tup), "rows"),
                  metric("n_mod_since_analyze", static_cast<double>(a.n_mod_since_analyze), "rows"),
                  metric("columns_with_stats", 0, "count")};
    if (table.reltuples) f.evidence.push_back(metric("reltuples", *table.reltuples, "rows"));
    add_vacuum_history(table, f);
    f.impact.summary =
        "ANALYZE gives the planner statistics for " + std::to_string(catalog.columns_of(table.oid).size()) + " columns";
    f.severity = sdk::Severity::Medium;
    f.confidence = sdk::Confidence::Modeled;
    f.risk = vacuum_risk();
    f.script = never_vacuumed ? vacuum_script(table, "ANALYZE") : analyze_script(table);
    sink.add(f);
  }
}

}  // namespace dbopt::plugins::table_stats

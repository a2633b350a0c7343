#include "StaleStatisticsCheck.hpp"

#include <cstdio>

#include "DeadTuplesCheck.hpp"
#include "Evidence.hpp"
#include "NeverAnalyzedCheck.hpp"
#include "TableFacts.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::table_stats {

namespace sql = sdk::sql;

sdk::CheckInfo StaleStatisticsCheck::info() { return {kId, "Stale planner statistics", ""}; }

std::vector<sdk::OptionSpec> StaleStatisticsCheck::options() {
  return {
      {"stale-statistics-factor", sdk::OptionType::Double, "2.0",
       "stale-statistics: report when n_mod_since_analyze exceeds this multiple of the table's autovacuum analyze "
       "trigger, ×; dbopt choice: at 1× autoanalyze is merely due (it runs within autovacuum_naptime), at 2× it "
       "is not keeping up or is disabled",
       1.0, std::nullopt},
      {"stale-statistics-min-rows", sdk::OptionType::Integer, "1000",
       "stale-statistics: smallest n_mod_since_analyze reported, rows; dbopt choice", 0.0, std::nullopt},
  };
}

void StaleStatisticsCheck::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  const double factor = options.number("stale-statistics-factor");
  const auto min_rows = options.integer("stale-statistics-min-rows");
  for (const sdk::Table& table : catalog.tables()) {
    if (table.relkind != 'r' && table.relkind != 'm') continue;
    if (!table.stat || !table.reltuples || *table.reltuples < 0) continue;
    if (NeverAnalyzedCheck::never_analyzed(catalog, table) || DeadTuplesCheck::fires(table, options)) continue;
    const sdk::TableActivity& a = *table.stat;
    const AutovacuumPolicy policy = autovacuum_policy(catalog, table);
    const double trigger = policy.analyze_trigger(*table.reltuples);
    const auto modified = static_cast<double>(a.n_mod_since_analyze);
    if (a.n_mod_since_analyze < min_rows || modified <= factor * trigger) continue;
    const double overdue = trigger > 0 ? modified / trigger : 0;
    const double share = *table.reltuples > 0 ? modified / *table.reltuples : 0;
    const std::string name = sql::qualified_name(table.schemaname, table.relname);
    char times[32];
    std::snprintf(times, sizeof times, "%.1f×", overdue);

    sdk::Finding f;
    f.check_id = kId;
    f.title = "Statistics of " + name + " are stale: " + sql::format_count(a.n_mod_since_analyze) +
              " rows modified since the last ANALYZE";
    std::string d = sdk::md::escape(sql::format_count(a.n_mod_since_analyze)) + " rows of " + sdk::md::escape(name) +
                    " were inserted, updated or deleted since it was last analyzed " +
                    "(pg\\_stat\\_user\\_tables.n\\_mod\\_since\\_analyze), against " +
                    sdk::md::escape(sql::format_count(static_cast<std::int64_t>(*table.reltuples))) +
                    " rows in pg\\_class.reltuples";
    if (*table.reltuples > 0) d += " (" + sdk::md::escape(format_percent(share)) + ")";
    d += ". Autovacuum re-analyzes it once that count exceeds " +
         sdk::md::escape(sql::format_count(static_cast<std::int64_t>(policy.analyze_threshold))) + " + " +
         sdk::md::escape(std::to_string(policy.analyze_scale_factor)) +
         " × reltuples = " + sdk::md::escape(sql::format_count(static_cast<std::int64_t>(trigger))) + " rows (" +
         sdk::md::escape(policy.describe()) + "); it is " + sdk::md::escape(times) +
         " past that point. The planner's row counts, most-common values and histograms describe the table as "
         "it was, so estimates on recently changed data (new date ranges, new keys) are wrong.";
    if (!policy.server_enabled || !policy.table_enabled)
      d += " Autovacuum will not analyze it: schedule ANALYZE after bulk changes or re-enable autovacuum.";
    else
      d += " Autovacuum is enabled but has not caught up: check for busy workers (pg\\_stat\\_progress\\_vacuum) or "
           "lower the table's autovacuum\\_analyze\\_scale\\_factor.";
    f.detail = d;
    f.object = table_ref(table);
    f.evidence = {metric("n_mod_since_analyze", modified, "rows"), metric("reltuples", *table.reltuples, "rows"),
                  metric("autovacuum_analyze_trigger", trigger, "rows"), metric("modified_ratio", share, "ratio")};
    add_vacuum_history(table, f);
    f.impact.summary = "ANALYZE refreshes the planner statistics of " + name;
    f.severity = sdk::Severity::Medium;
    f.confidence = sdk::Confidence::Modeled;
    f.risk = vacuum_risk();
    f.script = analyze_script(table);
    sink.add(f);
  }
}

}  // namespace dbopt::plugins::table_stats

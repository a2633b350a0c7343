#include "DeadTuplesCheck.hpp"

#include "Evidence.hpp"
#include "TableFacts.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::table_stats {

namespace sql = sdk::sql;

namespace {
double dead_ratio(const sdk::TableActivity& a) {
  const double total = static_cast<double>(a.n_live_tup) + static_cast<double>(a.n_dead_tup);
  return total > 0 ? static_cast<double>(a.n_dead_tup) / total : 0;
}
}  // namespace

sdk::CheckInfo DeadTuplesCheck::info() { return {kId, "Many dead tuples (vacuum candidate)", "DB-OPT-12"}; }

std::vector<sdk::OptionSpec> DeadTuplesCheck::options() {
  return {
      {"dead-tuples-min-ratio", sdk::OptionType::Double, "0.20",
       "dead-tuples: smallest n_dead_tup / (n_live_tup + n_dead_tup) reported, 0..1; source: the default "
       "autovacuum_vacuum_scale_factor (0.2) — past it autovacuum should already have vacuumed the table",
       0.0, 1.0},
      {"dead-tuples-min-count", sdk::OptionType::Integer, "1000",
       "dead-tuples: smallest n_dead_tup reported, rows; dbopt choice: fewer dead rows fit in a handful of pages", 0.0,
       std::nullopt},
  };
}

bool DeadTuplesCheck::fires(const sdk::Table& table, const sdk::Options& options) {
  if (table.relkind != 'r' && table.relkind != 'm') return false;
  if (!table.stat) return false;
  return table.stat->n_dead_tup >= options.integer("dead-tuples-min-count") && table.stat->n_dead_tup > 0 &&
         dead_ratio(*table.stat) >= options.number("dead-tuples-min-ratio");
}

void DeadTuplesCheck::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  for (const sdk::Table& table : catalog.tables()) {
    if (!fires(table, options)) continue;
    const sdk::TableActivity& a = *table.stat;
    const double ratio = dead_ratio(a);
    const AutovacuumPolicy policy = autovacuum_policy(catalog, table);
    const double reltuples = table.reltuples.value_or(-1);
    const double trigger = policy.vacuum_trigger(reltuples);
    const std::string name = sql::qualified_name(table.schemaname, table.relname);

    sdk::Finding f;
    f.check_id = kId;
    f.story = "DB-OPT-12";
    f.title = "Table " + name + " has " + sql::format_count(a.n_dead_tup) + " dead tuples (" + format_percent(ratio) +
              " of its rows)";
    std::string d =
        "Table " + sdk::md::escape(name) + " holds " + sdk::md::escape(sql::format_count(a.n_dead_tup)) +
        " dead row versions next to " + sdk::md::escape(sql::format_count(a.n_live_tup)) +
        " live ones (pg\\_stat\\_user\\_tables.n\\_dead\\_tup / n\\_live\\_tup): " + sdk::md::escape(format_percent(ratio)) +
        " of the table's tuples are dead. Every sequential scan reads them, index scans visit them "
        "until VACUUM prunes them, and their space is not reused until VACUUM marks it free.\n\n";
    d += "Autovacuum vacuums this table once n\\_dead\\_tup exceeds " +
         sdk::md::escape(sql::format_count(static_cast<std::int64_t>(policy.vacuum_threshold))) + " + " +
         sdk::md::escape(std::to_string(policy.vacuum_scale_factor)) +
         " × reltuples = " + sdk::md::escape(sql::format_count(static_cast<std::int64_t>(trigger))) + " rows (" +
         sdk::md::escape(policy.describe()) + ").";
    if (!policy.server_enabled || !policy.table_enabled)
      d += " Autovacuum will not process it (only anti-wraparound vacuums still run): vacuum it by hand or "
           "re-enable autovacuum.";
    else if (static_cast<double>(a.n_dead_tup) > trigger)
      d += " The count is past that point: autovacuum is behind (busy workers, cost limits) or blocked by a "
           "long transaction holding back the xmin horizon — check pg\\_stat\\_activity and "
           "pg\\_stat\\_progress\\_vacuum.";
    else
      d += " The count is below that point: autovacuum will process the table when it reaches it; a manual VACUUM "
           "brings it forward.";
    d += "\n\nVACUUM makes the space reusable inside the file; it does not shrink the file (see "
         "table-stats/table-bloat for that).";
    f.detail = d;
    f.object = table_ref(table);
    f.evidence = {metric("n_dead_tup", static_cast<double>(a.n_dead_tup), "rows"),
                  metric("n_live_tup", static_cast<double>(a.n_live_tup), "rows"), metric("dead_ratio", ratio, "ratio"),
                  metric("autovacuum_vacuum_trigger", trigger, "rows"),
                  metric("heap_bytes", static_cast<double>(table.heap_bytes), "bytes")};
    add_vacuum_history(table, f);
    f.impact.summary = "VACUUM frees the space of " + sql::format_count(a.n_dead_tup) +
                       " dead tuples for reuse and refreshes the visibility map and statistics";
    f.severity = sdk::Severity::Medium;
    f.confidence = sdk::Confidence::Modeled;
    f.risk = vacuum_risk();
    f.script = vacuum_script(table, "ANALYZE");
    sink.add(f);
  }
}

}  // namespace dbopt::plugins::table_stats

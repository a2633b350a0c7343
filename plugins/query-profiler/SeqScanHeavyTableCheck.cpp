#include "SeqScanHeavyTableCheck.hpp"

#include "Evidence.hpp"
#include "StatementGroups.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::query_profiler {

namespace sql = sdk::sql;

namespace {

/// True when the statement reads `table`: one of its references resolves to the table and is not
/// the target of an INSERT.
bool reads_table(const StatementGroup& g, sdk::Oid table) {
  if (!g.facts || !g.facts->parsed) return false;
  for (const sdk::TableReference& ref : g.facts->tables) {
    if (!ref.table_oid || *ref.table_oid != table) continue;
    if (ref.is_target && g.facts->kind == sdk::StatementKind::Insert) continue;
    return true;
  }
  return false;
}

}  // namespace

sdk::CheckInfo SeqScanHeavyTableCheck::info() { return {kId, "Table read mostly by sequential scans", ""}; }

std::vector<sdk::OptionSpec> SeqScanHeavyTableCheck::options() {
  return {
      {"seq-scan-min-rows", sdk::OptionType::Integer, "10000",
       "seq-scan-heavy-table: smallest pg_stat_user_tables.n_live_tup; PgHero (index usage on tables with at "
       "least 10,000 rows): a smaller table is read faster whole than through an index",
       0.0, std::nullopt},
      {"seq-scan-min-scans", sdk::OptionType::Integer, "50",
       "seq-scan-heavy-table: smallest pg_stat_user_tables.seq_scan; dbopt choice, the same as "
       "index-analyzer.missing-min-seq-scans (index builds, VACUUM-less maintenance and one-off jobs scan a "
       "table a few times)",
       0.0, std::nullopt},
      {"seq-scan-max-index-share", sdk::OptionType::Double, "0.95",
       "seq-scan-heavy-table: a table is reported when idx_scan / (seq_scan + idx_scan) is below this, 0..1; "
       "PgHero (percent_of_times_index_used < 95)",
       0.0, 1.0},
  };
}

void SeqScanHeavyTableCheck::run(const sdk::Catalog& catalog, const sdk::Options& options,
                                 sdk::FindingSink& sink) const {
  const std::int64_t min_rows = options.integer("seq-scan-min-rows");
  const std::int64_t min_scans = options.integer("seq-scan-min-scans");
  const double max_index_share = options.number("seq-scan-max-index-share");
  const double total = catalog.total_exec_time();
  const std::vector<StatementGroup> groups = group_statements(catalog);
  if (!catalog.has_statements())
    sink.log("seq-scan-heavy-table: pg_stat_statements was not captured: tables are reported without the "
             "statements that read them");

  for (const sdk::Table& t : catalog.tables()) {
    if (!t.stat) continue;
    const sdk::TableActivity& a = *t.stat;
    if (a.n_live_tup < min_rows || a.seq_scan < min_scans) continue;
    const std::int64_t idx_scan = a.idx_scan.value_or(0);
    if (a.seq_scan + idx_scan <= 0) continue;
    const double index_share = static_cast<double>(idx_scan) / static_cast<double>(a.seq_scan + idx_scan);
    if (index_share >= max_index_share) continue;
    const double rows_per_scan =
        a.seq_scan > 0 ? static_cast<double>(a.seq_tup_read) / static_cast<double>(a.seq_scan) : 0.0;

    std::vector<const StatementGroup*> readers;
    double readers_time = 0;
    for (const StatementGroup& g : groups)
      if (reads_table(g, t.oid)) {
        readers.push_back(&g);
        readers_time += g.total_exec_time;
      }
    const double readers_share = total > 0 ? readers_time / total : 0.0;
    const std::string tname = sql::qualified_name(t.schemaname, t.relname);

    sdk::Finding f;
    f.check_id = kId;
    f.title = "Table " + tname + " is read mostly by sequential scans (" + sql::format_count(a.seq_scan) +
              " sequential, " + sql::format_count(idx_scan) + " index scans)";
    std::string d;
    d += "pg\\_stat\\_user\\_tables for " + sdk::md::escape(tname) + ": seq\\_scan " +
         sdk::md::escape(sql::format_count(a.seq_scan)) + ", seq\\_tup\\_read " +
         sdk::md::escape(sql::format_count(a.seq_tup_read)) + " rows (" +
         sdk::md::escape(sql::format_count(static_cast<std::int64_t>(rows_per_scan))) + " per scan, n\\_live\\_tup " +
         sdk::md::escape(sql::format_count(a.n_live_tup)) + "), idx\\_scan " +
         (a.idx_scan ? sdk::md::escape(sql::format_count(idx_scan)) : std::string("null (the table has no index)")) +
         ": " + sdk::md::escape(format_percent(index_share)) + " of its scans use an index, below " +
         sdk::md::escape(format_percent(max_index_share)) + " (PgHero).\n\n";
    if (!catalog.has_statements()) {
      d += "pg\\_stat\\_statements was not captured: the statements that read the table are unknown.\n";
    } else if (readers.empty()) {
      d += "No statement in pg\\_stat\\_statements references the table (jobs outside this database's "
           "statements, statements evicted from pg\\_stat\\_statements, or functions).\n";
    } else {
      d += "Statements that read it (" + sdk::md::escape(sql::format_count(static_cast<std::int64_t>(readers.size()))) +
           ", " + sdk::md::escape(format_percent(readers_share)) +
           " of all statement time; pg\\_stat\\_statements does not record plans, so some of them may use an "
           "index):\n\n";
      d += "| queryid | calls | total time | share | statement |\n|---:|---:|---:|---:|---|\n";
      for (std::size_t i = 0; i < readers.size() && i < kListedStatements; ++i) {
        const StatementGroup& g = *readers[i];
        d += "| " + std::to_string(g.queryid) + " | " + sdk::md::escape(sql::format_count(g.calls)) + " | " +
             sdk::md::escape(sql::format_ms(g.total_exec_time)) + " | " +
             sdk::md::escape(format_percent(time_share(g, total))) + " | " +
             sdk::md::escape(statement_label(g.query, 120)) + " |\n";
      }
      if (readers.size() > kListedStatements)
        d += "\n… and " + std::to_string(readers.size() - kListedStatements) + " more (in the evidence).\n";
      d += "\n";
    }
    d += "Each sequential scan reads the whole table. That is right for statements that need most of its rows "
         "(reports, exports) and wasteful for selective lookups: for those, index-analyzer/missing-index "
         "proposes an index when the predicates allow one.\n";
    f.detail = d;
    f.object = {"table", t.schemaname, t.relname, std::nullopt, std::nullopt};
    f.evidence = {metric("seq_scan", static_cast<double>(a.seq_scan), "count"),
                  metric("seq_tup_read", static_cast<double>(a.seq_tup_read), "rows"),
                  metric("idx_scan", static_cast<double>(idx_scan), "count"),
                  metric("index_scan_share", index_share, "ratio"),
                  metric("n_live_tup", static_cast<double>(a.n_live_tup), "rows"),
                  metric("seq_tup_read_per_scan", rows_per_scan, "rows"),
                  metric("reading_statements", static_cast<double>(readers.size()), "count")};
    if (catalog.has_statements()) f.evidence.push_back(metric("reading_statements_time_share", readers_share, "ratio"));
    for (const StatementGroup* g : readers) f.impact.affected_queryids.push_back(g->queryid);
    if (catalog.has_statements()) f.impact.time_share = readers_share;
    f.impact.summary = sql::format_count(a.seq_scan) + " full scans of " + sql::format_count(a.n_live_tup) + " rows";
    f.severity = sdk::Severity::Low;
    f.confidence = sdk::Confidence::Modeled;
    f.risk = {sdk::RiskLevel::Low, "nothing is changed: the finding describes the access pattern"};
    sink.add(f);
  }
}

}  // namespace dbopt::plugins::query_profiler

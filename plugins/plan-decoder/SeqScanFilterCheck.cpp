#include "SeqScanFilterCheck.hpp"

#include <cmath>
#include <cstdio>
#include <set>

#include "Evidence.hpp"
#include "PredicateColumns.hpp"
#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/names.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::plan_decoder {

namespace sql = sdk::sql;

namespace {

struct IndexCandidate {
  std::vector<std::string> columns;
  std::string apply, rollback;
};

// Equality columns in filter order, then the first range column; each must be a column of the
// table. Null when nothing usable or an index already starts with the same column.
std::optional<IndexCandidate> candidate(const sdk::Catalog& catalog, const sdk::Table& table, const std::string& filter,
                                        std::string& why_not) {
  bool complete = false;
  auto cmp = column_comparisons(filter, &complete);
  std::vector<std::string> cols;
  std::set<std::string> seen;
  for (const auto& c : cmp)
    if (c.equality() && seen.insert(c.column).second) cols.push_back(c.column);
  for (const auto& c : cmp)
    if (c.range() && !seen.count(c.column)) {
      cols.push_back(c.column);
      break;
    }
  if (cols.empty()) {
    why_not = "the filter is not a plain AND of column comparisons with constants";
    return std::nullopt;
  }
  for (const auto& c : cols)
    if (!catalog.column(table.oid, c)) {
      why_not = "column " + sql::quote_ident(c) + " is not a column of " + sql::qualified_name(table.schemaname, table.relname) +
                " in the snapshot";
      return std::nullopt;
    }
  for (const sdk::Index* idx : catalog.indexes_of(table.oid)) {
    if (!idx->keys.empty() && idx->keys[0].definition == sql::quote_ident(cols[0]) && idx->predicate == std::nullopt &&
        idx->indisvalid) {
      why_not = "index " + sql::qualified_name(idx->schemaname, idx->relname) + " already starts with " +
                sql::quote_ident(cols[0]) + " and the planner did not use it";
      return std::nullopt;
    }
  }
  std::string base = table.relname;
  for (const auto& c : cols) base += "_" + c;
  // `<table>_<cols>_idx`, or `…_idx1`, `…_idx2` when a table or index of the schema already has
  // the name: CREATE INDEX would fail and the rollback would drop the existing relation.
  const std::string name = sdk::names::fresh_relation_name(catalog, table.schemaname, base, "_idx");
  IndexCandidate ic;
  ic.columns = cols;
  std::string list;
  for (const auto& c : cols) list += (list.empty() ? "" : ", ") + sql::quote_ident(c);
  ic.apply = "CREATE INDEX CONCURRENTLY " + sql::quote_ident(name) + " ON " +
             sql::qualified_name(table.schemaname, table.relname) + " (" + list + ");";
  ic.rollback = "DROP INDEX CONCURRENTLY IF EXISTS " + sql::qualified_name(table.schemaname, name) + ";";
  return ic;
}

}  // namespace

sdk::CheckInfo SeqScanFilterCheck::info() { return {kId, "Sequential scan filtering out most rows", ""}; }

std::vector<sdk::OptionSpec> SeqScanFilterCheck::options() {
  return {
      {"seq-scan-min-rows", sdk::OptionType::Double, "10000",
       "seq-scan-filter: rows read (actual + removed by filter, all loops) before a scan is reported, rows; dbopt "
       "choice: below it a sequential scan is as cheap as an index",
       0.0, std::nullopt},
      {"seq-scan-removed-share", sdk::OptionType::Double, "0.9",
       "seq-scan-filter: share of the rows read that the Filter removed, 0..1; dbopt choice: 90 % wasted reads",
       0.0, 1.0},
      {"seq-scan-critical-rows", sdk::OptionType::Double, "1000000",
       "seq-scan-filter: table rows above which the scan is critical; seed 003_…, decode_execution_plan.py: "
       "\"Flag Seq Scan on >1M row tables as CRITICAL\"",
       0.0, std::nullopt},
  };
}

void SeqScanFilterCheck::run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options,
                             PlanFindings& out) const {
  const double min_rows = options.number("seq-scan-min-rows");
  const double min_share = options.number("seq-scan-removed-share");
  const double critical_rows = options.number("seq-scan-critical-rows");
  for (const NodeView& v : view.nodes) {
    const sdk::PlanNode& n = *v.node;
    if (n.node_type != "Seq Scan" || !n.filter || !n.rows_removed_by_filter || !v.act_rows) continue;
    const double loops = n.actual_loops.value_or(1);
    const double removed = *n.rows_removed_by_filter * loops;
    const double read = removed + *v.act_rows;
    if (read < min_rows || read <= 0) continue;
    const double share = removed / read;
    if (share < min_share) continue;
    const sdk::Table* table = find_table(catalog, n);
    const double table_rows = table && table->reltuples && *table->reltuples >= 0 ? *table->reltuples : read / loops;
    sdk::Finding f = out.start(kId, "", &v, catalog);
    f.severity = table_rows > critical_rows        ? sdk::Severity::Critical
                 : table_rows > critical_rows / 10 ? sdk::Severity::High
                                                   : sdk::Severity::Medium;
    const std::string rel = n.relation_name ? sql::qualified_name(n.schema.value_or(""), *n.relation_name) : "?";
    const std::string rel_shown = table ? sql::qualified_name(table->schemaname, table->relname)
                                        : (n.schema ? rel : sql::quote_ident(n.relation_name.value_or("?")));
    f.title = "Sequential scan of " + rel_shown + " removes " + sql::format_percent(share) + " of " +
              sql::format_count(static_cast<std::int64_t>(std::llround(read))) + " rows read (" + node_ref(v) + ")";
    f.evidence.push_back(metric("rows_read", read, "rows"));
    f.evidence.push_back(metric("rows_removed_by_filter_total", removed, "rows"));
    f.evidence.push_back(metric("removed_share", share, "ratio"));
    f.evidence.push_back(metric("table_rows", table_rows, "rows"));
    f.evidence.push_back(text_metric("filter", *n.filter));
    std::string d = sdk::md::escape(node_ref(v)) + " reads " +
                    sdk::md::escape(sql::format_count(static_cast<std::int64_t>(std::llround(read)))) +
                    " rows and its Filter throws away " + sdk::md::escape(sql::format_percent(share)) +
                    " of them (Rows Removed by Filter × loops)";
    if (v.exclusive_ms) d += ", taking " + sdk::md::escape(sql::format_ms(*v.exclusive_ms));
    d += ". The table has about " + sdk::md::escape(sql::format_count(static_cast<std::int64_t>(std::llround(table_rows)))) +
         " rows" + (table ? " (pg\\_class.reltuples)" : " (rows read per loop: the table is not in the snapshot)") +
         ". Filter:\n\n" + sdk::md::code_block(*n.filter) + "\n\n";
    std::string why_not;
    std::optional<IndexCandidate> ic;
    if (table) ic = candidate(catalog, *table, *n.filter, why_not);
    else why_not = "the table is not in the snapshot (capture it to get a verified CREATE INDEX)";
    if (ic) {
      d += "An index on the filtered columns lets PostgreSQL read only the matching rows. Equality columns come "
           "first, then one range column (btree). Check the plan after creating it: the planner only uses it when "
           "the filter is selective enough.";
      sdk::Script s;
      s.category = sdk::ScriptCategory::Indexes;
      s.apply = ic->apply;
      s.rollback = ic->rollback;
      f.script = s;
      f.risk = {sdk::RiskLevel::Low,
                "CREATE INDEX CONCURRENTLY takes no lock that blocks reads or writes; it adds one index to maintain "
                "on every insert and non-HOT update"};
      std::string cols;
      for (const auto& c : ic->columns) cols += (cols.empty() ? "" : ", ") + c;
      f.evidence.push_back(text_metric("index_columns", cols));
    } else {
      d += "No index is proposed: " + sdk::md::escape(why_not) + ".";
      f.risk = {sdk::RiskLevel::Low, "diagnosis only"};
    }
    f.detail = std::move(d);
    f.impact.summary = "an index turns a scan of every row into a read of the matching ones";
    out.add(f, &v, "seq-scan-filter");
  }
}

}  // namespace dbopt::plugins::plan_decoder

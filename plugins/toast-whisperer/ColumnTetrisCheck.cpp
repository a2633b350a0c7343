#include "ColumnTetrisCheck.hpp"

#include <cmath>

#include "Evidence.hpp"
#include "TupleLayout.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::toast_whisperer {

namespace sql = sdk::sql;
namespace md = sdk::md;

namespace {

std::string column_list(const std::vector<const sdk::Column*>& order) {
  std::string out;
  for (const sdk::Column* c : order) out += (out.empty() ? "" : ", ") + sql::quote_ident(c->attname);
  return out;
}

std::string width_text(const sdk::Column& c) {
  if (c.attlen > 0) return std::to_string(c.attlen) + " bytes, align " + std::to_string(alignment_bytes(c.attalign));
  return "variable (avg " + std::to_string(c.stats ? c.stats->avg_width : 0) + " bytes)";
}

}  // namespace

sdk::CheckInfo ColumnTetrisCheck::info() { return {kId, "Alignment padding (column tetris)", ""}; }

std::vector<sdk::OptionSpec> ColumnTetrisCheck::options() {
  return {
      {"tetris-min-bytes-per-row", sdk::OptionType::Integer, "8",
       "column-tetris: smallest saving per row reported, bytes; rows are padded to 8 bytes (MAXALIGN), so 8 is the "
       "smallest saving that changes a row's size",
       1.0, std::nullopt},
      {"tetris-min-saved-bytes", sdk::OptionType::Bytes, "1MB",
       "column-tetris: smallest saving across the table (per-row saving × reltuples) reported, bytes; dbopt choice",
       0.0, std::nullopt},
  };
}

void ColumnTetrisCheck::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  const std::int64_t min_per_row = options.integer("tetris-min-bytes-per-row");
  const std::int64_t min_total = options.bytes("tetris-min-saved-bytes");
  for (const sdk::Table& t : catalog.tables()) {
    if (t.relkind != 'r' || !t.reltuples || *t.reltuples <= 0) continue;
    const auto& cols = catalog.columns_of(t.oid);
    if (cols.size() < 2) continue;
    const std::string tname = sql::qualified_name(t.schemaname, t.relname);
    const auto current = tuple_layout(cols);
    if (!current) {
      sink.log("column-tetris: " + tname + " skipped: a variable-length column has no pg_stats row (never analyzed?)");
      continue;
    }
    const auto order = tetris_order(cols);
    const auto proposed = tuple_layout(order);
    if (!proposed) continue;
    const std::int64_t saved_row = current->row_bytes - proposed->row_bytes;
    const double saved_total = static_cast<double>(saved_row) * *t.reltuples;
    if (saved_row < min_per_row || saved_total < static_cast<double>(min_total)) continue;

    sdk::Finding f;
    f.check_id = kId;
    f.title = "Column order of " + tname + " wastes " + std::to_string(saved_row) + " bytes per row (" +
              sql::format_bytes(static_cast<std::int64_t>(saved_total)) + " across the table)";
    std::string d;
    d += "PostgreSQL aligns each fixed-width value to its type's alignment (attalign: 2, 4 or 8 bytes) and pads the "
         "gap before it; a row is padded to 8 bytes. In the current column order a typical row of " +
         md::escape(tname) + " has " + md::escape(std::to_string(current->padding_bytes)) +
         " bytes of alignment padding and takes " + md::escape(std::to_string(current->row_bytes)) +
         " bytes with its header; ordered wide fixed-length → narrow fixed-length → variable-length (seed 003\\_…, "
         "physical view \"Column Tetris\") it would take " +
         md::escape(std::to_string(proposed->row_bytes)) + " bytes: " + md::escape(std::to_string(saved_row)) +
         " bytes less per row, about " + md::escape(sql::format_bytes(static_cast<std::int64_t>(saved_total))) +
         " over " + md::escape(sql::format_count(static_cast<std::int64_t>(std::llround(*t.reltuples)))) +
         " rows (pg\\_class.reltuples).\n\n";
    d += "| column | type | width |\n|---|---|---|\n";
    for (const sdk::Column* c : cols)
      d += "| " + md::escape(c->attname) + " | " + md::escape(c->type_name) + " | " + md::escape(width_text(*c)) + " |\n";
    d += "\nProposed order: " + md::escape(column_list(order)) + ".\n\n";
    d += "Model: every value non-null (a NULL takes no space and shifts what follows), variable-length values at "
         "pg\\_stats.avg\\_width, short ones (under 127 bytes) unaligned as PostgreSQL stores them.\n\n";
    d += "This is informational: the column order can only change by rebuilding the table, so there is no script. "
         "Outline of the migration (not a script):\n\n";
    std::string outline = "-- 1. create the new table with the columns in the proposed order\nCREATE TABLE " +
                          sql::qualified_name(t.schemaname, t.relname + "_new") + " (\n";
    for (std::size_t i = 0; i < order.size(); ++i)
      outline += "    " + sql::quote_ident(order[i]->attname) + " " + order[i]->type_name + (i + 1 < order.size() ? ",\n" : "\n");
    outline += ");\n-- 2. copy the rows (INSERT … SELECT in batches, or logical replication to avoid downtime)\n"
               "-- 3. recreate defaults, constraints, indexes, triggers, grants, and the foreign keys that reference it\n"
               "-- 4. swap the names in one transaction; dependent views and functions must be recreated\n";
    d += md::code_block(outline);
    d += "\n\nApplications that use SELECT \\* or INSERT without a column list see the new order.\n";
    f.detail = d;
    f.object = {"table", t.schemaname, t.relname, std::nullopt, std::nullopt};
    f.evidence = {metric("padding_bytes_per_row", static_cast<double>(current->padding_bytes), "bytes"),
                  metric("row_bytes", static_cast<double>(current->row_bytes), "bytes"),
                  metric("row_bytes_proposed", static_cast<double>(proposed->row_bytes), "bytes"),
                  metric("saved_bytes_per_row", static_cast<double>(saved_row), "bytes"),
                  metric("reltuples", *t.reltuples, "rows"),
                  text_metric("current_order", column_list(cols)),
                  text_metric("proposed_order", column_list(order))};
    f.impact.storage_delta_bytes = -static_cast<std::int64_t>(saved_total);
    f.impact.summary = "reordering the columns saves " + std::to_string(saved_row) + " bytes per row, about " +
                       sql::format_bytes(static_cast<std::int64_t>(saved_total)) + " (needs a table rewrite)";
    f.severity = sdk::Severity::Info;
    f.confidence = sdk::Confidence::Modeled;
    f.risk = {sdk::RiskLevel::High,
              "a full table rebuild: downtime or a logical-replication switchover, every dependent object recreated"};
    sink.add(f);
  }
}

}  // namespace dbopt::plugins::toast_whisperer

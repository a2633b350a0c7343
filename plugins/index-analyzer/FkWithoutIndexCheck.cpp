#include "FkWithoutIndexCheck.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "BtreeSizeModel.hpp"
#include "Evidence.hpp"
#include "IndexLookupModel.hpp"
#include "IndexScripts.hpp"
#include "IndexShape.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::index_analyzer {

namespace sql = sdk::sql;

namespace {
/// True when some index on the table serves the foreign key (IndexShape.hpp, serves_foreign_key).
bool has_leading_index(const sdk::Catalog& catalog, const sdk::Table& table, const sdk::Constraint& fk) {
  for (const sdk::Index* i : catalog.indexes_of(table.oid))
    if (serves_foreign_key(*i, fk)) return true;
  return false;
}
}  // namespace

sdk::CheckInfo FkWithoutIndexCheck::info() { return {kId, "Foreign key without an index", ""}; }

std::vector<sdk::OptionSpec> FkWithoutIndexCheck::options() {
  return {{"fk-min-rows", sdk::OptionType::Double, "1000",
           "fk-without-index: smallest referencing table reported, rows (pg_class.reltuples); dbopt choice: below "
           "~1000 rows the table is a few pages and a sequential scan per referenced-row delete is cheap",
           0.0, std::nullopt}};
}

void FkWithoutIndexCheck::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  const double min_rows = options.number("fk-min-rows");
  const PageCosts costs = page_costs(catalog);
  std::set<std::pair<sdk::Oid, std::vector<int>>> done;
  for (const sdk::Constraint& fk : catalog.snapshot().constraints) {
    if (fk.contype != 'f' || fk.conkey.empty()) continue;
    const sdk::Table* table = catalog.table(fk.table_oid);
    if (!table || table->relpersistence == 't') continue;
    if (table->relkind == 'p') {
      sink.log("fk-without-index: foreign key " + fk.conname + " on partitioned table " +
               sql::qualified_name(table->schemaname, table->relname) +
               " is checked on its partitions (CREATE INDEX CONCURRENTLY is not supported on a partitioned table)");
      continue;
    }
    if (has_leading_index(catalog, *table, fk)) continue;
    const double reltuples = table->reltuples.value_or(-1);
    if (reltuples < min_rows) continue;
    std::vector<const sdk::Column*> cols;
    for (int attnum : fk.conkey) {
      const sdk::Column* c = catalog.column(table->oid, attnum);
      if (!c) break;
      cols.push_back(c);
    }
    if (cols.size() != fk.conkey.size()) {
      sink.log("fk-without-index: foreign key " + fk.conname + " skipped: a column of conkey is not in the snapshot");
      continue;
    }
    if (!done.insert({table->oid, fk.conkey}).second) continue;

    const sdk::Table* parent = fk.confrelid ? catalog.table(*fk.confrelid) : nullptr;
    const sdk::TableActivity pa = parent && parent->stat ? *parent->stat : sdk::TableActivity{};
    const std::int64_t parent_changes = pa.n_tup_del + pa.n_tup_upd;

    std::vector<std::string> names, keys;
    for (const auto* c : cols) {
      names.push_back(c->attname);
      keys.push_back(sql::quote_ident(c->attname));
    }
    const std::string index_name = choose_index_name(catalog, *table, names);
    const std::string tname = sql::qualified_name(table->schemaname, table->relname);
    const std::string pname = parent ? sql::qualified_name(parent->schemaname, parent->relname) : "(referenced table)";
    std::string col_list, lookup;
    for (const auto& k : keys) {
      col_list += (col_list.empty() ? "" : ", ") + k;
      lookup += (lookup.empty() ? "" : " AND ") + k + " = …";
    }

    // Estimated size of the new index (BtreeSizeModel) and rows per referenced key.
    std::string why_no_size;
    std::optional<std::int64_t> est_bytes;
    double tuple_bytes = 0;
    if (auto widths = key_widths(catalog, table->oid, fk.conkey, why_no_size)) {
      tuple_bytes = btree_tuple_bytes(*widths);
      est_bytes = static_cast<std::int64_t>(
          btree_expected_pages(reltuples, tuple_bytes, kBtreeDefaultFillfactor, catalog.block_size()) *
          static_cast<double>(catalog.block_size()));
    }
    std::optional<double> selectivity = 1.0;
    for (const auto* c : cols) {
      auto s = equality_selectivity(*c, reltuples);
      if (!s) {
        selectivity.reset();
        break;
      }
      *selectivity *= *s;
    }
    std::optional<double> speedup;
    if (selectivity && est_bytes) {
      const double per_page = std::floor((catalog.block_size() - kPageHeader - kBtreeSpecial) *
                                         kBtreeDefaultFillfactor / 100.0 / (tuple_bytes + kLinePointer));
      LookupInput in{static_cast<double>(table->relpages), reltuples, *selectivity,
                     cols.front()->stats ? cols.front()->stats->correlation.value_or(0.0) : 0.0, per_page};
      const double modeled = modeled_speedup(in, costs);
      if (modeled > 1.0) speedup = modeled;  // no gain at all is not reported as a "speedup" below 1
    }

    // Statements that delete from or update the referenced table: each fires the check.
    std::vector<std::int64_t> affected;
    double affected_time = 0;
    if (parent) {
      for (std::size_t s = 0; s < catalog.facts().size() && s < catalog.statements().size(); ++s) {
        const sdk::StatementFacts& sf = catalog.facts()[s];
        if (sf.kind != sdk::StatementKind::Delete && sf.kind != sdk::StatementKind::Update) continue;
        const bool targets_parent = std::any_of(sf.tables.begin(), sf.tables.end(), [&](const sdk::TableReference& r) {
          return r.is_target && r.table_oid && *r.table_oid == parent->oid;
        });
        if (!targets_parent) continue;
        affected.push_back(catalog.statements()[s].queryid);
        affected_time += catalog.statements()[s].total_exec_time;
      }
    }

    sdk::Finding f;
    f.check_id = kId;
    f.title = "Foreign key " + sql::quote_ident(fk.conname) + " on " + tname + " (" + col_list + ") has no index";
    std::string d;
    d += "Foreign key " + sdk::md::escape(sql::quote_ident(fk.conname)) + " on " + sdk::md::escape(tname) + " references " + sdk::md::escape(pname) +
         ", but no valid, non-partial btree index on " + sdk::md::escape(tname) + " starts with its columns (" +
         sdk::md::escape(col_list) + "). Every DELETE of a row of " + sdk::md::escape(pname) +
         ", and every UPDATE of its referenced key, looks for referencing rows with WHERE " + sdk::md::escape(lookup) +
         ": without an index that is a sequential scan of " + sdk::md::escape(tname) + " (" +
         sdk::md::escape(sql::format_count(static_cast<std::int64_t>(reltuples))) + " rows, " +
         sdk::md::escape(sql::format_count(table->relpages)) + " pages) per parent row. Joins on the key benefit too.\n\n";
    if (parent_changes > 0)
      d += sdk::md::escape(pname) + " had " + sdk::md::escape(sql::format_count(pa.n_tup_del)) + " deletes and " +
           sdk::md::escape(sql::format_count(pa.n_tup_upd)) +
           " updates since statistics were reset (pg\\_stat\\_user\\_tables; an update only fires the check when it "
           "changes the referenced key, which the statistics do not tell).\n\n";
    else
      d += sdk::md::escape(pname) + " had no deletes or updates since statistics were reset: the cost is latent (the "
           "first bulk delete of parent rows will pay it).\n\n";
    if (speedup && selectivity)
      d += "Modeled: a referential check reads ~" +
           sdk::md::escape(sql::format_count(static_cast<std::int64_t>(std::ceil(*selectivity * reltuples)))) +
           " matching rows; the index makes it about " + sdk::md::escape(sql::format_speedup(*speedup)) +
           " cheaper than the sequential scan (the planner's cost formulas, see README).\n\n";
    if (est_bytes)
      d += "Estimated index size: " + sdk::md::escape(sql::format_bytes(*est_bytes)) +
           " (reltuples × tuple width from pg\\_stats.avg\\_width at fillfactor 90 — an estimate).\n";
    else
      d += "Index size not estimated: " + sdk::md::escape(why_no_size) + ".\n";
    f.detail = d;
    f.object = {"table", table->schemaname, table->relname, std::nullopt, std::nullopt};
    f.evidence = {text_metric("constraint", fk.definition), metric("reltuples", reltuples, "rows"),
                  metric("relpages", static_cast<double>(table->relpages), "pages"),
                  metric("parent_n_tup_del", static_cast<double>(pa.n_tup_del), "rows"),
                  metric("parent_n_tup_upd", static_cast<double>(pa.n_tup_upd), "rows")};
    if (selectivity) f.evidence.push_back(metric("rows_per_key", *selectivity * reltuples, "rows"));
    if (est_bytes) f.evidence.push_back(metric("estimated_index_bytes", static_cast<double>(*est_bytes), "bytes"));
    // The report builder prioritizes by speedup: a latent cost (no parent deletes/updates yet)
    // keeps the modeled number in the detail only.
    if (parent_changes > 0) f.impact.speedup = speedup;
    f.impact.affected_queryids = affected;
    if (!affected.empty() && catalog.total_exec_time() > 0)
      f.impact.time_share = affected_time / catalog.total_exec_time();
    f.impact.storage_delta_bytes = est_bytes;
    const sdk::TableActivity ta = table->stat.value_or(sdk::TableActivity{});
    f.impact.write_overhead = "+1 index maintained on " + sql::format_count(ta.n_tup_ins + ta.n_tup_upd - ta.n_tup_hot_upd) +
                              " inserts and non-HOT updates of " + tname;
    f.impact.summary = "Index on " + tname + " (" + col_list + ") turns each referential check on " + pname +
                       " deletes into an index lookup" +
                       (speedup ? " (modeled " + sql::format_speedup(*speedup) + ")" : std::string()) +
                       (est_bytes ? ", about +" + sql::format_bytes(*est_bytes) : std::string());
    f.severity = parent_changes > 0 ? sdk::Severity::Medium : sdk::Severity::Low;
    f.confidence = sdk::Confidence::Modeled;
    f.risk = create_index_risk(*table);
    f.script = sdk::Script{sdk::ScriptCategory::Indexes, create_index_sql(*table, index_name, keys),
                           drop_index_sql(table->schemaname, index_name), false};
    sink.add(f);
  }
}

}  // namespace dbopt::plugins::index_analyzer

#include "DuplicateIndexCheck.hpp"

#include <optional>
#include <string>
#include <tuple>

#include "Evidence.hpp"
#include "IndexScripts.hpp"
#include "IndexShape.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::index_analyzer {

namespace sql = sdk::sql;

namespace {
/// pg_index.indnullsnotdistinct (PostgreSQL 15+), read from pg_get_indexdef(), which prints
/// " NULLS NOT DISTINCT" after the column and INCLUDE lists; the snapshot model has no field.
bool nulls_not_distinct(const sdk::Index& i) {
  return i.indisunique && i.indexdef.find(") NULLS NOT DISTINCT") != std::string::npos;
}

/// Why dropping unique index `dup` in favour of `keep` would weaken what is enforced, or
/// nullopt: `keep` is not unique, is deferrable while `dup` is not (pg_index.indimmediate: a
/// deferrable index cannot be an ON CONFLICT arbiter and checks only at commit when deferred),
/// or lets NULLs repeat where `dup` does not (NULLS NOT DISTINCT).
std::optional<std::string> uniqueness_lost(const sdk::Index& dup, const sdk::Index& keep) {
  if (!dup.indisunique) return std::nullopt;
  if (!keep.indisunique) return "the kept index does not enforce uniqueness";
  if (dup.indimmediate && !keep.indimmediate)
    return "it is checked immediately while the kept index is deferrable (pg_index.indimmediate): INSERT … ON "
           "CONFLICT needs a non-deferrable arbiter";
  if (nulls_not_distinct(dup) && !nulls_not_distinct(keep))
    return "it is NULLS NOT DISTINCT while the kept index lets NULLs repeat";
  return std::nullopt;
}

/// True when `a` is the better one to keep than `b`.
bool keep_first(const sdk::Catalog& catalog, const sdk::Index& a, const sdk::Index& b) {
  auto rank = [&](const sdk::Index& i) {
    return std::make_tuple(constraint_needing(catalog, i).has_value(), i.indisprimary, i.indisunique,
                           i.indisunique && i.indimmediate, nulls_not_distinct(i), scans_of(i));
  };
  if (rank(a) != rank(b)) return rank(a) > rank(b);
  return a.relname < b.relname;
}
}  // namespace

sdk::CheckInfo DuplicateIndexCheck::info() { return {kId, "Duplicate index", ""}; }

std::vector<sdk::OptionSpec> DuplicateIndexCheck::options() { return {}; }

void DuplicateIndexCheck::run(const sdk::Catalog& catalog, const sdk::Options& /*options*/,
                              sdk::FindingSink& sink) const {
  for (const sdk::Table& table : catalog.tables()) {
    const auto& indexes = catalog.indexes_of(table.oid);
    std::vector<bool> grouped(indexes.size(), false);
    for (std::size_t i = 0; i < indexes.size(); ++i) {
      if (grouped[i] || !usable(*indexes[i])) continue;
      std::vector<const sdk::Index*> group{indexes[i]};
      for (std::size_t j = i + 1; j < indexes.size(); ++j) {
        if (!grouped[j] && usable(*indexes[j]) && same_definition(*indexes[i], *indexes[j])) {
          group.push_back(indexes[j]);
          grouped[j] = true;
        }
      }
      if (group.size() < 2) continue;
      const sdk::Index* keep = group.front();
      for (const sdk::Index* g : group)
        if (keep_first(catalog, *g, *keep)) keep = g;
      // The ranking keeps a unique index over a non-unique one: a unique index serves every query
      // of a non-unique one with the same keys, but not the other way round.
      for (const sdk::Index* dup : group) {
        if (dup == keep) continue;
        const std::string dname = sql::qualified_name(dup->schemaname, dup->relname);
        const std::string kname = sql::qualified_name(keep->schemaname, keep->relname);
        const std::string tname = sql::qualified_name(table.schemaname, table.relname);
        if (auto blocker = drop_blocker(catalog, *dup)) {
          sink.log("duplicate-index: " + dname + " duplicates " + kname + " but is not reported: " + *blocker);
          continue;
        }
        if (auto lost = uniqueness_lost(*dup, *keep)) {
          sink.log("duplicate-index: " + dname + " duplicates " + kname + " but is not reported: " + *lost);
          continue;
        }
        auto script = drop_index_script(*dup, table);
        if (!script) {
          sink.log("duplicate-index: " + dname + " not reported: " + std::string(kNoRollbackReason));
          continue;
        }
        sdk::Finding f;
        f.check_id = kId;
        f.title = "Duplicate index " + dname + " (same definition as " + kname + ")";
        std::string d;
        d += "Indexes " + sdk::md::escape(dname) + " and " + sdk::md::escape(kname) + " on " + sdk::md::escape(tname) +
             " have the same access method, key columns, operator classes, collations, ordering, INCLUDE "
             "columns and predicate, so the planner can use either for the same queries. Keeping both doubles the "
             "write cost and the storage for nothing. dbopt keeps " +
             sdk::md::escape(kname);
        if (auto c = constraint_needing(catalog, *keep))
          d += " (constraint " + sdk::md::escape(*c) + " needs it)";
        else if (keep->indisprimary)
          d += " (primary key)";
        else if (keep->indisunique && !dup->indisunique)
          d += " (it also enforces uniqueness)";
        else if (keep->indisunique && keep->indimmediate && !dup->indimmediate)
          d += " (it is checked immediately; the other is deferrable)";
        else if (nulls_not_distinct(*keep) && !nulls_not_distinct(*dup))
          d += " (it also rejects repeated NULLs: NULLS NOT DISTINCT)";
        else if (scans_of(*keep) != scans_of(*dup))
          d += " (more scans: " + sdk::md::escape(sql::format_count(scans_of(*keep))) + " against " +
               sdk::md::escape(sql::format_count(scans_of(*dup))) + ")";
        else
          d += " (first by name)";
        d += " and drops the other. Queries that used " + sdk::md::escape(dname) + " will use " + sdk::md::escape(kname) +
             ".\n\n";
        if (dup->indisunique)
          d += "Before dropping a unique index, check it is not the table's replica identity (pg\\_index.indisreplident, "
               "set by ALTER TABLE … REPLICA IDENTITY USING INDEX): the snapshot does not record it, and dropping that "
               "index leaves logical replication without a key for UPDATE and DELETE.\n\n";
        d += "Dropped:\n\n" + sdk::md::code_block(dup->indexdef) + "\nKept:\n\n" + sdk::md::code_block(keep->indexdef);
        f.detail = d;
        f.object = {"index", dup->schemaname, dup->relname, std::nullopt, std::nullopt};
        f.evidence = {text_metric("indexdef", dup->indexdef), text_metric("kept_indexdef", keep->indexdef),
                      metric("idx_scan", static_cast<double>(scans_of(*dup)), "count"),
                      metric("kept_idx_scan", static_cast<double>(scans_of(*keep)), "count"),
                      metric("size_bytes", static_cast<double>(dup->size_bytes), "bytes")};
        const sdk::TableActivity ta = table.stat.value_or(sdk::TableActivity{});
        const std::int64_t writes = ta.n_tup_ins + ta.n_tup_upd - ta.n_tup_hot_upd;
        f.impact.storage_delta_bytes = -dup->size_bytes;
        f.impact.write_overhead = "-1 index maintained on " + sql::format_count(writes) + " inserts and non-HOT updates";
        f.impact.summary = "DROP frees " + sql::format_bytes(dup->size_bytes) +
                           " and one index write per inserted or non-HOT-updated row; " + kname +
                           " serves the same queries";
        f.severity = sdk::Severity::Medium;
        f.confidence = sdk::Confidence::Modeled;
        f.risk = {sdk::RiskLevel::Low,
                  "DROP INDEX CONCURRENTLY takes no lock that blocks reads or writes; the kept index has the same "
                  "definition, so plans keep an equivalent index (a query hinting the dropped name, e.g. with "
                  "pg_hint_plan, would need editing)"};
        f.script = *script;
        sink.add(f);
      }
    }
  }
}

}  // namespace dbopt::plugins::index_analyzer

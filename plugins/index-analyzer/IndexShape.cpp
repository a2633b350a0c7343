#include "IndexShape.hpp"

#include <set>

namespace dbopt::plugins::index_analyzer {

bool same_key(const sdk::IndexKey& a, const sdk::IndexKey& b) {
  const bool same_opclass = (a.opclass_is_default && b.opclass_is_default) || a.opclass == b.opclass;
  return a.attnum == b.attnum && a.definition == b.definition && same_opclass && a.collation == b.collation &&
         a.desc == b.desc && a.nulls_first == b.nulls_first;
}

bool same_include(const sdk::IndexKey& a, const sdk::IndexKey& b) {
  return a.attnum == b.attnum && a.definition == b.definition;
}

bool same_predicate(const sdk::Index& a, const sdk::Index& b) { return a.predicate == b.predicate; }

bool same_definition(const sdk::Index& a, const sdk::Index& b) {
  if (a.table_oid != b.table_oid || a.amname != b.amname) return false;
  if (a.keys.size() != b.keys.size() || a.include.size() != b.include.size()) return false;
  for (std::size_t i = 0; i < a.keys.size(); ++i)
    if (!same_key(a.keys[i], b.keys[i])) return false;
  for (std::size_t i = 0; i < a.include.size(); ++i)
    if (!same_include(a.include[i], b.include[i])) return false;
  return same_predicate(a, b);
}

std::optional<std::string> constraint_needing(const sdk::Catalog& catalog, const sdk::Index& index) {
  if (index.constraint_name) return index.constraint_name;
  for (const auto& c : catalog.snapshot().constraints)
    if (c.conindid && *c.conindid == index.oid) return c.conname;
  return std::nullopt;
}

bool serves_foreign_key(const sdk::Index& index, const sdk::Constraint& fk) {
  if (fk.contype != 'f' || fk.conkey.empty() || index.table_oid != fk.table_oid) return false;
  if (!usable(index) || index.predicate || index.keys.size() < fk.conkey.size()) return false;
  // A hash index (single-column by construction) serves the referential check's `col = $1` too.
  const bool hash_on_single_key = index.amname == "hash" && fk.conkey.size() == 1;
  if (index.amname != "btree" && !hash_on_single_key) return false;
  const std::set<int> wanted(fk.conkey.begin(), fk.conkey.end());
  std::set<int> leading;
  for (std::size_t k = 0; k < fk.conkey.size(); ++k) leading.insert(index.keys[k].attnum);
  return leading == wanted;
}

std::optional<std::string> foreign_key_keeping(const sdk::Catalog& catalog, const sdk::Index& index,
                                               const std::set<sdk::Oid>& also_dropped) {
  // The member kept among droppable servers: most keys (redundant-index keeps the longer index),
  // then first by name (duplicate-index keeps the first by name among equals).
  auto kept_first = [](const sdk::Index& a, const sdk::Index& b) {
    if (a.keys.size() != b.keys.size()) return a.keys.size() > b.keys.size();
    return a.relname < b.relname;
  };
  for (const sdk::Constraint* fk : catalog.constraints_of(index.table_oid)) {
    if (!serves_foreign_key(index, *fk)) continue;
    bool remains = false;
    bool index_is_kept = true;
    for (const sdk::Index* i : catalog.indexes_of(index.table_oid)) {
      if (i->oid == index.oid || !serves_foreign_key(*i, *fk)) continue;
      if (!also_dropped.count(i->oid)) remains = true;
      else if (kept_first(*i, index)) index_is_kept = false;
    }
    if (!remains && index_is_kept) return fk->conname;
  }
  return std::nullopt;
}

std::optional<std::string> drop_blocker(const sdk::Catalog& catalog, const sdk::Index& index) {
  if (index.indisprimary) return "it is a primary key";
  if (index.indisexclusion) return "it enforces an exclusion constraint";
  if (auto c = constraint_needing(catalog, index)) return "constraint " + *c + " requires it";
  const sdk::Table* table = catalog.table(index.table_oid);
  if (!table) return "its table is not in the snapshot";
  if (table->relpersistence == 't') return "it is on a temporary table";
  if (table->relkind == 'p') return "it is on a partitioned table (DROP INDEX CONCURRENTLY is not supported there)";
  if (table->relispartition) {
    if (!table->parent_oid || !catalog.table(*table->parent_oid))
      return "it is on a partition whose parent is not in the snapshot (it may be attached to a partitioned index)";
    if (!catalog.indexes_of(*table->parent_oid).empty())
      return "it is on a partition whose parent has indexes (it may be attached to a partitioned index)";
  }
  return std::nullopt;
}

}  // namespace dbopt::plugins::index_analyzer

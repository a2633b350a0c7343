// index-analyzer — comparing index definitions and deciding whether an index may be dropped.
// Source: PostgreSQL docs, "Indexes" chapter (indexes-multicolumn.html, indexes-opclass.html,
// indexes-partial.html, indexes-index-only-scans.html) and pg_index (catalog-pg-index.html).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dbopt/sdk/catalog.hpp"

namespace dbopt::plugins::index_analyzer {

/// Two key columns are interchangeable for the planner when they index the same column or
/// expression (pg_get_indexdef per column) with the same operator class, collation and
/// ordering (DESC, NULLS FIRST). Two keys on the same column that both use their type's
/// default opclass (pg_opclass.opcdefault) have the same opclass whatever name was recorded.
bool same_key(const sdk::IndexKey& a, const sdk::IndexKey& b);

/// INCLUDE columns compare by column/expression only (they have no opclass or ordering).
bool same_include(const sdk::IndexKey& a, const sdk::IndexKey& b);

/// True when both predicates are absent or their pg_get_expr texts are equal.
bool same_predicate(const sdk::Index& a, const sdk::Index& b);

/// Identical definitions apart from the name and uniqueness: same table, access method, keys
/// (same_key, in order), INCLUDE list (in order) and predicate.
bool same_definition(const sdk::Index& a, const sdk::Index& b);

/// The name of the constraint that needs this index, or nullopt: the constraint it backs
/// (pg_index → pg_constraint.conindid, `Index::constraint_name`) or any constraint whose
/// conindid is this index — foreign keys of other tables record the referenced unique index
/// there, and DROP INDEX fails with "cannot drop index … because constraint … requires it".
std::optional<std::string> constraint_needing(const sdk::Catalog& catalog, const sdk::Index& index);

/// Why a `DROP INDEX CONCURRENTLY` of this index must not be recommended, or nullopt when it
/// may be: primary key, exclusion constraint, needed by a constraint (constraint_needing),
/// temporary table, partitioned table (DROP INDEX CONCURRENTLY is refused on partitioned
/// indexes), a partition whose parent has indexes or is not in the snapshot (the index may be
/// attached to a partitioned index and cannot be dropped alone; the snapshot does not record
/// index inheritance), or a table missing from the snapshot. Not checked, because the snapshot
/// does not record it: pg_index.indisreplident (REPLICA IDENTITY USING INDEX) — only unique
/// indexes can be one, and only duplicate-index may drop a unique index (its finding says so).
std::optional<std::string> drop_blocker(const sdk::Catalog& catalog, const sdk::Index& index);

/// True when `index` can serve the referential check of foreign key `fk` (pg_constraint.contype
/// 'f'): a valid, non-partial btree on the FK's table whose first conkey.size() keys are exactly
/// the conkey columns, in any order (the check's WHERE col1 = $1 AND … then uses it), or a
/// valid, non-partial hash index on the column of a single-column foreign key (hash indexes
/// have one key and serve `col = $1`; PostgreSQL docs indexes-types.html).
bool serves_foreign_key(const sdk::Index& index, const sdk::Constraint& fk);

/// The name of a foreign key of the index's table that would be left without any serving index
/// (serves_foreign_key) if `index` and every index of `also_dropped` (pg_index.indexrelid of the
/// other indexes the caller proposes to drop) were dropped, and for which `index` is the one to
/// keep among those droppable servers (most keys, then first by name — the member
/// redundant-index and duplicate-index keep); nullopt when `index` may go. Dropping the last
/// serving index brings back a sequential scan of the table per parent-row delete or key update.
std::optional<std::string> foreign_key_keeping(const sdk::Catalog& catalog, const sdk::Index& index,
                                               const std::set<sdk::Oid>& also_dropped = {});

/// Index usable for planning: pg_index.indisvalid and indisready.
inline bool usable(const sdk::Index& index) { return index.indisvalid && index.indisready; }

/// pg_stat_user_indexes.idx_scan, 0 when the statistics row is absent.
inline std::int64_t scans_of(const sdk::Index& index) { return index.stat ? index.stat->idx_scan : 0; }

}  // namespace dbopt::plugins::index_analyzer

// index-analyzer — the SQL this plugin emits: DROP/CREATE INDEX CONCURRENTLY, REINDEX, and
// generated index names. Every identifier goes through sdk::sql::quote_ident / qualified_name.
// Source: PostgreSQL docs, CREATE INDEX (sql-createindex.html, "Building Indexes Concurrently"),
// DROP INDEX (sql-dropindex.html), REINDEX (sql-reindex.html); DESIGN.md "Report".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/finding.hpp"
#include "dbopt/sdk/names.hpp"

namespace dbopt::plugins::index_analyzer {

/// NAMEDATALEN - 1: the longest identifier PostgreSQL keeps, in bytes (src/include/pg_config_manual.h).
inline constexpr std::size_t kMaxIdentifierBytes = sdk::names::kMaxIdentifierBytes;

/// `DROP INDEX CONCURRENTLY IF EXISTS schema.name;`
std::string drop_index_sql(std::string_view schemaname, std::string_view relname);

/// The captured `pg_get_indexdef()` of `index` turned into
/// `CREATE [UNIQUE] INDEX CONCURRENTLY IF NOT EXISTS <rest>;` — the exact inverse of
/// drop_index_sql. Returns nullopt when indexdef does not start the way pg_get_indexdef()
/// writes it for this index (`CREATE [UNIQUE ]INDEX <quoted name> ON <quoted schema>.<quoted
/// table> USING `): the text is untrusted and is only reused when it names the right objects.
std::optional<std::string> recreate_index_sql(const sdk::Index& index, const sdk::Table& table);

/// Why a drop is not reported when recreate_index_sql gives nothing (for the run log).
inline constexpr std::string_view kNoRollbackReason =
    "its captured definition does not have the pg_get_indexdef() shape, so no rollback can be written";

/// The script of every "drop this index" finding: drop_index_sql as apply, recreate_index_sql as
/// rollback, category indexes. nullopt when no exact rollback can be written (kNoRollbackReason).
std::optional<sdk::Script> drop_index_script(const sdk::Index& index, const sdk::Table& table);

/// `CREATE INDEX CONCURRENTLY IF NOT EXISTS <name> ON schema.table (<keys>);` where each key
/// is already valid SQL (a quoted column or a parenthesised expression).
std::string create_index_sql(const sdk::Table& table, std::string_view index_name,
                             const std::vector<std::string>& key_sql);

/// Cuts `name` to at most `max_bytes` bytes without splitting a UTF-8 sequence
/// (sdk::names::truncate_identifier).
std::string truncate_identifier(std::string_view name, std::size_t max_bytes = kMaxIdentifierBytes);

/// A new index name `<table>_<part1>_<part2>…_idx` (PostgreSQL's own ChooseIndexName shape),
/// at most 63 bytes (the body is cut, the suffix kept) and different from every relation of
/// `table`'s schema in the catalog (tables and indexes): on a clash a number is added before
/// the suffix (`…_idx1`, `…_idx2`, like ChooseRelationName), and from every name in `reserved`
/// (names already proposed in the same run). Unquoted: pass it to quote_ident.
/// The naming rule itself is sdk::names::fresh_relation_name (base `<table>_<parts…>`, suffix `_idx`).
std::string choose_index_name(const sdk::Catalog& catalog, const sdk::Table& table,
                              const std::vector<std::string>& parts,
                              const std::vector<std::string>& reserved = {});

/// Risk of building a new index with CREATE INDEX CONCURRENTLY on `table`, on seed 001_…'s
/// scale ("low: standard B-tree on small table; medium: large table; high: concurrent build on
/// very large table"), with dbopt's size bounds: heap below 1 GB low, below 100 GB medium.
sdk::Risk create_index_risk(const sdk::Table& table);

}  // namespace dbopt::plugins::index_analyzer

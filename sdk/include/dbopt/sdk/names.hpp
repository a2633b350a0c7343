// dbopt SDK — names for the relations a plugin proposes to create (indexes). PostgreSQL keeps at
// most NAMEDATALEN - 1 = 63 bytes of an identifier and tables and indexes share one namespace
// per schema (pg_class), so a generated name must be cut safely and must not clash: a clashing
// CREATE INDEX fails and its rollback `DROP INDEX … IF EXISTS <name>` would drop the existing
// relation. Source: PostgreSQL src/backend/commands/indexcmds.c (ChooseRelationName,
// ChooseIndexName), src/include/pg_config_manual.h (NAMEDATALEN).
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::sdk::names {

/// NAMEDATALEN - 1: the longest identifier PostgreSQL keeps, in bytes (src/include/pg_config_manual.h).
inline constexpr std::size_t kMaxIdentifierBytes = 63;

/// Cuts `name` to at most `max_bytes` bytes without splitting a UTF-8 sequence (backs up over
/// continuation bytes 10xxxxxx, like PostgreSQL's pg_mbcliplen). Example: ("ab\xc3\xa9", 3) → "ab".
inline std::string truncate_identifier(std::string_view name, std::size_t max_bytes = kMaxIdentifierBytes) {
  return sql::truncate_utf8(name, max_bytes);
}

/// True when a table or an index of `schema` in the snapshot (pg_class.relname of
/// Snapshot::tables / Snapshot::indexes) is called exactly `name`.
inline bool relation_name_taken(const Catalog& catalog, std::string_view schema, std::string_view name) {
  for (const auto& t : catalog.tables())
    if (t.schemaname == schema && t.relname == name) return true;
  for (const auto& i : catalog.indexes())
    if (i.schemaname == schema && i.relname == name) return true;
  return false;
}

/// A new relation name `<base><suffix>` of at most 63 bytes (the base is cut with
/// truncate_identifier, the suffix kept) that no table or index of `schema` in the catalog uses
/// and that is not in `reserved` (names already proposed in the same run). On a clash a number
/// is appended to the suffix — `<base>_idx1`, `<base>_idx2`, … — as PostgreSQL's
/// ChooseRelationName does. Unquoted: pass it to sql::quote_ident. Example:
/// fresh_relation_name(c, "shop", "orders_customer_id", "_idx") → "orders_customer_id_idx", or
/// "orders_customer_id_idx1" when shop.orders_customer_id_idx exists.
inline std::string fresh_relation_name(const Catalog& catalog, std::string_view schema, std::string_view base,
                                       std::string_view suffix, const std::vector<std::string>& reserved = {}) {
  for (std::size_t n = 0;; ++n) {
    const std::string tail = n == 0 ? std::string(suffix) : std::string(suffix) + std::to_string(n);
    const std::string candidate = truncate_identifier(base, kMaxIdentifierBytes - tail.size()) + tail;
    const bool is_reserved = std::find(reserved.begin(), reserved.end(), candidate) != reserved.end();
    if (!is_reserved && !relation_name_taken(catalog, schema, candidate)) return candidate;
  }
}

}  // namespace dbopt::sdk::names

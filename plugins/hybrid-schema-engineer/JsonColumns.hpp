// hybrid-schema-engineer — which columns the plugin looks at: json and jsonb columns of plain
// tables and materialized views (pg_class.relkind 'r' / 'm', not partitions).
#pragma once

#include <string>
#include <vector>

#include "dbopt/sdk/catalog.hpp"

namespace dbopt::plugins::hybrid_schema_engineer {

inline constexpr const char* kPluginId = "hybrid-schema-engineer";

/// pg_type.oid of jsonb and json (fixed OIDs, src/include/catalog/pg_type.dat).
inline constexpr sdk::Oid kJsonbOid = 3802;
inline constexpr sdk::Oid kJsonOid = 114;

/// A json or jsonb column with its table.
struct JsonColumn {
  const sdk::Table* table = nullptr;
  const sdk::Column* column = nullptr;
  bool jsonb = true;  ///< false for json
};

/// True when `c` is jsonb (pg_attribute.atttypid = 3802, or format_type "jsonb").
bool is_jsonb(const sdk::Column& c);
/// True when `c` is json (atttypid = 114, or format_type "json").
bool is_json(const sdk::Column& c);

/// The json/jsonb columns the plugin analyzes, in table then attnum order: tables with relkind
/// 'r' or 'm' that are not partitions (pg_class.relispartition) nor temporary (relpersistence
/// 't'). Partitioned parents and their partitions are left out (README.md, "Not covered").
std::vector<JsonColumn> json_columns(const sdk::Catalog& catalog);

/// "schema.table.column" with every part quoted (sdk::sql::quote_ident), for logs and titles.
std::string column_label(const sdk::Table& table, const sdk::Column& column);

/// pg_class.reltuples, 0 when unknown (null or negative).
double reltuples_or_zero(const sdk::Table& table);

}  // namespace dbopt::plugins::hybrid_schema_engineer

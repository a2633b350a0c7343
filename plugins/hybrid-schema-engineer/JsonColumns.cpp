#include "JsonColumns.hpp"

#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::hybrid_schema_engineer {

bool is_jsonb(const sdk::Column& c) { return c.atttypid == kJsonbOid || (c.atttypid == 0 && c.type_name == "jsonb"); }

bool is_json(const sdk::Column& c) { return c.atttypid == kJsonOid || (c.atttypid == 0 && c.type_name == "json"); }

std::vector<JsonColumn> json_columns(const sdk::Catalog& catalog) {
  std::vector<JsonColumn> out;
  for (const sdk::Table& table : catalog.tables()) {
    if ((table.relkind != 'r' && table.relkind != 'm') || table.relispartition) continue;
    if (table.relpersistence == 't') continue;  // another session's temporary table cannot be read
    for (const sdk::Column* column : catalog.columns_of(table.oid)) {
      if (is_jsonb(*column)) out.push_back({&table, column, true});
      else if (is_json(*column)) out.push_back({&table, column, false});
    }
  }
  return out;
}

std::string column_label(const sdk::Table& table, const sdk::Column& column) {
  return sdk::sql::qualified_name(table.schemaname, table.relname) + "." + sdk::sql::quote_ident(column.attname);
}

double reltuples_or_zero(const sdk::Table& table) {
  return table.reltuples && *table.reltuples > 0 ? *table.reltuples : 0.0;
}

}  // namespace dbopt::plugins::hybrid_schema_engineer

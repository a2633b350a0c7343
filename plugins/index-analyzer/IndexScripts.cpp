#include "IndexScripts.hpp"

#include "dbopt/sdk/names.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::index_analyzer {

namespace sql = sdk::sql;

std::string drop_index_sql(std::string_view schemaname, std::string_view relname) {
  return "DROP INDEX CONCURRENTLY IF EXISTS " + sql::qualified_name(schemaname, relname) + ";";
}

std::optional<std::string> recreate_index_sql(const sdk::Index& index, const sdk::Table& table) {
  const std::string& def = index.indexdef;
  const std::string unique_prefix = "CREATE UNIQUE INDEX ";
  const std::string plain_prefix = "CREATE INDEX ";
  std::string head;
  std::string rest;
  if (def.rfind(unique_prefix, 0) == 0) {
    head = "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ";
    rest = def.substr(unique_prefix.size());
  } else if (def.rfind(plain_prefix, 0) == 0) {
    head = "CREATE INDEX CONCURRENTLY IF NOT EXISTS ";
    rest = def.substr(plain_prefix.size());
  } else {
    return std::nullopt;
  }
  // pg_get_indexdef (ruleutils.c, pg_get_indexdef_worker): quoted index name, " ON ",
  // schema-qualified table, " USING ", access method.
  const std::string expected = sql::quote_ident(index.relname) + " ON " +
                               sql::qualified_name(table.schemaname, table.relname) + " USING " +
                               sql::quote_ident(index.amname) + " ";
  if (rest.rfind(expected, 0) != 0) return std::nullopt;
  if (rest.find('\n') != std::string::npos || rest.find('\r') != std::string::npos) return std::nullopt;
  while (!rest.empty() && (rest.back() == ';' || rest.back() == ' ')) rest.pop_back();
  return head + rest + ";";
}

std::optional<sdk::Script> drop_index_script(const sdk::Index& index, const sdk::Table& table) {
  auto rollback = recreate_index_sql(index, table);
  if (!rollback) return std::nullopt;
  return sdk::Script{sdk::ScriptCategory::Indexes, drop_index_sql(index.schemaname, index.relname), *rollback, false};
}

std::string create_index_sql(const sdk::Table& table, std::string_view index_name,
                             const std::vector<std::string>& key_sql) {
  std::string keys;
  for (const auto& k : key_sql) {
    if (!keys.empty()) keys += ", ";
    keys += k;
  }
  return "CREATE INDEX CONCURRENTLY IF NOT EXISTS " + sql::quote_ident(index_name) + " ON " +
         sql::qualified_name(table.schemaname, table.relname) + " (" + keys + ");";
}

std::string truncate_identifier(std::string_view name, std::size_t max_bytes) {
  return sdk::names::truncate_identifier(name, max_bytes);
}

std::string choose_index_name(const sdk::Catalog& catalog, const sdk::Table& table,
                              const std::vector<std::string>& parts, const std::vector<std::string>& reserved) {
  std::string body = table.relname;
  for (const auto& p : parts) body += "_" + p;
  return sdk::names::fresh_relation_name(catalog, table.schemaname, body, "_idx", reserved);
}

sdk::Risk create_index_risk(const sdk::Table& table) {
  constexpr std::int64_t kLargeHeap = 1LL << 30;          // 1 GB
  constexpr std::int64_t kVeryLargeHeap = 100LL << 30;    // 100 GB
  const std::string why =
      "CREATE INDEX CONCURRENTLY does two table scans and waits for running transactions; it does not block "
      "writes; failure leaves an INVALID index to drop (table heap: " +
      sql::format_bytes(table.heap_bytes) + ")";
  if (table.heap_bytes >= kVeryLargeHeap) return {sdk::RiskLevel::High, why};
  if (table.heap_bytes >= kLargeHeap) return {sdk::RiskLevel::Medium, why};
  return {sdk::RiskLevel::Low, why};
}

}  // namespace dbopt::plugins::index_analyzer

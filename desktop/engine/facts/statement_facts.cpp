#include "facts/statement_facts.hpp"

#include <exception>

#include "facts/catalog_names.hpp"
#include "facts/pg_parse.hpp"
#include "facts/query_walker.hpp"

namespace dbopt::engine {
namespace {

sdk::StatementFacts extract(std::int64_t queryid, std::string_view query, const CatalogNames& names) {
  sdk::StatementFacts facts;
  facts.queryid = queryid;
  PgParseResult parsed = pg_parse(query);
  if (parsed.error) {
    facts.parse_error = std::move(parsed.error);
    return facts;
  }
  try {
    QueryWalker walker(names, facts);
    if (auto stmts = parsed.tree.find("stmts"); stmts != parsed.tree.end() && stmts->is_array())
      for (const auto& stmt : *stmts) walker.walk_statement(stmt);
    walker.finish();
    facts.parsed = true;
  } catch (const std::exception& e) {
    // A parse-tree shape the walker does not expect: keep the statement, without facts.
    sdk::StatementFacts failed;
    failed.queryid = queryid;
    failed.parse_error = std::string("cannot read the parse tree: ") + e.what();
    return failed;
  }
  return facts;
}

}  // namespace

sdk::StatementFacts extract_statement_facts(std::int64_t queryid, std::string_view query,
                                            const sdk::Snapshot* snapshot) {
  const CatalogNames names(snapshot);
  return extract(queryid, query, names);
}

std::vector<sdk::StatementFacts> extract_all_facts(const sdk::Snapshot& snapshot) {
  std::vector<sdk::StatementFacts> all;
  if (!snapshot.statements) return all;
  const CatalogNames names(&snapshot);
  all.reserve(snapshot.statements->size());
  for (const auto& statement : *snapshot.statements) all.push_back(extract(statement.queryid, statement.query, names));
  return all;
}

}  // namespace dbopt::engine

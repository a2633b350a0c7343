#include "facts/statement_facts.hpp"

#include <exception>
#include <map>
#include <optional>

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

std::vector<sdk::StatementFacts> extract_explained_facts(const sdk::Snapshot& snapshot,
                                                         std::vector<sdk::StatementFacts>& statement_facts) {
  std::vector<sdk::StatementFacts> explained;
  if (!snapshot.explained) return explained;
  const CatalogNames names(&snapshot);
  explained.reserve(snapshot.explained->size());
  // fingerprint → index of the first explained statement with it; nullopt once two disagree.
  std::map<std::uint64_t, std::optional<std::size_t>> instance_of;
  for (std::size_t i = 0; i < snapshot.explained->size(); ++i) {
    const std::string& query = (*snapshot.explained)[i].query;
    explained.push_back(extract(0, query, names));
    if (!explained.back().parsed || explained.back().kind == sdk::StatementKind::Utility) continue;
    const auto fingerprint = pg_fingerprint(query);
    explained.back().fingerprint = fingerprint;
    if (!fingerprint) continue;
    auto [it, inserted] = instance_of.emplace(*fingerprint, i);
    if (!inserted && it->second && explained[*it->second].tables != explained.back().tables) it->second.reset();
  }
  if (!snapshot.statements || statement_facts.size() != snapshot.statements->size()) return explained;
  for (std::size_t i = 0; i < statement_facts.size(); ++i) {
    if (!statement_facts[i].parsed) continue;
    const auto fingerprint = pg_fingerprint((*snapshot.statements)[i].query);
    statement_facts[i].fingerprint = fingerprint;
    if (!fingerprint) continue;
    auto it = instance_of.find(*fingerprint);
    if (it != instance_of.end() && it->second) statement_facts[i].explained_index = *it->second;
  }
  return explained;
}

}  // namespace dbopt::engine

#include "ColumnReads.hpp"

#include <set>

namespace dbopt::plugins::toast_whisperer {

ColumnReads column_reads(const sdk::Catalog& catalog, sdk::Oid table_oid) {
  ColumnReads reads;
  const auto& statements = catalog.statements();
  const auto& facts = catalog.facts();
  if (facts.size() != statements.size()) return reads;  // facts are parallel to statements, or absent
  for (std::size_t i = 0; i < statements.size(); ++i) {
    const sdk::StatementFacts& f = facts[i];
    if (!f.parsed) continue;
    bool touches = false;
    std::set<std::string> columns;
    for (const sdk::TableReference& ref : f.tables) {
      if (ref.table_oid != table_oid) continue;
      touches = true;
      for (const auto& p : ref.predicates) columns.insert(p.column);
      for (const auto& c : ref.order_by) columns.insert(c);
      for (const auto& c : ref.group_by) columns.insert(c);
    }
    if (!touches) continue;
    reads.table_calls += statements[i].calls;
    for (const std::string& c : columns) {
      reads.column_calls[c] += statements[i].calls;
      reads.column_queryids[c].push_back(statements[i].queryid);
    }
  }
  return reads;
}

}  // namespace dbopt::plugins::toast_whisperer

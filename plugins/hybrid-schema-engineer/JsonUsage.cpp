#include "JsonUsage.hpp"

#include <algorithm>
#include <map>

#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::hybrid_schema_engineer {

namespace {

bool is_whole_column_operator(const std::string& op) {
  return op == "@>" || op == "<@" || op == "?" || op == "?|" || op == "?&" || op == "@?" || op == "@@";
}

/// Element of a text[] literal: always double-quoted, \ and " backslash-escaped (arrays.html).
std::string array_element(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out.push_back('\\');
    out.push_back(ch);
  }
  out.push_back('"');
  return out;
}

}  // namespace

ColumnUsage column_usage(const sdk::Catalog& catalog, const sdk::Table& table, const sdk::Column& column) {
  ColumnUsage usage;
  std::map<std::vector<std::string>, PathUse> paths;
  std::vector<std::pair<std::int64_t, std::int64_t>> statement_calls;  // calls, queryid
  const auto& statements = catalog.statements();
  const auto& facts = catalog.facts();
  for (std::size_t i = 0; i < statements.size(); ++i) {
    const sdk::Statement& s = statements[i];
    const sdk::StatementFacts* f = facts.size() == statements.size() ? &facts[i] : catalog.facts_for(s.queryid);
    if (!f || !f->parsed) continue;
    const sdk::StatementFacts* instance = catalog.instance_facts(s.queryid);
    if (instance && instance->parsed) f = instance;
    bool touches = false;
    bool whole_column_op = false;
    bool unnamed_key = false;
    std::map<std::vector<std::string>, std::pair<std::set<std::string>, std::set<std::string>>> used;
    for (const sdk::TableReference& t : f->tables) {
      if (!t.table_oid || *t.table_oid != table.oid) continue;
      for (const sdk::PredicateColumn& pc : t.predicates) {
        if (pc.column != column.attname) continue;
        touches = true;
        if (pc.json_operator && !pc.json_path.empty()) {
          auto& entry = used[pc.json_path];
          entry.first.insert(*pc.json_operator);
          entry.second.insert(pc.op);
        } else if (pc.json_operator) {
          unnamed_key = true;
        } else {
          if (is_whole_column_operator(pc.op)) whole_column_op = true;
          if (pc.op == "?" && pc.json_path.size() == 1) used[pc.json_path].first.insert("?");
        }
      }
    }
    if (!touches) continue;
    ++usage.statements;
    usage.calls += s.calls;
    usage.total_exec_time += s.total_exec_time;
    statement_calls.emplace_back(s.calls, s.queryid);
    if (whole_column_op) usage.operator_calls += s.calls;
    if (unnamed_key && used.empty()) {
      usage.unnamed_key_calls += s.calls;
      ++usage.unnamed_key_statements;
    }
    for (const auto& [path, ops] : used) {
      PathUse& p = paths[path];
      p.path = path;
      p.calls += s.calls;
      p.total_exec_time += s.total_exec_time;
      p.queryids.push_back(s.queryid);
      if (f == instance) p.keys_from_instance.insert(s.queryid);
      p.accessors.insert(ops.first.begin(), ops.first.end());
      p.comparisons.insert(ops.second.begin(), ops.second.end());
    }
  }
  std::stable_sort(statement_calls.begin(), statement_calls.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [calls, queryid] : statement_calls) usage.queryids.push_back(queryid);
  std::map<std::int64_t, std::int64_t> calls_of;
  for (const auto& [calls, queryid] : statement_calls) calls_of[queryid] = calls;
  for (auto& [path, p] : paths) {
    std::stable_sort(p.queryids.begin(), p.queryids.end(),
                     [&](std::int64_t a, std::int64_t b) { return calls_of[a] > calls_of[b]; });
    usage.paths.push_back(std::move(p));
  }
  std::stable_sort(usage.paths.begin(), usage.paths.end(),
                   [](const PathUse& a, const PathUse& b) { return a.calls > b.calls; });
  return usage;
}

std::string path_expression(const std::string& quoted_column, const std::vector<std::string>& path, bool text) {
  // `x -> 0` (array element) and `x -> '0'` (object key) both give path {"0"}: #> / #>> handle
  // both, -> '0' would miss array elements.
  const bool integer_like = path.size() == 1 && !path.front().empty() &&
                            path.front().find_first_not_of("-0123456789") == std::string::npos;
  if (path.size() == 1 && !integer_like) return quoted_column + (text ? " ->> " : " -> ") + sdk::sql::quote_literal(path.front());
  std::string array = "{";
  for (std::size_t i = 0; i < path.size(); ++i) array += (i ? "," : "") + array_element(path[i]);
  array += "}";
  return quoted_column + (text ? " #>> " : " #> ") + sdk::sql::quote_literal(array);
}

std::string path_label(const std::vector<std::string>& path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) out += (i ? "." : "") + path[i];
  return out;
}

}  // namespace dbopt::plugins::hybrid_schema_engineer

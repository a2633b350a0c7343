// hybrid-schema-engineer — how the workload uses a json/jsonb column, from the statement facts
// (sdk/statement_facts.hpp, PredicateColumn): which keys its predicates read with ->, ->>, #>,
// #>> or test with ?, and which containment/existence operators apply to the whole column.
// Only predicates are known (WHERE, JOIN ON, HAVING): a key read only in the select list is not.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "dbopt/sdk/catalog.hpp"

namespace dbopt::plugins::hybrid_schema_engineer {

/// One key path used in predicates on the column.
struct PathUse {
  std::vector<std::string> path;          ///< PredicateColumn::json_path (a single key for `?`)
  std::int64_t calls = 0;                 ///< Σ pg_stat_statements.calls of the statements using it
  double total_exec_time = 0;             ///< Σ total_exec_time of those statements, ms
  std::vector<std::int64_t> queryids;     ///< those statements, most calls first
  /// Those of `queryids` whose key was read from their EXPLAINed instance (Catalog::instance_facts):
  /// pg_stat_statements shows the key as `$n`, the `capture --explain` statement names it.
  std::set<std::int64_t> keys_from_instance;
  std::set<std::string> accessors;        ///< "->", "->>", "#>", "#>>", "?" as used
  std::set<std::string> comparisons;      ///< PredicateColumn::op applied to the extracted value
};

/// Statements with at least one predicate on the column, and the key paths they use.
struct ColumnUsage {
  std::int64_t statements = 0;
  std::int64_t calls = 0;                 ///< Σ calls of those statements
  double total_exec_time = 0;             ///< Σ total_exec_time, ms
  std::vector<std::int64_t> queryids;     ///< most calls first
  std::vector<PathUse> paths;             ///< most calls first, then path
  std::int64_t operator_calls = 0;        ///< Σ calls of statements applying @>, <@, ?, ?|, ?&, @?, @@ to the whole column
  /// Σ calls of statements that read a key given as a parameter (`payload ->> $1`, the form
  /// pg_stat_statements stores every constant key in) and have no EXPLAINed instance naming it.
  std::int64_t unnamed_key_calls = 0;
  std::int64_t unnamed_key_statements = 0;
};

/// Gathers the usage of `column` of `table` from catalog.statements() and their facts
/// (statements that did not parse are skipped). The predicates of a statement come from its
/// EXPLAINed instance when the capture has one (Catalog::instance_facts: same fingerprint, keys
/// kept as written), else from pg_stat_statements' own text; calls and times always come from
/// pg_stat_statements (seed 003_…, DB-OPT-02: "weighted by calls").
ColumnUsage column_usage(const sdk::Catalog& catalog, const sdk::Table& table, const sdk::Column& column);

/// "payload ->> 'k'", "payload #>> '{a,b}'" (or with -> / #>): the SQL expression of `path` on the
/// quoted column, literals quoted with sdk::sql::quote_literal. `text` selects ->> / #>>.
std::string path_expression(const std::string& quoted_column, const std::vector<std::string>& path, bool text);

/// "k" or "a.b" for messages (raw, not escaped).
std::string path_label(const std::vector<std::string>& path);

}  // namespace dbopt::plugins::hybrid_schema_engineer

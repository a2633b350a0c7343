// dbopt SDK — statement facts: what a pg_stat_statements query does, as parsed by
// PostgreSQL's own parser (libpg_query) in the engine. Plugins read these instead of
// matching query text with regexes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dbopt/sdk/model.hpp"

namespace dbopt::sdk {

/// Top-level statement kind (the parse tree's root node).
enum class StatementKind { Select, Insert, Update, Delete, Merge, Utility, Unknown };

/// How a column is used in a WHERE / JOIN ON / HAVING predicate.
/// `op` is the operator as written in SQL, normalized to upper case for keywords:
/// "=", "<>", "<", "<=", ">", ">=", "IN", "NOT IN", "BETWEEN", "LIKE", "ILIKE", "~~", "~",
/// "IS NULL", "IS NOT NULL", "@>", "<@", "?", "?|", "?&", "@@", "&&", "= ANY", …
/// For JSON access (`data ->> 'k' = $1`) `column` is "data", `json_path` is {"k"},
/// `json_operator` is "->>" and `op` is the comparison applied to the extracted value.
struct PredicateColumn {
  std::string column;                     ///< column name as written (unquoted, parser-normalized)
  std::string op;                         ///< comparison operator, see above
  std::optional<std::string> json_operator;  ///< "->", "->>", "#>", "#>>" when the column is JSON-accessed
  /// keys used with json_operator (constants only); empty when a key is a `$n` parameter, which is
  /// how pg_stat_statements stores every constant key (see StatementFacts::explained_index)
  std::vector<std::string> json_path;
  bool compared_to_constant = true;       ///< right side is a constant or $n parameter (not another column)
  /// The predicate sits under an OR (or a negated AND, by De Morgan): on its own it does not
  /// restrict the rows the statement reads, so an index on it alone may not serve the statement.
  bool in_disjunction = false;
  friend bool operator==(const PredicateColumn&, const PredicateColumn&) = default;
};

/// A column-to-column equality between two tables (JOIN … ON a.x = b.y or WHERE a.x = b.y).
struct JoinCondition {
  std::string left_table;                 ///< qualified or bare relation name as written, resolved alias
  std::string left_column;
  std::string right_table;
  std::string right_column;
  friend bool operator==(const JoinCondition&, const JoinCondition&) = default;
};

/// One relation referenced by the statement (FROM, JOIN, UPDATE/DELETE/INSERT target).
struct TableReference {
  std::optional<std::string> schemaname;  ///< schema as written, when qualified
  std::string relname;                    ///< relation name as written (parser-normalized)
  std::optional<std::string> alias;       ///< alias, when given
  std::optional<Oid> table_oid;           ///< resolved against the snapshot's tables (search_path "public" when unqualified)
  bool is_target = false;                 ///< target of INSERT/UPDATE/DELETE/MERGE
  std::vector<PredicateColumn> predicates;  ///< predicates on this relation's columns
  std::vector<std::string> order_by;      ///< ORDER BY columns of this relation, in order
  std::vector<std::string> group_by;      ///< GROUP BY columns of this relation
  friend bool operator==(const TableReference&, const TableReference&) = default;
};

/// A WITH query and how it is declared. `materialized`: PostgreSQL 12+ inlines a
/// non-recursive, side-effect-free CTE referenced once unless it says MATERIALIZED.
struct CteFact {
  std::string name;
  enum class Materialized { Default, Materialized, NotMaterialized } materialized = Materialized::Default;
  int reference_count = 0;                ///< how many times the outer query references it
  bool recursive = false;
  friend bool operator==(const CteFact&, const CteFact&) = default;
};

/// What one statement does. One per pg_stat_statements entry, same order as
/// Snapshot::statements. A statement that does not parse has parsed = false and a
/// parse_error; it is recorded, never fatal.
struct StatementFacts {
  std::int64_t queryid = 0;               ///< pg_stat_statements.queryid
  bool parsed = false;
  std::optional<std::string> parse_error; ///< libpg_query's message when parsed = false
  StatementKind kind = StatementKind::Unknown;
  std::vector<TableReference> tables;     ///< every relation referenced, outer query and subqueries
  std::vector<JoinCondition> joins;
  std::optional<std::int64_t> limit;      ///< LIMIT constant; absent when no LIMIT or a $n parameter
  bool has_limit = false;                 ///< a LIMIT clause exists (constant or parameter)
  std::vector<CteFact> ctes;
  /// Index into Catalog::explained() of a statement EXPLAINed at capture (`capture --explain`)
  /// that is an instance of this pg_stat_statements entry: same libpg_query fingerprint, which
  /// ignores constants, `$n` parameters and layout. Its facts (Catalog::explained_facts()) keep
  /// the constants pg_stat_statements replaced with `$n`, such as JSON keys (`payload ->> $1`).
  /// nullopt when none matches, and always on the facts of explained statements themselves.
  std::optional<std::size_t> explained_index;
  /// libpg_query's fingerprint of the text (pg_query_fingerprint): equal for statements that
  /// differ only in constants, `$n` parameters, IN-list length, comments or layout — the
  /// statements pg_stat_statements keeps in one entry. nullopt when the text does not parse, and
  /// when the engine did not compute it (only snapshots with explained statements need it).
  std::optional<std::uint64_t> fingerprint;
  friend bool operator==(const StatementFacts&, const StatementFacts&) = default;
};

}  // namespace dbopt::sdk

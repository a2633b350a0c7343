// The statement-facts walker: visits libpg_query's JSON parse tree of one query text and fills
// sdk::StatementFacts (tables, predicates, joins, ORDER BY / GROUP BY columns, CTEs).
// Internal to the facts component; the public entry points are in statement_facts.hpp.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "dbopt/sdk/statement_facts.hpp"
#include "facts/catalog_names.hpp"
#include "facts/column_access.hpp"

namespace dbopt::engine {

/// Walks the raw statements of one query text. Usage: walk_statement() for each element of
/// the parse tree's "stmts", then finish(). Column names are attributed to relations the way
/// PostgreSQL's parser does it for valid SQL (parser/parse_relation.c), limited to what the
/// snapshot knows: an unqualified column belongs to the one relation of its query level whose
/// captured columns contain it, or to the only relation of that level; otherwise it is skipped.
class QueryWalker {
 public:
  QueryWalker(const CatalogNames& names, sdk::StatementFacts& facts) : names_(names), facts_(facts) {}

  /// One element of the parse tree's "stmts" array: {"stmt": {"SelectStmt": {...}}, …}.
  void walk_statement(const nlohmann::json& raw_stmt);

  /// Moves the collected tables into the facts, ordered by their position in the query text.
  void finish();

 private:
  /// One FROM-clause entry visible at a query level.
  struct Item {
    enum class Kind { Table, Cte, Other } kind = Kind::Other;
    std::string refname;                      ///< alias, else relation name ("" for unnamed)
    bool has_alias = false;
    std::optional<std::string> schemaname;    ///< as written (tables)
    std::string relname;                      ///< as written (tables and CTE references)
    std::optional<std::string> resolved_schema;  ///< schema of the resolved table (tables with an oid)
    std::size_t table = 0;                    ///< index into tables_ (Kind::Table)
    const std::unordered_set<std::string>* columns = nullptr;  ///< captured columns, null = unknown
  };
  /// The FROM items of one query level, plus columns merged by JOIN … USING.
  struct Scope {
    std::vector<Item> items;
    std::vector<std::pair<std::string, std::size_t>> merged;  ///< USING column → owning item index
    const Scope* parent = nullptr;
  };
  struct CteBinding {
    std::string name;
    std::size_t cte = 0;  ///< index into facts_.ctes
  };

  void dispatch(const nlohmann::json& stmt, const Scope* outer);
  void select(const nlohmann::json& body, const Scope* outer);
  void insert(const nlohmann::json& body, const Scope* outer);
  void update(const nlohmann::json& body, const Scope* outer);
  void remove(const nlohmann::json& body, const Scope* outer);
  void merge(const nlohmann::json& body, const Scope* outer);
  std::size_t with_clause(const nlohmann::json& body, const Scope* outer);

  void from_item(const nlohmann::json& node, Scope& scope, const Scope* outer);
  void range_var(const nlohmann::json& body, Scope& scope, bool is_target);
  void join(const nlohmann::json& body, Scope& scope, const Scope* outer);
  const Item* using_owner(const Scope& scope, std::size_t begin, std::size_t end, const std::string& column) const;

  void quals(const nlohmann::json& expr, const Scope& scope, bool negated);
  void a_expr(const nlohmann::json& body, const Scope& scope, bool negated);
  void comparison(const nlohmann::json& lexpr, const nlohmann::json& rexpr, std::string op, const Scope& scope,
                  bool negated);
  void sublinks(const nlohmann::json& node, const Scope* scope);
  void sort_and_group(const nlohmann::json& body, const Scope& scope);
  std::optional<ColumnUse> sort_column(const nlohmann::json& node, const nlohmann::json* target_list,
                                       const Scope& scope, bool prefer_output) const;

  const Item* resolve(const ColumnUse& use, const Scope& scope) const;
  void record(const Item* item, const ColumnUse& use, std::string op, bool compared_to_constant);
  static std::string label(const Item& item);

  const CatalogNames& names_;
  sdk::StatementFacts& facts_;
  std::vector<std::pair<int, sdk::TableReference>> tables_;  ///< (RangeVar.location, reference)
  std::vector<CteBinding> visible_ctes_;
  bool kind_set_ = false;
  int disjunction_depth_ = 0;  ///< > 0 while walking the arms of an OR (or of a negated AND)
};

}  // namespace dbopt::engine

#include "facts/query_walker.hpp"

#include <algorithm>

#include "facts/predicate_operators.hpp"

namespace dbopt::engine {
namespace {

using nlohmann::json;

const json* field(const json& body, const char* name) {
  auto it = body.find(name);
  return it == body.end() || it->is_null() ? nullptr : &*it;
}

// Operator name of an A_Expr or SubLink: last element of `name` / `operName`.
std::string last_name(const json& body, const char* key) {
  const json* names = field(body, key);
  if (!names || !names->is_array() || names->empty()) return {};
  const json* s = node_body(names->back(), "String");
  return s ? s->value("sval", std::string()) : std::string();
}

std::optional<std::string> alias_name(const json& body) {
  const json* alias = field(body, "alias");
  if (!alias) return std::nullopt;
  std::string name = string_field(*alias, "aliasname");
  if (name.empty()) return std::nullopt;
  return name;
}

sdk::StatementKind kind_of(const json& stmt) {
  if (node_body(stmt, "SelectStmt")) return sdk::StatementKind::Select;
  if (node_body(stmt, "InsertStmt")) return sdk::StatementKind::Insert;
  if (node_body(stmt, "UpdateStmt")) return sdk::StatementKind::Update;
  if (node_body(stmt, "DeleteStmt")) return sdk::StatementKind::Delete;
  if (node_body(stmt, "MergeStmt")) return sdk::StatementKind::Merge;
  return sdk::StatementKind::Utility;
}

}  // namespace

void QueryWalker::walk_statement(const json& raw_stmt) {
  const json* stmt = field(raw_stmt, "stmt");
  if (!stmt) return;
  const sdk::StatementKind kind = kind_of(*stmt);
  if (kind == sdk::StatementKind::Utility) {
    // Utility statements (VACUUM, SET, CREATE …) carry no table facts.
    if (!kind_set_) facts_.kind = kind;
    return;
  }
  if (!kind_set_) {
    // The first non-utility statement decides the kind and the LIMIT.
    kind_set_ = true;
    facts_.kind = kind;
    if (const json* select = node_body(*stmt, "SelectStmt")) {
      const json* count = field(*select, "limitCount");
      if (count && !is_null_constant(*count)) {  // LIMIT ALL / LIMIT NULL: no limit
        facts_.has_limit = true;
        facts_.limit = integer_constant(*count);
      }
    }
  }
  dispatch(*stmt, nullptr);
}

void QueryWalker::finish() {
  std::stable_sort(tables_.begin(), tables_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  facts_.tables.clear();
  facts_.tables.reserve(tables_.size());
  for (auto& [location, table] : tables_) facts_.tables.push_back(std::move(table));
  tables_.clear();
}

void QueryWalker::dispatch(const json& stmt, const Scope* outer) {
  if (const json* b = node_body(stmt, "SelectStmt")) select(*b, outer);
  else if (const json* b = node_body(stmt, "InsertStmt")) insert(*b, outer);
  else if (const json* b = node_body(stmt, "UpdateStmt")) update(*b, outer);
  else if (const json* b = node_body(stmt, "DeleteStmt")) remove(*b, outer);
  else if (const json* b = node_body(stmt, "MergeStmt")) merge(*b, outer);
}

std::size_t QueryWalker::with_clause(const json& body, const Scope* outer) {
  const json* with = field(body, "withClause");
  if (!with) return 0;
  const bool recursive = with->value("recursive", false);
  const json* ctes = field(*with, "ctes");
  if (!ctes || !ctes->is_array()) return 0;
  const std::size_t first = visible_ctes_.size();
  std::vector<const json*> queries;
  auto declare = [&](const json& cte) {
    sdk::CteFact fact;
    fact.name = string_field(cte, "ctename");
    const std::string materialized = string_field(cte, "ctematerialized");
    if (materialized == "CTEMaterializeAlways") fact.materialized = sdk::CteFact::Materialized::Materialized;
    else if (materialized == "CTEMaterializeNever") fact.materialized = sdk::CteFact::Materialized::NotMaterialized;
    fact.recursive = recursive;
    visible_ctes_.push_back({fact.name, facts_.ctes.size()});
    facts_.ctes.push_back(std::move(fact));
  };
  // WITH RECURSIVE: every CTE of the list sees all of them (itself included); otherwise a CTE
  // sees only the ones declared before it (PostgreSQL docs, queries-with.html).
  if (recursive)
    for (const auto& node : *ctes)
      if (const json* cte = node_body(node, "CommonTableExpr")) declare(*cte);
  for (const auto& node : *ctes) {
    const json* cte = node_body(node, "CommonTableExpr");
    if (!cte) continue;
    if (const json* query = field(*cte, "ctequery")) dispatch(*query, outer);
    if (!recursive) declare(*cte);
  }
  return visible_ctes_.size() - first;
}

void QueryWalker::select(const json& body, const Scope* outer) {
  const std::size_t pushed = with_clause(body, outer);
  const std::string op = string_field(body, "op");
  if (!op.empty() && op != "SETOP_NONE") {
    // UNION / INTERSECT / EXCEPT: larg and rarg are bare SelectStmt bodies.
    if (const json* larg = field(body, "larg")) select(*larg, outer);
    if (const json* rarg = field(body, "rarg")) select(*rarg, outer);
    for (const char* key : {"sortClause", "limitCount", "limitOffset"})
      if (const json* value = field(body, key)) sublinks(*value, outer);
  } else {
    Scope scope;
    scope.parent = outer;
    if (const json* from = field(body, "fromClause"))
      for (const auto& item : *from) from_item(item, scope, outer);
    if (const json* where = field(body, "whereClause")) quals(*where, scope, false);
    if (const json* having = field(body, "havingClause")) quals(*having, scope, false);
    sort_and_group(body, scope);
    for (const auto& [key, value] : body.items())
      if (key != "fromClause" && key != "withClause" && value.is_structured()) sublinks(value, &scope);
  }
  visible_ctes_.resize(visible_ctes_.size() - pushed);
}

void QueryWalker::insert(const json& body, const Scope* outer) {
  const std::size_t pushed = with_clause(body, outer);
  Scope target;
  target.parent = outer;
  if (const json* relation = field(body, "relation")) range_var(*relation, target, /*is_target=*/true);
  // The SELECT / VALUES of an INSERT does not see the target relation.
  if (const json* source = field(body, "selectStmt")) dispatch(*source, outer);
  for (const char* key : {"onConflictClause", "returningList"})
    if (const json* value = field(body, key)) sublinks(*value, &target);
  visible_ctes_.resize(visible_ctes_.size() - pushed);
}

void QueryWalker::update(const json& body, const Scope* outer) {
  const std::size_t pushed = with_clause(body, outer);
  Scope scope;
  scope.parent = outer;
  if (const json* relation = field(body, "relation")) range_var(*relation, scope, /*is_target=*/true);
  if (const json* from = field(body, "fromClause"))
    for (const auto& item : *from) from_item(item, scope, outer);
  if (const json* where = field(body, "whereClause")) quals(*where, scope, false);
  for (const char* key : {"targetList", "whereClause", "returningList"})
    if (const json* value = field(body, key)) sublinks(*value, &scope);
  visible_ctes_.resize(visible_ctes_.size() - pushed);
}

void QueryWalker::remove(const json& body, const Scope* outer) {
  const std::size_t pushed = with_clause(body, outer);
  Scope scope;
  scope.parent = outer;
  if (const json* relation = field(body, "relation")) range_var(*relation, scope, /*is_target=*/true);
  if (const json* using_clause = field(body, "usingClause"))
    for (const auto& item : *using_clause) from_item(item, scope, outer);
  if (const json* where = field(body, "whereClause")) quals(*where, scope, false);
  for (const char* key : {"whereClause", "returningList"})
    if (const json* value = field(body, key)) sublinks(*value, &scope);
  visible_ctes_.resize(visible_ctes_.size() - pushed);
}

void QueryWalker::merge(const json& body, const Scope* outer) {
  const std::size_t pushed = with_clause(body, outer);
  Scope scope;
  scope.parent = outer;
  if (const json* relation = field(body, "relation")) range_var(*relation, scope, /*is_target=*/true);
  if (const json* source = field(body, "sourceRelation")) from_item(*source, scope, outer);
  if (const json* on = field(body, "joinCondition")) {
    quals(*on, scope, false);
    sublinks(*on, &scope);
  }
  if (const json* when = field(body, "mergeWhenClauses")) sublinks(*when, &scope);
  visible_ctes_.resize(visible_ctes_.size() - pushed);
}

void QueryWalker::from_item(const json& node, Scope& scope, const Scope* outer) {
  if (const json* rv = node_body(node, "RangeVar")) {
    range_var(*rv, scope, /*is_target=*/false);
  } else if (const json* j = node_body(node, "JoinExpr")) {
    join(*j, scope, outer);
  } else if (const json* sub = node_body(node, "RangeSubselect")) {
    // A LATERAL sub-select sees the FROM items before it; a plain one only outer levels.
    const Scope* visible = sub->value("lateral", false) ? &scope : outer;
    if (const json* query = field(*sub, "subquery")) dispatch(*query, visible);
    scope.items.push_back(Item{Item::Kind::Other, alias_name(*sub).value_or(""), true});
  } else if (const json* fn = node_body(node, "RangeFunction")) {
    const Scope* visible = fn->value("lateral", false) ? &scope : outer;
    if (const json* functions = field(*fn, "functions")) sublinks(*functions, visible);
    scope.items.push_back(Item{Item::Kind::Other, alias_name(*fn).value_or(""), true});
  } else if (const json* sample = node_body(node, "RangeTableSample")) {
    if (const json* relation = field(*sample, "relation")) from_item(*relation, scope, outer);
  } else if (node.is_object() && node.size() == 1 && node.begin().value().is_object()) {
    scope.items.push_back(Item{Item::Kind::Other, alias_name(node.begin().value()).value_or(""), true});
  }
}

void QueryWalker::range_var(const json& body, Scope& scope, bool is_target) {
  Item item;
  item.relname = string_field(body, "relname");
  if (std::string schema = string_field(body, "schemaname"); !schema.empty()) item.schemaname = std::move(schema);
  const std::optional<std::string> alias = alias_name(body);
  item.has_alias = alias.has_value();
  item.refname = alias.value_or(item.relname);

  // An unqualified name in FROM refers to the innermost visible CTE of that name, if any
  // (never for the target of INSERT/UPDATE/DELETE/MERGE, which must be a table).
  if (!is_target && !item.schemaname) {
    for (auto it = visible_ctes_.rbegin(); it != visible_ctes_.rend(); ++it) {
      if (it->name != item.relname) continue;
      ++facts_.ctes[it->cte].reference_count;
      item.kind = Item::Kind::Cte;
      scope.items.push_back(std::move(item));
      return;
    }
  }
  sdk::TableReference table;
  table.schemaname = item.schemaname;
  table.relname = item.relname;
  table.alias = alias;
  table.table_oid = names_.resolve(item.schemaname, item.relname);
  table.is_target = is_target;
  item.kind = Item::Kind::Table;
  item.table = tables_.size();
  if (table.table_oid) {
    item.columns = names_.columns(*table.table_oid);
    if (const std::string* schema = names_.schema_of(*table.table_oid)) item.resolved_schema = *schema;
  }
  tables_.emplace_back(body.value("location", -1), std::move(table));
  scope.items.push_back(std::move(item));
}

const QueryWalker::Item* QueryWalker::using_owner(const Scope& scope, std::size_t begin, std::size_t end,
                                                  const std::string& column) const {
  for (const auto& [name, index] : scope.merged)
    if (name == column && index >= begin && index < end) return &scope.items[index];
  const Item* found = nullptr;
  int definite = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const Item& item = scope.items[i];
    if (item.columns && item.columns->count(column)) {
      found = &item;
      ++definite;
    }
  }
  if (definite == 1) return found;
  if (definite == 0 && end - begin == 1) return &scope.items[begin];
  return nullptr;
}

void QueryWalker::join(const json& body, Scope& scope, const Scope* outer) {
  const std::size_t begin = scope.items.size();
  if (const json* larg = field(body, "larg")) from_item(*larg, scope, outer);
  const std::size_t middle = scope.items.size();
  if (const json* rarg = field(body, "rarg")) from_item(*rarg, scope, outer);
  const std::size_t end = scope.items.size();
  const std::string jointype = string_field(body, "jointype");

  std::vector<std::string> using_columns;
  if (const json* using_clause = field(body, "usingClause")) {
    for (const auto& name : *using_clause)
      if (const json* s = node_body(name, "String")) using_columns.push_back(s->value("sval", std::string()));
  } else if (body.value("isNatural", false)) {
    // NATURAL JOIN: the column names both sides have, as far as the snapshot knows them.
    std::vector<std::string> common;
    for (std::size_t i = begin; i < middle; ++i) {
      if (!scope.items[i].columns) continue;
      for (const auto& column : *scope.items[i].columns) {
        const Item* right = using_owner(scope, middle, end, column);
        if (right && right->columns && right->columns->count(column)) common.push_back(column);
      }
    }
    std::sort(common.begin(), common.end());
    common.erase(std::unique(common.begin(), common.end()), common.end());
    using_columns = std::move(common);
  }
  for (const auto& column : using_columns) {
    const Item* left = using_owner(scope, begin, middle, column);
    const Item* right = using_owner(scope, middle, end, column);
    if (left && right && left->kind == Item::Kind::Table && right->kind == Item::Kind::Table)
      facts_.joins.push_back({label(*left), column, label(*right), column});
    // The merged column: equal to the left input for inner/left joins, the right one for right
    // joins; a FULL join's merged column is COALESCE(left, right) and belongs to neither.
    const Item* owner = jointype == "JOIN_RIGHT" ? right : jointype == "JOIN_FULL" ? nullptr : left;
    if (owner) scope.merged.emplace_back(column, static_cast<std::size_t>(owner - scope.items.data()));
  }

  if (const json* on = field(body, "quals")) {
    // ON sees only the two inputs of this join (and outer query levels).
    Scope inputs;
    inputs.parent = scope.parent;
    inputs.items.assign(scope.items.begin() + static_cast<std::ptrdiff_t>(begin),
                        scope.items.begin() + static_cast<std::ptrdiff_t>(end));
    for (const auto& [name, index] : scope.merged)
      if (index >= begin && index < end) inputs.merged.emplace_back(name, index - begin);
    quals(*on, inputs, false);
    sublinks(*on, &inputs);
  }
}

void QueryWalker::quals(const json& expr, const Scope& scope, bool negated) {
  if (const json* b = node_body(expr, "BoolExpr")) {
    const std::string boolop = string_field(*b, "boolop");
    const bool is_not = boolop == "NOT_EXPR";
    // OR, and AND under NOT (NOT (a AND b) = NOT a OR NOT b): no single arm restricts the rows.
    const bool disjunctive = (boolop == "OR_EXPR" && !negated) || (boolop == "AND_EXPR" && negated);
    if (disjunctive) ++disjunction_depth_;
    if (const json* args = field(*b, "args"))
      for (const auto& arg : *args) quals(arg, scope, is_not ? !negated : negated);
    if (disjunctive) --disjunction_depth_;
  } else if (const json* a = node_body(expr, "A_Expr")) {
    a_expr(*a, scope, negated);
  } else if (const json* n = node_body(expr, "NullTest")) {
    const json* arg = field(*n, "arg");
    auto column = arg ? column_or_json_access(*arg) : std::nullopt;
    if (!column) return;
    std::string op = string_field(*n, "nulltesttype") == "IS_NOT_NULL" ? "IS NOT NULL" : "IS NULL";
    if (negated) op = *negated_operator(op);
    record(resolve(*column, scope), *column, op, true);
  } else if (const json* s = node_body(expr, "SubLink")) {
    if (string_field(*s, "subLinkType") != "ANY_SUBLINK") return;
    const json* test = field(*s, "testexpr");
    auto column = test ? column_or_json_access(*test) : std::nullopt;
    if (!column) return;
    // `x IN (SELECT …)` has no operName; `x op ANY (SELECT …)` has one.
    const std::string name = last_name(*s, "operName");
    std::optional<std::string> op;
    if (name.empty()) op = "IN";
    else if (auto base = predicate_operator(name)) op = *base + " ANY";
    if (op && negated) op = negated_operator(*op);
    if (op) record(resolve(*column, scope), *column, *op, false);
  }
}

void QueryWalker::a_expr(const json& body, const Scope& scope, bool negated) {
  const std::string kind = string_field(body, "kind");
  const std::string name = last_name(body, "name");
  const json* lexpr = field(body, "lexpr");
  const json* rexpr = field(body, "rexpr");
  if (!lexpr || !rexpr) return;

  if (kind == "AEXPR_OP" && name == "=") {
    // (a, b) = ($1, $2) is a = $1 AND b = $2 (PostgreSQL docs, functions-comparisons.html
    // "Row Constructor Comparison"); ordering comparisons of rows are not per-column.
    const json* left_row = node_body(*lexpr, "RowExpr");
    const json* right_row = node_body(*rexpr, "RowExpr");
    const json* left_args = left_row ? field(*left_row, "args") : nullptr;
    const json* right_args = right_row ? field(*right_row, "args") : nullptr;
    if (left_args && right_args && left_args->is_array() && right_args->is_array() &&
        left_args->size() == right_args->size()) {
      for (std::size_t i = 0; i < left_args->size(); ++i)
        comparison((*left_args)[i], (*right_args)[i], "=", scope, negated);
      return;
    }
  }
  if (kind == "AEXPR_OP" || kind == "AEXPR_LIKE" || kind == "AEXPR_ILIKE") {
    if (auto op = predicate_operator(name)) comparison(*lexpr, *rexpr, *op, scope, negated);
    return;
  }
  if (kind == "AEXPR_DISTINCT" || kind == "AEXPR_NOT_DISTINCT") {
    comparison(*lexpr, *rexpr, kind == "AEXPR_DISTINCT" ? "IS DISTINCT FROM" : "IS NOT DISTINCT FROM", scope, negated);
    return;
  }
  // The remaining forms test the left operand against a list, array or pattern on the right.
  std::optional<std::string> op;
  if (kind == "AEXPR_OP_ANY" || kind == "AEXPR_OP_ALL") {
    if (negated) return;  // NOT (x = ANY (…)) has no operator of its own here
    if (auto base = predicate_operator(name)) op = *base + (kind == "AEXPR_OP_ANY" ? " ANY" : " ALL");
  } else if (kind == "AEXPR_IN") {
    op = name == "<>" ? "NOT IN" : "IN";
  } else if (kind == "AEXPR_BETWEEN" || kind == "AEXPR_BETWEEN_SYM") {
    op = "BETWEEN";
  } else if (kind == "AEXPR_NOT_BETWEEN" || kind == "AEXPR_NOT_BETWEEN_SYM") {
    op = "NOT BETWEEN";
  } else if (kind == "AEXPR_SIMILAR") {
    op = name == "!~" ? "NOT SIMILAR TO" : "SIMILAR TO";
  }
  if (op && negated && kind != "AEXPR_OP_ANY" && kind != "AEXPR_OP_ALL") op = negated_operator(*op);
  if (!op) return;
  auto column = column_or_json_access(*lexpr);
  if (!column) return;
  record(resolve(*column, scope), *column, *op, !references_columns(*rexpr));
}

void QueryWalker::comparison(const json& lexpr, const json& rexpr, std::string op, const Scope& scope, bool negated) {
  if (negated) {
    auto inverse = negated_operator(op);
    if (!inverse) return;
    op = std::move(*inverse);
  }
  auto left = column_or_json_access(lexpr);
  auto right = column_or_json_access(rexpr);
  if (left && right) {
    const Item* left_item = resolve(*left, scope);
    const Item* right_item = resolve(*right, scope);
    const bool plain = !left->json_operator && !right->json_operator;
    if (op == "=" && plain && left_item && right_item && left_item->kind == Item::Kind::Table &&
        right_item->kind == Item::Kind::Table && left_item->table != right_item->table) {
      facts_.joins.push_back({label(*left_item), left->column, label(*right_item), right->column});
      return;
    }
    record(left_item, *left, op, false);
    if (auto commuted = commuted_operator(op)) record(right_item, *right, *commuted, false);
    return;
  }
  if (left) {
    // `data ? 'k'`, `data ?| ARRAY['a','b']`, `data ?& '{a,b}'`: the tested keys are the path.
    if ((op == "?" || op == "?|" || op == "?&") && !left->json_operator) {
      if (auto keys = constant_keys(rexpr, /*as_text_array=*/op != "?")) left->json_path = std::move(*keys);
    }
    record(resolve(*left, scope), *left, op, !references_columns(rexpr));
    return;
  }
  if (right) {
    if (auto commuted = commuted_operator(op))
      record(resolve(*right, scope), *right, *commuted, !references_columns(lexpr));
  }
}

void QueryWalker::sublinks(const json& node, const Scope* scope) {
  if (node.is_object()) {
    if (const json* s = node_body(node, "SubLink")) {
      if (const json* test = field(*s, "testexpr")) sublinks(*test, scope);
      if (const json* query = field(*s, "subselect")) dispatch(*query, scope);
      return;
    }
    for (const auto& [key, value] : node.items())
      if (value.is_structured()) sublinks(value, scope);
  } else if (node.is_array()) {
    for (const auto& value : node) sublinks(value, scope);
  }
}

std::optional<ColumnUse> QueryWalker::sort_column(const json& node, const json* target_list, const Scope& scope,
                                                  bool prefer_output) const {
  // Output column `name` (explicit alias, or the implicit name of a bare column).
  auto output = [&](const std::string& name) -> std::optional<std::optional<ColumnUse>> {
    if (!target_list) return std::nullopt;
    for (const auto& target : *target_list) {
      const json* res = node_body(target, "ResTarget");
      if (!res) continue;
      const json* val = field(*res, "val");
      auto column = val ? plain_column(*val) : std::nullopt;
      const std::string alias = string_field(*res, "name");
      if (alias == name || (alias.empty() && column && column->column == name)) return column;
    }
    return std::nullopt;
  };
  if (auto ordinal = integer_constant(node)) {  // ORDER BY 2 / GROUP BY 1
    if (!target_list || *ordinal < 1 || *ordinal > static_cast<std::int64_t>(target_list->size())) return std::nullopt;
    const json* res = node_body((*target_list)[static_cast<std::size_t>(*ordinal - 1)], "ResTarget");
    const json* val = res ? field(*res, "val") : nullptr;
    return val ? plain_column(*val) : std::nullopt;
  }
  auto column = plain_column(node);
  if (!column || !column->qualifier.empty()) return column;
  // ORDER BY prefers an output column of that name, GROUP BY an input column
  // (PostgreSQL docs, queries-order.html and sql-select.html#SQL-GROUPBY).
  if (prefer_output) {
    if (auto out = output(column->column)) return *out;
    return column;
  }
  const Item* input = resolve(*column, scope);
  if (input && input->columns && input->columns->count(column->column)) return column;
  if (auto out = output(column->column)) return *out;
  return column;
}

void QueryWalker::sort_and_group(const json& body, const Scope& scope) {
  const json* target_list = field(body, "targetList");
  if (const json* sort = field(body, "sortClause")) {
    for (const auto& entry : *sort) {
      const json* by = node_body(entry, "SortBy");
      const json* node = by ? field(*by, "node") : nullptr;
      auto column = node ? sort_column(*node, target_list, scope, /*prefer_output=*/true) : std::nullopt;
      const Item* item = column ? resolve(*column, scope) : nullptr;
      if (item && item->kind == Item::Kind::Table) tables_[item->table].second.order_by.push_back(column->column);
    }
  }
  if (const json* group = field(body, "groupClause")) {
    // ROLLUP / CUBE / GROUPING SETS list their columns inside GroupingSet.content, in order.
    auto add = [&](const json& entry, auto& self) -> void {
      if (const json* set = node_body(entry, "GroupingSet")) {
        if (const json* content = field(*set, "content"))
          for (const auto& inner : *content) self(inner, self);
        return;
      }
      auto column = sort_column(entry, target_list, scope, /*prefer_output=*/false);
      const Item* item = column ? resolve(*column, scope) : nullptr;
      if (item && item->kind == Item::Kind::Table) tables_[item->table].second.group_by.push_back(column->column);
    };
    for (const auto& entry : *group) add(entry, add);
  }
}

const QueryWalker::Item* QueryWalker::resolve(const ColumnUse& use, const Scope& scope) const {
  const auto& q = use.qualifier;
  for (const Scope* level = &scope; level; level = level->parent) {
    if (q.size() == 1) {
      for (const auto& item : level->items)
        if (item.refname == q[0]) return &item;
      continue;
    }
    if (q.size() >= 2) {  // schema.table.column or database.schema.table.column
      const std::string& schema = q[q.size() - 2];
      const std::string& relname = q[q.size() - 1];
      for (const auto& item : level->items)
        if (item.kind == Item::Kind::Table && !item.has_alias && item.relname == relname &&
            (item.schemaname == schema || item.resolved_schema == schema))
          return &item;
      continue;
    }
    for (const auto& [name, index] : level->merged)
      if (name == use.column) return &level->items[index];
    const Item* definite = nullptr;
    int definite_count = 0;
    int unknown_count = 0;
    for (const auto& item : level->items) {
      if (!item.columns) ++unknown_count;
      else if (item.columns->count(use.column)) {
        definite = &item;
        ++definite_count;
      }
    }
    if (definite_count == 1) return definite;
    if (definite_count > 1) return nullptr;  // ambiguous
    if (level->items.size() == 1 && unknown_count == 1) return &level->items.front();
    if (unknown_count > 0) return nullptr;  // could be any of the relations whose columns we do not know
    // No relation of this level has the column: it is an outer reference.
  }
  return nullptr;
}

void QueryWalker::record(const Item* item, const ColumnUse& use, std::string op, bool compared_to_constant) {
  if (!item || item->kind != Item::Kind::Table) return;
  sdk::PredicateColumn predicate;
  predicate.column = use.column;
  predicate.op = std::move(op);
  predicate.json_operator = use.json_operator;
  predicate.json_path = use.json_path;
  predicate.compared_to_constant = compared_to_constant;
  predicate.in_disjunction = disjunction_depth_ > 0;
  tables_[item->table].second.predicates.push_back(std::move(predicate));
}

std::string QueryWalker::label(const Item& item) {
  return item.schemaname ? *item.schemaname + "." + item.relname : item.relname;
}

}  // namespace dbopt::engine

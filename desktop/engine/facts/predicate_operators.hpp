// Operator names for statement-facts predicates (sdk::PredicateColumn::op): how parse-tree
// operators map to the names plugins read, and how they change under NOT and when the column
// is on the right-hand side. Internal to the facts component.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dbopt::engine {

/// The predicate name of a binary operator from A_Expr AEXPR_OP / AEXPR_LIKE / AEXPR_ILIKE,
/// or nullopt when the operator is not a predicate we record (arithmetic, `||`, JSON
/// accessors, …). LIKE-family operators are spelled as SQL: `~~` → "LIKE", `!~~` → "NOT LIKE",
/// `~~*` → "ILIKE", `!~~*` → "NOT ILIKE"; `!=` is already `<>` in the parse tree. Recorded:
/// = <> < <= > >= ~ ~* !~ !~* @> <@ ? ?| ?& @? @@ &&.
std::optional<std::string> predicate_operator(std::string_view parser_op);

/// The predicate that holds when `op` is false (for NOT …): "=" ↔ "<>", "<" ↔ ">=",
/// "IN" ↔ "NOT IN", "LIKE" ↔ "NOT LIKE", "BETWEEN" ↔ "NOT BETWEEN", "IS NULL" ↔ "IS NOT NULL",
/// "~" ↔ "!~", …; nullopt when there is no such operator (e.g. "@>", "?", "= ANY").
std::optional<std::string> negated_operator(std::string_view op);

/// The operator with its operands swapped (`$1 < col` is `col > $1`): "<" ↔ ">", "<=" ↔ ">=",
/// "@>" ↔ "<@", symmetric ones unchanged; nullopt when the operator does not commute to a
/// named one (LIKE, ?, ~, …).
std::optional<std::string> commuted_operator(std::string_view op);

/// JSON accessors whose left operand is the accessed json/jsonb value: "->", "->>", "#>", "#>>".
bool is_json_accessor(std::string_view parser_op);

}  // namespace dbopt::engine

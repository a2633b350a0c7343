// Reading column references out of libpg_query JSON expression nodes for statement facts:
// plain columns (`o.status`), JSON access chains (`data -> 'a' ->> 'b'`, `data #>> '{a,b}'`),
// constant keys, and "does this expression reference any column". Internal to the facts
// component. Node shapes: libpg_query 15 JSON (pg_query.proto), e.g.
// {"ColumnRef": {"fields": [{"String": {"sval": "o"}}, {"String": {"sval": "status"}}]}}.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace dbopt::engine {

/// The body of a node of type `type` (`{"A_Expr": {...}}` → the inner object), or null when
/// `node` is not of that type.
const nlohmann::json* node_body(const nlohmann::json& node, std::string_view type);

/// A string field of a node body, or empty when absent.
std::string string_field(const nlohmann::json& body, const char* name);

/// A column as it appears in an expression.
struct ColumnUse {
  std::vector<std::string> qualifier;        ///< names before the column: {"o"}, {"sales", "orders"}, or empty
  std::string column;                        ///< attname as written (parser-normalized)
  std::optional<std::string> json_operator;  ///< outermost "->", "->>", "#>", "#>>" of a JSON access chain
  std::vector<std::string> json_path;        ///< keys of the chain in order (integer subscripts as decimal text);
                                             ///< empty when a key is a `$n` parameter
  int location = -1;                         ///< ColumnRef.location (byte offset in the query text)
};

/// A plain column reference (ColumnRef without `*`), else nullopt.
std::optional<ColumnUse> plain_column(const nlohmann::json& node);

/// A plain column or a JSON access chain on a column whose keys are constants (string or integer
/// literals, optionally cast) or `$n` parameters — the form pg_stat_statements stores every
/// constant in; with any `$n` key the chain's json_path is empty (key unknown). Else nullopt
/// (functions, casts of the column, keys computed by expressions).
std::optional<ColumnUse> column_or_json_access(const nlohmann::json& node);

/// True when the expression contains a column reference anywhere (including in sub-selects).
bool references_columns(const nlohmann::json& node);

/// Constant keys: a string literal → {it}; ARRAY['a', 'b'] → {"a", "b"}; for `as_text_array`
/// the string literal is read as a text[] literal ('{a,b}' → {"a", "b"}). nullopt when the
/// node is not made of constants only.
std::optional<std::vector<std::string>> constant_keys(const nlohmann::json& node, bool as_text_array);

/// Elements of a one-dimensional text[] literal as array_in reads it ('{a,"b c"}' →
/// {"a", "b c"}); nullopt when malformed, nested, or containing an unquoted NULL.
std::optional<std::vector<std::string>> parse_text_array(std::string_view literal);

/// The integer value of an integer constant (A_Const ival, or fval holding an integer),
/// looking through a cast; nullopt for anything else.
std::optional<std::int64_t> integer_constant(const nlohmann::json& node);

/// True for a NULL constant (A_Const isnull), looking through a cast.
bool is_null_constant(const nlohmann::json& node);

}  // namespace dbopt::engine

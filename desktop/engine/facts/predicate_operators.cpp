#include "facts/predicate_operators.hpp"

#include <array>
#include <utility>

namespace dbopt::engine {
namespace {

// Operator pairs (x, not x). Source: PostgreSQL docs functions-comparison.html,
// functions-matching.html (LIKE = ~~, ILIKE = ~~*), functions-json.html.
constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kNegations = {{
    {"=", "<>"},
    {"<", ">="},
    {">", "<="},
    {"IN", "NOT IN"},
    {"LIKE", "NOT LIKE"},
    {"ILIKE", "NOT ILIKE"},
    {"BETWEEN", "NOT BETWEEN"},
    {"IS NULL", "IS NOT NULL"},
    {"~", "!~"},
    {"~*", "!~*"},
    {"IS DISTINCT FROM", "IS NOT DISTINCT FROM"},
    {"SIMILAR TO", "NOT SIMILAR TO"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kCommutations = {{
    {"=", "="},
    {"<>", "<>"},
    {"<", ">"},
    {"<=", ">="},
    {"@>", "<@"},
    {"&&", "&&"},
    {"@@", "@@"},
    {"IS DISTINCT FROM", "IS DISTINCT FROM"},
    {"IS NOT DISTINCT FROM", "IS NOT DISTINCT FROM"},
}};

constexpr std::array<std::string_view, 18> kRecorded = {
    "=", "<>", "<", "<=", ">", ">=", "~", "~*", "!~", "!~*", "@>", "<@", "?", "?|", "?&", "@?", "@@", "&&"};

}  // namespace

std::optional<std::string> predicate_operator(std::string_view parser_op) {
  if (parser_op == "~~") return "LIKE";
  if (parser_op == "!~~") return "NOT LIKE";
  if (parser_op == "~~*") return "ILIKE";
  if (parser_op == "!~~*") return "NOT ILIKE";
  for (auto op : kRecorded)
    if (op == parser_op) return std::string(op);
  return std::nullopt;
}

std::optional<std::string> negated_operator(std::string_view op) {
  for (const auto& [a, b] : kNegations) {
    if (op == a) return std::string(b);
    if (op == b) return std::string(a);
  }
  return std::nullopt;
}

std::optional<std::string> commuted_operator(std::string_view op) {
  for (const auto& [a, b] : kCommutations) {
    if (op == a) return std::string(b);
    if (op == b) return std::string(a);
  }
  return std::nullopt;
}

bool is_json_accessor(std::string_view parser_op) {
  return parser_op == "->" || parser_op == "->>" || parser_op == "#>" || parser_op == "#>>";
}

}  // namespace dbopt::engine

#include "facts/column_access.hpp"

#include <charconv>

#include "facts/predicate_operators.hpp"

namespace dbopt::engine {
namespace {

using nlohmann::json;

// The node inside TypeCast chains (`$1::int`, `'k'::text`).
const json& strip_casts(const json& node) {
  const json* current = &node;
  while (const json* cast = node_body(*current, "TypeCast")) {
    auto it = cast->find("arg");
    if (it == cast->end()) break;
    current = &*it;
  }
  return *current;
}

// A_Const string value, looking through casts.
std::optional<std::string> string_constant(const json& node) {
  const json* c = node_body(strip_casts(node), "A_Const");
  if (!c) return std::nullopt;
  auto it = c->find("sval");
  if (it == c->end() || !it->is_object()) return std::nullopt;
  return it->value("sval", std::string());
}

// The operator name of an A_Expr (last element of `name`, e.g. pg_catalog.= → "=").
std::string operator_name(const json& a_expr) {
  auto it = a_expr.find("name");
  if (it == a_expr.end() || !it->is_array() || it->empty()) return {};
  const json* s = node_body(it->back(), "String");
  return s ? s->value("sval", std::string()) : std::string();
}

bool is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v'; }

// array_in reads an unquoted NULL (any case) as a null element.
bool is_unquoted_null(std::string_view element) {
  constexpr std::string_view kNull = "null";
  if (element.size() != kNull.size()) return false;
  for (std::size_t i = 0; i < kNull.size(); ++i) {
    const char ch = element[i] >= 'A' && element[i] <= 'Z' ? static_cast<char>(element[i] - 'A' + 'a') : element[i];
    if (ch != kNull[i]) return false;
  }
  return true;
}

}  // namespace

const json* node_body(const json& node, std::string_view type) {
  if (!node.is_object() || node.size() != 1) return nullptr;
  auto it = node.begin();
  if (it.key() != type || !it.value().is_object()) return nullptr;
  return &it.value();
}

std::string string_field(const json& body, const char* name) {
  auto it = body.find(name);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<ColumnUse> plain_column(const json& node) {
  const json* ref = node_body(node, "ColumnRef");
  if (!ref) return std::nullopt;
  auto fields = ref->find("fields");
  if (fields == ref->end() || !fields->is_array() || fields->empty()) return std::nullopt;
  ColumnUse use;
  for (const auto& field : *fields) {
    const json* s = node_body(field, "String");
    if (!s) return std::nullopt;  // A_Star: `t.*`
    use.qualifier.push_back(s->value("sval", std::string()));
  }
  use.column = std::move(use.qualifier.back());
  use.qualifier.pop_back();
  use.location = ref->value("location", -1);
  return use;
}

namespace {

/// `$n`, optionally cast (`$1::text`): a ParamRef node.
bool is_parameter(const json& node) {
  if (node_body(node, "ParamRef")) return true;
  const json* cast = node_body(node, "TypeCast");
  if (!cast) return false;
  auto arg = cast->find("arg");
  return arg != cast->end() && node_body(*arg, "ParamRef") != nullptr;
}

}  // namespace

std::optional<ColumnUse> column_or_json_access(const json& node) {
  if (auto column = plain_column(node)) return column;
  const json* expr = node_body(node, "A_Expr");
  if (!expr || string_field(*expr, "kind") != "AEXPR_OP") return std::nullopt;
  const std::string op = operator_name(*expr);
  if (!is_json_accessor(op)) return std::nullopt;
  auto lexpr = expr->find("lexpr");
  auto rexpr = expr->find("rexpr");
  if (lexpr == expr->end() || rexpr == expr->end()) return std::nullopt;

  std::optional<ColumnUse> inner;
  if (auto column = plain_column(*lexpr)) {
    inner = std::move(column);
  } else {
    // Intermediate steps must return json/jsonb: -> and #> (not the text-returning ->>, #>>).
    const json* left = node_body(*lexpr, "A_Expr");
    if (!left) return std::nullopt;
    const std::string left_op = operator_name(*left);
    if (left_op != "->" && left_op != "#>") return std::nullopt;
    inner = column_or_json_access(*lexpr);
    if (!inner) return std::nullopt;
  }
  // An inner step with a `$n` key left an empty path on a JSON access: the whole chain's key is unknown.
  const bool key_unknown = inner->json_operator.has_value() && inner->json_path.empty();
  if (is_parameter(*rexpr)) {
    inner->json_path.clear();
  } else if (op == "->" || op == "->>") {
    if (auto key = string_constant(*rexpr)) {
      inner->json_path.push_back(std::move(*key));
    } else if (auto index = integer_constant(*rexpr)) {
      inner->json_path.push_back(std::to_string(*index));
    } else {
      return std::nullopt;
    }
  } else {
    auto keys = constant_keys(*rexpr, /*as_text_array=*/true);
    if (!keys) return std::nullopt;
    for (auto& key : *keys) inner->json_path.push_back(std::move(key));
  }
  if (key_unknown) inner->json_path.clear();
  inner->json_operator = op;
  return inner;
}

bool references_columns(const json& node) {
  if (node.is_object()) {
    if (node.size() == 1 && node.begin().key() == "ColumnRef") return true;
    for (const auto& [key, value] : node.items())
      if (value.is_structured() && references_columns(value)) return true;
  } else if (node.is_array()) {
    for (const auto& value : node)
      if (references_columns(value)) return true;
  }
  return false;
}

std::optional<std::vector<std::string>> constant_keys(const json& node, bool as_text_array) {
  const json& bare = strip_casts(node);
  if (auto text = string_constant(bare)) {
    if (as_text_array) return parse_text_array(*text);
    return std::vector<std::string>{*text};
  }
  if (const json* array = node_body(bare, "A_ArrayExpr")) {
    std::vector<std::string> keys;
    auto elements = array->find("elements");
    if (elements == array->end()) return keys;
    for (const auto& element : *elements) {
      auto key = string_constant(element);
      if (!key) return std::nullopt;
      keys.push_back(std::move(*key));
    }
    return keys;
  }
  return std::nullopt;
}

std::optional<std::vector<std::string>> parse_text_array(std::string_view literal) {
  std::size_t i = 0;
  const std::size_t n = literal.size();
  auto skip_space = [&] {
    while (i < n && is_space(literal[i])) ++i;
  };
  skip_space();
  if (i >= n || literal[i] != '{') return std::nullopt;
  ++i;
  std::vector<std::string> elements;
  skip_space();
  if (i < n && literal[i] == '}') {
    ++i;
    skip_space();
    return i == n ? std::optional(elements) : std::nullopt;
  }
  while (true) {
    skip_space();
    if (i >= n) return std::nullopt;
    std::string element;
    if (literal[i] == '"') {
      ++i;
      bool closed = false;
      while (i < n) {
        char ch = literal[i++];
        if (ch == '\\') {
          if (i >= n) return std::nullopt;
          element.push_back(literal[i++]);
        } else if (ch == '"') {
          closed = true;
          break;
        } else {
          element.push_back(ch);
        }
      }
      if (!closed) return std::nullopt;
      skip_space();
    } else {
      while (i < n && literal[i] != ',' && literal[i] != '}') {
        char ch = literal[i++];
        if (ch == '{' || ch == '"') return std::nullopt;  // nested arrays or stray quotes
        if (ch == '\\') {
          if (i >= n) return std::nullopt;
          ch = literal[i++];
        }
        element.push_back(ch);
      }
      while (!element.empty() && is_space(element.back())) element.pop_back();
      if (element.empty()) return std::nullopt;
      if (is_unquoted_null(element)) return std::nullopt;
    }
    elements.push_back(std::move(element));
    if (i >= n) return std::nullopt;
    if (literal[i] == ',') {
      ++i;
      continue;
    }
    if (literal[i] != '}') return std::nullopt;
    ++i;
    skip_space();
    if (i != n) return std::nullopt;
    return elements;
  }
}

std::optional<std::int64_t> integer_constant(const json& node) {
  const json* c = node_body(strip_casts(node), "A_Const");
  if (!c) return std::nullopt;
  if (auto it = c->find("ival"); it != c->end() && it->is_object()) return it->value("ival", std::int64_t{0});
  if (auto it = c->find("fval"); it != c->end() && it->is_object()) {
    const std::string text = it->value("fval", std::string());
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && end == text.data() + text.size()) return value;
  }
  return std::nullopt;
}

bool is_null_constant(const json& node) {
  const json* c = node_body(strip_casts(node), "A_Const");
  return c && c->value("isnull", false);
}

}  // namespace dbopt::engine

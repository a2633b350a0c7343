#include "PredicateColumns.hpp"

#include <array>
#include <cctype>

namespace dbopt::plugins::plan_decoder {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// True when s is "( … )" with the outer parentheses matching each other.
bool wrapped(std::string_view s) {
  if (s.size() < 2 || s.front() != '(' || s.back() != ')') return false;
  int depth = 0;
  bool in_str = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\'') in_str = !in_str;
    if (in_str) continue;
    if (s[i] == '(') ++depth;
    if (s[i] == ')' && --depth == 0 && i + 1 < s.size()) return false;
  }
  return true;
}

std::string_view unwrap(std::string_view s) {
  s = trim(s);
  while (wrapped(s)) s = trim(s.substr(1, s.size() - 2));
  return s;
}

// Top-level split on " AND "; `has_or` set when a top-level " OR " is present.
std::vector<std::string_view> conjuncts(std::string_view s, bool& has_or) {
  std::vector<std::string_view> out;
  int depth = 0;
  bool in_str = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\'') in_str = !in_str;
    if (in_str) continue;
    if (c == '(') ++depth;
    else if (c == ')') --depth;
    else if (depth == 0 && s.substr(i, 5) == " AND ") {
      out.push_back(s.substr(start, i - start));
      start = i + 5;
      i += 4;
    } else if (depth == 0 && s.substr(i, 4) == " OR ") {
      has_or = true;
    }
  }
  out.push_back(s.substr(start));
  return out;
}

// Reads an identifier: "quoted ""x""" or [a-z_][a-z0-9_$]*.
bool read_ident(std::string_view& s, std::string& out) {
  out.clear();
  if (!s.empty() && s.front() == '"') {
    std::size_t i = 1;
    for (; i < s.size(); ++i) {
      if (s[i] == '"') {
        if (i + 1 < s.size() && s[i + 1] == '"') {
          out.push_back('"');
          ++i;
          continue;
        }
        break;
      }
      out.push_back(s[i]);
    }
    if (i >= s.size()) return false;
    s.remove_prefix(i + 1);
    return true;
  }
  std::size_t i = 0;
  while (i < s.size() && (std::islower(static_cast<unsigned char>(s[i])) || s[i] == '_' ||
                          (i > 0 && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '$'))))
    ++i;
  if (i == 0) return false;
  out = std::string(s.substr(0, i));
  s.remove_prefix(i);
  return true;
}

// "(col)::text", "alias.col", "col" → column name; rest of s after it (casts skipped).
bool read_column(std::string_view& s, std::string& column) {
  int opened = 0;
  while (!s.empty() && s.front() == '(') {
    s.remove_prefix(1);
    ++opened;
  }
  std::string a;
  if (!read_ident(s, a)) return false;
  if (!s.empty() && s.front() == '.') {
    s.remove_prefix(1);
    if (!read_ident(s, column)) return false;
  } else {
    column = a;
  }
  if (!s.empty() && s.front() == '(') return false;  // a function call, not a column
  for (;;) {
    if (!s.empty() && s.front() == ')' && opened > 0) {
      s.remove_prefix(1);
      --opened;
    } else if (s.substr(0, 2) == "::") {  // a cast: ::text, ::character varying, ::timestamp with time zone
      s.remove_prefix(2);
      while (!s.empty() && s.front() != ')' && s.substr(0, 2) != " =" && s.substr(0, 2) != " <" &&
             s.substr(0, 2) != " >" && s.substr(0, 3) != " IS" && s.substr(0, 2) != " ~")
        s.remove_prefix(1);
    } else {
      break;
    }
  }
  return opened == 0;
}

// A constant or a parameter: 'x'::text, 42, $1, '{1,2}'::integer[], NULL, true.
bool is_constant(std::string_view s) {
  s = unwrap(s);
  if (s.empty()) return false;
  char c = s.front();
  return c == '\'' || c == '$' || c == '-' || std::isdigit(static_cast<unsigned char>(c)) || s == "true" ||
         s == "false" || s.substr(0, 4) == "NULL" || s.substr(0, 5) == "ARRAY";
}

}  // namespace

std::vector<ColumnComparison> column_comparisons(std::string_view condition, bool* complete) {
  std::vector<ColumnComparison> out;
  bool all = true, has_or = false;
  for (std::string_view c : conjuncts(unwrap(condition), has_or)) {
    std::string_view s = unwrap(c);
    std::string column;
    if (!read_column(s, column)) {
      all = false;
      continue;
    }
    s = trim(s);
    if (s == "IS NULL") {
      out.push_back({column, "IS NULL"});
      continue;
    }
    static constexpr std::array<std::string_view, 5> kOps = {"<=", ">=", "=", "<", ">"};
    bool matched = false;
    for (std::string_view op : kOps) {
      if (s.substr(0, op.size() + 1) != std::string(op) + " ") continue;
      if (is_constant(s.substr(op.size() + 1))) {
        out.push_back({column, std::string(op)});
        matched = true;
      }
      break;
    }
    if (!matched) all = false;
  }
  if (has_or) {
    out.clear();
    all = false;
  }
  if (complete) *complete = all;
  return out;
}

std::vector<JsonbKeyComparison> jsonb_key_comparisons(std::string_view condition) {
  std::vector<JsonbKeyComparison> out;
  bool has_or = false;
  for (std::string_view c : conjuncts(unwrap(condition), has_or)) {
    std::string_view s = unwrap(c);
    // "(data ->> 'serviceId'::text) = 'x'::text"
    if (s.empty() || s.front() != '(') continue;
    s.remove_prefix(1);
    std::string column, alias;
    std::string_view t = s;
    if (!read_ident(t, alias)) continue;
    if (!t.empty() && t.front() == '.') {
      t.remove_prefix(1);
      if (!read_ident(t, column)) continue;
    } else {
      column = alias;
    }
    if (t.substr(0, 6) != " ->> '") continue;
    t.remove_prefix(6);
    std::size_t q = t.find('\'');
    if (q == std::string_view::npos) continue;
    std::string key(t.substr(0, q));
    t.remove_prefix(q + 1);
    if (t.substr(0, 6) == "::text") t.remove_prefix(6);
    if (t.substr(0, 4) != ") = " || !is_constant(t.substr(4))) continue;
    if (key.find('\'') != std::string::npos) continue;
    out.push_back({column, key});
  }
  if (has_or) out.clear();
  return out;
}

}  // namespace dbopt::plugins::plan_decoder

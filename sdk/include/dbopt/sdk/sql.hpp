// dbopt SDK — SQL and number helpers. The one place for identifier quoting, literal quoting
// and size formatting (STYLE.md rule 7): every plugin and exporter uses these.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dbopt::sdk::sql {

namespace detail {
/// PostgreSQL keywords that quote_ident() must quote: every keyword that is not
/// UNRESERVED_KEYWORD in src/include/parser/kwlist.h (reserved, column-name and
/// type/function-name keywords), PostgreSQL 12–17 combined. Sorted for binary search.
inline constexpr auto kQuotedKeywords = std::to_array<std::string_view>({
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
    "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character",
    "check", "coalesce", "collate", "collation", "column", "concurrently", "constraint", "create",
    "cross", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
    "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable", "desc", "distinct",
    "do", "else", "end", "except", "exists", "extract", "false", "fetch", "float", "for", "foreign",
    "freeze", "from", "full", "grant", "greatest", "group", "grouping", "having", "ilike", "in",
    "initially", "inner", "inout", "int", "integer", "intersect", "interval", "into", "is", "isnull",
    "join", "json", "json_array", "json_arrayagg", "json_exists", "json_object", "json_objectagg",
    "json_query", "json_scalar", "json_serialize", "json_table", "json_value", "lateral", "leading",
    "least", "left", "like", "limit", "localtime", "localtimestamp", "merge_action", "national",
    "natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif", "numeric", "offset",
    "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing", "position",
    "precision", "primary", "real", "references", "returning", "right", "row", "select",
    "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric", "system_user",
    "table", "tablesample", "then", "time", "timestamp", "to", "trailing", "treat", "trim", "true",
    "union", "unique", "user", "using", "values", "varchar", "variadic", "verbose", "when", "where",
    "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest",
    "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable"});
}  // namespace detail

/// True when `word` (lower case) is a keyword that needs quoting as an identifier.
inline bool is_quoted_keyword(std::string_view word) {
  return std::binary_search(detail::kQuotedKeywords.begin(), detail::kQuotedKeywords.end(), word);
}

/// Quotes an identifier exactly when PostgreSQL's quote_ident() would (utils/adt/ruleutils.c,
/// quote_identifier): left bare only if it is a non-empty run of [a-z0-9_] not starting with a
/// digit and not a keyword above; otherwise wrapped in double quotes with embedded quotes doubled.
/// Non-ASCII names are always quoted. Example: quote_ident("Order Items") → "\"Order Items\"".
inline std::string quote_ident(std::string_view ident) {
  bool safe = !ident.empty() && ((ident[0] >= 'a' && ident[0] <= 'z') || ident[0] == '_');
  for (char ch : ident) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) {
      safe = false;
      break;
    }
  }
  if (safe && !is_quoted_keyword(ident)) return std::string(ident);
  std::string out;
  out.reserve(ident.size() + 2);
  out.push_back('"');
  for (char ch : ident) {
    if (ch == '"') out.push_back('"');
    out.push_back(ch);
  }
  out.push_back('"');
  return out;
}

/// schema.name, each part quoted with quote_ident. An empty schema gives just the name.
inline std::string qualified_name(std::string_view schema, std::string_view name) {
  if (schema.empty()) return quote_ident(name);
  return quote_ident(schema) + "." + quote_ident(name);
}

/// Quotes a string literal like PostgreSQL's quote_literal(): single quotes doubled; when the
/// text contains a backslash, the E'' form with backslashes doubled.
inline std::string quote_literal(std::string_view text) {
  const bool has_backslash = text.find('\\') != std::string_view::npos;
  std::string out;
  out.reserve(text.size() + 3);
  if (has_backslash) out.push_back('E');
  out.push_back('\'');
  for (char ch : text) {
    if (ch == '\'' || ch == '\\') out.push_back(ch);
    out.push_back(ch);
  }
  out.push_back('\'');
  return out;
}

/// Human size with binary units as PostgreSQL writes them ("bytes", "kB", "MB", "GB", "TB",
/// 1 kB = 1024 bytes): below 1 kB "512 bytes"; otherwise one decimal below 100 units
/// ("1.5 GB", "12.3 kB") and whole units above ("256 MB"). Negative sizes keep their sign.
inline std::string format_bytes(std::int64_t bytes) {
  static constexpr std::array<const char*, 5> units = {"bytes", "kB", "MB", "GB", "TB"};
  const bool negative = bytes < 0;
  double v = std::fabs(static_cast<double>(bytes));
  std::size_t u = 0;
  while (v >= 1024.0 && u + 1 < units.size()) {
    v /= 1024.0;
    ++u;
  }
  char buf[64];
  if (u == 0)
    std::snprintf(buf, sizeof buf, "%s%.0f bytes", negative ? "-" : "", v);
  else if (v < 99.95)
    std::snprintf(buf, sizeof buf, "%s%.1f %s", negative ? "-" : "", v, units[u]);
  else
    std::snprintf(buf, sizeof buf, "%s%.0f %s", negative ? "-" : "", v, units[u]);
  return buf;
}

/// Integer with thousands separators: 1234567 → "1,234,567".
inline std::string format_count(std::int64_t n) {
  const unsigned long long magnitude =
      n < 0 ? 0ULL - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
  const std::string digits = std::to_string(magnitude);
  std::string out;
  int count = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (count && count % 3 == 0) out.push_back(',');
    out.push_back(*it);
    ++count;
  }
  if (n < 0) out.push_back('-');
  std::reverse(out.begin(), out.end());
  return out;
}

/// Duration in ms for humans: "0.42 ms", "12.3 ms", "4.2 s", "3.1 min", "2.5 h".
inline std::string format_ms(double ms) {
  char buf[64];
  if (ms < 10) std::snprintf(buf, sizeof buf, "%.2f ms", ms);
  else if (ms < 1000) std::snprintf(buf, sizeof buf, "%.1f ms", ms);
  else if (ms < 60'000) std::snprintf(buf, sizeof buf, "%.1f s", ms / 1000);
  else if (ms < 3'600'000) std::snprintf(buf, sizeof buf, "%.1f min", ms / 60'000);
  else std::snprintf(buf, sizeof buf, "%.1f h", ms / 3'600'000);
  return buf;
}

/// Elements of a list setting such as shared_preload_libraries (GUC_LIST_QUOTE: comma-separated,
/// elements optionally double-quoted, whitespace around them ignored; guc.c, SplitIdentifierString
/// rules). Empty for an empty value. nullopt when an element cannot be written back safely as one
/// literal: an embedded double quote, an unterminated quote, text after a closing quote, an empty
/// element ("a,,b").
inline std::optional<std::vector<std::string>> list_setting_elements(std::string_view value) {
  auto trim = [](std::string_view s) {
    const auto b = s.find_first_not_of(" \t\n\r");
    if (b == std::string_view::npos) return std::string();
    const auto e = s.find_last_not_of(" \t\n\r");
    return std::string(s.substr(b, e - b + 1));
  };
  std::vector<std::string> out;
  if (trim(value).empty()) return out;
  std::string current;
  bool quoted = false;
  bool was_quoted = false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char ch = value[i];
    if (quoted) {
      if (ch == '"') {
        if (i + 1 < value.size() && value[i + 1] == '"') return std::nullopt;  // embedded quote
        quoted = false;
      } else {
        current.push_back(ch);
      }
      continue;
    }
    if (ch == '"') {
      if (!trim(current).empty()) return std::nullopt;
      current.clear();
      quoted = was_quoted = true;
    } else if (ch == ',') {
      const std::string element = was_quoted ? current : trim(current);
      if (element.empty()) return std::nullopt;
      out.push_back(element);
      current.clear();
      was_quoted = false;
    } else if (!was_quoted) {
      current.push_back(ch);
    } else if (ch != ' ' && ch != '\t') {
      return std::nullopt;  // text after a closing quote
    }
  }
  if (quoted) return std::nullopt;
  const std::string element = was_quoted ? current : trim(current);
  if (element.empty()) return std::nullopt;
  out.push_back(element);
  return out;
}

/// The value of a list setting for ALTER SYSTEM SET: one literal per element, `'a', 'b'`. A list
/// setting given as one literal `'a,b'` is stored as ONE element named "a,b" — for
/// shared_preload_libraries a library that does not exist, and the server does not start
/// (sql-altersystem.html; config-setting.html, "Parameter Interaction via SQL").
inline std::string list_setting_literals(const std::vector<std::string>& elements) {
  std::string out;
  for (const auto& element : elements) out += (out.empty() ? "" : ", ") + quote_literal(element);
  return out;
}

/// `statement` without the whitespace and comments before its first token: `--` line comments
/// and `/* */` block comments, which nest in PostgreSQL (sql-syntax-lexical.html, "Comments").
/// An unterminated block comment leaves `statement` unchanged, so a parser reports it. For texts
/// shown to a reader: a `capture --explain` statement, a plan's query text.
inline std::string_view skip_leading_comments(std::string_view statement) {
  std::size_t pos = 0;
  const std::size_t n = statement.size();
  while (pos < n) {
    const char ch = statement[pos];
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v') {
      ++pos;
    } else if (statement.compare(pos, 2, "--") == 0) {
      const std::size_t eol = statement.find('\n', pos);
      pos = eol == std::string_view::npos ? n : eol + 1;
    } else if (statement.compare(pos, 2, "/*") == 0) {
      int depth = 0;
      std::size_t i = pos;
      while (i < n) {
        if (statement.compare(i, 2, "/*") == 0) {
          ++depth;
          i += 2;
        } else if (statement.compare(i, 2, "*/") == 0) {
          i += 2;
          if (--depth == 0) break;
        } else {
          ++i;
        }
      }
      if (depth != 0) return statement;  // unterminated: leave it to the parser
      pos = i;
    } else {
      break;
    }
  }
  return statement.substr(pos);
}

/// `text` cut to at most `max_bytes` bytes without splitting a UTF-8 sequence (backs up over
/// continuation bytes 10xxxxxx, like PostgreSQL's pg_mbcliplen). ("ab\xc3\xa9", 3) → "ab".
inline std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut));
}

/// A ratio as a percentage with `decimals` decimals (0..3): 0.3821 → "38.2 %", with 0 → "38 %".
/// The one percentage format of findings; a plugin that needs more precision near a threshold
/// (hit ratios above 99 %) passes more decimals there.
inline std::string format_percent(double ratio, int decimals = 1) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f %%", decimals, ratio * 100.0);
  return buf;
}

/// Estimated speedup for humans: whole numbers when within 0.05 of one ("20×"), otherwise one
/// decimal ("80.5×", "2.5×"). The one speedup format of findings and reports.
inline std::string format_speedup(double speedup) {
  char buf[32];
  if (std::fabs(speedup - std::round(speedup)) < 0.05)
    std::snprintf(buf, sizeof buf, "%.0f×", speedup);
  else
    std::snprintf(buf, sizeof buf, "%.1f×", speedup);
  return buf;
}

}  // namespace dbopt::sdk::sql

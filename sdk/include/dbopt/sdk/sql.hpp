// dbopt SDK — SQL and number helpers. The one place for identifier quoting, literal quoting
// and size formatting (STYLE.md rule 7): every plugin and exporter uses these.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

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

// PostgreSQL's own raw parser (libpg_query, PostgreSQL 15 grammar) behind one small wrapper:
// text in, JSON parse tree or the parser's error out. Internal to the facts component.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace dbopt::engine {

/// Result of parsing one SQL text with pg_query_parse.
/// `tree` is libpg_query's JSON parse tree ({"version": 150001, "stmts": [{"stmt": {...},
/// "stmt_location": …, "stmt_len": …}, …]}) when `error` is empty; otherwise `tree` is null.
struct PgParseResult {
  nlohmann::json tree;
  std::optional<std::string> error;  ///< e.g. `syntax error at or near "FORM" at character 10`
};

/// Parses `sql` (any number of statements; `$n` parameters allowed). Never throws for bad SQL:
/// the parser's message goes to `error` with PostgreSQL's 1-based error position
/// ("at character N", as in the server log) when the parser reports one.
PgParseResult pg_parse(std::string_view sql);

/// libpg_query's fingerprint of `sql` (pg_query_fingerprint, version 3): a hash of the parse tree
/// that ignores constants, `$n` parameters, the length of IN lists of constants, comments and
/// layout — so "WHERE payload ->> 'k' = '42'" and pg_stat_statements' "where payload ->> $1 = $2"
/// have the same fingerprint. nullopt when the text does not parse.
std::optional<std::uint64_t> pg_fingerprint(std::string_view sql);

/// The parser's message for a libpg_query error: `message` plus " at character N" when
/// `cursorpos` > 0.
std::string pg_error_text(const char* message, int cursorpos);

}  // namespace dbopt::engine

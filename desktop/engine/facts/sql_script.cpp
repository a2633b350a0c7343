#include "facts/sql_script.hpp"

#include <stdexcept>
#include <utility>

#include <pg_query.h>

#include "dbopt/sdk/sql.hpp"
#include "facts/pg_parse.hpp"

namespace dbopt::engine {
namespace {

bool is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string> sql_parse_error(std::string_view sql) {
  const std::string text(sql);
  PgQueryParseResult raw = pg_query_parse(text.c_str());
  std::optional<std::string> error;
  if (raw.error) error = pg_error_text(raw.error->message, raw.error->cursorpos);
  pg_query_free_parse_result(raw);
  return error;
}

std::vector<std::string> split_sql_statements(std::string_view script) {
  const std::string text(script);
  PgQuerySplitResult raw = pg_query_split_with_parser(text.c_str());
  if (raw.error) {
    std::string message = pg_error_text(raw.error->message, raw.error->cursorpos);
    pg_query_free_split_result(raw);
    throw std::invalid_argument(message);
  }
  std::vector<std::string> statements;
  for (int i = 0; i < raw.n_stmts; ++i) {
    const auto location = static_cast<std::size_t>(raw.stmts[i]->stmt_location);
    // stmt_len 0 means "to the end of the string" (the last statement without a ';').
    const std::size_t length = raw.stmts[i]->stmt_len > 0 ? static_cast<std::size_t>(raw.stmts[i]->stmt_len)
                                                          : std::string_view::npos;
    const std::string_view statement = trim(std::string_view(text).substr(location, length));
    if (!statement.empty()) statements.emplace_back(statement);
  }
  pg_query_free_split_result(raw);
  return statements;
}

std::vector<std::string> explain_statements_of(std::string_view script) {
  std::vector<std::string> statements;
  for (const std::string& statement : split_sql_statements(script)) {
    std::string text(sdk::sql::skip_leading_comments(statement));
    if (!text.empty()) statements.push_back(std::move(text));
  }
  if (statements.empty()) throw std::invalid_argument("no SQL statement in it");
  return statements;
}

}  // namespace dbopt::engine

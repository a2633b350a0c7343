// SQL scripts checked and split by PostgreSQL's own parser (libpg_query, PostgreSQL 15
// grammar). Used to prove that every emitted apply/rollback script is valid SQL, and to run
// a script one statement at a time: CREATE/DROP INDEX CONCURRENTLY cannot run inside a
// multi-statement simple query (PostgreSQL docs, sql-createindex.html, "Building Indexes
// Concurrently"; protocol-flow.html, "Multiple Statements in a Simple Query").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dbopt::engine {

/// nullopt when the whole script parses with PostgreSQL's parser (an empty or comment-only
/// script parses); otherwise the parser's message with its 1-based position in the script,
/// e.g. `syntax error at or near "INDX" at character 8`. Checks syntax only: names are not
/// looked up.
std::optional<std::string> sql_parse_error(std::string_view sql);

/// The statements of `script`, in order, split by the parser (pg_query_split_with_parser), so
/// that ';' inside string literals, dollar quotes, quoted identifiers and comments does not
/// split. Each element is one statement's text without its terminating ';', trimmed of
/// surrounding whitespace; comments inside or directly before a statement stay with it, and a
/// comment-only part after the last ';' yields nothing. Throws std::invalid_argument with the
/// parser's message (as sql_parse_error) when the script does not parse.
std::vector<std::string> split_sql_statements(std::string_view script);

/// The statements to EXPLAIN from a statement file (`dbopt capture --explain FILE`, the Studio's
/// capture dialog; engine::CaptureOptions::explain_statements): split_sql_statements, each
/// without the comments above it (sdk::sql::skip_leading_comments: they explain the statement to the
/// reader of the file; the snapshot keeps the statement itself). Throws std::invalid_argument
/// with the parser's message when the script does not parse, or "no SQL statement in it" when
/// it has none (empty, whitespace or comments only). The caller names the file.
std::vector<std::string> explain_statements_of(std::string_view script);

}  // namespace dbopt::engine

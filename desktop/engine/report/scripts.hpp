// Implementation scripts of the report (seed 000_…, DELIVER "implementation_scripts"; DESIGN.md
// "Report"): per-category apply/rollback scripts and the combined apply.sql/rollback.sql bodies.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dbopt/sdk/finding.hpp"
#include "report/report.hpp"

namespace dbopt::engine {

/// How an object is named in reports and SQL comments, SQL-quoted with sdk::sql helpers:
/// table/index/constraint → schema.name (public."Orders"), column → schema.table.column,
/// statement → "queryid <n>", setting → its name, database/extension → quote_ident(name).
/// The result is still untrusted text: exporters escape it for their format.
std::string object_display_name(const sdk::ObjectRef& object);

/// Makes text safe inside a one-line SQL `--` comment: every control character (CR and LF
/// included, which would end the comment) becomes a space.
std::string sql_comment_text(std::string_view text);

/// The SQL text with whitespace runs outside quoted strings/identifiers ('…', "…") collapsed
/// to one space and leading/trailing whitespace removed; used to detect duplicate actions.
/// Quotes follow PostgreSQL's lexer for '…', "…" and E'…' (backslash escapes); a doubled quote
/// simply leaves and re-enters the string. A "-- …" comment keeps its text and the newline that
/// ends it (whitespace after that newline is dropped), so SQL after a comment never reads as part
/// of it. Dollar-quoted bodies ($$…$$) are not recognized: their whitespace is collapsed too.
std::string normalize_sql_whitespace(std::string_view sql);

/// The comment line heading an item in scripts:
/// "-- F-003 [P1] index-analyzer/unused-index: public."Orders" — <title>" (no newline).
std::string script_header(const ReportItem& item);

/// The five category scripts, in sdk::ScriptCategory order. `items` must be in report order.
/// Apply: items in report (priority) order, each as header line, optional restart note, apply
/// SQL. Rollback: the same items in reverse order, each as header line + rollback SQL.
std::vector<CategoryScript> build_category_scripts(const std::vector<ReportItem>& items);

/// Body of apply.sql: the non-empty category scripts in sdk::ScriptCategory order, each under a
/// "-- ==== <category> ====" banner. Empty when the report has no scripts.
std::string combined_apply_script(const Report& report);
/// Body of rollback.sql: categories in reverse order, each category's rollback (already
/// reversed), so rolling back undoes the apply script from its end.
std::string combined_rollback_script(const Report& report);

}  // namespace dbopt::engine

// Statement facts: what each pg_stat_statements query does, read with PostgreSQL's own parser
// (libpg_query, PostgreSQL 15 grammar) instead of regexes (DESIGN.md, "Data flow").
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "dbopt/sdk/model.hpp"
#include "dbopt/sdk/statement_facts.hpp"

namespace dbopt::engine {

/// Facts of one query text (pg_stat_statements.query: `$n` parameters, possibly several
/// statements, possibly truncated by track_activity_query_size). Never throws for bad SQL:
/// a text that does not parse gives parsed = false and parse_error = the parser's message with
/// its position (`syntax error at or near "FORM" at character 10`).
///
/// What is filled (see sdk::StatementFacts for the fields):
/// * kind: the first non-utility statement's (SELECT/INSERT/UPDATE/DELETE/MERGE); Utility when
///   every statement is a utility statement (VACUUM, SET, CREATE, EXPLAIN …, which get no
///   further facts); Unknown for an empty text.
/// * tables: one entry per RangeVar naming a table — FROM/JOIN/USING items at every level
///   (sub-selects, CTE bodies, EXISTS/IN sub-queries) and INSERT/UPDATE/DELETE/MERGE targets
///   (is_target) — in the order they appear in the text; names that refer to a visible CTE are
///   not tables. table_oid: a qualified name matches exactly; an unqualified one takes the first
///   match along the snapshot's search_path ("$user" = server.current_user; default
///   `"$user", public`); nullopt without a match or without a snapshot.
/// * predicates (WHERE, JOIN … ON, HAVING, through AND/OR/NOT — branches of an OR are recorded
///   like AND; NOT inverts the operator, or drops the predicate when there is no inverse): a
///   column, or a JSON access chain on a column with constant keys (or `$n` keys: empty json_path),
///   tested against a constant,
///   `$n` or an expression; `(a, b) = ($1, $2)` counts as two equalities; `$1 < col` is recorded
///   as `col > $1`. Attributed to its relation by qualifier, or for an unqualified name to the
///   one relation of the innermost query level whose captured columns have it, or to the level's
///   only relation; otherwise skipped. Columns inside functions or casts (`lower(email)`,
///   `created_at::date`, `(data->>'n')::int`) are skipped. compared_to_constant is false when
///   the other side contains a column reference (also one inside a sub-query).
/// * joins: `a.x = b.y` between two different tables (ON, WHERE, correlated sub-queries),
///   JOIN … USING and NATURAL JOIN (columns known from the snapshot); such equalities are not
///   predicates.
/// * order_by / group_by: plain columns (also via output-column names and ordinals).
/// * limit / has_limit: the top-level SELECT's LIMIT / FETCH FIRST (a constant → limit; `$n` or an
///   expression → has_limit only; LIMIT ALL/NULL → none).
/// * ctes: every WITH query in declaration order; reference_count counts the FROM references
///   (bare names) that resolve to it, from anywhere in the statement.
/// `snapshot` may be null (nothing resolves, no columns are known).
sdk::StatementFacts extract_statement_facts(std::int64_t queryid, std::string_view query,
                                            const sdk::Snapshot* snapshot = nullptr);

/// Facts of every pg_stat_statements entry of `snapshot`, parallel to snapshot.statements (same
/// order, same length); empty when statements were not captured.
std::vector<sdk::StatementFacts> extract_all_facts(const sdk::Snapshot& snapshot);

/// Facts of every statement of snapshot.explained (`capture --explain`), parallel to it (empty
/// when there are none), each parsed from its text as given — constants kept — with queryid 0.
/// Sets StatementFacts::fingerprint on both (parsed, non-utility texts; Catalog::
/// statements_of_explained matches on it). Links `statement_facts` (parallel to
/// snapshot.statements) to them: an entry whose query has
/// the same libpg_query fingerprint as an explained statement gets explained_index = that
/// statement's position (the first one). pg_stat_statements merges statements that differ only
/// in constants into one entry, and JSON keys are constants: when two explained statements with
/// that fingerprint differ in their facts (e.g. `payload ->> 'a'` and `payload ->> 'b'`), the
/// entry is left unlinked, since neither stands for all of its calls.
std::vector<sdk::StatementFacts> extract_explained_facts(const sdk::Snapshot& snapshot,
                                                         std::vector<sdk::StatementFacts>& statement_facts);

}  // namespace dbopt::engine

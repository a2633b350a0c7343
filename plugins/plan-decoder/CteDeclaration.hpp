// plan-decoder — where a WITH query is declared in a statement's text, and the text with its
// `AS MATERIALIZED` turned into `AS NOT MATERIALIZED` (DB-OPT-09). A small SQL lexer (comments,
// '…' / E'…' / $tag$…$tag$ strings and "…" identifiers are skipped as PostgreSQL's scanner
// does, src/backend/parser/scan.l); it never guesses: a name declared more than once, or not
// found, gives no rewrite.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dbopt::plugins::plan_decoder {

/// How the CTE `name` is declared in a statement (PostgreSQL docs, "WITH Queries", 7.8.1:
/// `name [ ( columns ) ] AS [ [ NOT ] MATERIALIZED ] ( query )`).
struct CteDeclaration {
  enum class Form {
    NotFound,         ///< no declaration of that name (or no text)
    Ambiguous,        ///< declared more than once (nested WITH clauses)
    Default,          ///< `name AS ( … )`
    Materialized,     ///< `name AS MATERIALIZED ( … )`
    NotMaterialized,  ///< `name AS NOT MATERIALIZED ( … )`
  };
  Form form = Form::NotFound;
  std::size_t keyword_offset = 0;   ///< byte offset of MATERIALIZED (Form::Materialized)
  std::size_t keyword_length = 0;   ///< its length in bytes
  std::string body;                 ///< the CTE's query text, between its parentheses
  std::vector<std::string> function_calls;  ///< names called in the body (`name(`), lower-cased, unique, in order
};

/// Finds the declaration of the CTE named `name` (the plan's "CTE Name": the identifier as
/// PostgreSQL stores it — unquoted identifiers are matched lower-cased, quoted ones exactly).
CteDeclaration find_cte_declaration(std::string_view query, std::string_view name);

/// `query` with the MATERIALIZED keyword of `decl` (Form::Materialized) replaced by
/// `NOT MATERIALIZED`; every other byte unchanged. Throws std::invalid_argument for another form.
std::string rewrite_not_materialized(std::string_view query, const CteDeclaration& decl);

/// True for built-in functions PostgreSQL marks VOLATILE that a query commonly calls
/// (random, nextval, clock_timestamp, gen_random_uuid …; pg_proc.provolatile = 'v').
bool is_known_volatile_function(std::string_view lower_name);

/// True for common built-in functions and type modifiers (`numeric(10,2)`) that are not
/// VOLATILE (pg_proc.provolatile 'i' or 's'): count, lower, coalesce, now, date_trunc, hashint8 …
bool is_known_nonvolatile_function(std::string_view lower_name);

/// Names of the functions called in `text` (a plan condition or a query), lower-cased, unique.
std::vector<std::string> called_functions(std::string_view text);

}  // namespace dbopt::plugins::plan_decoder

// The plan decoder's entry point: EXPLAIN output in either format, as pasted, → sdk::Plan.
#pragma once

#include <string_view>

#include "dbopt/sdk/plan.hpp"

namespace dbopt::engine {

/// Parses EXPLAIN output: FORMAT JSON (PostgreSQL's, auto_explain's, or wrapped by a tool) or
/// FORMAT TEXT, either one as copied from psql (header, frames, '+'/'↵' marks, "(N rows)"),
/// DBeaver, pgAdmin (quoted lines) or a terminal that wrapped long lines. The format is told
/// by the first character after the decoration ('[' or '{' = JSON).
/// Throws PlanParseError whose message names the input line, e.g.
/// `line 3: not an EXPLAIN plan node: "hello"` or `line 7: invalid JSON: …`.
sdk::Plan parse_plan(std::string_view input);

}  // namespace dbopt::engine

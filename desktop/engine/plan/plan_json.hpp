// EXPLAIN (FORMAT JSON) ↔ sdk::Plan. Reads PostgreSQL's own JSON (any of ANALYZE, BUFFERS,
// TIMING, SETTINGS, WAL, VERBOSE), auto_explain's JSON ({"Query Text": …, "Plan": …}) and the
// wrappers tools add ([{"QUERY PLAN": [...]}]). Writes the same property names back.
#pragma once

#include <nlohmann/json.hpp>

#include "dbopt/sdk/plan.hpp"

namespace dbopt::engine {

/// The plan in `doc`: an array (first element is used, as EXPLAIN returns one), an object
/// with "Plan", or an object with "QUERY PLAN". Numbers given as strings are accepted.
/// Throws PlanParseError (line 0) naming the missing/invalid property and its node path,
/// e.g. `Plan.Plans[1]: "Node Type" missing`.
sdk::Plan plan_from_json(const nlohmann::json& doc);

/// `plan` as EXPLAIN (FORMAT JSON) would print it (one object: {"Plan": …, "Planning Time": …});
/// absent optional figures are left out.
nlohmann::ordered_json plan_to_json(const sdk::Plan& plan);

}  // namespace dbopt::engine

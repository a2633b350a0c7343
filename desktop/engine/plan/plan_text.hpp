// EXPLAIN (FORMAT TEXT) → sdk::Plan, from lines already cleaned and unwrapped (plan_lines.hpp).
#pragma once

#include <vector>

#include "dbopt/sdk/plan.hpp"
#include "plan/plan_lines.hpp"

namespace dbopt::engine {

/// The plan tree of a text-format EXPLAIN. Nesting follows the "->" indentation; InitPlan,
/// SubPlan and CTE lines name the subplans under them (subplan_name, parent_relationship);
/// "Worker N:" blocks are skipped (per-worker figures are not modelled). Nodes printed without
/// an alias get alias = relation/function/CTE name, as FORMAT JSON has it; "(never executed)"
/// gives actual rows, loops and times 0. Throws PlanParseError naming the line when the first
/// line is not a plan node, a node line cannot be read, or a line lies outside the tree.
sdk::Plan plan_from_text(const std::vector<PlanLine>& lines);

}  // namespace dbopt::engine

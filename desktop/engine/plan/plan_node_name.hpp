// The node description of a text-format plan line ("Parallel Index Scan Backward using i on
// s.t x", "Hash Left Join", "Partial HashAggregate", "Insert on t") split into the JSON
// properties it stands for. Source: explain.c ExplainNode() (the `pname`/`sname` switch and
// ExplainScanTarget/ExplainIndexScanDetails/ExplainModifyTarget), PG 9.0–17.
#pragma once

#include <string_view>

#include "dbopt/sdk/plan.hpp"

namespace dbopt::engine {

/// Sets node_type and, where the description carries them, parallel_aware, async_capable,
/// join_type, strategy, partial_mode, operation, command, scan_direction, relation_name,
/// schema, alias, index_name, cte_name, function_name (quoted identifiers are unquoted).
/// Returns false when the description is not a PostgreSQL node type (node_type is then set
/// to the description as given).
bool parse_node_name(std::string_view description, sdk::PlanNode& node);

}  // namespace dbopt::engine

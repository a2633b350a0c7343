// One table of EXPLAIN property names ↔ sdk::PlanNode / sdk::PlanBuffers members, used by the
// JSON reader and writer and by the text parser, so every name is spelled in one place.
// Source: src/backend/commands/explain.c (ExplainPropertyText/Float/Integer calls), PG 15–17.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dbopt/sdk/plan.hpp"

namespace dbopt::engine {

template <class Owner, class T>
struct PlanField {
  std::string_view key;               ///< EXPLAIN (FORMAT JSON) property name
  std::optional<T> Owner::*member;
};

/// Text properties of a node ("Node Type" excluded: it is mandatory and read first).
const std::vector<PlanField<sdk::PlanNode, std::string>>& node_text_fields();
/// Floating-point properties of a node (costs, rows, times).
const std::vector<PlanField<sdk::PlanNode, double>>& node_double_fields();
/// Integer properties of a node (widths, kB, blocks, workers).
const std::vector<PlanField<sdk::PlanNode, std::int64_t>>& node_int_fields();

/// List properties of a node ("Output", "Group Key", "Sort Key", "Presorted Key").
struct PlanListField {
  std::string_view key;
  std::vector<std::string> sdk::PlanNode::*member;
};
const std::vector<PlanListField>& node_list_fields();

/// BUFFERS / I/O timing properties (node level and inside "Planning").
const std::vector<PlanField<sdk::PlanBuffers, std::int64_t>>& buffer_block_fields();
const std::vector<PlanField<sdk::PlanBuffers, double>>& buffer_time_fields();
/// WAL properties ("WAL Records", "WAL FPI", "WAL Bytes").
const std::vector<PlanField<sdk::PlanWal, std::int64_t>>& wal_fields();

}  // namespace dbopt::engine

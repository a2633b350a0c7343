// The "Key: value" lines of a text-format plan, read into the JSON properties they print.
// Source: explain.c show_* functions (show_sort_info, show_hash_info, show_hashagg_info,
// show_memoize_info, show_tidbitmap_info, show_buffer_usage, show_wal_usage, report_triggers,
// ExplainPrintJIT, ExplainPrintSettings), PG 9.0–17.
#pragma once

#include <string_view>

#include "dbopt/sdk/plan.hpp"

namespace dbopt::engine {

/// Applies one detail line of a node (trimmed, e.g. "Sort Method: quicksort  Memory: 25kB")
/// to `node`. Unknown keys are ignored. Throws PlanParseError(line) on a malformed figure.
void apply_node_detail(std::string_view line, sdk::PlanNode& node, int line_number);

/// "shared hit=1 read=2 dirtied=3 written=4, local …, temp read=5 written=6" → blocks.
void parse_buffers_text(std::string_view value, sdk::PlanBuffers& buffers, int line_number);
/// "read=0.011 write=0.2" (PG ≤ 15), "shared/local read=… , temp …" (PG 16),
/// "shared read=…, local write=…, temp read=…" (PG 17) → I/O times in ms.
void parse_io_timings_text(std::string_view value, sdk::PlanBuffers& buffers, int line_number);

/// Plan-level sections of the text form.
enum class PlanSection { None, Planning, Jit };

/// True when `line` (trimmed) is a plan-level line: Planning Time, Execution Time, Total
/// runtime, Planning:, JIT:, Trigger …, Settings:, Query Identifier:, Serialization:, Time:.
bool is_plan_level_line(std::string_view line);

/// Applies one plan-level line; `section` tracks "Planning:" / "JIT:" blocks whose indented
/// lines (Buffers, I/O Timings / Functions, Options, Timing) belong to them.
void apply_plan_level_line(std::string_view line, sdk::Plan& plan, PlanSection& section, int line_number);

}  // namespace dbopt::engine

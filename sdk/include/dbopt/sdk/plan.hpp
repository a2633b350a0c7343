// dbopt SDK — the execution plan model: one EXPLAIN output as a tree of plain structs.
//
// Field names are PostgreSQL's own EXPLAIN property names (the keys of `EXPLAIN (FORMAT JSON)`,
// lower-cased with '_' for ' ': "Actual Total Time" → actual_total_time). The engine fills
// this from FORMAT JSON (incl. auto_explain's JSON) and from FORMAT TEXT as pasted from psql
// (desktop/engine/plan/); both formats give the same tree.
//
// Units (PostgreSQL docs, "Using EXPLAIN", using-explain.html; src/backend/commands/explain.c):
//  * costs are planner cost units (seq_page_cost = 1.0), not time;
//  * times are milliseconds; actual_* times and rows are PER LOOP (averages over
//    actual_loops): the node's total time is actual_total_time × actual_loops, its total
//    rows actual_rows × actual_loops; for parallel nodes the loops include the workers;
//  * buffer counts are blocks of `block_size` bytes (8 kB by default);
//  * memory and disk figures (sort_space_used, peak_memory_usage, disk_usage) are kB.
// Optional data is std::optional: "not in this plan" (no ANALYZE, no BUFFERS, older server)
// and "zero" are different facts.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dbopt::sdk {

/// BUFFERS and I/O timing figures of one node or of planning. Source: explain.c
/// show_buffer_usage(); text "Buffers: shared hit=… read=… dirtied=… written=…, local …, temp …"
/// and "I/O Timings: …". Blocks are `block_size` pages; times are ms (need track_io_timing).
struct PlanBuffers {
  std::optional<std::int64_t> shared_hit_blocks;      ///< "Shared Hit Blocks": found in shared_buffers
  std::optional<std::int64_t> shared_read_blocks;     ///< "Shared Read Blocks": read from the OS/disk
  std::optional<std::int64_t> shared_dirtied_blocks;  ///< "Shared Dirtied Blocks"
  std::optional<std::int64_t> shared_written_blocks;  ///< "Shared Written Blocks": evicted by this backend
  std::optional<std::int64_t> local_hit_blocks;       ///< "Local Hit Blocks" (temporary tables)
  std::optional<std::int64_t> local_read_blocks;      ///< "Local Read Blocks"
  std::optional<std::int64_t> local_dirtied_blocks;   ///< "Local Dirtied Blocks"
  std::optional<std::int64_t> local_written_blocks;   ///< "Local Written Blocks"
  std::optional<std::int64_t> temp_read_blocks;       ///< "Temp Read Blocks": sort/hash spill files
  std::optional<std::int64_t> temp_written_blocks;    ///< "Temp Written Blocks"
  std::optional<double> io_read_time;          ///< "I/O Read Time" (PG ≤ 16: shared+local), ms
  std::optional<double> io_write_time;         ///< "I/O Write Time" (PG ≤ 16: shared+local), ms
  std::optional<double> shared_io_read_time;   ///< "Shared I/O Read Time" (PG 17+), ms
  std::optional<double> shared_io_write_time;  ///< "Shared I/O Write Time" (PG 17+), ms
  std::optional<double> local_io_read_time;    ///< "Local I/O Read Time" (PG 17+), ms
  std::optional<double> local_io_write_time;   ///< "Local I/O Write Time" (PG 17+), ms
  std::optional<double> temp_io_read_time;     ///< "Temp I/O Read Time" (PG 15+), ms
  std::optional<double> temp_io_write_time;    ///< "Temp I/O Write Time" (PG 15+), ms

  /// True when no figure at all was reported (no BUFFERS option).
  bool empty() const { return *this == PlanBuffers{}; }
  friend bool operator==(const PlanBuffers&, const PlanBuffers&) = default;
};

/// WAL figures of a node (EXPLAIN (WAL), PG 13+). Source: explain.c show_wal_usage().
struct PlanWal {
  std::optional<std::int64_t> wal_records;  ///< "WAL Records"
  std::optional<std::int64_t> wal_fpi;      ///< "WAL FPI": full-page images
  std::optional<std::int64_t> wal_bytes;    ///< "WAL Bytes", bytes
  friend bool operator==(const PlanWal&, const PlanWal&) = default;
};

/// One plan node. `node_type` is the JSON "Node Type" ("Seq Scan", "Nested Loop",
/// "Aggregate", "ModifyTable", …): the text form's decorations are split into the fields
/// below ("Parallel Hash Left Join" → node_type "Hash Join", join_type "Left", parallel_aware).
struct PlanNode {
  std::string node_type;                          ///< "Node Type"
  std::optional<std::string> parent_relationship; ///< "Outer", "Inner", "Subquery", "InitPlan", "SubPlan", "Member"
  std::optional<std::string> subplan_name;        ///< "Subplan Name": "InitPlan 1 (returns $0)", "SubPlan 2", "CTE x"
  std::optional<std::string> join_type;           ///< "Join Type": Inner, Left, Full, Right, Semi, Anti, Right Anti
  std::optional<std::string> strategy;            ///< "Strategy" (Aggregate/SetOp): Plain, Sorted, Hashed, Mixed
  std::optional<std::string> partial_mode;        ///< "Partial Mode" (Aggregate): Simple, Partial, Finalize
  std::optional<std::string> operation;           ///< "Operation" (ModifyTable): Insert, Update, Delete, Merge
  std::optional<std::string> command;             ///< "Command" (SetOp): Intersect, Intersect All, Except, Except All
  std::optional<std::string> scan_direction;      ///< "Scan Direction" (index scans): Forward, Backward
  bool parallel_aware = false;                    ///< "Parallel Aware" (text prefix "Parallel ")
  bool async_capable = false;                     ///< "Async Capable" (text prefix "Async ", PG 14+)
  std::optional<std::string> relation_name;       ///< "Relation Name" (unqualified)
  std::optional<std::string> schema;              ///< "Schema" (VERBOSE, or qualified in text)
  std::optional<std::string> alias;               ///< "Alias"
  std::optional<std::string> index_name;          ///< "Index Name"
  std::optional<std::string> cte_name;            ///< "CTE Name" (CTE Scan)
  std::optional<std::string> function_name;       ///< "Function Name" (Function Scan)

  std::optional<double> startup_cost;             ///< "Startup Cost", cost units
  std::optional<double> total_cost;               ///< "Total Cost", cost units
  std::optional<double> plan_rows;                ///< "Plan Rows": estimated rows per loop
  std::optional<std::int64_t> plan_width;         ///< "Plan Width": estimated row width, bytes

  std::optional<double> actual_startup_time;      ///< "Actual Startup Time", ms per loop (ANALYZE, TIMING)
  std::optional<double> actual_total_time;        ///< "Actual Total Time", ms per loop (ANALYZE, TIMING)
  std::optional<double> actual_rows;              ///< "Actual Rows": rows per loop (ANALYZE)
  std::optional<double> actual_loops;             ///< "Actual Loops" (ANALYZE; 0 = never executed)

  std::optional<std::string> filter;              ///< "Filter"
  std::optional<std::string> join_filter;         ///< "Join Filter"
  std::optional<std::string> index_cond;          ///< "Index Cond"
  std::optional<std::string> recheck_cond;        ///< "Recheck Cond" (Bitmap Heap Scan)
  std::optional<std::string> hash_cond;           ///< "Hash Cond"
  std::optional<std::string> merge_cond;          ///< "Merge Cond"
  std::optional<std::string> tid_cond;            ///< "TID Cond"
  std::optional<std::string> one_time_filter;     ///< "One-Time Filter"
  std::optional<double> rows_removed_by_filter;        ///< "Rows Removed by Filter", per loop
  std::optional<double> rows_removed_by_join_filter;   ///< "Rows Removed by Join Filter", per loop
  std::optional<double> rows_removed_by_index_recheck; ///< "Rows Removed by Index Recheck", per loop
  std::vector<std::string> output;                ///< "Output" (VERBOSE)
  std::vector<std::string> group_key;             ///< "Group Key"
  std::vector<std::string> sort_key;              ///< "Sort Key"
  std::vector<std::string> presorted_key;         ///< "Presorted Key" (Incremental Sort)

  std::optional<std::string> sort_method;         ///< "Sort Method": quicksort, top-N heapsort, external sort, external merge
  std::optional<std::int64_t> sort_space_used;    ///< "Sort Space Used", kB
  std::optional<std::string> sort_space_type;     ///< "Sort Space Type": Memory or Disk

  std::optional<std::int64_t> hash_buckets;           ///< "Hash Buckets"
  std::optional<std::int64_t> original_hash_buckets;  ///< "Original Hash Buckets"
  std::optional<std::int64_t> hash_batches;           ///< "Hash Batches" (> 1: the hash spilled to disk)
  std::optional<std::int64_t> original_hash_batches;  ///< "Original Hash Batches" (planned)
  std::optional<std::int64_t> peak_memory_usage;      ///< "Peak Memory Usage", kB (Hash, Memoize; text "Memory Usage")
  std::optional<std::int64_t> planned_partitions;     ///< "Planned Partitions" (HashAggregate, PG 13+)
  std::optional<std::int64_t> hashagg_batches;        ///< "HashAgg Batches" (PG 13+)
  std::optional<std::int64_t> disk_usage;             ///< "Disk Usage", kB (HashAggregate spill, PG 13+)

  std::optional<std::int64_t> exact_heap_blocks;  ///< "Exact Heap Blocks" (Bitmap Heap Scan)
  std::optional<std::int64_t> lossy_heap_blocks;  ///< "Lossy Heap Blocks": bitmap degraded to pages (work_mem)
  std::optional<double> heap_fetches;             ///< "Heap Fetches" (Index Only Scan; total over loops)
  std::optional<std::int64_t> workers_planned;    ///< "Workers Planned" (Gather, Gather Merge)
  std::optional<std::int64_t> workers_launched;   ///< "Workers Launched"

  PlanBuffers buffers;                            ///< BUFFERS figures (cumulative: include children)
  PlanWal wal;                                    ///< WAL figures (cumulative: include children)
  std::vector<PlanNode> children;                 ///< "Plans", in EXPLAIN order

  friend bool operator==(const PlanNode&, const PlanNode&) = default;
};

/// One trigger's execution (EXPLAIN ANALYZE of a modifying statement). Source: explain.c
/// report_triggers(); text "Trigger name on rel: time=12.3 calls=100".
struct PlanTrigger {
  std::string trigger_name;                 ///< "Trigger Name"
  std::optional<std::string> constraint_name;  ///< "Constraint Name" (FK triggers)
  std::optional<std::string> relation;      ///< "Relation"
  std::optional<double> time;               ///< "Time", ms (total over calls)
  std::optional<double> calls;              ///< "Calls"
  friend bool operator==(const PlanTrigger&, const PlanTrigger&) = default;
};

/// JIT compilation summary (PG 11+). Source: explain.c ExplainPrintJIT(); times in ms.
struct PlanJit {
  std::optional<std::int64_t> functions;    ///< "Functions": functions compiled
  std::map<std::string, bool> options;      ///< "Options": Inlining, Optimization, Expressions, Deforming
  std::optional<double> generation;         ///< "Timing"."Generation", ms
  std::optional<double> inlining;           ///< "Timing"."Inlining", ms
  std::optional<double> optimization;       ///< "Timing"."Optimization", ms
  std::optional<double> emission;           ///< "Timing"."Emission", ms
  std::optional<double> total;              ///< "Timing"."Total", ms
  friend bool operator==(const PlanJit&, const PlanJit&) = default;
};

/// One EXPLAIN output: the node tree and the plan-level figures.
struct Plan {
  PlanNode root;                            ///< "Plan"
  std::optional<double> planning_time;      ///< "Planning Time", ms
  std::optional<double> execution_time;     ///< "Execution Time" (before 9.4 "Total runtime"), ms
  PlanBuffers planning_buffers;             ///< "Planning" buffers (PG 13+)
  std::vector<PlanTrigger> triggers;        ///< "Triggers"
  std::optional<PlanJit> jit;               ///< "JIT"
  std::map<std::string, std::string> settings;  ///< "Settings" (EXPLAIN (SETTINGS), PG 12+): changed planner GUCs
  std::optional<std::string> query_text;    ///< "Query Text" (auto_explain JSON)
  std::optional<std::string> query_identifier;  ///< "Query Identifier" (VERBOSE, compute_query_id, PG 14+)
  friend bool operator==(const Plan&, const Plan&) = default;
};

/// A statement of Snapshot::explained with its plan parsed by the engine (Catalog::plans(),
/// parallel to Catalog::explained()).
struct ExplainedPlan {
  std::optional<Plan> plan;             ///< the parsed plan; null when EXPLAIN failed or its output did not parse
  std::optional<std::string> error;     ///< EXPLAIN's server error, or the parse error (one line)
  friend bool operator==(const ExplainedPlan&, const ExplainedPlan&) = default;
};

/// Calls `f(node, depth)` for `node` and every descendant, depth-first in EXPLAIN order
/// (depth 0 = `node`).
template <class F>
void for_each_node(const PlanNode& node, F&& f, int depth = 0) {
  f(node, depth);
  for (const PlanNode& c : node.children) for_each_node(c, f, depth + 1);
}

}  // namespace dbopt::sdk

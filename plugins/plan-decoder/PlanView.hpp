// plan-decoder — one decoded plan as the checks see it: every node numbered in EXPLAIN order
// with its path, inclusive/exclusive time, total rows estimated/actual and exclusive buffers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/model.hpp"
#include "dbopt/sdk/plan.hpp"

namespace dbopt::plugins::plan_decoder {

/// One node with the figures derived from it. Times in ms, rows in rows, buffers in blocks.
struct NodeView {
  const sdk::PlanNode* node = nullptr;
  int id = 0;                  ///< 1-based, EXPLAIN order (shown as #id in the exhibit)
  int depth = 0;               ///< 0 = root
  int parent = -1;             ///< index in PlanView::nodes, -1 for the root
  std::string path;            ///< JSON path: "Plan.Plans[0].Plans[1]"
  int processes = 1;           ///< processes sharing the loops (under Gather: workers launched + leader)
  std::optional<double> total_ms;       ///< inclusive wall time ≈ actual_total_time × loops / processes
  std::optional<double> exclusive_ms;   ///< total_ms − children's total_ms (≥ 0)
  std::optional<double> est_rows;       ///< plan_rows × loops (estimated rows over all loops)
  std::optional<double> act_rows;       ///< actual_rows × loops (actual rows over all loops)
  std::optional<std::int64_t> exclusive_shared_hit;   ///< shared_hit_blocks − children's (≥ 0)
  std::optional<std::int64_t> exclusive_shared_read;  ///< shared_read_blocks − children's (≥ 0)
};

/// A plan of Catalog::plans() prepared for the checks.
struct PlanView {
  std::size_t index = 0;                         ///< position in Catalog::plans() (0-based)
  const sdk::ExplainedStatement* statement = nullptr;  ///< null when the catalog has none for it
  const sdk::Plan* plan = nullptr;
  std::string exhibit_id;                        ///< "plan-decoder/plan-<index+1>"
  std::vector<NodeView> nodes;                   ///< EXPLAIN order; nodes[0] is the root
  /// Execution time of the statement: Execution Time, else the root's total, else null (ms).
  std::optional<double> runtime_ms;
  /// The pg_stat_statements entries this statement is an instance of (same libpg_query
  /// fingerprint; Catalog::statements_of_explained), empty when none; set by set_workload().
  std::vector<const sdk::Statement*> workload;
  std::int64_t workload_calls = 0;               ///< Σ pg_stat_statements.calls of `workload`
  double workload_total_exec_time = 0;           ///< Σ total_exec_time of `workload`, ms
  /// workload_total_exec_time / Σ total_exec_time of all statements; null when either is 0.
  std::optional<double> workload_time_share;
};

/// Fills view.workload and its sums from `catalog` (Catalog::statements_of_explained(view.index)).
void set_workload(PlanView& view, const sdk::Catalog& catalog);

/// Builds the view of `plan` (number `index` in the catalog).
PlanView make_plan_view(const sdk::Plan& plan, std::size_t index, const sdk::ExplainedStatement* statement);

/// The node as the text format names it: "Seq Scan on public.orders o", "Hash Left Join",
/// "Index Scan using orders_pkey on orders". Identifiers as given by the plan (not quoted).
std::string node_label(const sdk::PlanNode& node);

/// "#3 Seq Scan on orders o" — how findings and the exhibit refer to a node.
std::string node_ref(const NodeView& view);

/// The table a scan node reads, looked up in the catalog: by schema + name when the plan has the
/// schema (VERBOSE), else by name when exactly one table has it. Null when not found/ambiguous.
const sdk::Table* find_table(const sdk::Catalog& catalog, const sdk::PlanNode& node);

/// Misestimate factor of a node: max(est, act) / min(est, act) of the rows per loop, each side
/// floored at 1 (the planner's own minimum estimate); null without ANALYZE or when the node
/// never ran. `under` is true when actual > estimated.
std::optional<double> misestimate_factor(const NodeView& view, bool* under = nullptr);

}  // namespace dbopt::plugins::plan_decoder

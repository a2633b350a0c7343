#include "PlanView.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "dbopt/sdk/catalog.hpp"

namespace dbopt::plugins::plan_decoder {

namespace {

/// The InitPlan of a WITH query ("Subplan Name": "CTE name").
bool is_cte_subplan(const sdk::PlanNode& n) {
  return n.parent_relationship == "InitPlan" && n.subplan_name && n.subplan_name->rfind("CTE ", 0) == 0;
}

void add_node(PlanView& view, const sdk::PlanNode& node, int depth, int parent, const std::string& path, int processes) {
  NodeView v;
  v.node = &node;
  v.id = static_cast<int>(view.nodes.size()) + 1;
  v.depth = depth;
  v.parent = parent;
  v.path = path;
  v.processes = processes;
  if (node.actual_loops && *node.actual_loops > 0) {
    double loops = *node.actual_loops;
    if (node.actual_total_time) v.total_ms = *node.actual_total_time * loops / processes;
    if (node.actual_rows) v.act_rows = *node.actual_rows * loops;
    if (node.plan_rows) v.est_rows = *node.plan_rows * loops;
  }
  const int self = static_cast<int>(view.nodes.size());
  view.nodes.push_back(v);
  // Under Gather / Gather Merge the loops are spread over the workers and the leader.
  int child_processes = processes;
  if ((node.node_type == "Gather" || node.node_type == "Gather Merge") && node.workers_launched)
    child_processes = static_cast<int>(*node.workers_launched) + 1;
  for (std::size_t i = 0; i < node.children.size(); ++i)
    add_node(view, node.children[i], depth + 1, self, path + ".Plans[" + std::to_string(i) + "]", child_processes);
}

}  // namespace

PlanView make_plan_view(const sdk::Plan& plan, std::size_t index, const sdk::ExplainedStatement* statement) {
  PlanView view;
  view.index = index;
  view.statement = statement;
  view.plan = &plan;
  view.exhibit_id = "plan-decoder/plan-" + std::to_string(index + 1);
  add_node(view, plan.root, 0, -1, "Plan", 1);
  // A CTE's subplan runs when a CTE Scan pulls rows from it, so its time and buffers are inside
  // that CTE Scan's figures, not (only) under the node it hangs from: the parent does not
  // subtract it, and the CTE Scan does when it is the CTE's only reader (with several readers
  // the share each paid is not in the plan; their exclusive figures then include it).
  std::map<std::string, int> cte_readers;
  std::map<std::string, const NodeView*> cte_subplans;
  for (const NodeView& v : view.nodes) {
    if (v.node->node_type == "CTE Scan" && v.node->cte_name) ++cte_readers[*v.node->cte_name];
    if (is_cte_subplan(*v.node)) cte_subplans[v.node->subplan_name->substr(4)] = &v;
  }
  for (NodeView& v : view.nodes) {
    double child_ms = 0;
    std::int64_t child_hit = 0, child_read = 0;
    bool children_timed = true;
    auto subtract = [&](const NodeView& c) {
      if (c.total_ms) child_ms += *c.total_ms;
      else if (c.node->actual_loops && *c.node->actual_loops > 0) children_timed = false;
      child_hit += c.node->buffers.shared_hit_blocks.value_or(0);
      child_read += c.node->buffers.shared_read_blocks.value_or(0);
    };
    for (const NodeView& c : view.nodes)
      if (c.parent == v.id - 1 && !is_cte_subplan(*c.node)) subtract(c);
    if (v.node->node_type == "CTE Scan" && v.node->cte_name && cte_readers[*v.node->cte_name] == 1) {
      auto it = cte_subplans.find(*v.node->cte_name);
      if (it != cte_subplans.end()) subtract(*it->second);
    }
    if (v.total_ms && children_timed) v.exclusive_ms = std::max(0.0, *v.total_ms - child_ms);
    if (v.node->buffers.shared_hit_blocks)
      v.exclusive_shared_hit = std::max<std::int64_t>(0, *v.node->buffers.shared_hit_blocks - child_hit);
    if (v.node->buffers.shared_read_blocks)
      v.exclusive_shared_read = std::max<std::int64_t>(0, *v.node->buffers.shared_read_blocks - child_read);
  }
  if (plan.execution_time) view.runtime_ms = plan.execution_time;
  else if (view.nodes[0].total_ms) view.runtime_ms = view.nodes[0].total_ms;
  return view;
}

std::string node_label(const sdk::PlanNode& n) {
  std::string s;
  if (n.parallel_aware) s += "Parallel ";
  if (n.node_type == "ModifyTable") {
    s += n.operation.value_or("ModifyTable");
  } else if (n.node_type == "Aggregate") {
    if (n.partial_mode && *n.partial_mode != "Simple") s += *n.partial_mode + " ";
    const std::string st = n.strategy.value_or("Plain");
    s += st == "Hashed" ? "HashAggregate" : st == "Sorted" ? "GroupAggregate" : st == "Mixed" ? "MixedAggregate" : "Aggregate";
  } else if (n.join_type && *n.join_type != "Inner") {
    std::string base = n.node_type;
    if (base.size() > 5 && base.substr(base.size() - 5) == " Join") base = base.substr(0, base.size() - 5);
    s += base + " " + *n.join_type + " Join";
  } else {
    s += n.node_type;
  }
  if (n.index_name && n.node_type != "Bitmap Index Scan") {
    if (n.scan_direction == "Backward") s += " Backward";
    s += " using " + *n.index_name;
  } else if (n.index_name) {
    s += " on " + *n.index_name;
  }
  std::string target;
  if (n.relation_name) target = (n.schema ? *n.schema + "." : "") + *n.relation_name;
  else if (n.function_name) target = *n.function_name;
  else if (n.cte_name) target = *n.cte_name;
  if (!target.empty()) {
    s += " on " + target;
    std::string base = n.relation_name ? *n.relation_name : target;
    if (n.alias && *n.alias != base) s += " " + *n.alias;
  } else if (n.alias && n.node_type == "Subquery Scan") {
    s += " on " + *n.alias;
  }
  return s;
}

std::string node_ref(const NodeView& view) { return "#" + std::to_string(view.id) + " " + node_label(*view.node); }

const sdk::Table* find_table(const sdk::Catalog& catalog, const sdk::PlanNode& node) {
  if (!node.relation_name) return nullptr;
  if (node.schema) return catalog.table(*node.schema, *node.relation_name);
  const sdk::Table* found = nullptr;
  for (const sdk::Table& t : catalog.tables()) {
    if (t.relname != *node.relation_name) continue;
    if (found) return nullptr;  // ambiguous without the schema
    found = &t;
  }
  return found;
}

std::optional<double> misestimate_factor(const NodeView& v, bool* under) {
  if (!v.est_rows || !v.act_rows) return std::nullopt;
  // Per loop, each side floored at one row: the planner never estimates fewer than one row per
  // scan, so "1 estimated, 0 actual" in each of 11,341 loops is no misestimate at all (summed
  // over the loops it would read as 11,341×). Totals over loops keep the same ratio otherwise.
  const double loops = v.node && v.node->actual_loops && *v.node->actual_loops > 0 ? *v.node->actual_loops : 1.0;
  const double e = std::max(*v.est_rows / loops, 1.0);
  const double a = std::max(*v.act_rows / loops, 1.0);
  if (under) *under = a > e;
  return std::max(e, a) / std::min(e, a);
}

void set_workload(PlanView& view, const sdk::Catalog& catalog) {
  view.workload = catalog.statements_of_explained(view.index);
  view.workload_calls = 0;
  view.workload_total_exec_time = 0;
  for (const sdk::Statement* s : view.workload) {
    view.workload_calls += s->calls;
    view.workload_total_exec_time += s->total_exec_time;
  }
  const double total = catalog.total_exec_time();
  view.workload_time_share.reset();
  if (!view.workload.empty() && total > 0 && view.workload_total_exec_time > 0)
    view.workload_time_share = view.workload_total_exec_time / total;
}

}  // namespace dbopt::plugins::plan_decoder

#include "plan/plan_fields.hpp"
#include "plan/plan_json.hpp"

namespace dbopt::engine {

namespace {

using nlohmann::ordered_json;

void write_buffers(const sdk::PlanBuffers& b, ordered_json& out) {
  for (const auto& f : buffer_block_fields())
    if (b.*f.member) out[std::string(f.key)] = *(b.*f.member);
  for (const auto& f : buffer_time_fields())
    if (b.*f.member) out[std::string(f.key)] = *(b.*f.member);
}

ordered_json write_node(const sdk::PlanNode& n) {
  ordered_json o;
  o["Node Type"] = n.node_type;
  if (n.parallel_aware) o["Parallel Aware"] = true;
  if (n.async_capable) o["Async Capable"] = true;
  for (const auto& f : node_text_fields())
    if (n.*f.member) o[std::string(f.key)] = *(n.*f.member);
  for (const auto& f : node_double_fields())
    if (n.*f.member) o[std::string(f.key)] = *(n.*f.member);
  for (const auto& f : node_int_fields())
    if (n.*f.member) o[std::string(f.key)] = *(n.*f.member);
  for (const auto& f : node_list_fields())
    if (!(n.*f.member).empty()) o[std::string(f.key)] = n.*f.member;
  write_buffers(n.buffers, o);
  for (const auto& f : wal_fields())
    if (n.wal.*f.member) o[std::string(f.key)] = *(n.wal.*f.member);
  if (!n.children.empty()) {
    ordered_json plans = ordered_json::array();
    for (const auto& c : n.children) plans.push_back(write_node(c));
    o["Plans"] = std::move(plans);
  }
  return o;
}

}  // namespace

nlohmann::ordered_json plan_to_json(const sdk::Plan& plan) {
  ordered_json o;
  o["Plan"] = write_node(plan.root);
  if (plan.query_text) o["Query Text"] = *plan.query_text;
  if (plan.query_identifier) o["Query Identifier"] = *plan.query_identifier;
  if (!plan.planning_buffers.empty()) {
    ordered_json p = ordered_json::object();
    write_buffers(plan.planning_buffers, p);
    o["Planning"] = std::move(p);
  }
  if (plan.planning_time) o["Planning Time"] = *plan.planning_time;
  if (!plan.settings.empty()) o["Settings"] = plan.settings;
  if (!plan.triggers.empty()) {
    ordered_json ts = ordered_json::array();
    for (const auto& t : plan.triggers) {
      ordered_json j;
      j["Trigger Name"] = t.trigger_name;
      if (t.constraint_name) j["Constraint Name"] = *t.constraint_name;
      if (t.relation) j["Relation"] = *t.relation;
      if (t.time) j["Time"] = *t.time;
      if (t.calls) j["Calls"] = *t.calls;
      ts.push_back(std::move(j));
    }
    o["Triggers"] = std::move(ts);
  }
  if (plan.jit) {
    ordered_json j;
    if (plan.jit->functions) j["Functions"] = *plan.jit->functions;
    if (!plan.jit->options.empty()) j["Options"] = plan.jit->options;
    ordered_json t = ordered_json::object();
    if (plan.jit->generation) t["Generation"] = *plan.jit->generation;
    if (plan.jit->inlining) t["Inlining"] = *plan.jit->inlining;
    if (plan.jit->optimization) t["Optimization"] = *plan.jit->optimization;
    if (plan.jit->emission) t["Emission"] = *plan.jit->emission;
    if (plan.jit->total) t["Total"] = *plan.jit->total;
    if (!t.empty()) j["Timing"] = std::move(t);
    o["JIT"] = std::move(j);
  }
  if (plan.execution_time) o["Execution Time"] = *plan.execution_time;
  return o;
}

}  // namespace dbopt::engine

#include <cstdlib>
#include <string>

#include "plan/plan_error.hpp"
#include "plan/plan_fields.hpp"
#include "plan/plan_json.hpp"

namespace dbopt::engine {

namespace {

using nlohmann::json;

std::optional<double> number(const json& v, const std::string& where) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (!s.empty() && end && *end == '\0') return d;
  }
  if (v.is_null()) return std::nullopt;
  throw PlanParseError(0, where + ": expected a number, got " + v.dump());
}

std::string text(const json& v, const std::string& where) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number() || v.is_boolean()) return v.dump();
  throw PlanParseError(0, where + ": expected text, got " + v.dump());
}

template <class Owner>
void read_buffers_into(const json& obj, Owner& target, const std::string& where) {
  for (const auto& f : buffer_block_fields())
    if (auto it = obj.find(std::string(f.key)); it != obj.end())
      if (auto d = number(*it, where + "." + std::string(f.key))) (target.*f.member) = static_cast<std::int64_t>(*d);
  for (const auto& f : buffer_time_fields())
    if (auto it = obj.find(std::string(f.key)); it != obj.end())
      (target.*f.member) = number(*it, where + "." + std::string(f.key));
}

sdk::PlanNode read_node(const json& obj, const std::string& where) {
  if (!obj.is_object()) throw PlanParseError(0, where + ": expected a plan node object");
  sdk::PlanNode n;
  auto type = obj.find("Node Type");
  if (type == obj.end()) throw PlanParseError(0, where + ": \"Node Type\" missing");
  n.node_type = text(*type, where + ".Node Type");
  for (const auto& f : node_text_fields())
    if (auto it = obj.find(std::string(f.key)); it != obj.end())
      n.*f.member = text(*it, where + "." + std::string(f.key));
  for (const auto& f : node_double_fields())
    if (auto it = obj.find(std::string(f.key)); it != obj.end())
      n.*f.member = number(*it, where + "." + std::string(f.key));
  for (const auto& f : node_int_fields())
    if (auto it = obj.find(std::string(f.key)); it != obj.end())
      if (auto d = number(*it, where + "." + std::string(f.key))) n.*f.member = static_cast<std::int64_t>(*d);
  for (const auto& f : node_list_fields()) {
    auto it = obj.find(std::string(f.key));
    if (it == obj.end()) continue;
    if (it->is_array()) {
      for (const auto& e : *it) (n.*f.member).push_back(text(e, where + "." + std::string(f.key)));
    } else {
      (n.*f.member).push_back(text(*it, where + "." + std::string(f.key)));
    }
  }
  if (auto it = obj.find("Parallel Aware"); it != obj.end() && it->is_boolean()) n.parallel_aware = it->get<bool>();
  if (auto it = obj.find("Async Capable"); it != obj.end() && it->is_boolean()) n.async_capable = it->get<bool>();
  sdk::PlanBuffers b;
  read_buffers_into(obj, b, where);
  n.buffers = b;
  for (const auto& f : wal_fields())
    if (auto it = obj.find(std::string(f.key)); it != obj.end())
      if (auto d = number(*it, where + "." + std::string(f.key))) n.wal.*f.member = static_cast<std::int64_t>(*d);
  if (auto it = obj.find("Plans"); it != obj.end()) {
    if (!it->is_array()) throw PlanParseError(0, where + ".Plans: expected an array");
    for (std::size_t i = 0; i < it->size(); ++i)
      n.children.push_back(read_node((*it)[i], where + ".Plans[" + std::to_string(i) + "]"));
  }
  return n;
}

void read_jit(const json& obj, sdk::Plan& plan) {
  sdk::PlanJit jit;
  if (auto it = obj.find("Functions"); it != obj.end())
    if (auto d = number(*it, "JIT.Functions")) jit.functions = static_cast<std::int64_t>(*d);
  if (auto it = obj.find("Options"); it != obj.end() && it->is_object())
    for (const auto& [k, v] : it->items())
      if (v.is_boolean()) jit.options[k] = v.get<bool>();
  if (auto it = obj.find("Timing"); it != obj.end() && it->is_object()) {
    auto time = [&](const char* key) -> std::optional<double> {
      auto t = it->find(key);
      if (t == it->end()) return std::nullopt;
      if (t->is_object()) {  // PG 17: "Generation": {"Deform": …, "Total": …}
        auto total = t->find("Total");
        return total == t->end() ? std::nullopt : number(*total, std::string("JIT.Timing.") + key);
      }
      return number(*t, std::string("JIT.Timing.") + key);
    };
    jit.generation = time("Generation");
    jit.inlining = time("Inlining");
    jit.optimization = time("Optimization");
    jit.emission = time("Emission");
    jit.total = time("Total");
  }
  plan.jit = jit;
}

const json& unwrap(const json& doc) {
  const json* d = &doc;
  for (int depth = 0; depth < 4; ++depth) {
    if (d->is_array()) {
      if (d->empty()) throw PlanParseError(0, "JSON array is empty: no plan in it");
      d = &(*d)[0];
    } else if (d->is_object() && !d->contains("Plan") && d->contains("QUERY PLAN")) {
      d = &(*d)["QUERY PLAN"];
    } else {
      break;
    }
  }
  return *d;
}

}  // namespace

sdk::Plan plan_from_json(const nlohmann::json& doc) {
  const json& top = unwrap(doc);
  if (!top.is_object() || !top.contains("Plan"))
    throw PlanParseError(0, "JSON has no \"Plan\" object: not EXPLAIN (FORMAT JSON) output");
  sdk::Plan plan;
  plan.root = read_node(top["Plan"], "Plan");
  if (auto it = top.find("Planning Time"); it != top.end()) plan.planning_time = number(*it, "Planning Time");
  if (auto it = top.find("Execution Time"); it != top.end()) plan.execution_time = number(*it, "Execution Time");
  if (auto it = top.find("Total Runtime"); it != top.end() && !plan.execution_time)
    plan.execution_time = number(*it, "Total Runtime");
  if (auto it = top.find("Planning"); it != top.end() && it->is_object())
    read_buffers_into(*it, plan.planning_buffers, "Planning");
  if (auto it = top.find("Triggers"); it != top.end() && it->is_array()) {
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& t = (*it)[i];
      std::string where = "Triggers[" + std::to_string(i) + "]";
      sdk::PlanTrigger tr;
      if (auto n = t.find("Trigger Name"); n != t.end()) tr.trigger_name = text(*n, where);
      if (auto n = t.find("Constraint Name"); n != t.end()) tr.constraint_name = text(*n, where);
      if (auto n = t.find("Relation"); n != t.end()) tr.relation = text(*n, where);
      if (auto n = t.find("Time"); n != t.end()) tr.time = number(*n, where + ".Time");
      if (auto n = t.find("Calls"); n != t.end()) tr.calls = number(*n, where + ".Calls");
      plan.triggers.push_back(std::move(tr));
    }
  }
  if (auto it = top.find("JIT"); it != top.end() && it->is_object()) read_jit(*it, plan);
  if (auto it = top.find("Settings"); it != top.end() && it->is_object())
    for (const auto& [k, v] : it->items()) plan.settings[k] = text(v, "Settings." + k);
  if (auto it = top.find("Query Text"); it != top.end()) plan.query_text = text(*it, "Query Text");
  if (auto it = top.find("Query Identifier"); it != top.end()) plan.query_identifier = text(*it, "Query Identifier");
  return plan;
}

}  // namespace dbopt::engine

#include "plan/plan_node_name.hpp"

#include <array>
#include <cctype>
#include <string>
#include <vector>

namespace dbopt::engine {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Node types with no target (explain.c sname values).
constexpr std::array<std::string_view, 27> kPlainTypes = {
    "Result", "ProjectSet", "Append", "Merge Append", "Recursive Union", "BitmapAnd", "BitmapOr",
    "Gather", "Gather Merge", "Materialize", "Memoize", "Sort", "Incremental Sort", "Group",
    "WindowAgg", "Unique", "LockRows", "Limit", "Hash", "Foreign Scan", "Custom Scan",
    "Result Cache", "Nested Loop", "Subquery Scan", "Values Scan", "Table Function Scan", "Sample Scan"};

// Scan node types printed as "<type> on <target>".
constexpr std::array<std::string_view, 14> kScanTypes = {
    "Seq Scan", "Sample Scan", "Bitmap Heap Scan", "Tid Scan", "Tid Range Scan", "Subquery Scan",
    "Function Scan", "Table Function Scan", "Values Scan", "CTE Scan", "Named Tuplestore Scan",
    "WorkTable Scan", "Foreign Scan", "Custom Scan"};

// Reads one identifier (double-quoted with "" escapes, or up to a space or '.').
std::string read_ident(std::string_view& s) {
  std::string out;
  if (!s.empty() && s.front() == '"') {
    std::size_t i = 1;
    for (; i < s.size(); ++i) {
      if (s[i] == '"') {
        if (i + 1 < s.size() && s[i + 1] == '"') {
          out.push_back('"');
          ++i;
        } else {
          ++i;
          break;
        }
      } else {
        out.push_back(s[i]);
      }
    }
    s.remove_prefix(i);
    return out;
  }
  std::size_t i = 0;
  while (i < s.size() && s[i] != ' ' && s[i] != '.') ++i;
  out = std::string(s.substr(0, i));
  s.remove_prefix(i);
  return out;
}

struct Target {
  std::optional<std::string> schema;
  std::string name;
  std::optional<std::string> alias;
};

// "[schema.]name [alias]"; function targets may be "schema.func alias" too.
Target read_target(std::string_view s) {
  Target t;
  s = trim(s);
  std::string first = read_ident(s);
  if (!s.empty() && s.front() == '.') {
    s.remove_prefix(1);
    t.schema = first;
    t.name = read_ident(s);
  } else {
    t.name = first;
  }
  s = trim(s);
  if (!s.empty()) t.alias = read_ident(s);
  return t;
}

void set_relation(sdk::PlanNode& n, const Target& t) {
  n.relation_name = t.name;
  if (t.schema) n.schema = t.schema;
  n.alias = t.alias ? *t.alias : t.name;  // JSON always has "Alias"; text omits it when equal
}

bool parse_join(std::string_view s, sdk::PlanNode& n) {
  if (s == "Nested Loop") {
    n.node_type = "Nested Loop";
    n.join_type = "Inner";
    return true;
  }
  if (!std::string_view(s).ends_with(" Join")) return false;
  std::string_view head = s.substr(0, s.size() - 5);
  for (std::string_view method : {"Nested Loop", "Hash", "Merge"}) {
    if (!std::string_view(head).starts_with(method)) continue;
    std::string_view jt = trim(head.substr(method.size()));
    static constexpr std::array<std::string_view, 8> kJoinTypes = {
        "", "Left", "Full", "Right", "Semi", "Anti", "Right Anti", "Right Semi"};
    bool known = false;
    for (auto k : kJoinTypes) known = known || jt == k;
    if (!known) return false;
    n.node_type = method == "Nested Loop" ? "Nested Loop" : std::string(method) + " Join";
    n.join_type = jt.empty() ? "Inner" : std::string(jt);
    return true;
  }
  return false;
}

bool parse_aggregate(std::string_view s, sdk::PlanNode& n) {
  std::optional<std::string> mode;
  if (std::string_view(s).starts_with("Partial ")) {
    mode = "Partial";
    s.remove_prefix(8);
  } else if (std::string_view(s).starts_with("Finalize ")) {
    mode = "Finalize";
    s.remove_prefix(9);
  }
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kAgg = {{
      {"Aggregate", "Plain"}, {"GroupAggregate", "Sorted"}, {"HashAggregate", "Hashed"}, {"MixedAggregate", "Mixed"}}};
  for (auto [name, strategy] : kAgg) {
    if (s != name) continue;
    n.node_type = "Aggregate";
    n.strategy = std::string(strategy);
    n.partial_mode = mode ? *mode : "Simple";
    return true;
  }
  return false;
}

bool parse_setop(std::string_view s, sdk::PlanNode& n) {
  for (auto [prefix, strategy] : std::array<std::pair<std::string_view, std::string_view>, 2>{
           {{"HashSetOp ", "Hashed"}, {"SetOp ", "Sorted"}}}) {
    if (!std::string_view(s).starts_with(prefix)) continue;
    n.node_type = "SetOp";
    n.strategy = std::string(strategy);
    n.command = std::string(s.substr(prefix.size()));
    return true;
  }
  return false;
}

bool parse_modify(std::string_view s, sdk::PlanNode& n) {
  std::string_view rest = s;
  if (std::string_view(rest).starts_with("Foreign ")) rest.remove_prefix(8);
  for (std::string_view op : {"Insert", "Update", "Delete", "Merge"}) {
    if (!std::string_view(rest).starts_with(op) || rest.substr(op.size(), 4) != " on ") continue;
    n.node_type = "ModifyTable";
    n.operation = std::string(op);
    set_relation(n, read_target(rest.substr(op.size() + 4)));
    return true;
  }
  return false;
}

bool parse_index_scan(std::string_view s, sdk::PlanNode& n) {
  for (std::string_view type : {"Index Only Scan", "Index Scan"}) {
    if (!std::string_view(s).starts_with(type)) continue;
    std::string_view rest = s.substr(type.size());
    n.node_type = std::string(type);
    n.scan_direction = "Forward";
    if (std::string_view(rest).starts_with(" Backward")) {
      n.scan_direction = "Backward";
      rest.remove_prefix(9);
    }
    if (!std::string_view(rest).starts_with(" using ")) return rest.empty();
    rest.remove_prefix(7);
    n.index_name = read_ident(rest);
    if (std::string_view(rest).starts_with(" on ")) set_relation(n, read_target(rest.substr(4)));
    return true;
  }
  if (std::string_view(s).starts_with("Bitmap Index Scan on ")) {
    n.node_type = "Bitmap Index Scan";
    std::string_view rest = s.substr(21);
    n.index_name = read_ident(rest);
    return true;
  }
  return false;
}

bool parse_scan(std::string_view s, sdk::PlanNode& n) {
  for (std::string_view type : kScanTypes) {
    if (!std::string_view(s).starts_with(type)) continue;
    std::string_view rest = s.substr(type.size());
    if (type == "Custom Scan" && std::string_view(rest).starts_with(" (")) {  // "Custom Scan (Provider) on t"
      std::size_t close = rest.find(')');
      if (close == std::string_view::npos) return false;
      rest.remove_prefix(close + 1);
    }
    if (rest.empty()) {
      n.node_type = std::string(type);
      return true;
    }
    if (!std::string_view(rest).starts_with(" on ")) {
      // Before PostgreSQL 9.0 "Subquery Scan alias" had no "on".
      if (type != "Subquery Scan" || rest.front() != ' ') continue;
      n.node_type = std::string(type);
      std::string_view a = trim(rest);
      n.alias = read_ident(a);
      return true;
    }
    n.node_type = std::string(type);
    Target t = read_target(rest.substr(4));
    if (type == "Function Scan") {
      n.function_name = t.name;
      if (t.schema) n.schema = t.schema;
      n.alias = t.alias ? *t.alias : t.name;
    } else if (type == "CTE Scan" || type == "WorkTable Scan" || type == "Named Tuplestore Scan") {
      n.cte_name = t.name;
      n.alias = t.alias ? *t.alias : t.name;
    } else if (type == "Subquery Scan" || type == "Values Scan" || type == "Table Function Scan") {
      n.alias = t.alias ? *t.alias : t.name;
    } else {
      set_relation(n, t);
    }
    return true;
  }
  return false;
}

}  // namespace

bool parse_node_name(std::string_view description, sdk::PlanNode& node) {
  std::string_view s = trim(description);
  if (std::string_view(s).starts_with("Parallel ")) {
    node.parallel_aware = true;
    s.remove_prefix(9);
  }
  if (std::string_view(s).starts_with("Async ")) {
    node.async_capable = true;
    s.remove_prefix(6);
  }
  if (parse_join(s, node) || parse_aggregate(s, node) || parse_setop(s, node) || parse_modify(s, node) ||
      parse_index_scan(s, node) || parse_scan(s, node))
    return true;
  for (std::string_view t : kPlainTypes) {
    if (s == t) {
      node.node_type = std::string(t);
      return true;
    }
  }
  node.node_type = std::string(s);
  return false;
}

}  // namespace dbopt::engine

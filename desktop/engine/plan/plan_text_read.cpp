#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>

#include "plan/plan_error.hpp"
#include "plan/plan_lines.hpp"
#include "plan/plan_node_name.hpp"
#include "plan/plan_text.hpp"
#include "plan/plan_text_details.hpp"

namespace dbopt::engine {

namespace {


int indent_of(std::string_view s) {
  int n = 0;
  while (static_cast<std::size_t>(n) < s.size() && s[n] == ' ') ++n;
  return n;
}

// Number after `key` inside a "(…)" group; `found` false when the key is absent.
double group_number(std::string_view group, std::string_view key, int line, bool& found) {
  std::size_t p = group.find(key);
  found = p != std::string_view::npos;
  if (!found) return 0;
  std::string s(group.substr(p + key.size()));
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end == s.c_str()) throw PlanParseError(line, "cannot read \"" + std::string(key) + "\" in \"" + std::string(group) + "\"");
  return d;
}

// "A..B" after key.
std::pair<double, double> group_range(std::string_view group, std::string_view key, int line, bool& found) {
  std::size_t p = group.find(key);
  found = p != std::string_view::npos;
  if (!found) return {0, 0};
  std::string_view rest = group.substr(p + key.size());
  std::size_t dots = rest.find("..");
  if (dots == std::string_view::npos)
    throw PlanParseError(line, "cannot read \"" + std::string(key) + "A..B\" in \"" + std::string(group) + "\"");
  auto num = [&](std::string_view part) {
    std::string str(part);
    char* end = nullptr;
    double d = std::strtod(str.c_str(), &end);
    if (str.empty() || end == str.c_str())
      throw PlanParseError(line, "cannot read \"" + std::string(key) + "A..B\" in \"" + std::string(group) + "\"");
    return d;
  };
  double a = num(rest.substr(0, dots));
  double b = num(rest.substr(dots + 2));
  return {a, b};
}

std::string_view group_at(std::string_view s, std::size_t open, int line) {
  std::size_t close = s.find(')', open);
  if (close == std::string_view::npos) throw PlanParseError(line, "unclosed \"(\" on node line: " + std::string(s));
  return s.substr(open + 1, close - open - 1);
}

// One node line: description, "(cost=… rows=… width=…)", "(actual time=… rows=… loops=…)".
sdk::PlanNode read_node_line(std::string_view t, int line) {
  if (std::string_view(t).starts_with("->")) t = trim_whitespace(t.substr(2));
  std::size_t cost = t.find("(cost=");
  std::size_t actual = t.find("(actual ");
  std::size_t never = t.find("(never executed)");
  std::size_t end = std::min({cost, actual, never, t.size()});
  sdk::PlanNode n;
  bool known = parse_node_name(trim_whitespace(t.substr(0, end)), n);
  if (!known && end == t.size())
    throw PlanParseError(line, "not an EXPLAIN plan node: \"" + std::string(t) + "\"");
  bool f1 = false, f2 = false, f3 = false;
  if (cost != std::string_view::npos) {
    std::string_view g = group_at(t, cost, line);
    auto [sc, tc] = group_range(g, "cost=", line, f1);
    n.startup_cost = sc;
    n.total_cost = tc;
    n.plan_rows = group_number(g, "rows=", line, f2);
    n.plan_width = static_cast<std::int64_t>(group_number(g, "width=", line, f3));
    if (!f2 || !f3) throw PlanParseError(line, "cannot read \"(cost=… rows=… width=…)\" in \"" + std::string(g) + "\"");
  }
  if (actual != std::string_view::npos) {
    std::string_view g = group_at(t, actual, line);
    auto [st, tt] = group_range(g, "time=", line, f1);
    if (f1) {
      n.actual_startup_time = st;
      n.actual_total_time = tt;
    }
    n.actual_rows = group_number(g, "rows=", line, f2);
    n.actual_loops = group_number(g, "loops=", line, f3);
    if (!f2 || !f3) throw PlanParseError(line, "cannot read \"(actual … rows=… loops=…)\" in \"" + std::string(g) + "\"");
  } else if (never != std::string_view::npos) {
    n.actual_startup_time = 0;
    n.actual_total_time = 0;
    n.actual_rows = 0;
    n.actual_loops = 0;
  }
  return n;
}

struct Frame {
  int col = 0;                        // column of the node's description (or of the marker line)
  sdk::PlanNode* node = nullptr;      // node the following lines belong to
  std::optional<std::string> marker;  // InitPlan/SubPlan/CTE line that names the next children
  bool worker = false;                // inside a "Worker N:" block: lines are skipped
};

std::string relationship_of(const std::string& marker) {
  if (std::string_view(marker).starts_with("SubPlan")) return "SubPlan";
  return "InitPlan";  // InitPlan and CTE subplans
}

bool any_buffers(const sdk::PlanNode& n) {
  if (n.buffers.shared_hit_blocks || n.buffers.shared_read_blocks || n.buffers.local_hit_blocks ||
      n.buffers.local_read_blocks || n.buffers.temp_read_blocks || n.buffers.temp_written_blocks ||
      n.buffers.shared_dirtied_blocks || n.buffers.shared_written_blocks || n.buffers.local_dirtied_blocks ||
      n.buffers.local_written_blocks)
    return true;
  for (const auto& c : n.children)
    if (any_buffers(c)) return true;
  return false;
}

// With BUFFERS, FORMAT JSON prints every block counter (0 included) while FORMAT TEXT leaves
// out zero counters and whole zero lines (explain.c show_buffer_usage): restore the zeros.
void zero_missing_blocks(sdk::PlanBuffers& b) {
  for (auto* f : {&b.shared_hit_blocks, &b.shared_read_blocks, &b.shared_dirtied_blocks, &b.shared_written_blocks,
                  &b.local_hit_blocks, &b.local_read_blocks, &b.local_dirtied_blocks, &b.local_written_blocks,
                  &b.temp_read_blocks, &b.temp_written_blocks})
    if (!*f) *f = 0;
}
void zero_missing_blocks_tree(sdk::PlanNode& n) {
  zero_missing_blocks(n.buffers);
  for (auto& c : n.children) zero_missing_blocks_tree(c);
}

// Which I/O timing properties the plan's server prints (track_io_timing on): the PG ≤ 16 pair
// ("I/O Read/Write Time"), the PG 17 per-scope pairs, and the temp pair (PG 15+).
struct IoFamilies {
  bool combined = false, per_scope = false, temp = false;
};
void collect_io(const sdk::PlanBuffers& b, IoFamilies& f) {
  f.combined = f.combined || b.io_read_time.has_value();
  f.per_scope = f.per_scope || b.shared_io_read_time.has_value() || b.local_io_read_time.has_value();
  f.temp = f.temp || b.temp_io_read_time.has_value();
}
void collect_io_tree(const sdk::PlanNode& n, IoFamilies& f) {
  collect_io(n.buffers, f);
  for (const auto& c : n.children) collect_io_tree(c, f);
}
// Text leaves out all-zero "I/O Timings" lines; JSON prints the zeros: restore them.
void zero_missing_io(sdk::PlanBuffers& b, const IoFamilies& f) {
  auto fill = [](std::optional<double>& v) {
    if (!v) v = 0.0;
  };
  if (f.combined) {
    fill(b.io_read_time);
    fill(b.io_write_time);
  }
  if (f.per_scope) {
    fill(b.shared_io_read_time);
    fill(b.shared_io_write_time);
    fill(b.local_io_read_time);
    fill(b.local_io_write_time);
  }
  if (f.temp || f.per_scope) {
    fill(b.temp_io_read_time);
    fill(b.temp_io_write_time);
  }
}
void zero_missing_io_tree(sdk::PlanNode& n, const IoFamilies& f) {
  zero_missing_io(n.buffers, f);
  for (auto& c : n.children) zero_missing_io_tree(c, f);
}

}  // namespace

sdk::Plan plan_from_text(const std::vector<PlanLine>& lines) {
  if (lines.empty()) throw PlanParseError(0, "no EXPLAIN output found (the input is empty or only decoration)");
  sdk::Plan plan;
  std::vector<Frame> stack;
  bool plan_level = false;
  PlanSection section = PlanSection::None;
  bool root_done = false;
  for (const PlanLine& l : lines) {
    std::string_view t = trim_whitespace(l.text);
    int col = indent_of(l.text);
    if (!root_done) {
      plan.root = read_node_line(t, l.number);
      root_done = true;
      int content = std::string_view(t).starts_with("->") ? col + static_cast<int>(t.size() - trim_whitespace(t.substr(2)).size()) : col;
      stack.push_back({content, &plan.root, std::nullopt, false});
      continue;
    }
    if (plan_level || is_plan_level_line(t)) {
      plan_level = true;
      apply_plan_level_line(t, plan, section, l.number);
      continue;
    }
    while (!stack.empty() && stack.back().col >= col) stack.pop_back();
    if (stack.empty())
      throw PlanParseError(l.number, "line is outside the plan tree (indented like or less than the first node): \"" +
                                         std::string(t) + "\"");
    Frame& top = stack.back();
    if (std::string_view(t).starts_with("->")) {
      while (!stack.empty() && stack.back().worker) stack.pop_back();
      Frame& owner = stack.back();
      sdk::PlanNode child = read_node_line(t, l.number);
      if (owner.marker) {
        child.subplan_name = *owner.marker;
        child.parent_relationship = relationship_of(*owner.marker);
      }
      owner.node->children.push_back(std::move(child));
      int content = col + static_cast<int>(t.size() - trim_whitespace(t.substr(2)).size());
      stack.push_back({content, &owner.node->children.back(), std::nullopt, false});
    } else if (std::string_view(t).starts_with("InitPlan") || std::string_view(t).starts_with("SubPlan") || std::string_view(t).starts_with("CTE ")) {
      sdk::PlanNode* owner = top.node;
      stack.push_back({col, owner, std::string(t), false});
    } else if (top.worker) {
      continue;
    } else if (std::string_view(t).starts_with("Worker ") && t.find(':') != std::string_view::npos) {
      stack.push_back({col, top.node, std::nullopt, true});
    } else {
      apply_node_detail(t, *top.node, l.number);
    }
  }
  if (any_buffers(plan.root)) {
    zero_missing_blocks_tree(plan.root);
    if (plan.planning_time || !plan.planning_buffers.empty()) zero_missing_blocks(plan.planning_buffers);
  }
  IoFamilies io;
  collect_io_tree(plan.root, io);
  collect_io(plan.planning_buffers, io);
  if (io.combined || io.per_scope || io.temp) {
    zero_missing_io_tree(plan.root, io);
    if (!plan.planning_buffers.empty()) zero_missing_io(plan.planning_buffers, io);
  }
  return plan;
}

}  // namespace dbopt::engine

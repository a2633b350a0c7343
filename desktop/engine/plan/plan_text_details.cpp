#include "plan/plan_text_details.hpp"

#include <cctype>
#include <cstdlib>
#include <string>
#include <vector>

#include "plan/plan_error.hpp"
#include "plan/plan_fields.hpp"
#include "plan/plan_lines.hpp"

namespace dbopt::engine {

namespace {

bool istarts_with(std::string_view s, std::string_view p) {
  if (s.size() < p.size()) return false;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(p[i]))) return false;
  return true;
}

double to_number(std::string_view s, int line, std::string_view what) {
  std::string str(trim_whitespace(s));
  char* end = nullptr;
  double d = std::strtod(str.c_str(), &end);
  if (str.empty() || end == str.c_str()) throw PlanParseError(line, "cannot read " + std::string(what) + " from \"" + str + "\"");
  return d;
}

// The number right after `key` in `s` (e.g. key "Buckets: "), or nullopt when key is absent.
std::optional<double> number_after(std::string_view s, std::string_view key, int line) {
  std::size_t p = s.find(key);
  if (p == std::string_view::npos) return std::nullopt;
  return to_number(s.substr(p + key.size()), line, key);
}
std::optional<std::int64_t> int_after(std::string_view s, std::string_view key, int line) {
  auto d = number_after(s, key, line);
  if (!d) return std::nullopt;
  return static_cast<std::int64_t>(*d);
}
// "N (originally M)" after key: the M, or nullopt.
std::optional<std::int64_t> originally_after(std::string_view s, std::string_view key, int line) {
  std::size_t p = s.find(key);
  if (p == std::string_view::npos) return std::nullopt;
  std::string_view rest = s.substr(p + key.size());
  std::size_t i = 0;
  while (i < rest.size() && (std::isdigit(static_cast<unsigned char>(rest[i])) || rest[i] == '.')) ++i;
  rest = trim_whitespace(rest.substr(i));
  if (!std::string_view(rest).starts_with("(originally ")) return std::nullopt;
  return static_cast<std::int64_t>(to_number(rest.substr(12), line, "originally"));
}

// Splits at top-level commas (outside parentheses, brackets and quotes): Sort Key, Output.
std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  int depth = 0;
  bool squote = false, dquote = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\'' && !dquote) squote = !squote;
    else if (c == '"' && !squote) dquote = !dquote;
    if (squote || dquote) continue;
    if (c == '(' || c == '[') ++depth;
    else if (c == ')' || c == ']') --depth;
    else if (c == ',' && depth == 0) {
      out.emplace_back(trim_whitespace(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  std::string_view last = trim_whitespace(s.substr(start));
  if (!last.empty()) out.emplace_back(last);
  return out;
}

void apply_sort_method(std::string_view value, sdk::PlanNode& n, int line) {
  for (std::string_view type : {"Memory", "Disk"}) {
    std::string key = "  " + std::string(type) + ": ";
    std::size_t p = value.rfind(key);
    if (p == std::string_view::npos) continue;
    n.sort_method = std::string(trim_whitespace(value.substr(0, p)));
    n.sort_space_type = std::string(type);
    n.sort_space_used = static_cast<std::int64_t>(to_number(value.substr(p + key.size()), line, "Sort Space Used"));
    return;
  }
  n.sort_method = std::string(trim_whitespace(value));
}

}  // namespace

void parse_buffers_text(std::string_view value, sdk::PlanBuffers& b, int line) {
  for (const std::string& part : split_list(value)) {
    std::string_view p = part;
    std::size_t sp = p.find(' ');
    if (sp == std::string_view::npos) throw PlanParseError(line, "cannot read Buffers part \"" + part + "\"");
    std::string_view scope = p.substr(0, sp);
    std::string_view rest = p.substr(sp + 1);
    auto field = [&](std::string_view key) -> std::optional<std::int64_t>* {
      if (scope == "shared") {
        if (key == "hit") return &b.shared_hit_blocks;
        if (key == "read") return &b.shared_read_blocks;
        if (key == "dirtied") return &b.shared_dirtied_blocks;
        if (key == "written") return &b.shared_written_blocks;
      } else if (scope == "local") {
        if (key == "hit") return &b.local_hit_blocks;
        if (key == "read") return &b.local_read_blocks;
        if (key == "dirtied") return &b.local_dirtied_blocks;
        if (key == "written") return &b.local_written_blocks;
      } else if (scope == "temp") {
        if (key == "read") return &b.temp_read_blocks;
        if (key == "written") return &b.temp_written_blocks;
      }
      return nullptr;
    };
    while (!rest.empty()) {
      rest = trim_whitespace(rest);
      std::size_t eq = rest.find('=');
      if (eq == std::string_view::npos) break;
      std::size_t end = rest.find(' ', eq);
      std::string_view key = rest.substr(0, eq);
      std::string_view num = rest.substr(eq + 1, end == std::string_view::npos ? std::string_view::npos : end - eq - 1);
      if (auto* f = field(key)) *f = static_cast<std::int64_t>(to_number(num, line, "Buffers " + std::string(key)));
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
    }
  }
}

void parse_io_timings_text(std::string_view value, sdk::PlanBuffers& b, int line) {
  for (const std::string& part : split_list(value)) {
    std::string_view p = trim_whitespace(part);
    std::string_view scope;
    if (!std::string_view(p).starts_with("read=") && !std::string_view(p).starts_with("write=")) {
      std::size_t sp = p.find(' ');
      if (sp == std::string_view::npos) throw PlanParseError(line, "cannot read I/O Timings part \"" + part + "\"");
      scope = p.substr(0, sp);
      p = p.substr(sp + 1);
    }
    std::optional<double>*read = nullptr, *write = nullptr;
    if (scope.empty() || scope == "shared/local") {
      read = &b.io_read_time;
      write = &b.io_write_time;
    } else if (scope == "shared") {
      read = &b.shared_io_read_time;
      write = &b.shared_io_write_time;
    } else if (scope == "local") {
      read = &b.local_io_read_time;
      write = &b.local_io_write_time;
    } else if (scope == "temp") {
      read = &b.temp_io_read_time;
      write = &b.temp_io_write_time;
    } else {
      continue;
    }
    // Text leaves out a zero read= or write=; JSON prints both (explain.c show_buffer_usage).
    *read = number_after(p, "read=", line).value_or(0.0);
    *write = number_after(p, "write=", line).value_or(0.0);
  }
}

void apply_node_detail(std::string_view line, sdk::PlanNode& n, int ln) {
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;
  std::string_view key = line.substr(0, colon);
  std::string_view value = trim_whitespace(line.substr(colon + 1));
  for (const auto& f : node_text_fields()) {
    if (f.key != key) continue;
    if (key == "Sort Method") {
      apply_sort_method(value, n, ln);
    } else {
      n.*f.member = std::string(value);
    }
    return;
  }
  for (const auto& f : node_list_fields())
    if (f.key == key) {
      n.*f.member = split_list(value);
      return;
    }
  if (std::string_view(key).starts_with("Rows Removed by ")) {
    for (const auto& f : node_double_fields())
      if (f.key == key) n.*f.member = to_number(value, ln, key);
    return;
  }
  if (key == "Heap Fetches") {
    n.heap_fetches = to_number(value, ln, key);
  } else if (key == "Workers Planned") {
    n.workers_planned = static_cast<std::int64_t>(to_number(value, ln, key));
  } else if (key == "Workers Launched") {
    n.workers_launched = static_cast<std::int64_t>(to_number(value, ln, key));
  } else if (key == "Heap Blocks") {
    if (auto e = int_after(value, "exact=", ln)) n.exact_heap_blocks = e;
    if (auto l = int_after(value, "lossy=", ln)) n.lossy_heap_blocks = l;
  } else if (key == "Buckets") {  // Hash: show_hash_info()
    n.hash_buckets = int_after(line, "Buckets: ", ln);
    n.original_hash_buckets = originally_after(line, "Buckets: ", ln);
    n.hash_batches = int_after(line, "Batches: ", ln);
    n.original_hash_batches = originally_after(line, "Batches: ", ln);
    if (n.hash_buckets && !n.original_hash_buckets) n.original_hash_buckets = n.hash_buckets;
    if (n.hash_batches && !n.original_hash_batches) n.original_hash_batches = n.hash_batches;
    n.peak_memory_usage = int_after(line, "Memory Usage: ", ln);
  } else if (key == "Batches" || key == "Planned Partitions") {  // HashAggregate: show_hashagg_info()
    n.planned_partitions = int_after(line, "Planned Partitions: ", ln);
    n.hashagg_batches = int_after(line, "Batches: ", ln);
    n.peak_memory_usage = int_after(line, "Memory Usage: ", ln);
    n.disk_usage = int_after(line, "Disk Usage: ", ln);
  } else if (key == "Hits") {  // Memoize: show_memoize_info()
    n.peak_memory_usage = int_after(line, "Memory Usage: ", ln);
  } else if (key == "Buffers") {
    parse_buffers_text(value, n.buffers, ln);
  } else if (key == "I/O Timings") {
    parse_io_timings_text(value, n.buffers, ln);
  } else if (key == "WAL") {
    n.wal.wal_records = int_after(value, "records=", ln);
    n.wal.wal_fpi = int_after(value, "fpi=", ln);
    n.wal.wal_bytes = int_after(value, "bytes=", ln);
  }
}

bool is_plan_level_line(std::string_view t) {
  for (std::string_view k : {"Planning Time:", "Execution Time:", "Total runtime:", "Planning:", "JIT:", "Trigger ",
                             "Settings:", "Query Identifier:", "Serialization:", "Time:"})
    if (istarts_with(t, k)) return true;
  return false;
}

namespace {

void apply_trigger(std::string_view t, sdk::Plan& plan, int ln) {
  // "Trigger NAME[ on REL]: time=X calls=N" or "Trigger for constraint NAME[ on REL]: …"
  std::size_t colon = t.rfind(": ");
  if (colon == std::string_view::npos) throw PlanParseError(ln, "cannot read trigger line \"" + std::string(t) + "\"");
  std::string_view head = t.substr(8, colon - 8);
  std::string_view figures = t.substr(colon + 2);
  sdk::PlanTrigger tr;
  bool constraint = std::string_view(head).starts_with("for constraint ");
  if (constraint) head.remove_prefix(15);
  if (std::size_t on = head.rfind(" on "); on != std::string_view::npos) {
    tr.relation = std::string(head.substr(on + 4));
    head = head.substr(0, on);
  }
  tr.trigger_name = std::string(head);
  if (constraint) tr.constraint_name = tr.trigger_name;
  tr.time = number_after(figures, "time=", ln);
  tr.calls = number_after(figures, "calls=", ln);
  plan.triggers.push_back(std::move(tr));
}

void apply_settings(std::string_view value, sdk::Plan& plan) {
  for (const std::string& part : split_list(value)) {
    std::size_t eq = part.find(" = ");
    if (eq == std::string::npos) continue;
    std::string v(trim_whitespace(std::string_view(part).substr(eq + 3)));
    if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') v = v.substr(1, v.size() - 2);
    plan.settings[std::string(trim_whitespace(std::string_view(part).substr(0, eq)))] = v;
  }
}

void apply_jit_line(std::string_view key, std::string_view value, sdk::Plan& plan, int ln) {
  if (!plan.jit) plan.jit = sdk::PlanJit{};
  sdk::PlanJit& jit = *plan.jit;
  if (key == "Functions") {
    jit.functions = static_cast<std::int64_t>(to_number(value, ln, "JIT Functions"));
  } else if (key == "Options") {  // "Inlining false, Optimization false, Expressions true, Deforming true"
    for (const std::string& part : split_list(value)) {
      std::size_t sp = part.rfind(' ');
      if (sp == std::string::npos) continue;
      jit.options[part.substr(0, sp)] = part.substr(sp + 1) == "true";
    }
  } else if (key == "Timing") {  // "Generation 0.340 ms (Deform 0.1 ms), Inlining 0.000 ms, …, Total 2.414 ms"
    for (const std::string& part : split_list(value)) {
      std::size_t sp = part.find(' ');
      if (sp == std::string::npos) continue;
      std::string name = part.substr(0, sp);
      double ms = to_number(std::string_view(part).substr(sp + 1), ln, "JIT " + name);
      if (name == "Generation") jit.generation = ms;
      else if (name == "Inlining") jit.inlining = ms;
      else if (name == "Optimization") jit.optimization = ms;
      else if (name == "Emission") jit.emission = ms;
      else if (name == "Total") jit.total = ms;
    }
  }
}

}  // namespace

void apply_plan_level_line(std::string_view t, sdk::Plan& plan, PlanSection& section, int ln) {
  std::size_t colon = t.find(':');
  std::string_view key = colon == std::string_view::npos ? t : t.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? std::string_view{} : trim_whitespace(t.substr(colon + 1));
  if (istarts_with(t, "Planning Time:")) {
    plan.planning_time = to_number(value, ln, "Planning Time");
    section = PlanSection::None;
  } else if (istarts_with(t, "Execution Time:") || istarts_with(t, "Total runtime:")) {
    plan.execution_time = to_number(value, ln, "Execution Time");
    section = PlanSection::None;
  } else if (t == "Planning:") {
    section = PlanSection::Planning;
  } else if (t == "JIT:") {
    section = PlanSection::Jit;
    if (!plan.jit) plan.jit = sdk::PlanJit{};
  } else if (std::string_view(t).starts_with("Trigger ")) {
    apply_trigger(t, plan, ln);
  } else if (key == "Settings") {
    apply_settings(value, plan);
  } else if (key == "Query Identifier") {
    plan.query_identifier = std::string(value);
  } else if (section == PlanSection::Planning && key == "Buffers") {
    parse_buffers_text(value, plan.planning_buffers, ln);
  } else if (section == PlanSection::Planning && key == "I/O Timings") {
    parse_io_timings_text(value, plan.planning_buffers, ln);
  } else if (section == PlanSection::Jit) {
    apply_jit_line(key, value, plan, ln);
  }
}

}  // namespace dbopt::engine

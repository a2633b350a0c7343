#include "PlanExhibit.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <string_view>

#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::plan_decoder {

namespace sql = sdk::sql;

namespace {

constexpr std::size_t kTitleQueryChars = 60;

std::string ms(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, v >= 100 ? "%.0f ms" : "%.3f ms", v);
  return buf;
}

std::string count(std::optional<double> v) {
  return v ? sql::format_count(static_cast<std::int64_t>(std::llround(*v))) : "?";
}

std::string one_line(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  return out;
}

std::string short_query(const sdk::ExplainedStatement* st, std::size_t index) {
  std::string title = "Decoded plan " + std::to_string(index + 1);
  if (!st || st->query.empty()) return title;
  const std::string_view statement = sql::skip_leading_comments(st->query);
  if (statement.empty()) return title;
  std::string q;
  for (char c : one_line(statement))
    if (c != ' ' || q.empty() || q.back() != ' ') q.push_back(c);
  if (q.size() > kTitleQueryChars) q = sql::truncate_utf8(q, kTitleQueryChars) + "…";
  return title + ": " + q;
}

std::string query_detail(const sdk::ExplainedStatement* st) {
  if (!st || st->query.empty()) return "";
  std::string d = sdk::md::code_block(st->query) + "\n\n";
  if (!st->options.empty()) d += "EXPLAIN (" + sdk::md::escape(st->options) + ")";
  if (st->duration_ms > 0) d += ", " + sdk::md::escape(sql::format_ms(st->duration_ms));
  return d + "\n\n";
}

/// The statement's pg_stat_statements figures (PlanView::workload), or "" when it matched none.
std::string workload_detail(const PlanView& view) {
  std::string d;
  if (!view.workload.empty()) {
    std::string ids;
    for (const sdk::Statement* s : view.workload) ids += (ids.empty() ? "" : ", ") + std::to_string(s->queryid);
    d += "In the workload (pg\\_stat\\_statements, same fingerprint: queryid " + sdk::md::escape(ids) + "): " +
         sdk::md::escape(sql::format_count(view.workload_calls)) + " calls, " +
         sdk::md::escape(sql::format_ms(view.workload_total_exec_time)) + " in total";
    if (view.workload_calls > 0)
      d += ", " + sdk::md::escape(sql::format_ms(view.workload_total_exec_time / static_cast<double>(view.workload_calls))) +
           " per call";
    if (view.workload_time_share) {
      d += " (" + sdk::md::escape(sql::format_percent(*view.workload_time_share)) + " of all statement time)";
    }
    d += ".\n\n";
  }
  return d;
}

}  // namespace

sdk::Exhibit make_plan_exhibit(const PlanView& view, const PlanFindings& findings) {
  sdk::Exhibit e;
  e.id = view.exhibit_id;
  e.title = short_query(view.statement, view.index);
  const sdk::Plan& p = *view.plan;
  std::string d = query_detail(view.statement) + workload_detail(view);
  std::string figures;
  if (p.execution_time) figures += "execution " + sql::format_ms(*p.execution_time);
  if (p.planning_time) figures += std::string(figures.empty() ? "" : ", ") + "planning " + sql::format_ms(*p.planning_time);
  figures += std::string(figures.empty() ? "" : ", ") + std::to_string(view.nodes.size()) + " nodes";
  int marked = 0;
  for (const auto& [id, names] : findings.marks()) marked += static_cast<int>(!names.empty());
  figures += ", " + std::to_string(marked) + " marked";
  d += sdk::md::escape(figures) + ". Times are exclusive (the node's own, all loops); rows are estimated → actual over "
       "all loops; buffers are the node's own shared hits/reads (blocks).";
  if (!view.nodes[0].node->actual_loops)
    d += " This plan was not run (no ANALYZE): only estimates are shown.";
  e.detail = std::move(d);

  std::string t;
  for (const NodeView& v : view.nodes) {
    auto it = findings.marks().find(v.id);
    const bool flagged = it != findings.marks().end();
    std::string line = flagged ? "!! " : "   ";
    line += std::string(static_cast<std::size_t>(v.depth) * 3, ' ');
    if (v.node->subplan_name) {
      t += "   " + std::string(static_cast<std::size_t>(v.depth) * 3, ' ') + one_line(*v.node->subplan_name) + "\n";
    }
    if (v.depth > 0) line += "-> ";
    line += "#" + std::to_string(v.id) + " " + one_line(node_label(*v.node));
    std::string stats;
    if (v.exclusive_ms) {
      stats += ms(*v.exclusive_ms);
      if (view.runtime_ms && *view.runtime_ms > 0) {
        char pct[16];
        std::snprintf(pct, sizeof pct, " (%.0f%%)", *v.exclusive_ms / *view.runtime_ms * 100);
        stats += pct;
      }
    }
    if (v.est_rows || v.node->plan_rows) {
      if (!stats.empty()) stats += " | ";
      stats += "rows " + count(v.est_rows ? v.est_rows : v.node->plan_rows);
      if (v.act_rows) stats += " → " + count(v.act_rows);
    }
    if (v.node->actual_loops) stats += " | loops " + count(v.node->actual_loops);
    if (v.exclusive_shared_hit || v.exclusive_shared_read)
      stats += " | hit " + count(static_cast<double>(v.exclusive_shared_hit.value_or(0))) + " read " +
               count(static_cast<double>(v.exclusive_shared_read.value_or(0)));
    if (v.node->actual_loops && *v.node->actual_loops == 0) stats += " | never executed";
    t += line + (stats.empty() ? "" : "  [" + stats + "]") + "\n";
    if (flagged) {
      std::string names;
      for (const auto& n : it->second) names += (names.empty() ? "" : ", ") + n;
      t += "   " + std::string(static_cast<std::size_t>(v.depth) * 3 + 3, ' ') + "^ " + names + "\n";
    }
  }
  if (!p.triggers.empty())
    for (const auto& tr : p.triggers)
      t += "Trigger " + one_line(tr.constraint_name ? "for constraint " + *tr.constraint_name : tr.trigger_name) +
           (tr.time ? ": " + ms(*tr.time) : "") + (tr.calls ? ", " + count(tr.calls) + " calls" : "") + "\n";
  if (p.jit && p.jit->total) t += "JIT: " + ms(*p.jit->total) + " (" + std::to_string(p.jit->functions.value_or(0)) + " functions)\n";
  e.text = std::move(t);
  return e;
}

sdk::Exhibit make_failed_plan_exhibit(std::size_t index, const sdk::ExplainedStatement* statement,
                                      const std::string& error) {
  sdk::Exhibit e;
  e.id = "plan-decoder/plan-" + std::to_string(index + 1);
  e.title = short_query(statement, index);
  e.detail = query_detail(statement) + "No plan: " + sdk::md::escape(one_line(error));
  return e;
}

}  // namespace dbopt::plugins::plan_decoder

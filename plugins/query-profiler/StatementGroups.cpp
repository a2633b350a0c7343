#include "StatementGroups.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::query_profiler {

std::vector<StatementGroup> group_statements(const sdk::Catalog& catalog) {
  std::map<std::int64_t, std::vector<const sdk::Statement*>> rows;
  for (const sdk::Statement& s : catalog.statements()) rows[s.queryid].push_back(&s);

  std::vector<StatementGroup> groups;
  groups.reserve(rows.size());
  for (const auto& [queryid, members] : rows) {
    StatementGroup g;
    g.queryid = queryid;
    g.query = members.front()->query;
    g.entries = static_cast<int>(members.size());
    g.min_exec_time = members.front()->min_exec_time;
    for (const sdk::Statement* s : members) {
      g.min_exec_time = std::min(g.min_exec_time, s->min_exec_time);
      g.calls += s->calls;
      g.total_exec_time += s->total_exec_time;
      g.max_exec_time = std::max(g.max_exec_time, s->max_exec_time);
      g.rows += s->rows;
      g.shared_blks_hit += s->shared_blks_hit;
      g.shared_blks_read += s->shared_blks_read;
      g.temp_blks_read += s->temp_blks_read;
      g.temp_blks_written += s->temp_blks_written;
      if (s->wal_bytes) g.wal_bytes = g.wal_bytes.value_or(0) + *s->wal_bytes;
    }
    if (g.calls > 0) {
      g.mean_exec_time = g.total_exec_time / static_cast<double>(g.calls);
      double sum = 0;
      for (const sdk::Statement* s : members) {
        const double d = s->mean_exec_time - g.mean_exec_time;
        sum += static_cast<double>(s->calls) * (s->stddev_exec_time * s->stddev_exec_time + d * d);
      }
      g.stddev_exec_time = std::sqrt(sum / static_cast<double>(g.calls));
    }
    g.facts = catalog.facts_for(queryid);
    groups.push_back(std::move(g));
  }
  std::sort(groups.begin(), groups.end(), [](const StatementGroup& a, const StatementGroup& b) {
    if (a.total_exec_time != b.total_exec_time) return a.total_exec_time > b.total_exec_time;
    return a.queryid < b.queryid;
  });
  return groups;
}

double time_share(const StatementGroup& group, double total_exec_time_ms) {
  return total_exec_time_ms > 0 ? group.total_exec_time / total_exec_time_ms : 0.0;
}

std::string statement_label(std::string_view query, std::size_t max_bytes) {
  std::string out;
  out.reserve(std::min(query.size(), max_bytes) + 4);
  bool pending_space = false;
  for (char ch : query) {
    const auto uch = static_cast<unsigned char>(ch);
    if (uch <= 0x20 || uch == 0x7f) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(ch);
  }
  if (out.size() <= max_bytes) return out;
  out = sdk::sql::truncate_utf8(out, max_bytes);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + "…";
}

sdk::ObjectRef statement_object(const StatementGroup& group) {
  return {"statement", "", statement_label(group.query), std::nullopt, group.queryid};
}

bool is_read(const StatementGroup& group) {
  return group.facts && group.facts->parsed && group.facts->kind == sdk::StatementKind::Select;
}

bool is_write(const StatementGroup& group) {
  if (!group.facts || !group.facts->parsed) return false;
  switch (group.facts->kind) {
    case sdk::StatementKind::Insert:
    case sdk::StatementKind::Update:
    case sdk::StatementKind::Delete:
    case sdk::StatementKind::Merge: return true;
    default: return false;
  }
}

}  // namespace dbopt::plugins::query_profiler

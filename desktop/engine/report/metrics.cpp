#include "report/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <string>
#include <tuple>

#include "dbopt/sdk/sql.hpp"

namespace dbopt::engine {

namespace {

ReportMetric cache_hit_ratio(const sdk::Snapshot& snap) {
  ReportMetric m{"cache_hit_ratio", "Cache hit ratio", {}, {}, "ratio",
                 MetricTarget{">=", kCacheHitTarget}, ""};
  const std::string target_note =
      "target ≥ 95 % (002_…, success metrics: cache hit > 95 %; 003_…, DB-OPT-08 flags statements below 99 %)";
  if (!snap.database) {
    m.note = "pg_stat_database was not captured; " + target_note;
    return m;
  }
  const double hit = static_cast<double>(snap.database->blks_hit);
  const double read = static_cast<double>(snap.database->blks_read);
  if (hit + read <= 0) {
    m.note = "no block hits or reads recorded in pg_stat_database since the last stats reset; " + target_note;
    return m;
  }
  m.current = hit / (hit + read);
  m.note = "pg_stat_database blks_hit / (blks_hit + blks_read); " + target_note;
  return m;
}

ReportMetric index_scan_share(const sdk::Snapshot& snap) {
  ReportMetric m{"index_scan_share", "Index scan share", {}, {}, "ratio",
                 MetricTarget{">", kIndexScanShareTarget}, ""};
  const std::string target_note = "target > 90 % (002_…, success metrics: index scan ratio > 90 %)";
  double idx = 0, seq = 0;
  bool any = false;
  for (const auto& t : snap.tables) {
    if (!t.stat) continue;
    any = true;
    idx += static_cast<double>(t.stat->idx_scan.value_or(0));
    seq += static_cast<double>(t.stat->seq_scan);
  }
  if (!any) {
    m.note = "pg_stat_user_tables was not captured (no table has a statistics row); " + target_note;
    return m;
  }
  if (idx + seq <= 0) {
    m.note = "no scans recorded in pg_stat_user_tables since the last stats reset; " + target_note;
    return m;
  }
  m.current = idx / (idx + seq);
  m.note = "Σ idx_scan / Σ (idx_scan + seq_scan) over pg_stat_user_tables; " + target_note;
  return m;
}

ReportMetric dead_tuple_ratio(const sdk::Snapshot& snap) {
  ReportMetric m{"dead_tuple_ratio", "Dead tuple ratio", {}, {}, "ratio",
                 MetricTarget{"<", kDeadTupleTarget}, ""};
  const std::string target_note = "target < 1 % (003_…, DB-OPT-12: dead tuples < 1 % of live tuples)";
  double dead = 0, live = 0;
  bool any = false;
  for (const auto& t : snap.tables) {
    if (!t.stat) continue;
    any = true;
    dead += static_cast<double>(t.stat->n_dead_tup);
    live += static_cast<double>(t.stat->n_live_tup);
  }
  if (!any) {
    m.note = "pg_stat_user_tables was not captured (no table has a statistics row); " + target_note;
    return m;
  }
  if (dead + live <= 0) {
    m.note = "pg_stat_user_tables reports no live or dead tuples; " + target_note;
    return m;
  }
  m.current = dead / (dead + live);
  m.note = "Σ n_dead_tup / Σ (n_live_tup + n_dead_tup) over pg_stat_user_tables; " + target_note;
  return m;
}

/// Largest claimed speedup per affected queryid (speedups that are not finite or <= 0 ignored).
std::map<std::int64_t, double> max_speedup_by_queryid(const std::vector<ReportItem>& items) {
  std::map<std::int64_t, double> out;
  for (const auto& item : items) {
    const auto& impact = item.finding.impact;
    if (!impact.speedup || !std::isfinite(*impact.speedup) || *impact.speedup <= 0) continue;
    for (std::int64_t q : impact.affected_queryids) {
      auto [it, inserted] = out.emplace(q, *impact.speedup);
      if (!inserted) it->second = std::max(it->second, *impact.speedup);
    }
  }
  return out;
}

ReportMetric total_statement_time(const sdk::Catalog& catalog, const std::vector<ReportItem>& items) {
  ReportMetric m{"total_statement_time_ms", "Total statement time", {}, {}, "ms", std::nullopt, ""};
  if (!catalog.has_statements()) {
    m.note = "pg_stat_statements was not captured (extension not installed or not readable)";
    return m;
  }
  m.current = catalog.total_exec_time();
  m.note = "Σ pg_stat_statements.total_exec_time since its last reset";
  const auto speedups = max_speedup_by_queryid(items);
  double projected = 0;
  std::size_t affected = 0;
  for (const auto& s : catalog.statements()) {
    auto it = speedups.find(s.queryid);
    if (it == speedups.end()) {
      projected += s.total_exec_time;
    } else {
      projected += s.total_exec_time / it->second;
      ++affected;
    }
  }
  if (affected > 0) {
    m.projected = projected;
    m.note += "; projected (estimate): each affected statement's total_exec_time divided by the largest "
              "speedup a finding claims for it (" + std::to_string(affected) +
              (affected == 1 ? " statement)" : " statements)");
  }
  return m;
}

}  // namespace

namespace {

/// Σ over objects of the largest |storage delta| of the P1–P3 items with the given sign.
std::int64_t storage_change(const std::vector<ReportItem>& items, bool reductions) {
  std::map<std::tuple<std::string, std::string, std::string, std::string>, std::int64_t> per_object;
  for (const auto& item : items) {
    const auto& delta = item.finding.impact.storage_delta_bytes;
    if (item.priority == Priority::Info || !delta || *delta == 0 || (*delta < 0) != reductions) continue;
    const auto& o = item.finding.object;
    std::int64_t& bytes = per_object[{o.kind, o.schema, o.name, o.column.value_or("")}];
    bytes = std::max(bytes, *delta < 0 ? -*delta : *delta);
  }
  std::int64_t total = 0;
  for (const auto& [object, bytes] : per_object) total += bytes;
  return total;
}

}  // namespace

std::int64_t reclaimable_bytes(const std::vector<ReportItem>& items) { return storage_change(items, true); }

std::int64_t added_bytes(const std::vector<ReportItem>& items) { return storage_change(items, false); }

std::vector<ReportMetric> compute_metrics(const sdk::Catalog& catalog, const std::vector<ReportItem>& items) {
  const sdk::Snapshot& snap = catalog.snapshot();
  std::vector<ReportMetric> out;
  out.push_back(cache_hit_ratio(snap));
  out.push_back(index_scan_share(snap));
  out.push_back(dead_tuple_ratio(snap));

  const std::int64_t reclaim = reclaimable_bytes(items);
  const std::int64_t added = added_bytes(items);
  ReportMetric reclaim_metric{"reclaimable_bytes", "Reclaimable storage (estimate)",
                              static_cast<double>(reclaim), {}, "bytes", std::nullopt,
                              reclaim > 0 ? "Σ of the storage reductions the P1–P3 actions estimate (each object once)"
                                          : "no P1–P3 action estimates a storage reduction"};
  out.push_back(std::move(reclaim_metric));

  out.push_back(total_statement_time(catalog, items));

  ReportMetric size{"database_size_bytes", "Database size", {}, {}, "bytes", std::nullopt, ""};
  if (snap.server.database_size_bytes) {
    size.current = static_cast<double>(*snap.server.database_size_bytes);
    size.note = "pg_database_size(current_database())";
    if (reclaim > 0 || added > 0) {
      size.projected =
          static_cast<double>(std::max<std::int64_t>(0, *snap.server.database_size_bytes - reclaim + added));
      size.note += "; projected (estimate): current size − " + sdk::sql::format_bytes(reclaim) +
                   " reclaimed + " + sdk::sql::format_bytes(added) + " added by the P1–P3 actions";
    }
  } else {
    size.note = "pg_database_size was not captured";
  }
  out.push_back(std::move(size));
  return out;
}

}  // namespace dbopt::engine

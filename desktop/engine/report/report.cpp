#include "report/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <string_view>

#include "dbopt/sdk/sql.hpp"
#include "report/metrics.hpp"
#include "report/scripts.hpp"

namespace dbopt::engine {

namespace {

/// Appends `part` with its length first, so that no two different part lists give the same key
/// (names may contain any separator character, newlines included).
void append_key_part(std::string& key, std::string_view part) {
  key += std::to_string(part.size());
  key += ':';
  key += part;
}

/// Key under which duplicate findings merge: the normalized apply script, or check id + object.
std::string dedupe_key(const sdk::Finding& f) {
  if (f.script && !f.script->apply.empty()) return "sql\n" + normalize_sql_whitespace(f.script->apply);
  std::string key = "obj\n";
  for (std::string_view part : {std::string_view(f.check_id), std::string_view(f.object.kind),
                                std::string_view(f.object.schema), std::string_view(f.object.name)})
    append_key_part(key, part);
  append_key_part(key, f.object.column ? "c" + *f.object.column : std::string("-"));
  append_key_part(key, f.object.queryid ? std::to_string(*f.object.queryid) : std::string("-"));
  return key;
}

double speedup_of(const ReportItem& item) {
  const auto& s = item.finding.impact.speedup;
  return s && std::isfinite(*s) ? *s : 0.0;
}

std::int64_t storage_of(const ReportItem& item) {
  const auto& d = item.finding.impact.storage_delta_bytes;
  return d ? (*d < 0 ? -*d : *d) : 0;
}

/// Report order: priority, speedup ↓, |storage delta| ↓, check id, object, title.
bool report_order(const ReportItem& a, const ReportItem& b) {
  if (a.priority != b.priority) return static_cast<int>(a.priority) < static_cast<int>(b.priority);
  if (speedup_of(a) != speedup_of(b)) return speedup_of(a) > speedup_of(b);
  if (storage_of(a) != storage_of(b)) return storage_of(a) > storage_of(b);
  if (a.finding.check_id != b.finding.check_id) return a.finding.check_id < b.finding.check_id;
  if (a.object != b.object) return a.object < b.object;
  return a.finding.title < b.finding.title;
}

std::string item_id(std::size_t index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "F-%03zu", index + 1);
  return buf;
}

std::vector<ReportItem> merge_findings(const RunResult& run) {
  std::vector<ReportItem> items;
  std::map<std::string, std::size_t> by_key;
  for (const auto& rec : run.findings) {
    const sdk::Finding& f = rec.finding;
    ReportSource source{rec.plugin_id, f.check_id, object_display_name(f.object), f.title, f.exhibit};
    const Priority priority = assign_priority(f);
    auto [it, inserted] = by_key.emplace(dedupe_key(f), items.size());
    if (inserted) {
      ReportItem item;
      item.priority = priority;
      item.severity = f.severity;
      item.plugin_id = rec.plugin_id;
      item.finding = f;
      item.object = source.object;
      item.sources.push_back(std::move(source));
      items.push_back(std::move(item));
      continue;
    }
    ReportItem& item = items[it->second];
    // The kept finding is the one whose own priority is the item's (its impact is what the report
    // shows and projects, so it must justify the priority), the richest evidence among equals.
    const Priority kept = assign_priority(item.finding);
    const bool replaces = priority != kept ? more_urgent(priority, kept) == priority
                                           : f.evidence.size() > item.finding.evidence.size();
    item.priority = more_urgent(item.priority, priority);
    item.severity = std::max(item.severity, f.severity);
    if (replaces) {
      item.finding = f;
      item.plugin_id = rec.plugin_id;
      item.object = source.object;
    }
    item.sources.push_back(std::move(source));
  }
  return items;
}

std::string format_share(double share) {
  const double pct = share * 100.0;
  if (pct > 0 && pct < 0.5) return "< 1 %";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f %%", pct);
  return buf;
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string estimated_improvement(const sdk::Catalog& catalog, const std::vector<ReportItem>& items) {
  std::vector<std::string> parts;
  // Storage: the P1–P3 actions only (apply.sql), growth named next to the reduction.
  const std::int64_t reclaim = reclaimable_bytes(items);
  const std::int64_t added = added_bytes(items);
  if (reclaim > 0 && added > 0)
    parts.push_back("reclaims an estimated " + sdk::sql::format_bytes(reclaim) + " and adds an estimated " +
                    sdk::sql::format_bytes(added) + " of storage");
  else if (reclaim > 0)
    parts.push_back("reclaims an estimated " + sdk::sql::format_bytes(reclaim));
  else if (added > 0)
    parts.push_back("adds an estimated " + sdk::sql::format_bytes(added) + " of storage");

  // Speed: only speedups > 1 are improvements.
  std::set<std::int64_t> queryids;
  double max_speedup = 0;
  std::size_t speed_items = 0;
  for (const auto& item : items) {
    const auto& impact = item.finding.impact;
    if (!impact.speedup || !std::isfinite(*impact.speedup) || *impact.speedup <= 1.0) continue;
    ++speed_items;
    max_speedup = std::max(max_speedup, *impact.speedup);
    queryids.insert(impact.affected_queryids.begin(), impact.affected_queryids.end());
  }
  if (!queryids.empty()) {
    std::string text = plural(queryids.size(), "statement", "statements");
    const double total = catalog.total_exec_time();
    if (catalog.has_statements() && total > 0) {
      double affected = 0;
      for (const auto& s : catalog.statements())
        if (queryids.count(s.queryid)) affected += s.total_exec_time;
      text += " (" + format_share(affected / total) + " of statement time)";
    }
    text += " estimated up to " + sdk::sql::format_speedup(max_speedup) + " faster";
    parts.push_back(text);
  } else if (speed_items > 0) {
    parts.push_back(plural(speed_items, "finding estimates", "findings estimate") + " speedups up to " +
                    sdk::sql::format_speedup(max_speedup) + " (affected statements not identified)");
  }
  if (parts.empty()) return "no measurable improvement estimated";
  std::string out = parts[0];
  for (std::size_t i = 1; i < parts.size(); ++i) out += "; " + parts[i];
  return out;
}

ExecutiveSummary summarize(const sdk::Catalog& catalog, const std::vector<ReportItem>& items) {
  ExecutiveSummary s;
  s.issues_found = items.size();
  for (const auto& item : items) {
    switch (item.severity) {
      case sdk::Severity::Critical: ++s.by_severity.critical; break;
      case sdk::Severity::High: ++s.by_severity.high; break;
      case sdk::Severity::Medium: ++s.by_severity.medium; break;
      case sdk::Severity::Low: ++s.by_severity.low; break;
      case sdk::Severity::Info: ++s.by_severity.info; break;
    }
    switch (item.priority) {
      case Priority::P1: ++s.by_priority.p1; break;
      case Priority::P2: ++s.by_priority.p2; break;
      case Priority::P3: ++s.by_priority.p3; break;
      case Priority::Info: ++s.by_priority.info; break;
    }
  }
  s.estimated_improvement = estimated_improvement(catalog, items);
  return s;
}

}  // namespace

namespace {

/// Summary facts and exhibits of the plugins that ran to completion, in run order; each exhibit
/// lists the items with a source found in it. An exhibit id reported twice keeps the first.
void collect_plugin_sections(const RunResult& run, Report& report) {
  std::set<std::string> exhibit_ids;
  for (const PluginRun& plugin : run.runs) {
    for (const sdk::SummaryFact& fact : plugin.summary) report.summary.facts.push_back(fact);
    for (const sdk::Exhibit& exhibit : plugin.exhibits) {
      if (!exhibit_ids.insert(exhibit.id).second) continue;
      ReportExhibit section{plugin.plugin_id, exhibit, {}};
      for (const ReportItem& item : report.items)
        for (const ReportSource& source : item.sources)
          if (source.exhibit == exhibit.id) {
            section.item_ids.push_back(item.id);
            break;
          }
      report.exhibits.push_back(std::move(section));
    }
  }
}

}  // namespace

Report build_report(const sdk::Catalog& catalog, const RunResult& run, const ReportOptions& options) {
  const sdk::Snapshot& snap = catalog.snapshot();
  Report report;
  report.title = options.title;
  report.generated_at = options.generated_at.value_or(snap.provenance.captured_at);
  report.dbopt_version = DBOPT_VERSION;
  report.database = snap.server.database;
  report.server_version = snap.server.server_version;
  report.server_version_full = snap.server.version;
  report.provenance = snap.provenance;
  for (const auto& probe : snap.provenance.probes)
    if (probe.status != "ok" || probe.note) report.capture_issues.push_back(probe);

  report.items = merge_findings(run);
  std::stable_sort(report.items.begin(), report.items.end(), report_order);
  for (std::size_t i = 0; i < report.items.size(); ++i) report.items[i].id = item_id(i);

  report.summary = summarize(catalog, report.items);
  report.metrics = compute_metrics(catalog, report.items);
  report.scripts = build_category_scripts(report.items);
  report.runs = run.runs;
  report.cancelled = run.cancelled;
  collect_plugin_sections(run, report);
  return report;
}

std::vector<const ReportItem*> items_with_priority(const Report& report, Priority priority) {
  std::vector<const ReportItem*> out;
  for (const auto& item : report.items)
    if (item.priority == priority) out.push_back(&item);
  return out;
}

}  // namespace dbopt::engine

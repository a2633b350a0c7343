#include "export/json_export.hpp"

#include "report/scripts.hpp"

namespace dbopt::engine {

using nlohmann::json;

namespace {

template <class T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json metric_json(const sdk::Metric& m) {
  return {{"name", m.name}, {"value", opt(m.value)}, {"unit", m.unit}, {"text", opt(m.text)}};
}

json object_json(const sdk::ObjectRef& o) {
  return {{"kind", o.kind}, {"schema", o.schema}, {"name", o.name}, {"column", opt(o.column)}, {"queryid", opt(o.queryid)}};
}

json finding_json(const ReportItem& item) {
  const sdk::Finding& f = item.finding;
  json evidence = json::array();
  for (const auto& m : f.evidence) evidence.push_back(metric_json(m));
  const auto& im = f.impact;
  json impact = {{"speedup", opt(im.speedup)},
                 {"affected_queryids", im.affected_queryids},
                 {"time_share", opt(im.time_share)},
                 {"storage_delta_bytes", opt(im.storage_delta_bytes)},
                 {"write_overhead", opt(im.write_overhead)},
                 {"summary", im.summary}};
  json script = nullptr;
  if (f.script)
    script = {{"category", sdk::to_string(f.script->category)},
              {"apply", f.script->apply},
              {"rollback", f.script->rollback},
              {"requires_restart", f.script->requires_restart}};
  json sources = json::array();
  for (const auto& s : item.sources)
    sources.push_back({{"plugin_id", s.plugin_id},
                       {"check_id", s.check_id},
                       {"object", s.object},
                       {"title", s.title},
                       {"exhibit", opt(s.exhibit)}});
  return {{"id", item.id},
          {"priority", to_string(item.priority)},
          {"severity", sdk::to_string(item.severity)},
          {"plugin_id", item.plugin_id},
          {"object_display", item.object},
          {"sources", sources},
          {"check_id", f.check_id},
          {"story", f.story},
          {"title", f.title},
          {"detail", f.detail},
          {"object", object_json(f.object)},
          {"evidence", evidence},
          {"impact", impact},
          {"finding_severity", sdk::to_string(f.severity)},
          {"confidence", sdk::to_string(f.confidence)},
          {"risk", {{"level", sdk::to_string(f.risk.level)}, {"why", f.risk.why}}},
          {"script", script},
          {"exhibit", opt(f.exhibit)}};
}


json action_json(const ReportItem& item) {
  const auto& f = item.finding;
  const bool has_script = f.script && !f.script->apply.empty();
  return {{"type", has_script ? json(sdk::to_string(f.script->category)) : json(nullptr)},
          {"action", has_script ? json(f.script->apply) : json(nullptr)},
          {"impact", f.impact.summary},
          {"id", item.id},
          {"check_id", f.check_id},
          {"object", item.object},
          {"title", f.title}};
}

json actions(const Report& report, Priority p) {
  json out = json::array();
  for (const ReportItem* item : items_with_priority(report, p)) out.push_back(action_json(*item));
  return out;
}

}  // namespace

json report_to_json(const Report& report) {
  const auto& s = report.summary;
  json summary = {{"issues_found", s.issues_found},       {"critical", s.by_severity.critical},
                  {"high", s.by_severity.high},           {"medium", s.by_severity.medium},
                  {"low", s.by_severity.low},             {"info", s.by_severity.info},
                  {"p1", s.by_priority.p1},               {"p2", s.by_priority.p2},
                  {"p3", s.by_priority.p3},               {"p_info", s.by_priority.info},
                  {"estimated_improvement", s.estimated_improvement}};
  json facts = json::array();
  for (const sdk::SummaryFact& f : s.facts) {
    json evidence = json::array();
    for (const auto& m : f.evidence) evidence.push_back(metric_json(m));
    facts.push_back({{"key", f.key}, {"label", f.label}, {"value", f.value}, {"detail", f.detail}, {"evidence", evidence}});
  }
  summary["facts"] = facts;
  json exhibits = json::array();
  for (const ReportExhibit& e : report.exhibits)
    exhibits.push_back({{"id", e.exhibit.id},
                        {"plugin_id", e.plugin_id},
                        {"title", e.exhibit.title},
                        {"detail", e.exhibit.detail},
                        {"text", e.exhibit.text},
                        {"item_ids", e.item_ids}});

  json current = json::object(), projected = json::object(), details = json::array();
  for (const auto& m : report.metrics) {
    current[m.key] = opt(m.current);
    if (m.projected) projected[m.key] = *m.projected;
    json target = nullptr;
    if (m.target) target = {{"op", m.target->op}, {"value", m.target->value}};
    details.push_back({{"key", m.key}, {"label", m.label}, {"current", opt(m.current)}, {"projected", opt(m.projected)},
                       {"unit", m.unit}, {"target", target}, {"note", m.note}});
  }

  json apply = json::object(), rollback = json::object();
  for (const auto& cs : report.scripts) {
    apply[sdk::to_string(cs.category)] = cs.apply;
    rollback[sdk::to_string(cs.category)] = cs.rollback;
  }

  json findings = json::array();
  for (const auto& item : report.items) findings.push_back(finding_json(item));

  json runs = json::array();
  for (const auto& r : report.runs)
    runs.push_back({{"plugin_id", r.plugin_id}, {"plugin_name", r.plugin_name}, {"version", r.version},
                    {"file", r.file}, {"phase", sdk::to_string(r.phase)}, {"status", r.status},
                    {"error", r.error}, {"duration_ms", r.duration_ms}, {"findings", r.findings}, {"log", r.log}});

  auto probe_json = [](const sdk::ProbeOutcome& p) {
    return json{{"name", p.name}, {"status", p.status}, {"error", opt(p.error)}, {"note", opt(p.note)},
                {"duration_ms", p.duration_ms}, {"rows", p.rows}};
  };
  json failed = json::array(), probes = json::array();
  for (const auto& p : report.capture_issues) failed.push_back(probe_json(p));
  for (const auto& p : report.provenance.probes) probes.push_back(probe_json(p));
  const auto& pv = report.provenance;
  json provenance = {{"captured_at", pv.captured_at},         {"dbopt_version", pv.dbopt_version},
                     {"host", pv.host},                       {"port", pv.port},
                     {"user", pv.user},                       {"application_name", pv.application_name},
                     {"capture_duration_ms", pv.capture_duration_ms}, {"probes", probes},
                     {"database", report.database},           {"server_version", report.server_version},
                     {"server_version_full", report.server_version_full}};

  return {{"phase", "DELIVER"},
          {"agent", "dbopt"},
          {"timestamp", report.generated_at},
          {"dbopt_version", report.dbopt_version},
          {"title", report.title},
          {"cancelled", report.cancelled},
          {"report",
           {{"executive_summary", summary},
            {"metrics", {{"current", current}, {"projected", projected}, {"details", details}}},
            {"priority_actions",
             {{"p1_critical", actions(report, Priority::P1)},
              {"p2_high", actions(report, Priority::P2)},
              {"p3_medium", actions(report, Priority::P3)}}},
            {"implementation_scripts", apply},
            {"rollback_scripts", rollback}}},
          {"findings", findings},
          {"exhibits", exhibits},
          {"run_log", runs},
          {"capture_issues", failed},
          {"provenance", provenance}};
}

}  // namespace dbopt::engine

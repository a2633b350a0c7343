#include "export/template_view.hpp"

#include <stdexcept>
#include <system_error>
#include <unistd.h>

#include "common/atomic_file.hpp"
#include "dbopt/sdk/sql.hpp"
#include "export/value_format.hpp"
#include "report/scripts.hpp"

namespace dbopt::engine {

namespace mustache = kainjow::mustache;

namespace {

mustache::data make_list() { return mustache::data(mustache::data::type::list); }

std::string count(std::size_t n) { return std::to_string(n); }

const char* priority_css(Priority p) {
  switch (p) {
    case Priority::P1: return "p1";
    case Priority::P2: return "p2";
    case Priority::P3: return "p3";
    case Priority::Info: return "info";
  }
  return "info";
}

const char* priority_heading(Priority p) {
  switch (p) {
    case Priority::P1: return "P1 — critical";
    case Priority::P2: return "P2 — high";
    case Priority::P3: return "P3 — medium";
    case Priority::Info: return "Informational";
  }
  return "";
}

mustache::data item_view(const ReportItem& item, const TemplateEscaping& esc) {
  const sdk::Finding& f = item.finding;
  mustache::data d;
  d.set("id", item.id);
  d.set("priority", to_string(item.priority));
  d.set("priority_css", priority_css(item.priority));
  d.set("title", esc.text(f.title));
  d.set("object", esc.text(item.object));
  d.set("object_kind", esc.text(f.object.kind));
  d.set("check_id", esc.text(f.check_id));
  d.set("plugin_id", esc.text(item.plugin_id));
  d.set("has_story", !f.story.empty());
  d.set("story", esc.text(f.story));
  d.set("severity", sdk::to_string(item.severity));
  d.set("confidence", sdk::to_string(f.confidence));
  d.set("risk", sdk::to_string(f.risk.level));
  d.set("risk_why", esc.text(f.risk.why));
  d.set("has_risk_why", !f.risk.why.empty());
  d.set("impact", esc.text(f.impact.summary));
  d.set("has_impact", !f.impact.summary.empty());

  mustache::data facts = make_list();
  for (const auto& [name, value] : impact_facts(f.impact)) {
    mustache::data fact;
    fact.set("name", esc.text(name));
    fact.set("value", esc.text(value));
    facts.push_back(fact);
  }
  d.set("has_impact_facts", !impact_facts(f.impact).empty());
  d.set("impact_facts", facts);

  mustache::data evidence = make_list();
  for (const auto& m : f.evidence) {
    mustache::data e;
    e.set("name", esc.text(m.name));
    e.set("value", esc.text(format_evidence(m)));
    evidence.push_back(e);
  }
  d.set("has_evidence", !f.evidence.empty());
  d.set("evidence", evidence);

  d.set("has_detail", !f.detail.empty());
  d.set("detail", esc.detail(f.detail));

  const bool has_script = f.script && !f.script->apply.empty();
  d.set("has_script", has_script);
  d.set("category", has_script ? sdk::to_string(f.script->category) : "");
  d.set("apply", has_script ? esc.code(f.script->apply) : "");
  d.set("has_rollback", has_script && !f.script->rollback.empty());
  d.set("rollback", has_script ? esc.code(f.script->rollback) : "");
  d.set("requires_restart", has_script && f.script->requires_restart);

  mustache::data sources = make_list();
  for (const auto& s : item.sources) {
    mustache::data sd;
    sd.set("plugin_id", esc.text(s.plugin_id));
    sd.set("check_id", esc.text(s.check_id));
    sd.set("object", esc.text(s.object));
    sd.set("title", esc.text(s.title));
    sources.push_back(sd);
  }
  d.set("merged", item.sources.size() > 1);
  d.set("source_count", count(item.sources.size()));
  d.set("sources", sources);
  return d;
}

}  // namespace

namespace {
/// Keeps a template's blank line non-empty while kainjow renders it (see strip_standalone_tags);
/// removed from the output afterwards.
constexpr std::string_view kBlankLineMarker = "\x1f" "dbopt-blank-line" "\x1f";
}  // namespace

std::string strip_standalone_tags(std::string_view tmpl) {
  std::string out;
  out.reserve(tmpl.size());
  std::size_t pos = 0;
  while (pos < tmpl.size()) {
    std::size_t eol = tmpl.find('\n', pos);
    const bool has_newline = eol != std::string_view::npos;
    if (!has_newline) eol = tmpl.size();
    std::string_view line = tmpl.substr(pos, eol - pos);
    std::string_view trimmed = line;
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) trimmed.remove_prefix(1);
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t' || trimmed.back() == '\r'))
      trimmed.remove_suffix(1);
    const bool standalone = trimmed.size() >= 5 && trimmed.substr(0, 2) == "{{" &&
                            (trimmed[2] == '#' || trimmed[2] == '^' || trimmed[2] == '/' || trimmed[2] == '!') &&
                            trimmed.substr(trimmed.size() - 2) == "}}" &&
                            trimmed.find("}}") == trimmed.size() - 2;
    if (standalone) {
      out.append(trimmed);  // the tag alone: its line and newline disappear from the output
    } else if (trimmed.empty() && has_newline) {
      out.append(kBlankLineMarker);  // kainjow would drop a blank line that follows a section tag
      out.push_back('\n');
    } else {
      out.append(line);
      if (has_newline) out.push_back('\n');
    }
    pos = has_newline ? eol + 1 : tmpl.size();
  }
  return out;
}

mustache::data template_view(const Report& report, const TemplateEscaping& esc) {
  mustache::data d;
  const sdk::Provenance& p = report.provenance;
  d.set("title", esc.text(report.title));
  d.set("database", esc.text(report.database));
  d.set("server_version", esc.text(report.server_version));
  d.set("server_version_full", esc.text(report.server_version_full));
  d.set("captured_at", esc.text(p.captured_at));
  d.set("generated_at", esc.text(report.generated_at));
  d.set("dbopt_version", esc.text(report.dbopt_version));
  d.set("capture_dbopt_version", esc.text(p.dbopt_version));
  d.set("host", esc.text(p.host));
  d.set("port", esc.text(p.port));
  d.set("user", esc.text(p.user));
  // A snapshot built from a plan file (`dbopt explain`) read no server: no host, port or role.
  d.set("from_server", !p.host.empty());
  d.set("application_name", esc.text(p.application_name));
  d.set("capture_duration", esc.text(sdk::sql::format_ms(p.capture_duration_ms)));
  d.set("cancelled", report.cancelled);

  const ExecutiveSummary& s = report.summary;
  mustache::data summary;
  summary.set("issues_found", count(s.issues_found));
  summary.set("critical", count(s.by_severity.critical));
  summary.set("high", count(s.by_severity.high));
  summary.set("medium", count(s.by_severity.medium));
  summary.set("low", count(s.by_severity.low));
  summary.set("info", count(s.by_severity.info));
  summary.set("p1", count(s.by_priority.p1));
  summary.set("p2", count(s.by_priority.p2));
  summary.set("p3", count(s.by_priority.p3));
  summary.set("p_info", count(s.by_priority.info));
  summary.set("estimated_improvement", esc.text(s.estimated_improvement));
  d.set("summary", summary);
  mustache::data facts = make_list();
  for (const sdk::SummaryFact& fact : s.facts) {
    mustache::data fd;
    fd.set("key", esc.text(fact.key));
    fd.set("label", esc.text(fact.label));
    fd.set("value", esc.text(fact.value));
    fd.set("has_detail", !fact.detail.empty());
    fd.set("detail", esc.detail(fact.detail));
    std::string figures;
    for (const sdk::Metric& m : fact.evidence)
      figures += (figures.empty() ? "" : "; ") + m.name + " " + format_evidence(m);
    fd.set("has_evidence", !figures.empty());
    fd.set("evidence", esc.text(figures));
    facts.push_back(fd);
  }
  d.set("summary_facts", facts);
  d.set("has_summary_facts", !s.facts.empty());

  mustache::data metrics = make_list();
  for (const auto& m : report.metrics) {
    mustache::data md;
    md.set("key", esc.text(m.key));
    md.set("label", esc.text(m.label));
    md.set("current", esc.text(format_metric_value(m.current, m.unit)));
    md.set("projected", esc.text(m.projected ? format_value(*m.projected, m.unit) : std::string("—")));
    md.set("target", esc.text(m.target ? format_target(m.target, m.unit) : std::string("—")));
    md.set("note", esc.text(m.note));
    metrics.push_back(md);
  }
  d.set("metrics", metrics);
  d.set("has_metrics", !report.metrics.empty());

  mustache::data sections = make_list();
  for (Priority pr : {Priority::P1, Priority::P2, Priority::P3}) {
    const auto items = items_with_priority(report, pr);
    mustache::data sd;
    sd.set("priority", to_string(pr));
    sd.set("priority_css", priority_css(pr));
    sd.set("heading", priority_heading(pr));
    sd.set("count", count(items.size()));
    sd.set("has_items", !items.empty());
    mustache::data list = make_list();
    for (const ReportItem* item : items) list.push_back(item_view(*item, esc));
    sd.set("items", list);
    sections.push_back(sd);
  }
  d.set("priority_sections", sections);

  const auto info = items_with_priority(report, Priority::Info);
  mustache::data info_list = make_list();
  for (const ReportItem* item : info) info_list.push_back(item_view(*item, esc));
  d.set("info_items", info_list);
  d.set("has_info_items", !info.empty());

  mustache::data exhibits = make_list();
  for (const ReportExhibit& ex : report.exhibits) {
    mustache::data ed;
    ed.set("id", esc.text(ex.exhibit.id));
    ed.set("plugin_id", esc.text(ex.plugin_id));
    ed.set("title", esc.text(ex.exhibit.title));
    ed.set("has_detail", !ex.exhibit.detail.empty());
    ed.set("detail", esc.detail(ex.exhibit.detail));
    ed.set("text", esc.preformatted(ex.exhibit.text));
    std::string ids;
    for (const std::string& id : ex.item_ids) ids += (ids.empty() ? "" : ", ") + id;
    ed.set("has_items", !ex.item_ids.empty());
    ed.set("items", esc.text(ids));
    exhibits.push_back(ed);
  }
  d.set("exhibits", exhibits);
  d.set("has_exhibits", !report.exhibits.empty());
  mustache::data scripts = make_list();
  bool any_script = false;
  for (const auto& cs : report.scripts) {
    if (cs.item_ids.empty()) continue;
    any_script = true;
    std::string ids;
    for (std::size_t i = 0; i < cs.item_ids.size(); ++i) ids += (i ? ", " : "") + cs.item_ids[i];
    mustache::data sd;
    sd.set("category", sdk::to_string(cs.category));
    sd.set("items", ids);
    sd.set("apply", esc.code(cs.apply));
    sd.set("rollback", esc.code(cs.rollback));
    sd.set("requires_restart", cs.requires_restart);
    scripts.push_back(sd);
  }
  d.set("scripts", scripts);
  d.set("has_scripts", any_script);

  mustache::data runs = make_list();
  for (const auto& r : report.runs) {
    mustache::data rd;
    rd.set("plugin_id", esc.text(r.plugin_id));
    rd.set("name", esc.text(r.plugin_name));
    rd.set("version", esc.text(r.version));
    rd.set("phase", sdk::to_string(r.phase));
    rd.set("status", esc.text(r.status));
    rd.set("status_ok", r.status == "ok");
    rd.set("duration", esc.text(sdk::sql::format_ms(r.duration_ms)));
    rd.set("findings", count(r.findings));
    rd.set("error", esc.text(r.error));
    runs.push_back(rd);
  }
  d.set("runs", runs);
  d.set("has_runs", !report.runs.empty());

  mustache::data probes = make_list();
  for (const auto& pr : report.capture_issues) {
    mustache::data pd;
    pd.set("name", esc.text(pr.name));
    pd.set("status", esc.text(pr.status));
    pd.set("error", esc.text(pr.error.value_or(pr.note.value_or(""))));
    pd.set("duration", esc.text(sdk::sql::format_ms(pr.duration_ms)));
    probes.push_back(pd);
  }
  d.set("capture_issues", probes);
  d.set("has_capture_issues", !report.capture_issues.empty());
  return d;
}

std::string render_template_file(const std::filesystem::path& path, const mustache::data& data,
                                 const std::function<std::string(const std::string&)>& escape) {
  std::string text;
  try {
    text = read_file_bytes(path);
  } catch (const IoError& e) {
    throw std::runtime_error(std::string("report template ") + e.what());
  }
  mustache::mustache tmpl(strip_standalone_tags(text));
  if (!tmpl.is_valid())
    throw std::runtime_error(path.string() + ": template error: " + tmpl.error_message());
  tmpl.set_custom_escape(escape);
  std::string out = tmpl.render(data);
  if (!tmpl.is_valid())
    throw std::runtime_error(path.string() + ": template error: " + tmpl.error_message());
  // One pass (erasing in place would move the tail once per marker: quadratic on large reports).
  std::string result;
  result.reserve(out.size());
  std::size_t from = 0;
  for (auto at = out.find(kBlankLineMarker); at != std::string::npos; at = out.find(kBlankLineMarker, from)) {
    result.append(out, from, at - from);
    from = at + kBlankLineMarker.size();
  }
  result.append(out, from, std::string::npos);
  return result;
}

std::filesystem::path default_template_path(const std::string& name) {
  namespace fs = std::filesystem;
  std::vector<fs::path> candidates;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(exe.parent_path() / ".." / DBOPT_TEMPLATE_INSTALL_DIR / name);
  candidates.push_back(fs::path(DBOPT_SOURCE_TEMPLATE_DIR) / name);
  for (const auto& c : candidates)
    if (fs::is_regular_file(c, ec)) return c;
  std::string searched;
  for (const auto& c : candidates) searched += (searched.empty() ? "" : ", ") + c.string();
  throw std::runtime_error("default report template " + name + " not found (searched " + searched + ")");
}

}  // namespace dbopt::engine

// JSON export (export/json_export.hpp): the seed 000_… DELIVER shape, every finding present.
#include <gtest/gtest.h>

#include <set>

#include "export/json_export.hpp"
#include "report/report.hpp"
#include "report_fixture.hpp"

namespace dbopt::engine {
namespace {

using namespace dbopt::engine::testing;
using nlohmann::json;

Report hostile_report() {
  static const sdk::Catalog cat(sample_snapshot());
  return build_report(cat, hostile_run());
}

TEST(ExportJson, TopLevelShapeMatchesSeedDeliver) {
  const Report r = hostile_report();
  const json j = report_to_json(r);
  EXPECT_EQ(j.at("phase"), "DELIVER");
  EXPECT_EQ(j.at("agent"), "dbopt");
  EXPECT_EQ(j.at("timestamp"), r.generated_at);
  const json& rep = j.at("report");
  for (const char* key : {"executive_summary", "metrics", "priority_actions", "implementation_scripts", "rollback_scripts"})
    EXPECT_TRUE(rep.contains(key)) << key;
  const json& s = rep.at("executive_summary");
  for (const char* key : {"issues_found", "critical", "high", "medium", "low", "info", "p1", "p2", "p3",
                          "estimated_improvement"})
    EXPECT_TRUE(s.contains(key)) << key;
  EXPECT_EQ(s.at("issues_found"), r.summary.issues_found);
  EXPECT_EQ(s.at("critical"), r.summary.by_severity.critical);
  EXPECT_EQ(s.at("high"), r.summary.by_severity.high);
  EXPECT_EQ(s.at("p1"), r.summary.by_priority.p1);
  EXPECT_EQ(s.at("estimated_improvement"), r.summary.estimated_improvement);
  EXPECT_TRUE(rep.at("metrics").at("current").is_object());
  EXPECT_TRUE(rep.at("metrics").at("projected").is_object());
  for (const char* key : {"p1_critical", "p2_high", "p3_medium"})
    EXPECT_TRUE(rep.at("priority_actions").at(key).is_array()) << key;
  for (const char* key : {"indexes", "vacuum", "config", "schema", "application"}) {
    EXPECT_TRUE(rep.at("implementation_scripts").at(key).is_string()) << key;
    EXPECT_TRUE(rep.at("rollback_scripts").at(key).is_string()) << key;
  }
  EXPECT_TRUE(j.at("run_log").is_array());
  EXPECT_TRUE(j.at("provenance").is_object());
}

TEST(ExportJson, MetricsCurrentAndProjectedOnlyWhenKnown) {
  const Report r = hostile_report();
  const json m = report_to_json(r).at("report").at("metrics");
  for (const auto& metric : r.metrics) {
    ASSERT_TRUE(m.at("current").contains(metric.key)) << metric.key;
    if (metric.current)
      EXPECT_DOUBLE_EQ(m.at("current").at(metric.key).get<double>(), *metric.current);
    else
      EXPECT_TRUE(m.at("current").at(metric.key).is_null());
    EXPECT_EQ(m.at("projected").contains(metric.key), metric.projected.has_value()) << metric.key;
  }
}

TEST(ExportJson, EveryFindingPresentInFullAndActionsPartitionThePriorities) {
  const Report r = hostile_report();
  const json j = report_to_json(r);
  const json& findings = j.at("findings");
  ASSERT_EQ(findings.size(), r.items.size());
  for (std::size_t i = 0; i < r.items.size(); ++i) {
    const ReportItem& item = r.items[i];
    const json& f = findings[i];
    EXPECT_EQ(f.at("id"), item.id);
    EXPECT_EQ(f.at("priority"), to_string(item.priority));
    EXPECT_EQ(f.at("check_id"), item.finding.check_id);
    EXPECT_EQ(f.at("title"), item.finding.title);  // raw text, JSON-escaped by the library
    EXPECT_EQ(f.at("detail"), item.finding.detail);
    EXPECT_EQ(f.at("object").at("name"), item.finding.object.name);
    EXPECT_EQ(f.at("evidence").size(), item.finding.evidence.size());
    EXPECT_EQ(f.at("sources").size(), item.sources.size());
    EXPECT_EQ(f.at("impact").at("affected_queryids").size(), item.finding.impact.affected_queryids.size());
    if (item.finding.script) {
      EXPECT_EQ(f.at("script").at("apply"), item.finding.script->apply);
      EXPECT_EQ(f.at("script").at("rollback"), item.finding.script->rollback);
      EXPECT_EQ(f.at("script").at("requires_restart"), item.finding.script->requires_restart);
    } else {
      EXPECT_TRUE(f.at("script").is_null());
    }
  }
  const json& actions = j.at("report").at("priority_actions");
  std::set<std::string> ids;
  for (const auto& [key, pr] : {std::pair{"p1_critical", Priority::P1}, std::pair{"p2_high", Priority::P2},
                                std::pair{"p3_medium", Priority::P3}}) {
    const auto expected = items_with_priority(r, pr);
    ASSERT_EQ(actions.at(key).size(), expected.size()) << key;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      const json& a = actions.at(key)[i];
      EXPECT_EQ(a.at("id"), expected[i]->id);
      ids.insert(a.at("id").get<std::string>());
      for (const char* field : {"type", "action", "impact", "check_id", "object", "title"})
        EXPECT_TRUE(a.contains(field)) << field;
      if (expected[i]->finding.script) {
        EXPECT_EQ(a.at("action"), expected[i]->finding.script->apply);
        EXPECT_EQ(a.at("type"), sdk::to_string(expected[i]->finding.script->category));
      }
    }
  }
  EXPECT_EQ(ids.size(), r.items.size() - items_with_priority(r, Priority::Info).size());
}

TEST(ExportJson, ScriptsRunLogAndProvenance) {
  const Report r = hostile_report();
  const json j = report_to_json(r);
  for (const auto& cs : r.scripts) {
    EXPECT_EQ(j.at("report").at("implementation_scripts").at(sdk::to_string(cs.category)), cs.apply);
    EXPECT_EQ(j.at("report").at("rollback_scripts").at(sdk::to_string(cs.category)), cs.rollback);
  }
  ASSERT_EQ(j.at("run_log").size(), r.runs.size());
  EXPECT_EQ(j.at("run_log")[1].at("error"), r.runs[1].error);
  EXPECT_EQ(j.at("provenance").at("captured_at"), r.provenance.captured_at);
  EXPECT_EQ(j.at("provenance").at("database"), "shop");
  ASSERT_EQ(j.at("capture_issues").size(), 1u);
  EXPECT_EQ(j.at("capture_issues")[0].at("name"), "pgstattuple");
  // round trip through text keeps hostile strings byte for byte
  const json back = json::parse(j.dump());
  EXPECT_EQ(back, j);
}

TEST(ExportJson, SummaryFactsAndExhibits) {
  const sdk::Catalog cat(sample_snapshot());
  RunResult run = hostile_run();
  PluginRun pr;
  pr.plugin_id = "query-profiler";
  pr.summary = {sdk::SummaryFact{"query-profiler/workload-class", "Workload class", "OLTP", "why",
                                 {sdk::Metric{"write_share", 0.25, "ratio", std::nullopt}}}};
  pr.exhibits = {sdk::Exhibit{"query-profiler/top", "Top statements", "d", "text"}};
  run.runs.push_back(pr);
  const json j = report_to_json(build_report(cat, run));
  const json& facts = j.at("report").at("executive_summary").at("facts");
  ASSERT_EQ(facts.size(), 1u);
  EXPECT_EQ(facts[0].at("key"), "query-profiler/workload-class");
  EXPECT_EQ(facts[0].at("value"), "OLTP");
  EXPECT_EQ(facts[0].at("evidence")[0].at("value"), 0.25);
  ASSERT_EQ(j.at("exhibits").size(), 1u);
  EXPECT_EQ(j.at("exhibits")[0].at("text"), "text");
  EXPECT_EQ(j.at("exhibits")[0].at("plugin_id"), "query-profiler");
  for (const auto& f : j.at("findings")) EXPECT_TRUE(f.contains("exhibit"));
}

}  // namespace
}  // namespace dbopt::engine

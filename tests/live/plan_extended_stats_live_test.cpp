// Live, DB-OPT-07's acceptance criterion: "Planner estimates match actual row counts within
// 10%". Tables whose conditions the planner misestimates (two correlated columns; a JSONB
// ->> expression with a skewed value) are captured with `dbopt capture --explain --analyze`;
// `dbopt analyze` recommends CREATE STATISTICS; the recommended script is applied as written;
// a new EXPLAIN ANALYZE must estimate the scan within 10 % of its actual rows. The rollback
// script is applied too and must bring the misestimate back.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "plan/plan_parse.hpp"
#include "support/live_db.hpp"

using dbopt::test::run_command;
using dbopt::test::ScratchDatabase;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Estimated and actual rows (× loops) of the scan of `relation` in the EXPLAIN ANALYZE of `query`.
std::pair<double, double> scan_rows(const ScratchDatabase& db, const std::string& query, const std::string& relation) {
  auto rows = db.exec("EXPLAIN (ANALYZE, FORMAT JSON) " + query);
  std::string text;
  for (const auto& r : rows) text += r.at(0).value_or("") + "\n";
  auto plan = dbopt::engine::parse_plan(text);
  std::pair<double, double> out{-1, -1};
  dbopt::sdk::for_each_node(plan.root, [&](const dbopt::sdk::PlanNode& n, int) {
    if (n.relation_name == relation && out.first < 0) {
      const double loops = n.actual_loops.value_or(1);
      out = {n.plan_rows.value_or(0) * loops, n.actual_rows.value_or(0) * loops};
    }
  });
  return out;
}

void collect_scripts(const json& j, const std::string& check, std::vector<json>& out) {
  if (j.is_object()) {
    if (j.value("check_id", "") == check && j.contains("script") && j["script"].is_object()) out.push_back(j);
    for (const auto& [k, v] : j.items()) collect_scripts(v, check, out);
  } else if (j.is_array()) {
    for (const auto& v : j) collect_scripts(v, check, out);
  }
}

TEST(PlanExtendedStatsLive, RecommendedStatisticsBringEstimatesWithinTenPercent) {
  ScratchDatabase db("planstats");
  db.exec(
      "CREATE TABLE corr (a int NOT NULL, b int NOT NULL);"
      "INSERT INTO corr SELECT i % 100, i % 100 FROM generate_series(1, 100000) i;"
      // ANALYZE samples 300 × statistics target rows. At the default target (30,000 of 100,000
      // rows) a 1 % value's frequency varies by ±5.7 % (one standard deviation) from run to run,
      // so a 10 % bound failed about one run in twelve. With target 1000 the sample is the whole
      // table and the statistics are exact: the test measures the statistics object, not the
      // sampling.
      "ALTER TABLE corr ALTER COLUMN a SET STATISTICS 1000, ALTER COLUMN b SET STATISTICS 1000;"
      "CREATE TABLE \"Service Events\" (id bigint PRIMARY KEY, payload jsonb NOT NULL);"
      "INSERT INTO \"Service Events\" SELECT i, jsonb_build_object('serviceId',"
      "  CASE WHEN i % 2 = 0 THEN 'hot' ELSE 's' || (i % 1000) END) FROM generate_series(1, 100000) i;"
      "ANALYZE corr; ANALYZE \"Service Events\";");
  const std::string q_corr = "SELECT * FROM corr WHERE a = 1 AND b = 1";
  const std::string q_json = "SELECT id FROM \"Service Events\" WHERE payload ->> 'serviceId' = 'hot'";

  // The misestimates exist before the fix.
  auto [est_c, act_c] = scan_rows(db, q_corr, "corr");
  auto [est_j, act_j] = scan_rows(db, q_json, "Service Events");
  ASSERT_EQ(act_c, 1000);
  ASSERT_EQ(act_j, 50000);
  ASSERT_GE(act_c / est_c, 10) << est_c;
  ASSERT_GE(act_j / est_j, 10) << est_j;

  fs::path dir = dbopt::test::temp_dir("planstats");
  {
    std::ofstream f(dir / "q.sql");
    f << q_corr << ";\n" << q_json << ";\n";
  }
  auto cap = run_command({dbopt::test::cli_path(), "-q", "capture", db.conninfo(), "-o", (dir / "s.json").string(),
                          "--explain", (dir / "q.sql").string(), "--analyze"});
  ASSERT_EQ(cap.exit_code, 0) << cap.err;
  auto an = run_command({dbopt::test::cli_path(), "-q", "analyze", (dir / "s.json").string(), "--only", "plan-decoder",
                         "-o", (dir / "r.json").string()});
  ASSERT_EQ(an.exit_code, 0) << an.err;
  std::vector<json> items;
  collect_scripts(json::parse(dbopt::test::read_file(dir / "r.json")), "plan-decoder/extended-statistics", items);
  ASSERT_EQ(items.size(), 2u);

  for (const auto& item : items) {
    const std::string apply = item["script"]["apply"];
    SCOPED_TRACE(apply);
    db.exec(apply);
  }
  auto [est_c2, act_c2] = scan_rows(db, q_corr, "corr");
  auto [est_j2, act_j2] = scan_rows(db, q_json, "Service Events");
  EXPECT_LE(std::fabs(est_c2 - act_c2), 0.10 * act_c2) << "corr: estimated " << est_c2 << ", actual " << act_c2;
  EXPECT_LE(std::fabs(est_j2 - act_j2), 0.10 * act_j2) << "jsonb: estimated " << est_j2 << ", actual " << act_j2;

  for (const auto& item : items) db.exec(item["script"]["rollback"].get<std::string>());
  db.exec("ANALYZE corr; ANALYZE \"Service Events\";");
  EXPECT_EQ(db.scalar("SELECT count(*) FROM pg_statistic_ext"), "0");
  auto [est_c3, act_c3] = scan_rows(db, q_corr, "corr");
  EXPECT_GE(act_c3 / est_c3, 10) << "the rollback restores the planner's old view";
  fs::remove_all(dir);
}

}  // namespace

// Live: `dbopt capture --explain FILE [--analyze]` on PostgreSQL 15 — every statement EXPLAINed
// (FORMAT JSON, BUFFERS, SETTINGS, ANALYZE only when asked) into the snapshot, a failing one
// recorded while the capture goes on, and EXPLAIN ANALYZE of a write statement refused by the
// READ ONLY transaction: nothing is written. Then the snapshot analyzed offline shows the plans.
#include <gtest/gtest.h>

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

void write(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

class PlanCaptureExplainLive : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<ScratchDatabase>("planexp");
    db_->exec(
        "CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL, payload jsonb NOT NULL);"
        "INSERT INTO events SELECT g, CASE WHEN g % 100 = 0 THEN 'rare' ELSE 'common' END,"
        "  jsonb_build_object('serviceId', 's' || (g % 40)) FROM generate_series(1, 50000) g;"
        "ANALYZE events;");
    dir_ = dbopt::test::temp_dir("plan-capture");
    write(dir_ / "queries.sql",
          "-- the statements to explain\n"
          "SELECT count(*) FROM events WHERE kind = 'rare';\n"
          "INSERT INTO events SELECT g + 100000, 'new', '{}' FROM generate_series(1, 10) g;\n"
          "UPDATE events SET kind = 'x' WHERE id < 100;\n"
          "SELECT * FROM no_such_table;\n"
          "SELECT id, payload ->> 'serviceId' FROM events WHERE id < 10 ORDER BY 2;\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  json capture(bool analyze) {
    std::vector<std::string> argv = {dbopt::test::cli_path(), "-q", "capture", db_->conninfo(), "-o",
                                     (dir_ / "snap.json").string(), "--explain", (dir_ / "queries.sql").string()};
    if (analyze) argv.push_back("--analyze");
    auto r = run_command(argv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(dbopt::test::read_file(dir_ / "snap.json"));
  }

  std::unique_ptr<ScratchDatabase> db_;
  fs::path dir_;
};

TEST_F(PlanCaptureExplainLive, AnalyzeRecordsPlansAndErrorsAndWritesNothing) {
  const std::string before = db_->scalar("SELECT count(*) || '/' || count(*) FILTER (WHERE kind = 'x') FROM events");
  json snap = capture(true);
  ASSERT_TRUE(snap["explained"].is_array());
  const json& e = snap["explained"];
  ASSERT_EQ(e.size(), 5u);
  EXPECT_EQ(e[0]["options"], "ANALYZE, BUFFERS, SETTINGS, FORMAT JSON");
  // The statement as split by PostgreSQL's parser, without the comment above it.
  EXPECT_EQ(e[0]["query"], "SELECT count(*) FROM events WHERE kind = 'rare'");
  EXPECT_EQ(e[1]["query"], "INSERT INTO events SELECT g + 100000, 'new', '{}' FROM generate_series(1, 10) g");

  // 1: a plan with actual figures, parsed by the plan decoder.
  ASSERT_TRUE(e[0]["plan_json"].is_string()) << e[0].dump();
  EXPECT_TRUE(e[0]["error"].is_null());
  auto plan = dbopt::engine::parse_plan(e[0]["plan_json"].get<std::string>());
  EXPECT_EQ(plan.root.node_type, "Aggregate");
  EXPECT_EQ(plan.root.actual_rows, 1);
  ASSERT_TRUE(plan.execution_time.has_value());
  bool scan_found = false;
  dbopt::sdk::for_each_node(plan.root, [&](const dbopt::sdk::PlanNode& n, int) {
    if (n.relation_name == "events") {
      scan_found = true;
      EXPECT_EQ(n.actual_rows.value_or(0) * n.actual_loops.value_or(0), 500);
      EXPECT_TRUE(n.buffers.shared_hit_blocks.has_value());  // BUFFERS
    }
  });
  EXPECT_TRUE(scan_found);

  // 2, 3: EXPLAIN ANALYZE of writes is refused by the READ ONLY transaction (SQLSTATE 25006).
  for (int i : {1, 2}) {
    EXPECT_TRUE(e[i]["plan_json"].is_null()) << e[i].dump();
    ASSERT_TRUE(e[i]["error"].is_string());
    EXPECT_NE(e[i]["error"].get<std::string>().find("read-only transaction"), std::string::npos) << e[i]["error"];
  }
  // 4: a statement that fails is recorded; the capture went on to 5.
  EXPECT_NE(e[3]["error"].get<std::string>().find("no_such_table"), std::string::npos);
  ASSERT_TRUE(e[4]["plan_json"].is_string()) << e[4].dump();
  // Unqualified names resolved with the role's search_path (the capture itself runs with pg_catalog).
  EXPECT_NE(e[4]["plan_json"].get<std::string>().find("\"Sort\""), std::string::npos);

  // Nothing was written.
  EXPECT_EQ(db_->scalar("SELECT count(*) || '/' || count(*) FILTER (WHERE kind = 'x') FROM events"), before);
  EXPECT_EQ(before, "50000/0");

  // Each EXPLAIN is a capture step of its own in the provenance.
  int steps = 0;
  for (const auto& p : snap["provenance"]["probes"])
    if (p["name"].get<std::string>().rfind("explain/", 0) == 0) ++steps;
  EXPECT_EQ(steps, 5);
}

TEST_F(PlanCaptureExplainLive, WithoutAnalyzeNothingIsExecutedAndTheReportShowsThePlans) {
  json snap = capture(false);
  const json& e = snap["explained"];
  ASSERT_EQ(e.size(), 5u);
  EXPECT_EQ(e[0]["options"], "BUFFERS, SETTINGS, FORMAT JSON");
  auto plan = dbopt::engine::parse_plan(e[0]["plan_json"].get<std::string>());
  EXPECT_FALSE(plan.root.actual_rows.has_value());  // estimates only
  // Plain EXPLAIN of a write is planned, not executed: allowed even in a read-only transaction.
  EXPECT_TRUE(e[1]["plan_json"].is_string()) << e[1].dump();
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM events"), "50000");

  auto r = run_command({dbopt::test::cli_path(), "-q", "analyze", (dir_ / "snap.json").string(), "-o",
                        (dir_ / "report.md").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string md = dbopt::test::read_file(dir_ / "report.md");
  EXPECT_NE(md.find("Decoded plan 1"), std::string::npos);
  EXPECT_NE(md.find("does not exist"), std::string::npos);  // the failed statement's exhibit shows its error
}

TEST_F(PlanCaptureExplainLive, AnalyzeWithoutExplainIsAUsageError) {
  auto r = run_command({dbopt::test::cli_path(), "-q", "capture", db_->conninfo(), "-o", (dir_ / "s.json").string(),
                        "--analyze"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--analyze needs --explain"), std::string::npos) << r.err;
}

}  // namespace

// The forms a plan arrives in: psql's 29 border/format styles of one plan (text and JSON),
// DBeaver, the PEV2 samples, the lossy bitmap heap scan of cte-exclusive-time/05, and the
// errors for input that is not a plan (each naming the line).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "plan/plan_error.hpp"
#include "plan/plan_parse.hpp"

namespace {

namespace fs = std::filesystem;
using dbopt::engine::parse_plan;
using dbopt::engine::PlanParseError;
using dbopt::sdk::Plan;
using dbopt::sdk::PlanNode;

fs::path pev2_dir() { return fs::path(DBOPT_SOURCE_DIR) / "tests" / "data" / "plans" / "pev2"; }

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int count_nodes(const PlanNode& n) {
  int c = 1;
  for (const auto& ch : n.children) c += count_nodes(ch);
  return c;
}

// Every style shows the same query: Nested Loop over two filtered Seq Scans (users u, part_0 p).
void expect_depesz_plan(const Plan& plan) {
  const PlanNode& root = plan.root;
  EXPECT_EQ(root.node_type, "Nested Loop");
  EXPECT_EQ(root.join_type, "Inner");
  EXPECT_EQ(root.plan_rows, 15);
  EXPECT_EQ(root.actual_rows, 15);
  EXPECT_EQ(root.actual_loops, 1);
  ASSERT_EQ(root.children.size(), 2u);
  const PlanNode& u = root.children[0];
  EXPECT_EQ(u.node_type, "Seq Scan");
  EXPECT_EQ(u.relation_name, "users");
  EXPECT_EQ(u.alias, "u");
  EXPECT_EQ(u.filter, "(username = 'depesz'::text)");
  EXPECT_EQ(u.rows_removed_by_filter, 1231);
  const PlanNode& p = root.children[1];
  EXPECT_EQ(p.relation_name, "part_0");
  EXPECT_EQ(p.rows_removed_by_filter, 13205);
  EXPECT_EQ(p.plan_rows, 15);
  EXPECT_TRUE(plan.planning_time.has_value());
  EXPECT_TRUE(plan.execution_time.has_value());
}

TEST(PlanPasteForms, EveryPsqlBorderAndFormatStyleGivesTheSameTree) {
  int files = 0;
  for (const auto& e : fs::directory_iterator(pev2_dir() / "11-psql-frames")) {
    std::string name = e.path().filename().string();
    if (name.find("dbeaver") != std::string::npos) continue;
    SCOPED_TRACE(name);
    Plan plan;
    ASSERT_NO_THROW(plan = parse_plan(read_file(e.path())));
    expect_depesz_plan(plan);
    ++files;
  }
  EXPECT_EQ(files, 28);
}

TEST(PlanPasteForms, DbeaverDeleteWithBuffersAndWal) {
  Plan plan = parse_plan(read_file(pev2_dir() / "11-psql-frames" / "text-3-dbeaver.plan"));
  EXPECT_EQ(plan.root.node_type, "ModifyTable");
  EXPECT_EQ(plan.root.operation, "Delete");
  EXPECT_EQ(plan.root.schema, "public");
  EXPECT_EQ(plan.root.relation_name, "toto123456789");
  EXPECT_EQ(plan.root.buffers.shared_hit_blocks, 5000000);
  EXPECT_EQ(plan.root.buffers.shared_written_blocks, 7338);
  EXPECT_EQ(plan.root.wal.wal_records, 5000000);
  EXPECT_EQ(plan.root.wal.wal_fpi, 7015);
  EXPECT_EQ(plan.root.wal.wal_bytes, 327276611);
  EXPECT_EQ(plan.planning_buffers.shared_hit_blocks, 4);
  ASSERT_EQ(plan.root.children.size(), 1u);
  EXPECT_EQ(plan.root.children[0].output, std::vector<std::string>{"ctid"});
}

TEST(PlanPasteForms, LossyBitmapHeapScanOfCte05) {
  Plan plan = parse_plan(read_file(pev2_dir() / "cte-exclusive-time" / "05.plan"));
  const PlanNode* bhs = nullptr;
  dbopt::sdk::for_each_node(plan.root, [&](const PlanNode& n, int) {
    if (n.node_type == "Bitmap Heap Scan" && n.lossy_heap_blocks) bhs = &n;
  });
  ASSERT_NE(bhs, nullptr);
  EXPECT_EQ(bhs->exact_heap_blocks, 38322);
  EXPECT_EQ(bhs->lossy_heap_blocks, 79844);
  EXPECT_GT(*bhs->rows_removed_by_index_recheck, 14'000'000);
}

TEST(PlanPasteForms, EverySampleAndCtePlanParses) {
  int files = 0;
  for (const char* dir : {"samples", "cte-exclusive-time"}) {
    for (const auto& e : fs::directory_iterator(pev2_dir() / dir)) {
      SCOPED_TRACE(e.path().string());
      Plan plan;
      ASSERT_NO_THROW(plan = parse_plan(read_file(e.path())));
      EXPECT_GT(count_nodes(plan.root), 1);
      EXPECT_TRUE(plan.root.total_cost || plan.root.actual_total_time);  // COSTS OFF samples have no cost
      ++files;
    }
  }
  EXPECT_GE(files, 13);
}

TEST(PlanPasteForms, TextSubplansAreNamedAndOwnedByTheirNode) {
  Plan plan = parse_plan(
      " Seq Scan on t  (cost=1.01..2.02 rows=1 width=4) (actual time=0.1..0.2 rows=1 loops=1)\n"
      "   Filter: (a = $0)\n"
      "   InitPlan 1 (returns $0)\n"
      "     ->  Result  (cost=0.00..0.01 rows=1 width=4) (actual time=0.001..0.001 rows=1 loops=1)\n"
      "   SubPlan 2\n"
      "     ->  Index Scan Backward using \"My Idx\" on s.\"odd \"\"name\"\"\" x  (cost=0.1..1 rows=1 width=4) (never executed)\n"
      " Planning Time: 0.1 ms\n"
      " Trigger for constraint fk_a on t: time=1.5 calls=3\n"
      " Execution Time: 0.3 ms\n");
  ASSERT_EQ(plan.root.children.size(), 2u);
  EXPECT_EQ(plan.root.children[0].subplan_name, "InitPlan 1 (returns $0)");
  EXPECT_EQ(plan.root.children[0].parent_relationship, "InitPlan");
  const PlanNode& s = plan.root.children[1];
  EXPECT_EQ(s.parent_relationship, "SubPlan");
  EXPECT_EQ(s.node_type, "Index Scan");
  EXPECT_EQ(s.scan_direction, "Backward");
  EXPECT_EQ(s.index_name, "My Idx");
  EXPECT_EQ(s.schema, "s");
  EXPECT_EQ(s.relation_name, "odd \"name\"");
  EXPECT_EQ(s.alias, "x");
  EXPECT_EQ(s.actual_loops, 0);
  ASSERT_EQ(plan.triggers.size(), 1u);
  EXPECT_EQ(plan.triggers[0].constraint_name, "fk_a");
  EXPECT_EQ(plan.triggers[0].relation, "t");
  EXPECT_EQ(plan.triggers[0].time, 1.5);
  EXPECT_EQ(plan.triggers[0].calls, 3);
}

TEST(PlanPasteForms, AutoExplainJsonIsRead) {
  Plan plan = parse_plan(R"({"Query Text": "select 1", "Plan": {"Node Type": "Result", "Startup Cost": 0.0,
      "Total Cost": 0.01, "Plan Rows": 1, "Plan Width": 4, "Actual Rows": 1, "Actual Loops": 1}})");
  EXPECT_EQ(plan.query_text, "select 1");
  EXPECT_EQ(plan.root.node_type, "Result");
  EXPECT_EQ(plan.root.actual_rows, 1);
}

void expect_error_on_line(const std::string& input, int line, const std::string& fragment) {
  try {
    parse_plan(input);
    FAIL() << "no error for: " << input;
  } catch (const PlanParseError& e) {
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).rfind("line " + std::to_string(line) + ": ", 0), 0u) << e.what();
  }
}

TEST(PlanPasteForms, ErrorsNameTheLine) {
  expect_error_on_line("\n\nhello world\n", 3, "not an EXPLAIN plan node");
  expect_error_on_line("Seq Scan on t  (cost=x..1.00 rows=1 width=4)\n", 1, "cost=");
  expect_error_on_line("  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\nFilter: (a = 1)\n", 2,
                       "outside the plan tree");
  expect_error_on_line("[\n  {\n    \"Plan\": {\n      \"Node Type\": \"Result\",,\n    }\n  }\n]\n", 4, "invalid JSON");
  EXPECT_THROW(parse_plan("   \n \n"), PlanParseError);
  EXPECT_THROW(parse_plan("[{\"Query\": 1}]"), PlanParseError);
}

}  // namespace

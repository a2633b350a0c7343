// Live: the same statements EXPLAINed by PostgreSQL 15 in FORMAT JSON and FORMAT TEXT — the text
// as psql prints it (header, footer, and with \pset border 2 / linestyle unicode frames; the
// JSON with psql's '+' marks) — parse to the same tree. Times and buffer counts differ between
// two executions, so the comparison covers everything deterministic: shape, node types and
// their text-folded properties, targets, costs, estimated and actual rows, loops, conditions,
// keys, sort methods, hash buckets/batches, presence of buffer figures, settings.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plan/plan_parse.hpp"
#include "support/live_db.hpp"

using dbopt::engine::parse_plan;
using dbopt::sdk::Plan;
using dbopt::sdk::PlanNode;
using dbopt::test::run_command;
using dbopt::test::ScratchDatabase;

namespace {

void expect_same_node(const PlanNode& j, const PlanNode& t, const std::string& where) {
  SCOPED_TRACE(where + " " + j.node_type);
  EXPECT_EQ(t.node_type, j.node_type);
  EXPECT_EQ(t.join_type, j.join_type);
  EXPECT_EQ(t.strategy, j.strategy);
  EXPECT_EQ(t.partial_mode, j.partial_mode);
  EXPECT_EQ(t.operation, j.operation);
  EXPECT_EQ(t.scan_direction, j.scan_direction);
  EXPECT_EQ(t.parallel_aware, j.parallel_aware);
  EXPECT_EQ(t.relation_name, j.relation_name);
  EXPECT_EQ(t.schema, j.schema);
  EXPECT_EQ(t.alias, j.alias);
  EXPECT_EQ(t.index_name, j.index_name);
  EXPECT_EQ(t.cte_name, j.cte_name);
  EXPECT_EQ(t.function_name, j.function_name);
  EXPECT_EQ(t.subplan_name, j.subplan_name);
  EXPECT_EQ(t.startup_cost, j.startup_cost);
  EXPECT_EQ(t.total_cost, j.total_cost);
  EXPECT_EQ(t.plan_rows, j.plan_rows);
  EXPECT_EQ(t.plan_width, j.plan_width);
  EXPECT_EQ(t.actual_rows, j.actual_rows);
  EXPECT_EQ(t.actual_loops, j.actual_loops);
  EXPECT_EQ(t.actual_total_time.has_value(), j.actual_total_time.has_value());
  EXPECT_EQ(t.filter, j.filter);
  EXPECT_EQ(t.join_filter, j.join_filter);
  EXPECT_EQ(t.index_cond, j.index_cond);
  EXPECT_EQ(t.recheck_cond, j.recheck_cond);
  EXPECT_EQ(t.hash_cond, j.hash_cond);
  EXPECT_EQ(t.merge_cond, j.merge_cond);
  EXPECT_EQ(t.one_time_filter, j.one_time_filter);
  EXPECT_EQ(t.rows_removed_by_filter, j.rows_removed_by_filter);
  EXPECT_EQ(t.rows_removed_by_join_filter, j.rows_removed_by_join_filter);
  EXPECT_EQ(t.output, j.output);
  EXPECT_EQ(t.sort_key, j.sort_key);
  EXPECT_EQ(t.group_key, j.group_key);
  EXPECT_EQ(t.sort_method, j.sort_method);
  EXPECT_EQ(t.sort_space_type, j.sort_space_type);
  EXPECT_EQ(t.hash_buckets, j.hash_buckets);
  EXPECT_EQ(t.original_hash_buckets, j.original_hash_buckets);
  EXPECT_EQ(t.hash_batches, j.hash_batches);
  EXPECT_EQ(t.original_hash_batches, j.original_hash_batches);
  EXPECT_EQ(t.heap_fetches, j.heap_fetches);
  EXPECT_EQ(t.workers_planned, j.workers_planned);
  EXPECT_EQ(t.buffers.shared_hit_blocks.has_value(), j.buffers.shared_hit_blocks.has_value());
  EXPECT_EQ(t.buffers.temp_written_blocks.has_value(), j.buffers.temp_written_blocks.has_value());
  ASSERT_EQ(t.children.size(), j.children.size());
  for (std::size_t i = 0; i < j.children.size(); ++i)
    expect_same_node(j.children[i], t.children[i], where + ".Plans[" + std::to_string(i) + "]");
}

class PlanTextJsonLive : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new ScratchDatabase("plan");
    db_->exec(
        "CREATE TABLE customers (id int PRIMARY KEY, region text NOT NULL);"
        "CREATE TABLE \"Order Items\" (id bigint PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL,"
        "  amount numeric NOT NULL, data jsonb NOT NULL);"
        "INSERT INTO customers SELECT g, 'r' || (g % 7) FROM generate_series(1, 2000) g;"
        "INSERT INTO \"Order Items\" SELECT g, 1 + g % 2000, CASE WHEN g % 10 = 0 THEN 'paid' ELSE 'open' END,"
        "  g % 500, jsonb_build_object('serviceId', 's' || (g % 50)) FROM generate_series(1, 60000) g;"
        "CREATE INDEX oi_customer ON \"Order Items\" (customer_id);");
    // VACUUM cannot run in the implicit transaction of a multi-statement string.
    db_->exec("VACUUM ANALYZE customers");
    db_->exec("VACUUM ANALYZE \"Order Items\"");
  }
  static void TearDownTestSuite() {
    delete db_;
    db_ = nullptr;
  }

  // psql's own output of `sql`, with extra \pset options.
  static std::string psql(const std::string& sql, const std::vector<std::string>& pset = {}) {
    std::vector<std::string> argv = {"psql", "-X", "-v", "ON_ERROR_STOP=1", "-d", db_->conninfo()};
    for (const auto& p : pset) {
      argv.push_back("-P");
      argv.push_back(p);
    }
    // Settings that keep both runs on the same plan; work_mem small enough to spill the sort.
    argv.push_back("-c");
    argv.push_back("SET max_parallel_workers_per_gather = 0");
    argv.push_back("-c");
    argv.push_back("SET work_mem = '1MB'");
    argv.push_back("-c");
    argv.push_back(sql);
    auto r = run_command(argv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    // psql prints "SET" for each SET command first.
    std::string out = r.out;
    while (out.rfind("SET\n", 0) == 0) out.erase(0, 4);
    return out;
  }

  static void expect_same_plan(const std::string& query, const std::string& options,
                               const std::vector<std::string>& text_pset = {}) {
    SCOPED_TRACE(query);
    const std::string json_out = psql("EXPLAIN (" + options + ", FORMAT JSON) " + query);
    const std::string text_out = psql("EXPLAIN (" + options + ") " + query, text_pset);
    ASSERT_NE(json_out.find("+\n"), std::string::npos) << "psql marks JSON line breaks with '+'";
    ASSERT_NE(text_out.find("QUERY PLAN"), std::string::npos);
    Plan j, t;
    ASSERT_NO_THROW(j = parse_plan(json_out)) << json_out;
    ASSERT_NO_THROW(t = parse_plan(text_out)) << text_out;
    expect_same_node(j.root, t.root, "Plan");
    EXPECT_EQ(t.settings, j.settings);
    EXPECT_EQ(t.planning_time.has_value(), j.planning_time.has_value());
    EXPECT_EQ(t.execution_time.has_value(), j.execution_time.has_value());
    EXPECT_EQ(t.triggers.size(), j.triggers.size());
  }

  static ScratchDatabase* db_;
};

ScratchDatabase* PlanTextJsonLive::db_ = nullptr;

const char* kJoinSortQuery =
    "SELECT c.region, o.status, sum(o.amount) FROM \"Order Items\" o JOIN customers c ON c.id = o.customer_id "
    "WHERE o.amount > 10 GROUP BY c.region, o.status ORDER BY 3 DESC";

TEST_F(PlanTextJsonLive, HashJoinAggregateSort) {
  expect_same_plan(kJoinSortQuery, "ANALYZE, BUFFERS, SETTINGS");
}

TEST_F(PlanTextJsonLive, FramedUnicodeOutputOfPsql) {
  expect_same_plan(kJoinSortQuery, "ANALYZE, BUFFERS", {"border=2", "linestyle=unicode"});
}

TEST_F(PlanTextJsonLive, ExternalSortSubplansAndVerbose) {
  expect_same_plan(
      "SELECT o.*, (SELECT region FROM customers c WHERE c.id = o.customer_id) FROM \"Order Items\" o "
      "WHERE o.id IN (SELECT max(id) FROM \"Order Items\" GROUP BY customer_id) ORDER BY o.data ->> 'serviceId', o.id",
      "ANALYZE, BUFFERS, VERBOSE");
}

TEST_F(PlanTextJsonLive, IndexScansBitmapsCteAndNeverExecuted) {
  expect_same_plan(
      "WITH paid AS MATERIALIZED (SELECT * FROM \"Order Items\" WHERE status = 'paid') "
      "SELECT * FROM paid p JOIN customers c ON c.id = p.customer_id WHERE p.customer_id < 20 "
      "UNION ALL SELECT o.*, c.* FROM \"Order Items\" o JOIN customers c ON c.id = o.customer_id "
      "WHERE o.customer_id = 7 AND false",
      "ANALYZE, BUFFERS");
  expect_same_plan("SELECT count(*) FROM \"Order Items\" WHERE customer_id BETWEEN 100 AND 300", "ANALYZE, BUFFERS");
}

TEST_F(PlanTextJsonLive, WithoutAnalyzeOnlyEstimates) {
  expect_same_plan(kJoinSortQuery, "COSTS ON");
}

}  // namespace

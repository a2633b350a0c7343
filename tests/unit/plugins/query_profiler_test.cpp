// query-profiler: for each check, the smallest catalog that fires it and the closest ones that must
// not (STYLE.md rule 6); the temp-spill contract with config-tuner; the path without
// pg_stat_statements; hostile names and query text. Expected numbers are recomputed here from the
// rules written in plugins/query-profiler/README.md, independently of the plugin's code.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "DatabaseCacheHitRatioCheck.hpp"
#include "HighTrafficStatementCheck.hpp"
#include "LowBufferHitRatioCheck.hpp"
#include "PgStatStatementsUnavailableCheck.hpp"
#include "PlanInstabilityCheck.hpp"
#include "QueryProfilerPlugin.hpp"
#include "SeqScanHeavyTableCheck.hpp"
#include "StatementGroups.hpp"
#include "TempSpillCheck.hpp"
#include "TopStatementsCheck.hpp"
#include "TrackIoTimingOffCheck.hpp"
#include "WorkloadClassCheck.hpp"
#include "support/live_db.hpp"

using namespace dbopt::sdk;
namespace qp = dbopt::plugins::query_profiler;

namespace {

struct CollectingSink : FindingSink {
  std::vector<Finding> findings;
  std::vector<std::string> logs;
  std::vector<SummaryFact> facts;
  std::vector<Exhibit> exhibits;
  void add(const Finding& f) noexcept override { findings.push_back(f); }
  void log(std::string_view m) noexcept override { logs.emplace_back(m); }
  void summary(const SummaryFact& f) noexcept override { facts.push_back(f); }
  void exhibit(const Exhibit& e) noexcept override { exhibits.push_back(e); }
  bool logged(std::string_view needle) const {
    return std::any_of(logs.begin(), logs.end(), [&](const std::string& l) { return l.find(needle) != std::string::npos; });
  }
};

struct TestContext : Context {
  Options opts = qp::QueryProfilerPlugin::make_options();
  std::vector<Finding> earlier;
  const Options& options() const noexcept override { return opts; }
  const std::vector<Finding>& earlier_findings() const noexcept override { return earlier; }
  bool cancelled() const noexcept override { return false; }
};

template <class Check>
CollectingSink run(const Snapshot& s, const std::map<std::string, std::string>& overrides = {},
                   std::vector<StatementFacts> facts = {}) {
  Catalog catalog(s, std::move(facts));
  CollectingSink sink;
  Check{}.run(catalog, qp::QueryProfilerPlugin::make_options(overrides), sink);
  return sink;
}

Setting setting(const std::string& name, const std::string& value, const std::string& source = "default",
                const std::string& context = "superuser") {
  Setting s;
  s.name = name;
  s.setting = value;
  s.source = source;
  s.context = context;
  s.vartype = "string";
  return s;
}

/// PostgreSQL 15, 8 kB pages, track_io_timing on, pg_stat_statements captured and empty.
Snapshot base_snapshot() {
  Snapshot s;
  s.server.server_version_num = 150004;
  s.server.database = "shop";
  s.server.current_user = "auditor";
  s.settings.push_back(setting("block_size", "8192", "default", "internal"));
  s.settings.push_back(setting("track_io_timing", "on", "configuration file"));
  s.settings.push_back(setting("shared_preload_libraries", "pg_stat_statements", "configuration file", "postmaster"));
  s.statements = std::vector<Statement>{};
  return s;
}

Statement& add_statement(Snapshot& s, std::int64_t queryid, const std::string& query, std::int64_t calls,
                         double total_ms) {
  Statement st;
  st.queryid = queryid;
  st.query = query;
  st.calls = calls;
  st.total_exec_time = total_ms;
  st.mean_exec_time = calls > 0 ? total_ms / static_cast<double>(calls) : 0;
  st.min_exec_time = st.mean_exec_time;
  st.max_exec_time = st.mean_exec_time;
  st.rows = calls;
  st.shared_blks_hit = 10 * calls;
  st.wal_bytes = 0;
  s.statements->push_back(st);
  return s.statements->back();
}

StatementFacts facts_of(std::int64_t queryid, StatementKind kind, std::vector<TableReference> tables = {}) {
  StatementFacts f;
  f.queryid = queryid;
  f.parsed = true;
  f.kind = kind;
  f.tables = std::move(tables);
  return f;
}

TableReference ref(Oid oid, const std::string& name, bool target = false) {
  TableReference r;
  r.relname = name;
  r.table_oid = oid;
  r.is_target = target;
  return r;
}

const Metric* find_metric(const Finding& f, const std::string& name) {
  for (const Metric& m : f.evidence)
    if (m.name == name) return &m;
  return nullptr;
}
const Metric* find_metric(const SummaryFact& f, const std::string& name) {
  for (const Metric& m : f.evidence)
    if (m.name == name) return &m;
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// statement groups

TEST(StatementGroups, RowsOfOneQueryidAreMergedWithPooledStddev) {
  Snapshot s = base_snapshot();
  Statement& a = add_statement(s, 7, "SELECT 1", 10, 10);  // mean 1, stddev 0
  a.stddev_exec_time = 0;
  a.min_exec_time = 0.5;
  Statement& b = add_statement(s, 7, "SELECT 1", 10, 30);  // mean 3, stddev 0
  b.userid = 2;
  b.max_exec_time = 9;
  b.shared_blks_read = 4;
  add_statement(s, 8, "SELECT 2", 1, 100);
  Catalog catalog(s);
  const auto groups = qp::group_statements(catalog);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].queryid, 8);  // most total time first
  const auto& g = groups[1];
  EXPECT_EQ(g.entries, 2);
  EXPECT_EQ(g.calls, 20);
  EXPECT_DOUBLE_EQ(g.total_exec_time, 40);
  EXPECT_DOUBLE_EQ(g.mean_exec_time, 2);
  // Population stddev of ten 1s and ten 3s is 1.
  EXPECT_NEAR(g.stddev_exec_time, 1.0, 1e-9);
  EXPECT_DOUBLE_EQ(g.min_exec_time, 0.5);
  EXPECT_DOUBLE_EQ(g.max_exec_time, 9);
  EXPECT_EQ(g.shared_blks_read, 4);
}

TEST(StatementGroups, LabelIsOneLineAndCutOnACharacterBoundary) {
  EXPECT_EQ(qp::statement_label("  SELECT\n\t a,\r\n  b  FROM t  "), "SELECT a, b FROM t");
  // "é" is two bytes: a cut inside it steps back before it.
  const std::string label = qp::statement_label("SELECT 'aé'", 10);
  EXPECT_EQ(label, "SELECT 'a…");
  EXPECT_EQ(qp::statement_label("SELECT 1", 8), "SELECT 1");
}

// ---------------------------------------------------------------------------------------------
// top-statements

TEST(TopStatements, ExhibitListsTheHeaviestStatementsByEachMetric) {
  Snapshot s = base_snapshot();
  add_statement(s, 101, "SELECT heavy FROM t", 10, 600);
  Statement& many = add_statement(s, 102, "SELECT many_calls FROM t", 100000, 50);
  many.rows = 100000;
  Statement& spill = add_statement(s, 103, "SELECT spill FROM t ORDER BY x", 2, 20);
  spill.temp_blks_written = 128;
  for (int i = 0; i < 8; ++i) add_statement(s, 200 + i, "SELECT filler_" + std::to_string(i), 1, 1 + i);
  (*s.statements)[4].stddev_exec_time = 50;  // filler_1 (2 ms)
  auto sink = run<qp::TopStatementsCheck>(s, {{"top-count", "2"}});
  EXPECT_TRUE(sink.findings.empty());
  ASSERT_EQ(sink.exhibits.size(), 1u);
  const Exhibit& e = sink.exhibits[0];
  EXPECT_EQ(e.id, "query-profiler/top-statements");
  EXPECT_NE(e.text.find("101"), std::string::npos);
  EXPECT_NE(e.text.find("SELECT heavy FROM t"), std::string::npos);
  EXPECT_NE(e.text.find("SELECT spill FROM t ORDER BY x"), std::string::npos);  // top by temp
  EXPECT_NE(e.text.find("1.0 MB"), std::string::npos);                         // 128 pages of 8 kB
  // 600 ms of 600 + 50 + 20 + Σ(1..8) = 706 ms.
  EXPECT_NE(e.text.find("85.0 %"), std::string::npos);
  // filler_0 (1 ms, 1 call) is in no top-2 list.
  EXPECT_EQ(e.text.find("filler_0"), std::string::npos);
  // The most variable statement is listed although it is small by every other measure.
  EXPECT_NE(e.text.find("SELECT filler_1"), std::string::npos);
  EXPECT_NE(e.text.find("stddev"), std::string::npos);
}

TEST(TopStatements, NoExhibitWithoutStatements) {
  Snapshot s = base_snapshot();
  auto empty = run<qp::TopStatementsCheck>(s);
  EXPECT_TRUE(empty.exhibits.empty());
  EXPECT_TRUE(empty.logged("no rows"));
  s.statements.reset();
  auto none = run<qp::TopStatementsCheck>(s);
  EXPECT_TRUE(none.exhibits.empty());
  EXPECT_TRUE(none.logged("not captured"));
}

// ---------------------------------------------------------------------------------------------
// high-traffic-statement

TEST(HighTrafficStatement, FiresAtThirtyPercentOfTotalTime) {
  Snapshot s = base_snapshot();
  add_statement(s, 11, "SELECT * FROM orders WHERE user_id = $1", 1000, 300);
  add_statement(s, 12, "SELECT 2", 10, 700);
  auto sink = run<qp::HighTrafficStatementCheck>(s);
  ASSERT_EQ(sink.findings.size(), 2u);  // 70 % and 30 % (the threshold is inclusive)
  const Finding& f = sink.findings[1];
  EXPECT_EQ(f.check_id, "query-profiler/high-traffic-statement");
  EXPECT_EQ(f.object.kind, "statement");
  EXPECT_EQ(f.object.queryid, 11);
  EXPECT_EQ(f.object.name, "SELECT * FROM orders WHERE user_id = $1");
  EXPECT_EQ(f.title, "Statement \"SELECT * FROM orders WHERE user_id = $1\" takes 30.0 % of all statement time "
                     "(300.0 ms in 1,000 calls)");
  ASSERT_TRUE(f.impact.time_share);
  EXPECT_DOUBLE_EQ(*f.impact.time_share, 0.3);
  EXPECT_EQ(f.impact.affected_queryids, std::vector<std::int64_t>{11});
  EXPECT_FALSE(f.impact.speedup.has_value());  // no invented speedup
  EXPECT_EQ(f.severity, Severity::Medium);
  EXPECT_EQ(f.exhibit, std::optional<std::string>("query-profiler/top-statements"));
  ASSERT_NE(find_metric(f, "total_exec_time"), nullptr);
  EXPECT_EQ(find_metric(f, "total_exec_time")->unit, "ms");
  EXPECT_DOUBLE_EQ(*find_metric(f, "time_share")->value, 0.3);
}

TEST(HighTrafficStatement, TitleShowsTheStatementCutAtSixtyBytesOnACharacterBoundary) {
  Snapshot s = base_snapshot();
  // After collapsing the blanks, 59 ASCII bytes, then "é" (2 bytes) straddling the 60-byte cut.
  const std::string query = "SELECT id,\n       total\tFROM orders WHERE customer_name = 'Jean Re" + std::string("é") +
                            "mi' AND status = $1";
  add_statement(s, 11, query, 10, 900);
  auto sink = run<qp::HighTrafficStatementCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].title.rfind("Statement \"SELECT id, total FROM orders WHERE customer_name = 'Jean Re…\" takes 100.0 %", 0), 0u)
      << sink.findings[0].title;
}

TEST(HighTrafficStatement, DoesNotFireJustBelowTheShare) {
  Snapshot s = base_snapshot();
  add_statement(s, 11, "SELECT a", 10, 290);
  add_statement(s, 12, "SELECT b", 10, 280);
  add_statement(s, 13, "SELECT c", 10, 280);
  add_statement(s, 14, "SELECT d", 10, 150);
  EXPECT_TRUE(run<qp::HighTrafficStatementCheck>(s).findings.empty());
  EXPECT_EQ(run<qp::HighTrafficStatementCheck>(s, {{"high-traffic-share", "0.29"}}).findings.size(), 1u);
}

TEST(HighTrafficStatement, UtilityCommandsAreNotTraffic) {
  Snapshot s = base_snapshot();
  add_statement(s, 11, "ANALYZE", 1, 600);
  add_statement(s, 12, "SELECT a FROM t WHERE id = $1", 100, 400);
  auto sink = run<qp::HighTrafficStatementCheck>(
      s, {}, {facts_of(11, StatementKind::Utility), facts_of(12, StatementKind::Select)});
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].object.queryid, 12);
  EXPECT_DOUBLE_EQ(*sink.findings[0].impact.time_share, 0.4);  // the utility time stays in the total
  EXPECT_TRUE(sink.logged("utility command"));
}

// ---------------------------------------------------------------------------------------------
// low-buffer-hit-ratio

TEST(LowBufferHitRatio, FiresBelowNinetyNinePercentWithEnoughReads) {
  Snapshot s = base_snapshot();
  Statement& st = add_statement(s, 21, "SELECT * FROM big", 10, 100);
  st.shared_blks_hit = 98000;
  st.shared_blks_read = 2000;  // 98 %
  auto sink = run<qp::LowBufferHitRatioCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.story, "DB-OPT-08");
  EXPECT_EQ(f.object.queryid, 21);
  EXPECT_DOUBLE_EQ(*find_metric(f, "buffer_hit_ratio")->value, 0.98);
  EXPECT_EQ(find_metric(f, "shared_blks_read")->unit, "pages");
  EXPECT_DOUBLE_EQ(*find_metric(f, "shared_read_bytes")->value, 2000.0 * 8192);
  EXPECT_EQ(f.severity, Severity::Low);  // ≥ 95 %
  EXPECT_NE(f.detail.find("98.0 %"), std::string::npos);
}

TEST(LowBufferHitRatio, MediumBelowNinetyFivePercent) {
  Snapshot s = base_snapshot();
  Statement& st = add_statement(s, 21, "SELECT * FROM big", 10, 100);
  st.shared_blks_hit = 9000;
  st.shared_blks_read = 1000;  // 90 %
  auto sink = run<qp::LowBufferHitRatioCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].severity, Severity::Medium);
}

TEST(LowBufferHitRatio, ClosestNonFiringCatalogs) {
  Snapshot s = base_snapshot();
  Statement& high = add_statement(s, 21, "SELECT hits", 10, 100);
  high.shared_blks_hit = 199000;
  high.shared_blks_read = 1990;  // 99.01 %
  Statement& few = add_statement(s, 22, "SELECT few reads", 10, 100);
  few.shared_blks_hit = 999;
  few.shared_blks_read = 999;  // 50 %, but fewer than 1,000 pages read
  EXPECT_TRUE(run<qp::LowBufferHitRatioCheck>(s).findings.empty());
  EXPECT_EQ(run<qp::LowBufferHitRatioCheck>(s, {{"buffer-hit-min-blks-read", "999"}}).findings.size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// database-cache-hit-ratio

DatabaseStats db_stats(std::int64_t hit, std::int64_t read) {
  DatabaseStats d;
  d.blks_hit = hit;
  d.blks_read = read;
  return d;
}

TEST(DatabaseCacheHitRatio, FiresBelowNinetyFivePercent) {
  Snapshot s = base_snapshot();
  s.server.database = "shop \"eu\" <b>";
  s.database = db_stats(188000, 12000);  // 94 %
  auto sink = run<qp::DatabaseCacheHitRatioCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.object.kind, "database");
  EXPECT_EQ(f.object.name, "shop \"eu\" <b>");
  EXPECT_DOUBLE_EQ(*find_metric(f, "cache_hit_ratio")->value, 0.94);
  EXPECT_EQ(find_metric(f, "blks_read")->unit, "pages");
  EXPECT_EQ(f.severity, Severity::Medium);
  EXPECT_EQ(f.detail.find("<b>"), std::string::npos);  // escaped
  EXPECT_NE(f.detail.find("\\<b\\>"), std::string::npos);
}

TEST(DatabaseCacheHitRatio, ClosestNonFiringCatalogs) {
  Snapshot s = base_snapshot();
  s.database = db_stats(192000, 8000);  // 96 %
  EXPECT_TRUE(run<qp::DatabaseCacheHitRatioCheck>(s).findings.empty());
  s.database = db_stats(50000, 49000);  // 50.5 %, but 99,000 < 100,000 page accesses
  auto few = run<qp::DatabaseCacheHitRatioCheck>(s);
  EXPECT_TRUE(few.findings.empty());
  EXPECT_TRUE(few.logged("not judged"));
  s.database.reset();
  EXPECT_TRUE(run<qp::DatabaseCacheHitRatioCheck>(s).logged("not captured"));
}

// ---------------------------------------------------------------------------------------------
// plan-instability

Statement& add_timed(Snapshot& s, std::int64_t queryid, std::int64_t calls, double mean, double stddev) {
  Statement& st = add_statement(s, queryid, "SELECT sum(amount) FROM ledger WHERE tenant_id = $1", calls,
                                mean * static_cast<double>(calls));
  st.stddev_exec_time = stddev;
  st.min_exec_time = 0.05;
  st.max_exec_time = mean + 4 * stddev;
  return st;
}

TEST(PlanInstability, FiresOnAWideSpreadOverEnoughCalls) {
  Snapshot s = base_snapshot();
  add_timed(s, 31, 40, 3.0, 6.0);  // cv 2
  auto sink = run<qp::PlanInstabilityCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.object.queryid, 31);
  EXPECT_DOUBLE_EQ(*find_metric(f, "stddev_to_mean")->value, 2.0);
  EXPECT_EQ(find_metric(f, "stddev_exec_time")->unit, "ms");
  EXPECT_EQ(f.confidence, Confidence::Heuristic);
  EXPECT_EQ(f.severity, Severity::Low);
}

TEST(PlanInstability, ClosestNonFiringCatalogs) {
  Snapshot s = base_snapshot();
  add_timed(s, 31, 40, 4.0, 5.9);   // cv 1.475 < 1.5
  add_timed(s, 32, 40, 0.5, 1.9);   // cv 3.8, stddev 1.9 ms < 2 ms
  add_timed(s, 33, 19, 3.0, 6.0);   // cv 2, 19 calls < 20
  EXPECT_TRUE(run<qp::PlanInstabilityCheck>(s).findings.empty());
}

// ---------------------------------------------------------------------------------------------
// temp-spill (contract with config-tuner)

TEST(TempSpill, FindingCarriesTheContractMetrics) {
  Snapshot s = base_snapshot();
  Statement& st = add_statement(s, 41, "SELECT customer_id, sum(x) FROM t GROUP BY 1 ORDER BY 2", 10, 250);
  st.temp_blks_written = 1000;
  st.temp_blks_read = 990;
  add_statement(s, 42, "SELECT 1", 10, 750);
  auto sink = run<qp::TempSpillCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.check_id, "query-profiler/temp-spill");
  EXPECT_EQ(f.object.kind, "statement");
  EXPECT_EQ(f.object.queryid, 41);
  EXPECT_FALSE(f.script.has_value());
  struct Expected {
    const char* name;
    double value;
    const char* unit;
  };
  for (const Expected& e : {Expected{"temp_blks_written", 1000, "pages"}, Expected{"temp_blks_read", 990, "pages"},
                            Expected{"calls", 10, "count"}, Expected{"temp_bytes_per_call", 1000.0 * 8192 / 10, "bytes"},
                            Expected{"mean_exec_time", 25, "ms"}}) {
    const Metric* m = find_metric(f, e.name);
    ASSERT_NE(m, nullptr) << e.name;
    ASSERT_TRUE(m->value.has_value()) << e.name;
    EXPECT_DOUBLE_EQ(*m->value, e.value) << e.name;
    EXPECT_EQ(m->unit, e.unit) << e.name;
  }
  EXPECT_EQ(f.severity, Severity::Medium);  // 25 % of time ≥ temp-medium-share 10 %
}

TEST(TempSpill, BlockSizeComesFromTheSnapshot) {
  Snapshot s = base_snapshot();
  s.settings[0].setting = "16384";
  Statement& st = add_statement(s, 41, "SELECT spill", 4, 10);
  st.temp_blks_written = 200;
  add_statement(s, 42, "SELECT 1", 10, 990);
  auto sink = run<qp::TempSpillCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_DOUBLE_EQ(*find_metric(sink.findings[0], "temp_bytes_per_call")->value, 200.0 * 16384 / 4);
  EXPECT_EQ(sink.findings[0].severity, Severity::Low);  // 1 % of time
}

TEST(TempSpill, ClosestNonFiringCatalog) {
  Snapshot s = base_snapshot();
  Statement& st = add_statement(s, 41, "SELECT small spill", 10, 250);
  st.temp_blks_written = 127;  // < 128 pages (1 MB)
  EXPECT_TRUE(run<qp::TempSpillCheck>(s).findings.empty());
}

// ---------------------------------------------------------------------------------------------
// seq-scan-heavy-table

Table& add_table(Snapshot& s, Oid oid, const std::string& schema, const std::string& name, std::int64_t live,
                 std::int64_t seq_scan, std::optional<std::int64_t> idx_scan) {
  Table t;
  t.oid = oid;
  t.schemaname = schema;
  t.relname = name;
  t.reltuples = static_cast<double>(live);
  TableActivity a;
  a.n_live_tup = live;
  a.seq_scan = seq_scan;
  a.seq_tup_read = seq_scan * live;
  a.idx_scan = idx_scan;
  t.stat = a;
  s.tables.push_back(t);
  return s.tables.back();
}

TEST(SeqScanHeavyTable, FiresWithTheStatementsThatReadTheTable) {
  Snapshot s = base_snapshot();
  add_table(s, 500, "app", "logs", 20000, 100, 10);  // 9.1 % index scans
  add_statement(s, 51, "SELECT * FROM app.logs WHERE level = $1", 100, 600);
  add_statement(s, 52, "INSERT INTO app.logs VALUES ($1)", 1000, 100);
  add_statement(s, 53, "DELETE FROM app.logs WHERE id = $1", 10, 100);
  add_statement(s, 54, "SELECT 1", 10, 200);
  std::vector<StatementFacts> facts = {
      facts_of(51, StatementKind::Select, {ref(500, "logs")}),
      facts_of(52, StatementKind::Insert, {ref(500, "logs", true)}),
      facts_of(53, StatementKind::Delete, {ref(500, "logs", true)}),
      facts_of(54, StatementKind::Select),
  };
  auto sink = run<qp::SeqScanHeavyTableCheck>(s, {}, facts);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.object.kind, "table");
  EXPECT_EQ(f.object.schema, "app");
  EXPECT_EQ(f.object.name, "logs");
  // The INSERT does not read the table; the DELETE does.
  EXPECT_EQ(f.impact.affected_queryids, (std::vector<std::int64_t>{51, 53}));
  ASSERT_TRUE(f.impact.time_share);
  EXPECT_DOUBLE_EQ(*f.impact.time_share, 0.7);
  EXPECT_NEAR(*find_metric(f, "index_scan_share")->value, 10.0 / 110.0, 1e-12);
  EXPECT_DOUBLE_EQ(*find_metric(f, "seq_tup_read_per_scan")->value, 20000);
  EXPECT_EQ(f.severity, Severity::Low);
  EXPECT_NE(f.detail.find("| 51 |"), std::string::npos);
}

TEST(SeqScanHeavyTable, TableWithoutIndexCountsAsAllSequential) {
  Snapshot s = base_snapshot();
  add_table(s, 500, "app", "logs", 20000, 50, std::nullopt);
  auto sink = run<qp::SeqScanHeavyTableCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_DOUBLE_EQ(*find_metric(sink.findings[0], "index_scan_share")->value, 0);
  EXPECT_NE(sink.findings[0].detail.find("has no index"), std::string::npos);
}

TEST(SeqScanHeavyTable, ClosestNonFiringCatalogs) {
  Snapshot s = base_snapshot();
  add_table(s, 501, "app", "small", 9999, 1000, 0);        // < 10,000 rows
  add_table(s, 502, "app", "indexed", 20000, 100, 1900);   // 95 % index scans
  add_table(s, 503, "app", "rarely", 20000, 49, 0);        // < 50 sequential scans
  EXPECT_TRUE(run<qp::SeqScanHeavyTableCheck>(s).findings.empty());
}

TEST(SeqScanHeavyTable, WithoutStatementsTheTableIsStillReported) {
  Snapshot s = base_snapshot();
  s.statements.reset();
  add_table(s, 500, "app", "logs", 20000, 100, 0);
  auto sink = run<qp::SeqScanHeavyTableCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_FALSE(sink.findings[0].impact.time_share.has_value());
  EXPECT_TRUE(sink.logged("not captured"));
}

// ---------------------------------------------------------------------------------------------
// workload-class

TEST(WorkloadClass, ShortNarrowStatementsAreOltp) {
  Snapshot s = base_snapshot();
  add_statement(s, 61, "SELECT a FROM t WHERE id = $1", 10000, 500);   // 0.05 ms, 1 row per call
  add_statement(s, 62, "UPDATE t SET a = $1 WHERE id = $2", 2000, 300);
  Statement& report = add_statement(s, 63, "SELECT x FROM big", 2, 200);  // 100 ms: analytical
  report.rows = 2;
  add_statement(s, 64, "VACUUM t", 1, 5000);  // utility: left out
  std::vector<StatementFacts> facts = {facts_of(61, StatementKind::Select), facts_of(62, StatementKind::Update),
                                       facts_of(63, StatementKind::Select), facts_of(64, StatementKind::Utility)};
  auto sink = run<qp::WorkloadClassCheck>(s, {}, facts);
  EXPECT_TRUE(sink.findings.empty());
  ASSERT_EQ(sink.facts.size(), 1u);
  const SummaryFact& f = sink.facts[0];
  EXPECT_EQ(f.key, "query-profiler/workload-class");
  EXPECT_EQ(f.value, "OLTP");
  EXPECT_DOUBLE_EQ(*find_metric(f, "analytical_time_share")->value, 0.2);  // 200 of 1,000 ms
  EXPECT_DOUBLE_EQ(*find_metric(f, "read_calls_share")->value, 10002.0 / 12002.0);
  EXPECT_DOUBLE_EQ(*find_metric(f, "read_time_share")->value, 0.7);
  EXPECT_DOUBLE_EQ(*find_metric(f, "unclassified_statements")->value, 1);
  EXPECT_DOUBLE_EQ(*find_metric(f, "mean_exec_time")->value, 1000.0 / 12002.0);
  EXPECT_EQ(find_metric(f, "rows_per_read_call")->unit, "rows");
  EXPECT_TRUE(sink.logged("workload-class: OLTP"));
}

TEST(WorkloadClass, WideOrLongStatementsAreOlapAndBetweenIsMixed) {
  Snapshot s = base_snapshot();
  Statement& wide = add_statement(s, 61, "SELECT * FROM facts", 10, 80);  // 8 ms but 5,000 rows per call
  wide.rows = 50000;
  add_statement(s, 62, "SELECT a FROM t WHERE id = $1", 1000, 20);
  std::vector<StatementFacts> facts = {facts_of(61, StatementKind::Select), facts_of(62, StatementKind::Select)};
  auto olap = run<qp::WorkloadClassCheck>(s, {}, facts);
  ASSERT_EQ(olap.facts.size(), 1u);
  EXPECT_EQ(olap.facts[0].value, "OLAP");  // 80 %
  (*s.statements)[1].total_exec_time = 70;  // 80 / 150 = 53 %
  auto mixed = run<qp::WorkloadClassCheck>(s, {}, facts);
  ASSERT_EQ(mixed.facts.size(), 1u);
  EXPECT_EQ(mixed.facts[0].value, "Mixed");
}

TEST(WorkloadClass, NothingToClassify) {
  Snapshot s = base_snapshot();
  add_statement(s, 64, "VACUUM t", 1, 5000);
  auto sink = run<qp::WorkloadClassCheck>(s, {}, {facts_of(64, StatementKind::Utility)});
  EXPECT_TRUE(sink.facts.empty());
  EXPECT_TRUE(sink.logged("skipped"));
}

// ---------------------------------------------------------------------------------------------
// pg-stat-statements-unavailable

TEST(PgStatStatementsUnavailable, PreloadParsing) {
  EXPECT_TRUE(qp::preloads_pg_stat_statements("pg_stat_statements"));
  EXPECT_TRUE(qp::preloads_pg_stat_statements("auto_explain, \"pg_stat_statements\""));
  EXPECT_TRUE(qp::preloads_pg_stat_statements("$libdir/pg_stat_statements.so,auto_explain"));
  EXPECT_FALSE(qp::preloads_pg_stat_statements(""));
  EXPECT_FALSE(qp::preloads_pg_stat_statements("pg_stat_statements_extra,auto_explain"));
}

TEST(PgStatStatementsUnavailable, NotPreloadedNeedsARestart) {
  Snapshot s = base_snapshot();
  s.statements.reset();
  s.settings[2].setting = "auto_explain";
  auto sink = run<qp::PgStatStatementsUnavailableCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.object.kind, "extension");
  EXPECT_EQ(f.object.name, "pg_stat_statements");
  // One literal per library: 'auto_explain,pg_stat_statements' would be one library of that name
  // and the server would not start after the restart.
  EXPECT_NE(f.detail.find("ALTER SYSTEM SET shared_preload_libraries = 'auto_explain', 'pg_stat_statements';"),
            std::string::npos)
      << f.detail;
  EXPECT_NE(f.detail.find("restart"), std::string::npos);
  EXPECT_NE(f.detail.find("CREATE EXTENSION"), std::string::npos);
  EXPECT_EQ(f.risk.level, RiskLevel::Medium);
  EXPECT_FALSE(f.script.has_value());
}

TEST(PgStatStatementsUnavailable, QuotedLibrariesAreKeptAndAnUnsplittableValueIsNotOverwritten) {
  Snapshot s = base_snapshot();
  s.statements.reset();
  s.settings[2].setting = "\"My Lib\", auto_explain";
  auto sink = run<qp::PgStatStatementsUnavailableCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_NE(sink.findings[0].detail.find(
                "ALTER SYSTEM SET shared_preload_libraries = 'My Lib', 'auto_explain', 'pg_stat_statements';"),
            std::string::npos)
      << sink.findings[0].detail;

  s.settings[2].setting = "\"a\"\"b\"";  // an embedded quote: cannot be written back as literals
  sink = run<qp::PgStatStatementsUnavailableCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].detail.find("ALTER SYSTEM SET shared_preload_libraries"), std::string::npos);
  EXPECT_NE(sink.findings[0].detail.find("add pg_stat_statements to it by hand"), std::string::npos);
}

TEST(PgStatStatementsUnavailable, PreloadedButNotCreatedNeedsOnlyCreateExtension) {
  Snapshot s = base_snapshot();
  s.statements.reset();
  ProbeOutcome step;
  step.name = "pg_stat_statements";
  step.status = "skipped";
  step.error = "pg_stat_statements is not installed in this database";
  s.provenance.probes.push_back(step);
  auto sink = run<qp::PgStatStatementsUnavailableCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.detail.find("ALTER SYSTEM"), std::string::npos);
  EXPECT_NE(f.detail.find("CREATE EXTENSION IF NOT EXISTS pg_stat_statements;"), std::string::npos);
  EXPECT_NE(f.detail.find("not installed in this database"), std::string::npos);
  EXPECT_EQ(f.risk.level, RiskLevel::Low);
}

TEST(PgStatStatementsUnavailable, InstalledAndPreloadedButUnreadable) {
  Snapshot s = base_snapshot();
  s.statements.reset();
  s.server.current_user = "Audit \"Role\"";
  Extension e;
  e.extname = "pg_stat_statements";
  s.extensions.push_back(e);
  auto sink = run<qp::PgStatStatementsUnavailableCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_NE(sink.findings[0].detail.find("GRANT pg_read_all_stats TO \"Audit \"\"Role\"\"\";"), std::string::npos);
}

TEST(PgStatStatementsUnavailable, SilentWhenStatementsWereCaptured) {
  EXPECT_TRUE(run<qp::PgStatStatementsUnavailableCheck>(base_snapshot()).findings.empty());
}

TEST(PgStatStatementsUnavailable, WholePluginRunsAndStatementChecksSkip) {
  Snapshot s = base_snapshot();
  s.statements.reset();
  s.settings[2].setting = "";
  s.database = db_stats(188000, 12000);
  add_table(s, 500, "app", "logs", 20000, 100, 0);
  Catalog catalog(s);
  CollectingSink sink;
  TestContext context;
  qp::QueryProfilerPlugin plugin;
  ASSERT_NO_THROW(plugin.analyze(catalog, context, sink));
  std::map<std::string, int> by_check;
  for (const Finding& f : sink.findings) ++by_check[f.check_id];
  EXPECT_EQ(by_check["query-profiler/pg-stat-statements-unavailable"], 1);
  EXPECT_EQ(by_check["query-profiler/database-cache-hit-ratio"], 1);
  EXPECT_EQ(by_check["query-profiler/seq-scan-heavy-table"], 1);
  EXPECT_EQ(by_check.size(), 3u);
  EXPECT_TRUE(sink.exhibits.empty());
  EXPECT_TRUE(sink.facts.empty());
  for (const char* skipped : {"top-statements: skipped", "high-traffic-statement: skipped", "low-buffer-hit-ratio: skipped",
                              "plan-instability: skipped", "temp-spill: skipped", "workload-class: skipped"})
    EXPECT_TRUE(sink.logged(skipped)) << skipped;
}

// ---------------------------------------------------------------------------------------------
// track-io-timing-off

TEST(TrackIoTimingOff, DefaultValueRollsBackWithReset) {
  Snapshot s = base_snapshot();
  s.settings[1] = setting("track_io_timing", "off", "default");
  auto sink = run<qp::TrackIoTimingOffCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.object.kind, "setting");
  EXPECT_EQ(f.object.name, "track_io_timing");
  ASSERT_TRUE(f.script.has_value());
  EXPECT_EQ(f.script->category, ScriptCategory::Config);
  EXPECT_EQ(f.script->apply, "ALTER SYSTEM SET track_io_timing = on;\nSELECT pg_reload_conf();\n");
  EXPECT_EQ(f.script->rollback, "ALTER SYSTEM RESET track_io_timing;\nSELECT pg_reload_conf();\n");
  EXPECT_FALSE(f.script->requires_restart);
  EXPECT_NE(f.detail.find("pg_test_timing"), std::string::npos);
}

TEST(TrackIoTimingOff, ConfiguredValueIsRestoredExplicitly) {
  Snapshot s = base_snapshot();
  s.settings[1] = setting("track_io_timing", "off", "configuration file");
  auto sink = run<qp::TrackIoTimingOffCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  ASSERT_TRUE(sink.findings[0].script.has_value());
  EXPECT_EQ(sink.findings[0].script->rollback, "ALTER SYSTEM SET track_io_timing = 'off';\nSELECT pg_reload_conf();\n");
}

TEST(TrackIoTimingOff, PerDatabaseValueGetsNoScript) {
  Snapshot s = base_snapshot();
  s.settings[1] = setting("track_io_timing", "off", "database");
  auto sink = run<qp::TrackIoTimingOffCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_FALSE(sink.findings[0].script.has_value());
  EXPECT_TRUE(sink.logged("no script"));
}

TEST(TrackIoTimingOff, SilentWhenOnOrNotCaptured) {
  EXPECT_TRUE(run<qp::TrackIoTimingOffCheck>(base_snapshot()).findings.empty());
  Snapshot s = base_snapshot();
  s.settings.erase(s.settings.begin() + 1);
  auto sink = run<qp::TrackIoTimingOffCheck>(s);
  EXPECT_TRUE(sink.findings.empty());
  EXPECT_TRUE(sink.logged("not captured"));
}

// ---------------------------------------------------------------------------------------------
// hostile names and query text

TEST(Hostile, QueryTextAndNamesAreEscaped) {
  Snapshot s = base_snapshot();
  const std::string query = "SELECT \"a|b\", '```' AS x, '<script>*_[y]_*</script>'\nFROM \"we|rd\"";
  Statement& st = add_statement(s, 71, query, 100, 900);
  st.temp_blks_written = 1000;
  st.shared_blks_hit = 1000;
  st.shared_blks_read = 5000;
  add_statement(s, 72, "SELECT 1", 10, 100);
  add_table(s, 500, "sch|ema", "we|rd <b>", 20000, 100, 0);
  std::vector<StatementFacts> facts = {facts_of(71, StatementKind::Select, {ref(500, "we|rd <b>")}),
                                       facts_of(72, StatementKind::Select)};
  Catalog catalog(s, facts);
  CollectingSink sink;
  TestContext context;
  qp::QueryProfilerPlugin plugin;
  plugin.analyze(catalog, context, sink);
  int statement_findings = 0;
  for (const Finding& f : sink.findings) {
    SCOPED_TRACE(f.check_id);
    // Raw HTML never reaches the Markdown outside a code block.
    const auto fence = f.detail.find("````sql\n");
    const std::string outside = fence == std::string::npos ? f.detail : f.detail.substr(0, fence);
    EXPECT_EQ(outside.find("<script>"), std::string::npos);
    EXPECT_EQ(outside.find("<b>"), std::string::npos);
    if (f.object.kind == "statement") {
      ++statement_findings;
      // The query contains a run of three backticks: the fence is four, and the text is intact.
      EXPECT_NE(f.detail.find("````sql\n" + query + "\n````"), std::string::npos);
      EXPECT_EQ(f.object.name, qp::statement_label(query));
      EXPECT_EQ(f.object.name.find('\n'), std::string::npos);
    }
    if (f.check_id == "query-profiler/seq-scan-heavy-table") {
      EXPECT_NE(f.detail.find("\"sch\\|ema\".\"we\\|rd \\<b\\>\""), std::string::npos);
      // the table cell with the statement: its pipes are escaped, so the row keeps 5 cells
      EXPECT_NE(f.detail.find("SELECT \"a\\|b\""), std::string::npos);
    }
  }
  EXPECT_EQ(statement_findings, 3);  // high traffic, low buffer hit, temp spill
  ASSERT_EQ(sink.exhibits.size(), 1u);
  EXPECT_EQ(sink.exhibits[0].text.find("\nFROM"), std::string::npos);  // one line per statement
}

// ---------------------------------------------------------------------------------------------
// plugin metadata

TEST(QueryProfilerPlugin, EveryCheckIsDocumentedWithItsOptions) {
  const PluginInfo info = qp::QueryProfilerPlugin().info();
  EXPECT_EQ(info.id, "query-profiler");
  EXPECT_EQ(info.phase, Phase::Profile);
  const std::string readme = dbopt::test::read_file(dbopt::test::source_path("plugins/query-profiler/README.md"));
  for (const CheckInfo& c : info.checks) {
    EXPECT_EQ(c.id.rfind("query-profiler/", 0), 0u) << c.id;
    EXPECT_NE(readme.find("\n## " + c.id + "\n"), std::string::npos) << c.id;
  }
  for (const OptionSpec& o : info.options) {
    EXPECT_NE(readme.find("`" + o.name + "`"), std::string::npos) << o.name;
    EXPECT_NO_THROW(parse_option_value(o, o.default_value)) << o.name;
  }
  EXPECT_THROW(qp::QueryProfilerPlugin::make_options({{"no-such-option", "1"}}), std::invalid_argument);
  EXPECT_THROW(qp::QueryProfilerPlugin::make_options({{"high-traffic-share", "1.5"}}), std::invalid_argument);
}

}  // namespace

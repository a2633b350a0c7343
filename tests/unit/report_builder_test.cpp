// build_report (report/report.hpp): merging duplicates, deterministic order and ids, metrics
// computed from a hand-built catalog, honest summary text, scripts.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <regex>
#include <set>

#include "dbopt/sdk/sql.hpp"
#include "report/metrics.hpp"
#include "report/report.hpp"
#include "report/scripts.hpp"
#include "report_fixture.hpp"

namespace dbopt::engine {
namespace {

using namespace dbopt::engine::testing;

const ReportMetric& metric(const Report& r, const std::string& key) {
  for (const auto& m : r.metrics)
    if (m.key == key) return m;
  throw std::runtime_error("no metric " + key);
}

TEST(ReportBuilder, MergesFindingsWithEqualScriptsAfterWhitespaceNormalization) {
  auto a = make_finding("index-analyzer/unused-index", "public", "orders", sdk::Severity::Low);
  a.script = make_script(sdk::ScriptCategory::Indexes, "DROP INDEX CONCURRENTLY public.idx_a;",
                         "CREATE INDEX CONCURRENTLY idx_a ON public.orders (a);");
  a.evidence = {{"idx_scan", 0.0, "count", std::nullopt}};
  auto b = make_finding("bloat-hunter/bloated-index", "public", "idx_a", sdk::Severity::High);
  b.script = make_script(sdk::ScriptCategory::Indexes, "  DROP   INDEX\n CONCURRENTLY\tpublic.idx_a;\n", "");
  b.evidence = {{"size_bytes", 1e6, "bytes", std::nullopt}, {"bloat_ratio", 0.5, "ratio", std::nullopt}};
  b.title = "bloated index";
  RunResult run;
  run.findings = {record("index-analyzer", a), record("bloat-hunter", b)};
  const sdk::Catalog cat(sample_snapshot());
  const Report r = build_report(cat, run);

  ASSERT_EQ(r.items.size(), 1u);
  const ReportItem& item = r.items[0];
  ASSERT_EQ(item.sources.size(), 2u);
  EXPECT_EQ(item.sources[0].check_id, a.check_id);
  EXPECT_EQ(item.sources[0].plugin_id, "index-analyzer");
  EXPECT_EQ(item.sources[1].check_id, b.check_id);
  EXPECT_EQ(item.sources[1].object, "public.idx_a");
  EXPECT_EQ(item.sources[1].title, "bloated index");
  // most urgent priority (High → P2 beats Low → info), highest severity, richest evidence kept
  EXPECT_EQ(item.priority, Priority::P2);
  EXPECT_EQ(item.severity, sdk::Severity::High);
  EXPECT_EQ(item.finding, b);
  EXPECT_EQ(item.plugin_id, "bloat-hunter");
  EXPECT_EQ(r.summary.issues_found, 1u);
}

TEST(ReportBuilder, MergedItemKeepsTheFindingThatJustifiesItsPriority) {
  // a: 20× on 50 % of statement time → P1, little evidence; b: same DROP, P3, more evidence.
  auto a = make_finding("p/fast", "public", "orders", sdk::Severity::Low);
  a.script = make_script(sdk::ScriptCategory::Indexes, "CREATE INDEX CONCURRENTLY i ON public.orders (a);", "");
  a.impact.speedup = 20.0;
  a.impact.time_share = 0.5;
  a.impact.affected_queryids = {11};
  auto b = a;
  b.check_id = "p/slow";
  b.impact = {};
  b.severity = sdk::Severity::Medium;
  b.evidence = {{"x", 1.0, "count", std::nullopt}, {"y", 2.0, "count", std::nullopt}};
  const sdk::Catalog cat(sample_snapshot());
  for (const bool a_first : {true, false}) {
    RunResult run;
    run.findings = a_first ? std::vector<FindingRecord>{record("p", a), record("p", b)}
                           : std::vector<FindingRecord>{record("p", b), record("p", a)};
    const Report r = build_report(cat, run);
    ASSERT_EQ(r.items.size(), 1u);
    EXPECT_EQ(r.items[0].priority, Priority::P1);
    EXPECT_EQ(r.items[0].finding, a) << "a first: " << a_first;
    EXPECT_EQ(r.items[0].sources.size(), 2u);
    // the P1's speedup reaches the projection and the summary
    EXPECT_TRUE(metric(r, "total_statement_time_ms").projected);
    EXPECT_NE(r.summary.estimated_improvement.find("20×"), std::string::npos) << r.summary.estimated_improvement;
  }
}

TEST(ReportBuilder, WhitespaceInsideQuotesIsSignificant) {
  EXPECT_EQ(normalize_sql_whitespace("  SELECT\n\t1 ;  "), "SELECT 1 ;");
  EXPECT_NE(normalize_sql_whitespace("COMMENT ON TABLE t IS 'a  b';"), normalize_sql_whitespace("COMMENT ON TABLE t IS 'a b';"));
  EXPECT_NE(normalize_sql_whitespace("DROP INDEX \"a  b\";"), normalize_sql_whitespace("DROP INDEX \"a b\";"));
  EXPECT_NE(normalize_sql_whitespace("SELECT E'it\\'s  a';"), normalize_sql_whitespace("SELECT E'it\\'s a';"));
  EXPECT_NE(normalize_sql_whitespace("SELECT 'it''s  a';"), normalize_sql_whitespace("SELECT 'it''s a';"));
  // a doubled quote inside an E string keeps backslash escapes: \' does not end it
  EXPECT_NE(normalize_sql_whitespace("SELECT E'a''b\\'  c';"), normalize_sql_whitespace("SELECT E'a''b\\' c';"));
  EXPECT_EQ(normalize_sql_whitespace("SELECT  E'a\\\\'  ,  1;"), "SELECT E'a\\\\' , 1;");
  auto a = make_finding("x/c", "public", "t");
  a.script = make_script(sdk::ScriptCategory::Schema, "COMMENT ON TABLE t IS 'a  b';", "");
  auto b = a;
  b.script->apply = "COMMENT ON TABLE t IS 'a b';";
  RunResult run;
  run.findings = {record("x", a), record("x", b)};
  const sdk::Catalog cat(sample_snapshot());
  EXPECT_EQ(build_report(cat, run).items.size(), 2u);
}

TEST(ReportBuilder, MergesScriptlessFindingsOnSameCheckAndObjectOnly) {
  auto a = make_finding("schema-x/wide-row", "public", "orders");
  auto same = a;
  same.title = "again";
  auto other_object = make_finding("schema-x/wide-row", "public", "Order Items");
  auto other_check = make_finding("schema-x/narrow-row", "public", "orders");
  RunResult run;
  run.findings = {record("schema-x", a), record("schema-x", same), record("schema-x", other_object),
                  record("schema-x", other_check)};
  const sdk::Catalog cat(sample_snapshot());
  const Report r = build_report(cat, run);
  ASSERT_EQ(r.items.size(), 3u);
  std::size_t merged = 0;
  for (const auto& item : r.items)
    if (item.sources.size() == 2) {
      ++merged;
      EXPECT_EQ(item.finding.check_id, "schema-x/wide-row");
      EXPECT_EQ(item.object, "public.orders");
    }
  EXPECT_EQ(merged, 1u);
}

std::vector<FindingRecord> ordering_input() {
  std::vector<FindingRecord> in;
  auto add = [&](std::string check, std::string name, sdk::Severity sev, std::optional<double> speedup,
                 std::optional<double> share, std::optional<std::int64_t> delta) {
    auto f = make_finding(std::move(check), "public", std::move(name), sev);
    f.impact.speedup = speedup;
    f.impact.time_share = share;
    f.impact.storage_delta_bytes = delta;
    in.push_back(record("p", f));
  };
  add("p/a", "t1", sdk::Severity::Low, 3.0, std::nullopt, std::nullopt);           // P3
  add("p/b", "t2", sdk::Severity::Critical, std::nullopt, std::nullopt, std::nullopt);  // P1
  add("p/c", "t3", sdk::Severity::Low, 20.0, 0.5, std::nullopt);                   // P1, faster
  add("p/d", "t4", sdk::Severity::Info, std::nullopt, std::nullopt, -500);         // info
  add("p/e", "t5", sdk::Severity::Info, std::nullopt, std::nullopt, -5000);        // info, bigger
  add("p/a", "t0", sdk::Severity::Low, 3.0, std::nullopt, std::nullopt);           // P3, same check, object t0 < t1
  add("p/f", "t6", sdk::Severity::High, std::nullopt, std::nullopt, 100);          // P2
  add("p/0", "t7", sdk::Severity::High, std::nullopt, std::nullopt, 100);          // P2, check id p/0 < p/f
  return in;
}

TEST(ReportBuilder, OrderIsPrioritySpeedupStorageCheckObject) {
  RunResult run;
  run.findings = ordering_input();
  const sdk::Catalog cat(sample_snapshot());
  const Report r = build_report(cat, run);
  std::vector<std::string> objects;
  for (const auto& item : r.items) objects.push_back(item.finding.object.name);
  EXPECT_EQ(objects, (std::vector<std::string>{"t3", "t2", "t7", "t6", "t0", "t1", "t5", "t4"}));
  for (std::size_t i = 0; i < r.items.size(); ++i) {
    char expected[32];
    std::snprintf(expected, sizeof expected, "F-%03zu", i + 1);
    EXPECT_EQ(r.items[i].id, expected);
  }
}

TEST(ReportBuilder, OrderAndIdsDoNotDependOnInputOrder) {
  const sdk::Catalog cat(sample_snapshot());
  RunResult base;
  base.findings = ordering_input();
  const Report reference = build_report(cat, base);
  std::mt19937 rng(42);
  for (int round = 0; round < 5; ++round) {
    RunResult shuffled = base;
    std::shuffle(shuffled.findings.begin(), shuffled.findings.end(), rng);
    const Report r = build_report(cat, shuffled);
    ASSERT_EQ(r.items.size(), reference.items.size());
    for (std::size_t i = 0; i < r.items.size(); ++i) {
      EXPECT_EQ(r.items[i].id, reference.items[i].id);
      EXPECT_EQ(r.items[i].finding, reference.items[i].finding);
    }
  }
}

TEST(ReportBuilder, CountsBySeverityAndPriority) {
  RunResult run;
  run.findings = ordering_input();
  const sdk::Catalog cat(sample_snapshot());
  const Report r = build_report(cat, run);
  EXPECT_EQ(r.summary.issues_found, 8u);
  EXPECT_EQ(r.summary.by_severity.critical, 1u);
  EXPECT_EQ(r.summary.by_severity.high, 2u);
  EXPECT_EQ(r.summary.by_severity.medium, 0u);
  EXPECT_EQ(r.summary.by_severity.low, 3u);
  EXPECT_EQ(r.summary.by_severity.info, 2u);
  EXPECT_EQ(r.summary.by_priority.p1, 2u);
  EXPECT_EQ(r.summary.by_priority.p2, 2u);
  EXPECT_EQ(r.summary.by_priority.p3, 2u);
  EXPECT_EQ(r.summary.by_priority.info, 2u);
  EXPECT_EQ(items_with_priority(r, Priority::P2).size(), 2u);
}

TEST(ReportBuilder, CurrentMetricsComputedFromCatalog) {
  const sdk::Snapshot snap = sample_snapshot();
  const sdk::Catalog cat(snap);
  const Report r = build_report(cat, RunResult{});

  const double hit = static_cast<double>(snap.database->blks_hit);
  const double read = static_cast<double>(snap.database->blks_read);
  EXPECT_DOUBLE_EQ(*metric(r, "cache_hit_ratio").current, hit / (hit + read));
  ASSERT_TRUE(metric(r, "cache_hit_ratio").target);
  EXPECT_DOUBLE_EQ(metric(r, "cache_hit_ratio").target->value, 0.95);
  EXPECT_NE(metric(r, "cache_hit_ratio").note.find("002_"), std::string::npos);
  EXPECT_NE(metric(r, "cache_hit_ratio").note.find("99 %"), std::string::npos);

  double idx = 0, seq = 0, dead = 0, live = 0;
  for (const auto& t : snap.tables) {
    idx += static_cast<double>(t.stat->idx_scan.value_or(0));
    seq += static_cast<double>(t.stat->seq_scan);
    dead += static_cast<double>(t.stat->n_dead_tup);
    live += static_cast<double>(t.stat->n_live_tup);
  }
  EXPECT_DOUBLE_EQ(*metric(r, "index_scan_share").current, idx / (idx + seq));
  EXPECT_DOUBLE_EQ(metric(r, "index_scan_share").target->value, 0.90);
  EXPECT_DOUBLE_EQ(*metric(r, "dead_tuple_ratio").current, dead / (dead + live));

  double total = 0;
  for (const auto& s : *snap.statements) total += s.total_exec_time;
  EXPECT_DOUBLE_EQ(*metric(r, "total_statement_time_ms").current, total);
  EXPECT_DOUBLE_EQ(*metric(r, "database_size_bytes").current, static_cast<double>(*snap.server.database_size_bytes));
  EXPECT_DOUBLE_EQ(*metric(r, "reclaimable_bytes").current, 0.0);

  // nothing claimed by findings → nothing projected
  for (const auto& m : r.metrics) EXPECT_FALSE(m.projected) << m.key;
  EXPECT_EQ(r.summary.estimated_improvement, "no measurable improvement estimated");
}

TEST(ReportBuilder, ProjectionsOnlyFromFindingsThatCarryTheNumbers) {
  const sdk::Snapshot snap = sample_snapshot();
  const sdk::Catalog cat(snap);
  auto fast = make_finding("p/index", "public", "orders");
  fast.impact.speedup = 10.0;
  fast.impact.affected_queryids = {11};
  auto slower = make_finding("p/rewrite", "public", "Order Items");
  slower.impact.speedup = 4.0;
  slower.impact.affected_queryids = {11, 22};
  auto no_ids = make_finding("p/guess", "public", "orders");
  no_ids.impact.speedup = 50.0;  // no affected statements: must not change any projection
  auto drop = make_finding("p/drop", "public", "idx_big");
  drop.impact.storage_delta_bytes = -1'000'000'000;
  auto grow = make_finding("p/add", "public", "idx_new");
  grow.impact.storage_delta_bytes = 50'000'000;  // positive deltas are not reclaimed storage
  RunResult run;
  run.findings = {record("p", fast), record("p", slower), record("p", no_ids), record("p", drop), record("p", grow)};
  const Report r = build_report(cat, run);

  double expected = 0;
  for (const auto& s : *snap.statements) {
    if (s.queryid == 11) expected += s.total_exec_time / 10.0;       // max(10, 4)
    else if (s.queryid == 22) expected += s.total_exec_time / 4.0;
    else expected += s.total_exec_time;
  }
  ASSERT_TRUE(metric(r, "total_statement_time_ms").projected);
  EXPECT_DOUBLE_EQ(*metric(r, "total_statement_time_ms").projected, expected);
  EXPECT_NE(metric(r, "total_statement_time_ms").note.find("estimate"), std::string::npos);

  EXPECT_DOUBLE_EQ(*metric(r, "reclaimable_bytes").current, 1e9);
  // the new index's growth is part of the projected size: applying both actions frees 1e9 − 5e7
  EXPECT_DOUBLE_EQ(*metric(r, "database_size_bytes").projected,
                   static_cast<double>(*snap.server.database_size_bytes) - 1e9 + 5e7);
  EXPECT_FALSE(metric(r, "cache_hit_ratio").projected);
  EXPECT_FALSE(metric(r, "index_scan_share").projected);
  EXPECT_FALSE(metric(r, "dead_tuple_ratio").projected);

  // The summary names only numbers derivable from these inputs.
  const std::string& text = r.summary.estimated_improvement;
  const std::string reclaimed = sdk::sql::format_bytes(1'000'000'000);
  EXPECT_NE(text.find("reclaims an estimated " + reclaimed), std::string::npos) << text;
  double affected_time = 0, total = 0;
  for (const auto& s : *snap.statements) {
    total += s.total_exec_time;
    if (s.queryid == 11 || s.queryid == 22) affected_time += s.total_exec_time;
  }
  char share[32];
  std::snprintf(share, sizeof share, "%.0f %%", 100.0 * affected_time / total);
  EXPECT_NE(text.find("2 statements (" + std::string(share) + " of statement time) estimated up to 50× faster"),
            std::string::npos)
      << text;
  std::set<std::string> allowed = {"2", std::to_string(static_cast<int>(std::lround(100.0 * affected_time / total))), "50"};
  std::smatch m;
  const std::regex number(R"((\d+(\.\d+)?))");
  std::string rest = text;
  const std::string reclaimed_number = reclaimed.substr(0, reclaimed.find(' '));
  allowed.insert(reclaimed_number);
  const std::string added = sdk::sql::format_bytes(50'000'000);
  EXPECT_NE(text.find("adds an estimated " + added + " of storage"), std::string::npos) << text;
  allowed.insert(added.substr(0, added.find(' ')));
  while (std::regex_search(rest, m, number)) {
    EXPECT_TRUE(allowed.count(m.str(1))) << "number " << m.str(1) << " in '" << text << "'";
    rest = m.suffix();
  }
}

TEST(ReportBuilder, StorageCountsOnlyPrioritizedActionsAndEachObjectOnce) {
  const sdk::Snapshot snap = sample_snapshot();
  const sdk::Catalog cat(snap);
  // REINDEX (bloat) and DROP (unused) of the same index: different actions, one index.
  auto reindex = make_finding("p/bloat", "public", "idx_a");
  reindex.object.kind = "index";
  reindex.impact.storage_delta_bytes = -300;
  reindex.script = make_script(sdk::ScriptCategory::Indexes, "REINDEX INDEX CONCURRENTLY public.idx_a;", "");
  auto drop = reindex;
  drop.check_id = "p/unused";
  drop.impact.storage_delta_bytes = -1000;
  drop.script = make_script(sdk::ScriptCategory::Indexes, "DROP INDEX CONCURRENTLY public.idx_a;", "");
  // informational (Low severity, no speedup): not in apply.sql, so not in the projection
  auto info = make_finding("p/redundant", "public", "idx_b", sdk::Severity::Low);
  info.object.kind = "index";
  info.impact.storage_delta_bytes = -7000;
  auto grow = make_finding("p/add", "public", "orders");
  grow.impact.storage_delta_bytes = 200;
  RunResult run;
  run.findings = {record("p", reindex), record("p", drop), record("p", info), record("p", grow)};
  const Report r = build_report(cat, run);
  ASSERT_EQ(r.items.size(), 4u);
  EXPECT_EQ(reclaimable_bytes(r.items), 1000);
  EXPECT_EQ(added_bytes(r.items), 200);
  EXPECT_DOUBLE_EQ(*metric(r, "reclaimable_bytes").current, 1000.0);
  EXPECT_DOUBLE_EQ(*metric(r, "database_size_bytes").projected,
                   static_cast<double>(*snap.server.database_size_bytes) - 1000 + 200);
  EXPECT_EQ(r.summary.estimated_improvement, "reclaims an estimated " + sdk::sql::format_bytes(1000) +
                                                 " and adds an estimated " + sdk::sql::format_bytes(200) +
                                                 " of storage");
}

TEST(ReportBuilder, LineCommentsKeepTheirEndingNewline) {
  // "-- x\nDROP …" runs the DROP; "-- x DROP …" is only a comment: never the same action.
  EXPECT_NE(normalize_sql_whitespace("-- why\nDROP INDEX a;"), normalize_sql_whitespace("-- why DROP INDEX a;"));
  EXPECT_EQ(normalize_sql_whitespace("-- why\r\n   DROP  INDEX a;\n"), normalize_sql_whitespace("-- why\nDROP INDEX a;"));
  EXPECT_EQ(normalize_sql_whitespace("DROP INDEX a; -- it's fine  \n"), "DROP INDEX a; -- it's fine  ");
  EXPECT_EQ(normalize_sql_whitespace("SELECT '--'  ,\n 1;"), "SELECT '--' , 1;");
  auto a = make_finding("x/c", "public", "t");
  a.script = make_script(sdk::ScriptCategory::Indexes, "-- note\nDROP INDEX public.i;", "");
  auto b = a;
  b.script->apply = "-- note DROP INDEX public.i;";
  RunResult run;
  run.findings = {record("x", a), record("x", b)};
  const sdk::Catalog cat(sample_snapshot());
  EXPECT_EQ(build_report(cat, run).items.size(), 2u);
}

TEST(ReportBuilder, ScriptlessMergeKeyCannotBeForgedWithNewlinesInNames) {
  auto a = make_finding("x/c", "a\nb", "c");
  auto b = make_finding("x/c", "a", "b\nc");
  RunResult run;
  run.findings = {record("x", a), record("x", b)};
  const sdk::Catalog cat(sample_snapshot());
  const Report r = build_report(cat, run);
  ASSERT_EQ(r.items.size(), 2u);
  EXPECT_EQ(r.items[0].sources.size(), 1u);
  EXPECT_EQ(r.items[1].sources.size(), 1u);
}

TEST(ReportBuilder, MissingDataGivesNoCurrentValueAndSaysWhy) {
  sdk::Snapshot snap;
  snap.provenance.captured_at = "2026-01-01T00:00:00Z";
  snap.server.database = "empty";
  const sdk::Catalog cat(snap);
  auto f = make_finding("p/index", "public", "orders");
  f.impact.speedup = 20.0;
  f.impact.affected_queryids = {1};
  RunResult run;
  run.findings = {record("p", f)};
  const Report r = build_report(cat, run);
  for (const char* key : {"cache_hit_ratio", "index_scan_share", "dead_tuple_ratio", "total_statement_time_ms",
                          "database_size_bytes"}) {
    EXPECT_FALSE(metric(r, key).current) << key;
    EXPECT_FALSE(metric(r, key).projected) << key;
    EXPECT_NE(metric(r, key).note.find("not captured"), std::string::npos) << key << ": " << metric(r, key).note;
  }
  EXPECT_NE(metric(r, "total_statement_time_ms").note.find("pg_stat_statements"), std::string::npos);
  // the speedup is named but no share of statement time is invented
  EXPECT_EQ(r.summary.estimated_improvement, "1 statement estimated up to 20× faster");
}

TEST(ReportBuilder, ScriptsInPriorityOrderWithReversedRollbackAndSafeHeaders) {
  auto p1 = make_finding("index-advisor/missing-index", "public", "Orders", sdk::Severity::Critical);
  p1.title = "line one\nDROP TABLE x; -- sneaky";
  p1.script = make_script(sdk::ScriptCategory::Indexes, "CREATE INDEX CONCURRENTLY i1 ON public.\"Orders\" (a);",
                          "DROP INDEX CONCURRENTLY IF EXISTS public.i1;");
  auto p3 = make_finding("index-analyzer/unused-index", "public", "orders", sdk::Severity::Medium);
  p3.script = make_script(sdk::ScriptCategory::Indexes, "DROP INDEX CONCURRENTLY public.i2;",
                          "CREATE INDEX CONCURRENTLY i2 ON public.orders (b);");
  auto cfg = make_finding("config-tuner/shared-buffers", "", "shared_buffers", sdk::Severity::High);
  cfg.object.kind = "setting";
  cfg.script = make_script(sdk::ScriptCategory::Config, "ALTER SYSTEM SET shared_buffers = '4GB';",
                           "ALTER SYSTEM RESET shared_buffers;", true);
  RunResult run;
  run.findings = {record("index-analyzer", p3), record("config-tuner", cfg), record("index-advisor", p1)};
  const sdk::Catalog cat(sample_snapshot());
  const Report r = build_report(cat, run);
  ASSERT_EQ(r.scripts.size(), 5u);
  EXPECT_EQ(r.scripts[0].category, sdk::ScriptCategory::Indexes);
  EXPECT_EQ(r.scripts[2].category, sdk::ScriptCategory::Config);
  const CategoryScript& idx = r.scripts[0];
  ASSERT_EQ(idx.item_ids.size(), 2u);
  EXPECT_EQ(idx.item_ids[0], "F-001");  // the P1
  const auto first = idx.apply.find("CREATE INDEX CONCURRENTLY i1");
  const auto second = idx.apply.find("DROP INDEX CONCURRENTLY public.i2");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_LT(idx.rollback.find("CREATE INDEX CONCURRENTLY i2"), idx.rollback.find("DROP INDEX CONCURRENTLY IF EXISTS public.i1"));
  // header: one comment line, newline in the title neutralized
  const std::string header = script_header(r.items[0]);
  EXPECT_EQ(header.find('\n'), std::string::npos);
  EXPECT_EQ(header.rfind("-- F-001 [P1] index-advisor/missing-index: public.\"Orders\" — line one DROP TABLE x;", 0), 0u)
      << header;
  // every line of the scripts is either a comment or SQL of a finding
  std::istringstream lines(idx.apply);
  for (std::string line; std::getline(lines, line);)
    EXPECT_TRUE(line.empty() || line.rfind("-- ", 0) == 0 || line.rfind("CREATE", 0) == 0 || line.rfind("DROP", 0) == 0)
        << line;
  EXPECT_TRUE(r.scripts[2].requires_restart);
  EXPECT_NE(r.scripts[2].apply.find("restart"), std::string::npos);
  EXPECT_TRUE(r.scripts[1].item_ids.empty());
  EXPECT_TRUE(r.scripts[1].apply.empty());

  const std::string apply = combined_apply_script(r);
  const std::string rollback = combined_rollback_script(r);
  EXPECT_LT(apply.find("-- ==== indexes"), apply.find("-- ==== config"));
  EXPECT_LT(rollback.find("-- ==== config"), rollback.find("-- ==== indexes"));
}

TEST(ReportBuilder, InformationalItemsStayOutOfTheImplementationScripts) {
  auto p3 = make_finding("index-analyzer/unused-index", "public", "orders", sdk::Severity::Medium);
  p3.script = make_script(sdk::ScriptCategory::Indexes, "DROP INDEX CONCURRENTLY public.i2;",
                          "CREATE INDEX CONCURRENTLY i2 ON public.orders (b);");
  auto info = make_finding("index-analyzer/redundant-index", "public", "orders", sdk::Severity::Low);
  info.script = make_script(sdk::ScriptCategory::Indexes, "DROP INDEX CONCURRENTLY public.i3;",
                            "CREATE INDEX CONCURRENTLY i3 ON public.orders (c);");
  RunResult run;
  run.findings = {record("index-analyzer", p3), record("index-analyzer", info)};
  const sdk::Catalog cat(sample_snapshot());
  const Report r = build_report(cat, run);
  ASSERT_EQ(r.items.size(), 2u);
  EXPECT_EQ(r.items[1].priority, Priority::Info);
  EXPECT_EQ(r.scripts[0].item_ids, std::vector<std::string>{r.items[0].id});
  EXPECT_EQ(combined_apply_script(r).find("public.i3"), std::string::npos);
  EXPECT_EQ(combined_rollback_script(r).find("i3"), std::string::npos);
  EXPECT_NE(combined_apply_script(r).find("public.i2"), std::string::npos);
}

TEST(ReportBuilder, ProvenanceRunLogAndTimestamps) {
  const sdk::Snapshot snap = sample_snapshot();
  const sdk::Catalog cat(snap);
  RunResult run;
  PluginRun pr;
  pr.plugin_id = "index-analyzer";
  pr.status = "failed";
  pr.error = "boom";
  run.runs = {pr};
  run.cancelled = true;
  Report r = build_report(cat, run);
  EXPECT_EQ(r.generated_at, snap.provenance.captured_at);
  EXPECT_EQ(r.database, "shop");
  EXPECT_EQ(r.server_version, "15.4");
  EXPECT_EQ(r.dbopt_version, DBOPT_VERSION);
  EXPECT_EQ(r.runs, run.runs);
  EXPECT_TRUE(r.cancelled);
  ASSERT_EQ(r.capture_issues.size(), 1u);  // the "tables" step succeeded without a note
  EXPECT_EQ(r.capture_issues[0].name, "pgstattuple");
  // A step that succeeded but left data out (its note) is a capture issue too.
  sdk::Snapshot noted = sample_snapshot();
  noted.provenance.probes[0].note = "1 relation skipped: locked ACCESS EXCLUSIVE by another session";
  const sdk::Catalog noted_cat(std::move(noted));
  const Report rn = build_report(noted_cat, run);
  ASSERT_EQ(rn.capture_issues.size(), 2u);
  EXPECT_EQ(rn.capture_issues[0].name, "tables");
  EXPECT_EQ(rn.capture_issues[0].note, noted_cat.snapshot().provenance.probes[0].note);
  ReportOptions opts;
  opts.generated_at = "2030-01-01T00:00:00Z";
  EXPECT_EQ(build_report(cat, run, opts).generated_at, "2030-01-01T00:00:00Z");
}

TEST(ReportBuilder, ObjectDisplayNames) {
  EXPECT_EQ(object_display_name({"table", "public", "Orders", std::nullopt, std::nullopt}), "public.\"Orders\"");
  EXPECT_EQ(object_display_name({"column", "s", "t", std::string("Col"), std::nullopt}), "s.t.\"Col\"");
  EXPECT_EQ(object_display_name({"statement", "", "", std::nullopt, std::int64_t{-42}}), "queryid -42");
  EXPECT_EQ(object_display_name({"setting", "", "work_mem", std::nullopt, std::nullopt}), "work_mem");
  EXPECT_EQ(object_display_name({"database", "", "my db", std::nullopt, std::nullopt}), "\"my db\"");
}

TEST(ReportBuilder, SummaryFactsAndExhibitsInRunOrderWithTheirItems) {
  const sdk::Catalog cat(sample_snapshot());
  RunResult run;
  // Two findings with the same script merge; the kept one has no exhibit, the merged one has:
  // the item still belongs to the exhibit through its source.
  sdk::Finding planned = make_finding("plan-decoder/seq-scan", "public", "orders", sdk::Severity::High);
  planned.script = make_script(sdk::ScriptCategory::Indexes, "CREATE INDEX CONCURRENTLY x ON t (a);",
                               "DROP INDEX CONCURRENTLY IF EXISTS x;");
  planned.exhibit = "plan-decoder/plan-1";
  sdk::Finding advised = planned;
  advised.check_id = "index-analyzer/missing-index";
  advised.exhibit.reset();
  advised.impact.speedup = 50;
  advised.impact.time_share = 0.5;
  sdk::Finding other = make_finding("table-stats/dead-tuples", "public", "orders");
  run.findings = {record("index-analyzer", advised), record("plan-decoder", planned), record("table-stats", other)};
  PluginRun a, p, t;
  a.plugin_id = "index-analyzer";
  p.plugin_id = "plan-decoder";
  p.exhibits = {sdk::Exhibit{"plan-decoder/plan-1", "Plan 1", "", "Seq Scan on orders"},
                sdk::Exhibit{"plan-decoder/plan-1", "duplicate id", "", "ignored"},
                sdk::Exhibit{"plan-decoder/plan-2", "Plan 2", "*no problems*", "Index Scan"}};
  t.plugin_id = "table-stats";
  t.summary = {sdk::SummaryFact{"table-stats/largest", "Largest table", "public.orders", "", {}}};
  p.summary = {sdk::SummaryFact{"plan-decoder/plans", "Plans decoded", "2", "from the snapshot", {}}};
  run.runs = {a, p, t};
  const Report r = build_report(cat, run);
  ASSERT_EQ(r.summary.facts.size(), 2u);
  EXPECT_EQ(r.summary.facts[0].key, "plan-decoder/plans");
  EXPECT_EQ(r.summary.facts[1].key, "table-stats/largest");
  ASSERT_EQ(r.exhibits.size(), 2u);
  EXPECT_EQ(r.exhibits[0].exhibit.title, "Plan 1");
  EXPECT_EQ(r.exhibits[0].plugin_id, "plan-decoder");
  ASSERT_EQ(r.items.size(), 2u);
  const ReportItem& merged = r.items[0].sources.size() == 2 ? r.items[0] : r.items[1];
  ASSERT_EQ(merged.sources.size(), 2u);
  EXPECT_EQ(r.exhibits[0].item_ids, std::vector<std::string>{merged.id});
  EXPECT_TRUE(r.exhibits[1].item_ids.empty());
}

}  // namespace
}  // namespace dbopt::engine

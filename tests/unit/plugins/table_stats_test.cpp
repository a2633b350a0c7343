// table-stats: for each check, the smallest catalog that fires it and the closest ones that must
// not (STYLE.md rule 6); the sequences probe parser with failed and garbage results; hostile names.
// Expected numbers are recomputed here from the formulas in plugins/table-stats/README.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "DeadTuplesCheck.hpp"
#include "Evidence.hpp"
#include "NeverAnalyzedCheck.hpp"
#include "NoPrimaryKeyCheck.hpp"
#include "PartitionCandidateCheck.hpp"
#include "SequenceExhaustionCheck.hpp"
#include "SequenceProbe.hpp"
#include "StaleStatisticsCheck.hpp"
#include "TableBloatCheck.hpp"
#include "TableStatsPlugin.hpp"
#include "TopTablesExhibit.hpp"
#include "XidWraparoundCheck.hpp"

using namespace dbopt::sdk;
namespace ts = dbopt::plugins::table_stats;

namespace {

struct CollectingSink : FindingSink {
  std::vector<Finding> findings;
  std::vector<std::string> logs;
  std::vector<Exhibit> exhibits;
  void add(const Finding& f) noexcept override { findings.push_back(f); }
  void log(std::string_view m) noexcept override { logs.emplace_back(m); }
  void summary(const SummaryFact&) noexcept override {}
  void exhibit(const Exhibit& e) noexcept override { exhibits.push_back(e); }
  bool logged(std::string_view needle) const {
    return std::any_of(logs.begin(), logs.end(),
                       [&](const std::string& l) { return l.find(needle) != std::string::npos; });
  }
  const Finding* on(const std::string& name) const {
    for (const auto& f : findings)
      if (f.object.name == name) return &f;
    return nullptr;
  }
};

template <class Check>
CollectingSink run(const Snapshot& s, const std::map<std::string, std::string>& overrides = {}) {
  Catalog catalog(s);
  CollectingSink sink;
  Check{}.run(catalog, ts::TableStatsPlugin::make_options(overrides), sink);
  return sink;
}

const Metric* evidence(const Finding& f, const std::string& name) {
  for (const auto& m : f.evidence)
    if (m.name == name) return &m;
  return nullptr;
}

void add_setting(Snapshot& s, const std::string& name, const std::string& value) {
  Setting st;
  st.name = name;
  st.setting = value;
  s.settings.push_back(st);
}

/// PostgreSQL 15, 8 kB pages, autovacuum at its defaults.
Snapshot base_snapshot() {
  Snapshot s;
  s.server.server_version_num = 150004;
  s.server.database = "demo";
  add_setting(s, "block_size", "8192");
  add_setting(s, "autovacuum", "on");
  add_setting(s, "track_counts", "on");
  add_setting(s, "autovacuum_vacuum_threshold", "50");
  add_setting(s, "autovacuum_vacuum_scale_factor", "0.2");
  add_setting(s, "autovacuum_analyze_threshold", "50");
  add_setting(s, "autovacuum_analyze_scale_factor", "0.1");
  add_setting(s, "autovacuum_freeze_max_age", "200000000");
  add_setting(s, "autovacuum_multixact_freeze_max_age", "400000000");
  return s;
}

/// A table with a stats row: `live` live and `dead` dead tuples, analyzed and vacuumed once.
Table& add_table(Snapshot& s, Oid oid, const std::string& schema, const std::string& name, double reltuples,
                 std::int64_t live = 0, std::int64_t dead = 0) {
  Table t;
  t.oid = oid;
  t.schemaname = schema;
  t.relname = name;
  t.reltuples = reltuples;
  t.relpages = static_cast<std::int64_t>(reltuples / 100) + 1;
  t.heap_bytes = t.relpages * 8192;
  t.total_bytes = t.heap_bytes;
  TableActivity a;
  a.n_live_tup = live;
  a.n_dead_tup = dead;
  a.last_autovacuum = "2026-11-01T00:00:00Z";
  a.last_autoanalyze = "2026-11-01T00:00:00Z";
  a.autovacuum_count = 1;
  a.autoanalyze_count = 1;
  t.stat = a;
  s.tables.push_back(t);
  return s.tables.back();
}

Column& add_column(Snapshot& s, Oid table, int attnum, const std::string& name, const std::string& type, int attlen,
                   char attalign, std::optional<int> avg_width, double null_frac = 0,
                   std::optional<double> correlation = std::nullopt) {
  Column c;
  c.table_oid = table;
  c.attnum = attnum;
  c.attname = name;
  c.type_name = type;
  c.attlen = attlen;
  c.attalign = attalign;
  c.attnotnull = null_frac == 0;
  if (avg_width) {
    ColumnStats st;
    st.avg_width = *avg_width;
    st.null_frac = null_frac;
    st.correlation = correlation;
    c.stats = st;
  }
  s.columns.push_back(c);
  return s.columns.back();
}

void add_pk(Snapshot& s, Oid table, Oid oid, const std::string& name) {
  Constraint c;
  c.oid = oid;
  c.table_oid = table;
  c.conname = name;
  c.contype = 'p';
  c.conkey = {1};
  s.constraints.push_back(c);
}

// ---------------------------------------------------------------------------------------------
// top-tables

TEST(TableStatsTopTables, OneExhibitLargestFirstNoFindingsAndSafeNames) {
  Snapshot s = base_snapshot();
  add_table(s, 1, "public", "small", 100).total_bytes = 8192;
  Table& big = add_table(s, 2, "public", "big\nline|x", 1e6, 1000, 250);
  big.total_bytes = 3LL << 30;
  big.heap_bytes = 2LL << 30;
  big.indexes_bytes = 1LL << 30;
  Table& parent = add_table(s, 3, "public", "parted", 0);
  parent.relkind = 'p';
  parent.total_bytes = 0;
  const auto sink = run<ts::TopTablesExhibit>(s, {{"top-tables-count", "1"}});
  EXPECT_TRUE(sink.findings.empty());
  ASSERT_EQ(sink.exhibits.size(), 1u);
  const Exhibit& e = sink.exhibits[0];
  EXPECT_EQ(e.id, "table-stats/top-tables");
  EXPECT_NE(e.text.find("\"big line|x\""), std::string::npos) << e.text;
  EXPECT_EQ(e.text.find("small"), std::string::npos) << "top-tables-count=1 lists one table";
  EXPECT_NE(e.text.find("3.0 GB"), std::string::npos);
  EXPECT_NE(e.text.find("20.0 %"), std::string::npos) << "250 dead of 1,250";
  // Header, rule and one row: every line is a line of the table (no embedded newline escaped it).
  EXPECT_EQ(std::count(e.text.begin(), e.text.end(), '\n'), 3);
}

TEST(TableStatsTopTables, NothingWithoutTables) { EXPECT_TRUE(run<ts::TopTablesExhibit>(base_snapshot()).exhibits.empty()); }

TEST(TableStatsTopTables, PlainCellCutsOnCodePoints) {
  auto [text, width] = ts::plain_cell("ééééé", 3);
  EXPECT_EQ(text, "éé…");
  EXPECT_EQ(width, 3u);
  auto [whole, w2] = ts::plain_cell("a\tb", 10);
  EXPECT_EQ(whole, "a b");
  EXPECT_EQ(w2, 3u);
}

// ---------------------------------------------------------------------------------------------
// dead-tuples

TEST(TableStatsDeadTuples, FiresWithVacuumAnalyzeScript) {
  Snapshot s = base_snapshot();
  add_table(s, 1, "ops", "job_queue", 20000, 2000, 18000).reloptions = {"autovacuum_enabled=false"};
  const auto sink = run<ts::DeadTuplesCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.check_id, "table-stats/dead-tuples");
  EXPECT_EQ(f.severity, Severity::Medium);
  ASSERT_TRUE(f.script);
  EXPECT_EQ(f.script->apply, "VACUUM (ANALYZE) ops.job_queue;");
  EXPECT_EQ(f.script->category, ScriptCategory::Vacuum);
  EXPECT_EQ(f.script->rollback.rfind("--", 0), 0u);
  EXPECT_DOUBLE_EQ(*evidence(f, "dead_ratio")->value, 0.9);
  EXPECT_DOUBLE_EQ(*evidence(f, "autovacuum_vacuum_trigger")->value, 50 + 0.2 * 20000);
  EXPECT_EQ(*evidence(f, "last_vacuum")->text, "never");
  EXPECT_NE(f.detail.find("autovacuum\\_enabled = false"), std::string::npos) << f.detail;
  EXPECT_NE(f.risk.why.find("SHARE UPDATE EXCLUSIVE"), std::string::npos);
}

TEST(TableStatsDeadTuples, ClosestNonFiring) {
  Snapshot s = base_snapshot();
  add_table(s, 1, "ops", "below_ratio", 20000, 17000, 3000);   // 0.15
  add_table(s, 2, "ops", "few_dead", 1000, 100, 999);          // ratio 0.9 but 999 rows
  add_table(s, 3, "ops", "parent", 0, 0, 5000).relkind = 'p';  // partitioned parent
  Table& nostat = add_table(s, 4, "ops", "no_stats", 1000);
  nostat.stat.reset();
  EXPECT_TRUE(run<ts::DeadTuplesCheck>(s).findings.empty());
  // The boundary itself fires: exactly 20 %.
  Snapshot b = base_snapshot();
  add_table(b, 1, "ops", "edge", 20000, 16000, 4000);
  EXPECT_EQ(run<ts::DeadTuplesCheck>(b).findings.size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// never-analyzed

Snapshot never_analyzed_snapshot(bool vacuumed) {
  Snapshot s = base_snapshot();
  Table& t = add_table(s, 1, "ops", "import_batch", -1, 5000);
  t.reltuples.reset();
  t.stat->last_autoanalyze.reset();
  t.stat->autoanalyze_count = 0;
  t.stat->n_mod_since_analyze = 5000;
  if (!vacuumed) {
    t.stat->last_autovacuum.reset();
    t.stat->autovacuum_count = 0;
  }
  add_column(s, 1, 1, "id", "bigint", 8, 'd', std::nullopt);
  add_column(s, 1, 2, "line", "text", -1, 'i', std::nullopt);
  return s;
}

TEST(TableStatsNeverAnalyzed, FiresWithVacuumAnalyzeWhenNeverVacuumed) {
  const auto sink = run<ts::NeverAnalyzedCheck>(never_analyzed_snapshot(false));
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.object.name, "import_batch");
  EXPECT_EQ(f.script->apply, "VACUUM (ANALYZE) ops.import_batch;");
  EXPECT_DOUBLE_EQ(*evidence(f, "rows")->value, 5000);
  EXPECT_EQ(f.severity, Severity::Medium);
}

TEST(TableStatsNeverAnalyzed, PlainAnalyzeWhenVacuumedBefore) {
  const auto sink = run<ts::NeverAnalyzedCheck>(never_analyzed_snapshot(true));
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].script->apply, "ANALYZE ops.import_batch;");
}

TEST(TableStatsNeverAnalyzed, ClosestNonFiring) {
  {  // a column has statistics (e.g. stats were reset after an ANALYZE)
    Snapshot s = never_analyzed_snapshot(false);
    s.columns[0].stats = ColumnStats{};
    EXPECT_TRUE(run<ts::NeverAnalyzedCheck>(s).findings.empty());
  }
  {  // an analyze is recorded
    Snapshot s = never_analyzed_snapshot(false);
    s.tables[0].stat->analyze_count = 1;
    EXPECT_TRUE(run<ts::NeverAnalyzedCheck>(s).findings.empty());
  }
  {  // too small
    Snapshot s = never_analyzed_snapshot(false);
    s.tables[0].stat->n_live_tup = 999;
    EXPECT_TRUE(run<ts::NeverAnalyzedCheck>(s).findings.empty());
  }
}

// ---------------------------------------------------------------------------------------------
// stale-statistics

Snapshot stale_snapshot(std::int64_t modified, std::vector<std::string> reloptions = {}) {
  Snapshot s = base_snapshot();
  Table& t = add_table(s, 1, "ops", "sensor_reading", 20000, 30000);
  t.stat->n_mod_since_analyze = modified;
  t.reloptions = std::move(reloptions);
  add_column(s, 1, 1, "id", "bigint", 8, 'd', 8);
  return s;
}

TEST(TableStatsStaleStatistics, FiresAboveTwiceTheAnalyzeTrigger) {
  const auto sink = run<ts::StaleStatisticsCheck>(stale_snapshot(10000));
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.script->apply, "ANALYZE ops.sensor_reading;");
  EXPECT_DOUBLE_EQ(*evidence(f, "autovacuum_analyze_trigger")->value, 50 + 0.1 * 20000);
  EXPECT_DOUBLE_EQ(*evidence(f, "modified_ratio")->value, 0.5);
}

TEST(TableStatsStaleStatistics, BoundaryAndPerTableReloptions) {
  // 2 × (50 + 0.1 × 20,000) = 4,100: equal does not fire, one more does.
  EXPECT_TRUE(run<ts::StaleStatisticsCheck>(stale_snapshot(4100)).findings.empty());
  EXPECT_EQ(run<ts::StaleStatisticsCheck>(stale_snapshot(4101)).findings.size(), 1u);
  // A per-table scale factor of 0.5 moves the trigger to 10,050 (2× = 20,100).
  EXPECT_TRUE(
      run<ts::StaleStatisticsCheck>(stale_snapshot(10000, {"autovacuum_analyze_scale_factor=0.5"})).findings.empty());
  // … and a per-table threshold counts too.
  EXPECT_EQ(run<ts::StaleStatisticsCheck>(stale_snapshot(4101, {"autovacuum_analyze_threshold=0"})).findings.size(),
            1u);
  EXPECT_TRUE(
      run<ts::StaleStatisticsCheck>(stale_snapshot(5000, {"autovacuum_analyze_threshold=1000"})).findings.empty());
}

TEST(TableStatsStaleStatistics, LeavesDeadTupleTablesToDeadTuples) {
  Snapshot s = stale_snapshot(10000);
  s.tables[0].stat->n_dead_tup = 10000;  // 10,000 / 40,000 = 0.25 ≥ 0.20
  EXPECT_TRUE(run<ts::StaleStatisticsCheck>(s).findings.empty());
  EXPECT_EQ(run<ts::DeadTuplesCheck>(s).findings.size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// table-bloat

/// (id bigint, at timestamptz, actor integer, action text avg 9): data 8 + 8 + 4 + 9 = 29 → 32;
/// header MAXALIGN(23) = 24; tuple 24 + 32 + 4 = 60; 8168 / 60 → 136 rows per page.
Snapshot bloat_snapshot(std::int64_t relpages) {
  Snapshot s = base_snapshot();
  Table& t = add_table(s, 1, "ops", "audit_trail", 50000, 50000);
  t.relpages = relpages;
  t.heap_bytes = relpages * 8192;
  add_column(s, 1, 1, "id", "bigint", 8, 'd', 8);
  add_column(s, 1, 2, "at", "timestamp with time zone", 8, 'd', 8);
  add_column(s, 1, 3, "actor_id", "integer", 4, 'i', 4);
  add_column(s, 1, 4, "action", "text", -1, 'i', 9);
  return s;
}

TEST(TableStatsTableBloat, FiresWithVacuumFullAndReclaimedBytes) {
  const auto sink = run<ts::TableBloatCheck>(bloat_snapshot(2000));
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  const double expected_pages = std::ceil(50000.0 / std::floor(8168.0 / 60));
  EXPECT_DOUBLE_EQ(*evidence(f, "expected_pages")->value, expected_pages);
  EXPECT_DOUBLE_EQ(*evidence(f, "tuple_bytes")->value, 60);
  const auto bloat = static_cast<std::int64_t>((2000 - expected_pages) * 8192);
  EXPECT_EQ(f.impact.storage_delta_bytes, -bloat);
  EXPECT_EQ(f.severity, Severity::Medium);
  EXPECT_EQ(f.risk.level, RiskLevel::High);
  EXPECT_NE(f.risk.why.find("ACCESS EXCLUSIVE"), std::string::npos);
  ASSERT_TRUE(f.script);
  EXPECT_EQ(f.script->apply, "VACUUM (FULL, ANALYZE) ops.audit_trail;");
  EXPECT_EQ(f.script->category, ScriptCategory::Vacuum);
}

TEST(TableStatsTableBloat, ClosestNonFiring) {
  // 368 expected pages: 460 pages is exactly 20 % bloat but only 736 kB (< 10 MB).
  EXPECT_TRUE(run<ts::TableBloatCheck>(bloat_snapshot(460)).findings.empty());
  // Large enough in bytes only when the ratio is also met: min-bytes 0 makes 460 pages fire.
  EXPECT_EQ(run<ts::TableBloatCheck>(bloat_snapshot(460), {{"table-bloat-min-bytes", "0"}}).findings.size(), 1u);
  EXPECT_TRUE(run<ts::TableBloatCheck>(bloat_snapshot(459), {{"table-bloat-min-bytes", "0"}}).findings.empty());
}

TEST(TableStatsTableBloat, SkipsTablesWithoutColumnStatisticsAndSaysSo) {
  Snapshot s = bloat_snapshot(2000);
  s.columns[3].stats.reset();
  const auto sink = run<ts::TableBloatCheck>(s);
  EXPECT_TRUE(sink.findings.empty());
  EXPECT_TRUE(sink.logged("ops.audit_trail not estimated: column action has no pg_stats row"));
}

TEST(TableStatsTableBloat, AlignsFixedWidthColumns) {
  // (bool, bigint, bool, bigint): 1 → pad to 8 → 16 → 17 → pad to 24 → 32 bytes of data.
  Snapshot s = base_snapshot();
  Table& t = add_table(s, 1, "public", "padded", 100000, 100000);
  t.relpages = 5000;
  add_column(s, 1, 1, "a", "boolean", 1, 'c', 1);
  add_column(s, 1, 2, "b", "bigint", 8, 'd', 8);
  add_column(s, 1, 3, "c", "boolean", 1, 'c', 1);
  add_column(s, 1, 4, "d", "bigint", 8, 'd', 8);
  const auto sink = run<ts::TableBloatCheck>(s, {{"table-bloat-min-bytes", "0"}});
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_DOUBLE_EQ(*evidence(sink.findings[0], "tuple_bytes")->value, 24 + 32 + 4);
}

TEST(TableStatsTableBloat, NullBitmapAndFillfactor) {
  Snapshot s = bloat_snapshot(3000);
  s.tables[0].reloptions = {"fillfactor=50"};
  s.columns[3].stats->null_frac = 0.5;  // 4 columns → 1 bitmap byte: header MAXALIGN(24) = 24
  const auto sink = run<ts::TableBloatCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  // data 8 + 8 + 4 + 0.5 × 9 = 24.5 → 25 → 32; tuple 60; floor(8168 × 0.5 / 60) = 68 rows per page.
  EXPECT_DOUBLE_EQ(*evidence(sink.findings[0], "expected_pages")->value, std::ceil(50000.0 / 68));
}

TEST(TableStatsTableBloat, PgRepackInstalledGivesCommandNotScript) {
  Snapshot s = bloat_snapshot(2000);
  s.tables[0].relname = "it's \"odd\"";
  s.server.database = "shop's";
  s.extensions.push_back({"pg_repack", "1.5.0", "public"});
  const auto sink = run<ts::TableBloatCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_FALSE(f.script.has_value());
  EXPECT_EQ(f.risk.level, RiskLevel::Medium);
  EXPECT_NE(f.detail.find("pg_repack --dbname='shop'\\''s' --table='ops.\"it'\\''s \"\"odd\"\"\"'"), std::string::npos)
      << f.detail;
}

// ---------------------------------------------------------------------------------------------
// xid-wraparound

TEST(TableStatsXidWraparound, DatabaseAboveHalfCapacityIsCritical) {
  Snapshot s = base_snapshot();
  s.server.datfrozenxid_age = 1'200'000'000;
  s.server.datminmxid_age = 1000;
  add_table(s, 1, "ops", "old", 1000).relfrozenxid_age = 1'150'000'000;
  add_table(s, 2, "ops", "young", 1000).relfrozenxid_age = 1'000'000;
  const auto sink = run<ts::XidWraparoundCheck>(s);
  ASSERT_EQ(sink.findings.size(), 2u);
  const Finding* db = sink.on("demo");
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->object.kind, "database");
  EXPECT_EQ(db->severity, Severity::Critical);
  EXPECT_FALSE(db->script.has_value()) << "the table finding carries the script";
  EXPECT_NEAR(*evidence(*db, "datfrozenxid_age_capacity_ratio")->value, 1.2e9 / 2147483648.0, 1e-12);
  EXPECT_NE(db->detail.find("routine-vacuuming.html#VACUUM-FOR-WRAPAROUND"), std::string::npos);
  const Finding* old = sink.on("old");
  ASSERT_NE(old, nullptr);
  EXPECT_EQ(old->severity, Severity::Critical);
  EXPECT_EQ(old->script->apply, "VACUUM (FREEZE, VERBOSE) ops.old;");
  EXPECT_EQ(sink.on("young"), nullptr);
}

TEST(TableStatsXidWraparound, PastFreezeMaxAgeIsHighAndDatabaseScriptWhenNoTableExplainsIt) {
  Snapshot s = base_snapshot();
  s.server.datfrozenxid_age = 250'000'000;
  add_table(s, 1, "ops", "young", 1000).relfrozenxid_age = 150'000'000;
  const auto sink = run<ts::XidWraparoundCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].severity, Severity::High);
  ASSERT_TRUE(sink.findings[0].script);
  EXPECT_EQ(sink.findings[0].script->apply, "VACUUM (FREEZE, VERBOSE);");
}

TEST(TableStatsXidWraparound, PerTableFreezeMaxAgeAndMultixacts) {
  Snapshot s = base_snapshot();
  s.server.datfrozenxid_age = 199'999'999;  // just below: no database finding
  Table& lowered = add_table(s, 1, "ops", "lowered", 1000);
  lowered.relfrozenxid_age = 150'000'000;
  lowered.reloptions = {"autovacuum_freeze_max_age=100000000"};
  Table& raised = add_table(s, 2, "ops", "raised", 1000);  // a larger per-table value is ignored
  raised.relfrozenxid_age = 150'000'000;
  raised.reloptions = {"autovacuum_freeze_max_age=500000000"};
  add_table(s, 3, "ops", "mxid", 1000).relminmxid_age = 1'100'000'000;
  add_table(s, 4, "ops", "mxid_ok", 1000).relminmxid_age = 399'000'000;
  const auto sink = run<ts::XidWraparoundCheck>(s);
  ASSERT_EQ(sink.findings.size(), 2u);
  ASSERT_NE(sink.on("lowered"), nullptr);
  EXPECT_EQ(sink.on("lowered")->severity, Severity::High);
  ASSERT_NE(sink.on("mxid"), nullptr);
  EXPECT_EQ(sink.on("mxid")->severity, Severity::Critical);
  EXPECT_NE(evidence(*sink.on("mxid"), "relminmxid_age"), nullptr);
}

TEST(TableStatsXidWraparound, MaxTablesOldestFirst) {
  Snapshot s = base_snapshot();
  for (Oid i = 1; i <= 5; ++i) add_table(s, i, "ops", "t" + std::to_string(i), 10).relfrozenxid_age = 300'000'000 + i;
  const auto sink = run<ts::XidWraparoundCheck>(s, {{"wraparound-max-tables", "2"}});
  ASSERT_EQ(sink.findings.size(), 2u);
  EXPECT_EQ(sink.findings[0].object.name, "t5");
  EXPECT_EQ(sink.findings[1].object.name, "t4");
  EXPECT_TRUE(sink.logged("3 more table(s)"));
}

// ---------------------------------------------------------------------------------------------
// sequence-exhaustion (probe parsing + check)

using Row = std::vector<std::optional<std::string>>;

ProbeResult probe_result(std::vector<Row> rows) {
  ProbeResult r;
  r.columns = {"schemaname", "sequencename", "data_type",  "last_value",  "min_value",   "max_value", "increment_by",
               "cycle",      "table_schema", "table_name", "column_name", "column_type", "dependency"};
  r.rows = std::move(rows);
  return r;
}

Row seq_row(std::string seq, std::string type, std::optional<std::string> last, std::string max,
            std::optional<std::string> table, std::optional<std::string> ctype, std::string dep = "a",
            std::string increment = "1", std::string min = "1") {
  return {"ops",
          seq,
          type,
          last,
          min,
          max,
          increment,
          "false",
          table ? std::optional<std::string>("ops") : std::nullopt,
          table,
          table ? std::optional<std::string>("id") : std::nullopt,
          ctype,
          table ? std::optional<std::string>(dep) : std::nullopt};
}

Snapshot with_probe(ProbeResult r) {
  Snapshot s = base_snapshot();
  s.plugin_probes["table-stats"]["sequences"] = std::move(r);
  return s;
}

TEST(TableStatsSequenceExhaustion, IntegerSerialAbove90PercentIsCriticalWithOutlineOnly) {
  const auto sink = run<ts::SequenceExhaustionCheck>(with_probe(
      probe_result({seq_row("invoice_id_seq", "integer", "2000000000", "2147483647", "invoice", "integer")})));
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.severity, Severity::Critical);
  EXPECT_EQ(f.object.kind, "column");
  EXPECT_EQ(f.object.name, "invoice");
  EXPECT_EQ(*f.object.column, "id");
  EXPECT_FALSE(f.script.has_value()) << "the column rewrite is never an auto-apply script";
  EXPECT_NE(f.detail.find("` ALTER TABLE ops.invoice ALTER COLUMN id TYPE bigint; `"), std::string::npos) << f.detail;
  EXPECT_NEAR(*evidence(f, "used_ratio")->value, (2000000000.0 - 1) / (2147483647.0 - 1), 1e-12);
  EXPECT_DOUBLE_EQ(*evidence(f, "remaining_values")->value, 147483647);
}

TEST(TableStatsSequenceExhaustion, Int4ColumnFedByBigintSequenceIsMeasuredAgainstTheColumn) {
  const auto sink = run<ts::SequenceExhaustionCheck>(with_probe(probe_result(
      {seq_row("events_id_seq", "bigint", "2000000000", "9223372036854775807", "events", "integer", "n")})));
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].severity, Severity::Critical);
  EXPECT_DOUBLE_EQ(*evidence(sink.findings[0], "limit")->value, 2147483647.0);
  EXPECT_FALSE(sink.findings[0].script.has_value());
  EXPECT_NE(sink.findings[0].detail.find("integer out of range"), std::string::npos);
}

TEST(TableStatsSequenceExhaustion, NarrowSequenceOnBigintColumnGetsExactAlterSequenceScript) {
  const auto sink = run<ts::SequenceExhaustionCheck>(
      with_probe(probe_result({seq_row("ledger_id_seq", "integer", "1800000000", "2147483647", "ledger", "bigint")})));
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.severity, Severity::High);
  ASSERT_TRUE(f.script);
  EXPECT_EQ(f.script->apply, "ALTER SEQUENCE ops.ledger_id_seq AS bigint;");
  EXPECT_NE(f.script->rollback.find("ALTER SEQUENCE ops.ledger_id_seq AS integer;"), std::string::npos);
  EXPECT_EQ(f.script->category, ScriptCategory::Schema);
}

TEST(TableStatsSequenceExhaustion, ClosestNonFiring) {
  const auto sink = run<ts::SequenceExhaustionCheck>(with_probe(probe_result({
      seq_row("v2_id_seq", "bigint", "2000000000", "9223372036854775807", "invoice_v2", "bigint", "i"),
      seq_row("below_id_seq", "integer", "1610612735", "2147483647", "below", "integer"),  // 74.99 %
      seq_row("unused_id_seq", "integer", std::nullopt, "2147483647", "unused", "integer"),
  })));
  EXPECT_TRUE(sink.findings.empty());
  EXPECT_TRUE(sink.logged("1 sequence(s) without last_value"));
}

TEST(TableStatsSequenceExhaustion, NarrowSequenceWithCustomMaxOrUnownedGetsNoScript) {
  const auto sink = run<ts::SequenceExhaustionCheck>(with_probe(probe_result({
      seq_row("custom_seq", "integer", "950", "1000", "custom", "bigint"),
      seq_row("free_seq", "smallint", "32000", "32767", std::nullopt, std::nullopt),
  })));
  ASSERT_EQ(sink.findings.size(), 2u);
  for (const auto& f : sink.findings) EXPECT_FALSE(f.script.has_value()) << f.title;
  const Finding* free = sink.on("free_seq");
  ASSERT_NE(free, nullptr);
  EXPECT_EQ(free->object.kind, "sequence");
}

TEST(TableStatsSequenceExhaustion, DescendingSequence) {
  const auto sink = run<ts::SequenceExhaustionCheck>(with_probe(probe_result(
      {seq_row("down_seq", "integer", "-2000000000", "-1", "down", "integer", "a", "-1", "-2147483648")})));
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].severity, Severity::Critical);
  EXPECT_DOUBLE_EQ(*evidence(sink.findings[0], "limit")->value, -2147483648.0);
}

TEST(TableStatsSequenceExhaustion, DuplicateLinksGiveOneFindingAndHostileNamesAreQuoted) {
  Row owned = seq_row("Seq \"x\"; DROP", "integer", "2100000000", "2147483647", "T|b", "integer", "a");
  Row dflt = owned;
  dflt[12] = "n";
  const auto sink = run<ts::SequenceExhaustionCheck>(with_probe(probe_result({owned, dflt})));
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_NE(f.title.find("ops.\"Seq \"\"x\"\"; DROP\""), std::string::npos) << f.title;
  EXPECT_NE(f.detail.find("ops.\"T\\|b\""), std::string::npos) << f.detail;
  EXPECT_NE(f.detail.find("OWNED BY"), std::string::npos);
}

TEST(TableStatsSequenceProbe, MissingFailedAndGarbageResults) {
  {
    const auto sink = run<ts::SequenceExhaustionCheck>(base_snapshot());
    EXPECT_TRUE(sink.findings.empty());
    EXPECT_TRUE(sink.logged("was not captured"));
  }
  {
    ProbeResult failed;
    failed.status = "failed";
    failed.error = "ERROR:  permission denied for sequence s (SQLSTATE 42501)";
    const auto sink = run<ts::SequenceExhaustionCheck>(with_probe(failed));
    EXPECT_TRUE(sink.findings.empty());
    EXPECT_TRUE(sink.logged("permission denied"));
  }
  {
    ProbeResult r = probe_result({});
    r.columns.erase(r.columns.begin() + 3);  // no last_value
    const auto sink = run<ts::SequenceExhaustionCheck>(with_probe(r));
    EXPECT_TRUE(sink.logged("no column last_value"));
  }
  {
    Row short_row = {"ops", "s"};
    Row bad_number = seq_row("bad", "integer", "2e9", "2147483647", "bad", "integer");
    Row zero_increment = seq_row("zero", "integer", "2100000000", "2147483647", "zero", "integer", "a", "0");
    Row good = seq_row("good", "integer", "2100000000", "2147483647", "good", "integer");
    const auto sink =
        run<ts::SequenceExhaustionCheck>(with_probe(probe_result({short_row, bad_number, zero_increment, good})));
    ASSERT_EQ(sink.findings.size(), 1u) << "garbage rows are skipped, the good row still counts";
    EXPECT_EQ(sink.findings[0].object.name, "good");
    EXPECT_TRUE(sink.logged("row 1 has 2 values"));
    EXPECT_TRUE(sink.logged("row 2 is malformed"));
    EXPECT_TRUE(sink.logged("row 3 is malformed"));
  }
}

TEST(TableStatsSequenceProbe, ProbeIsDeclaredAndReadOnly) {
  const auto probes = ts::TableStatsPlugin{}.probes(Catalog(base_snapshot()), ts::TableStatsPlugin::make_options());
  ASSERT_EQ(probes.size(), 1u);
  EXPECT_EQ(probes[0].name, "sequences");
  EXPECT_EQ(probes[0].sql.rfind("SELECT", 0), 0u);
  EXPECT_TRUE(probes[0].statement_timeout_ms.has_value());
}

// ---------------------------------------------------------------------------------------------
// no-primary-key

TEST(TableStatsNoPrimaryKey, FiresWithoutKeyLowWhenAUniqueIndexCanBecomeIt) {
  Snapshot s = base_snapshot();
  add_table(s, 1, "ops", "clickstream_raw", 1000);
  add_column(s, 1, 1, "session_id", "uuid", 16, 'c', 16);
  add_table(s, 2, "ops", "with unique", 1000);
  add_column(s, 2, 1, "code", "text", -1, 'i', 8);
  Index u;
  u.oid = 20;
  u.table_oid = 2;
  u.schemaname = "ops";
  u.relname = "with unique_code_key";
  u.amname = "btree";
  u.indisunique = true;
  u.keys = {IndexKey{1, "code"}};
  u.indexdef = "CREATE UNIQUE INDEX \"with unique_code_key\" ON ops.\"with unique\" USING btree (code)";
  s.indexes.push_back(u);
  const auto sink = run<ts::NoPrimaryKeyCheck>(s);
  ASSERT_EQ(sink.findings.size(), 2u);
  EXPECT_EQ(sink.on("clickstream_raw")->severity, Severity::Medium);
  const Finding* uf = sink.on("with unique");
  ASSERT_NE(uf, nullptr);
  EXPECT_EQ(uf->severity, Severity::Low);
  EXPECT_NE(uf->detail.find("ALTER TABLE ops.\"with unique\" ADD CONSTRAINT \"with unique_pkey\" PRIMARY KEY USING "
                            "INDEX \"with unique_code_key\";"),
            std::string::npos)
      << uf->detail;
  EXPECT_FALSE(uf->script.has_value());
}

TEST(TableStatsNoPrimaryKey, ClosestNonFiring) {
  Snapshot s = base_snapshot();
  add_table(s, 1, "ops", "keyed", 1000);
  add_pk(s, 1, 10, "keyed_pkey");
  add_table(s, 2, "ops", "empty", 0);
  Table& part = add_table(s, 3, "ops", "part_2026", 500);
  part.relispartition = true;
  part.parent_oid = 4;
  Table& parent = add_table(s, 4, "ops", "parted", 0);
  parent.relkind = 'p';
  add_pk(s, 4, 11, "parted_pkey");
  EXPECT_TRUE(run<ts::NoPrimaryKeyCheck>(s).findings.empty());
  // Without the parent's key the parent is reported once, with its partitions' rows.
  s.constraints.pop_back();
  const auto sink = run<ts::NoPrimaryKeyCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].object.name, "parted");
  EXPECT_DOUBLE_EQ(*evidence(sink.findings[0], "rows")->value, 500);
}

// ---------------------------------------------------------------------------------------------
// partition-candidate

Snapshot partition_snapshot(std::int64_t heap_bytes, double correlation) {
  Snapshot s = base_snapshot();
  s.hardware.ram_bytes = 64LL << 30;
  Table& t = add_table(s, 1, "ops", "events", 1.5e8);
  t.heap_bytes = heap_bytes;
  t.total_bytes = heap_bytes + (12LL << 30);
  add_column(s, 1, 1, "id", "bigint", 8, 'd', 8, 0, 1.0);  // correlated, but not a time column
  add_column(s, 1, 2, "created_at", "timestamp with time zone", 8, 'd', 8, 0, correlation);
  return s;
}

TEST(TableStatsPartitionCandidate, LargeTimeCorrelatedTableAboveRam) {
  const auto sink = run<ts::PartitionCandidateCheck>(partition_snapshot(100LL << 30, 0.98));
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.severity, Severity::Info);
  EXPECT_FALSE(f.script.has_value());
  EXPECT_EQ(*evidence(f, "partition_key")->text, "created_at");
  EXPECT_DOUBLE_EQ(*evidence(f, "min_bytes")->value, static_cast<double>(64LL << 30));
  EXPECT_NE(f.detail.find("` CREATE TABLE … (LIKE ops.events INCLUDING ALL) PARTITION BY RANGE (created_at) `"),
            std::string::npos)
      << f.detail;
}

TEST(TableStatsPartitionCandidate, ClosestNonFiring) {
  EXPECT_TRUE(run<ts::PartitionCandidateCheck>(partition_snapshot(100LL << 30, 0.89)).findings.empty());
  EXPECT_TRUE(run<ts::PartitionCandidateCheck>(partition_snapshot((64LL << 30) - 1, 0.98)).findings.empty());
  // Without RAM the fallback is 64 GB; the option overrides both.
  Snapshot s = partition_snapshot(10LL << 30, -0.95);
  s.hardware.ram_bytes.reset();
  EXPECT_TRUE(run<ts::PartitionCandidateCheck>(s).findings.empty());
  EXPECT_EQ(run<ts::PartitionCandidateCheck>(s, {{"partition-min-bytes", "8GB"}}).findings.size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// plugin

TEST(TableStatsPlugin, InfoListsEveryCheckWithUniqueOptions) {
  const PluginInfo info = ts::TableStatsPlugin{}.info();
  EXPECT_EQ(info.id, "table-stats");
  EXPECT_EQ(info.phase, Phase::Profile);
  EXPECT_EQ(info.checks.size(), 9u);
  for (const auto& c : info.checks) EXPECT_EQ(c.id.rfind("table-stats/", 0), 0u) << c.id;
  std::vector<std::string> names;
  for (const auto& o : info.options) names.push_back(o.name);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
  EXPECT_THROW(ts::TableStatsPlugin::make_options({{"no-such-option", "1"}}), std::invalid_argument);
  EXPECT_THROW(ts::TableStatsPlugin::make_options({{"dead-tuples-min-ratio", "2"}}), std::invalid_argument);
}

TEST(TableStatsPlugin, HostileTableNameIsQuotedInScriptsAndEscapedInMarkdown) {
  Snapshot s = base_snapshot();
  add_table(s, 1, "we\"ird", "a*b|<script>; DROP TABLE x", 20000, 2000, 18000);
  const auto sink = run<ts::DeadTuplesCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].script->apply, "VACUUM (ANALYZE) \"we\"\"ird\".\"a*b|<script>; DROP TABLE x\";");
  EXPECT_NE(sink.findings[0].detail.find("a\\*b\\|\\<script\\>"), std::string::npos);
  EXPECT_EQ(sink.findings[0].detail.find("<script>"), std::string::npos);
}

}  // namespace

namespace {
TEST(TableStatsMarkdown, CodeSpanSurvivesBackticksAndNewlines) {
  EXPECT_EQ(ts::code_span("ALTER SEQUENCE s AS bigint;"), "` ALTER SEQUENCE s AS bigint; `");
  EXPECT_EQ(ts::code_span("a`b\nc"), "`` a`b c ``");
  EXPECT_EQ(ts::code_span("x``y"), "``` x``y ```");
}
}  // namespace

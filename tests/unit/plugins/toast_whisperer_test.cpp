// toast-whisperer: for each check, the smallest catalog that fires it and the closest ones that
// must not (STYLE.md rule 6), with the capture probe rows it reads; the probe SQL with hostile
// names; failed and garbage probe results. Expected numbers are recomputed here from the rules
// written out in plugins/toast-whisperer/README.md, independently of the plugin's code.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "ColumnSampleProbe.hpp"
#include "ColumnTetrisCheck.hpp"
#include "PglzCompressionCheck.hpp"
#include "StorageStrategyCheck.hpp"
#include "ToastHeavyTableCheck.hpp"
#include "ToastLimits.hpp"
#include "ToastWhispererPlugin.hpp"
#include "TupleLayout.hpp"

using namespace dbopt::sdk;
namespace tw = dbopt::plugins::toast_whisperer;

namespace {

struct CollectingSink : FindingSink {
  std::vector<Finding> findings;
  std::vector<std::string> logs;
  void add(const Finding& f) noexcept override { findings.push_back(f); }
  void log(std::string_view m) noexcept override { logs.emplace_back(m); }
  void summary(const SummaryFact&) noexcept override {}
  void exhibit(const Exhibit&) noexcept override {}
  bool logged(std::string_view needle) const {
    return std::any_of(logs.begin(), logs.end(), [&](const std::string& l) { return l.find(needle) != std::string::npos; });
  }
  const Finding* find(const std::string& kind) const {
    for (const auto& f : findings)
      if (f.object.kind == kind) return &f;
    return nullptr;
  }
};

template <class Check>
CollectingSink run(const Snapshot& s, const std::map<std::string, std::string>& overrides = {},
                   std::vector<StatementFacts> facts = {}) {
  Catalog catalog(s, std::move(facts));
  CollectingSink sink;
  Check{}.run(catalog, tw::ToastWhispererPlugin::make_options(overrides), sink);
  return sink;
}

Setting setting(const std::string& name, const std::string& value, const std::string& source = "default") {
  Setting s;
  s.name = name;
  s.setting = value;
  s.source = source;
  s.context = "user";
  return s;
}

/// PostgreSQL 15, 8 kB pages, default_toast_compression = pglz, lz4 accepted.
Snapshot base_snapshot(int version = 150004) {
  Snapshot s;
  s.server.server_version_num = version;
  s.settings.push_back(setting("block_size", "8192"));
  s.settings.push_back(setting("default_toast_compression", "pglz"));
  ProbeResult server;
  server.columns = {"enumvals"};
  server.rows = {{std::string("{pglz,lz4}")}};
  s.plugin_probes["toast-whisperer"][tw::kServerCompressionProbe] = server;
  return s;
}

Table& add_table(Snapshot& s, Oid oid, const std::string& schema, const std::string& name, double reltuples,
                 std::int64_t heap_bytes, std::int64_t toast_bytes) {
  Table t;
  t.oid = oid;
  t.schemaname = schema;
  t.relname = name;
  t.reltuples = reltuples;
  t.relpages = heap_bytes / 8192;
  t.heap_bytes = heap_bytes;
  t.reltoastrelid = oid + 1;
  t.toast_bytes = toast_bytes;
  TableIo io;
  io.heap_blks_hit = 1000;
  io.toast_blks_hit = 500;
  io.toast_blks_read = 20;
  t.statio = io;
  s.tables.push_back(t);
  return s.tables.back();
}

Column& add_column(Snapshot& s, Oid table, int attnum, const std::string& name, const std::string& type, int attlen,
                   char attalign, std::optional<int> avg_width = std::nullopt, char attstorage = 'p') {
  Column c;
  c.table_oid = table;
  c.attnum = attnum;
  c.attname = name;
  c.type_name = type;
  c.atttypid = type == "text" ? 25 : type == "jsonb" ? 3802 : type == "bytea" ? 17 : 23;
  c.attlen = attlen;
  c.attalign = attalign;
  c.attstorage = attstorage;
  if (avg_width) {
    ColumnStats st;
    st.avg_width = *avg_width;
    c.stats = st;
  }
  s.columns.push_back(c);
  return s.columns.back();
}

/// A varlena EXTENDED column (text).
Column& add_text(Snapshot& s, Oid table, int attnum, const std::string& name, int avg_width = 18) {
  return add_column(s, table, attnum, name, "text", -1, 'i', avg_width, 'x');
}

/// One row of a `columns-<oid>` probe, with the column names the probe SQL returns.
struct SampleRow {
  int attnum;
  std::int64_t sampled_rows = 1000, non_null = 1000, stored_bytes = 0, max_stored_bytes = 0, raw_bytes = 0;
  std::int64_t out_of_line = 0, out_of_line_stored_bytes = 0;
  std::optional<std::int64_t> pglz = 0, lz4 = 0;
  std::int64_t large_values = 0;
  std::optional<std::int64_t> large_pglz = 0, large_uncompressed = 0;
  std::int64_t large_stored_bytes = 0, large_raw_bytes = 0;
};

std::optional<std::string> num(std::optional<std::int64_t> v) {
  return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
}

void add_sample(Snapshot& s, Oid table, const std::vector<SampleRow>& rows) {
  ProbeResult r;
  r.columns = {"attnum", "sampled_rows", "non_null", "stored_bytes", "max_stored_bytes", "raw_bytes", "raw_method",
               "out_of_line", "out_of_line_stored_bytes", "out_of_line_method", "pglz", "lz4", "large_values",
               "large_pglz", "large_uncompressed", "large_stored_bytes", "large_raw_bytes"};
  for (const SampleRow& x : rows)
    r.rows.push_back({num(x.attnum), num(x.sampled_rows), num(x.non_null), num(x.stored_bytes), num(x.max_stored_bytes),
                      num(x.raw_bytes), std::string("octet_length"), num(x.out_of_line), num(x.out_of_line_stored_bytes),
                      std::string("size"), num(x.pglz), num(x.lz4), num(x.large_values), num(x.large_pglz),
                      num(x.large_uncompressed), num(x.large_stored_bytes), num(x.large_raw_bytes)});
  s.plugin_probes["toast-whisperer"][tw::column_probe_name(table)] = r;
}

/// A table "docs" (oid 100) with an int id and a text body: 200 MB heap, `toast_mb` of TOAST.
Snapshot toast_snapshot(std::int64_t toast_mb) {
  Snapshot s = base_snapshot();
  add_table(s, 100, "app", "docs", 100000, 200LL << 20, toast_mb << 20);
  add_column(s, 100, 1, "id", "integer", 4, 'i', 4);
  add_text(s, 100, 2, "body");
  return s;
}

SampleRow big_body_row() {
  SampleRow r{2};
  r.stored_bytes = 1000 * 3000;
  r.out_of_line = 800;
  r.out_of_line_stored_bytes = 800 * 3500;
  r.pglz = 700;
  r.large_values = 900;
  r.large_pglz = 700;
  r.large_uncompressed = 150;
  r.large_stored_bytes = 900 * 3300;
  r.large_raw_bytes = 900 * 9000;
  return r;
}

// --- probes ----------------------------------------------------------------------------------

TEST(ToastWhispererProbes, ToastLimitsMatchHeaptoastH) {
  EXPECT_EQ(tw::toast_tuple_threshold(8192), 2032);
  EXPECT_EQ(tw::toast_tuple_target_main(8192), 8160);
  EXPECT_EQ(tw::toast_tuple_threshold(32768), 8176);  // (32768 - 40) / 4 = 8182, MAXALIGN_DOWN
  EXPECT_EQ(tw::toast_tuple_target_option({"fillfactor=90", "toast_tuple_target=4080"}), 4080);
  EXPECT_FALSE(tw::toast_tuple_target_option({"toast_tuple_target=x"}).has_value());
}

TEST(ToastWhispererProbes, OneProbePerToastedTableWithBudgetSplit) {
  Snapshot s = toast_snapshot(50);
  add_table(s, 200, "app", "narrow", 1000, 8192 * 4, 8192);  // empty TOAST, narrow text column
  add_text(s, 200, 1, "code", 12);
  Table no_toast;
  no_toast.oid = 300;
  no_toast.schemaname = "app";
  no_toast.relname = "ints";
  no_toast.relpages = 10;
  s.tables.push_back(no_toast);
  add_column(s, 300, 1, "n", "integer", 4, 'i', 4);
  Catalog catalog(s);
  tw::ProbeSettings settings;
  settings.total_budget_ms = 3000;
  settings.min_probe_timeout_ms = 100;
  settings.max_probe_timeout_ms = 2000;
  const auto probes = tw::column_sample_probes(catalog, settings);
  ASSERT_EQ(probes.size(), 2u);
  EXPECT_EQ(probes[0].name, "server-compression");
  EXPECT_EQ(probes[1].name, "columns-100");
  ASSERT_TRUE(probes[1].statement_timeout_ms.has_value());
  EXPECT_DOUBLE_EQ(*probes[1].statement_timeout_ms, 2000);  // 3000 ms / 1 probe, capped at 2000
  const std::string& q = probes[1].sql;
  EXPECT_NE(q.find("TABLESAMPLE SYSTEM ("), std::string::npos);
  EXPECT_NE(q.find("REPEATABLE (0) LIMIT 5000"), std::string::npos);
  EXPECT_NE(q.find("FROM app.docs"), std::string::npos);
  EXPECT_NE(q.find("pg_column_compression(v) = 'pglz'"), std::string::npos);
  EXPECT_NE(q.find("octet_length(v) > 2032"), std::string::npos);
  EXPECT_EQ(q.find("\"id\""), std::string::npos) << "fixed-width columns are not sampled";
}

TEST(ToastWhispererProbes, SamplePercentFromRelpagesAndReltuples) {
  Snapshot s = toast_snapshot(50);  // 25 600 pages, 100 000 rows: ~3.9 rows per page
  Catalog catalog(s);
  tw::ProbeSettings settings;
  settings.sample_rows = 1000;
  const std::string q = tw::column_probe_sql(catalog, s.tables[0], settings);
  // pages wanted = 2 (margin) × 1000 / (100000 / 25600) = 512; 512 / 25600 = 2 %
  EXPECT_NE(q.find("TABLESAMPLE SYSTEM (2.0000)"), std::string::npos) << q;
}

TEST(ToastWhispererProbes, HostileNamesAreQuotedNeverSpliced) {
  Snapshot s = base_snapshot();
  add_table(s, 100, "we\"ird sch", "Robert'); DROP TABLE x;--", 10, 8192 * 10, 1 << 20);
  add_text(s, 100, 1, "body\" FROM pg_authid; --");
  add_column(s, 100, 2, "select", "jsonb", -1, 'i', 400, 'x');
  add_column(s, 100, 3, "tags", "text[]", -1, 'i', 400, 'x');
  Catalog catalog(s);
  const std::string q = tw::column_probe_sql(catalog, s.tables[0], {});
  EXPECT_NE(q.find("FROM \"we\"\"ird sch\".\"Robert'); DROP TABLE x;--\" TABLESAMPLE"), std::string::npos) << q;
  EXPECT_NE(q.find("SELECT \"body\"\" FROM pg_authid; --\" AS c1, \"select\" AS c2, tags AS c3"), std::string::npos) << q;
  // jsonb: uncompressed size through ARRAY[v]; an array column cannot use it
  EXPECT_NE(q.find("(pg_column_size(ARRAY[v]) - 28)"), std::string::npos);
  EXPECT_NE(q.find("'stored' AS raw_method"), std::string::npos);
  // names appear only as quoted identifiers: the statement is one WITH … SELECT
  EXPECT_EQ(q.rfind("WITH s AS MATERIALIZED", 0), 0u);
}

TEST(ToastWhispererProbes, VersionBranches) {
  Snapshot old = toast_snapshot(50);
  old.server.server_version_num = 130010;
  Catalog c13(old);
  const auto p13 = tw::column_sample_probes(c13);
  ASSERT_EQ(p13.size(), 1u);  // no server-compression before 14
  EXPECT_NE(p13[0].sql.find("NULL::bigint AS pglz"), std::string::npos);
  EXPECT_EQ(p13[0].sql.find("pg_column_compression"), std::string::npos);
  Snapshot pg17 = toast_snapshot(50);
  pg17.server.server_version_num = 170002;
  Catalog c17(pg17);
  const std::string q17 = tw::column_probe_sql(c17, pg17.tables[0], {});
  EXPECT_NE(q17.find("pg_column_toast_chunk_id(v) IS NOT NULL"), std::string::npos);
}

/// Names of `probes`, in order.
std::vector<std::string> probe_names(const std::vector<Probe>& probes) {
  std::vector<std::string> names;
  for (const auto& p : probes) names.push_back(p.name);
  return names;
}

TEST(ToastWhispererProbes, ProbesFollowTheResolvedOptions) {
  Snapshot s = toast_snapshot(50);                                   // app.docs: 200 MB heap + 50 MB TOAST
  add_table(s, 200, "app", "notes", 1000, 10LL << 20, 5LL << 20);   // smaller: sampled second
  add_text(s, 200, 1, "note");
  Catalog catalog(s);
  const tw::ToastWhispererPlugin plugin;

  // Defaults (README "Capture probes"): LIMIT 5000; 60 s / 2 tables = 30 s, capped at 10 s.
  const auto defaults = plugin.probes(catalog, tw::ToastWhispererPlugin::make_options());
  EXPECT_EQ(probe_names(defaults), (std::vector<std::string>{"server-compression", "columns-100", "columns-200"}));
  for (std::size_t i = 1; i < defaults.size(); ++i) {
    EXPECT_NE(defaults[i].sql.find("LIMIT 5000)"), std::string::npos) << defaults[i].sql;
    EXPECT_EQ(defaults[i].statement_timeout_ms, 10000.0) << defaults[i].name;
  }

  // Overridden as with --set: 3000 ms / 2 tables = 1500 ms, within [1000, 2500].
  const auto set = plugin.probes(catalog, tw::ToastWhispererPlugin::make_options({{"sample-rows", "123"},
                                                                                  {"probe-budget", "3000"},
                                                                                  {"probe-timeout", "2500"}}));
  ASSERT_EQ(set.size(), 3u);
  for (std::size_t i = 1; i < set.size(); ++i) {
    EXPECT_NE(set[i].sql.find("LIMIT 123)"), std::string::npos) << set[i].sql;
    EXPECT_EQ(set[i].sql.find("LIMIT 5000"), std::string::npos) << set[i].name;
    EXPECT_EQ(set[i].statement_timeout_ms, 1500.0) << set[i].name;
  }

  // max-tables keeps the largest; a probe-timeout below the 1 s floor lowers the floor.
  const auto one = plugin.probes(catalog, tw::ToastWhispererPlugin::make_options({{"max-tables", "1"},
                                                                                  {"probe-timeout", "400"}}));
  EXPECT_EQ(probe_names(one), (std::vector<std::string>{"server-compression", "columns-100"}));
  ASSERT_EQ(one.size(), 2u);
  EXPECT_EQ(one[1].statement_timeout_ms, 400.0);

  // A plugin reading an option the host did not resolve fails (the shim reports it).
  EXPECT_THROW(plugin.probes(catalog, Options{}), std::out_of_range);
}

TEST(ToastWhispererProbes, InvalidProbeOptionsAreRefused) {
  const PluginInfo info = tw::ToastWhispererPlugin{}.info();
  EXPECT_THROW(make_options(info.id, info.options, {{"sample-rows", "0"}}), std::invalid_argument);  // min 1
  EXPECT_THROW(make_options(info.id, info.options, {{"sample-rows", "1.5"}}), std::invalid_argument);
  EXPECT_THROW(make_options(info.id, info.options, {{"probe-budget", "soon"}}), std::invalid_argument);
  EXPECT_THROW(make_options(info.id, info.options, {{"probe-timeout", "0"}}), std::invalid_argument);  // min 1 ms
  EXPECT_THROW(make_options(info.id, info.options, {{"max-tables", "0"}}), std::invalid_argument);     // min 1
  EXPECT_THROW(make_options(info.id, info.options, {{"sample-size", "10"}}), std::invalid_argument);   // undeclared
  EXPECT_EQ(make_options(info.id, info.options, {{"max-tables", "7"}}).integer("max-tables"), 7);
}

TEST(ToastWhispererProbes, FailedAndGarbageProbesAreLoggedAndSkipped) {
  Snapshot failed = toast_snapshot(50);
  ProbeResult r;
  r.status = "failed";
  r.error = "ERROR:  canceling statement due to statement timeout (SQLSTATE 57014)";
  failed.plugin_probes["toast-whisperer"]["columns-100"] = r;
  Catalog c1(failed);
  CollectingSink s1;
  EXPECT_FALSE(tw::read_table_sample(c1, failed.tables[0], s1).has_value());
  EXPECT_TRUE(s1.logged("statement timeout"));

  Snapshot garbage = toast_snapshot(50);
  add_sample(garbage, 100, {big_body_row()});
  garbage.plugin_probes["toast-whisperer"]["columns-100"].rows[0][3] = std::string("12abc");
  Catalog c2(garbage);
  CollectingSink s2;
  EXPECT_FALSE(tw::read_table_sample(c2, garbage.tables[0], s2).has_value());
  EXPECT_TRUE(s2.logged("unreadable"));

  Snapshot wrong_column = toast_snapshot(50);
  SampleRow fixed{1};  // attnum 1 is the integer id: never sampled
  add_sample(wrong_column, 100, {fixed});
  Catalog c3(wrong_column);
  CollectingSink s3;
  EXPECT_FALSE(tw::read_table_sample(c3, wrong_column.tables[0], s3).has_value());

  Snapshot inconsistent = toast_snapshot(50);
  SampleRow bad = big_body_row();
  bad.out_of_line = 5000;  // more than non_null
  add_sample(inconsistent, 100, {bad});
  Catalog c4(inconsistent);
  CollectingSink s4;
  EXPECT_FALSE(tw::read_table_sample(c4, inconsistent.tables[0], s4).has_value());

  // the checks still run: toast-heavy-table reports the table without the columns responsible
  const auto sink = run<tw::ToastHeavyTableCheck>(failed);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_NE(sink.findings[0].detail.find("unknown"), std::string::npos);
  EXPECT_EQ(sink.findings[0].confidence, Confidence::Modeled);
}

TEST(ToastWhispererProbes, Lz4AvailabilityFromEnumvals) {
  Snapshot s = base_snapshot();
  EXPECT_EQ(tw::lz4_available(Catalog(s)), true);
  s.plugin_probes["toast-whisperer"]["server-compression"].rows = {{std::string("{pglz}")}};
  EXPECT_EQ(tw::lz4_available(Catalog(s)), false);
  s.plugin_probes.clear();
  EXPECT_FALSE(tw::lz4_available(Catalog(s)).has_value());
}

// --- toast-heavy-table -----------------------------------------------------------------------

TEST(ToastHeavyTable, FiresAboveTenPercentWithTheColumnsResponsible) {
  Snapshot s = toast_snapshot(50);  // 50 MB / 200 MB = 25 %
  add_sample(s, 100, {big_body_row()});
  const auto sink = run<tw::ToastHeavyTableCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.check_id, "toast-whisperer/toast-heavy-table");
  EXPECT_EQ(f.story, "DB-OPT-03");
  EXPECT_EQ(f.object.name, "docs");
  EXPECT_NE(f.title.find("25.0 %"), std::string::npos) << f.title;
  EXPECT_NE(f.detail.find("| body | 800 of 1,000 |"), std::string::npos) << f.detail;
  // 800 × 3500 bytes out of line in 1000 sampled rows, × 100 000 reltuples = 280 000 000 bytes
  const auto it = std::find_if(f.evidence.begin(), f.evidence.end(),
                               [](const Metric& m) { return m.name == "out_of_line_bytes_estimate"; });
  ASSERT_NE(it, f.evidence.end());
  EXPECT_DOUBLE_EQ(*it->value, 280000000.0);
  EXPECT_EQ(f.severity, Severity::Medium);  // 520 TOAST blocks ≥ 10 % of 1000 heap blocks
  EXPECT_FALSE(f.script.has_value());
}

TEST(ToastHeavyTable, TitleGivesAMultipleOnceTheToastExceedsTwiceTheHeap) {
  const auto below = run<tw::ToastHeavyTableCheck>(toast_snapshot(300));  // 300 MB / 200 MB
  ASSERT_EQ(below.findings.size(), 1u);
  EXPECT_NE(below.findings[0].title.find("150.0 % of the table"), std::string::npos) << below.findings[0].title;
  const auto above = run<tw::ToastHeavyTableCheck>(toast_snapshot(1000));  // 1000 MB / 200 MB
  ASSERT_EQ(above.findings.size(), 1u);
  EXPECT_NE(above.findings[0].title.find("is 5× the size of its heap"), std::string::npos) << above.findings[0].title;
}

TEST(ToastHeavyTable, QuietBelowTheRatioOrTheMinimumSize) {
  EXPECT_TRUE(run<tw::ToastHeavyTableCheck>(toast_snapshot(20)).findings.empty());  // exactly 10 %: not above
  EXPECT_EQ(run<tw::ToastHeavyTableCheck>(toast_snapshot(21)).findings.size(), 1u);
  EXPECT_TRUE(run<tw::ToastHeavyTableCheck>(toast_snapshot(21), {{"toast-ratio", "0.15"}}).findings.empty());
  Snapshot tiny = base_snapshot();
  add_table(tiny, 100, "app", "tiny", 10, 8192, 512 * 1024);  // 64× the heap, but 512 kB < 1 MB
  add_text(tiny, 100, 1, "body");
  EXPECT_TRUE(run<tw::ToastHeavyTableCheck>(tiny).findings.empty());
  EXPECT_THROW(tw::ToastWhispererPlugin::make_options({{"toast-ratio", "-1"}}), std::invalid_argument);
}

// --- pglz-compression ------------------------------------------------------------------------

TEST(PglzCompression, FiresOnLargePglzValuesWithScriptAndDefaultSetting) {
  Snapshot s = toast_snapshot(50);
  add_sample(s, 100, {big_body_row()});
  const auto sink = run<tw::PglzCompressionCheck>(s);
  ASSERT_EQ(sink.findings.size(), 2u);
  const Finding* col = sink.find("column");
  ASSERT_NE(col, nullptr);
  EXPECT_EQ(col->object.column, "body");
  ASSERT_TRUE(col->script.has_value());
  EXPECT_EQ(col->script->apply, "ALTER TABLE app.docs ALTER COLUMN body SET COMPRESSION lz4;");
  EXPECT_EQ(col->script->rollback, "ALTER TABLE app.docs ALTER COLUMN body SET COMPRESSION DEFAULT;");
  EXPECT_EQ(col->severity, Severity::Medium);  // 150 of 850 (18 %) left uncompressed by pglz
  EXPECT_NE(col->detail.find("Only values written from now on"), std::string::npos);
  EXPECT_NE(col->detail.find("VACUUM FULL"), std::string::npos);
  const Finding* conf = sink.find("setting");
  ASSERT_NE(conf, nullptr);
  EXPECT_EQ(conf->object.name, "default_toast_compression");
  EXPECT_EQ(conf->script->category, ScriptCategory::Config);
  EXPECT_EQ(conf->script->apply.rfind("ALTER SYSTEM SET default_toast_compression = 'lz4';", 0), 0u);
  EXPECT_EQ(conf->script->rollback.rfind("ALTER SYSTEM RESET default_toast_compression;", 0), 0u);
  EXPECT_FALSE(conf->script->requires_restart);
}

TEST(PglzCompression, ExplicitPglzRollsBackToPglzAndLeavesTheSettingAlone) {
  Snapshot s = toast_snapshot(50);
  s.columns[1].attcompression = 'p';
  SampleRow r = big_body_row();
  r.large_uncompressed = 0;  // every large value compressed: speed only
  add_sample(s, 100, {r});
  const auto sink = run<tw::PglzCompressionCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].script->rollback, "ALTER TABLE app.docs ALTER COLUMN body SET COMPRESSION pglz;");
  EXPECT_EQ(sink.findings[0].severity, Severity::Low);
}

TEST(PglzCompression, QuietControls) {
  auto with = [](auto&& change) {
    Snapshot s = toast_snapshot(50);
    add_sample(s, 100, {big_body_row()});
    change(s);
    return run<tw::PglzCompressionCheck>(s).findings.size();
  };
  EXPECT_EQ(with([](Snapshot& s) { s.columns[1].attcompression = 'l'; }), 0u);             // already lz4
  EXPECT_EQ(with([](Snapshot& s) { s.settings[1].setting = "lz4"; }), 0u);                 // default is lz4
  EXPECT_EQ(with([](Snapshot& s) { s.columns[1].attstorage = 'e'; }), 0u);                 // EXTERNAL: no compression
  EXPECT_EQ(with([](Snapshot& s) { s.server.server_version_num = 130010; }), 0u);         // no attcompression
  EXPECT_EQ(with([](Snapshot& s) {                                                         // small documents
              auto& row = s.plugin_probes["toast-whisperer"]["columns-100"].rows[0];
              row[12] = "3";  // large_values
              row[13] = "2";  // large_pglz
              row[14] = "1";  // large_uncompressed
            }),
            0u);
  // a server built without lz4: nothing to recommend, and it says why
  Snapshot no_lz4 = toast_snapshot(50);
  add_sample(no_lz4, 100, {big_body_row()});
  no_lz4.plugin_probes["toast-whisperer"]["server-compression"].rows = {{std::string("{pglz}")}};
  const auto sink = run<tw::PglzCompressionCheck>(no_lz4);
  EXPECT_TRUE(sink.findings.empty());
  EXPECT_TRUE(sink.logged("--with-lz4"));
}

TEST(PglzCompression, HostileNamesInScripts) {
  Snapshot s = base_snapshot();
  add_table(s, 100, "Sales \"EU\"", "order items", 1000, 8 << 20, 8 << 20);
  add_text(s, 100, 1, "Body;--");
  SampleRow r = big_body_row();
  r.attnum = 1;
  add_sample(s, 100, {r});
  const auto sink = run<tw::PglzCompressionCheck>(s);
  const Finding* col = sink.find("column");
  ASSERT_NE(col, nullptr);
  EXPECT_EQ(col->script->apply,
            "ALTER TABLE \"Sales \"\"EU\"\"\".\"order items\" ALTER COLUMN \"Body;--\" SET COMPRESSION lz4;");
}

// --- storage-strategy ------------------------------------------------------------------------

std::vector<StatementFacts> facts_for(Snapshot& s, const std::vector<std::pair<std::string, std::int64_t>>& uses) {
  std::vector<Statement> statements;
  std::vector<StatementFacts> facts;
  std::int64_t id = 1;
  for (const auto& [column, calls] : uses) {
    Statement st;
    st.queryid = id;
    st.calls = calls;
    st.total_exec_time = static_cast<double>(calls);
    statements.push_back(st);
    StatementFacts f;
    f.queryid = id++;
    f.parsed = true;
    f.kind = StatementKind::Select;
    TableReference ref;
    ref.relname = "docs";
    ref.table_oid = 100;
    if (!column.empty()) {
      PredicateColumn p;
      p.column = column;
      p.op = "=";
      p.json_operator = "->>";
      p.json_path = {"status"};
      ref.predicates.push_back(p);
    }
    f.tables.push_back(ref);
    facts.push_back(f);
  }
  s.statements = statements;
  return facts;
}

TEST(StorageStrategy, HotOutOfLineColumnGetsStorageMain) {
  Snapshot s = toast_snapshot(50);
  add_sample(s, 100, {big_body_row()});  // 80 % out of line, 3500 bytes each
  const auto facts = facts_for(s, {{"body", 9000}, {"", 1000}});
  const auto sink = run<tw::StorageStrategyCheck>(s, {}, facts);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.check_id, "toast-whisperer/storage-strategy");
  EXPECT_EQ(f.script->apply, "ALTER TABLE app.docs ALTER COLUMN body SET STORAGE MAIN;");
  EXPECT_EQ(f.script->rollback, "ALTER TABLE app.docs ALTER COLUMN body SET STORAGE EXTENDED;");
  EXPECT_EQ(f.impact.affected_queryids, std::vector<std::int64_t>{1});
  ASSERT_TRUE(f.impact.time_share.has_value());
  EXPECT_DOUBLE_EQ(*f.impact.time_share, 0.9);
  EXPECT_NE(f.detail.find("secondary lookup"), std::string::npos);
  EXPECT_EQ(f.confidence, Confidence::Heuristic);
}

TEST(StorageStrategy, ConservativeControls) {
  auto count = [](auto&& change, std::vector<std::pair<std::string, std::int64_t>> uses) {
    Snapshot s = toast_snapshot(50);
    SampleRow r = big_body_row();
    change(s, r);
    add_sample(s, 100, {r});
    const auto facts = facts_for(s, uses);
    return run<tw::StorageStrategyCheck>(s, {}, facts).findings.size();
  };
  auto none = [](Snapshot&, SampleRow&) {};
  EXPECT_EQ(count(none, {{"body", 9000}, {"", 1000}}), 1u);
  EXPECT_EQ(count(none, {{"body", 900}}), 0u);                 // rarely read: stays out of line
  EXPECT_EQ(count(none, {{"body", 4000}, {"", 6000}}), 0u);   // most calls do not need it
  EXPECT_EQ(count([](Snapshot&, SampleRow& r) { r.out_of_line_stored_bytes = 800 * 6000; }, {{"body", 9000}}),
            0u);  // too large to live in the heap
  EXPECT_EQ(count([](Snapshot&, SampleRow& r) { r.out_of_line = 100; r.out_of_line_stored_bytes = 100 * 3500; },
                  {{"body", 9000}}),
            0u);  // mostly inline already
  EXPECT_EQ(count([](Snapshot& s, SampleRow&) { s.tables[0].statio->toast_blks_hit = 0; s.tables[0].statio->toast_blks_read = 0; },
                  {{"body", 9000}}),
            0u);  // TOAST never read
  EXPECT_EQ(count([](Snapshot& s, SampleRow&) { s.columns[1].attstorage = 'e'; }, {{"body", 9000}}), 0u);
  Snapshot no_statements = toast_snapshot(50);
  add_sample(no_statements, 100, {big_body_row()});
  const auto sink = run<tw::StorageStrategyCheck>(no_statements);
  EXPECT_TRUE(sink.findings.empty());
  EXPECT_TRUE(sink.logged("pg_stat_statements"));
}

// --- column-tetris ---------------------------------------------------------------------------

/// bool, int8, bool, int8, int2, timestamptz, text(avg 20): padding 7 + 7 + 6 = 20 bytes.
Snapshot tetris_snapshot(double reltuples) {
  Snapshot s = base_snapshot();
  add_table(s, 100, "app", "readings", reltuples, 8192 * 1000, 0).reltoastrelid.reset();
  add_column(s, 100, 1, "active", "boolean", 1, 'c', 1);
  add_column(s, 100, 2, "id", "bigint", 8, 'd', 8);
  add_column(s, 100, 3, "flagged", "boolean", 1, 'c', 1);
  add_column(s, 100, 4, "sensor_id", "bigint", 8, 'd', 8);
  add_column(s, 100, 5, "code", "smallint", 2, 's', 2);
  add_column(s, 100, 6, "read_at", "timestamp with time zone", 8, 'd', 8);
  add_text(s, 100, 7, "note", 20);
  return s;
}

TEST(ColumnTetris, LayoutFollowsAlignmentRules) {
  Snapshot s = tetris_snapshot(1e6);
  Catalog catalog(s);
  const auto current = tw::tuple_layout(catalog.columns_of(100));
  ASSERT_TRUE(current.has_value());
  // active@0(1) pad7 id@8 flagged@16 pad7 sensor_id@24 code@32 pad6 read_at@40 note@48(+20, short varlena) = 68
  EXPECT_EQ(current->padding_bytes, 20);
  EXPECT_EQ(current->data_bytes, 68);
  EXPECT_EQ(current->row_bytes, 96);  // MAXALIGN(24 + 68)
  const auto order = tw::tetris_order(catalog.columns_of(100));
  std::vector<std::string> names;
  for (const Column* c : order) names.push_back(c->attname);
  EXPECT_EQ(names, (std::vector<std::string>{"id", "sensor_id", "read_at", "code", "active", "flagged", "note"}));
  const auto proposed = tw::tuple_layout(order);
  // 24 + 2 + 1 + 1 = 28, note unaligned: 48 → MAXALIGN(24 + 48) = 72
  EXPECT_EQ(proposed->padding_bytes, 0);
  EXPECT_EQ(proposed->row_bytes, 72);
}

TEST(ColumnTetris, FiresWithSavingAcrossReltuplesAndNoScript) {
  const auto sink = run<tw::ColumnTetrisCheck>(tetris_snapshot(1e6));
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.severity, Severity::Info);
  EXPECT_FALSE(f.script.has_value());
  EXPECT_EQ(f.impact.storage_delta_bytes, -24000000);  // (96 − 72) × 1 000 000
  EXPECT_NE(f.detail.find("Proposed order: id, sensor\\_id, read\\_at, code, active, flagged, note."), std::string::npos)
      << f.detail;
}

TEST(ColumnTetris, QuietControls) {
  EXPECT_TRUE(run<tw::ColumnTetrisCheck>(tetris_snapshot(10000)).findings.empty());  // 240 kB < 1 MB
  Snapshot ordered = base_snapshot();
  add_table(ordered, 100, "app", "narrow", 1e7, 8192 * 1000, 0);
  add_column(ordered, 100, 1, "id", "bigint", 8, 'd', 8);
  add_column(ordered, 100, 2, "at", "timestamp with time zone", 8, 'd', 8);
  add_column(ordered, 100, 3, "n", "integer", 4, 'i', 4);
  add_column(ordered, 100, 4, "code", "smallint", 2, 's', 2);
  add_column(ordered, 100, 5, "ok", "boolean", 1, 'c', 1);
  EXPECT_TRUE(run<tw::ColumnTetrisCheck>(ordered).findings.empty());
  Snapshot unanalyzed = tetris_snapshot(1e6);
  unanalyzed.columns.back().stats.reset();
  const auto sink = run<tw::ColumnTetrisCheck>(unanalyzed);
  EXPECT_TRUE(sink.findings.empty());
  EXPECT_TRUE(sink.logged("no pg_stats"));
}

// --- plugin ----------------------------------------------------------------------------------

TEST(ToastWhispererPlugin, InfoListsEveryCheckAndOption) {
  const PluginInfo info = tw::ToastWhispererPlugin().info();
  EXPECT_EQ(info.id, "toast-whisperer");
  EXPECT_EQ(info.phase, Phase::Analyze);
  std::vector<std::string> ids;
  for (const auto& c : info.checks) ids.push_back(c.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"toast-whisperer/toast-heavy-table", "toast-whisperer/pglz-compression",
                                           "toast-whisperer/storage-strategy", "toast-whisperer/column-tetris"}));
  const auto defaults = tw::ToastWhispererPlugin::make_options();
  EXPECT_DOUBLE_EQ(defaults.number("toast-ratio"), 0.10);
  EXPECT_EQ(defaults.bytes("toast-min-bytes"), 1 << 20);
  // The probe options' defaults equal ProbeSettings' (the demo snapshot was captured with them).
  const tw::ProbeSettings from_options = tw::probe_settings(defaults), built_in;
  EXPECT_EQ(from_options.sample_rows, built_in.sample_rows);
  EXPECT_EQ(from_options.total_budget_ms, built_in.total_budget_ms);
  EXPECT_EQ(from_options.max_probe_timeout_ms, built_in.max_probe_timeout_ms);
  EXPECT_EQ(from_options.max_tables, built_in.max_tables);
  EXPECT_EQ(from_options.sample_rows, 5000);
  EXPECT_EQ(from_options.max_tables, 100u);
  std::vector<std::string> names;
  for (const auto& o : info.options) names.push_back(o.name);
  for (const char* probe_option : {"sample-rows", "probe-budget", "probe-timeout", "max-tables"})
    EXPECT_NE(std::find(names.begin(), names.end(), probe_option), names.end()) << probe_option;
}

}  // namespace

// hybrid-schema-engineer: for each check, catalogs (with probe rows in Snapshot::plugin_probes)
// that fire it and the closest ones that must not; probe SQL with hostile names, timeouts and
// sample sizes; failed and malformed probes. The probe SQL itself runs on a real server in
// tests/live/hybrid_schema_*_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ColumnExtractionCheck.hpp"
#include "DeepNestingCheck.hpp"
#include "HybridSchemaPlugin.hpp"
#include "JsonNotJsonbCheck.hpp"
#include "JsonProbe.hpp"
#include "JsonProfile.hpp"
#include "KeyAbbreviationCheck.hpp"

using namespace dbopt::sdk;
namespace hse = dbopt::plugins::hybrid_schema_engineer;

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
};

template <class Check>
CollectingSink run(const Snapshot& s, std::vector<StatementFacts> facts = {},
                   const std::map<std::string, std::string>& overrides = {},
                   std::vector<StatementFacts> explained_facts = {}) {
  Catalog catalog(s, std::move(facts), {}, std::move(explained_facts));
  CollectingSink sink;
  Check{}.run(catalog, hse::HybridSchemaPlugin::make_options(overrides), sink);
  return sink;
}

const Metric* evidence(const Finding& f, const std::string& name) {
  for (const Metric& m : f.evidence)
    if (m.name == name) return &m;
  return nullptr;
}

Table& add_table(Snapshot& s, Oid oid, const std::string& schema, const std::string& name, double reltuples,
                 std::int64_t relpages) {
  Table t;
  t.oid = oid;
  t.schemaname = schema;
  t.relname = name;
  t.reltuples = reltuples;
  t.relpages = relpages;
  t.heap_bytes = relpages * 8192;
  s.tables.push_back(t);
  return s.tables.back();
}

Column& add_column(Snapshot& s, Oid table, int attnum, const std::string& name, const std::string& type) {
  Column c;
  c.table_oid = table;
  c.attnum = attnum;
  c.attname = name;
  c.type_name = type;
  c.atttypid = type == "jsonb" ? hse::kJsonbOid : type == "json" ? hse::kJsonOid : 23;
  c.attlen = -1;
  s.columns.push_back(c);
  return s.columns.back();
}

const std::vector<std::string> kProbeColumns = {
    "kind",        "key",         "level",      "sampled_rows",      "documents", "occurrences", "distinct_keys",
    "key_chars",   "key_bytes",   "stored_bytes", "plain_bytes",     "abbreviated_bytes", "max_keys", "n_string",
    "n_number",    "n_integer",   "n_boolean",  "n_null",            "n_container"};

using Cells = std::map<std::string, std::string>;

std::vector<std::optional<std::string>> row(const Cells& cells) {
  std::vector<std::optional<std::string>> r;
  for (const std::string& c : kProbeColumns) {
    auto it = cells.find(c);
    r.push_back(it == cells.end() ? std::nullopt : std::optional<std::string>(it->second));
  }
  return r;
}

struct KeyRow {
  std::string key;
  int level;
  std::int64_t occurrences;
  std::int64_t n_integer = 0;
};

/// A probe result as the probe returns it: `docs` documents of `sampled` rows, keys given with
/// their occurrences (every document has each key once), sizes and depth histogram.
ProbeResult probe_result(std::int64_t sampled, std::int64_t docs, const std::vector<KeyRow>& keys, std::int64_t stored,
                         std::int64_t plain, std::int64_t abbreviated, const std::map<int, std::int64_t>& depths) {
  ProbeResult r;
  r.columns = kProbeColumns;
  std::int64_t occ = 0, chars = 0;
  for (const KeyRow& k : keys) {
    occ += k.occurrences;
    chars += static_cast<std::int64_t>(k.key.size()) * k.occurrences;
  }
  r.rows.push_back(row({{"kind", "document"},
                        {"sampled_rows", std::to_string(sampled)},
                        {"documents", std::to_string(docs)},
                        {"occurrences", std::to_string(occ)},
                        {"distinct_keys", std::to_string(keys.size())},
                        {"key_chars", std::to_string(chars)},
                        {"key_bytes", std::to_string(chars)},
                        {"stored_bytes", std::to_string(stored)},
                        {"plain_bytes", std::to_string(plain)},
                        {"abbreviated_bytes", std::to_string(abbreviated)},
                        {"max_keys", std::to_string(keys.size())}}));
  for (const auto& [depth, n] : depths)
    r.rows.push_back(row({{"kind", "depth"}, {"level", std::to_string(depth)}, {"documents", std::to_string(n)}}));
  for (const KeyRow& k : keys)
    r.rows.push_back(row({{"kind", "key"},
                          {"key", k.key},
                          {"level", std::to_string(k.level)},
                          {"documents", std::to_string(k.occurrences)},
                          {"occurrences", std::to_string(k.occurrences)},
                          {"n_string", "0"},
                          {"n_number", std::to_string(k.n_integer)},
                          {"n_integer", std::to_string(k.n_integer)},
                          {"n_boolean", "0"},
                          {"n_null", "0"},
                          {"n_container", "0"}}));
  return r;
}

void set_probe(Snapshot& s, const Column& c, ProbeResult r) {
  s.plugin_probes[hse::kPluginId][hse::probe_name(c)] = std::move(r);
}

/// Table public.events (oid 100, `rows` rows) with jsonb column payload (attnum 2).
Snapshot events_snapshot(double rows = 2'000'000) {
  Snapshot s;
  add_table(s, 100, "public", "events", rows, static_cast<std::int64_t>(rows / 40));
  add_column(s, 100, 1, "id", "bigint");
  add_column(s, 100, 2, "payload", "jsonb");
  return s;
}

const std::vector<KeyRow> kLongKeys = {{"customer_reference", 1, 1000}, {"transaction_status", 1, 1000},
                                       {"a", 1, 1000}};

// ---------------------------------------------------------------------------------------------
// Probes

TEST(HybridSchemaProbes, OneProbePerJsonColumnOfPlainTablesAndMatviews) {
  Snapshot s = events_snapshot();
  add_column(s, 100, 3, "legacy", "json");
  add_column(s, 100, 4, "note", "text");
  Table& mv = add_table(s, 200, "public", "mv", 10, 1);
  mv.relkind = 'm';
  add_column(s, 200, 1, "doc", "jsonb");
  Table& part = add_table(s, 300, "public", "events_2026", 10, 1);
  part.relispartition = true;
  add_column(s, 300, 1, "payload", "jsonb");
  Table& parent = add_table(s, 400, "public", "events_all", 0, 0);
  parent.relkind = 'p';
  add_column(s, 400, 1, "payload", "jsonb");
  Catalog catalog(s);
  const auto probes = hse::HybridSchemaPlugin{}.probes(catalog, hse::HybridSchemaPlugin::make_options());
  std::vector<std::string> names;
  for (const auto& p : probes) names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string>{"json-sample-100-2", "json-sample-100-3", "json-sample-200-1"}));
}

TEST(HybridSchemaProbes, ProbesFollowTheResolvedOptions) {
  Snapshot s = events_snapshot();
  add_column(s, 100, 3, "b", "jsonb");
  Catalog catalog(s);
  const hse::HybridSchemaPlugin plugin;

  const auto defaults = plugin.probes(catalog, hse::HybridSchemaPlugin::make_options());
  ASSERT_EQ(defaults.size(), 2u);
  for (const auto& p : defaults) {
    EXPECT_NE(p.sql.find("LIMIT 1000)"), std::string::npos) << p.name;
    EXPECT_EQ(p.statement_timeout_ms, 5000.0) << p.name;  // min(5000, 60000 / 2)
  }

  // The options the host resolves from --set, built the same way (sdk::make_options).
  const auto set = plugin.probes(catalog, hse::HybridSchemaPlugin::make_options(
                                              {{"sample-rows", "37"}, {"probe-timeout", "1500"}, {"probe-budget", "2000"}}));
  ASSERT_EQ(set.size(), 2u);
  for (const auto& p : set) {
    EXPECT_NE(p.sql.find("LIMIT 37)"), std::string::npos) << p.sql;
    EXPECT_EQ(p.sql.find("LIMIT 1000)"), std::string::npos) << p.name;
    EXPECT_EQ(p.statement_timeout_ms, 1000.0) << p.name;  // min(1500, 2000 / 2)
  }
  const auto capped = plugin.probes(catalog, hse::HybridSchemaPlugin::make_options({{"probe-timeout", "750"}}));
  for (const auto& p : capped) EXPECT_EQ(p.statement_timeout_ms, 750.0) << p.name;  // min(750, 60000 / 2)

  // A plugin reading an option the host did not resolve fails (the shim reports it).
  EXPECT_THROW(plugin.probes(catalog, Options{}), std::out_of_range);
}

TEST(HybridSchemaProbes, InvalidProbeOptionsAreRefused) {
  const PluginInfo info = hse::HybridSchemaPlugin{}.info();
  EXPECT_THROW(make_options(info.id, info.options, {{"sample-rows", "0"}}), std::invalid_argument);  // min 1
  EXPECT_THROW(make_options(info.id, info.options, {{"sample-rows", "many"}}), std::invalid_argument);
  EXPECT_THROW(make_options(info.id, info.options, {{"probe-timeout", "0.5"}}), std::invalid_argument);  // min 1 ms
  EXPECT_THROW(make_options(info.id, info.options, {{"probe-budget", "-1"}}), std::invalid_argument);
  EXPECT_THROW(make_options(info.id, info.options, {{"sample-size", "10"}}), std::invalid_argument);  // undeclared
  EXPECT_EQ(make_options(info.id, info.options, {{"sample-rows", "250"}}).integer("sample-rows"), 250);
}

TEST(HybridSchemaProbes, TimeoutIsPerColumnCappedByTheTotalBudget) {
  Snapshot s = events_snapshot();
  add_column(s, 100, 3, "b", "jsonb");
  add_column(s, 100, 4, "c", "jsonb");
  Catalog catalog(s);
  hse::ProbeSettings settings;
  settings.column_timeout_ms = 5000;
  settings.total_budget_ms = 6000;
  for (const auto& p : hse::json_probes(catalog, settings)) EXPECT_EQ(p.statement_timeout_ms, 2000.0) << p.name;
  settings.total_budget_ms = 60000;
  for (const auto& p : hse::json_probes(catalog, settings)) EXPECT_EQ(p.statement_timeout_ms, 5000.0) << p.name;
}

TEST(HybridSchemaProbes, SamplePercentReadsAboutTheRowCap) {
  Table t;
  t.reltuples = 1'000'000;
  t.relpages = 25'000;
  EXPECT_NEAR(hse::sample_percent(t, 1000), 100.0 * 1.5 * 1000 / 1'000'000, 1e-9);
  t.reltuples = 1'000'000'000;
  t.relpages = 25'000'000;
  EXPECT_NEAR(hse::sample_percent(t, 1000), 1.5e-4, 1e-12);
  t.reltuples = 500;
  t.relpages = 10;
  EXPECT_EQ(hse::sample_percent(t, 1000), 100.0);
  t.reltuples = std::nullopt;
  EXPECT_EQ(hse::sample_percent(t, 1000), 100.0);
  t.reltuples = 1e9;
  t.relpages = 2;  // one page is the minimum
  EXPECT_EQ(hse::sample_percent(t, 1000), 50.0);
}

TEST(HybridSchemaProbes, HostileNamesAreQuotedNeverSpliced) {
  Snapshot s;
  add_table(s, 100, "Sch ema", "we\"ird'; DROP TABLE x; --", 10000, 100);
  add_column(s, 100, 1, "da\"ta @TABLE@", "jsonb");
  Catalog catalog(s);
  const auto probes = hse::json_probes(catalog, hse::ProbeSettings{});
  ASSERT_EQ(probes.size(), 1u);
  const std::string& q = probes[0].sql;
  EXPECT_NE(q.find("FROM \"Sch ema\".\"we\"\"ird'; DROP TABLE x; --\" AS t TABLESAMPLE SYSTEM"), std::string::npos) << q;
  EXPECT_NE(q.find("(t.\"da\"\"ta @TABLE@\")::jsonb"), std::string::npos) << q;
  EXPECT_NE(q.find("pg_column_size(t.\"da\"\"ta @TABLE@\")"), std::string::npos) << q;
  // The placeholder inside the column name is not substituted again.
  EXPECT_EQ(q.find("@VALUE@"), std::string::npos);
  EXPECT_EQ(q.find("\"da\"\"ta \"Sch ema\""), std::string::npos);
  EXPECT_NE(q.find("LIMIT 1000)"), std::string::npos);
  EXPECT_NE(q.find("REPEATABLE (0)"), std::string::npos);
}

TEST(HybridSchemaProbes, ParsesAProbeResult) {
  const ProbeResult r = probe_result(1000, 990, kLongKeys, 70000, 80000, 50000, {{1, 900}, {4, 90}});
  const hse::JsonProfile p = hse::parse_profile(r);
  EXPECT_EQ(p.sampled_rows, 1000);
  EXPECT_EQ(p.documents, 990);
  EXPECT_EQ(p.key_occurrences, 3000);
  EXPECT_EQ(p.key_chars, 18 * 1000 + 18 * 1000 + 1000);
  EXPECT_EQ(p.max_depth(), 4);
  EXPECT_EQ(p.documents_deeper_than(3), 90);
  ASSERT_EQ(p.keys.size(), 3u);
  EXPECT_EQ(p.keys[0].key, "customer_reference");
}

TEST(HybridSchemaProbes, MalformedResultsAreRejectedWithAReason) {
  ProbeResult r = probe_result(1000, 990, kLongKeys, 70000, 80000, 50000, {{1, 990}});
  ProbeResult garbage = r;
  garbage.rows[0][3] = "12abc";
  EXPECT_THROW(hse::parse_profile(garbage), std::runtime_error);
  ProbeResult negative = r;
  negative.rows[0][4] = "-5";
  EXPECT_THROW(hse::parse_profile(negative), std::runtime_error);
  ProbeResult short_row = r;
  short_row.rows[1].pop_back();
  EXPECT_THROW(hse::parse_profile(short_row), std::runtime_error);
  ProbeResult no_document = r;
  no_document.rows.erase(no_document.rows.begin());
  EXPECT_THROW(hse::parse_profile(no_document), std::runtime_error);
  ProbeResult renamed = r;
  renamed.columns[0] = "what";
  EXPECT_THROW(hse::parse_profile(renamed), std::runtime_error);
  ProbeResult unknown_kind = r;
  unknown_kind.rows[1][0] = "<script>";
  EXPECT_THROW(hse::parse_profile(unknown_kind), std::runtime_error);
}

TEST(HybridSchemaProbes, FailedOrMissingProbeIsLoggedAndSkipped) {
  Snapshot s = events_snapshot();
  ProbeResult failed;
  failed.status = "failed";
  failed.error = "ERROR: canceling statement due to statement timeout (SQLSTATE 57014)";
  set_probe(s, s.columns[1], failed);
  add_table(s, 200, "public", "other", 100000, 1000);
  add_column(s, 200, 1, "doc", "jsonb");  // no probe at all
  Catalog catalog(s);
  CollectingSink sink;
  struct Ctx : Context {
    Options o = hse::HybridSchemaPlugin::make_options();
    std::vector<Finding> none;
    const Options& options() const noexcept override { return o; }
    const std::vector<Finding>& earlier_findings() const noexcept override { return none; }
    bool cancelled() const noexcept override { return false; }
  } ctx;
  hse::HybridSchemaPlugin plugin;
  plugin.analyze(catalog, ctx, sink);
  EXPECT_TRUE(sink.logged("public.events.payload: no document measurements: probe json-sample-100-2 failed: ERROR: "
                          "canceling statement due to statement timeout"));
  EXPECT_TRUE(sink.logged("public.other.doc: no document measurements: probe json-sample-200-1 is not in the snapshot"));
  EXPECT_TRUE(sink.findings.empty());
}

// ---------------------------------------------------------------------------------------------
// key-abbreviation

TEST(KeyAbbreviation, FiresOnLongKeysWithAMeasuredGainAboveTwentyPercent) {
  Snapshot s = events_snapshot(500'000);
  set_probe(s, s.columns[1], probe_result(1000, 1000, kLongKeys, 80000, 80000, 50000, {{1, 1000}}));
  const auto sink = run<hse::KeyAbbreviationCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.check_id, "hybrid-schema-engineer/key-abbreviation");
  EXPECT_EQ(f.story, "DB-OPT-01");
  EXPECT_EQ(f.object.column, std::optional<std::string>("payload"));
  EXPECT_NEAR(evidence(f, "avg_key_length")->value.value(), 37000.0 / 3000.0, 1e-9);
  EXPECT_NEAR(evidence(f, "abbreviation_gain")->value.value(), 1.0 - 50000.0 / 80000.0, 1e-9);
  // key bytes across the table: 37 000 bytes per 1 000 sampled rows × 500 000 rows
  EXPECT_NEAR(evidence(f, "key_bytes_table_estimate")->value.value(), 37.0 * 500'000, 1.0);
  // 1 000 per 1 000 rows × 500 000 = 500 000 repetitions: below 1 M, no alert
  EXPECT_NEAR(evidence(f, "most_frequent_key_table_estimate")->value.value(), 500'000, 1e-6);
  EXPECT_EQ(f.severity, Severity::Medium);
  EXPECT_EQ(f.confidence, Confidence::Measured);
  EXPECT_EQ(f.impact.storage_delta_bytes, -30 * 500'000);
  EXPECT_FALSE(f.script.has_value()) << "key renaming is an application migration: no script";
  EXPECT_NE(f.detail.find("CASE e.key WHEN 'customer_reference' THEN '0' WHEN 'transaction_status' THEN '1' ELSE e.key END"),
            std::string::npos)
      << f.detail;
  EXPECT_NE(f.detail.find("CASE e.key WHEN '0' THEN 'customer_reference' WHEN '1' THEN 'transaction_status' ELSE e.key END"),
            std::string::npos)
      << "the inverse mapping";
}

TEST(KeyAbbreviation, AlertsWhenOneKeyRepeatsMoreThanAMillionTimes) {
  Snapshot s = events_snapshot(2'000'000);
  set_probe(s, s.columns[1], probe_result(1000, 1000, kLongKeys, 80000, 80000, 50000, {{1, 1000}}));
  const auto sink = run<hse::KeyAbbreviationCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].severity, Severity::High);
  EXPECT_NE(sink.findings[0].detail.find("**Alert:**"), std::string::npos);
}

TEST(KeyAbbreviation, ShortKeysDoNotFire) {
  Snapshot s = events_snapshot();
  set_probe(s, s.columns[1], probe_result(1000, 1000, {{"id", 1, 1000}, {"v", 1, 1000}, {"ts", 1, 1000}}, 30000,
                                           30000, 30000, {{1, 1000}}));
  EXPECT_TRUE(run<hse::KeyAbbreviationCheck>(s).findings.empty());
}

TEST(KeyAbbreviation, LongKeysWithSmallMeasuredGainAreLoggedNotReported) {
  Snapshot s = events_snapshot();
  // Big values: abbreviation saves 10 %.
  set_probe(s, s.columns[1], probe_result(1000, 1000, kLongKeys, 400000, 400000, 360000, {{1, 1000}}));
  const auto sink = run<hse::KeyAbbreviationCheck>(s);
  EXPECT_TRUE(sink.findings.empty());
  EXPECT_TRUE(sink.logged("measured only 10.0 % smaller documents"));
  // The option lowers the bar.
  EXPECT_EQ(run<hse::KeyAbbreviationCheck>(s, {}, {{"min-abbreviation-gain", "0.05"}}).findings.size(), 1u);
}

TEST(KeyAbbreviation, SmallTablesAndSmallSamplesDoNotFire) {
  Snapshot s = events_snapshot(500);
  set_probe(s, s.columns[1], probe_result(500, 500, kLongKeys, 40000, 40000, 25000, {{1, 500}}));
  EXPECT_TRUE(run<hse::KeyAbbreviationCheck>(s).findings.empty());
  Snapshot few = events_snapshot();
  set_probe(few, few.columns[1], probe_result(1000, 5, kLongKeys, 400, 400, 250, {{1, 5}}));
  EXPECT_TRUE(run<hse::KeyAbbreviationCheck>(few).findings.empty());
}

TEST(KeyAbbreviation, MappingSkipsCodesThatAreAlreadyKeys) {
  hse::JsonProfile p;
  p.keys = {{"0", 1, 10, 10}, {"long_one", 1, 10, 30}, {"long_two", 1, 10, 20}, {"1", 1, 10, 10}, {"abc", 1, 1, 1}};
  const auto m = hse::abbreviation_mapping(p);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].key, "long_one");
  EXPECT_EQ(m[0].code, "2");
  EXPECT_EQ(m[1].key, "long_two");
  EXPECT_EQ(m[1].code, "3");
}

// ---------------------------------------------------------------------------------------------
// column-extraction

Statement statement(std::int64_t queryid, std::int64_t calls, double total_ms, const std::string& query) {
  Statement st;
  st.queryid = queryid;
  st.calls = calls;
  st.total_exec_time = total_ms;
  st.mean_exec_time = calls ? total_ms / static_cast<double>(calls) : 0;
  st.query = query;
  return st;
}

StatementFacts facts_on(std::int64_t queryid, Oid table, std::vector<PredicateColumn> predicates) {
  StatementFacts f;
  f.queryid = queryid;
  f.parsed = true;
  f.kind = StatementKind::Select;
  TableReference t;
  t.relname = "events";
  t.table_oid = table;
  t.predicates = std::move(predicates);
  f.tables.push_back(t);
  return f;
}

PredicateColumn json_predicate(const std::string& column, std::vector<std::string> path, const std::string& accessor = "->>",
                               const std::string& op = "=") {
  PredicateColumn p;
  p.column = column;
  p.op = op;
  p.json_operator = accessor;
  p.json_path = std::move(path);
  return p;
}

PredicateColumn whole_column(const std::string& column, const std::string& op) {
  PredicateColumn p;
  p.column = column;
  p.op = op;
  return p;
}

/// events.payload filtered by: 900 calls on payload->>'customer_id', `other_calls` on @>.
std::pair<Snapshot, std::vector<StatementFacts>> extraction_case(std::int64_t other_calls, const std::string& key = "customer_id") {
  Snapshot s = events_snapshot(200'000);
  s.statements = std::vector<Statement>{
      statement(1, 600, 3000, "SELECT * FROM events WHERE payload ->> $1 = $2"),
      statement(2, 300, 1500, "SELECT count(*) FROM events WHERE payload ->> $1 = $2 AND id > $3"),
      statement(3, other_calls, 500, "SELECT * FROM events WHERE payload @> $1"),
      statement(4, 5000, 100, "SELECT * FROM events WHERE id = $1"),
  };
  std::vector<StatementFacts> facts = {
      facts_on(1, 100, {json_predicate("payload", {key})}),
      facts_on(2, 100, {json_predicate("payload", {key}), whole_column("id", ">")}),
      facts_on(3, 100, {whole_column("payload", "@>")}),
      facts_on(4, 100, {whole_column("id", "=")}),
  };
  return {s, facts};
}

TEST(ColumnExtraction, FiresWhenOneKeyIsReadByMoreThanEightyPercentOfTheCalls) {
  auto [s, facts] = extraction_case(100);  // 900 of 1 000 calls
  const auto sink = run<hse::ColumnExtractionCheck>(s, facts);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.story, "DB-OPT-02");
  EXPECT_NEAR(evidence(f, "key_share")->value.value(), 0.9, 1e-12);
  EXPECT_EQ(evidence(f, "calls_on_column")->value.value(), 1000);
  EXPECT_EQ(f.impact.affected_queryids, (std::vector<std::int64_t>{1, 2}));
  EXPECT_NEAR(f.impact.time_share.value(), 4500.0 / 5100.0, 1e-12);
  ASSERT_TRUE(f.script.has_value());
  EXPECT_EQ(f.script->category, ScriptCategory::Schema);
  EXPECT_EQ(f.script->apply,
            "ALTER TABLE public.events ADD COLUMN customer_id text GENERATED ALWAYS AS (payload ->> 'customer_id') "
            "STORED;\nCREATE INDEX CONCURRENTLY events_customer_id_idx ON public.events (customer_id);\n"
            "ANALYZE public.events (customer_id);\n");
  EXPECT_EQ(f.script->rollback,
            "DROP INDEX CONCURRENTLY IF EXISTS public.events_customer_id_idx;\n"
            "ALTER TABLE public.events DROP COLUMN IF EXISTS customer_id;\n");
  EXPECT_NE(f.detail.find("ACCESS EXCLUSIVE"), std::string::npos);
}

TEST(ColumnExtraction, EightyPercentOrLessDoesNotFire) {
  auto [s, facts] = extraction_case(225);  // 900 of 1 125 calls = 80 %: not above
  const auto sink = run<hse::ColumnExtractionCheck>(s, facts);
  EXPECT_TRUE(sink.findings.empty());
  EXPECT_TRUE(sink.logged("80.0 % of the calls filtering on the column"));
}

/// extraction_case as a real capture sees it: pg_stat_statements names no key (`payload ->> $1`),
/// and `capture --explain` ran one instance of statements 1 and 2 (`explained`).
struct CapturedCase {
  Snapshot snapshot;
  std::vector<StatementFacts> facts;
  std::vector<StatementFacts> explained;
};
CapturedCase captured_extraction_case(bool explain_statement_2) {
  auto [s, facts] = extraction_case(100);
  facts[0] = facts_on(1, 100, {json_predicate("payload", {})});
  facts[1] = facts_on(2, 100, {json_predicate("payload", {}), whole_column("id", ">")});
  s.explained = std::vector<ExplainedStatement>{};
  std::vector<StatementFacts> explained;
  auto add_instance = [&](std::size_t statement, std::string text, StatementFacts f) {
    ExplainedStatement e;
    e.query = std::move(text);
    e.error = "not run";
    s.explained->push_back(e);
    f.queryid = 0;
    explained.push_back(std::move(f));
    facts[statement].explained_index = explained.size() - 1;
  };
  add_instance(0, "SELECT * FROM events WHERE payload ->> 'customer_id' = '42'",
               facts_on(0, 100, {json_predicate("payload", {"customer_id"})}));
  if (explain_statement_2)
    add_instance(1, "SELECT count(*) FROM events WHERE payload ->> 'customer_id' = '7' AND id > 10",
                 facts_on(0, 100, {json_predicate("payload", {"customer_id"}), whole_column("id", ">")}));
  return {s, facts, explained};
}

TEST(ColumnExtraction, KeysHiddenByPgStatStatementsAreNamedByTheExplainedInstances) {
  CapturedCase c = captured_extraction_case(true);
  // Without the instances no key is known: nothing to extract, and the log asks for --explain.
  const auto blind = run<hse::ColumnExtractionCheck>(c.snapshot, c.facts);
  EXPECT_TRUE(blind.findings.empty());
  EXPECT_TRUE(blind.logged("2 statements (900 calls) read a key that pg_stat_statements shows as a parameter"));

  const auto sink = run<hse::ColumnExtractionCheck>(c.snapshot, c.facts, {}, c.explained);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_NEAR(evidence(f, "key_share")->value.value(), 0.9, 1e-12);
  EXPECT_EQ(evidence(f, "calls_reading_key")->value.value(), 900);  // calls from pg_stat_statements
  EXPECT_EQ(f.impact.affected_queryids, (std::vector<std::int64_t>{1, 2}));
  ASSERT_TRUE(f.script.has_value());
  EXPECT_NE(f.script->apply.find("GENERATED ALWAYS AS (payload ->> 'customer_id') STORED"), std::string::npos);
  EXPECT_NE(f.detail.find("payload ->> 'customer_id' = '42'"), std::string::npos);  // the instance is shown
  EXPECT_NE(f.detail.find("payload ->> $1 = $2"), std::string::npos);              // and the entry's text
}

TEST(ColumnExtraction, StatementsWithAnUnnamedKeyCountAgainstTheShare) {
  // Statement 2 (300 calls) has no explained instance: its key is unknown, so only statement 1's
  // 600 of 1 000 calls are known to read customer_id (60 %): not reported.
  CapturedCase c = captured_extraction_case(false);
  const auto sink = run<hse::ColumnExtractionCheck>(c.snapshot, c.facts, {}, c.explained);
  EXPECT_TRUE(sink.findings.empty());
  EXPECT_TRUE(sink.logged("60.0 % of the calls filtering on the column"));
  EXPECT_TRUE(sink.logged("1 statement (300 calls) read a key that pg_stat_statements shows as a parameter"));
}

TEST(ColumnExtraction, FewCallsOrSmallTablesDoNotFire) {
  auto [s, facts] = extraction_case(10);
  EXPECT_TRUE(run<hse::ColumnExtractionCheck>(s, facts, {{"extraction-min-calls", "5000"}}).findings.empty());
  s.tables[0].reltuples = 100;
  EXPECT_TRUE(run<hse::ColumnExtractionCheck>(s, facts).findings.empty());
}

TEST(ColumnExtraction, AnExistingExpressionIndexOnTheKeyMeansNothingToDo) {
  auto [s, facts] = extraction_case(10);
  Index i;
  i.oid = 900;
  i.table_oid = 100;
  i.schemaname = "public";
  i.relname = "events_customer_idx";
  i.amname = "btree";
  IndexKey k;
  k.definition = "(payload ->> 'customer_id'::text)";
  i.keys.push_back(k);
  s.indexes.push_back(i);
  const auto sink = run<hse::ColumnExtractionCheck>(s, facts);
  EXPECT_TRUE(sink.findings.empty());
  EXPECT_TRUE(sink.logged("already served by index public.events_customer_idx"));
}

TEST(ColumnExtraction, HostileKeysAreQuotedAndNamesAreFresh) {
  auto [s, facts] = extraction_case(10, "Customer'Id");
  add_column(s, 100, 3, "customer_id", "text");  // the derived name is taken
  const auto sink = run<hse::ColumnExtractionCheck>(s, facts);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].script->apply,
            "ALTER TABLE public.events ADD COLUMN payload_customer_id text GENERATED ALWAYS AS (payload ->> "
            "'Customer''Id') STORED;\nCREATE INDEX CONCURRENTLY events_payload_customer_id_idx ON public.events "
            "(payload_customer_id);\nANALYZE public.events (payload_customer_id);\n");
}

TEST(ColumnExtraction, NestedPathsUseTheArrayForm) {
  auto [s, facts] = extraction_case(10);
  facts[0] = facts_on(1, 100, {json_predicate("payload", {"a", "b\"c"}, "->>")});
  facts[1] = facts_on(2, 100, {json_predicate("payload", {"a", "b\"c"}, "->>")});
  const auto sink = run<hse::ColumnExtractionCheck>(s, facts);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_NE(sink.findings[0].script->apply.find("GENERATED ALWAYS AS (payload #>> E'{\"a\",\"b\\\\\"c\"}') STORED"),
            std::string::npos)
      << sink.findings[0].script->apply;
}

TEST(ColumnExtraction, FreshIdentifier) {
  EXPECT_EQ(hse::fresh_identifier("Customer Id", "payload", {}), "customer_id");
  EXPECT_EQ(hse::fresh_identifier("customer_id", "payload", {"customer_id"}), "payload_customer_id");
  EXPECT_EQ(hse::fresh_identifier("customer_id", "payload", {"customer_id", "payload_customer_id"}),
            "payload_customer_id_2");
  EXPECT_EQ(hse::fresh_identifier("0", "payload", {}), "payload_0");
  EXPECT_EQ(hse::fresh_identifier("ü", "Päyload", {}), "p_yload");
  EXPECT_EQ(hse::fresh_identifier(std::string(100, 'k'), "p", {}).size(), 63u);
}

// ---------------------------------------------------------------------------------------------
// deep-nesting

TEST(DeepNesting, FiresWhenDocumentsAreDeeperThanThreeLevels) {
  Snapshot s = events_snapshot();
  set_probe(s, s.columns[1], probe_result(1000, 1000, kLongKeys, 1, 1, 1, {{2, 700}, {5, 300}}));
  const auto sink = run<hse::DeepNestingCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.story, "SPK-DB-OPT-01");
  EXPECT_EQ(evidence(f, "max_depth")->value.value(), 5);
  EXPECT_NEAR(evidence(f, "deep_fraction")->value.value(), 0.3, 1e-12);
  EXPECT_EQ(f.severity, Severity::Low) << "no GIN index and no containment queries";
  EXPECT_FALSE(f.script.has_value());
}

TEST(DeepNesting, GinIndexMakesItMedium) {
  Snapshot s = events_snapshot();
  set_probe(s, s.columns[1], probe_result(1000, 1000, kLongKeys, 1, 1, 1, {{5, 1000}}));
  Index i;
  i.oid = 900;
  i.table_oid = 100;
  i.schemaname = "public";
  i.relname = "events_payload_gin";
  i.amname = "gin";
  IndexKey k;
  k.attnum = 2;
  k.definition = "payload";
  i.keys.push_back(k);
  s.indexes.push_back(i);
  const auto sink = run<hse::DeepNestingCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].severity, Severity::Medium);
}

TEST(DeepNesting, ThreeLevelsOrARareDeepDocumentDoNotFire) {
  Snapshot s = events_snapshot();
  set_probe(s, s.columns[1], probe_result(1000, 1000, kLongKeys, 1, 1, 1, {{1, 500}, {3, 500}}));
  EXPECT_TRUE(run<hse::DeepNestingCheck>(s).findings.empty());
  set_probe(s, s.columns[1], probe_result(1000, 1000, kLongKeys, 1, 1, 1, {{1, 995}, {6, 5}}));
  EXPECT_TRUE(run<hse::DeepNestingCheck>(s).findings.empty());
  EXPECT_EQ(run<hse::DeepNestingCheck>(s, {}, {{"max-nesting-depth", "6"}}).findings.size(), 0u);
  EXPECT_EQ(run<hse::DeepNestingCheck>(s, {}, {{"nesting-min-fraction", "0.001"}}).findings.size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// json-not-jsonb

TEST(JsonNotJsonb, JsonColumnGetsAConversionScript) {
  Snapshot s;
  add_table(s, 100, "Sales", "Order \"Log\"", 50'000, 500);
  add_column(s, 100, 1, "Body", "json");
  add_column(s, 100, 2, "doc", "jsonb");
  const auto sink = run<hse::JsonNotJsonbCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.object.column, std::optional<std::string>("Body"));
  ASSERT_TRUE(f.script.has_value());
  EXPECT_EQ(f.script->apply, "ALTER TABLE \"Sales\".\"Order \"\"Log\"\"\" ALTER COLUMN \"Body\" TYPE jsonb USING \"Body\"::jsonb;\n");
  EXPECT_EQ(f.script->rollback, "ALTER TABLE \"Sales\".\"Order \"\"Log\"\"\" ALTER COLUMN \"Body\" TYPE json USING \"Body\"::json;\n");
  EXPECT_EQ(f.severity, Severity::Medium);
  EXPECT_EQ(f.risk.level, RiskLevel::High);
}

TEST(JsonNotJsonb, NoScriptWhenTheProbeCastFailedOrTheColumnHasADefault) {
  Snapshot s;
  add_table(s, 100, "public", "log", 50'000, 500);
  Column& c = add_column(s, 100, 1, "body", "json");
  ProbeResult failed;
  failed.status = "failed";
  failed.error = "ERROR: unsupported Unicode escape sequence (SQLSTATE 22P05)";
  set_probe(s, c, failed);
  auto sink = run<hse::JsonNotJsonbCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_FALSE(sink.findings[0].script.has_value());
  EXPECT_NE(sink.findings[0].detail.find("unsupported Unicode escape sequence"), std::string::npos);
  s.plugin_probes.clear();
  s.columns[0].has_default = true;
  sink = run<hse::JsonNotJsonbCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_FALSE(sink.findings[0].script.has_value());
}

TEST(JsonNotJsonb, JsonbAndSmallTablesDoNotFire) {
  Snapshot s = events_snapshot();
  EXPECT_TRUE(run<hse::JsonNotJsonbCheck>(s).findings.empty());
  Snapshot small;
  add_table(small, 100, "public", "log", 10, 1);
  add_column(small, 100, 1, "body", "json");
  EXPECT_TRUE(run<hse::JsonNotJsonbCheck>(small).findings.empty());
}

TEST(HybridSchemaPlugin, InfoListsEveryCheckAndOption) {
  const PluginInfo info = hse::HybridSchemaPlugin{}.info();
  EXPECT_EQ(info.id, "hybrid-schema-engineer");
  EXPECT_EQ(info.phase, Phase::Analyze);
  std::vector<std::string> ids;
  for (const auto& c : info.checks) ids.push_back(c.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"hybrid-schema-engineer/key-abbreviation",
                                           "hybrid-schema-engineer/column-extraction",
                                           "hybrid-schema-engineer/deep-nesting",
                                           "hybrid-schema-engineer/json-not-jsonb"}));
  std::set<std::string> names;
  for (const auto& o : info.options) EXPECT_TRUE(names.insert(o.name).second) << "duplicate option " << o.name;
  EXPECT_THROW(hse::HybridSchemaPlugin::make_options({{"nope", "1"}}), std::invalid_argument);
}

}  // namespace

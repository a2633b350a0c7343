// hybrid-schema-engineer on PostgreSQL 15: tables built for each check and its controls, captured
// with `dbopt capture` (so the plugin's probes run for real inside the capture's read-only
// transaction) and analyzed with `dbopt analyze`. Checks the measured abbreviation gain against
// the same computation on every row, the controls, a failing probe, hostile names, the emitted
// scripts applied, and that live (--conn) and offline analysis agree.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "facts/sql_script.hpp"
#include "support/live_db.hpp"

namespace fs = std::filesystem;
using dbopt::test::CommandResult;
using dbopt::test::run_command;
using nlohmann::json;

namespace {

constexpr const char* kPlugin = "hybrid-schema-engineer";

void capture(const dbopt::test::ScratchDatabase& db, const fs::path& snapshot) {
  const CommandResult r = run_command({dbopt::test::cli_path(), "-q", "capture", db.conninfo(), "-o", snapshot.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

json analyze(const std::vector<std::string>& args, const fs::path& report) {
  std::vector<std::string> argv = {dbopt::test::cli_path(), "-q", "analyze"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"-o", report.string()});
  const CommandResult r = run_command(argv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(dbopt::test::read_file(report));
}

/// The findings of `check` on schema.table, from a JSON report.
std::vector<json> findings(const json& report, const std::string& check, const std::string& schema,
                           const std::string& table) {
  std::vector<json> out;
  for (const auto& f : report.at("findings"))
    if (f.at("check_id") == check && f.at("object").at("schema") == schema && f.at("object").at("name") == table)
      out.push_back(f);
  return out;
}

double evidence(const json& finding, const std::string& name) {
  for (const auto& m : finding.at("evidence"))
    if (m.at("name") == name && m.at("value").is_number()) return m.at("value").get<double>();
  ADD_FAILURE() << "no evidence " << name << " in " << finding.at("title");
  return -1;
}

/// Runs a script statement by statement (CONCURRENTLY cannot run in a multi-statement string).
void run_script(const dbopt::test::ScratchDatabase& db, const std::string& script) {
  const auto error = dbopt::engine::sql_parse_error(script);
  ASSERT_FALSE(error.has_value()) << *error << "\n" << script;
  for (const std::string& statement : dbopt::engine::split_sql_statements(script)) db.exec(statement);
}

/// Execution Time of EXPLAIN ANALYZE, the best of `runs`, ms.
double best_execution_ms(const dbopt::test::ScratchDatabase& db, const std::string& query, int runs = 5) {
  double best = 1e300;
  for (int i = 0; i < runs; ++i) {
    const json plan = json::parse(db.scalar("EXPLAIN (ANALYZE, FORMAT JSON) " + query));
    best = std::min(best, plan.at(0).at("Execution Time").get<double>());
  }
  return best;
}

// Long keys, short values: abbreviating measures about 50 % smaller documents.
constexpr const char* kSchema = R"SQL(
CREATE SCHEMA hx;
CREATE TABLE hx.events (id bigint PRIMARY KEY, payload jsonb NOT NULL);
INSERT INTO hx.events SELECT i, jsonb_build_object('customer_identifier', i % 5000, 'transaction_status', 'paid',
  'shipping_country_code', 'DE', 'marketing_campaign_reference', i % 50, 'a', 1) FROM generate_series(1, 20000) AS i;
-- controls: short keys; long keys next to large uncompressed values; long keys on 200 rows
CREATE TABLE hx.short_keys (id bigint PRIMARY KEY, doc jsonb);
INSERT INTO hx.short_keys SELECT i, jsonb_build_object('id', i, 'v', i % 7, 'ts', 1700000000 + i) FROM generate_series(1, 20000) AS i;
CREATE TABLE hx.big_values (id bigint PRIMARY KEY, doc jsonb);
ALTER TABLE hx.big_values ALTER COLUMN doc SET STORAGE EXTERNAL;
INSERT INTO hx.big_values SELECT i, jsonb_build_object('document_title', 't' || i, 'document_content', repeat(md5(i::text), 96))
FROM generate_series(1, 2000) AS i;
CREATE TABLE hx.tiny (id bigint PRIMARY KEY, doc jsonb);
INSERT INTO hx.tiny SELECT i, jsonb_build_object('notification_preference', 'email') FROM generate_series(1, 200) AS i;
-- deep documents (depth 5) with short keys
CREATE TABLE hx.deep (id bigint PRIMARY KEY, doc jsonb);
INSERT INTO hx.deep SELECT i, jsonb_build_object('a', jsonb_build_object('b', jsonb_build_object('c',
  jsonb_build_object('d', jsonb_build_object('e', i))))) FROM generate_series(1, 5000) AS i;
-- json columns: one convertible, one that jsonb rejects (\u0000): its probe fails
CREATE TABLE hx.legacy (id bigint PRIMARY KEY, body json);
INSERT INTO hx.legacy SELECT i, json_build_object('lvl', 'info', 'n', i) FROM generate_series(1, 3000) AS i;
CREATE TABLE hx.bad_json (id bigint PRIMARY KEY, body json);
INSERT INTO hx.bad_json SELECT i, '{"k": "\u0000"}'::json FROM generate_series(1, 2000) AS i;
-- hostile names
CREATE SCHEMA "Hy brid";
CREATE TABLE "Hy brid"."we""ird'; --" (id bigint PRIMARY KEY, "da""ta" jsonb);
INSERT INTO "Hy brid"."we""ird'; --" SELECT i, jsonb_build_object('customer_identifier', i, 'transaction_status', 'x')
FROM generate_series(1, 3000) AS i;
ANALYZE;
)SQL";

class HybridSchemaLive : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new dbopt::test::ScratchDatabase("hse");
    db_->exec(kSchema);
    dir_ = new fs::path(dbopt::test::temp_dir("hse"));
    capture(*db_, *dir_ / "snap.json");
    snapshot_ = new json(json::parse(dbopt::test::read_file(*dir_ / "snap.json")));
    report_ = new json(analyze({(*dir_ / "snap.json").string()}, *dir_ / "report.json"));
  }
  static void TearDownTestSuite() {
    delete report_;
    delete snapshot_;
    if (dir_) fs::remove_all(*dir_);
    delete dir_;
    delete db_;
  }
  static std::string probe_name(const std::string& qualified_table, const std::string& column) {
    const std::string oid = db_->scalar("SELECT '" + qualified_table + "'::regclass::oid");
    const std::string attnum = db_->scalar("SELECT attnum FROM pg_attribute WHERE attrelid = '" + qualified_table +
                                           "'::regclass AND attname = '" + column + "'");
    return "json-sample-" + oid + "-" + attnum;
  }
  static dbopt::test::ScratchDatabase* db_;
  static fs::path* dir_;
  static json* snapshot_;
  static json* report_;
};
dbopt::test::ScratchDatabase* HybridSchemaLive::db_ = nullptr;
fs::path* HybridSchemaLive::dir_ = nullptr;
json* HybridSchemaLive::snapshot_ = nullptr;
json* HybridSchemaLive::report_ = nullptr;

TEST_F(HybridSchemaLive, AbbreviationGainIsMeasuredAboveTwentyPercentAndReported) {
  ASSERT_NE(report_, nullptr);
  const auto f = findings(*report_, "hybrid-schema-engineer/key-abbreviation", "hx", "events");
  ASSERT_EQ(f.size(), 1u);
  const double gain = evidence(f[0], "abbreviation_gain");
  EXPECT_GT(gain, 0.20);
  // The same measurement on every row, renaming the top-level keys (the documents are flat) to
  // distinct 1-character codes as the probe does.
  const double full = std::stod(db_->scalar(
      "SELECT 1 - sum(pg_column_size((SELECT jsonb_object_agg(CASE e.key WHEN 'customer_identifier' THEN '0' "
      "WHEN 'marketing_campaign_reference' THEN '1' WHEN 'shipping_country_code' THEN '2' "
      "WHEN 'transaction_status' THEN '3' ELSE e.key END, e.value) FROM jsonb_each(payload) AS e)))::numeric "
      "/ sum(pg_column_size(payload::text::jsonb)) FROM hx.events"));
  EXPECT_NEAR(gain, full, 0.02);
  const double avg_len = evidence(f[0], "avg_key_length");
  EXPECT_NEAR(avg_len, (19 + 18 + 21 + 28 + 1) / 5.0, 1e-9) << "every document has the same five keys";
  EXPECT_EQ(f[0].at("story"), "DB-OPT-01");
  EXPECT_TRUE(f[0].at("script").is_null());
  // The probe read a bounded sample.
  EXPECT_LE(evidence(f[0], "sampled_rows"), 1000);
  EXPECT_GE(evidence(f[0], "sampled_rows"), 200);
}

TEST_F(HybridSchemaLive, ControlsDoNotFire) {
  ASSERT_NE(report_, nullptr);
  for (const char* t : {"short_keys", "big_values", "tiny", "deep"})
    EXPECT_TRUE(findings(*report_, "hybrid-schema-engineer/key-abbreviation", "hx", t).empty()) << t;
  for (const char* t : {"events", "short_keys", "big_values"})
    EXPECT_TRUE(findings(*report_, "hybrid-schema-engineer/deep-nesting", "hx", t).empty()) << t;
  for (const char* t : {"events", "short_keys", "deep"})
    EXPECT_TRUE(findings(*report_, "hybrid-schema-engineer/json-not-jsonb", "hx", t).empty()) << t;
}

TEST_F(HybridSchemaLive, DeepDocumentsAreFlagged) {
  ASSERT_NE(report_, nullptr);
  const auto f = findings(*report_, "hybrid-schema-engineer/deep-nesting", "hx", "deep");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(evidence(f[0], "max_depth"), 5);
  EXPECT_EQ(evidence(f[0], "deep_fraction"), 1.0);
}

TEST_F(HybridSchemaLive, FailedProbeIsRecordedAndTheOthersGoOn) {
  ASSERT_NE(snapshot_, nullptr);
  const auto& probes = snapshot_->at("plugin_probes").at(kPlugin);
  const json& bad = probes.at(probe_name("hx.bad_json", "body"));
  EXPECT_EQ(bad.at("status"), "failed");
  EXPECT_NE(bad.at("error").get<std::string>().find("Unicode"), std::string::npos) << bad.at("error");
  EXPECT_EQ(probes.at(probe_name("hx.events", "payload")).at("status"), "ok");
  EXPECT_EQ(probes.at(probe_name("hx.legacy", "body")).at("status"), "ok");
  const auto f = findings(*report_, "hybrid-schema-engineer/json-not-jsonb", "hx", "bad_json");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_TRUE(f[0].at("script").is_null()) << "the ALTER would fail like the probe's cast";
}

TEST_F(HybridSchemaLive, HostileNamesAreProbedAndReported) {
  ASSERT_NE(report_, nullptr);
  const auto f = findings(*report_, "hybrid-schema-engineer/key-abbreviation", "Hy brid", "we\"ird'; --");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].at("object").at("column"), "da\"ta");
  EXPECT_EQ(snapshot_->at("plugin_probes").at(kPlugin).at(probe_name("\"Hy brid\".\"we\"\"ird''; --\"", "da\"ta")).at("status"),
            "ok");
}

TEST_F(HybridSchemaLive, JsonToJsonbScriptAppliesAndRollsBack) {
  ASSERT_NE(report_, nullptr);
  const auto f = findings(*report_, "hybrid-schema-engineer/json-not-jsonb", "hx", "legacy");
  ASSERT_EQ(f.size(), 1u);
  ASSERT_FALSE(f[0].at("script").is_null());
  const std::string type = "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'hx.legacy'::regclass "
                           "AND attname = 'body'";
  run_script(*db_, f[0].at("script").at("apply").get<std::string>());
  EXPECT_EQ(db_->scalar(type), "jsonb");
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM hx.legacy WHERE body ->> 'lvl' = 'info'"), "3000");
  run_script(*db_, f[0].at("script").at("rollback").get<std::string>());
  EXPECT_EQ(db_->scalar(type), "json");
}

TEST_F(HybridSchemaLive, LiveAnalysisEqualsOfflineAnalysisOfTheSavedSnapshot) {
  const fs::path dir = dbopt::test::temp_dir("hse-live");
  const json live = analyze({"--conn", db_->conninfo(), "--save-snapshot", (dir / "saved.json").string()}, dir / "live.json");
  const json offline = analyze({(dir / "saved.json").string()}, dir / "offline.json");
  auto mine = [](const json& report) {
    json out = json::array();
    for (const auto& f : report.at("findings"))
      if (f.at("plugin_id") == kPlugin) out.push_back(f);
    return out;
  };
  EXPECT_FALSE(mine(live).empty());
  EXPECT_EQ(mine(live), mine(offline));
  fs::remove_all(dir);
}

// ---------------------------------------------------------------------------------------------
// column-extraction: a key read by most statements.

TEST(HybridSchemaExtraction, DdlIsGeneratedAppliedAndTheQueryUsingTheColumnIsFaster) {
  dbopt::test::ScratchDatabase db("hsex");
  db.exec(R"SQL(
CREATE SCHEMA hx;
CREATE TABLE hx.orders (id bigint PRIMARY KEY, payload jsonb NOT NULL);
INSERT INTO hx.orders SELECT i, jsonb_build_object('customer_id', (i % 20000)::text, 'status',
  (ARRAY['open', 'paid'])[1 + i % 2], 'note', 'order ' || i) FROM generate_series(1, 100000) AS i;
ANALYZE hx.orders;
SELECT pg_stat_statements_reset();
)SQL");
  std::string workload;
  for (int i = 0; i < 110; ++i)
    workload += "SELECT id FROM hx.orders WHERE payload ->> 'customer_id' = '" + std::to_string(i * 37 % 20000) + "';\n";
  for (int i = 0; i < 10; ++i) workload += "SELECT count(*) FROM hx.orders WHERE payload @> '{\"status\": \"open\"}';\n";
  db.exec(workload);

  const fs::path dir = dbopt::test::temp_dir("hsex");
  capture(db, dir / "snap.json");
  const json snapshot = json::parse(dbopt::test::read_file(dir / "snap.json"));
  // pg_stat_statements replaces the key literal by a parameter: the key is not in its text.
  bool normalized = false;
  for (const auto& s : snapshot.at("statements"))
    if (s.at("query").get<std::string>().find("payload ->> $1 = $2") != std::string::npos) normalized = true;
  ASSERT_TRUE(normalized) << "expected pg_stat_statements to normalize the JSON key";
  const json blind = analyze({(dir / "snap.json").string()}, dir / "blind.json");
  EXPECT_TRUE(findings(blind, "hybrid-schema-engineer/column-extraction", "hx", "orders").empty())
      << "no key is visible in normalized statements";

  // The same capture with one instance of the application's statement given to --explain: the
  // engine links it to its pg_stat_statements entry by fingerprint, and the key is named.
  {
    std::ofstream out(dir / "instances.sql");
    out << "-- one instance of the application's lookup, constants as the application sends them\n"
           "SELECT id\n  FROM hx.orders\n WHERE payload->>'customer_id' = '42';\n";
  }
  {
    const CommandResult r = run_command({dbopt::test::cli_path(), "-q", "capture", db.conninfo(), "-o",
                                         (dir / "explained.json").string(), "--explain", (dir / "instances.sql").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const json report = analyze({(dir / "explained.json").string()}, dir / "report.json");
  const auto f = findings(report, "hybrid-schema-engineer/column-extraction", "hx", "orders");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NEAR(evidence(f[0], "key_share"), 110.0 / 120.0, 1e-9);
  EXPECT_EQ(evidence(f[0], "calls_reading_key"), 110);  // calls from pg_stat_statements, not from the EXPLAIN
  EXPECT_NE(f[0].at("detail").get<std::string>().find("payload->>'customer_id' = '42'"), std::string::npos);
  ASSERT_FALSE(f[0].at("script").is_null());
  const std::string apply = f[0].at("script").at("apply");
  EXPECT_NE(apply.find("ADD COLUMN customer_id text GENERATED ALWAYS AS (payload ->> 'customer_id') STORED"),
            std::string::npos)
      << apply;

  const std::string before_query = "SELECT id FROM hx.orders WHERE payload ->> 'customer_id' = '4242'";
  const std::string after_query = "SELECT id FROM hx.orders WHERE customer_id = '4242'";
  const double before = best_execution_ms(db, before_query);
  const std::string before_rows = db.scalar("SELECT string_agg(id::text, ',' ORDER BY id) FROM (" + before_query + ") q");
  run_script(db, apply);
  const double after = best_execution_ms(db, after_query);
  EXPECT_EQ(db.scalar("SELECT string_agg(id::text, ',' ORDER BY id) FROM (" + after_query + ") q"), before_rows);
  EXPECT_LT(after, before * 0.5) << "before " << before << " ms, after " << after << " ms";

  run_script(db, f[0].at("script").at("rollback"));
  EXPECT_EQ(db.scalar("SELECT count(*) FROM pg_attribute WHERE attrelid = 'hx.orders'::regclass AND attname = "
                      "'customer_id' AND NOT attisdropped"),
            "0");
  EXPECT_EQ(db.scalar("SELECT count(*) FROM pg_indexes WHERE schemaname = 'hx' AND tablename = 'orders'"), "1");
  fs::remove_all(dir);
}

}  // namespace

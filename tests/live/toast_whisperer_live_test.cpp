// toast-whisperer on a real PostgreSQL 15 (CTest fixture `pg`): `dbopt analyze --conn` captures
// (the plugin's probes really run, on tables with hostile names), the saved snapshot is analyzed
// offline and must give the same findings; a TOAST-heavy table on pglz gets the lz4 script, which
// is applied, the table rewritten, and its size measured; the controls stay quiet; every emitted
// script applies (ALTER SYSTEM on a private server, not the shared one) and its rollback restores.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "facts/sql_script.hpp"
#include "support/live_checks.hpp"
#include "support/live_db.hpp"

namespace fs = std::filesystem;
using json = nlohmann::json;
using dbopt::test::CommandResult;
using dbopt::test::findings_of;
using dbopt::test::run_command;
using dbopt::test::ScratchDatabase;

namespace {

// Hostile identifiers: a space, quotes, a semicolon (DESIGN.md, safety rules).
constexpr const char* kTable = "\"tw lab\".\"Blob's \"\"store\"\"\"";
constexpr const char* kTableName = "Blob's \"store\"";
constexpr const char* kColumn = "Pay;load";

// feature blobs: 1,280 incompressible bytes then ~4 kB of repeated metadata: pglz gives up (no match
// in its first 1 kB) and stores ~5.4 kB raw out of line; lz4 compresses the tail.
// json_docs: compressible documents that pglz does compress (they must stay pglz after VACUUM FULL).
// Controls: small documents (no value near 2 kB), a narrow table in tetris order.
const char* kSchema = R"sql(
CREATE SCHEMA "tw lab";
CREATE TABLE "tw lab"."Blob's ""store""" (id bigint PRIMARY KEY, "Pay;load" bytea NOT NULL);
INSERT INTO "tw lab"."Blob's ""store"""
SELECT g, (SELECT string_agg(decode(md5((g * 1000 + i)::text), 'hex'), ''::bytea) FROM generate_series(1, 80) AS i)
          || convert_to(repeat('{"status":"active","region":"eu-west-1","model":"v7"}', 80), 'UTF8')
FROM generate_series(1, 1500) AS g;
CREATE TABLE "tw lab".json_docs (id bigint PRIMARY KEY, doc text COMPRESSION pglz NOT NULL);
INSERT INTO "tw lab".json_docs
SELECT g, (SELECT string_agg(format('{"feature_name":"f%s","value":%s}', i, (hashint8(g * 100 + i) % 100000) / 1000.0), ',')
           FROM generate_series(1, 300) AS i)
FROM generate_series(1, 400) AS g;
CREATE TABLE "tw lab".small_documents (id bigint PRIMARY KEY, doc text NOT NULL);
INSERT INTO "tw lab".small_documents
SELECT g, format('{"sku":"SKU-%s","note":"%s"}', g, md5(g::text) || md5((g + 1)::text)) FROM generate_series(1, 3000) AS g;
CREATE TABLE "tw lab".narrow_events (id bigint NOT NULL, happened_at timestamptz NOT NULL, amount integer NOT NULL,
                                     code smallint NOT NULL, ok boolean NOT NULL);
INSERT INTO "tw lab".narrow_events
SELECT g, timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second', g % 1000, (g % 100)::smallint, g % 2 = 0
FROM generate_series(1, 200000) AS g;
)sql";
// VACUUM cannot run in the implicit transaction of a multi-statement string: run on its own.
const char* kVacuum =
    R"sql(VACUUM ANALYZE "tw lab"."Blob's ""store""", "tw lab".json_docs, "tw lab".small_documents, "tw lab".narrow_events)sql";

json read_json(const fs::path& p) { return json::parse(dbopt::test::read_file(p)); }

void run_statements(const std::string& conninfo, const std::string& script, const std::string& what) {
  const auto error = dbopt::engine::sql_parse_error(script);
  ASSERT_FALSE(error.has_value()) << what << " does not parse: " << *error << "\n" << script;
  for (const std::string& statement : dbopt::engine::split_sql_statements(script)) {
    SCOPED_TRACE(what + ": " + statement);
    EXPECT_NO_THROW(dbopt::test::run_sql(conninfo, statement));
  }
}

class ToastWhispererLive : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new ScratchDatabase("toast");
    db_->exec(kSchema);
    db_->exec(kVacuum);
    dir_ = new fs::path(dbopt::test::temp_dir("toast-whisperer"));
    fs::create_directories(*dir_ / "live");
    fs::create_directories(*dir_ / "offline");
    const CommandResult live =
        run_command({dbopt::test::cli_path(), "-q", "analyze", "--conn", db_->conninfo(), "--only", "toast-whisperer",
                     "--save-snapshot", (*dir_ / "snap.json").string(), "-o", (*dir_ / "live" / "report.json").string()});
    ASSERT_EQ(live.exit_code, 0) << live.err;
    const CommandResult offline =
        run_command({dbopt::test::cli_path(), "-q", "analyze", (*dir_ / "snap.json").string(), "--only",
                     "toast-whisperer", "-o", (*dir_ / "offline" / "report.json").string()});
    ASSERT_EQ(offline.exit_code, 0) << offline.err;
    report_ = new json(read_json(*dir_ / "offline" / "report.json"));
  }
  static void TearDownTestSuite() {
    delete report_;
    if (dir_) fs::remove_all(*dir_);
    delete dir_;
    delete db_;
  }
  static std::int64_t table_bytes() { return std::stoll(db_->scalar(std::string("SELECT pg_total_relation_size('") +
                                                                     "\"tw lab\".\"Blob''s \"\"store\"\"\"" + "')")); }
  static ScratchDatabase* db_;
  static fs::path* dir_;
  static json* report_;
};
ScratchDatabase* ToastWhispererLive::db_ = nullptr;
fs::path* ToastWhispererLive::dir_ = nullptr;
json* ToastWhispererLive::report_ = nullptr;

TEST_F(ToastWhispererLive, ProbesRanAtCaptureAndAreStoredInTheSnapshot) {
  ASSERT_NE(report_, nullptr);
  const json snap = read_json(*dir_ / "snap.json");
  const std::string oid = db_->scalar(std::string("SELECT '") + "\"tw lab\".\"Blob''s \"\"store\"\"\"" + "'::regclass::oid");
  const json& probes = snap.at("plugin_probes").at("toast-whisperer");
  const json& columns = probes.at("columns-" + oid);
  EXPECT_EQ(columns.at("status"), "ok") << columns.dump();
  ASSERT_EQ(columns.at("rows").size(), 1u);  // one sampled column: "Pay;load"
  const json& header = columns.at("columns");
  const json& row = columns.at("rows")[0];
  auto value = [&](const std::string& name) {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return std::stoll(row[i].get<std::string>());
    ADD_FAILURE() << "no column " << name;
    return -1LL;
  };
  EXPECT_EQ(value("sampled_rows"), 1500);  // a small table is sampled whole
  EXPECT_EQ(value("large_uncompressed"), 1500);
  EXPECT_EQ(value("out_of_line"), 1500);
  EXPECT_EQ(probes.at("server-compression").at("rows")[0][0], "{pglz,lz4}");
}

TEST_F(ToastWhispererLive, ToastHeavyPglzTableGetsLz4) {
  ASSERT_NE(report_, nullptr);
  bool heavy = false;
  for (const auto& f : findings_of(*report_, "toast-whisperer/toast-heavy-table"))
    if (f.at("object").at("name") == kTableName) {
      heavy = true;
      EXPECT_NE(f.at("detail").get<std::string>().find("Pay;load"), std::string::npos) << "columns responsible";
    }
  EXPECT_TRUE(heavy);
  bool lz4 = false, setting = false;
  for (const auto& f : findings_of(*report_, "toast-whisperer/pglz-compression")) {
    if (f.at("object").at("name") == kTableName) {
      lz4 = true;
      EXPECT_EQ(f.at("object").at("column"), kColumn);
      EXPECT_EQ(f.at("script").at("apply"),
                std::string("ALTER TABLE ") + kTable + " ALTER COLUMN \"Pay;load\" SET COMPRESSION lz4;");
      EXPECT_EQ(f.at("script").at("rollback"),
                std::string("ALTER TABLE ") + kTable + " ALTER COLUMN \"Pay;load\" SET COMPRESSION DEFAULT;");
    }
    if (f.at("object").at("name") == "default_toast_compression") setting = true;
  }
  EXPECT_TRUE(lz4);
  EXPECT_TRUE(setting);
}

TEST_F(ToastWhispererLive, ControlsAreQuiet) {
  ASSERT_NE(report_, nullptr);
  for (const auto& f : report_->at("findings")) {
    const std::string name = f.at("object").at("name");
    EXPECT_NE(name, "small_documents") << f.at("check_id");
    EXPECT_NE(name, "narrow_events") << f.at("check_id");
  }
}

TEST_F(ToastWhispererLive, LiveAnalysisEqualsOfflineAnalysisOfTheSavedSnapshot) {
  ASSERT_NE(report_, nullptr);
  const json live = read_json(*dir_ / "live" / "report.json");
  EXPECT_EQ(live.at("findings"), report_->at("findings"));
  EXPECT_FALSE(report_->at("findings").empty());
}

TEST_F(ToastWhispererLive, DefaultToastCompressionScriptAppliesOnAPrivateServer) {
  ASSERT_NE(report_, nullptr);
  json setting;
  for (const auto& f : findings_of(*report_, "toast-whisperer/pglz-compression"))
    if (f.at("object").at("name") == "default_toast_compression") setting = f;
  ASSERT_FALSE(setting.is_null());
  // ALTER SYSTEM changes the whole server: never on the shared fixture server (PREAMBLE).
  const dbopt::test::PrivateServer private_server("toast-private-pg");
  const std::string& server = private_server.conninfo();
  run_statements(server, setting.at("script").at("apply"), "apply");
  dbopt::test::run_sql(server, "SELECT pg_reload_conf()");
  EXPECT_EQ(dbopt::test::scalar(server, "SHOW default_toast_compression"), "lz4");
  run_statements(server, setting.at("script").at("rollback"), "rollback");
  dbopt::test::run_sql(server, "SELECT pg_reload_conf()");
  EXPECT_EQ(dbopt::test::scalar(server, "SHOW default_toast_compression"), "pglz");
}

// Mutates the database: declared last (gtest runs a suite's tests in declaration order).
TEST_F(ToastWhispererLive, ApplyingLz4AndRewritingShrinksTheTableMeasured) {
  ASSERT_NE(report_, nullptr);
  const std::int64_t before = table_bytes();
  std::string apply, rollback;
  for (const auto& f : report_->at("findings")) {
    if (f.at("script").is_null() || f.at("script").at("category") == "config") continue;  // ALTER SYSTEM: above
    apply += f.at("script").at("apply").get<std::string>() + "\n";
    rollback = f.at("script").at("rollback").get<std::string>() + "\n" + rollback;
  }
  ASSERT_FALSE(apply.empty());
  run_statements(db_->conninfo(), apply, "apply");
  EXPECT_EQ(db_->scalar("SELECT attcompression FROM pg_attribute WHERE attrelid = '\"tw lab\".\"Blob''s \"\"store\"\"\"'::regclass "
                        "AND attname = 'Pay;load'"),
            "l");
  // Values pglz left uncompressed are compressed by the rewrite with the new method (README.md).
  db_->exec("VACUUM FULL \"tw lab\".\"Blob's \"\"store\"\"\", \"tw lab\".json_docs");
  const std::int64_t after = table_bytes();
  EXPECT_LT(after * 2, before) << "before " << before << " bytes, after " << after << " bytes";
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM \"tw lab\".\"Blob's \"\"store\"\"\" WHERE pg_column_compression(\"Pay;load\") = 'lz4'"),
            "1500");
  // …but values already compressed with pglz are copied as they are (the claim in the finding).
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM \"tw lab\".json_docs WHERE pg_column_compression(doc) = 'pglz'"), "400");
  run_statements(db_->conninfo(), rollback, "rollback");
  EXPECT_EQ(db_->scalar("SELECT attcompression FROM pg_attribute WHERE attrelid = '\"tw lab\".\"Blob''s \"\"store\"\"\"'::regclass "
                        "AND attname = 'Pay;load'"),
            "");
  EXPECT_EQ(db_->scalar("SELECT attcompression FROM pg_attribute WHERE attrelid = '\"tw lab\".json_docs'::regclass "
                        "AND attname = 'doc'"),
            "p");
}

}  // namespace

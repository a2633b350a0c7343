// config-tuner on a real PostgreSQL 15: every apply script runs and takes effect, and every
// rollback restores the captured pg_settings (setting, source, pending_restart).
//
// ALTER SYSTEM changes the whole cluster, so this test starts its OWN server
// (tests/support/pg_harness.sh start/stop with a private state directory) instead of using the
// shared fixture server other live tests run against concurrently. Before the capture it gives
// the server settings from three sources: postgresql.conf (the harness: effective_io_concurrency,
// max_connections), postgresql.auto.conf (ALTER SYSTEM: random_page_cost, log_autovacuum_min_duration,
// autovacuum_max_workers after a restart) and ALTER DATABASE (log_min_duration_statement).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/live_checks.hpp"
#include "support/live_db.hpp"

namespace fs = std::filesystem;
using dbopt::test::CommandResult;
using dbopt::test::eventually;
using dbopt::test::evidence_text;
using dbopt::test::run_command;
using dbopt::test::run_script;
using dbopt::test::run_sql;
using nlohmann::json;

namespace {

/// One pg_settings row as compared before and after: setting, source, pending_restart.
struct Row {
  std::string setting;
  std::string source;
  bool pending_restart = false;
  bool operator==(const Row&) const = default;
};


std::map<std::string, Row> read_settings(const std::string& conninfo) {
  std::map<std::string, Row> out;
  for (const auto& r : run_sql(conninfo, "SELECT name, setting, source, pending_restart::text FROM pg_settings"))
    out[*r[0]] = Row{r[1].value_or(""), r[2].value_or(""), r[3].value_or("") == "true"};
  return out;
}

/// Settings that describe a session rather than the server (the capture's own SET LOCALs, its
/// READ ONLY transaction, libpq's client settings): not restored by anything, not compared.
bool session_specific(const std::string& name, const std::string& source) {
  static const std::set<std::string> kSessionSources = {"client", "session", "override", "interactive", "test"};
  static const std::set<std::string> kNames = {"application_name", "statement_timeout", "lock_timeout", "search_path",
                                               "transaction_read_only", "default_transaction_read_only",
                                               "idle_in_transaction_session_timeout", "transaction_isolation"};
  return kSessionSources.count(source) || kNames.count(name);
}

}  // namespace

TEST(ConfigTunerScripts, EveryApplyScriptTakesEffectAndEveryRollbackRestoresTheCapturedSettings) {
  dbopt::test::PrivateServer server("ct-pg");
  const std::string conn = server.conninfo();
  // Sources other than the default: postgresql.auto.conf (ALTER SYSTEM; autovacuum_max_workers
  // needs the restart below) and pg_db_role_setting (ALTER DATABASE).
  for (const char* sql : {"ALTER SYSTEM SET random_page_cost = 3", "ALTER SYSTEM SET log_autovacuum_min_duration = -1",
                          "ALTER SYSTEM SET autovacuum_max_workers = 2",
                          "ALTER DATABASE postgres SET log_min_duration_statement = -1",
                          "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"})
    run_sql(conn, sql);
  server.restart();
  const auto captured = read_settings(conn);
  ASSERT_EQ(captured.at("random_page_cost").source, "configuration file");
  ASSERT_EQ(captured.at("autovacuum_max_workers").setting, "2");
  ASSERT_EQ(captured.at("log_min_duration_statement").source, "database");

  const fs::path dir = dbopt::test::temp_dir("ct-scripts");
  const CommandResult cap = run_command({dbopt::test::cli_path(), "-q", "capture", conn, "--server-ram", "64GB",
                                         "--server-cores", "16", "--storage", "ssd", "-o", (dir / "snap.json").string()});
  ASSERT_EQ(cap.exit_code, 0) << cap.err;
  const CommandResult an = run_command({dbopt::test::cli_path(), "-q", "analyze", (dir / "snap.json").string(), "-o",
                                        (dir / "report.json").string()});
  ASSERT_EQ(an.exit_code, 0) << an.err;
  const json report = json::parse(dbopt::test::read_file(dir / "report.json"));

  std::vector<json> scripted;
  std::set<std::string> checks;
  for (const auto& f : report.at("findings")) {
    if (f.at("check_id").get<std::string>().rfind("config-tuner/", 0) != 0) continue;
    checks.insert(f.at("check_id").get<std::string>() + " " + f.at("object").at("name").get<std::string>());
    if (f.at("script").is_null()) continue;
    EXPECT_EQ(f.at("script").at("category"), "config");
    scripted.push_back(f);
  }
  // What this server must show (64GB, 16 cores, SSD; PostgreSQL 15 defaults + the settings above).
  for (const char* expected :
       {"config-tuner/shared-buffers shared_buffers", "config-tuner/random-page-cost random_page_cost",
        "config-tuner/autovacuum-logging log_autovacuum_min_duration",
        "config-tuner/autovacuum-workers autovacuum_max_workers", "config-tuner/slow-query-log log_min_duration_statement",
        "config-tuner/parallel-workers max_worker_processes"})
    EXPECT_TRUE(checks.count(expected)) << expected;
  EXPECT_FALSE(checks.count("config-tuner/effective-io-concurrency effective_io_concurrency"));  // 200 in postgresql.conf
  for (const auto& f : report.at("findings"))
    if (f.at("check_id") == "config-tuner/slow-query-log") {
      EXPECT_TRUE(f.at("script").is_null()) << "ALTER DATABASE … SET outranks ALTER SYSTEM";
    } else if (f.at("check_id") == "config-tuner/random-page-cost") {
      EXPECT_NE(f.at("script").at("rollback").get<std::string>().find("ALTER SYSTEM SET random_page_cost = '3';"),
                std::string::npos);
    }
  ASSERT_GE(scripted.size(), 5u);

  // Apply every script, then read the settings back.
  for (const auto& f : scripted) run_script(conn, f.at("script").at("apply"), f.at("check_id").get<std::string>() + " apply");
  for (const auto& f : scripted) {
    const std::string name = f.at("object").at("name");
    const std::string want = evidence_text(f, "recommended_value");
    if (f.at("script").at("requires_restart").get<bool>()) {
      EXPECT_TRUE(eventually([&] { return read_settings(conn).at(name).pending_restart; })) << name;
    } else {
      EXPECT_TRUE(eventually([&] { return dbopt::test::scalar(conn, "SHOW " + name) == want; }))
          << name << " = " << dbopt::test::scalar(conn, "SHOW " + name) << ", want " << want;
    }
  }

  // Roll back in reverse order; after the reload every server-wide setting is as captured.
  // PostgreSQL keeps pending_restart set until the next restart for a postmaster setting whose
  // changed value was removed from postgresql.auto.conf (ALTER SYSTEM RESET), even though the value
  // is back (guc-file.l: a removed PGC_POSTMASTER entry is always flagged): before the restart,
  // pending_restart is compared only for settings no restart-requiring script touched.
  std::set<std::string> restart_settings;
  for (const auto& f : scripted)
    if (f.at("script").at("requires_restart").get<bool>()) restart_settings.insert(f.at("object").at("name"));
  for (auto it = scripted.rbegin(); it != scripted.rend(); ++it)
    run_script(conn, it->at("script").at("rollback"), it->at("check_id").get<std::string>() + " rollback");
  bool restarted = false;
  auto differences = [&] {
    std::vector<std::string> out;
    const auto now = read_settings(conn);
    for (const auto& [name, row] : captured) {
      if (session_specific(name, row.source)) continue;
      const auto it = now.find(name);
      const bool same = it != now.end() && it->second.setting == row.setting && it->second.source == row.source &&
                        (it->second.pending_restart == row.pending_restart ||
                         (!restarted && restart_settings.count(name)));
      if (!same)
        out.push_back(name + ": captured " + row.setting + " (" + row.source + ", pending_restart " +
                      (row.pending_restart ? "t" : "f") + "), now " +
                      (it == now.end() ? "missing" : it->second.setting + " (" + it->second.source + ", pending_restart " +
                                                         (it->second.pending_restart ? "t" : "f") + ")"));
    }
    return out;
  };
  EXPECT_TRUE(eventually([&] { return differences().empty(); })) << ::testing::PrintToString(differences());

  // And the files the rollback left behind start the server with the same settings.
  server.restart();
  restarted = true;
  EXPECT_EQ(differences(), std::vector<std::string>{});
  fs::remove_all(dir);
}

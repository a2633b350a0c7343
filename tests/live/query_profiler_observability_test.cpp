// query-profiler on a real PostgreSQL 15: the two observability findings.
// - track-io-timing-off: its apply script turns track_io_timing on, and its rollback restores the
//   captured pg_settings row (setting and source) exactly;
// - pg-stat-statements-unavailable: reported (with the missing step: CREATE EXTENSION, no
//   restart, since the library is preloaded) when the database has no pg_stat_statements, and
//   gone once the step is done; the other plugins still run.
//
// ALTER SYSTEM changes the whole cluster, so this test starts its OWN server
// (tests/support/pg_harness.sh start/stop with a private state directory) instead of using the
// shared fixture server other live tests run against concurrently.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "support/live_checks.hpp"
#include "support/live_db.hpp"

namespace fs = std::filesystem;
using dbopt::test::CommandResult;
using dbopt::test::eventually;
using dbopt::test::findings_of;
using dbopt::test::run_command;
using dbopt::test::run_script;
using dbopt::test::run_sql;
using nlohmann::json;

namespace {

/// pg_settings.setting and source of one setting, "setting (source)".
std::string setting_row(const std::string& conninfo, const std::string& name) {
  const auto rows = run_sql(conninfo, "SELECT setting || ' (' || source || ')' FROM pg_settings WHERE name = '" + name + "'");
  return rows.empty() || rows[0].empty() ? std::string() : rows[0][0].value_or("");
}

/// `dbopt capture` + `dbopt analyze` of `conninfo`; the JSON report.
json capture_and_analyze(const std::string& conninfo, const fs::path& dir) {
  const CommandResult cap =
      run_command({dbopt::test::cli_path(), "-q", "capture", conninfo, "-o", (dir / "snap.json").string()});
  EXPECT_EQ(cap.exit_code, 0) << cap.err;
  const CommandResult an = run_command(
      {dbopt::test::cli_path(), "-q", "analyze", (dir / "snap.json").string(), "-o", (dir / "report.json").string()});
  EXPECT_EQ(an.exit_code, 0) << an.err;
  return json::parse(dbopt::test::read_file(dir / "report.json"));
}

}  // namespace

TEST(QueryProfilerObservability, TrackIoTimingScriptAppliesAndRollsBackAndMissingExtensionIsExplained) {
  dbopt::test::PrivateServer server("qp-pg");
  const std::string conn = server.conninfo();
  // The harness turns track_io_timing on in postgresql.conf; switch it off through
  // postgresql.auto.conf as an administrator would. Database "postgres" has no
  // pg_stat_statements extension (the library is preloaded by the harness).
  run_sql(conn, "ALTER SYSTEM SET track_io_timing = off");
  run_sql(conn, "SELECT pg_reload_conf()");
  ASSERT_TRUE(eventually([&] { return setting_row(conn, "track_io_timing") == "off (configuration file)"; }))
      << setting_row(conn, "track_io_timing");
  const std::string captured = setting_row(conn, "track_io_timing");

  const fs::path dir = dbopt::test::temp_dir("qp-observability");
  const json report = capture_and_analyze(conn, dir);

  // pg_stat_statements: one finding naming the missing step, and the other plugins still ran.
  const auto unavailable = findings_of(report, "query-profiler/pg-stat-statements-unavailable");
  ASSERT_EQ(unavailable.size(), 1u);
  EXPECT_EQ(unavailable[0].at("object").at("kind"), "extension");
  EXPECT_EQ(unavailable[0].at("object").at("name"), "pg_stat_statements");
  const std::string detail = unavailable[0].at("detail");
  EXPECT_NE(detail.find("CREATE EXTENSION IF NOT EXISTS pg_stat_statements;"), std::string::npos) << detail;
  EXPECT_EQ(detail.find("ALTER SYSTEM"), std::string::npos) << "the library is preloaded: no restart needed";

  // track_io_timing: apply turns it on, rollback restores the captured row.
  const auto off = findings_of(report, "query-profiler/track-io-timing-off");
  ASSERT_EQ(off.size(), 1u);
  ASSERT_FALSE(off[0].at("script").is_null());
  EXPECT_EQ(off[0].at("script").at("category"), "config");
  run_script(conn, off[0].at("script").at("apply"), "apply");
  EXPECT_TRUE(eventually([&] { return dbopt::test::scalar(conn, "SHOW track_io_timing") == "on"; }));
  run_script(conn, off[0].at("script").at("rollback"), "rollback");
  EXPECT_TRUE(eventually([&] { return setting_row(conn, "track_io_timing") == captured; }))
      << setting_row(conn, "track_io_timing") << ", captured " << captured;

  // Doing the step the finding names makes it go away.
  run_sql(conn, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  run_sql(conn, "ALTER SYSTEM RESET track_io_timing");
  run_sql(conn, "SELECT pg_reload_conf()");
  ASSERT_TRUE(eventually([&] { return dbopt::test::scalar(conn, "SHOW track_io_timing") == "on"; }));
  const fs::path dir2 = dbopt::test::temp_dir("qp-observability");
  const json after = capture_and_analyze(conn, dir2);
  EXPECT_TRUE(findings_of(after, "query-profiler/pg-stat-statements-unavailable").empty());
  EXPECT_TRUE(findings_of(after, "query-profiler/track-io-timing-off").empty());
  fs::remove_all(dir);
  fs::remove_all(dir2);
}

// table-stats/xid-wraparound on a real PostgreSQL 15 whose transaction counter has been advanced
// past half of the 2^31 limit: the database and an old table are reported as critical (P1), and
// the table's VACUUM (FREEZE, VERBOSE) script resets its relfrozenxid age.
//
// Advancing the XID counter (pg_resetwal -x) changes the whole cluster, so this test starts its
// OWN server (tests/support/pg_harness.sh start/stop with a private state directory), never the
// shared fixture server. pg_resetwal -x needs the pg_xact segment of the new XID to exist
// (pg_resetwal docs): the test writes that 256 kB segment of zeros (32 pages × 8 kB, 1,048,576
// XIDs) and starts the counter at its first XID. autovacuum is off and autovacuum_freeze_max_age
// is at its maximum so that no anti-wraparound vacuum changes the ages before the capture.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/live_db.hpp"

namespace fs = std::filesystem;
using dbopt::test::CommandResult;
using dbopt::test::run_command;
using dbopt::test::run_sql;
using nlohmann::json;

namespace {

/// XIDs per pg_xact segment: 32 pages × 8192 bytes × 4 transactions per byte.
constexpr std::int64_t kXidsPerSegment = 32 * 8192 * 4;
/// The new next XID: the first of segment 1144 (0x478), 1,199,570,944 = 55.9 % of 2^31.
constexpr std::int64_t kSegment = 1144;
constexpr std::int64_t kNextXid = kSegment * kXidsPerSegment;

std::string bindir() { return std::getenv("PG_BINDIR") ? std::getenv("PG_BINDIR") : "/usr/lib/postgresql/15/bin"; }

/// argv run as the server's OS user when we are root (the harness runs the server as postgres).
CommandResult as_server_user(std::vector<std::string> argv) {
  if (::geteuid() == 0) argv.insert(argv.begin(), {"runuser", "-u", "postgres", "--"});
  return run_command(argv);
}


const json* find(const json& report, const std::string& kind, const std::string& name) {
  for (const auto& f : report.at("findings"))
    if (f.at("check_id") == "table-stats/xid-wraparound" && f.at("object").at("kind") == kind &&
        f.at("object").at("name") == name)
      return &f;
  return nullptr;
}

TEST(TableStatsWraparound, AdvancedXidCounterIsCriticalAndFreezeScriptResetsTheTable) {
  dbopt::test::PrivateServer server("ts-pg");
  const std::string wrap = dbopt::test::with_database(server.conninfo(), "wrap");
  run_sql(server.conninfo(), "CREATE DATABASE wrap");
  run_sql(wrap,
          "CREATE TABLE public.old_orders (id integer PRIMARY KEY, note text);"
          "INSERT INTO public.old_orders SELECT i, 'n' FROM generate_series(1, 1000) AS i;");

  {
    std::ofstream conf(server.data_directory() / "postgresql.conf", std::ios::app);
    conf << "autovacuum = off\nautovacuum_freeze_max_age = 2000000000\n";
  }
  server.stop();
  const CommandResult reset =
      as_server_user({bindir() + "/pg_resetwal", "-x", std::to_string(kNextXid), "-D", server.data_directory().string()});
  ASSERT_EQ(reset.exit_code, 0) << reset.err << reset.out;
  char segment[16];
  std::snprintf(segment, sizeof segment, "%04llX", static_cast<unsigned long long>(kSegment));
  const CommandResult dd = as_server_user({"dd", "if=/dev/zero", "of=" + (server.data_directory() / "pg_xact" / segment).string(),
                                           "bs=8192", "count=32", "status=none"});
  ASSERT_EQ(dd.exit_code, 0) << dd.err;
  server.start();

  const std::int64_t age = std::stoll(dbopt::test::scalar(wrap,
                                                          "SELECT age(relfrozenxid) FROM pg_class "
                                                          "WHERE oid = 'public.old_orders'::regclass"));
  ASSERT_GT(age, 2147483648LL / 2) << "the XID counter was not advanced";

  const fs::path dir = dbopt::test::temp_dir("ts-wrap");
  const CommandResult cap =
      run_command({dbopt::test::cli_path(), "-q", "capture", wrap, "-o", (dir / "snap.json").string()});
  ASSERT_EQ(cap.exit_code, 0) << cap.err;
  const CommandResult an = run_command({dbopt::test::cli_path(), "-q", "analyze", (dir / "snap.json").string(),
                                        "--only", "table-stats", "-o", (dir / "report.json").string()});
  ASSERT_EQ(an.exit_code, 0) << an.err;
  const json report = json::parse(dbopt::test::read_file(dir / "report.json"));

  const json* db = find(report, "database", "wrap");
  ASSERT_NE(db, nullptr) << report.dump(2);
  EXPECT_EQ(db->at("priority"), "P1");
  EXPECT_EQ(db->at("severity"), "critical");
  const json* table = find(report, "table", "old_orders");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->at("priority"), "P1");
  ASSERT_TRUE(table->at("script").is_object());
  const std::string apply = table->at("script").at("apply");
  EXPECT_EQ(apply, "VACUUM (FREEZE, VERBOSE) public.old_orders;");

  run_sql(wrap, apply);
  const std::int64_t after = std::stoll(dbopt::test::scalar(wrap,
                                                            "SELECT age(relfrozenxid) FROM pg_class "
                                                            "WHERE oid = 'public.old_orders'::regclass"));
  EXPECT_LT(after, 1000) << "VACUUM (FREEZE) must reset the table's relfrozenxid age";
  fs::remove_all(dir);
}

}  // namespace

// The dbopt command as a user runs it, on the bundled demo snapshot (no server needed):
// exit codes, one-line errors that name what is wrong, outputs written next to each other,
// nothing half-written after a failure.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "support/live_db.hpp"

namespace fs = std::filesystem;
using dbopt::test::CommandResult;
using dbopt::test::run_command;

namespace {

CommandResult dbopt_cmd(std::vector<std::string> args) {
  args.insert(args.begin(), dbopt::test::cli_path());
  return run_command(args);
}

std::string demo_snapshot() { return dbopt::test::source_path("snapshots/demo.dbopt.json").string(); }

class Cli : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = dbopt::test::temp_dir("cli"); }
  void TearDown() override { fs::remove_all(dir_); }
  std::string out(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(Cli, VersionNamesTheSdkAbi) {
  const auto r = dbopt_cmd({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("sdk_abi"), std::string::npos) << r.out;
}

TEST_F(Cli, PluginsListsTheIndexAnalyzer) {
  const auto r = dbopt_cmd({"plugins"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("index-analyzer"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("loaded"), std::string::npos) << r.out;
}

TEST_F(Cli, PluginsShowsARefusedPluginWithTheField) {
  const auto r = dbopt_cmd({"--plugin-path", std::string(DBOPT_TEST_FIXTURE_PLUGIN_DIR) + "/wrong-abi", "plugins"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("refused"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("sdk_abi"), std::string::npos) << r.out;
}

TEST_F(Cli, AnalyzeWritesEveryFormatAndTheScripts) {
  const auto r = dbopt_cmd({"-q", "analyze", demo_snapshot(), "-o", out("r.md"), "-o", out("r.json"), "-o", out("r.pdf")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* f : {"r.md", "r.json", "r.pdf", "apply.sql", "rollback.sql"})
    EXPECT_GT(fs::file_size(dir_ / f), 0u) << f;
  EXPECT_EQ(dbopt::test::read_file(dir_ / "r.pdf").substr(0, 5), "%PDF-");
  const auto md = dbopt::test::read_file(dir_ / "r.md");
  EXPECT_NE(md.find("Executive summary"), std::string::npos);
  EXPECT_NE(md.find("index-analyzer/"), std::string::npos);
}

TEST_F(Cli, FailOnExitCodeFollowsThePriorities) {
  ASSERT_EQ(dbopt_cmd({"-q", "analyze", demo_snapshot(), "-o", out("r.json")}).exit_code, 0);
  const auto report = nlohmann::json::parse(dbopt::test::read_file(dir_ / "r.json"));
  const auto& actions = report.at("report").at("priority_actions");
  const bool has_p1 = !actions.at("p1_critical").empty();
  const bool has_p1_to_p3 = has_p1 || !actions.at("p2_high").empty() || !actions.at("p3_medium").empty();
  EXPECT_EQ(dbopt_cmd({"-q", "analyze", demo_snapshot(), "-o", out("a.json"), "--fail-on", "P1"}).exit_code,
            has_p1 ? 1 : 0);
  EXPECT_EQ(dbopt_cmd({"-q", "analyze", demo_snapshot(), "-o", out("b.json"), "--fail-on", "P3"}).exit_code,
            has_p1_to_p3 ? 1 : 0);
  EXPECT_TRUE(has_p1_to_p3) << "the demo database plants problems that must be P1..P3";
}

TEST_F(Cli, SameSnapshotGivesTheSameFindings) {
  ASSERT_EQ(dbopt_cmd({"-q", "analyze", demo_snapshot(), "-o", out("a.json")}).exit_code, 0);
  ASSERT_EQ(dbopt_cmd({"-q", "analyze", demo_snapshot(), "-o", out("b.json")}).exit_code, 0);
  const auto a = nlohmann::json::parse(dbopt::test::read_file(dir_ / "a.json"));
  const auto b = nlohmann::json::parse(dbopt::test::read_file(dir_ / "b.json"));
  EXPECT_EQ(a.at("findings"), b.at("findings"));
  EXPECT_EQ(a.at("report"), b.at("report"));
}

TEST_F(Cli, UsageErrorsExitTwoAndNameTheProblem) {
  auto r = dbopt_cmd({"analyze", demo_snapshot()});
  EXPECT_EQ(r.exit_code, 2);
  r = dbopt_cmd({"analyze", demo_snapshot(), "-o", out("r.txt")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(".txt"), std::string::npos) << r.err;
  r = dbopt_cmd({"analyze", demo_snapshot(), "-o", out("r.md"), "--set", "no-such-plugin.x=1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no-such-plugin"), std::string::npos) << r.err;
  r = dbopt_cmd({"analyze", demo_snapshot(), "-o", out("r.md"), "--set", "index-analyzer.no-such-option=1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no-such-option"), std::string::npos) << r.err;
  r = dbopt_cmd({"analyze", demo_snapshot(), "--conn", "dbname=x", "-o", out("r.md")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(fs::exists(dir_ / "r.md"));
}

TEST_F(Cli, BadSnapshotExitsThreeNamingTheFieldAndWritesNothing) {
  auto r = dbopt_cmd({"analyze", out("missing.json"), "-o", out("r.md")});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("missing.json"), std::string::npos) << r.err;
  // A real snapshot with one field of the wrong type.
  auto snap = nlohmann::json::parse(dbopt::test::read_file(demo_snapshot()));
  ASSERT_FALSE(snap.at("tables").empty());
  snap["tables"][0]["relpages"] = "many";
  {
    std::ofstream f(dir_ / "bad.json");
    f << snap.dump();
  }
  r = dbopt_cmd({"analyze", out("bad.json"), "-o", out("r.md")});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("tables[0].relpages"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "r.md"));
  EXPECT_FALSE(fs::exists(dir_ / "apply.sql"));
}

TEST_F(Cli, UnwritableOutputExitsFiveAndLeavesNoPartialFile) {
  const auto r = dbopt_cmd({"-q", "analyze", demo_snapshot(), "-o", out("no/such/dir/r.md")});
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_NE(r.err.find("r.md"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "no"));
}

TEST_F(Cli, SaveSnapshotRoundTripsThroughGzip) {
  ASSERT_EQ(dbopt_cmd({"-q", "analyze", demo_snapshot(), "-o", out("a.json"), "--save-snapshot", out("s.json.gz")})
                .exit_code,
            0);
  const auto gz = dbopt::test::read_file(dir_ / "s.json.gz");
  ASSERT_GE(gz.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8b);
  ASSERT_EQ(dbopt_cmd({"-q", "analyze", out("s.json.gz"), "-o", out("b.json")}).exit_code, 0);
  const auto a = nlohmann::json::parse(dbopt::test::read_file(dir_ / "a.json"));
  const auto b = nlohmann::json::parse(dbopt::test::read_file(dir_ / "b.json"));
  EXPECT_EQ(a.at("findings"), b.at("findings"));
}

}  // namespace

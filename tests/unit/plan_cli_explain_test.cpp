// `dbopt explain PLAN_FILE|- [-o report]`: a plan pasted from psql decoded into a report by the
// plan-decoder plugin; a plan that does not parse exits 3 naming the line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "support/live_db.hpp"

namespace fs = std::filesystem;
using dbopt::test::run_command;

namespace {

fs::path pev2(const std::string& rel) {
  return fs::path(DBOPT_SOURCE_DIR) / "tests" / "data" / "plans" / "pev2" / rel;
}

dbopt::test::CommandResult dbopt_cli(std::vector<std::string> args) {
  args.insert(args.begin(), dbopt::test::cli_path());
  return run_command(args);
}

TEST(PlanCliExplain, PsqlPlanGivesAMarkdownReportOnStdout) {
  // from-text/19: external sort on disk (11312kB) → work_mem 23MB.
  auto r = dbopt_cli({"-q", "explain", pev2("from-text/19-plan").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Decoded plan 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("23MB"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("^ work-mem-spill"), std::string::npos) << r.out;
}

TEST(PlanCliExplain, FramedPlanToJsonReport) {
  fs::path dir = dbopt::test::temp_dir("plan-cli");
  fs::path out = dir / "report.json";
  auto r = dbopt_cli(
      {"-q", "explain", pev2("11-psql-frames/text-2-aligned-unicode-double-double-double.plan").string(), "-o", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto report = nlohmann::json::parse(dbopt::test::read_file(out));
  EXPECT_NE(report.dump().find("plan-decoder/seq-scan-filter"), std::string::npos);
  EXPECT_NE(report.dump().find("part_0"), std::string::npos);
  fs::remove_all(dir);
}

TEST(PlanCliExplain, UnparseablePlanNamesTheLine) {
  fs::path dir = dbopt::test::temp_dir("plan-cli");
  {
    std::ofstream f(dir / "bad.txt");
    f << "                QUERY PLAN\n---------------------------\n Seq Scan on t  (cost=abc..1.00 rows=1 width=4)\n";
  }
  auto r = dbopt_cli({"-q", "explain", (dir / "bad.txt").string()});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("bad.txt: line 3: "), std::string::npos) << r.err;
  auto missing = dbopt_cli({"-q", "explain", (dir / "missing.txt").string()});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find((dir / "missing.txt").string() + ": cannot open for reading: "), std::string::npos)
      << missing.err;
  fs::remove_all(dir);
}

TEST(PlanCliExplain, HeaderNamesThePlanFileAndNoServer) {
  // A plan is not a capture: the header names the file, an unknown server version and no server,
  // instead of empty fields ("Database **** on PostgreSQL · captured by @:").
  auto r = dbopt_cli({"-q", "explain", pev2("from-text/19-plan").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string header = r.out.substr(0, r.out.find("\n## "));
  EXPECT_NE(header.find("Database **(plan file 19-plan)** on PostgreSQL unknown · plan read "), std::string::npos) << header;
  EXPECT_NE(header.find(" (no server connection) · generated "), std::string::npos) << header;
  EXPECT_EQ(header.find("@"), std::string::npos) << header;
  EXPECT_NE(r.out.find("| Host | none: a plan file, no server was read |"), std::string::npos);
  EXPECT_EQ(header.find("****"), std::string::npos) << header;
  EXPECT_EQ(header.find("captured  by"), std::string::npos) << header;

  fs::path dir = dbopt::test::temp_dir("plan-cli");
  fs::path out = dir / "report.json";
  auto j = dbopt_cli({"-q", "explain", pev2("from-text/19-plan").string(), "-o", out.string()});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  auto report = nlohmann::json::parse(dbopt::test::read_file(out));
  const auto& provenance = report.at("provenance");
  EXPECT_EQ(provenance.at("database"), "(plan file 19-plan)");
  EXPECT_EQ(provenance.at("server_version"), "unknown");
  EXPECT_EQ(provenance.at("host"), "");
  EXPECT_EQ(provenance.at("user"), "");
  EXPECT_FALSE(provenance.at("captured_at").get<std::string>().empty());
  fs::remove_all(dir);
}

}  // namespace

// Golden reports: the bundled demo snapshot (snapshots/demo.dbopt.json) analyzed by the current
// build must give exactly the reviewed reports in tests/golden/. They change only through
// scripts/update-golden.sh, whose diff is reviewed like code. Masked are only what no two runs or
// machines share: the plugins' wall-clock durations and the directory plugins were loaded from.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "support/live_db.hpp"

namespace fs = std::filesystem;

namespace {

/// Masks the run log's durations (Markdown cells like "| 1.20 ms |", JSON "duration_ms": 1.2) and
/// the directory of each plugin file (JSON "file": "/x/lib/dbopt/plugins/libfoo.so" → "libfoo.so").
std::string mask_run_specifics(const std::string& text) {
  static const std::regex md(R"(\| [0-9]+(\.[0-9]+)? (ms|s|min|h) \|)");
  static const std::regex js(R"("duration_ms": ?[0-9.eE+-]+)");
  static const std::regex file(R"re("file": "[^"]*/([^"/]+)")re");
  std::string out = std::regex_replace(text, md, "| <duration> |");
  out = std::regex_replace(out, js, "\"duration_ms\": 0");
  return std::regex_replace(out, file, "\"file\": \"$1\"");
}

class Golden : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(dbopt::test::temp_dir("golden"));
    const auto r = dbopt::test::run_command(
        {dbopt::test::cli_path(), "-q", "analyze", dbopt::test::source_path("snapshots/demo.dbopt.json").string(),
         "-o", (*dir_ / "demo.report.md").string(), "-o", (*dir_ / "demo.report.json").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static void expect_same(const std::string& produced, const std::string& golden) {
    const std::string actual = mask_run_specifics(dbopt::test::read_file(*dir_ / produced));
    const std::string expected =
        mask_run_specifics(dbopt::test::read_file(dbopt::test::source_path("tests/golden/" + golden)));
    EXPECT_EQ(actual, expected) << "the report of the demo snapshot changed; if intended, run "
                                   "scripts/update-golden.sh and review the diff of tests/golden/"
                                << golden;
  }
  static fs::path* dir_;
};
fs::path* Golden::dir_ = nullptr;

TEST_F(Golden, MarkdownReportOfTheDemoSnapshot) { expect_same("demo.report.md", "demo.report.md"); }
TEST_F(Golden, JsonReportOfTheDemoSnapshot) { expect_same("demo.report.json", "demo.report.json"); }
TEST_F(Golden, ApplyScriptOfTheDemoSnapshot) { expect_same("apply.sql", "demo.apply.sql"); }
TEST_F(Golden, RollbackScriptOfTheDemoSnapshot) { expect_same("rollback.sql", "demo.rollback.sql"); }

TEST(GoldenMask, MasksOnlyDurationsAndPluginDirectories) {
  EXPECT_EQ(mask_run_specifics("| index-analyzer | 0.1.0 | PROFILE | ok | 1.20 ms | 8 |"),
            "| index-analyzer | 0.1.0 | PROFILE | ok | <duration> | 8 |");
  EXPECT_EQ(mask_run_specifics("\"duration_ms\": 1.25,"), "\"duration_ms\": 0,");
  EXPECT_EQ(mask_run_specifics("| 12.8 MB |"), "| 12.8 MB |");
  EXPECT_EQ(mask_run_specifics("\"file\": \"/a/b/lib/dbopt/plugins/libindex-analyzer.so\","),
            "\"file\": \"libindex-analyzer.so\",");
  EXPECT_EQ(mask_run_specifics("\"file\": \"libx.so\""), "\"file\": \"libx.so\"");
}

}  // namespace

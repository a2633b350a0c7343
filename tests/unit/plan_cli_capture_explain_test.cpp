// `dbopt capture … --explain FILE`: a statement file that cannot be read, does not parse or holds
// no statement is a usage error (exit 2) naming the file and the problem, before any connection
// (engine::explain_statements_of reads it, as in the Studio's capture dialog).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/live_db.hpp"

namespace fs = std::filesystem;
using dbopt::test::run_command;

namespace {

// Nothing listens on port 1: a capture that tried to connect would fail with exit code != 2.
const std::string kUnreachable = "host=127.0.0.1 port=1 dbname=app connect_timeout=2";

class PlanCliCaptureExplain : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = dbopt::test::temp_dir("cli-capture-explain"); }
  void TearDown() override { fs::remove_all(dir_); }

  dbopt::test::CommandResult capture(const fs::path& file, const std::string& content, bool create = true) {
    if (create) std::ofstream(file, std::ios::binary) << content;
    return run_command({dbopt::test::cli_path(), "-q", "capture", kUnreachable, "-o", (dir_ / "s.json").string(),
                        "--explain", file.string(), "--analyze"});
  }

  fs::path dir_;
};

TEST_F(PlanCliCaptureExplain, CommentOnlyFileIsAUsageError) {
  const fs::path file = dir_ / "comments.sql";
  auto r = capture(file, "-- nothing to explain\n/* here */\n");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--explain " + file.string() + ": no SQL statement in it"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "s.json"));
}

TEST_F(PlanCliCaptureExplain, UnparsableFileIsAUsageErrorWithTheParserMessage) {
  const fs::path file = dir_ / "bad.sql";
  auto r = capture(file, "SELECT 1;\nSELEC 2;\n");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--explain " + file.string() + ": syntax error at or near \"SELEC\" at character 11"),
            std::string::npos)
      << r.err;
}

TEST_F(PlanCliCaptureExplain, MissingFileIsAUsageError) {
  const fs::path file = dir_ / "missing.sql";
  auto r = capture(file, "", false);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(file.string() + ": cannot open for reading: "), std::string::npos) << r.err;
}

}  // namespace

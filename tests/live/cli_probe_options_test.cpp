// Plugin options reach the capture's probes: `dbopt capture … --set plugin-id.option=value` and
// `dbopt analyze --conn … --set …` change what a probe samples (the snapshot stores the probe's
// rows, not its SQL: hybrid-schema-engineer's `document` row counts the rows sampled, bounded by
// its option sample-rows), and a bad --set is a usage error (exit 2) reported before connecting.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/live_db.hpp"

namespace fs = std::filesystem;
using dbopt::test::CommandResult;
using dbopt::test::run_command;

namespace {

constexpr int kUsageExit = 2;

class CliProbeOptions : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<dbopt::test::ScratchDatabase>("probeopts");
    // 2,000 documents: with sample-rows >= 1,334 the sample covers every page (100 × 1.5 ×
    // sample-rows / reltuples >= 100 %, or reltuples unknown), so the LIMIT alone decides how many
    // rows the probe reads.
    db_->exec(
        "CREATE TABLE events (id int PRIMARY KEY, payload jsonb);"
        "INSERT INTO events SELECT g, jsonb_build_object('customer_reference', g, 'status', 'ok')"
        "  FROM generate_series(1, 2000) g;"
        "ANALYZE events");
    oid_ = dbopt::test::scalar(db_->conninfo(), "SELECT 'events'::regclass::oid");
    ASSERT_FALSE(oid_.empty());
    dir_ = dbopt::test::temp_dir("probeopts");
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// sampled_rows of the `document` row of the hybrid-schema-engineer probe of events.payload in
  /// the snapshot file `file`; fails the test when the probe is missing or failed.
  std::string sampled_rows(const fs::path& file) {
    const auto snap = nlohmann::json::parse(dbopt::test::read_file(file));
    const std::string probe = "json-sample-" + oid_ + "-2";
    const auto& probes = snap.at("plugin_probes").at("hybrid-schema-engineer");
    if (!probes.contains(probe)) {
      ADD_FAILURE() << "no probe " << probe << " in " << probes.dump();
      return "";
    }
    const auto& r = probes.at(probe);
    EXPECT_EQ(r.at("status"), "ok") << r.dump();
    const auto& columns = r.at("columns");
    std::size_t kind = columns.size(), rows = columns.size();
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (columns[i] == "kind") kind = i;
      if (columns[i] == "sampled_rows") rows = i;
    }
    if (kind == columns.size() || rows == columns.size()) {
      ADD_FAILURE() << "no kind/sampled_rows column: " << columns.dump();
      return "";
    }
    for (const auto& row : r.at("rows"))
      if (row.at(kind) == "document") return row.at(rows).get<std::string>();
    ADD_FAILURE() << "no document row: " << r.dump();
    return "";
  }

  /// A conninfo that refuses connections (port 1): a command that tried to connect would exit 4.
  std::string unreachable() const { return "host=127.0.0.1 port=1 dbname=" + db_->name() + " connect_timeout=2"; }

  std::unique_ptr<dbopt::test::ScratchDatabase> db_;
  std::string oid_;
  fs::path dir_;
};

TEST_F(CliProbeOptions, CaptureSetChangesTheProbesSample) {
  const fs::path set = dir_ / "set.json", plain = dir_ / "plain.json";
  const CommandResult r = run_command({dbopt::test::cli_path(), "capture", db_->conninfo(), "-o", set.string(), "--set",
                                       "hybrid-schema-engineer.sample-rows=1500"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(sampled_rows(set), "1500");

  // Without --set the default (1,000 rows, README) bounds the same probe.
  const CommandResult d = run_command({dbopt::test::cli_path(), "capture", db_->conninfo(), "-o", plain.string()});
  ASSERT_EQ(d.exit_code, 0) << d.err;
  const std::string by_default = sampled_rows(plain);
  ASSERT_FALSE(by_default.empty());
  EXPECT_LE(std::stoll(by_default), 1000);
  EXPECT_GT(std::stoll(by_default), 0);

  // Repeatable, the last value of an option wins (as for analyze --set).
  const fs::path twice = dir_ / "twice.json";
  const CommandResult t =
      run_command({dbopt::test::cli_path(), "capture", db_->conninfo(), "-o", twice.string(), "--set",
                   "hybrid-schema-engineer.sample-rows=1500", "--set", "hybrid-schema-engineer.sample-rows=1700"});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_EQ(sampled_rows(twice), "1700");
}

TEST_F(CliProbeOptions, AnalyzeConnPassesSetToTheCapture) {
  const fs::path snap = dir_ / "analyzed.json", report = dir_ / "report.json";
  const CommandResult r = run_command({dbopt::test::cli_path(), "analyze", "--conn", db_->conninfo(), "-o",
                                       report.string(), "--save-snapshot", snap.string(), "--set",
                                       "hybrid-schema-engineer.sample-rows=1600"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(sampled_rows(snap), "1600");
  EXPECT_TRUE(fs::exists(report));
}

TEST_F(CliProbeOptions, BadSetIsAUsageErrorBeforeConnecting) {
  const fs::path out = dir_ / "never.json";
  struct Case {
    std::string set;
    std::vector<std::string> expected;  ///< substrings of the message
  };
  const std::vector<Case> cases = {
      {"nope.x=1", {"--set nope.x=1", "unknown plugin 'nope'"}},
      {"hybrid-schema-engineer.no-such=1", {"hybrid-schema-engineer", "no option 'no-such'"}},
      {"hybrid-schema-engineer.sample-rows=0", {"sample-rows", "must be >="}},
      {"hybrid-schema-engineer.sample-rows=many", {"sample-rows", "expected an integer"}},
      {"sample-rows", {"--set sample-rows", "expected plugin-id.option=value"}},
  };
  for (const auto& c : cases) {
    const CommandResult r =
        run_command({dbopt::test::cli_path(), "capture", unreachable(), "-o", out.string(), "--set", c.set});
    EXPECT_EQ(r.exit_code, kUsageExit) << c.set << ": " << r.err;  // 4 would mean it tried to connect
    for (const auto& e : c.expected) EXPECT_NE(r.err.find(e), std::string::npos) << c.set << ": " << r.err;
    EXPECT_EQ(r.err.find("capture failed"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
  }
  const CommandResult a = run_command({dbopt::test::cli_path(), "analyze", "--conn", unreachable(), "-o",
                                       (dir_ / "r.md").string(), "--set", "nope.x=1"});
  EXPECT_EQ(a.exit_code, kUsageExit) << a.err;
  EXPECT_NE(a.err.find("unknown plugin 'nope'"), std::string::npos) << a.err;
  EXPECT_EQ(a.err.find("capture failed"), std::string::npos) << a.err;
}

}  // namespace

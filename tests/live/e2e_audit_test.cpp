// End to end on a real PostgreSQL 15 of its own (the scripts change server settings, so not the
// shared fixture server): build the demo database (snapshots/demo.sql + workload.sql + the .d files),
// `dbopt capture` it, `dbopt analyze` the snapshot, and check what a user would check:
// the planted problems are reported and their controls are not; every apply script parses with
// PostgreSQL's parser and runs; rollback restores the exact pg_get_indexdef set; the PDF has the
// report's text; live analysis (--conn) and offline analysis of the saved snapshot agree.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include "facts/sql_script.hpp"
#include "support/live_db.hpp"

namespace fs = std::filesystem;
using dbopt::test::CommandResult;
using dbopt::test::run_command;
using nlohmann::json;

namespace {

/// A planted problem (or a control) in the demo database: check id + object name.
struct Expect {
  const char* check_id;
  const char* schema;
  const char* name;
};

// From snapshots/README.md "Planted problems": each must be reported …
const Expect kPlanted[] = {
#include "demo_planted.inc"
#include "demo.d/query-profiler.planted.inc"
#include "demo.d/table-stats.planted.inc"
#include "demo.d/config-tuner.planted.inc"
#include "demo.d/hybrid-schema-engineer.planted.inc"
#include "demo.d/toast-whisperer.planted.inc"
#include "demo.d/plan-decoder.planted.inc"
};
// … and each control must not be reported by that check.
const Expect kControls[] = {
#include "demo_controls.inc"
#include "demo.d/query-profiler.controls.inc"
#include "demo.d/table-stats.controls.inc"
#include "demo.d/config-tuner.controls.inc"
#include "demo.d/hybrid-schema-engineer.controls.inc"
#include "demo.d/toast-whisperer.controls.inc"
#include "demo.d/plan-decoder.controls.inc"
};

/// The demo's SQL files in the order scripts/refresh-demo-snapshot.sh runs them: the main file,
/// then the per-plugin files of its .d directory in name order.
std::vector<fs::path> demo_files(const char* main_file, const char* dir) {
  std::vector<fs::path> files = {dbopt::test::source_path(main_file)};
  std::vector<fs::path> extra;
  const fs::path d = dbopt::test::source_path(dir);
  if (fs::is_directory(d))
    for (const auto& entry : fs::directory_iterator(d))
      if (entry.path().extension() == ".sql") extra.push_back(entry.path());
  std::sort(extra.begin(), extra.end());
  files.insert(files.end(), extra.begin(), extra.end());
  return files;
}

/// Arguments of snapshots/demo-hardware.args (one per line): the server hardware the demo
/// capture is given, as in scripts/refresh-demo-snapshot.sh.
std::vector<std::string> demo_hardware_args() {
  std::vector<std::string> args;
  const fs::path file = dbopt::test::source_path("snapshots/demo-hardware.args");
  if (!fs::exists(file)) return args;
  std::istringstream in(dbopt::test::read_file(file));
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) args.push_back(line);
  return args;
}

/// `--explain snapshots/explain.sql --analyze` when the demo has statements to EXPLAIN, as in
/// scripts/refresh-demo-snapshot.sh.
std::vector<std::string> demo_explain_args() {
  const fs::path file = dbopt::test::source_path("snapshots/explain.sql");
  if (!fs::exists(file)) return {};
  return {"--explain", file.string(), "--analyze"};
}

/// name → (setting, source) of every pg_settings row, as the server reports it now.
std::map<std::string, std::pair<std::string, std::string>> settings_of(const dbopt::test::ScratchDatabase& db) {
  std::map<std::string, std::pair<std::string, std::string>> out;
  for (const auto& row : db.exec("SELECT name, setting, source FROM pg_settings"))
    out[*row[0]] = {row[1].value_or(""), row[2].value_or("")};
  return out;
}

void load_demo(const dbopt::test::ScratchDatabase& db) {
  auto run_files = [&](const std::vector<fs::path>& files) {
    for (const fs::path& file : files) {
      const CommandResult r =
          run_command({"psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.conninfo(), "-f", file.string()});
      ASSERT_EQ(r.exit_code, 0) << file << ": " << r.err;
    }
  };
  run_files(demo_files("snapshots/demo.sql", "snapshots/demo.d"));
  if (::testing::Test::HasFatalFailure()) return;
  // As scripts/refresh-demo-snapshot.sh does, only the workload defines pg_stat_statements (the load's
  // statements would dominate the time shares). Reset this database's entries only: other live tests
  // share the server.
  db.exec("SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)");
  run_files(demo_files("snapshots/workload.sql", "snapshots/workload.d"));
}

json analyze_to_json(const std::vector<std::string>& args, const fs::path& dir) {
  std::vector<std::string> argv = {dbopt::test::cli_path(), "-q", "analyze"};
  argv.insert(argv.end(), args.begin(), args.end());
  const CommandResult r = run_command(argv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(dbopt::test::read_file(dir / "report.json"));
}

bool reported(const json& report, const Expect& e) {
  for (const auto& f : report.at("findings")) {
    for (const auto& s : f.at("sources"))
      if (s.at("check_id") == e.check_id && f.at("object").at("schema") == e.schema &&
          f.at("object").at("name") == e.name)
        return true;
    if (f.at("check_id") == e.check_id && f.at("object").at("schema") == e.schema &&
        f.at("object").at("name") == e.name)
      return true;
  }
  return false;
}

std::set<std::string> index_definitions(const dbopt::test::ScratchDatabase& db) {
  std::set<std::string> defs;
  for (const auto& row : db.exec("SELECT indexrelid::regclass::text || ' valid=' || indisvalid || ' ' || "
                                 "pg_get_indexdef(indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                                 "JOIN pg_namespace n ON n.oid = c.relnamespace "
                                 "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"))
    defs.insert(*row[0]);
  return defs;
}

/// Runs a script statement by statement (CONCURRENTLY cannot run in a multi-statement string).
void run_script(const dbopt::test::ScratchDatabase& db, const std::string& script, const std::string& what) {
  auto error = dbopt::engine::sql_parse_error(script);
  ASSERT_FALSE(error.has_value()) << what << " does not parse: " << *error << "\n" << script;
  for (const std::string& statement : dbopt::engine::split_sql_statements(script)) {
    SCOPED_TRACE(what + ": " + statement);
    EXPECT_NO_THROW(db.exec(statement));
  }
}

class DemoAudit : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new dbopt::test::PrivateServer("e2e-pg");
    db_ = new dbopt::test::ScratchDatabase("demo", server_->conninfo());
    load_demo(*db_);
    dir_ = new fs::path(dbopt::test::temp_dir("e2e"));
    std::vector<std::string> capture = {dbopt::test::cli_path(), "-q", "capture", db_->conninfo()};
    for (const std::string& arg : demo_hardware_args()) capture.push_back(arg);
    for (const std::string& arg : demo_explain_args()) capture.push_back(arg);
    capture.insert(capture.end(), {"-o", (*dir_ / "snap.json").string()});
    const CommandResult cap = run_command(capture);
    ASSERT_EQ(cap.exit_code, 0) << cap.err;
    report_ = new json(analyze_to_json({(*dir_ / "snap.json").string(), "-o", (*dir_ / "report.json").string(), "-o",
                                        (*dir_ / "report.md").string(), "-o", (*dir_ / "report.pdf").string()},
                                       *dir_));
  }
  static void TearDownTestSuite() {
    delete report_;
    if (dir_) fs::remove_all(*dir_);
    delete dir_;
    delete db_;
    delete server_;
  }
  static dbopt::test::PrivateServer* server_;
  static dbopt::test::ScratchDatabase* db_;
  static fs::path* dir_;
  static json* report_;
};
dbopt::test::PrivateServer* DemoAudit::server_ = nullptr;
dbopt::test::ScratchDatabase* DemoAudit::db_ = nullptr;
fs::path* DemoAudit::dir_ = nullptr;
json* DemoAudit::report_ = nullptr;

TEST_F(DemoAudit, PlantedProblemsAreReported) {
  ASSERT_NE(report_, nullptr);
  for (const Expect& e : kPlanted) EXPECT_TRUE(reported(*report_, e)) << e.check_id << " on " << e.schema << "." << e.name;
}

TEST_F(DemoAudit, ControlsAreNotReported) {
  ASSERT_NE(report_, nullptr);
  for (const Expect& e : kControls) EXPECT_FALSE(reported(*report_, e)) << e.check_id << " on " << e.schema << "." << e.name;
}

TEST_F(DemoAudit, ReportHasPrioritizedActions) {
  ASSERT_NE(report_, nullptr);
  const auto& summary = report_->at("report").at("executive_summary");
  EXPECT_EQ(summary.at("issues_found").get<int>(), static_cast<int>(report_->at("findings").size()));
  const auto& actions = report_->at("report").at("priority_actions");
  const auto n = actions.at("p1_critical").size() + actions.at("p2_high").size() + actions.at("p3_medium").size();
  EXPECT_GT(n, 0u);
}

TEST_F(DemoAudit, ScriptsApplyAndRollbackRestoresIndexesAndSettings) {
  ASSERT_NE(report_, nullptr);
  const std::string apply = dbopt::test::read_file(*dir_ / "apply.sql");
  const std::string rollback = dbopt::test::read_file(*dir_ / "rollback.sql");
  const auto before = index_definitions(*db_);
  const auto settings_before = settings_of(*db_);
  run_script(*db_, apply, "apply.sql");
  const auto applied = index_definitions(*db_);
  EXPECT_NE(applied, before) << "apply.sql changed no index";
  run_script(*db_, rollback, "rollback.sql");
  // pg_reload_conf() only signals the postmaster: poll until the reload has reached new sessions.
  auto settings_after = settings_of(*db_);
  for (int i = 0; i < 50 && settings_after != settings_before; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    settings_after = settings_of(*db_);
  }
  for (const auto& [name, value] : settings_before) {
    const auto it = settings_after.find(name);
    ASSERT_NE(it, settings_after.end()) << name;
    EXPECT_EQ(it->second, value) << "rollback.sql did not restore setting " << name;
  }
  const auto restored = index_definitions(*db_);
  // Indexes that were INVALID are not recreated by the rollback (they never served a query and
  // rebuilding them fails the same way); everything else must come back exactly.
  std::set<std::string> before_valid;
  for (const auto& d : before)
    if (d.find(" valid=false ") == std::string::npos) before_valid.insert(d);
  std::set<std::string> restored_valid;
  for (const auto& d : restored)
    if (d.find(" valid=false ") == std::string::npos) restored_valid.insert(d);
  EXPECT_EQ(restored_valid, before_valid);
}

TEST_F(DemoAudit, PdfContainsTheReport) {
  ASSERT_NE(report_, nullptr);
  const CommandResult r = run_command({"pdftotext", "-layout", (*dir_ / "report.pdf").string(), "-"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Executive summary"), std::string::npos);
  EXPECT_NE(r.out.find(db_->name()), std::string::npos);
  for (const Expect& e : kPlanted) {
    if (std::string(e.name).find_first_of("\"<|") != std::string::npos) continue;  // wrapped lines
    EXPECT_NE(r.out.find(e.name), std::string::npos) << e.name;
  }
}

TEST_F(DemoAudit, LiveAnalysisEqualsOfflineAnalysisOfTheSavedSnapshot) {
  const fs::path live_dir = dbopt::test::temp_dir("live");
  const fs::path snap = live_dir / "saved.json";
  std::vector<std::string> args = {"--conn", db_->conninfo()};
  for (const std::string& arg : demo_hardware_args()) args.push_back(arg);
  args.insert(args.end(), {"-o", (live_dir / "report.json").string(), "--save-snapshot", snap.string()});
  const json live = analyze_to_json(args, live_dir);
  const fs::path offline_dir = dbopt::test::temp_dir("offline");
  const json offline = analyze_to_json({snap.string(), "-o", (offline_dir / "report.json").string()}, offline_dir);
  EXPECT_EQ(live.at("findings"), offline.at("findings"));
  EXPECT_EQ(live.at("report"), offline.at("report"));
  fs::remove_all(live_dir);
  fs::remove_all(offline_dir);
}

}  // namespace

// `dbopt capture` connects the way psql does: keyword/value strings, URIs, PG* environment
// variables and service files all work (libpq's own parsing), and a password given in any of
// them never reaches the snapshot, the report or the command's output.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "support/live_db.hpp"

namespace fs = std::filesystem;
using dbopt::test::CommandResult;
using dbopt::test::run_command;

namespace {

/// Value of `key` in a keyword/value conninfo ("host=127.0.0.1 port=5432 …").
std::string conninfo_value(const std::string& conninfo, const std::string& key) {
  std::istringstream words(conninfo);
  std::string word;
  while (words >> word)
    if (word.rfind(key + "=", 0) == 0) return word.substr(key.size() + 1);
  return "";
}

class CliConnection : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<dbopt::test::ScratchDatabase>("conn");
    db_->exec("CREATE TABLE accounts (id int PRIMARY KEY, owner text)");
    dir_ = dbopt::test::temp_dir("conn");
    host_ = conninfo_value(db_->conninfo(), "host");
    port_ = conninfo_value(db_->conninfo(), "port");
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// Captures with `conninfo` and `env`, then checks the snapshot is of our database and that
  /// "s3cr3t" appears nowhere: not in the file, not on stdout or stderr.
  void capture_and_check(const std::string& conninfo, const std::vector<std::pair<std::string, std::string>>& env) {
    const fs::path out = dir_ / "snap.json";
    const CommandResult r = run_command({dbopt::test::cli_path(), "capture", conninfo, "-o", out.string()}, env);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string text = dbopt::test::read_file(out);
    const auto snap = nlohmann::json::parse(text);
    EXPECT_EQ(snap.at("server").at("database"), db_->name());
    EXPECT_EQ(snap.at("provenance").at("port"), port_);
    bool found = false;
    for (const auto& t : snap.at("tables")) found |= t.at("relname") == "accounts";
    EXPECT_TRUE(found);
    EXPECT_EQ(text.find("s3cr3t"), std::string::npos);
    EXPECT_EQ(r.out.find("s3cr3t"), std::string::npos);
    EXPECT_EQ(r.err.find("s3cr3t"), std::string::npos);
  }

  std::unique_ptr<dbopt::test::ScratchDatabase> db_;
  fs::path dir_;
  std::string host_, port_;
};

TEST_F(CliConnection, KeywordValueWithAPassword) {
  capture_and_check("host=" + host_ + " port=" + port_ + " user=postgres password=s3cr3t dbname=" + db_->name(), {});
}

TEST_F(CliConnection, UriWithAPassword) {
  capture_and_check("postgresql://postgres:s3cr3t@" + host_ + ":" + port_ + "/" + db_->name() + "?connect_timeout=5",
                    {});
}

TEST_F(CliConnection, EnvironmentVariables) {
  capture_and_check("", {{"PGHOST", host_},
                         {"PGPORT", port_},
                         {"PGUSER", "postgres"},
                         {"PGDATABASE", db_->name()},
                         {"PGPASSWORD", "s3cr3t"}});
}

TEST_F(CliConnection, ServiceFile) {
  const fs::path services = dir_ / "pg_service.conf";
  std::ofstream(services) << "[audit]\nhost=" << host_ << "\nport=" << port_ << "\nuser=postgres\ndbname="
                          << db_->name() << "\npassword=s3cr3t\n";
  capture_and_check("service=audit", {{"PGSERVICEFILE", services.string()}});
}

TEST_F(CliConnection, RefusedConnectionExitsFourAndHidesThePassword) {
  const CommandResult r = run_command({dbopt::test::cli_path(), "capture",
                                       "postgresql://postgres:s3cr3t@" + host_ + ":1/" + db_->name(), "-o",
                                       (dir_ / "snap.json").string()});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("capture failed"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("s3cr3t"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "snap.json"));
}

}  // namespace

// Test support: the real PostgreSQL server started by support/pg_harness.sh (CTest fixture
// "pg"), scratch databases on it, and running the dbopt command. No mocks.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace dbopt::test {

/// libpq keyword/value connection string of the test server (reads DBOPT_TEST_PGDIR/conninfo).
/// Throws std::runtime_error saying how to start the server when it is not running.
std::string server_conninfo();

/// `base` with `dbname` (and optionally `user`) replaced, keyword/value form.
std::string with_database(const std::string& base, const std::string& dbname,
                          const std::optional<std::string>& user = std::nullopt);

using Row = std::vector<std::optional<std::string>>;

/// Runs `sql` (one or more statements) on `conninfo`; throws std::runtime_error with the server
/// message on failure. Returns the rows of the last statement as text.
std::vector<Row> run_sql(const std::string& conninfo, const std::string& sql);

/// First column of the first row of `sql`, or "" when none / NULL.
std::string scalar(const std::string& conninfo, const std::string& sql);

/// A fresh database on the test server, created from template0 with pg_stat_statements
/// installed, dropped (WITH (FORCE)) when the object goes out of scope.
class ScratchDatabase {
 public:
  explicit ScratchDatabase(const std::string& prefix = "t");
  /// The same on another server (e.g. a PrivateServer), given by its superuser conninfo.
  ScratchDatabase(const std::string& prefix, const std::string& server_conninfo);
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  const std::string& name() const { return name_; }
  /// Connection string to this database as the superuser (or as `user`).
  std::string conninfo(const std::optional<std::string>& user = std::nullopt) const;
  std::vector<Row> exec(const std::string& sql) const { return run_sql(conninfo(), sql); }
  std::string scalar(const std::string& sql) const { return dbopt::test::scalar(conninfo(), sql); }

 private:
  std::string server_;
  std::string name_;
};

/// A PostgreSQL 15 server of this test alone, started by support/pg_harness.sh in a temporary
/// directory (same configuration as the shared fixture server) and stopped, its data deleted, on
/// destruction. For tests that change server-wide state (ALTER SYSTEM, restarts, pg_resetwal),
/// which must not touch the shared server other live tests run on concurrently.
/// Throws std::runtime_error with the harness's message when the server does not start.
class PrivateServer {
 public:
  explicit PrivateServer(const std::string& prefix = "pg");
  ~PrivateServer();
  PrivateServer(const PrivateServer&) = delete;
  PrivateServer& operator=(const PrivateServer&) = delete;

  /// Superuser conninfo (database postgres), keyword/value form.
  const std::string& conninfo() const { return conninfo_; }
  /// The cluster's data directory (PGDATA), owned by the server's OS user.
  const std::filesystem::path& data_directory() const { return data_; }
  /// pg_ctl stop/start (mode fast) as the server's OS user; throws with pg_ctl's output on failure.
  void restart() const;
  /// pg_ctl stop (mode fast), e.g. before pg_resetwal; start() brings it back.
  void stop() const;
  void start() const;

 private:
  void pg_ctl(const std::vector<std::string>& args) const;
  std::filesystem::path state_;
  std::filesystem::path data_;
  std::string conninfo_;
};

/// Result of running a command.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs argv[0] with the arguments (no shell), capturing stdout and stderr.
CommandResult run_command(const std::vector<std::string>& argv,
                          const std::vector<std::pair<std::string, std::string>>& env = {});

/// The built `dbopt` command.
std::string cli_path();
/// A path inside the source tree.
std::filesystem::path source_path(const std::string& relative);
/// A fresh empty temporary directory (removed by the caller or left in /tmp).
std::filesystem::path temp_dir(const std::string& prefix);
/// Reads a whole file; throws when it cannot be read.
std::string read_file(const std::filesystem::path& p);

}  // namespace dbopt::test

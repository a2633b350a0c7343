#include "support/live_db.hpp"

#include <libpq-fe.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>

namespace dbopt::test {

std::string server_conninfo() {
  const std::filesystem::path file = std::filesystem::path(DBOPT_TEST_PGDIR) / "conninfo";
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line) || line.empty())
    throw std::runtime_error("test PostgreSQL is not running (no " + file.string() +
                             "); run the tests through ctest, which starts it (fixture 'pg')");
  return line;
}

std::string with_database(const std::string& base, const std::string& dbname, const std::optional<std::string>& user) {
  std::istringstream words(base);
  std::string word, out;
  while (words >> word) {
    if (word.rfind("dbname=", 0) == 0) continue;
    if (user && word.rfind("user=", 0) == 0) continue;
    out += word + " ";
  }
  out += "dbname=" + dbname;
  if (user) out += " user=" + *user;
  return out;
}

namespace {
struct ConnCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultClear {
  void operator()(PGresult* r) const { PQclear(r); }
};
}  // namespace

std::vector<Row> run_sql(const std::string& conninfo, const std::string& sql) {
  std::unique_ptr<PGconn, ConnCloser> conn(PQconnectdb(conninfo.c_str()));
  if (PQstatus(conn.get()) != CONNECTION_OK)
    throw std::runtime_error("connect (" + conninfo + "): " + PQerrorMessage(conn.get()));
  if (!PQsendQuery(conn.get(), sql.c_str())) throw std::runtime_error(PQerrorMessage(conn.get()));
  std::vector<Row> rows;
  std::string error;
  while (PGresult* raw = PQgetResult(conn.get())) {
    std::unique_ptr<PGresult, ResultClear> res(raw);
    const auto status = PQresultStatus(raw);
    if (status == PGRES_FATAL_ERROR) {
      if (error.empty()) error = PQresultErrorMessage(raw);
      continue;
    }
    if (status == PGRES_TUPLES_OK) {
      rows.clear();
      for (int r = 0; r < PQntuples(raw); ++r) {
        Row row;
        for (int c = 0; c < PQnfields(raw); ++c)
          row.push_back(PQgetisnull(raw, r, c) ? std::nullopt : std::optional<std::string>(PQgetvalue(raw, r, c)));
        rows.push_back(std::move(row));
      }
    }
  }
  if (!error.empty()) throw std::runtime_error("SQL failed: " + error + "SQL: " + sql.substr(0, 500));
  return rows;
}

std::string scalar(const std::string& conninfo, const std::string& sql) {
  auto rows = run_sql(conninfo, sql);
  if (rows.empty() || rows[0].empty() || !rows[0][0]) return "";
  return *rows[0][0];
}

ScratchDatabase::ScratchDatabase(const std::string& prefix) : server_(server_conninfo()) {
  static std::atomic<int> counter{0};
  std::random_device rd;
  name_ = "dbopt_" + prefix + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
          std::to_string(rd() % 100000);
  run_sql(server_, "CREATE DATABASE " + name_ + " TEMPLATE template0 ENCODING 'UTF8'");
  run_sql(conninfo(), "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
}

ScratchDatabase::ScratchDatabase(const std::string& prefix, const std::string& server_conninfo)
    : server_(server_conninfo) {
  static std::atomic<int> counter{0};
  std::random_device rd;
  name_ = "dbopt_" + prefix + "_" + std::to_string(::getpid()) + "_p" + std::to_string(counter++) + "_" +
          std::to_string(rd() % 100000);
  run_sql(server_, "CREATE DATABASE " + name_ + " TEMPLATE template0 ENCODING 'UTF8'");
  run_sql(conninfo(), "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
}

namespace {

std::string harness_path() { return source_path("tests/support/pg_harness.sh").string(); }

std::string first_line_of(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::string line;
  std::getline(in, line);
  if (line.empty()) throw std::runtime_error("pg_harness.sh left no " + p.string());
  return line;
}

}  // namespace

PrivateServer::PrivateServer(const std::string& prefix) : state_(temp_dir(prefix)) {
  const CommandResult r = run_command({"bash", harness_path(), "start", state_.string()});
  if (r.exit_code != 0) {
    std::filesystem::remove_all(state_);
    throw std::runtime_error("pg_harness.sh start failed: " + r.err + r.out);
  }
  conninfo_ = first_line_of(state_ / "conninfo");
  data_ = std::filesystem::path(first_line_of(state_ / "pgdata")) / "data";
}

PrivateServer::~PrivateServer() {
  try {
    run_command({"bash", harness_path(), "stop", state_.string()});
    std::filesystem::remove_all(state_);
  } catch (...) {
  }
}

void PrivateServer::pg_ctl(const std::vector<std::string>& args) const {
  const char* env_bindir = std::getenv("PG_BINDIR");
  const std::string bindir = env_bindir ? env_bindir : "/usr/lib/postgresql/15/bin";
  std::vector<std::string> argv = {bindir + "/pg_ctl", "-D", data_.string(), "-l",
                                   (data_.parent_path() / "server.log").string(), "-w", "-t", "60"};
  if (args.front() != "start") argv.insert(argv.end(), {"-m", "fast"});
  argv.insert(argv.end(), args.begin(), args.end());
  if (::geteuid() == 0) argv.insert(argv.begin(), {"runuser", "-u", "postgres", "--"});
  const CommandResult r = run_command(argv);
  if (r.exit_code != 0) throw std::runtime_error("pg_ctl " + args.front() + " failed: " + r.err + r.out);
}

void PrivateServer::restart() const { pg_ctl({"restart"}); }
void PrivateServer::stop() const { pg_ctl({"stop"}); }
void PrivateServer::start() const { pg_ctl({"start"}); }

ScratchDatabase::~ScratchDatabase() {
  try {
    run_sql(server_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (...) {
  }
}

std::string ScratchDatabase::conninfo(const std::optional<std::string>& user) const {
  return with_database(server_, name_, user);
}

CommandResult run_command(const std::vector<std::string>& argv,
                          const std::vector<std::pair<std::string, std::string>>& env) {
  const auto dir = temp_dir("cmd");
  const auto out_path = dir / "stdout", err_path = dir / "stderr";
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    if (!freopen(out_path.c_str(), "w", stdout) || !freopen(err_path.c_str(), "w", stderr)) _exit(126);
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  std::filesystem::remove_all(dir);
  return r;
}

std::string cli_path() { return DBOPT_CLI_PATH; }

std::filesystem::path source_path(const std::string& relative) {
  return std::filesystem::path(DBOPT_SOURCE_DIR) / relative;
}

std::filesystem::path temp_dir(const std::string& prefix) {
  std::string templ = (std::filesystem::temp_directory_path() / ("dbopt-" + prefix + "-XXXXXX")).string();
  if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed for " + templ);
  return templ;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace dbopt::test

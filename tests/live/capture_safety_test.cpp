// Live capture safety (DESIGN.md "Safety rules"): read-only transaction, timeouts, locks,
// application_name, least privilege (pg_monitor), missing pg_stat_statements, connection errors
// without passwords, cancellation, and a statement count that does not grow with the schema.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "capture/capture.hpp"
#include "dbopt/sdk/sql.hpp"
#include "support/live_db.hpp"

using dbopt::engine::capture_snapshot;
using dbopt::engine::CaptureError;
using dbopt::engine::CaptureOptions;
using dbopt::engine::CaptureProgress;
using dbopt::test::ScratchDatabase;
namespace sdk = dbopt::sdk;

namespace {

const sdk::ProbeOutcome* find_outcome(const sdk::Snapshot& s, const std::string& name) {
  for (const auto& o : s.provenance.probes)
    if (o.name == name) return &o;
  return nullptr;
}

const sdk::Table* find_table(const sdk::Snapshot& s, const std::string& name) {
  for (const auto& t : s.tables)
    if (t.relname == name) return &t;
  return nullptr;
}

const sdk::Index* find_index(const sdk::Snapshot& s, const std::string& name) {
  for (const auto& i : s.indexes)
    if (i.relname == name) return &i;
  return nullptr;
}

CaptureOptions options_for(const ScratchDatabase& db) {
  CaptureOptions o;
  o.conninfo = db.conninfo();
  return o;
}

/// Probes for one fake plugin "test-plugin".
dbopt::engine::ProbeProvider probes(std::vector<sdk::Probe> list) {
  return [list](const sdk::Snapshot&) {
    return std::vector<std::pair<std::string, std::vector<sdk::Probe>>>{{"test-plugin", list}};
  };
}

/// A second session that keeps a transaction open (to hold locks) until destroyed.
class OpenTransaction {
 public:
  OpenTransaction(const std::string& conninfo, const std::string& statement) : conn_(PQconnectdb(conninfo.c_str())) {
    if (PQstatus(conn_.get()) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(conn_.get()));
    run("BEGIN");
    run(statement);
  }
  ~OpenTransaction() { PQclear(PQexec(conn_.get(), "ROLLBACK")); }

 private:
  void run(const std::string& sql) {
    PGresult* r = PQexec(conn_.get(), sql.c_str());
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    const std::string error = PQresultErrorMessage(r);
    PQclear(r);
    if (!ok) throw std::runtime_error(sql + ": " + error);
  }
  struct Finish {
    void operator()(PGconn* c) const { PQfinish(c); }
  };
  std::unique_ptr<PGconn, Finish> conn_;
};

void create_tables(const ScratchDatabase& db, int count) {
  db.exec("DO $$ BEGIN FOR i IN 1.." + std::to_string(count) +
          " LOOP EXECUTE format('CREATE TABLE t%s (id int PRIMARY KEY, v text, w int REFERENCES t%s (id))', i, i); "
          "EXECUTE format('CREATE INDEX ON t%s (v)', i); END LOOP; END $$");
}

}  // namespace

TEST(CaptureSafety, ProbesRunReadOnlyWithTheCaptureSettings) {
  ScratchDatabase db("capsafe");
  CaptureOptions o = options_for(db);
  o.conninfo += " application_name=someone_else";
  o.probe_provider = probes({
      {"settings", "", "SELECT current_setting('application_name') AS app, current_setting('transaction_read_only') "
                       "AS ro, current_setting('transaction_isolation') AS iso, "
                       "current_setting('statement_timeout') AS st, current_setting('lock_timeout') AS lt"},
      {"write", "", "CREATE TABLE public.dbopt_probe_write (x int)"},
      {"after-write", "", "SELECT 1 AS one, NULL::text AS nothing"},
  });
  const sdk::Snapshot s = capture_snapshot(o);

  const auto& settings = s.plugin_probes.at("test-plugin").at("settings");
  ASSERT_EQ(settings.status, "ok") << settings.error.value_or("");
  EXPECT_EQ(settings.columns, (std::vector<std::string>{"app", "ro", "iso", "st", "lt"}));
  ASSERT_EQ(settings.rows.size(), 1u);
  EXPECT_EQ(settings.rows[0][0], "dbopt");
  EXPECT_EQ(settings.rows[0][1], "on");
  EXPECT_EQ(settings.rows[0][2], "repeatable read");
  EXPECT_EQ(settings.rows[0][3], "30s");
  EXPECT_EQ(settings.rows[0][4], "1s");

  const auto* write = find_outcome(s, "test-plugin/write");
  ASSERT_NE(write, nullptr);
  EXPECT_EQ(write->status, "failed");
  ASSERT_TRUE(write->error.has_value());
  EXPECT_NE(write->error->find("25006"), std::string::npos) << *write->error;
  EXPECT_EQ(s.plugin_probes.at("test-plugin").at("write").status, "failed");

  const auto* after = find_outcome(s, "test-plugin/after-write");
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(after->status, "ok");
  EXPECT_EQ(after->rows, 1);
  const auto& after_rows = s.plugin_probes.at("test-plugin").at("after-write").rows;
  ASSERT_EQ(after_rows.size(), 1u);
  EXPECT_EQ(after_rows[0][0], "1");
  EXPECT_FALSE(after_rows[0][1].has_value());

  EXPECT_EQ(db.scalar("SELECT to_regclass('public.dbopt_probe_write') IS NULL"), "t");
  EXPECT_EQ(find_outcome(s, "plugin_probes")->rows, 3);
}

TEST(CaptureSafety, ApplicationNameFromTheOptions) {
  ScratchDatabase db("capsafe");
  CaptureOptions o = options_for(db);
  o.application_name = "audit-2026 q1";
  o.probe_provider = probes({{"app", "", "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()"}});
  const sdk::Snapshot s = capture_snapshot(o);
  EXPECT_EQ(s.plugin_probes.at("test-plugin").at("app").rows.at(0).at(0), "audit-2026 q1");
  EXPECT_EQ(s.provenance.application_name, "audit-2026 q1");
}

TEST(CaptureSafety, ProbeEndingTheTransactionCannotUnlockWrites) {
  ScratchDatabase db("capsafe");
  CaptureOptions o = options_for(db);
  o.probe_provider = probes({
      {"commit", "", "COMMIT"},
      {"write-after-commit", "", "CREATE TABLE public.dbopt_after_commit (x int)"},
      {"two-statements", "", "SELECT 1; CREATE TABLE public.dbopt_two (x int)"},
      {"copy", "", "COPY (SELECT 1) TO STDOUT"},
      {"empty", "", ""},
      {"still-read-only", "", "SELECT current_setting('transaction_read_only')"},
  });
  const sdk::Snapshot s = capture_snapshot(o);
  EXPECT_EQ(find_outcome(s, "test-plugin/commit")->status, "failed");
  EXPECT_EQ(s.plugin_probes.at("test-plugin").at("commit").status, "failed");
  const auto* write = find_outcome(s, "test-plugin/write-after-commit");
  EXPECT_EQ(write->status, "failed");
  EXPECT_NE(write->error.value_or("").find("25006"), std::string::npos) << write->error.value_or("");
  EXPECT_EQ(find_outcome(s, "test-plugin/two-statements")->status, "failed");
  EXPECT_EQ(find_outcome(s, "test-plugin/copy")->status, "failed");
  EXPECT_EQ(find_outcome(s, "test-plugin/empty")->status, "failed");
  EXPECT_EQ(find_outcome(s, "test-plugin/still-read-only")->status, "ok");
  EXPECT_EQ(s.plugin_probes.at("test-plugin").at("still-read-only").rows.at(0).at(0), "on");
  EXPECT_EQ(db.scalar("SELECT to_regclass('public.dbopt_after_commit') IS NULL"), "t");
  EXPECT_EQ(db.scalar("SELECT to_regclass('public.dbopt_two') IS NULL"), "t");
}

TEST(CaptureSafety, TimedOutProbeIsRecordedAndTheNextRuns) {
  ScratchDatabase db("capsafe");
  CaptureOptions o = options_for(db);
  o.statement_timeout_ms = 300;
  o.probe_provider = probes({{"slow", "", "SELECT pg_sleep(3)"}, {"next", "", "SELECT 42 AS answer"}});
  const auto start = std::chrono::steady_clock::now();
  const sdk::Snapshot s = capture_snapshot(o);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  const auto* slow = find_outcome(s, "test-plugin/slow");
  ASSERT_NE(slow, nullptr);
  EXPECT_EQ(slow->status, "failed");
  EXPECT_NE(slow->error.value_or("").find("57014"), std::string::npos) << slow->error.value_or("");
  EXPECT_GE(slow->duration_ms, 250);
  EXPECT_EQ(find_outcome(s, "test-plugin/next")->status, "ok");
  EXPECT_EQ(s.plugin_probes.at("test-plugin").at("next").rows.at(0).at(0), "42");
  EXPECT_EQ(find_outcome(s, "tables")->status, "ok");
}

TEST(CaptureSafety, FailingProbeProviderIsRecorded) {
  ScratchDatabase db("capsafe");
  CaptureOptions o = options_for(db);
  o.probe_provider = [](const sdk::Snapshot&) -> std::vector<std::pair<std::string, std::vector<sdk::Probe>>> {
    throw std::runtime_error("plugin exploded");
  };
  const sdk::Snapshot s = capture_snapshot(o);
  const auto* p = find_outcome(s, "plugin_probes");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->status, "failed");
  EXPECT_EQ(p->error, "plugin exploded");
  EXPECT_EQ(find_outcome(s, "extensions")->status, "ok");
}

TEST(CaptureSafety, TableLockedAccessExclusiveIsSkippedWithinTheLockTimeout) {
  ScratchDatabase db("caplock");
  db.exec("CREATE TABLE held (id int PRIMARY KEY, v text CHECK (v <> '')); CREATE INDEX held_v ON held (lower(v));"
          "CREATE TABLE free (id int PRIMARY KEY, held_id int REFERENCES held (id));"
          "CREATE TABLE parted (k int) PARTITION BY LIST (k); CREATE TABLE parted_1 PARTITION OF parted FOR VALUES IN (1);"
          "INSERT INTO held SELECT g, 'v' || g FROM generate_series(1, 1000) g; ANALYZE");
  OpenTransaction locker(db.conninfo(), "LOCK TABLE held, ONLY parted IN ACCESS EXCLUSIVE MODE");
  CaptureOptions o = options_for(db);
  o.lock_timeout_ms = 500;
  const auto start = std::chrono::steady_clock::now();
  const sdk::Snapshot s = capture_snapshot(o);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));

  for (const char* step : {"tables", "columns", "indexes", "constraints"})
    EXPECT_EQ(find_outcome(s, step)->status, "ok") << step << ": " << find_outcome(s, step)->error.value_or("");
  EXPECT_EQ(find_table(s, "held"), nullptr);
  EXPECT_EQ(find_table(s, "parted"), nullptr);
  EXPECT_EQ(find_index(s, "held_v"), nullptr);
  ASSERT_NE(find_table(s, "free"), nullptr);
  ASSERT_NE(find_table(s, "parted_1"), nullptr);
  EXPECT_NE(find_index(s, "free_pkey"), nullptr);
  // The foreign key of `free` references the locked table; its definition needs no lock on it.
  bool fk = false;
  for (const auto& c : s.constraints) fk |= c.conname == "free_held_id_fkey";
  EXPECT_TRUE(fk);
  const auto* tables = find_outcome(s, "tables");
  ASSERT_TRUE(tables->note.has_value());
  EXPECT_FALSE(tables->error.has_value());
  EXPECT_NE(tables->note->find("held"), std::string::npos) << *tables->note;
  EXPECT_NE(tables->note->find("parted"), std::string::npos) << *tables->note;
  EXPECT_EQ(find_outcome(s, "locked_relations")->rows, 2);
}

TEST(CaptureSafety, TableAwaitingAccessExclusiveIsSkipped) {
  // A migration's ALTER TABLE queued behind a long query: any new AccessShareLock request on the
  // table queues behind the ALTER, so the capture must not touch it either.
  ScratchDatabase db("caplock");
  db.exec("CREATE TABLE queued (id int PRIMARY KEY); CREATE TABLE other (id int PRIMARY KEY)");
  auto reader = std::make_unique<OpenTransaction>(db.conninfo(), "SELECT * FROM queued");
  std::unique_ptr<PGconn, void (*)(PGconn*)> alter(PQconnectdb(db.conninfo().c_str()), PQfinish);
  ASSERT_EQ(PQstatus(alter.get()), CONNECTION_OK);
  ASSERT_EQ(PQsendQuery(alter.get(), "ALTER TABLE queued ADD COLUMN v text"), 1);
  bool waiting = false;
  for (int attempt = 0; attempt < 100 && !waiting; ++attempt) {
    waiting = db.scalar("SELECT count(*) FROM pg_locks WHERE relation = 'queued'::regclass AND NOT granted "
                        "AND mode = 'AccessExclusiveLock'") == "1";
    if (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(waiting);
  CaptureOptions o = options_for(db);
  o.lock_timeout_ms = 500;
  const auto start = std::chrono::steady_clock::now();
  const sdk::Snapshot s = capture_snapshot(o);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  EXPECT_EQ(find_table(s, "queued"), nullptr);
  EXPECT_NE(find_table(s, "other"), nullptr);
  for (const char* step : {"tables", "columns", "indexes", "constraints"})
    EXPECT_EQ(find_outcome(s, step)->status, "ok") << step << ": " << find_outcome(s, step)->error.value_or("");
  reader.reset();  // the ALTER gets its lock and finishes
  while (PGresult* r = PQgetResult(alter.get())) PQclear(r);
}

TEST(CaptureSafety, IndexLockedAccessExclusiveGetsEstimatedSizes) {
  ScratchDatabase db("caplock");
  db.exec("CREATE TABLE busy (id int PRIMARY KEY, v text); CREATE INDEX busy_v ON busy (v);"
          "INSERT INTO busy SELECT g, 'v' || g FROM generate_series(1, 5000) g");
  db.exec("VACUUM ANALYZE busy");
  const std::string estimate =
      db.scalar("SELECT relpages::bigint * current_setting('block_size')::bigint FROM pg_class WHERE relname = 'busy_v'");
  const std::string indexdef = db.scalar("SELECT pg_get_indexdef('busy_v'::regclass)");
  // REINDEX holds ACCESS EXCLUSIVE on the index only (SHARE on the table) until ROLLBACK.
  OpenTransaction locker(db.conninfo(), "REINDEX INDEX busy_v");
  CaptureOptions o = options_for(db);
  o.lock_timeout_ms = 500;
  const auto start = std::chrono::steady_clock::now();
  const sdk::Snapshot s = capture_snapshot(o);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));

  const auto* busy = find_table(s, "busy");
  ASSERT_NE(busy, nullptr);
  const auto* index = find_index(s, "busy_v");
  ASSERT_NE(index, nullptr);
  EXPECT_EQ(index->indexdef, indexdef);
  EXPECT_EQ(std::to_string(index->size_bytes), estimate);
  EXPECT_GT(busy->indexes_bytes, index->size_bytes);
  EXPECT_EQ(busy->total_bytes, busy->heap_bytes + busy->toast_bytes + busy->indexes_bytes);
  for (const char* step : {"tables", "indexes"}) {
    const auto* o2 = find_outcome(s, step);
    EXPECT_EQ(o2->status, "ok") << step;
    EXPECT_NE(o2->note.value_or("").find("estimated"), std::string::npos) << step << ": " << o2->note.value_or("");
  }
}

TEST(CaptureSafety, MonitoringRoleIsEnough) {
  ScratchDatabase db("capmon");
  const std::string role = db.name() + "_mon";
  db.exec("CREATE ROLE " + role + " LOGIN IN ROLE pg_monitor");
  db.exec("CREATE TABLE items (id int PRIMARY KEY, v text); INSERT INTO items SELECT g, 'x' FROM generate_series(1, 100) g;"
          "ANALYZE items");
  db.exec("SELECT count(*) FROM items WHERE id < 10");
  CaptureOptions o = options_for(db);
  o.conninfo = db.conninfo(role);
  sdk::Snapshot s;
  try {
    s = capture_snapshot(o);
  } catch (...) {
    db.exec("DROP ROLE " + role);
    throw;
  }
  db.exec("DROP ROLE " + role);
  EXPECT_EQ(s.provenance.user, role);
  EXPECT_EQ(s.server.current_user, role);
  for (const auto& out : s.provenance.probes) EXPECT_EQ(out.status, "ok") << out.name << ": " << out.error.value_or("");
  ASSERT_TRUE(s.statements.has_value());
  bool seen = false;
  for (const auto& st : *s.statements) seen |= st.query == "SELECT count(*) FROM items WHERE id < $1";
  EXPECT_TRUE(seen);
  const auto* items = find_table(s, "items");
  ASSERT_NE(items, nullptr);
  EXPECT_GT(items->heap_bytes, 0);
  EXPECT_NE(find_index(s, "items_pkey"), nullptr);
  EXPECT_EQ(s.settings.size(), std::stoul(db.scalar("SELECT count(*) FROM pg_settings")));
}

TEST(CaptureSafety, WithoutPgStatStatementsTheStepIsSkipped) {
  ScratchDatabase db("capnopss");
  db.exec("DROP EXTENSION pg_stat_statements");
  const sdk::Snapshot s = capture_snapshot(options_for(db));
  EXPECT_FALSE(s.statements.has_value());
  const auto* o = find_outcome(s, "pg_stat_statements");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->status, "skipped");
  EXPECT_EQ(o->error, "pg_stat_statements is not installed in this database");
  EXPECT_EQ(find_outcome(s, "tables")->status, "ok");
}

TEST(CaptureSafety, PgStatStatementsInAQuotedSchemaIsFound) {
  ScratchDatabase db("capnopss");
  db.exec("DROP EXTENSION pg_stat_statements; CREATE SCHEMA \"Mon Ü\"; "
          "CREATE EXTENSION pg_stat_statements SCHEMA \"Mon Ü\"");
  const sdk::Snapshot s = capture_snapshot(options_for(db));
  EXPECT_EQ(find_outcome(s, "pg_stat_statements")->status, "ok");
  ASSERT_TRUE(s.statements.has_value());
  bool seen = false;
  for (const auto& st : *s.statements) seen |= st.query.find("CREATE SCHEMA \"Mon Ü\"") != std::string::npos;
  EXPECT_TRUE(seen);
  const std::string dboid = db.scalar("SELECT oid FROM pg_database WHERE datname = current_database()");
  for (const auto& st : *s.statements) EXPECT_EQ(std::to_string(st.dbid), dboid);
}

TEST(CaptureSafety, ConnectionFailureNamesTheProblemNotThePassword) {
  for (const std::string& conninfo :
       {std::string("host=127.0.0.1 port=1 user=nobody password=secret connect_timeout=5"),
        std::string("postgresql://nobody:secret@127.0.0.1:1/db?connect_timeout=5"),
        dbopt::test::with_database(dbopt::test::server_conninfo(), "no_such_db_dbopt") + " password=secret",
        std::string("host=127.0.0.1 password=secret junk")}) {
    CaptureOptions o;
    o.conninfo = conninfo;
    try {
      capture_snapshot(o);
      ADD_FAILURE() << "capture should fail for " << conninfo;
    } catch (const CaptureError& e) {
      const std::string message = e.what();
      EXPECT_EQ(message.rfind("could not connect: ", 0), 0u) << message;
      EXPECT_GT(message.size(), std::string("could not connect: ").size() + 5) << message;
      EXPECT_EQ(message.find("secret"), std::string::npos) << message;
    }
  }
}

TEST(CaptureSafety, CancelStopsBetweenSteps) {
  ScratchDatabase db("capcancel");
  std::atomic<bool> cancel{false};
  std::vector<CaptureProgress> seen;
  CaptureOptions o = options_for(db);
  o.cancel = &cancel;
  o.on_progress = [&](const CaptureProgress& p) {
    seen.push_back(p);
    if (p.step == "tables") cancel = true;
  };
  try {
    capture_snapshot(o);
    ADD_FAILURE() << "capture should be cancelled";
  } catch (const CaptureError& e) {
    EXPECT_STREQ(e.what(), "capture cancelled");
  }
  ASSERT_GE(seen.size(), 2u);
  EXPECT_EQ(seen.front().step, "server");
  EXPECT_EQ(seen.front().index, 1);
  EXPECT_EQ(seen.back().step, "tables");
  EXPECT_EQ(seen.back().index, static_cast<int>(seen.size()));
  EXPECT_EQ(seen.back().total, seen.front().total);
}

TEST(CaptureSafety, StatementsSentDoNotGrowWithTables) {
  ScratchDatabase small("capcount");
  ScratchDatabase large("capcount");
  create_tables(small, 5);
  create_tables(large, 50);
  std::int64_t sent_small = 0, sent_large = 0;
  CaptureOptions o = options_for(small);
  o.statements_sent = &sent_small;
  const sdk::Snapshot a = capture_snapshot(o);
  o = options_for(large);
  o.statements_sent = &sent_large;
  const sdk::Snapshot b = capture_snapshot(o);
  EXPECT_EQ(a.tables.size(), 5u);
  EXPECT_EQ(b.tables.size(), 50u);
  EXPECT_EQ(b.indexes.size(), 100u);
  EXPECT_EQ(b.constraints.size(), 100u);
  EXPECT_GT(sent_small, 0);
  EXPECT_EQ(sent_small, sent_large);
}

namespace {

TEST(CaptureSafety, CaptureLeavesItsOwnStatementsOutOfTheWorkload) {
  ScratchDatabase db("own");
  db.exec("CREATE TABLE t (id int PRIMARY KEY)");
  for (int i = 0; i < 3; ++i) db.exec("SELECT count(*) FROM t WHERE id = " + std::to_string(i));
  capture_snapshot(options_for(db));  // the first capture's statements land in pg_stat_statements…
  const sdk::Snapshot s = capture_snapshot(options_for(db));
  // … as the server shows (so the check below is not vacuous) …
  const std::string recorded = db.scalar(
      "SELECT count(*) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = "
      "current_database()) AND query ILIKE 'SAVEPOINT%'");
  ASSERT_GT(std::stoi(recorded), 0);
  // … but the second capture keeps only the workload.
  ASSERT_TRUE(s.statements.has_value());
  bool workload = false;
  for (const auto& st : *s.statements) {
    EXPECT_EQ(st.query.rfind("SAVEPOINT", 0), std::string::npos) << st.query;
    EXPECT_EQ(st.query.find("pg_catalog.pg_class"), std::string::npos) << st.query;
    // The catalog queries hold literals ('r', 'p', …) that pg_stat_statements stores as $n:
    // they must be recognised in their normalized form too.
    for (const char* catalog : {"pg_attribute", "pg_index", "pg_stat_user_tables", "pg_settings", "pg_locks",
                                "pg_constraint", "pg_extension"})
      EXPECT_EQ(st.query.find(catalog), std::string::npos) << st.query;
    if (st.query == "SELECT count(*) FROM t WHERE id = $1") workload = true;
  }
  EXPECT_TRUE(workload);
  const sdk::ProbeOutcome* o = find_outcome(s, "pg_stat_statements");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->status, "ok");
  EXPECT_EQ(o->rows, static_cast<std::int64_t>(s.statements->size()));
}

}  // namespace

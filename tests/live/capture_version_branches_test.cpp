// Version branches of the capture steps (capture/steps.hpp), run against the PostgreSQL 15
// fixture with an older server_version_num: only PostgreSQL 15 is installed, so this checks which
// branch a version selects and that the older branches are valid SQL on the columns they share —
// not that every column exists on a real 12 or 13 server.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "capture/pg_connection.hpp"
#include "capture/steps.hpp"
#include "support/live_db.hpp"

using dbopt::engine::capture_detail::PgConnection;
using dbopt::engine::capture_detail::StepContext;
using dbopt::engine::capture_detail::StepSkipped;
using dbopt::test::ScratchDatabase;
namespace cd = dbopt::engine::capture_detail;
namespace sdk = dbopt::sdk;

namespace {

const sdk::Table* find_table(const sdk::Snapshot& s, const std::string& name) {
  for (const auto& t : s.tables)
    if (t.relname == name) return &t;
  return nullptr;
}

const sdk::Column* find_column(const sdk::Snapshot& s, sdk::Oid table, const std::string& name) {
  for (const auto& c : s.columns)
    if (c.table_oid == table && c.attname == name) return &c;
  return nullptr;
}

const sdk::Index* find_index(const sdk::Snapshot& s, const std::string& name) {
  for (const auto& i : s.indexes)
    if (i.relname == name) return &i;
  return nullptr;
}

class CaptureVersionBranches : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<ScratchDatabase>("capver");
    db_->exec("CREATE TABLE emptied (id int PRIMARY KEY, v text COMPRESSION pglz)");
    db_->exec("CREATE TABLE filled (id int)");
    db_->exec("INSERT INTO filled SELECT g FROM generate_series(1, 3) g");
    db_->exec("CREATE INDEX filled_id ON filled (id)");
    db_->exec("VACUUM emptied");  // an empty table: reltuples 0 on every version
    db_->exec("ANALYZE filled");
    // Preconditions, so the assertions below cannot pass vacuously.
    ASSERT_EQ(db_->scalar("SELECT reltuples FROM pg_class WHERE relname = 'emptied'"), "0");
    ASSERT_EQ(db_->scalar("SELECT reltuples FROM pg_class WHERE relname = 'filled'"), "3");
  }

  /// The snapshot sections the relation steps write when the server claims `server_version_num`.
  sdk::Snapshot capture_as(int server_version_num) {
    PgConnection conn(db_->conninfo(), "dbopt-test", 10);
    conn.exec("SET search_path = pg_catalog, pg_temp");
    sdk::Snapshot snapshot;
    StepContext ctx{conn, server_version_num, snapshot, {}};
    cd::capture_tables(ctx);
    cd::capture_columns(ctx);
    cd::capture_indexes(ctx);
    cd::capture_bgwriter(ctx);
    return snapshot;
  }

  std::unique_ptr<ScratchDatabase> db_;
};

TEST_F(CaptureVersionBranches, Pg13ReadsReltuplesZeroAsUnknown) {
  const sdk::Snapshot s = capture_as(130000);
  const sdk::Table* emptied = find_table(s, "emptied");
  const sdk::Table* filled = find_table(s, "filled");
  ASSERT_NE(emptied, nullptr);
  ASSERT_NE(filled, nullptr);
  EXPECT_FALSE(emptied->reltuples.has_value());
  ASSERT_TRUE(filled->reltuples.has_value());
  EXPECT_EQ(*filled->reltuples, 3.0);
  const sdk::Index* filled_id = find_index(s, "filled_id");
  ASSERT_NE(filled_id, nullptr);
  ASSERT_TRUE(filled_id->reltuples.has_value());
  EXPECT_EQ(*filled_id->reltuples, 3.0);
}

TEST_F(CaptureVersionBranches, Pg15KeepsReltuplesZero) {
  const sdk::Snapshot s = capture_as(150000);
  const sdk::Table* emptied = find_table(s, "emptied");
  ASSERT_NE(emptied, nullptr);
  ASSERT_TRUE(emptied->reltuples.has_value());
  EXPECT_EQ(*emptied->reltuples, 0.0);
}

TEST_F(CaptureVersionBranches, ColumnsAddedLaterAreNullOnOlderServers) {
  const sdk::Snapshot old_server = capture_as(120000);
  const sdk::Snapshot pg15 = capture_as(150000);
  const sdk::Table* old_table = find_table(old_server, "filled");
  const sdk::Table* new_table = find_table(pg15, "filled");
  ASSERT_NE(old_table, nullptr);
  ASSERT_NE(new_table, nullptr);
  ASSERT_TRUE(old_table->stat.has_value());
  ASSERT_TRUE(new_table->stat.has_value());
  EXPECT_FALSE(old_table->stat->n_ins_since_vacuum.has_value());  // PG13+
  EXPECT_TRUE(new_table->stat->n_ins_since_vacuum.has_value());

  const sdk::Table* emptied = find_table(pg15, "emptied");
  ASSERT_NE(emptied, nullptr);
  const sdk::Column* old_v = find_column(old_server, emptied->oid, "v");
  const sdk::Column* new_v = find_column(pg15, emptied->oid, "v");
  ASSERT_NE(old_v, nullptr);
  ASSERT_NE(new_v, nullptr);
  EXPECT_FALSE(old_v->attcompression.has_value());  // PG14+
  EXPECT_EQ(new_v->attcompression, std::optional<char>('p'));
}

TEST_F(CaptureVersionBranches, PgStatWalIsSkippedBefore14) {
  PgConnection conn(db_->conninfo(), "dbopt-test", 10);
  sdk::Snapshot snapshot;
  StepContext ctx{conn, 130000, snapshot, {}};
  EXPECT_THROW(cd::capture_wal(ctx), StepSkipped);
  EXPECT_FALSE(snapshot.wal.has_value());
}

}  // namespace

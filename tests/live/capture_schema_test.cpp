// Live capture against the real PostgreSQL 15 fixture: every snapshot section is compared with
// what the server itself says (pg_get_indexdef, pg_class, pg_settings, pg_stat_statements, …)
// on a schema with the shapes the plugins care about and hostile names.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <regex>
#include <string>
#include <thread>

#include "capture/capture.hpp"
#include "dbopt/sdk/sql.hpp"
#include "support/live_db.hpp"

using dbopt::engine::capture_snapshot;
using dbopt::engine::CaptureOptions;
using dbopt::test::ScratchDatabase;
namespace sdk = dbopt::sdk;

namespace {

const char* const kWeirdTable = "Weird \"Name\" <b>|x";

const char* const kSchemaSql = R"SQL(
CREATE SCHEMA "Sch ü";
CREATE TABLE customers (
  id bigint PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text COLLATE "C",
  status text CHECK (status IN ('a', 'b')),
  created_at timestamptz DEFAULT now());
CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  total numeric(10,2),
  note text,
  placed date,
  total_x2 numeric GENERATED ALWAYS AS (total * 2) STORED);
CREATE INDEX orders_open ON orders (customer_id) WHERE note IS NULL;
CREATE INDEX customers_lower_email ON customers (lower(email));
CREATE INDEX orders_cover ON orders (customer_id) INCLUDE (total, placed);
CREATE INDEX orders_placed_desc ON orders (placed DESC NULLS FIRST, id);
CREATE INDEX customers_email_pattern ON customers (email text_pattern_ops, status);
CREATE INDEX customers_email_c ON customers (email COLLATE "C");
CREATE INDEX customers_name ON customers (name);
CREATE TABLE events (id bigint, at date NOT NULL, payload jsonb) PARTITION BY RANGE (at);
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX events_at ON events (at);
CREATE UNLOGGED TABLE scratch (k int, v text);
CREATE TABLE bookings (room int, during int4range, EXCLUDE USING gist (during WITH &&));
CREATE TABLE "Weird ""Name"" <b>|x" ("user" int PRIMARY KEY, "Ünïcødé col" text, "select" text);
CREATE INDEX "Weird idx ""q"" ü" ON "Weird ""Name"" <b>|x" ("Ünïcødé col");
CREATE TABLE "Sch ü"."tåble" (id int) WITH (fillfactor = 70, autovacuum_enabled = false);
INSERT INTO customers SELECT g, 'user' || g || '@example.com', 'n' || g, CASE WHEN g % 2 = 0 THEN 'a' ELSE 'b' END
  FROM generate_series(1, 500) g;
INSERT INTO orders (customer_id, total, note, placed)
  SELECT 1 + g % 500, g / 10.0, CASE WHEN g % 3 = 0 THEN 'x' END, date '2025-01-01' + g % 300
  FROM generate_series(1, 3000) g;
INSERT INTO events SELECT g, date '2025-06-01' + g % 400, jsonb_build_object('k', g) FROM generate_series(1, 1000) g;
INSERT INTO "Weird ""Name"" <b>|x" SELECT g, 'ü' || g, 's' FROM generate_series(1, 10) g;
CREATE MATERIALIZED VIEW customer_totals AS SELECT customer_id, sum(total) AS total FROM orders GROUP BY 1;
ANALYZE;
)SQL";

/// The kind of database every test here captures: the schema above, analyzed, with a workload
/// in pg_stat_statements and table statistics flushed.
class CaptureSchema : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new ScratchDatabase("capture");
    db_->exec(kSchemaSql);
    for (int i = 0; i < 5; ++i) db_->exec("SELECT count(*) FROM orders WHERE customer_id = " + std::to_string(i + 1));
    // Table statistics reach shared memory when a backend ends or flushes (PG15: at most once a
    // second); wait until the workload's five scans of orders are visible.
    for (int attempt = 0; attempt < 100; ++attempt) {
      if (db_->scalar("SELECT seq_scan + coalesce(idx_scan, 0) >= 5 FROM pg_stat_user_tables "
                      "WHERE relname = 'orders'") == "t")
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CaptureOptions options;
    options.conninfo = db_->conninfo();
    options.hardware.ram_bytes = 16LL << 30;
    options.hardware.cpu_cores = 4;
    options.hardware.storage = "ssd";
    snapshot_ = new sdk::Snapshot(capture_snapshot(options));
  }
  static void TearDownTestSuite() {
    delete snapshot_;
    delete db_;
  }

  static const sdk::Table& table(const std::string& schema, const std::string& name) {
    for (const auto& t : snapshot_->tables)
      if (t.schemaname == schema && t.relname == name) return t;
    throw std::runtime_error("table not captured: " + schema + "." + name);
  }
  static const sdk::Index& index(const std::string& name) {
    for (const auto& i : snapshot_->indexes)
      if (i.relname == name) return i;
    throw std::runtime_error("index not captured: " + name);
  }
  static const sdk::Column& column(sdk::Oid table_oid, const std::string& name) {
    for (const auto& c : snapshot_->columns)
      if (c.table_oid == table_oid && c.attname == name) return c;
    throw std::runtime_error("column not captured: " + name);
  }
  static const sdk::ProbeOutcome& outcome(const std::string& name) {
    for (const auto& o : snapshot_->provenance.probes)
      if (o.name == name) return o;
    throw std::runtime_error("no outcome " + name);
  }
  /// `expr` evaluated by the server with the capture's search_path (pg_catalog), so deparsed
  /// definitions qualify user objects exactly as the capture's do.
  static std::string server_says(const std::string& expr) {
    const auto rows = db_->exec("SET search_path = pg_catalog, pg_temp; SELECT " + expr);
    return rows.empty() || !rows[0][0] ? std::string("<null>") : *rows[0][0];
  }
  static std::string oid_of(const std::string& qualified) {
    return db_->scalar("SELECT " + sdk::sql::quote_literal(qualified) + "::regclass::oid");
  }

  static ScratchDatabase* db_;
  static sdk::Snapshot* snapshot_;
};

ScratchDatabase* CaptureSchema::db_ = nullptr;
sdk::Snapshot* CaptureSchema::snapshot_ = nullptr;

}  // namespace

TEST_F(CaptureSchema, EveryBuiltInStepSucceeds) {
  for (const char* step : {"server", "settings", "database", "locked_relations", "tables", "columns", "indexes",
                           "constraints", "pg_stat_statements", "bgwriter", "wal", "activity", "extensions"}) {
    const auto& o = outcome(step);
    EXPECT_EQ(o.status, "ok") << step << ": " << o.error.value_or("");
    EXPECT_FALSE(o.error.has_value()) << step << ": " << *o.error;
    EXPECT_GE(o.duration_ms, 0) << step;
  }
  EXPECT_EQ(outcome("tables").rows, static_cast<std::int64_t>(snapshot_->tables.size()));
  EXPECT_EQ(outcome("settings").rows, static_cast<std::int64_t>(snapshot_->settings.size()));
}

TEST_F(CaptureSchema, ProvenanceNamesTheServerNotThePassword) {
  const auto& p = snapshot_->provenance;
  EXPECT_TRUE(std::regex_match(p.captured_at, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)"))) << p.captured_at;
  EXPECT_EQ(p.dbopt_version, DBOPT_VERSION);
  EXPECT_EQ(p.host, "127.0.0.1");
  EXPECT_EQ(p.port, db_->scalar("SHOW port"));
  EXPECT_EQ(p.user, "postgres");
  EXPECT_EQ(p.application_name, "dbopt");
  EXPECT_GT(p.capture_duration_ms, 0);
  EXPECT_EQ(snapshot_->hardware.ram_bytes, 16LL << 30);
  EXPECT_EQ(snapshot_->hardware.cpu_cores, 4);
  EXPECT_EQ(snapshot_->hardware.storage, "ssd");
}

TEST_F(CaptureSchema, ServerAndDatabase) {
  const auto& s = snapshot_->server;
  EXPECT_EQ(std::to_string(s.server_version_num), db_->scalar("SHOW server_version_num"));
  EXPECT_EQ(s.server_version, db_->scalar("SHOW server_version"));
  EXPECT_EQ(s.version, db_->scalar("SELECT version()"));
  EXPECT_EQ(s.database, db_->name());
  EXPECT_EQ(s.current_user, "postgres");
  ASSERT_TRUE(s.database_size_bytes.has_value());
  EXPECT_GT(*s.database_size_bytes, 1'000'000);
  ASSERT_TRUE(s.datfrozenxid_age.has_value());
  EXPECT_GT(*s.datfrozenxid_age, 0);
  EXPECT_EQ(s.in_recovery, false);
  ASSERT_TRUE(snapshot_->database.has_value());
  EXPECT_GT(snapshot_->database->xact_commit, 0);
  EXPECT_GT(snapshot_->database->blks_hit, 0);
  EXPECT_TRUE(snapshot_->database->blk_read_time.has_value());
}

TEST_F(CaptureSchema, SettingsAreAllOfPgSettings) {
  EXPECT_EQ(std::to_string(snapshot_->settings.size()), db_->scalar("SELECT count(*) FROM pg_settings"));
  auto find = [](const std::string& name) {
    const auto it = std::find_if(snapshot_->settings.begin(), snapshot_->settings.end(),
                                 [&](const sdk::Setting& s) { return s.name == name; });
    if (it == snapshot_->settings.end()) throw std::runtime_error("no setting " + name);
    return *it;
  };
  const sdk::Setting sb = find("shared_buffers");
  EXPECT_EQ(sb.setting, db_->scalar("SELECT setting FROM pg_settings WHERE name = 'shared_buffers'"));
  EXPECT_EQ(sb.unit, "8kB");
  EXPECT_EQ(sb.context, "postmaster");
  EXPECT_EQ(sb.vartype, "integer");
  EXPECT_EQ(find("shared_preload_libraries").setting, "pg_stat_statements");
  EXPECT_EQ(find("track_io_timing").source, "configuration file");
  EXPECT_FALSE(find("track_io_timing").unit.has_value());
}

TEST_F(CaptureSchema, TablesMatchPgClass) {
  const auto& orders = table("public", "orders");
  EXPECT_EQ(std::to_string(orders.oid), oid_of("public.orders"));
  EXPECT_EQ(orders.relkind, 'r');
  EXPECT_EQ(orders.relpersistence, 'p');
  ASSERT_TRUE(orders.reltuples.has_value());
  EXPECT_DOUBLE_EQ(*orders.reltuples, std::stod(db_->scalar("SELECT reltuples FROM pg_class WHERE relname = 'orders'")));
  EXPECT_EQ(std::to_string(orders.relpages), db_->scalar("SELECT relpages FROM pg_class WHERE relname = 'orders'"));
  EXPECT_EQ(std::to_string(orders.heap_bytes), db_->scalar("SELECT pg_relation_size('orders')"));
  EXPECT_EQ(std::to_string(orders.indexes_bytes), db_->scalar("SELECT pg_indexes_size('orders')"));
  EXPECT_EQ(std::to_string(orders.total_bytes), db_->scalar("SELECT pg_total_relation_size('orders')"));
  ASSERT_TRUE(orders.reltoastrelid.has_value());
  EXPECT_EQ(std::to_string(orders.toast_bytes),
            db_->scalar("SELECT pg_total_relation_size(reltoastrelid) FROM pg_class WHERE relname = 'orders'"));
  ASSERT_TRUE(orders.relfrozenxid_age.has_value());
  EXPECT_GT(*orders.relfrozenxid_age, 0);
  ASSERT_TRUE(orders.stat.has_value());
  EXPECT_GE(orders.stat->seq_scan + orders.stat->idx_scan.value_or(0), 5);
  EXPECT_EQ(orders.stat->n_tup_ins, 3000);
  EXPECT_TRUE(orders.stat->n_ins_since_vacuum.has_value());
  ASSERT_TRUE(orders.stat->last_analyze.has_value());
  EXPECT_TRUE(std::regex_match(*orders.stat->last_analyze, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)")));
  EXPECT_EQ(orders.stat->analyze_count, 1);
  ASSERT_TRUE(orders.statio.has_value());
  EXPECT_TRUE(orders.statio->idx_blks_hit.has_value());

  EXPECT_EQ(table("public", "scratch").relpersistence, 'u');
  EXPECT_EQ(table("public", "customer_totals").relkind, 'm');
  const auto& tbl = table("Sch ü", "tåble");
  EXPECT_EQ(tbl.reloptions, (std::vector<std::string>{"fillfactor=70", "autovacuum_enabled=false"}));
  for (const auto& t : snapshot_->tables) {
    const std::string server = db_->scalar("SELECT reltuples FROM pg_class WHERE oid = " + std::to_string(t.oid));
    if (server == "-1")
      EXPECT_FALSE(t.reltuples.has_value()) << t.relname;
    else
      EXPECT_EQ(t.reltuples, std::stod(server)) << t.relname;
  }
  EXPECT_EQ(table("public", kWeirdTable).relkind, 'r');
  EXPECT_EQ(std::to_string(table("public", kWeirdTable).oid), oid_of("public.\"Weird \"\"Name\"\" <b>|x\""));
}

TEST_F(CaptureSchema, PartitionsKnowTheirParent) {
  const auto& events = table("public", "events");
  EXPECT_EQ(events.relkind, 'p');
  ASSERT_TRUE(events.partition_key.has_value());
  EXPECT_EQ(*events.partition_key, server_says("pg_get_partkeydef(" + std::to_string(events.oid) + ")"));
  EXPECT_EQ(*events.partition_key, "RANGE (at)");
  EXPECT_FALSE(events.relfrozenxid_age.has_value());
  EXPECT_FALSE(events.relminmxid_age.has_value());
  for (const char* part : {"events_2025", "events_2026"}) {
    const auto& p = table("public", part);
    EXPECT_TRUE(p.relispartition) << part;
    EXPECT_EQ(p.parent_oid, events.oid) << part;
    EXPECT_FALSE(p.partition_key.has_value());
  }
  EXPECT_FALSE(table("public", "orders").parent_oid.has_value());
}

TEST_F(CaptureSchema, ColumnsMatchPgAttribute) {
  const auto& orders = table("public", "orders");
  EXPECT_EQ(column(orders.oid, "total").type_name, "numeric(10,2)");
  EXPECT_EQ(column(orders.oid, "customer_id").attnotnull, true);
  EXPECT_EQ(column(orders.oid, "customer_id").attlen, 8);
  EXPECT_EQ(column(orders.oid, "customer_id").attalign, 'd');
  EXPECT_EQ(column(orders.oid, "note").attstorage, 'x');
  EXPECT_EQ(column(orders.oid, "note").attlen, -1);
  EXPECT_FALSE(column(orders.oid, "note").attcompression.has_value());
  EXPECT_EQ(column(orders.oid, "total_x2").attgenerated, 's');
  EXPECT_FALSE(column(orders.oid, "total").attgenerated.has_value());
  EXPECT_TRUE(column(table("public", "customers").oid, "created_at").has_default);
  const auto& customer_id = column(orders.oid, "customer_id");
  ASSERT_TRUE(customer_id.stats.has_value());
  EXPECT_EQ(std::to_string(customer_id.stats->n_distinct),
            std::to_string(std::stod(db_->scalar(
                "SELECT n_distinct FROM pg_stats WHERE tablename = 'orders' AND attname = 'customer_id'"))));
  EXPECT_FALSE(customer_id.stats->inherited);
  EXPECT_TRUE(customer_id.stats->correlation.has_value());
  // A partitioned parent only has inherited statistics.
  const auto& at = column(table("public", "events").oid, "at");
  ASSERT_TRUE(at.stats.has_value());
  EXPECT_TRUE(at.stats->inherited);
  const auto& weird = table("public", kWeirdTable);
  EXPECT_EQ(column(weird.oid, "user").attnum, 1);
  EXPECT_EQ(column(weird.oid, "Ünïcødé col").attnum, 2);
  EXPECT_EQ(column(weird.oid, "select").type_name, "text");
  EXPECT_EQ(std::to_string(std::count_if(snapshot_->columns.begin(), snapshot_->columns.end(),
                                         [&](const sdk::Column& c) { return c.table_oid == orders.oid; })),
            db_->scalar("SELECT count(*) FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attnum > 0 "
                        "AND NOT attisdropped"));
}

TEST_F(CaptureSchema, IndexDefinitionsMatchTheServer) {
  EXPECT_EQ(std::to_string(snapshot_->indexes.size()),
            db_->scalar("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
                        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'Sch ü')"));
  for (const auto& x : snapshot_->indexes) {
    EXPECT_EQ(x.indexdef, server_says("pg_get_indexdef(" + std::to_string(x.oid) + ")")) << x.relname;
    EXPECT_EQ(std::to_string(x.size_bytes), db_->scalar("SELECT pg_relation_size(" + std::to_string(x.oid) + ")"));
    for (std::size_t k = 0; k < x.keys.size() + x.include.size(); ++k) {
      const auto& key = k < x.keys.size() ? x.keys[k] : x.include[k - x.keys.size()];
      EXPECT_EQ(key.definition, server_says("pg_get_indexdef(" + std::to_string(x.oid) + ", " +
                                            std::to_string(k + 1) + ", true)"))
          << x.relname << " column " << k + 1;
    }
    if (x.reltuples) {
      EXPECT_DOUBLE_EQ(*x.reltuples,
                       std::stod(db_->scalar("SELECT reltuples FROM pg_class WHERE oid = " + std::to_string(x.oid))));
    }
  }
}

TEST_F(CaptureSchema, IndexShapes) {
  const auto& open = index("orders_open");
  EXPECT_EQ(open.predicate, server_says("pg_get_expr(indpred, indrelid, true) FROM pg_index "
                                        "WHERE indexrelid = " + std::to_string(open.oid)));
  EXPECT_EQ(open.predicate, "note IS NULL");
  EXPECT_EQ(open.amname, "btree");
  EXPECT_FALSE(index("orders_cover").predicate.has_value());

  const auto& lower = index("customers_lower_email");
  ASSERT_EQ(lower.keys.size(), 1u);
  EXPECT_EQ(lower.keys[0].attnum, 0);
  EXPECT_EQ(lower.keys[0].definition, "lower(email)");
  EXPECT_FALSE(lower.keys[0].collation.has_value());

  const auto& cover = index("orders_cover");
  ASSERT_EQ(cover.keys.size(), 1u);
  ASSERT_EQ(cover.include.size(), 2u);
  EXPECT_EQ(cover.include[0].definition, "total");
  EXPECT_EQ(cover.include[1].definition, "placed");
  EXPECT_EQ(cover.include[1].attnum, 5);
  EXPECT_FALSE(cover.include[0].opclass.has_value());

  const auto& desc = index("orders_placed_desc");
  ASSERT_EQ(desc.keys.size(), 2u);
  EXPECT_TRUE(desc.keys[0].desc);
  EXPECT_TRUE(desc.keys[0].nulls_first);
  EXPECT_FALSE(desc.keys[1].desc);
  EXPECT_FALSE(desc.keys[1].nulls_first);

  const auto& pattern = index("customers_email_pattern");
  EXPECT_EQ(pattern.keys[0].opclass, "text_pattern_ops");
  EXPECT_FALSE(pattern.keys[0].opclass_is_default);
  EXPECT_EQ(pattern.keys[1].opclass, "text_ops");
  EXPECT_TRUE(pattern.keys[1].opclass_is_default);

  EXPECT_EQ(index("customers_email_c").keys[0].collation, "C");
  // Collation named only when it differs from the column's: email has the default collation,
  // customers.name is COLLATE "C" itself.
  EXPECT_FALSE(index("customers_email_key").keys[0].collation.has_value());
  EXPECT_FALSE(index("customers_name").keys[0].collation.has_value());

  const auto& pkey = index("customers_pkey");
  EXPECT_TRUE(pkey.indisprimary);
  EXPECT_TRUE(pkey.indisunique);
  EXPECT_EQ(pkey.constraint_name, "customers_pkey");
  EXPECT_EQ(pkey.constraint_type, 'p');
  EXPECT_EQ(index("customers_email_key").constraint_type, 'u');
  EXPECT_EQ(index("bookings_during_excl").constraint_type, 'x');
  EXPECT_TRUE(index("bookings_during_excl").indisexclusion);
  EXPECT_EQ(index("bookings_during_excl").amname, "gist");
  EXPECT_FALSE(index("orders_open").constraint_name.has_value());

  const auto& weird = index("Weird idx \"q\" ü");
  EXPECT_EQ(weird.keys[0].definition, "\"Ünïcødé col\"");
  EXPECT_EQ(weird.table_oid, table("public", kWeirdTable).oid);
  EXPECT_EQ(index("events_at").table_oid, table("public", "events").oid);
  ASSERT_TRUE(index("orders_pkey").stat.has_value());
  EXPECT_TRUE(index("orders_pkey").stat->idx_blks_hit.has_value());
}

TEST_F(CaptureSchema, ConstraintsMatchPgConstraint) {
  const auto& orders = table("public", "orders");
  const auto& customers = table("public", "customers");
  const auto fk = std::find_if(snapshot_->constraints.begin(), snapshot_->constraints.end(),
                               [](const sdk::Constraint& c) { return c.conname == "orders_customer_id_fkey"; });
  ASSERT_NE(fk, snapshot_->constraints.end());
  EXPECT_EQ(fk->contype, 'f');
  EXPECT_EQ(fk->table_oid, orders.oid);
  EXPECT_EQ(fk->conkey, std::vector<int>{2});
  EXPECT_EQ(fk->confrelid, customers.oid);
  EXPECT_EQ(fk->confkey, std::vector<int>{1});
  EXPECT_EQ(fk->conindid, index("customers_pkey").oid);
  // Deparsed with search_path = pg_catalog: user objects come out schema-qualified.
  EXPECT_EQ(fk->definition, "FOREIGN KEY (customer_id) REFERENCES public.customers(id)");
  EXPECT_TRUE(fk->convalidated);
  for (const auto& c : snapshot_->constraints)
    EXPECT_EQ(c.definition, server_says("pg_get_constraintdef(" + std::to_string(c.oid) + ")")) << c.conname;
  const auto check = std::find_if(snapshot_->constraints.begin(), snapshot_->constraints.end(),
                                  [](const sdk::Constraint& c) { return c.contype == 'c'; });
  ASSERT_NE(check, snapshot_->constraints.end());
  EXPECT_EQ(check->conkey, std::vector<int>{4});
  EXPECT_FALSE(check->conindid.has_value());
  EXPECT_FALSE(check->confrelid.has_value());
  EXPECT_EQ(std::to_string(snapshot_->constraints.size()),
            db_->scalar("SELECT count(*) FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid "
                        "JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE n.nspname IN ('public', 'Sch ü') AND co.contype IN ('p','u','f','c','x')"));
}

TEST_F(CaptureSchema, StatementsHoldTheWorkload) {
  ASSERT_TRUE(snapshot_->statements.has_value());
  const std::string dboid = db_->scalar("SELECT oid FROM pg_database WHERE datname = current_database()");
  const auto it = std::find_if(snapshot_->statements->begin(), snapshot_->statements->end(), [](const sdk::Statement& s) {
    return s.query == "SELECT count(*) FROM orders WHERE customer_id = $1";
  });
  ASSERT_NE(it, snapshot_->statements->end());
  EXPECT_GE(it->calls, 5);
  EXPECT_EQ(std::to_string(it->dbid), dboid);
  EXPECT_EQ(it->toplevel, true);
  EXPECT_GT(it->total_exec_time, 0);
  EXPECT_GE(it->rows, 5);
  EXPECT_TRUE(it->total_plan_time.has_value());
  EXPECT_TRUE(it->wal_records.has_value());
  EXPECT_TRUE(it->blk_read_time.has_value());
  EXPECT_EQ(std::to_string(it->queryid),
            db_->scalar("SELECT queryid FROM pg_stat_statements WHERE query = "
                        "'SELECT count(*) FROM orders WHERE customer_id = $1' AND dbid = " + dboid));
  for (const auto& s : *snapshot_->statements) EXPECT_EQ(std::to_string(s.dbid), dboid);
}

TEST_F(CaptureSchema, ServerWideSections) {
  ASSERT_TRUE(snapshot_->bgwriter.has_value());
  EXPECT_GT(snapshot_->bgwriter->buffers_alloc, 0);
  EXPECT_TRUE(snapshot_->bgwriter->buffers_backend.has_value());
  ASSERT_TRUE(snapshot_->wal.has_value());
  EXPECT_GT(snapshot_->wal->wal_bytes, 0);
  EXPECT_TRUE(snapshot_->wal->wal_write.has_value());
  ASSERT_TRUE(snapshot_->activity.has_value());
  EXPECT_EQ(std::to_string(snapshot_->activity->max_connections), db_->scalar("SHOW max_connections"));
  EXPECT_GE(snapshot_->activity->total, snapshot_->activity->active + snapshot_->activity->idle);
  const auto ext = std::find_if(snapshot_->extensions.begin(), snapshot_->extensions.end(),
                                [](const sdk::Extension& e) { return e.extname == "pg_stat_statements"; });
  ASSERT_NE(ext, snapshot_->extensions.end());
  EXPECT_EQ(ext->schemaname, "public");
  EXPECT_EQ(ext->extversion, db_->scalar("SELECT extversion FROM pg_extension WHERE extname = 'pg_stat_statements'"));
  EXPECT_TRUE(snapshot_->plugin_probes.empty());
}

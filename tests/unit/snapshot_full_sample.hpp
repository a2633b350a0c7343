// A snapshot with every field of every sdk/model.hpp struct set to a non-default value
// (optionals engaged, nested keys/include, plugin probes with NULL cells), with hostile text
// (quotes, backslashes, newlines, Unicode, Markdown/HTML characters) and extreme numbers.
// snapshot_io_test checks that it really sets every field, so round trips cover the whole model.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "dbopt/sdk/model.hpp"

namespace dbopt::test {

inline sdk::Snapshot full_snapshot_sample() {
  using std::nullopt;
  sdk::Snapshot s;

  s.provenance.captured_at = "2026-11-21T00:45:34.123456Z";
  s.provenance.dbopt_version = "0.1.0";
  s.provenance.host = "db-01.example.com";
  s.provenance.port = "5433";
  s.provenance.user = "auditor \"ro\"";
  s.provenance.application_name = "dbopt capture";
  s.provenance.capture_duration_ms = 1834.625;
  s.provenance.probes = {
      sdk::ProbeOutcome{"tables", "ok", nullopt, 12.5, 42, "1 relation skipped: locked ACCESS EXCLUSIVE"},
      sdk::ProbeOutcome{"pg_stat_statements", "failed",
                        "ERROR:  permission denied for view pg_stat_statements (SQLSTATE 42501)",
                        0.75, 0},
  };

  s.server.server_version_num = 150004;
  s.server.server_version = "15.4 (Debian 15.4-1.pgdg120+1)";
  s.server.version = "PostgreSQL 15.4 (Debian 15.4-1.pgdg120+1) on x86_64-pc-linux-gnu, 64-bit";
  s.server.database = "shop \xc3\xa9t\xc3\xa9";
  s.server.current_user = "auditor \"ro\"";
  s.server.database_size_bytes = 987654321012;
  s.server.datfrozenxid_age = 150000000;
  s.server.datminmxid_age = 4200;
  s.server.in_recovery = true;

  s.hardware.ram_bytes = std::int64_t{64} << 30;
  s.hardware.cpu_cores = 16;
  s.hardware.storage = "ssd";

  s.settings = {
      sdk::Setting{"shared_buffers", "16384", "8kB", "integer", "configuration file", "postmaster",
                   "1024", "16384", true},
      sdk::Setting{"search_path", "\"$user\", public", nullopt, "string", "default", "user",
                   nullopt, nullopt, false},
  };

  s.database = sdk::DatabaseStats{
      7, 1000001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013,
      125.5, 0.1, std::string("2026-10-01T00:00:00Z"), 4406400.25};

  sdk::Table orders;
  orders.oid = 16384;
  orders.schemaname = "Sales & <Marketing>";
  orders.relname = "Order \"Items\" \xe2\x9c\x93";
  orders.relkind = 'p';
  orders.relpersistence = 'u';
  orders.relispartition = true;
  orders.parent_oid = 16300;
  orders.partition_key = "RANGE (created_at)";
  orders.reltuples = 1234567.0;
  orders.relpages = 45678;
  orders.relallvisible = 40000;
  orders.reltoastrelid = 16390;
  orders.reloptions = {"fillfactor=70", "autovacuum_vacuum_scale_factor=0.01"};
  orders.heap_bytes = 374194176;
  orders.toast_bytes = 8192;
  orders.indexes_bytes = 120586240;
  orders.total_bytes = 494788608;
  orders.relfrozenxid_age = 190000000;
  orders.relminmxid_age = 17;
  orders.stat = sdk::TableActivity{
      2001, 2002, std::int64_t{2003}, std::int64_t{2004}, 2005, 2006, 2007, 2008, 2009, 2010, 2011,
      std::int64_t{2012}, std::string("2026-11-20T01:00:00Z"), std::string("2026-11-20T02:00:00Z"),
      std::string("2026-11-20T03:00:00Z"), std::string("2026-11-20T04:00:00Z"), 2017, 2018, 2019,
      2020};
  orders.statio = sdk::TableIo{3001, 3002, std::int64_t{3003}, std::int64_t{3004},
                               std::int64_t{3005}, std::int64_t{3006}};
  sdk::Table plain;
  plain.oid = std::numeric_limits<sdk::Oid>::max();
  plain.schemaname = "public";
  plain.relname = "select";
  plain.relpages = 1;
  s.tables = {orders, plain};

  sdk::Column payload;
  payload.table_oid = 16384;
  payload.attnum = 3;
  payload.attname = "Payload \\ \"json\"";
  payload.type_name = "jsonb";
  payload.atttypid = 3802;
  payload.attlen = -1;
  payload.attalign = 'd';
  payload.attstorage = 'x';
  payload.attcompression = 'l';
  payload.attnotnull = true;
  payload.has_default = true;
  payload.attgenerated = 's';
  payload.stats = sdk::ColumnStats{0.125, 1843, -0.5, -0.98765432109876543, true};
  sdk::Column tiny;
  tiny.table_oid = 16384;
  tiny.attnum = 1;
  tiny.attname = "id";
  tiny.type_name = "bigint";
  tiny.atttypid = 20;
  tiny.attlen = 8;
  tiny.stats = sdk::ColumnStats{5e-324, 8, 1.7976931348623157e308, nullopt, false};
  s.columns = {payload, tiny};

  sdk::Index index;
  index.oid = 16400;
  index.table_oid = 16384;
  index.schemaname = "Sales & <Marketing>";
  index.relname = "orders_payload_gin \"idx\"";
  index.amname = "gin";
  index.indisunique = true;
  index.indisprimary = true;
  index.indisexclusion = true;
  index.indimmediate = false;
  index.indisvalid = false;
  index.indisready = false;
  index.keys = {sdk::IndexKey{3, "payload", std::string("jsonb_path_ops"), false,
                              std::string("C"), true, true},
                sdk::IndexKey{0, "lower((payload ->> 'name'::text))", nullopt, true, nullopt,
                              false, false}};
  index.include = {sdk::IndexKey{1, "id", nullopt, true, nullopt, false, false}};
  index.predicate = "(status <> 'archived'::text)";
  index.indexdef = "CREATE INDEX \"orders_payload_gin \"\"idx\"\"\" ON ...";
  index.reloptions = {"fastupdate=off", "gin_pending_list_limit=4096"};
  index.size_bytes = 81920000;
  index.relpages = 10000;
  index.reltuples = 1234500.5;
  index.constraint_name = "orders_pk";
  index.constraint_type = 'u';
  index.stat = sdk::IndexActivity{4001, 4002, 4003, std::int64_t{4004}, std::int64_t{4005},
                                  std::string("2026-11-19T23:59:59Z")};
  s.indexes = {index};

  s.constraints = {sdk::Constraint{16500, 16384, "orders_customer_fk", 'f', {2, 4},
                                   sdk::Oid{16401}, sdk::Oid{16200}, {1, 3},
                                   "FOREIGN KEY (customer_id, region) REFERENCES customers(id, region)",
                                   false}};

  sdk::Statement hot;
  hot.queryid = std::numeric_limits<std::int64_t>::min();
  hot.userid = 10;
  hot.dbid = 16385;
  hot.toplevel = false;
  hot.query = "SELECT *\n\tFROM \"Order \"\"Items\"\"\" WHERE payload @> $1 -- \\ caf\xc3\xa9 <b>";
  hot.calls = 987654;
  hot.total_exec_time = 123456789.123456789;
  hot.mean_exec_time = 125.0000001;
  hot.min_exec_time = 0.001;
  hot.max_exec_time = 98765.4321;
  hot.stddev_exec_time = 33.3333333333;
  hot.total_plan_time = 4567.89;
  hot.rows = 5000001;
  hot.shared_blks_hit = 6001;
  hot.shared_blks_read = 6002;
  hot.shared_blks_dirtied = 6003;
  hot.shared_blks_written = 6004;
  hot.local_blks_hit = 6005;
  hot.local_blks_read = 6006;
  hot.temp_blks_read = 6007;
  hot.temp_blks_written = 6008;
  hot.blk_read_time = 1e-300;
  hot.blk_write_time = 0.1;
  hot.wal_records = 6011;
  hot.wal_fpi = 6012;
  hot.wal_bytes = std::numeric_limits<std::int64_t>::max();
  sdk::Statement cold;
  cold.queryid = std::numeric_limits<std::int64_t>::max();
  cold.query = "COMMIT";
  s.statements = std::vector<sdk::Statement>{hot, cold};

  s.bgwriter = sdk::Bgwriter{7001, 7002, 7003.5, 7004.25, 7005, 7006, 7007, std::int64_t{7008},
                             std::int64_t{7009}, 7010, std::string("2026-09-01T00:00:00Z"),
                             7012.75};
  s.wal = sdk::WalStats{8001, 8002, 8003, 8004, std::int64_t{8005}, std::int64_t{8006},
                        std::string("2026-09-02T00:00:00Z"), 8008.5};
  s.activity = sdk::ActivitySummary{91, 12, 70, 9, 3, 3600.5, 120.25, 1800.125, 200};
  s.extensions = {sdk::Extension{"pg_stat_statements", "1.10", "public"},
                  sdk::Extension{"hypopg", "1.4.0", "Extensions \"x\""}};

  s.plugin_probes["gin-index-tuner"]["jsonb-keys"] =
      sdk::ProbeResult{"ok", nullopt, {"key", "count"}, {{"a\"b", "3"}, {nullopt, "7"}}};
  s.plugin_probes["gin-index-tuner"]["pending list"] = sdk::ProbeResult{
      "failed", std::string("ERROR:  function gin_metapage_info does not exist (SQLSTATE 42883)"),
      {},
      {}};
  s.plugin_probes["toast_whisperer"]["sizes"] =
      sdk::ProbeResult{"ok", nullopt, {"relname"}, {{std::string("\xe2\x9c\x93")}}};
  s.explained = std::vector<sdk::ExplainedStatement>{
      sdk::ExplainedStatement{"SELECT * FROM \"Odd\"\"Name\" WHERE a = 1", "BUFFERS, SETTINGS, FORMAT JSON",
                              std::string(R"([{"Plan": {"Node Type": "Result"}}])"), nullopt, 1.5},
      sdk::ExplainedStatement{"SELEC 1", "FORMAT JSON", nullopt,
                              std::string("ERROR:  syntax error at or near \"SELEC\" (SQLSTATE 42601)"), 0}};
  return s;
}

}  // namespace dbopt::test

// dbopt SDK — the catalog model (what a snapshot holds).
//
// Plain structs named after PostgreSQL's own catalogs and statistics views. Each field's
// comment names its source (view.column or SQL function) and unit. Optional data is
// std::optional: "not captured / not available on this server" and "zero" are different facts.
//
// Units used throughout: bytes, milliseconds (ms), 8 kB pages (really `block_size` bytes, see
// Catalog::block_size()), counts. Timestamps are ISO 8601 strings in UTC as captured
// ("2026-11-21T00:45:34.123456Z"); ages relative to the capture are captured as seconds so
// analysis never depends on the wall clock (same snapshot → same findings).
//
// Sources: PostgreSQL 15 docs, "System Catalogs" (catalogs.html) and "The Cumulative
// Statistics System" (monitoring-stats.html); pg_stat_statements (pgstatstatements.html).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dbopt::sdk {

/// PostgreSQL object identifier (pg_class.oid etc.).
using Oid = std::uint32_t;

/// Server identity. Source: `SHOW server_version_num`, `version()`, `current_database()`.
struct ServerInfo {
  int server_version_num = 0;   ///< e.g. 150004 (server_version_num)
  std::string server_version;   ///< e.g. "15.4 (Debian 15.4-1)" (SHOW server_version)
  std::string version;          ///< full `version()` string
  std::string database;         ///< current_database()
  std::string current_user;     ///< current_user at capture time
  std::optional<std::int64_t> database_size_bytes;  ///< pg_database_size(current_database()), bytes
  std::optional<std::int64_t> datfrozenxid_age;     ///< age(pg_database.datfrozenxid), transactions
  std::optional<std::int64_t> datminmxid_age;       ///< mxid_age(pg_database.datminmxid), multixacts
  std::optional<bool> in_recovery;                  ///< pg_is_in_recovery()
  friend bool operator==(const ServerInfo&, const ServerInfo&) = default;
};

/// Hardware facts SQL cannot see, given by the user at capture or analyze time
/// (`--server-ram`, `--server-cores`, `--storage`). All optional.
struct HardwareInfo {
  std::optional<std::int64_t> ram_bytes;  ///< total RAM of the server, bytes
  std::optional<int> cpu_cores;           ///< CPU cores available to PostgreSQL
  std::optional<std::string> storage;     ///< "ssd" | "hdd" | "network"
  friend bool operator==(const HardwareInfo&, const HardwareInfo&) = default;
};

/// One row of `pg_settings`.
struct Setting {
  std::string name;                       ///< pg_settings.name
  std::string setting;                    ///< pg_settings.setting (in `unit`)
  std::optional<std::string> unit;        ///< pg_settings.unit ("8kB", "kB", "ms", "s", "MB"), null when unitless
  std::string vartype;                    ///< pg_settings.vartype (bool, integer, real, string, enum)
  std::string source;                     ///< pg_settings.source ("default", "configuration file", …)
  std::string context;                    ///< pg_settings.context ("postmaster" needs a restart, "sighup" a reload, …)
  std::optional<std::string> boot_val;    ///< pg_settings.boot_val
  std::optional<std::string> reset_val;   ///< pg_settings.reset_val
  bool pending_restart = false;           ///< pg_settings.pending_restart
  friend bool operator==(const Setting&, const Setting&) = default;
};

/// `pg_stat_database` for the captured database.
struct DatabaseStats {
  std::int64_t numbackends = 0;    ///< pg_stat_database.numbackends
  std::int64_t xact_commit = 0;    ///< pg_stat_database.xact_commit
  std::int64_t xact_rollback = 0;  ///< pg_stat_database.xact_rollback
  std::int64_t blks_read = 0;      ///< pg_stat_database.blks_read, blocks
  std::int64_t blks_hit = 0;       ///< pg_stat_database.blks_hit, blocks
  std::int64_t tup_returned = 0;   ///< pg_stat_database.tup_returned
  std::int64_t tup_fetched = 0;    ///< pg_stat_database.tup_fetched
  std::int64_t tup_inserted = 0;   ///< pg_stat_database.tup_inserted
  std::int64_t tup_updated = 0;    ///< pg_stat_database.tup_updated
  std::int64_t tup_deleted = 0;    ///< pg_stat_database.tup_deleted
  std::int64_t conflicts = 0;      ///< pg_stat_database.conflicts
  std::int64_t temp_files = 0;     ///< pg_stat_database.temp_files
  std::int64_t temp_bytes = 0;     ///< pg_stat_database.temp_bytes, bytes
  std::int64_t deadlocks = 0;      ///< pg_stat_database.deadlocks
  std::optional<double> blk_read_time;   ///< pg_stat_database.blk_read_time, ms (needs track_io_timing)
  std::optional<double> blk_write_time;  ///< pg_stat_database.blk_write_time, ms
  std::optional<std::string> stats_reset;          ///< pg_stat_database.stats_reset, ISO timestamp; null = never reset
  std::optional<double> stats_age_seconds;         ///< now() - stats_reset at capture, seconds; null when never reset
  friend bool operator==(const DatabaseStats&, const DatabaseStats&) = default;
};

/// `pg_stat_user_tables` counters of one table. Absent when the table has no stats row.
struct TableActivity {
  std::int64_t seq_scan = 0;                    ///< pg_stat_user_tables.seq_scan
  std::int64_t seq_tup_read = 0;                ///< pg_stat_user_tables.seq_tup_read, rows
  std::optional<std::int64_t> idx_scan;         ///< pg_stat_user_tables.idx_scan (null when the table has no index)
  std::optional<std::int64_t> idx_tup_fetch;    ///< pg_stat_user_tables.idx_tup_fetch, rows
  std::int64_t n_tup_ins = 0;                   ///< pg_stat_user_tables.n_tup_ins
  std::int64_t n_tup_upd = 0;                   ///< pg_stat_user_tables.n_tup_upd
  std::int64_t n_tup_del = 0;                   ///< pg_stat_user_tables.n_tup_del
  std::int64_t n_tup_hot_upd = 0;               ///< pg_stat_user_tables.n_tup_hot_upd
  std::int64_t n_live_tup = 0;                  ///< pg_stat_user_tables.n_live_tup (estimate)
  std::int64_t n_dead_tup = 0;                  ///< pg_stat_user_tables.n_dead_tup (estimate)
  std::int64_t n_mod_since_analyze = 0;         ///< pg_stat_user_tables.n_mod_since_analyze
  std::optional<std::int64_t> n_ins_since_vacuum;  ///< pg_stat_user_tables.n_ins_since_vacuum (PG13+)
  std::optional<std::string> last_vacuum;       ///< pg_stat_user_tables.last_vacuum, ISO timestamp
  std::optional<std::string> last_autovacuum;   ///< pg_stat_user_tables.last_autovacuum
  std::optional<std::string> last_analyze;      ///< pg_stat_user_tables.last_analyze
  std::optional<std::string> last_autoanalyze;  ///< pg_stat_user_tables.last_autoanalyze
  std::int64_t vacuum_count = 0;                ///< pg_stat_user_tables.vacuum_count
  std::int64_t autovacuum_count = 0;            ///< pg_stat_user_tables.autovacuum_count
  std::int64_t analyze_count = 0;               ///< pg_stat_user_tables.analyze_count
  std::int64_t autoanalyze_count = 0;           ///< pg_stat_user_tables.autoanalyze_count
  friend bool operator==(const TableActivity&, const TableActivity&) = default;
};

/// `pg_statio_user_tables` counters of one table, in blocks.
struct TableIo {
  std::int64_t heap_blks_read = 0;              ///< pg_statio_user_tables.heap_blks_read
  std::int64_t heap_blks_hit = 0;               ///< pg_statio_user_tables.heap_blks_hit
  std::optional<std::int64_t> idx_blks_read;    ///< pg_statio_user_tables.idx_blks_read (null without indexes)
  std::optional<std::int64_t> idx_blks_hit;     ///< pg_statio_user_tables.idx_blks_hit
  std::optional<std::int64_t> toast_blks_read;  ///< pg_statio_user_tables.toast_blks_read (null without TOAST)
  std::optional<std::int64_t> toast_blks_hit;   ///< pg_statio_user_tables.toast_blks_hit
  friend bool operator==(const TableIo&, const TableIo&) = default;
};

/// A table-like relation: `pg_class` (relkind r, p, m) joined with `pg_namespace`.
/// System schemas (pg_catalog, information_schema, pg_toast) are not captured.
struct Table {
  Oid oid = 0;                          ///< pg_class.oid
  std::string schemaname;               ///< pg_namespace.nspname
  std::string relname;                  ///< pg_class.relname
  char relkind = 'r';                   ///< pg_class.relkind: 'r' table, 'p' partitioned, 'm' matview
  char relpersistence = 'p';            ///< pg_class.relpersistence: 'p' permanent, 'u' unlogged, 't' temp
  bool relispartition = false;          ///< pg_class.relispartition
  std::optional<Oid> parent_oid;        ///< pg_inherits.inhparent for partitions
  std::optional<std::string> partition_key;  ///< pg_get_partkeydef(oid) for partitioned tables
  std::optional<double> reltuples;      ///< pg_class.reltuples, rows; null when never analyzed/vacuumed (-1 on PG14+)
  std::int64_t relpages = 0;            ///< pg_class.relpages, pages of block_size bytes
  std::int64_t relallvisible = 0;       ///< pg_class.relallvisible, pages
  std::optional<Oid> reltoastrelid;     ///< pg_class.reltoastrelid; null when the table has no TOAST table
  std::vector<std::string> reloptions;  ///< pg_class.reloptions ("fillfactor=70", …)
  std::int64_t heap_bytes = 0;          ///< pg_relation_size(oid) (main fork), bytes
  std::int64_t toast_bytes = 0;         ///< pg_total_relation_size(reltoastrelid) (TOAST heap + its index), bytes
  std::int64_t indexes_bytes = 0;       ///< pg_indexes_size(oid), bytes
  std::int64_t total_bytes = 0;         ///< pg_total_relation_size(oid), bytes
  std::optional<std::int64_t> relfrozenxid_age;  ///< age(pg_class.relfrozenxid), transactions (null for partitioned parents)
  std::optional<std::int64_t> relminmxid_age;    ///< mxid_age(pg_class.relminmxid), multixacts
  std::optional<TableActivity> stat;    ///< pg_stat_user_tables row, when present
  std::optional<TableIo> statio;        ///< pg_statio_user_tables row, when present
  friend bool operator==(const Table&, const Table&) = default;
};

/// `pg_stats` for one column (only readable for columns the capturing role may SELECT).
struct ColumnStats {
  double null_frac = 0;                 ///< pg_stats.null_frac, fraction 0..1
  int avg_width = 0;                    ///< pg_stats.avg_width, bytes
  double n_distinct = 0;                ///< pg_stats.n_distinct: > 0 distinct count, < 0 minus the fraction of rows
  std::optional<double> correlation;    ///< pg_stats.correlation, -1..1 (null for non-orderable types)
  bool inherited = false;               ///< pg_stats.inherited
  friend bool operator==(const ColumnStats&, const ColumnStats&) = default;
};

/// A user column: `pg_attribute` (attnum > 0, not dropped) + `pg_type`.
struct Column {
  Oid table_oid = 0;                    ///< pg_attribute.attrelid
  int attnum = 0;                       ///< pg_attribute.attnum (1-based)
  std::string attname;                  ///< pg_attribute.attname
  std::string type_name;                ///< format_type(atttypid, atttypmod), e.g. "character varying(20)"
  Oid atttypid = 0;                     ///< pg_attribute.atttypid
  int attlen = 0;                       ///< pg_type.typlen: bytes, -1 varlena, -2 cstring
  char attalign = 'i';                  ///< pg_attribute.attalign: 'c' 1, 's' 2, 'i' 4, 'd' 8 bytes
  char attstorage = 'p';                ///< pg_attribute.attstorage: 'p' plain, 'e' external, 'm' main, 'x' extended
  std::optional<char> attcompression;   ///< pg_attribute.attcompression (PG14+): 'p' pglz, 'l' lz4; null = default
  bool attnotnull = false;              ///< pg_attribute.attnotnull
  bool has_default = false;             ///< pg_attribute.atthasdef
  std::optional<char> attgenerated;     ///< pg_attribute.attgenerated ('s' stored); null when not generated
  std::optional<ColumnStats> stats;     ///< pg_stats row (inherited = false preferred), when readable
  friend bool operator==(const Column&, const Column&) = default;
};

/// One key column (or expression) or INCLUDE column of an index.
struct IndexKey {
  int attnum = 0;                       ///< pg_index.indkey[i]; 0 for an expression
  std::string definition;               ///< pg_get_indexdef(indexrelid, i+1, true): column name (quoted as needed) or expression
  std::optional<std::string> opclass;   ///< pg_opclass.opcname (key columns only)
  bool opclass_is_default = true;       ///< pg_opclass.opcdefault
  std::optional<std::string> collation; ///< pg_collation.collname when not the column's default
  bool desc = false;                    ///< pg_index.indoption bit 0 (INDOPTION_DESC)
  bool nulls_first = false;             ///< pg_index.indoption bit 1 (INDOPTION_NULLS_FIRST)
  friend bool operator==(const IndexKey&, const IndexKey&) = default;
};

/// `pg_stat_user_indexes` + `pg_statio_user_indexes` counters of one index.
struct IndexActivity {
  std::int64_t idx_scan = 0;                   ///< pg_stat_user_indexes.idx_scan
  std::int64_t idx_tup_read = 0;               ///< pg_stat_user_indexes.idx_tup_read
  std::int64_t idx_tup_fetch = 0;              ///< pg_stat_user_indexes.idx_tup_fetch
  std::optional<std::int64_t> idx_blks_read;   ///< pg_statio_user_indexes.idx_blks_read, blocks
  std::optional<std::int64_t> idx_blks_hit;    ///< pg_statio_user_indexes.idx_blks_hit, blocks
  std::optional<std::string> last_idx_scan;    ///< pg_stat_user_indexes.last_idx_scan (PG16+), ISO timestamp
  friend bool operator==(const IndexActivity&, const IndexActivity&) = default;
};

/// An index: `pg_index` + `pg_class` + `pg_am`.
struct Index {
  Oid oid = 0;                          ///< pg_index.indexrelid
  Oid table_oid = 0;                    ///< pg_index.indrelid
  std::string schemaname;               ///< pg_namespace.nspname of the index
  std::string relname;                  ///< pg_class.relname of the index
  std::string amname;                   ///< pg_am.amname: btree, hash, gin, gist, spgist, brin, …
  bool indisunique = false;             ///< pg_index.indisunique
  bool indisprimary = false;            ///< pg_index.indisprimary
  bool indisexclusion = false;          ///< pg_index.indisexclusion
  bool indimmediate = true;             ///< pg_index.indimmediate
  bool indisvalid = true;               ///< pg_index.indisvalid
  bool indisready = true;               ///< pg_index.indisready
  std::vector<IndexKey> keys;           ///< key columns, pg_index.indnkeyatts of them
  std::vector<IndexKey> include;        ///< INCLUDE columns (indnatts - indnkeyatts)
  std::optional<std::string> predicate; ///< pg_get_expr(indpred, indrelid, true) for partial indexes
  std::string indexdef;                 ///< pg_get_indexdef(indexrelid): the exact CREATE INDEX statement
  std::vector<std::string> reloptions;  ///< pg_class.reloptions of the index
  std::int64_t size_bytes = 0;          ///< pg_relation_size(indexrelid), bytes
  std::int64_t relpages = 0;            ///< pg_class.relpages of the index, pages
  std::optional<double> reltuples;      ///< pg_class.reltuples of the index; null when unknown
  std::optional<std::string> constraint_name;  ///< pg_constraint.conname of the constraint it backs (conindid)
  std::optional<char> constraint_type;         ///< pg_constraint.contype of that constraint ('p','u','x')
  std::optional<IndexActivity> stat;    ///< statistics row, when present
  friend bool operator==(const Index&, const Index&) = default;
};

/// A table constraint from `pg_constraint` (contype p, u, f, c, x).
struct Constraint {
  Oid oid = 0;                          ///< pg_constraint.oid
  Oid table_oid = 0;                    ///< pg_constraint.conrelid
  std::string conname;                  ///< pg_constraint.conname
  char contype = 'c';                   ///< pg_constraint.contype
  std::vector<int> conkey;              ///< pg_constraint.conkey: attnums of the constrained columns
  std::optional<Oid> conindid;          ///< pg_constraint.conindid: the index backing it, if any
  std::optional<Oid> confrelid;         ///< pg_constraint.confrelid: referenced table (foreign keys)
  std::vector<int> confkey;             ///< pg_constraint.confkey: referenced columns (foreign keys)
  std::string definition;               ///< pg_get_constraintdef(oid)
  bool convalidated = true;             ///< pg_constraint.convalidated
  friend bool operator==(const Constraint&, const Constraint&) = default;
};

/// One `pg_stat_statements` entry. Times in ms, blocks in pages. Query text is normalized by
/// pg_stat_statements (constants replaced by $n); dbopt stores nothing else of the query.
struct Statement {
  std::int64_t queryid = 0;             ///< pg_stat_statements.queryid
  Oid userid = 0;                       ///< pg_stat_statements.userid
  Oid dbid = 0;                         ///< pg_stat_statements.dbid
  std::optional<bool> toplevel;         ///< pg_stat_statements.toplevel (PG14+)
  std::string query;                    ///< pg_stat_statements.query (normalized)
  std::int64_t calls = 0;               ///< pg_stat_statements.calls
  double total_exec_time = 0;           ///< total_exec_time (PG13+) / total_time (PG12), ms
  double mean_exec_time = 0;            ///< mean_exec_time / mean_time, ms
  double min_exec_time = 0;             ///< min_exec_time, ms
  double max_exec_time = 0;             ///< max_exec_time, ms
  double stddev_exec_time = 0;          ///< stddev_exec_time, ms
  std::optional<double> total_plan_time;  ///< total_plan_time (PG13+, needs pg_stat_statements.track_planning), ms
  std::int64_t rows = 0;                ///< rows retrieved or affected
  std::int64_t shared_blks_hit = 0;     ///< shared_blks_hit, blocks
  std::int64_t shared_blks_read = 0;    ///< shared_blks_read, blocks
  std::int64_t shared_blks_dirtied = 0; ///< shared_blks_dirtied, blocks
  std::int64_t shared_blks_written = 0; ///< shared_blks_written, blocks
  std::int64_t local_blks_hit = 0;      ///< local_blks_hit, blocks
  std::int64_t local_blks_read = 0;     ///< local_blks_read, blocks
  std::int64_t temp_blks_read = 0;      ///< temp_blks_read, blocks
  std::int64_t temp_blks_written = 0;   ///< temp_blks_written, blocks
  std::optional<double> blk_read_time;  ///< blk_read_time (PG≤16) / shared_blk_read_time (PG17), ms; needs track_io_timing
  std::optional<double> blk_write_time; ///< blk_write_time / shared_blk_write_time, ms
  std::optional<std::int64_t> wal_records;  ///< wal_records (PG13+)
  std::optional<std::int64_t> wal_fpi;      ///< wal_fpi (PG13+)
  std::optional<std::int64_t> wal_bytes;    ///< wal_bytes (PG13+), bytes
  friend bool operator==(const Statement&, const Statement&) = default;
};

/// `pg_stat_bgwriter` (PG ≤ 16) or `pg_stat_checkpointer` + `pg_stat_bgwriter` (PG17+),
/// mapped onto the PG15 column names.
struct Bgwriter {
  std::int64_t checkpoints_timed = 0;           ///< checkpoints_timed (PG17: pg_stat_checkpointer.num_timed)
  std::int64_t checkpoints_req = 0;             ///< checkpoints_req (PG17: num_requested)
  double checkpoint_write_time = 0;             ///< checkpoint_write_time, ms (PG17: write_time)
  double checkpoint_sync_time = 0;              ///< checkpoint_sync_time, ms (PG17: sync_time)
  std::int64_t buffers_checkpoint = 0;          ///< buffers_checkpoint (PG17: buffers_written)
  std::int64_t buffers_clean = 0;               ///< buffers_clean
  std::int64_t maxwritten_clean = 0;            ///< maxwritten_clean
  std::optional<std::int64_t> buffers_backend;  ///< buffers_backend (PG ≤ 16)
  std::optional<std::int64_t> buffers_backend_fsync;  ///< buffers_backend_fsync (PG ≤ 16)
  std::int64_t buffers_alloc = 0;               ///< buffers_alloc
  std::optional<std::string> stats_reset;       ///< stats_reset, ISO timestamp
  std::optional<double> stats_age_seconds;      ///< now() - stats_reset at capture, seconds
  friend bool operator==(const Bgwriter&, const Bgwriter&) = default;
};

/// `pg_stat_wal` (PG14+).
struct WalStats {
  std::int64_t wal_records = 0;         ///< pg_stat_wal.wal_records
  std::int64_t wal_fpi = 0;             ///< pg_stat_wal.wal_fpi
  std::int64_t wal_bytes = 0;           ///< pg_stat_wal.wal_bytes, bytes
  std::int64_t wal_buffers_full = 0;    ///< pg_stat_wal.wal_buffers_full
  std::optional<std::int64_t> wal_write;  ///< pg_stat_wal.wal_write (PG14–17)
  std::optional<std::int64_t> wal_sync;   ///< pg_stat_wal.wal_sync (PG14–17)
  std::optional<std::string> stats_reset; ///< pg_stat_wal.stats_reset, ISO timestamp
  std::optional<double> stats_age_seconds;  ///< now() - stats_reset at capture, seconds
  friend bool operator==(const WalStats&, const WalStats&) = default;
};

/// A summary of `pg_stat_activity` at capture time (the capture's own backend excluded).
struct ActivitySummary {
  int total = 0;                        ///< client backends (backend_type = 'client backend')
  int active = 0;                       ///< state = 'active'
  int idle = 0;                         ///< state = 'idle'
  int idle_in_transaction = 0;          ///< state = 'idle in transaction' (+ aborted)
  int waiting_on_lock = 0;              ///< wait_event_type = 'Lock'
  std::optional<double> longest_transaction_seconds;  ///< max(now() - xact_start), seconds
  std::optional<double> longest_query_seconds;        ///< max(now() - query_start) of active backends, seconds
  std::optional<double> longest_idle_in_transaction_seconds;  ///< max(now() - state_change) idle in transaction
  int max_connections = 0;              ///< current_setting('max_connections')
  friend bool operator==(const ActivitySummary&, const ActivitySummary&) = default;
};

/// One installed extension, `pg_extension`.
struct Extension {
  std::string extname;                  ///< pg_extension.extname
  std::string extversion;               ///< pg_extension.extversion
  std::string schemaname;               ///< schema of the extension's objects
  friend bool operator==(const Extension&, const Extension&) = default;
};

/// Outcome of one capture step or probe, kept in the snapshot's provenance.
struct ProbeOutcome {
  std::string name;                     ///< "tables", "pg_stat_statements", "<plugin-id>/<probe>", …
  std::string status;                   ///< "ok" | "failed" | "skipped"
  std::optional<std::string> error;     ///< server or client error text when not ok (SQLSTATE included)
  double duration_ms = 0;               ///< wall time of the step, ms
  std::int64_t rows = 0;                ///< rows returned
  std::optional<std::string> note;      ///< remark on a step that succeeded (relations skipped because locked, …)
  friend bool operator==(const ProbeOutcome&, const ProbeOutcome&) = default;
};

/// Rows returned by a plugin's probe (see Plugin::probes): column names + text values
/// (null = SQL NULL), exactly as the server returned them.
struct ProbeResult {
  std::string status = "ok";            ///< "ok" | "failed"
  std::optional<std::string> error;     ///< error text when failed
  std::vector<std::string> columns;     ///< column names, in order
  std::vector<std::vector<std::optional<std::string>>> rows;  ///< rows × columns, text format
  friend bool operator==(const ProbeResult&, const ProbeResult&) = default;
};

/// One statement EXPLAINed by `dbopt capture --explain FILE` (or given to `dbopt explain`): the
/// plan is kept verbatim so offline analysis sees exactly the plan live saw; the Catalog parses
/// it (Catalog::plans()). Exactly one of plan_json / error is set. Source: EXPLAIN (FORMAT JSON,
/// BUFFERS, SETTINGS[, ANALYZE]) run in the capture's READ ONLY transaction, in its own
/// savepoint, rolled back (seed 003_…, decode_execution_plan.py; DB-OPT-QUERY-01).
struct ExplainedStatement {
  std::string query;                    ///< statement text as given (without the EXPLAIN prefix)
  std::string options;                  ///< EXPLAIN options used, e.g. "ANALYZE, BUFFERS, SETTINGS, FORMAT JSON"
  std::optional<std::string> plan_json; ///< EXPLAIN output, FORMAT JSON text, verbatim; null when it failed
  std::optional<std::string> error;     ///< server error (with SQLSTATE) when EXPLAIN failed
  double duration_ms = 0;               ///< wall time of the EXPLAIN, ms (includes execution with ANALYZE)
  friend bool operator==(const ExplainedStatement&, const ExplainedStatement&) = default;
};

/// Where a snapshot came from. Never contains a password.
struct Provenance {
  std::string captured_at;              ///< capture start, ISO 8601 UTC
  std::string dbopt_version;            ///< version of dbopt that captured it
  std::string host;                     ///< server host (PQhost) — never a password
  std::string port;                     ///< server port (PQport)
  std::string user;                     ///< role used for the capture
  std::string application_name = "dbopt";
  double capture_duration_ms = 0;       ///< wall time of the whole capture, ms
  std::vector<ProbeOutcome> probes;     ///< one entry per capture step and plugin probe
  friend bool operator==(const Provenance&, const Provenance&) = default;
};

/// Everything one capture recorded. Serialized as the snapshot file (format "dbopt-snapshot").
struct Snapshot {
  Provenance provenance;
  ServerInfo server;
  HardwareInfo hardware;
  std::vector<Setting> settings;                     ///< all of pg_settings
  std::optional<DatabaseStats> database;             ///< pg_stat_database row of the current database
  std::vector<Table> tables;
  std::vector<Column> columns;
  std::vector<Index> indexes;
  std::vector<Constraint> constraints;
  std::optional<std::vector<Statement>> statements;  ///< null: pg_stat_statements not installed/readable
  std::optional<Bgwriter> bgwriter;
  std::optional<WalStats> wal;
  std::optional<ActivitySummary> activity;
  std::vector<Extension> extensions;
  /// Plugin probe results: plugin id → probe name → result (see Plugin::probes).
  std::map<std::string, std::map<std::string, ProbeResult>> plugin_probes;
  /// Statements EXPLAINed at capture (`--explain`); null when the capture ran without it.
  std::optional<std::vector<ExplainedStatement>> explained;
  friend bool operator==(const Snapshot&, const Snapshot&) = default;
};

}  // namespace dbopt::sdk

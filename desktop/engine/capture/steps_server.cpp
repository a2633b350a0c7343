// Server-wide steps: server identity, pg_settings, pg_stat_database, pg_stat_bgwriter /
// pg_stat_checkpointer, pg_stat_wal, pg_stat_activity summary, pg_extension.
#include <string>

#include "capture/sql_snippets.hpp"
#include "capture/steps.hpp"

namespace dbopt::engine::capture_detail {

namespace {

constexpr int kPg14 = 140000;  // pg_stat_wal
constexpr int kPg17 = 170000;  // pg_stat_checkpointer split out of pg_stat_bgwriter
constexpr int kPg18 = 180000;  // pg_stat_wal loses wal_write / wal_sync

std::string version_text(int server_version_num) {
  const int major = server_version_num / 10000;
  return std::to_string(major) + " (server_version_num " + std::to_string(server_version_num) + ")";
}

}  // namespace

StepReport capture_server(StepContext& ctx) {
  PgResult r = ctx.conn.exec(
      "SELECT current_setting('server_version_num') AS server_version_num, "
      "current_setting('server_version') AS server_version, version() AS version, "
      "current_database() AS database, current_user AS current_user_name, "
      "pg_database_size(d.oid) AS database_size_bytes, age(d.datfrozenxid) AS datfrozenxid_age, "
      "mxid_age(d.datminmxid) AS datminmxid_age, pg_is_in_recovery() AS in_recovery "
      "FROM pg_database d WHERE d.datname = current_database()");
  if (r.rows() != 1) throw std::runtime_error("pg_database has no row for current_database()");
  const RowReader row(r, 0);
  sdk::ServerInfo s;
  s.server_version_num = row.int32("server_version_num");
  s.server_version = row.text("server_version");
  s.version = row.text("version");
  s.database = row.text("database");
  s.current_user = row.text("current_user_name");
  s.database_size_bytes = row.opt_int64("database_size_bytes");
  s.datfrozenxid_age = row.opt_int64("datfrozenxid_age");
  s.datminmxid_age = row.opt_int64("datminmxid_age");
  s.in_recovery = row.opt_boolean("in_recovery");
  ctx.snapshot.server = std::move(s);
  return {1, std::nullopt};
}

StepReport capture_settings(StepContext& ctx) {
  PgResult r = ctx.conn.exec(
      "SELECT name, setting, unit, vartype, source, context, boot_val, reset_val, pending_restart "
      "FROM pg_settings ORDER BY name");
  std::vector<sdk::Setting> settings;
  settings.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    const RowReader row(r, i);
    sdk::Setting s;
    s.name = row.text("name");
    s.setting = row.text("setting");
    s.unit = row.opt_text("unit");
    s.vartype = row.text("vartype");
    s.source = row.text("source");
    s.context = row.text("context");
    s.boot_val = row.opt_text("boot_val");
    s.reset_val = row.opt_text("reset_val");
    s.pending_restart = row.boolean("pending_restart");
    settings.push_back(std::move(s));
  }
  ctx.snapshot.settings = std::move(settings);
  return {r.rows(), std::nullopt};
}

StepReport capture_database(StepContext& ctx) {
  PgResult r = ctx.conn.exec(
      "SELECT numbackends, xact_commit, xact_rollback, blks_read, blks_hit, tup_returned, tup_fetched, "
      "tup_inserted, tup_updated, tup_deleted, conflicts, temp_files, temp_bytes, deadlocks, "
      "blk_read_time, blk_write_time, " +
      iso_utc("stats_reset") + " AS stats_reset, " + seconds_since("stats_reset") +
      " AS stats_age_seconds "
      "FROM pg_stat_database WHERE datid = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())");
  if (r.rows() != 1) throw std::runtime_error("pg_stat_database has no row for the current database");
  const RowReader row(r, 0);
  sdk::DatabaseStats d;
  d.numbackends = row.int64("numbackends");
  d.xact_commit = row.int64("xact_commit");
  d.xact_rollback = row.int64("xact_rollback");
  d.blks_read = row.int64("blks_read");
  d.blks_hit = row.int64("blks_hit");
  d.tup_returned = row.int64("tup_returned");
  d.tup_fetched = row.int64("tup_fetched");
  d.tup_inserted = row.int64("tup_inserted");
  d.tup_updated = row.int64("tup_updated");
  d.tup_deleted = row.int64("tup_deleted");
  d.conflicts = row.int64("conflicts");
  d.temp_files = row.int64("temp_files");
  d.temp_bytes = row.int64("temp_bytes");
  d.deadlocks = row.int64("deadlocks");
  d.blk_read_time = row.opt_double("blk_read_time");
  d.blk_write_time = row.opt_double("blk_write_time");
  d.stats_reset = row.opt_text("stats_reset");
  d.stats_age_seconds = row.opt_double("stats_age_seconds");
  ctx.snapshot.database = std::move(d);
  return {1, std::nullopt};
}

StepReport capture_bgwriter(StepContext& ctx) {
  std::string sql;
  if (ctx.server_version_num >= kPg17) {
    // PG17 moved the checkpoint counters to pg_stat_checkpointer (num_timed, num_requested,
    // write_time, sync_time, buffers_written) and dropped buffers_backend(_fsync). stats_reset:
    // the later of the two resets, so every counter covers at least that window.
    sql = "SELECT c.num_timed AS checkpoints_timed, c.num_requested AS checkpoints_req, "
          "c.write_time AS checkpoint_write_time, c.sync_time AS checkpoint_sync_time, "
          "c.buffers_written AS buffers_checkpoint, b.buffers_clean, b.maxwritten_clean, "
          "NULL::bigint AS buffers_backend, NULL::bigint AS buffers_backend_fsync, b.buffers_alloc, " +
          iso_utc("greatest(c.stats_reset, b.stats_reset)") + " AS stats_reset, " +
          seconds_since("greatest(c.stats_reset, b.stats_reset)") +
          " AS stats_age_seconds FROM pg_stat_checkpointer c CROSS JOIN pg_stat_bgwriter b";
  } else {
    sql = "SELECT checkpoints_timed, checkpoints_req, checkpoint_write_time, checkpoint_sync_time, "
          "buffers_checkpoint, buffers_clean, maxwritten_clean, buffers_backend, buffers_backend_fsync, "
          "buffers_alloc, " +
          iso_utc("stats_reset") + " AS stats_reset, " + seconds_since("stats_reset") +
          " AS stats_age_seconds FROM pg_stat_bgwriter";
  }
  PgResult r = ctx.conn.exec(sql);
  if (r.rows() != 1) throw std::runtime_error("pg_stat_bgwriter returned " + std::to_string(r.rows()) + " rows");
  const RowReader row(r, 0);
  sdk::Bgwriter b;
  b.checkpoints_timed = row.int64("checkpoints_timed");
  b.checkpoints_req = row.int64("checkpoints_req");
  b.checkpoint_write_time = row.dbl("checkpoint_write_time");
  b.checkpoint_sync_time = row.dbl("checkpoint_sync_time");
  b.buffers_checkpoint = row.int64("buffers_checkpoint");
  b.buffers_clean = row.int64("buffers_clean");
  b.maxwritten_clean = row.int64("maxwritten_clean");
  b.buffers_backend = row.opt_int64("buffers_backend");
  b.buffers_backend_fsync = row.opt_int64("buffers_backend_fsync");
  b.buffers_alloc = row.int64("buffers_alloc");
  b.stats_reset = row.opt_text("stats_reset");
  b.stats_age_seconds = row.opt_double("stats_age_seconds");
  ctx.snapshot.bgwriter = std::move(b);
  return {1, std::nullopt};
}

StepReport capture_wal(StepContext& ctx) {
  if (ctx.server_version_num < kPg14)
    throw StepSkipped("pg_stat_wal needs PostgreSQL 14 or later; server is " + version_text(ctx.server_version_num));
  const bool has_write_sync = ctx.server_version_num < kPg18;
  PgResult r = ctx.conn.exec(
      "SELECT wal_records, wal_fpi, wal_bytes, wal_buffers_full, " +
      std::string(has_write_sync ? "wal_write, wal_sync, " : "NULL::bigint AS wal_write, NULL::bigint AS wal_sync, ") +
      iso_utc("stats_reset") + " AS stats_reset, " + seconds_since("stats_reset") +
      " AS stats_age_seconds FROM pg_stat_wal");
  if (r.rows() != 1) throw std::runtime_error("pg_stat_wal returned " + std::to_string(r.rows()) + " rows");
  const RowReader row(r, 0);
  sdk::WalStats w;
  w.wal_records = row.int64("wal_records");
  w.wal_fpi = row.int64("wal_fpi");
  w.wal_bytes = row.int64("wal_bytes");
  w.wal_buffers_full = row.int64("wal_buffers_full");
  w.wal_write = row.opt_int64("wal_write");
  w.wal_sync = row.opt_int64("wal_sync");
  w.stats_reset = row.opt_text("stats_reset");
  w.stats_age_seconds = row.opt_double("stats_age_seconds");
  ctx.snapshot.wal = std::move(w);
  return {1, std::nullopt};
}

StepReport capture_activity(StepContext& ctx) {
  // Client backends of the whole cluster except the capture's own; ages are measured at the
  // capture transaction's start (now()) and clamped at 0 for work that began after it.
  const std::string idle_in_xact = "state IN ('idle in transaction', 'idle in transaction (aborted)')";
  PgResult r = ctx.conn.exec(
      "SELECT count(*) AS total, count(*) FILTER (WHERE state = 'active') AS active, "
      "count(*) FILTER (WHERE state = 'idle') AS idle, "
      "count(*) FILTER (WHERE " + idle_in_xact + ") AS idle_in_transaction, "
      "count(*) FILTER (WHERE wait_event_type = 'Lock') AS waiting_on_lock, "
      "max(greatest(" + seconds_since("xact_start") + ", 0)) AS longest_transaction_seconds, "
      "max(greatest(" + seconds_since("query_start") + ", 0)) FILTER (WHERE state = 'active') AS longest_query_seconds, "
      "max(greatest(" + seconds_since("state_change") + ", 0)) FILTER (WHERE " + idle_in_xact +
      ") AS longest_idle_in_transaction_seconds, "
      "current_setting('max_connections') AS max_connections "
      "FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");
  const RowReader row(r, 0);
  sdk::ActivitySummary a;
  a.total = row.int32("total");
  a.active = row.int32("active");
  a.idle = row.int32("idle");
  a.idle_in_transaction = row.int32("idle_in_transaction");
  a.waiting_on_lock = row.int32("waiting_on_lock");
  a.longest_transaction_seconds = row.opt_double("longest_transaction_seconds");
  a.longest_query_seconds = row.opt_double("longest_query_seconds");
  a.longest_idle_in_transaction_seconds = row.opt_double("longest_idle_in_transaction_seconds");
  a.max_connections = row.int32("max_connections");
  ctx.snapshot.activity = std::move(a);
  return {1, std::nullopt};
}

StepReport capture_extensions(StepContext& ctx) {
  PgResult r = ctx.conn.exec(
      "SELECT e.extname, e.extversion, n.nspname FROM pg_extension e "
      "JOIN pg_namespace n ON n.oid = e.extnamespace ORDER BY e.extname");
  std::vector<sdk::Extension> extensions;
  for (int i = 0; i < r.rows(); ++i) {
    const RowReader row(r, i);
    extensions.push_back(sdk::Extension{row.text("extname"), row.text("extversion"), row.text("nspname")});
  }
  ctx.snapshot.extensions = std::move(extensions);
  return {r.rows(), std::nullopt};
}

}  // namespace dbopt::engine::capture_detail

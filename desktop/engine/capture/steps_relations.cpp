// Relation steps: locked relations (pg_locks), tables (pg_class + pg_stat_user_tables +
// pg_statio_user_tables + sizes), columns (pg_attribute + pg_type + pg_stats).
#include <string>

#include "capture/sql_snippets.hpp"
#include "capture/steps.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::engine::capture_detail {

namespace {

constexpr int kPg13 = 130000;  // pg_stat_user_tables.n_ins_since_vacuum
constexpr int kPg14 = 140000;  // pg_attribute.attcompression

bool is_table_kind(char relkind) { return relkind == 'r' || relkind == 'p' || relkind == 'm'; }

/// "public.a (pid 42), public.b (pid 43)" for the locked tables left out.
std::string excluded_list(const StepContext& ctx) {
  std::string out;
  for (const auto& [oid, rel] : ctx.locked) {
    if (!is_table_kind(rel.relkind)) continue;
    if (!out.empty()) out += ", ";
    out += rel.name + " (" + rel.holders + ")";
  }
  return out;
}

void append_note(std::optional<std::string>& note, const std::string& text) {
  note = note ? *note + "; " + text : text;
}

}  // namespace

std::string StepContext::excluded_tables_param() const {
  std::string out = "{";
  for (const auto& [oid, rel] : locked) {
    if (!is_table_kind(rel.relkind)) continue;
    if (out.size() > 1) out += ",";
    out += std::to_string(oid);
  }
  return out + "}";
}

StepReport capture_locked_relations(StepContext& ctx) {
  PgResult r = ctx.conn.exec(
      "SELECT c.oid, n.nspname, c.relname, c.relkind, "
      "string_agg(DISTINCT CASE WHEN l.pid IS NULL THEN 'prepared transaction' ELSE 'pid ' || l.pid END, ', ') "
      "AS holders "
      "FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock' "
      "AND l.pid IS DISTINCT FROM pg_backend_pid() "
      "AND l.database = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database()) "
      "AND NOT pg_is_other_temp_schema(n.oid) "
      "GROUP BY c.oid, n.nspname, c.relname, c.relkind ORDER BY n.nspname, c.relname");
  std::map<sdk::Oid, LockedRelation> locked;
  std::string names;
  for (int i = 0; i < r.rows(); ++i) {
    const RowReader row(r, i);
    LockedRelation rel{sdk::sql::qualified_name(row.text("nspname"), row.text("relname")), row.character("relkind"),
                       row.text("holders")};
    if (!names.empty()) names += ", ";
    names += rel.name + " (" + rel.holders + ")";
    locked.emplace(row.oid("oid"), std::move(rel));
  }
  ctx.locked = std::move(locked);
  StepReport report{r.rows(), std::nullopt};
  if (!names.empty()) report.note = "ACCESS EXCLUSIVE lock held or awaited by another session: " + names;
  return report;
}

StepReport capture_tables(StepContext& ctx) {
  const std::string bs(kBlockSize);
  const std::string stat_ins_since_vacuum =
      ctx.server_version_num >= kPg13 ? "s.n_ins_since_vacuum" : "NULL::bigint";
  // size_locked: the table, its TOAST table or one of their indexes is locked ACCESS EXCLUSIVE by
  // another session, so the size functions would wait; sizes then come from relpages.
  const std::string sql =
      "WITH " + std::string(kLockedCte) + ", "
      "rel AS ("
      " SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, c.relispartition, c.reltuples,"
      " c.relpages, c.relallvisible, c.reltoastrelid, c.reloptions, c.relfrozenxid, c.relminmxid,"
      " (c.oid IN (SELECT relid FROM locked) OR c.reltoastrelid IN (SELECT relid FROM locked)"
      "  OR EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid IN (c.oid, c.reltoastrelid)"
      "             AND i.indexrelid IN (SELECT relid FROM locked))) AS size_locked"
      " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + std::string(kCapturedTables) + "),"
      "sized AS ("
      " SELECT r.*,"
      " CASE WHEN r.size_locked THEN r.relpages::bigint * " + bs + " ELSE pg_relation_size(r.oid) END AS heap_bytes,"
      " CASE WHEN r.reltoastrelid = 0 THEN 0::bigint"
      "  WHEN r.size_locked THEN (SELECT coalesce(sum(x.relpages), 0)::bigint FROM pg_class x"
      "   WHERE x.oid = r.reltoastrelid"
      "      OR x.oid IN (SELECT i.indexrelid FROM pg_index i WHERE i.indrelid = r.reltoastrelid)) * " + bs +
      "  ELSE pg_total_relation_size(r.reltoastrelid) END AS toast_bytes,"
      " CASE WHEN r.size_locked THEN (SELECT coalesce(sum(x.relpages), 0)::bigint FROM pg_index i"
      "   JOIN pg_class x ON x.oid = i.indexrelid WHERE i.indrelid = r.oid) * " + bs +
      "  ELSE pg_indexes_size(r.oid) END AS indexes_bytes"
      " FROM rel r)"
      "SELECT r.oid, r.nspname, r.relname, r.relkind, r.relpersistence, r.relispartition,"
      " inh.inhparent AS parent_oid,"
      " CASE WHEN r.relkind = 'p' THEN pg_get_partkeydef(r.oid) END AS partition_key,"
      " " + reltuples_or_null("r.reltuples", ctx.server_version_num) + " AS reltuples,"
      " r.relpages, r.relallvisible, NULLIF(r.reltoastrelid, 0) AS reltoastrelid, r.reloptions,"
      " r.size_locked, r.heap_bytes, r.toast_bytes, r.indexes_bytes,"
      " CASE WHEN r.size_locked THEN r.heap_bytes + r.toast_bytes + r.indexes_bytes"
      "  ELSE pg_total_relation_size(r.oid) END AS total_bytes,"
      " CASE WHEN r.relkind = 'p' THEN NULL ELSE age(r.relfrozenxid) END AS relfrozenxid_age,"
      " CASE WHEN r.relkind = 'p' THEN NULL ELSE mxid_age(r.relminmxid) END AS relminmxid_age,"
      " s.relid IS NOT NULL AS has_stat, s.seq_scan, s.seq_tup_read, s.idx_scan, s.idx_tup_fetch,"
      " s.n_tup_ins, s.n_tup_upd, s.n_tup_del, s.n_tup_hot_upd, s.n_live_tup, s.n_dead_tup,"
      " s.n_mod_since_analyze, " + stat_ins_since_vacuum + " AS n_ins_since_vacuum, " +
      iso_utc("s.last_vacuum") + " AS last_vacuum, " + iso_utc("s.last_autovacuum") + " AS last_autovacuum, " +
      iso_utc("s.last_analyze") + " AS last_analyze, " + iso_utc("s.last_autoanalyze") + " AS last_autoanalyze,"
      " s.vacuum_count, s.autovacuum_count, s.analyze_count, s.autoanalyze_count,"
      " io.relid IS NOT NULL AS has_statio, io.heap_blks_read, io.heap_blks_hit, io.idx_blks_read,"
      " io.idx_blks_hit, io.toast_blks_read, io.toast_blks_hit "
      "FROM sized r"
      " LEFT JOIN pg_inherits inh ON r.relispartition AND inh.inhrelid = r.oid"
      " LEFT JOIN pg_stat_user_tables s ON s.relid = r.oid"
      " LEFT JOIN pg_statio_user_tables io ON io.relid = r.oid "
      "ORDER BY r.nspname, r.relname";
  PgResult res = ctx.conn.exec(sql, {ctx.excluded_tables_param()});
  std::vector<sdk::Table> tables;
  tables.reserve(static_cast<std::size_t>(res.rows()));
  std::string estimated;
  for (int i = 0; i < res.rows(); ++i) {
    const RowReader row(res, i);
    sdk::Table t;
    t.oid = row.oid("oid");
    t.schemaname = row.text("nspname");
    t.relname = row.text("relname");
    t.relkind = row.character("relkind");
    t.relpersistence = row.character("relpersistence");
    t.relispartition = row.boolean("relispartition");
    t.parent_oid = row.opt_oid("parent_oid");
    t.partition_key = row.opt_text("partition_key");
    t.reltuples = row.opt_double("reltuples");
    t.relpages = row.int64("relpages");
    t.relallvisible = row.int64("relallvisible");
    t.reltoastrelid = row.opt_oid("reltoastrelid");
    t.reloptions = row.text_array("reloptions");
    t.heap_bytes = row.int64("heap_bytes");
    t.toast_bytes = row.int64("toast_bytes");
    t.indexes_bytes = row.int64("indexes_bytes");
    t.total_bytes = row.int64("total_bytes");
    t.relfrozenxid_age = row.opt_int64("relfrozenxid_age");
    t.relminmxid_age = row.opt_int64("relminmxid_age");
    if (row.boolean("has_stat")) {
      sdk::TableActivity a;
      a.seq_scan = row.int64("seq_scan");
      a.seq_tup_read = row.int64("seq_tup_read");
      a.idx_scan = row.opt_int64("idx_scan");
      a.idx_tup_fetch = row.opt_int64("idx_tup_fetch");
      a.n_tup_ins = row.int64("n_tup_ins");
      a.n_tup_upd = row.int64("n_tup_upd");
      a.n_tup_del = row.int64("n_tup_del");
      a.n_tup_hot_upd = row.int64("n_tup_hot_upd");
      a.n_live_tup = row.int64("n_live_tup");
      a.n_dead_tup = row.int64("n_dead_tup");
      a.n_mod_since_analyze = row.int64("n_mod_since_analyze");
      a.n_ins_since_vacuum = row.opt_int64("n_ins_since_vacuum");
      a.last_vacuum = row.opt_text("last_vacuum");
      a.last_autovacuum = row.opt_text("last_autovacuum");
      a.last_analyze = row.opt_text("last_analyze");
      a.last_autoanalyze = row.opt_text("last_autoanalyze");
      a.vacuum_count = row.int64("vacuum_count");
      a.autovacuum_count = row.int64("autovacuum_count");
      a.analyze_count = row.int64("analyze_count");
      a.autoanalyze_count = row.int64("autoanalyze_count");
      t.stat = std::move(a);
    }
    if (row.boolean("has_statio")) {
      sdk::TableIo io;
      io.heap_blks_read = row.int64("heap_blks_read");
      io.heap_blks_hit = row.int64("heap_blks_hit");
      io.idx_blks_read = row.opt_int64("idx_blks_read");
      io.idx_blks_hit = row.opt_int64("idx_blks_hit");
      io.toast_blks_read = row.opt_int64("toast_blks_read");
      io.toast_blks_hit = row.opt_int64("toast_blks_hit");
      t.statio = std::move(io);
    }
    if (row.boolean("size_locked")) {
      if (!estimated.empty()) estimated += ", ";
      estimated += sdk::sql::qualified_name(t.schemaname, t.relname);
    }
    tables.push_back(std::move(t));
  }
  ctx.snapshot.tables = std::move(tables);
  StepReport report{res.rows(), std::nullopt};
  if (const std::string excluded = excluded_list(ctx); !excluded.empty())
    append_note(report.note, "not captured, ACCESS EXCLUSIVE lock held or awaited by another session: " + excluded);
  if (!estimated.empty())
    append_note(report.note, "sizes estimated from relpages × block_size (a part is locked ACCESS EXCLUSIVE by "
                             "another session): " + estimated);
  return report;
}

StepReport capture_columns(StepContext& ctx) {
  const std::string attcompression =
      ctx.server_version_num >= kPg14 ? "a.attcompression::text" : "NULL::text";
  // pg_stats shows only columns the role may SELECT; inherited = false preferred (partitioned
  // parents only have inherited = true rows).
  const std::string sql =
      "SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS type_name, a.atttypid,"
      " t.typlen, a.attalign, a.attstorage, " + attcompression + " AS attcompression,"
      " a.attnotnull, a.atthasdef, a.attgenerated::text AS attgenerated,"
      " st.tablename IS NOT NULL AS has_stats, st.null_frac, st.avg_width, st.n_distinct, st.correlation,"
      " st.inherited "
      "FROM pg_attribute a"
      " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
      " JOIN pg_type t ON t.oid = a.atttypid"
      " LEFT JOIN (SELECT DISTINCT ON (schemaname, tablename, attname) schemaname, tablename, attname,"
      "   null_frac, avg_width, n_distinct, correlation, inherited"
      "   FROM pg_stats ORDER BY schemaname, tablename, attname, inherited) st"
      "  ON st.schemaname = n.nspname AND st.tablename = c.relname AND st.attname = a.attname "
      "WHERE " + std::string(kCapturedTables) + " AND a.attnum > 0 AND NOT a.attisdropped "
      "ORDER BY a.attrelid, a.attnum";
  PgResult r = ctx.conn.exec(sql, {ctx.excluded_tables_param()});
  std::vector<sdk::Column> columns;
  columns.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    const RowReader row(r, i);
    sdk::Column col;
    col.table_oid = row.oid("attrelid");
    col.attnum = row.int32("attnum");
    col.attname = row.text("attname");
    col.type_name = row.text("type_name");
    col.atttypid = row.oid("atttypid");
    col.attlen = row.int32("typlen");
    col.attalign = row.character("attalign");
    col.attstorage = row.character("attstorage");
    col.attcompression = row.opt_character("attcompression");
    col.attnotnull = row.boolean("attnotnull");
    col.has_default = row.boolean("atthasdef");
    col.attgenerated = row.opt_character("attgenerated");
    if (row.boolean("has_stats")) {
      sdk::ColumnStats s;
      s.null_frac = row.dbl("null_frac");
      s.avg_width = row.int32("avg_width");
      s.n_distinct = row.dbl("n_distinct");
      s.correlation = row.opt_double("correlation");
      s.inherited = row.boolean("inherited");
      col.stats = std::move(s);
    }
    columns.push_back(std::move(col));
  }
  ctx.snapshot.columns = std::move(columns);
  StepReport report{r.rows(), std::nullopt};
  if (const std::string excluded = excluded_list(ctx); !excluded.empty())
    report.note = "columns of locked tables not captured: " + excluded;
  return report;
}

}  // namespace dbopt::engine::capture_detail

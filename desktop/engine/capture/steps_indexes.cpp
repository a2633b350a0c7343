// Index and constraint steps: pg_index + pg_class + pg_am (+ one row per key/INCLUDE column)
// with pg_stat_user_indexes / pg_statio_user_indexes, and pg_constraint.
#include <map>
#include <string>

#include "capture/sql_snippets.hpp"
#include "capture/steps.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::engine::capture_detail {

namespace {

constexpr int kPg16 = 160000;  // pg_stat_user_indexes.last_idx_scan

/// One row per index column k = 1..indnatts (keys first, then INCLUDE columns). indclass,
/// indcollation and indoption only have indnkeyatts entries. The collation is reported when it
/// differs from the column's (attcollation) or, for an expression, from its type's default
/// (typcollation) — pg_get_indexdef compares with the expression's own collation instead.
std::string index_keys_sql() {
  return "SELECT i.indexrelid, k.k, k.k <= i.indnkeyatts AS is_key, i.indkey[k.k - 1] AS attnum,"
         " pg_get_indexdef(i.indexrelid, k.k, true) AS definition,"
         " opc.opcname, opc.opcdefault,"
         " CASE WHEN coll.oid IS NOT NULL AND coll.oid <> coalesce(ta.attcollation, ty.typcollation)"
         "  THEN coll.collname END AS collation,"
         " k.k <= i.indnkeyatts AND (i.indoption[k.k - 1] & 1) <> 0 AS is_desc,"
         " k.k <= i.indnkeyatts AND (i.indoption[k.k - 1] & 2) <> 0 AS nulls_first "
         "FROM pg_index i"
         " JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
         " CROSS JOIN LATERAL generate_series(1, i.indnatts) AS k(k)"
         " LEFT JOIN pg_opclass opc ON k.k <= i.indnkeyatts AND opc.oid = i.indclass[k.k - 1]"
         " LEFT JOIN pg_collation coll ON k.k <= i.indnkeyatts AND coll.oid = i.indcollation[k.k - 1]"
         " LEFT JOIN pg_attribute ta ON i.indkey[k.k - 1] > 0 AND ta.attrelid = i.indrelid"
         "  AND ta.attnum = i.indkey[k.k - 1]"
         " LEFT JOIN pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum = k.k"
         " LEFT JOIN pg_type ty ON ty.oid = ia.atttypid "
         "WHERE " + std::string(kCapturedTables) + " ORDER BY i.indexrelid, k.k";
}

std::string indexes_sql(int server_version_num) {
  const std::string last_idx_scan =
      server_version_num >= kPg16 ? iso_utc("s.last_idx_scan") : std::string("NULL::text");
  return "WITH " + std::string(kLockedCte) +
         " SELECT i.indexrelid, i.indrelid, ni.nspname AS schemaname, ci.relname, am.amname,"
         " i.indisunique, i.indisprimary, i.indisexclusion, i.indimmediate, i.indisvalid, i.indisready,"
         " i.indnatts, i.indnkeyatts,"
         " CASE WHEN i.indpred IS NOT NULL THEN pg_get_expr(i.indpred, i.indrelid, true) END AS predicate,"
         " pg_get_indexdef(i.indexrelid) AS indexdef, ci.reloptions,"
         " i.indexrelid IN (SELECT relid FROM locked) AS size_locked,"
         " CASE WHEN i.indexrelid IN (SELECT relid FROM locked) THEN ci.relpages::bigint * " +
         std::string(kBlockSize) + " ELSE pg_relation_size(i.indexrelid) END AS size_bytes,"
         " ci.relpages, " + reltuples_or_null("ci.reltuples", server_version_num) + " AS reltuples,"
         " con.conname, con.contype,"
         " s.indexrelid IS NOT NULL AS has_stat, s.idx_scan, s.idx_tup_read, s.idx_tup_fetch,"
         " io.idx_blks_read, io.idx_blks_hit, " + last_idx_scan + " AS last_idx_scan "
         "FROM pg_index i"
         " JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_namespace ni ON ni.oid = ci.relnamespace"
         " JOIN pg_am am ON am.oid = ci.relam"
         " JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
         " LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid"
         "  AND con.contype IN ('p', 'u', 'x')"
         " LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = i.indexrelid"
         " LEFT JOIN pg_statio_user_indexes io ON io.indexrelid = i.indexrelid "
         "WHERE " + std::string(kCapturedTables) + " ORDER BY ni.nspname, ci.relname";
}

}  // namespace

StepReport capture_indexes(StepContext& ctx) {
  const std::string excluded = ctx.excluded_tables_param();
  PgResult r = ctx.conn.exec(indexes_sql(ctx.server_version_num), {excluded});
  PgResult keys = ctx.conn.exec(index_keys_sql(), {excluded});

  // Key rows by index, in column order.
  std::map<sdk::Oid, std::pair<std::vector<sdk::IndexKey>, std::vector<sdk::IndexKey>>> columns;
  for (int i = 0; i < keys.rows(); ++i) {
    const RowReader row(keys, i);
    sdk::IndexKey key;
    key.attnum = row.int32("attnum");
    key.definition = row.text("definition");
    const bool is_key = row.boolean("is_key");
    if (is_key) {
      key.opclass = row.opt_text("opcname");
      key.opclass_is_default = row.opt_boolean("opcdefault").value_or(true);
      key.collation = row.opt_text("collation");
      key.desc = row.boolean("is_desc");
      key.nulls_first = row.boolean("nulls_first");
    }
    auto& entry = columns[row.oid("indexrelid")];
    (is_key ? entry.first : entry.second).push_back(std::move(key));
  }

  std::vector<sdk::Index> indexes;
  indexes.reserve(static_cast<std::size_t>(r.rows()));
  std::string estimated;
  for (int i = 0; i < r.rows(); ++i) {
    const RowReader row(r, i);
    sdk::Index x;
    x.oid = row.oid("indexrelid");
    x.table_oid = row.oid("indrelid");
    x.schemaname = row.text("schemaname");
    x.relname = row.text("relname");
    x.amname = row.text("amname");
    x.indisunique = row.boolean("indisunique");
    x.indisprimary = row.boolean("indisprimary");
    x.indisexclusion = row.boolean("indisexclusion");
    x.indimmediate = row.boolean("indimmediate");
    x.indisvalid = row.boolean("indisvalid");
    x.indisready = row.boolean("indisready");
    auto found = columns.find(x.oid);
    if (found != columns.end()) {
      x.keys = std::move(found->second.first);
      x.include = std::move(found->second.second);
    }
    const int indnkeyatts = row.int32("indnkeyatts");
    const int indnatts = row.int32("indnatts");
    if (static_cast<int>(x.keys.size()) != indnkeyatts || static_cast<int>(x.include.size()) != indnatts - indnkeyatts)
      throw std::runtime_error("index " + sdk::sql::qualified_name(x.schemaname, x.relname) +
                               ": key rows do not match indnkeyatts/indnatts (catalog changed during capture?)");
    x.predicate = row.opt_text("predicate");
    x.indexdef = row.text("indexdef");
    x.reloptions = row.text_array("reloptions");
    x.size_bytes = row.int64("size_bytes");
    x.relpages = row.int64("relpages");
    x.reltuples = row.opt_double("reltuples");
    x.constraint_name = row.opt_text("conname");
    x.constraint_type = row.opt_character("contype");
    if (row.boolean("has_stat")) {
      sdk::IndexActivity a;
      a.idx_scan = row.int64("idx_scan");
      a.idx_tup_read = row.int64("idx_tup_read");
      a.idx_tup_fetch = row.int64("idx_tup_fetch");
      a.idx_blks_read = row.opt_int64("idx_blks_read");
      a.idx_blks_hit = row.opt_int64("idx_blks_hit");
      a.last_idx_scan = row.opt_text("last_idx_scan");
      x.stat = std::move(a);
    }
    if (row.boolean("size_locked")) {
      if (!estimated.empty()) estimated += ", ";
      estimated += sdk::sql::qualified_name(x.schemaname, x.relname);
    }
    indexes.push_back(std::move(x));
  }
  ctx.snapshot.indexes = std::move(indexes);
  StepReport report{r.rows(), std::nullopt};
  if (!estimated.empty())
    report.note = "size estimated from relpages × block_size (locked ACCESS EXCLUSIVE by another session): " +
                  estimated;
  return report;
}

StepReport capture_constraints(StepContext& ctx) {
  const std::string sql =
      "SELECT co.oid, co.conrelid, co.conname, co.contype, array_to_string(co.conkey, ',') AS conkey,"
      " NULLIF(co.conindid, 0) AS conindid, NULLIF(co.confrelid, 0) AS confrelid,"
      " array_to_string(co.confkey, ',') AS confkey, pg_get_constraintdef(co.oid) AS definition, co.convalidated "
      "FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE co.contype IN ('p', 'u', 'f', 'c', 'x') AND " + std::string(kCapturedTables) +
      " ORDER BY co.conrelid, co.conname, co.oid";
  PgResult r = ctx.conn.exec(sql, {ctx.excluded_tables_param()});
  std::vector<sdk::Constraint> constraints;
  constraints.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    const RowReader row(r, i);
    sdk::Constraint c;
    c.oid = row.oid("oid");
    c.table_oid = row.oid("conrelid");
    c.conname = row.text("conname");
    c.contype = row.character("contype");
    c.conkey = row.int_list("conkey");
    c.conindid = row.opt_oid("conindid");
    c.confrelid = row.opt_oid("confrelid");
    c.confkey = row.int_list("confkey");
    c.definition = row.text("definition");
    c.convalidated = row.boolean("convalidated");
    constraints.push_back(std::move(c));
  }
  ctx.snapshot.constraints = std::move(constraints);
  return {r.rows(), std::nullopt};
}

}  // namespace dbopt::engine::capture_detail

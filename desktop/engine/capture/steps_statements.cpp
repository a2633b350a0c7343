// pg_stat_statements: rows of the current database. The view's columns depend on the installed
// extension version (not only the server version: an extension not updated after pg_upgrade keeps
// its old columns), so the step reads the view's column list first and maps each model field to
// the first column present: total_exec_time (1.8+) or total_time (≤ 1.7), shared_blk_read_time
// (1.11, PG17) or blk_read_time, toplevel (1.9+), wal_* (1.8+), total_plan_time (1.8+).
#include <algorithm>
#include <string>
#include <vector>

#include "capture/steps.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::engine::capture_detail {

namespace {

struct FieldSource {
  const char* alias;                      // result column name read below
  std::vector<const char*> candidates;    // view columns, preferred first
  bool required;
};

const std::vector<FieldSource>& field_sources() {
  static const std::vector<FieldSource> sources = {
      {"queryid", {"queryid"}, true},
      {"userid", {"userid"}, true},
      {"dbid", {"dbid"}, true},
      {"toplevel", {"toplevel"}, false},
      {"query", {"query"}, true},
      {"calls", {"calls"}, true},
      {"total_exec_time", {"total_exec_time", "total_time"}, true},
      {"mean_exec_time", {"mean_exec_time", "mean_time"}, true},
      {"min_exec_time", {"min_exec_time", "min_time"}, true},
      {"max_exec_time", {"max_exec_time", "max_time"}, true},
      {"stddev_exec_time", {"stddev_exec_time", "stddev_time"}, true},
      {"total_plan_time", {"total_plan_time"}, false},
      {"rows", {"rows"}, true},
      {"shared_blks_hit", {"shared_blks_hit"}, true},
      {"shared_blks_read", {"shared_blks_read"}, true},
      {"shared_blks_dirtied", {"shared_blks_dirtied"}, true},
      {"shared_blks_written", {"shared_blks_written"}, true},
      {"local_blks_hit", {"local_blks_hit"}, true},
      {"local_blks_read", {"local_blks_read"}, true},
      {"temp_blks_read", {"temp_blks_read"}, true},
      {"temp_blks_written", {"temp_blks_written"}, true},
      {"blk_read_time", {"shared_blk_read_time", "blk_read_time"}, false},
      {"blk_write_time", {"shared_blk_write_time", "blk_write_time"}, false},
      {"wal_records", {"wal_records"}, false},
      {"wal_fpi", {"wal_fpi"}, false},
      {"wal_bytes", {"wal_bytes"}, false},
  };
  return sources;
}

}  // namespace

StepReport capture_statements(StepContext& ctx) {
  PgResult ext = ctx.conn.exec(
      "SELECT n.nspname, e.extversion,"
      " (SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_class v"
      "  JOIN pg_attribute a ON a.attrelid = v.oid AND a.attnum > 0 AND NOT a.attisdropped"
      "  WHERE v.relnamespace = n.oid AND v.relname = 'pg_stat_statements') AS view_columns "
      "FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements'");
  if (ext.rows() == 0) throw StepSkipped("pg_stat_statements is not installed in this database");
  const RowReader ext_row(ext, 0);
  const std::string schema = ext_row.text("nspname");
  const std::vector<std::string> view_columns = ext_row.text_array("view_columns");
  if (view_columns.empty())
    throw std::runtime_error("pg_stat_statements " + ext_row.text("extversion") + " is installed in schema " +
                             sdk::sql::quote_ident(schema) + " but its view pg_stat_statements is missing");
  auto has = [&](const char* name) {
    return std::find(view_columns.begin(), view_columns.end(), name) != view_columns.end();
  };

  std::string select;
  for (const auto& f : field_sources()) {
    const char* source = nullptr;
    for (const char* c : f.candidates)
      if (has(c)) {
        source = c;
        break;
      }
    if (!source && f.required)
      throw std::runtime_error("pg_stat_statements " + ext_row.text("extversion") + " has no column " +
                               f.candidates.front());
    if (!select.empty()) select += ", ";
    select += source ? "s." + sdk::sql::quote_ident(source) : std::string("NULL");
    select += " AS " + sdk::sql::quote_ident(f.alias);
  }
  PgResult r = ctx.conn.exec(
      "SELECT " + select + " FROM " + sdk::sql::qualified_name(schema, "pg_stat_statements") +
      " s WHERE s.dbid = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database()) "
      "ORDER BY s.queryid, s.userid" + (has("toplevel") ? ", s.toplevel" : ""));

  std::vector<sdk::Statement> statements;
  statements.reserve(static_cast<std::size_t>(r.rows()));
  int hidden = 0;
  for (int i = 0; i < r.rows(); ++i) {
    const RowReader row(r, i);
    // Other roles' entries without pg_read_all_stats: queryid and query hidden. Left out rather
    // than stored with a made-up id.
    if (!row.opt_int64("queryid")) {
      ++hidden;
      continue;
    }
    // The capture's own statements (earlier steps of this capture, and identical ones of earlier
    // captures) are dbopt's load, not the workload being audited: left out without a note.
    if (const auto text = row.opt_text("query"); text && ctx.conn.has_sent(*text)) continue;
    sdk::Statement s;
    s.queryid = row.int64("queryid");
    s.userid = row.oid("userid");
    s.dbid = row.oid("dbid");
    s.toplevel = row.opt_boolean("toplevel");
    s.query = row.opt_text("query").value_or("");
    s.calls = row.int64("calls");
    s.total_exec_time = row.dbl("total_exec_time");
    s.mean_exec_time = row.dbl("mean_exec_time");
    s.min_exec_time = row.dbl("min_exec_time");
    s.max_exec_time = row.dbl("max_exec_time");
    s.stddev_exec_time = row.dbl("stddev_exec_time");
    s.total_plan_time = row.opt_double("total_plan_time");
    s.rows = row.int64("rows");
    s.shared_blks_hit = row.int64("shared_blks_hit");
    s.shared_blks_read = row.int64("shared_blks_read");
    s.shared_blks_dirtied = row.int64("shared_blks_dirtied");
    s.shared_blks_written = row.int64("shared_blks_written");
    s.local_blks_hit = row.int64("local_blks_hit");
    s.local_blks_read = row.int64("local_blks_read");
    s.temp_blks_read = row.int64("temp_blks_read");
    s.temp_blks_written = row.int64("temp_blks_written");
    s.blk_read_time = row.opt_double("blk_read_time");
    s.blk_write_time = row.opt_double("blk_write_time");
    s.wal_records = row.opt_int64("wal_records");
    s.wal_fpi = row.opt_int64("wal_fpi");
    s.wal_bytes = row.opt_int64("wal_bytes");
    statements.push_back(std::move(s));
  }
  ctx.snapshot.statements = std::move(statements);
  StepReport report{static_cast<std::int64_t>(ctx.snapshot.statements->size()), std::nullopt};
  if (hidden > 0)
    report.note = std::to_string(hidden) +
                  " entries of other roles left out: their queryid and text are hidden from this role "
                  "(grant pg_read_all_stats to see them)";
  return report;
}

}  // namespace dbopt::engine::capture_detail

#include "StorageStrategyCheck.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "ColumnReads.hpp"
#include "ColumnSampleProbe.hpp"
#include "Evidence.hpp"
#include "ToastLimits.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::toast_whisperer {

namespace sql = sdk::sql;
namespace md = sdk::md;

namespace {

/// Fewer non-null sampled values than this say nothing about a column. dbopt choice.
constexpr std::int64_t kMinSampledValues = 20;

}  // namespace

sdk::CheckInfo StorageStrategyCheck::info() { return {kId, "Hot column stored out of line", "DB-OPT-03"}; }

std::vector<sdk::OptionSpec> StorageStrategyCheck::options() {
  return {
      {"storage-min-calls", sdk::OptionType::Integer, "1000",
       "storage-strategy: calls (pg_stat_statements.calls) of the statements referencing the column needed before "
       "STORAGE MAIN is suggested, count; dbopt choice",
       1.0, std::nullopt},
      {"storage-min-call-share", sdk::OptionType::Double, "0.5",
       "storage-strategy: share of the calls of all statements on the table that must reference the column (ratio); "
       "dbopt choice: below it, keeping the values inline slows the other statements more than it helps",
       0.0, 1.0},
      {"storage-min-out-of-line-share", sdk::OptionType::Double, "0.5",
       "storage-strategy: share of the sampled non-null values that must be stored out of line (ratio); dbopt choice",
       0.0, 1.0},
      {"storage-main-max-bytes", sdk::OptionType::Bytes, "4000",
       "storage-strategy: largest average stored size of the out-of-line values for which MAIN is suggested, bytes; "
       "dbopt choice: about half a page, so at least two rows still fit in one 8 kB heap page (MAIN only keeps a "
       "value inline while the row fits TOAST_TUPLE_TARGET_MAIN, 8160 bytes)",
       0.0, std::nullopt},
  };
}

void StorageStrategyCheck::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  if (!catalog.has_statements()) {
    sink.log("storage-strategy: skipped: pg_stat_statements was not captured, so how often columns are read is unknown");
    return;
  }
  const std::int64_t min_calls = options.integer("storage-min-calls");
  const double min_share = options.number("storage-min-call-share");
  const double min_ool_share = options.number("storage-min-out-of-line-share");
  const std::int64_t max_bytes = options.bytes("storage-main-max-bytes");
  const std::int64_t target_main = toast_tuple_target_main(catalog.block_size());

  for (const sdk::Table& t : catalog.tables()) {
    if (t.relkind != 'r' || !t.reltoastrelid || !t.statio) continue;
    const std::int64_t toast_reads = t.statio->toast_blks_hit.value_or(0) + t.statio->toast_blks_read.value_or(0);
    if (toast_reads <= 0) continue;
    bool has_candidate = false;
    for (const sdk::Column* c : catalog.columns_of(t.oid)) has_candidate |= is_toastable(*c) && c->attstorage == 'x';
    if (!has_candidate) continue;
    const ColumnReads reads = column_reads(catalog, t.oid);
    if (reads.table_calls <= 0) continue;
    std::optional<TableSample> sample;
    bool sample_read = false;

    for (const sdk::Column* c : catalog.columns_of(t.oid)) {
      if (!is_toastable(*c) || c->attstorage != 'x') continue;
      auto it = reads.column_calls.find(c->attname);
      if (it == reads.column_calls.end()) continue;
      const std::int64_t calls = it->second;
      const double share = static_cast<double>(calls) / static_cast<double>(reads.table_calls);
      if (calls < min_calls || share < min_share) continue;
      if (!sample_read) {
        sample = read_table_sample(catalog, t, sink);
        sample_read = true;
      }
      if (!sample) break;
      const ColumnSample* s = sample->column(c->attnum);
      if (!s || s->non_null < kMinSampledValues || s->out_of_line == 0) continue;
      const double ool_share = static_cast<double>(s->out_of_line) / static_cast<double>(s->non_null);
      const std::int64_t avg_ool = s->out_of_line_stored_bytes / s->out_of_line;
      if (ool_share < min_ool_share || avg_ool > max_bytes) continue;

      const std::string tname = sql::qualified_name(t.schemaname, t.relname);
      const std::string cname = sql::quote_ident(c->attname);
      const double rows = std::max(t.reltuples.value_or(static_cast<double>(s->sampled_rows)), 0.0);
      const double moved_bytes = static_cast<double>(s->out_of_line_stored_bytes) / static_cast<double>(s->sampled_rows) * rows;

      sdk::Finding f;
      f.check_id = kId;
      f.story = "DB-OPT-03";
      f.title = "Keep " + tname + "." + cname + " inline (STORAGE MAIN): " + sql::format_percent(ool_share, 0) +
                " of its values are out of line and " + sql::format_percent(share, 0) + " of the table's calls use it";
      std::string d;
      d += "Statements that reference " + md::escape(cname) + " (WHERE, JOIN, ORDER BY or GROUP BY) ran " +
           md::escape(sql::format_count(calls)) + " times, " + md::escape(sql::format_percent(share, 0)) +
           " of the calls of all statements on " + md::escape(tname) + " (pg\\_stat\\_statements). In the capture sample, " +
           md::escape(sql::format_count(s->out_of_line)) + " of " + md::escape(sql::format_count(s->non_null)) +
           " values are stored out of line in the TOAST relation, " + md::escape(sql::format_bytes(avg_ool)) +
           " each on average as stored (already compressed).\n\n";
      d += "Each evaluation of such a value is a secondary lookup: a TOAST index scan by chunk\\_id, a heap fetch per "
           "~2 kB chunk, then decompression — invisible in EXPLAIN (technical reference 6.1); the table's TOAST "
           "relation had " +
           md::escape(sql::format_count(toast_reads)) +
           " block reads (pg\\_statio\\_user\\_tables.toast\\_blks\\_hit + toast\\_blks\\_read). STORAGE MAIN still "
           "compresses the value but keeps it in the heap row as long as the row fits " +
           md::escape(sql::format_count(target_main)) +
           " bytes (TOAST\\_TUPLE\\_TARGET\\_MAIN), so a read costs no extra lookup (seed 003\\_…, physical view "
           "\"TOAST Strategy\": frequently accessed columns use STORAGE MAIN).\n\n";
      d += "The price: the heap grows by about " + md::escape(sql::format_bytes(static_cast<std::int64_t>(moved_bytes))) +
           " (the out-of-line bytes, extrapolated to reltuples), so fewer rows fit in a page and every scan that does "
           "not need this column reads more pages. That is why it is suggested only when most calls on the table use "
           "the column; large columns that are rarely read are better left out of line (EXTENDED or EXTERNAL), where "
           "they keep the heap narrow.\n\n";
      d += "Only rows written from now on follow the new strategy. VACUUM FULL (or CLUSTER) rewrites existing rows "
           "with it (verified on PostgreSQL 15: the values come back inline), under an ACCESS EXCLUSIVE lock for the "
           "whole rewrite.\n";
      f.detail = d;
      f.object = {"column", t.schemaname, t.relname, c->attname, std::nullopt};
      f.evidence = {metric("column_calls", static_cast<double>(calls), "count"),
                    metric("table_calls", static_cast<double>(reads.table_calls), "count"),
                    metric("call_share", share, "ratio"),
                    metric("sampled_values", static_cast<double>(s->non_null), "count"),
                    metric("out_of_line", static_cast<double>(s->out_of_line), "count"),
                    metric("out_of_line_stored_bytes_avg", static_cast<double>(avg_ool), "bytes"),
                    metric("toast_blks_read_and_hit", static_cast<double>(toast_reads), "pages"),
                    metric("heap_growth_estimate", moved_bytes, "bytes"),
                    text_metric("attstorage", storage_keyword(c->attstorage))};
      f.impact.affected_queryids = reads.column_queryids.at(c->attname);
      const double total = catalog.total_exec_time();
      double affected_time = 0;
      for (const sdk::Statement& st : catalog.statements())
        for (std::int64_t q : f.impact.affected_queryids)
          if (st.queryid == q) affected_time += st.total_exec_time;
      if (total > 0) f.impact.time_share = affected_time / total;
      f.impact.summary = "no TOAST lookup when " + cname + " is read by the " + sql::format_count(calls) +
                         " calls that use it; the heap grows by about " +
                         sql::format_bytes(static_cast<std::int64_t>(moved_bytes));
      f.severity = sdk::Severity::Low;
      f.confidence = sdk::Confidence::Heuristic;
      f.risk = {sdk::RiskLevel::Medium,
                "SET STORAGE changes the catalog only but takes an ACCESS EXCLUSIVE lock for that instant; existing "
                "rows change only when rewritten (VACUUM FULL: ACCESS EXCLUSIVE lock for the whole rewrite); a wider "
                "heap slows scans that do not need the column"};
      sdk::Script script;
      script.category = sdk::ScriptCategory::Schema;
      script.apply = "ALTER TABLE " + tname + " ALTER COLUMN " + cname + " SET STORAGE MAIN;";
      script.rollback = "ALTER TABLE " + tname + " ALTER COLUMN " + cname + " SET STORAGE EXTENDED;";
      f.script = script;
      sink.add(f);
    }
  }
}

}  // namespace dbopt::plugins::toast_whisperer

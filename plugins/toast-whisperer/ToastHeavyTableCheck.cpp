#include "ToastHeavyTableCheck.hpp"

#include <algorithm>
#include <cstdio>

#include "ColumnSampleProbe.hpp"
#include "Evidence.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::toast_whisperer {

namespace sql = sdk::sql;
namespace md = sdk::md;

namespace {

/// TOAST blocks read (hit + read, pg_statio_user_tables) at least this share of heap blocks read
/// make the finding Medium: the secondary lookup is actually paid. dbopt choice.
constexpr double kHotToastReadShare = 0.10;

struct Responsible {
  const sdk::Column* column;
  const ColumnSample* sample;
  double out_of_line_bytes;  ///< extrapolated to reltuples
};

}  // namespace

sdk::CheckInfo ToastHeavyTableCheck::info() { return {kId, "TOAST relation above the threshold", "DB-OPT-03"}; }

std::vector<sdk::OptionSpec> ToastHeavyTableCheck::options() {
  return {
      {"toast-ratio", sdk::OptionType::Double, "0.10",
       "toast-heavy-table: TOAST size / heap size above which a table is reported (ratio); seed 003_…, DB-OPT-03: "
       "toast table > 10 % of main table (the seed's monitor_toast_usage.py alerts at 0.15)",
       0.0, std::nullopt},
      {"toast-min-bytes", sdk::OptionType::Bytes, "1MB",
       "toast-heavy-table: smallest TOAST relation reported, bytes; dbopt choice: below it the secondary lookups "
       "stay in shared_buffers and the ratio of a tiny table is noise",
       0.0, std::nullopt},
  };
}

void ToastHeavyTableCheck::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  const double ratio_threshold = options.number("toast-ratio");
  const std::int64_t min_bytes = options.bytes("toast-min-bytes");
  for (const sdk::Table& t : catalog.tables()) {
    // heap_bytes 0: no ratio to compare (cannot happen for a table with rows).
    if (!t.reltoastrelid || t.toast_bytes < min_bytes || t.toast_bytes <= 0 || t.heap_bytes <= 0) continue;
    const double ratio = static_cast<double>(t.toast_bytes) / static_cast<double>(t.heap_bytes);
    if (ratio <= ratio_threshold) continue;

    const std::string tname = sql::qualified_name(t.schemaname, t.relname);
    const auto sample = read_table_sample(catalog, t, sink);
    std::vector<Responsible> responsible;
    if (sample) {
      for (const ColumnSample& s : sample->columns) {
        if (s.out_of_line == 0 || s.sampled_rows == 0) continue;
        const double rows = t.reltuples.value_or(static_cast<double>(s.sampled_rows));
        responsible.push_back({catalog.column(t.oid, s.attnum), &s,
                               static_cast<double>(s.out_of_line_stored_bytes) / static_cast<double>(s.sampled_rows) *
                                   std::max(rows, 0.0)});
      }
      std::stable_sort(responsible.begin(), responsible.end(),
                       [](const Responsible& a, const Responsible& b) { return a.out_of_line_bytes > b.out_of_line_bytes; });
    }

    const sdk::TableIo io = t.statio.value_or(sdk::TableIo{});
    const std::int64_t heap_reads = io.heap_blks_hit + io.heap_blks_read;
    const std::int64_t toast_reads = io.toast_blks_hit.value_or(0) + io.toast_blks_read.value_or(0);
    const bool hot = heap_reads > 0 && static_cast<double>(toast_reads) >= kHotToastReadShare * static_cast<double>(heap_reads);

    sdk::Finding f;
    f.check_id = kId;
    f.story = "DB-OPT-03";
    // Past twice the heap a multiple reads better than "6366.7 %".
    const std::string size_vs_heap = ratio >= 2 ? sql::format_speedup(ratio) + " the size of its heap"
                                                : sql::format_percent(ratio) + " of the table";
    f.title = "TOAST of " + tname + " is " + size_vs_heap + " (" + sql::format_bytes(t.toast_bytes) + " TOAST, " +
              sql::format_bytes(t.heap_bytes) + " heap)";
    std::string d;
    d += "The TOAST relation of " + md::escape(tname) + " holds " + md::escape(sql::format_bytes(t.toast_bytes)) +
         " (pg\\_total\\_relation\\_size(reltoastrelid), TOAST heap and its index) against " +
         md::escape(sql::format_bytes(t.heap_bytes)) + " of heap: " + md::escape(sql::format_percent(ratio)) + ", above the " +
         md::escape(sql::format_percent(ratio_threshold)) + " threshold (seed 003\\_…, DB-OPT-03: 10 %; its monitoring script " +
         "alerts at 15 %).\n\n";
    d += "Every query that reads one of these values does a secondary lookup: an index scan of the TOAST "
         "relation by chunk\\_id, then one heap fetch per chunk of at most ~2 kB, then decompression "
         "(technical reference 6.1). EXPLAIN does not show it; pg\\_statio\\_user\\_tables does: " +
         md::escape(sql::format_count(toast_reads)) + " TOAST blocks read (hit + read) against " +
         md::escape(sql::format_count(heap_reads)) + " heap blocks.\n\n";
    if (!sample) {
      d += "The columns responsible are unknown: the capture sample of this table is missing or failed (see the run "
           "log).\n";
    } else if (responsible.empty()) {
      d += "The capture sample (" + md::escape(sql::format_count(sample->columns.empty() ? 0 : sample->columns[0].sampled_rows)) +
           " rows) found no value stored out of line by the size rule: the TOAST bytes may come from rows the sample "
           "missed, or from values small enough to pass the rule (see README.md, out-of-line detection).\n";
    } else {
      d += "Columns responsible, from a sample of " + md::escape(sql::format_count(responsible[0].sample->sampled_rows)) +
           " rows (out-of-line values, their stored size extrapolated to reltuples):\n\n";
      d += "| column | values out of line | avg stored size | est. out-of-line bytes | compression |\n|---|---|---|---|---|\n";
      for (const Responsible& r : responsible) {
        const ColumnSample& s = *r.sample;
        const std::int64_t avg = s.out_of_line ? s.out_of_line_stored_bytes / s.out_of_line : 0;
        std::string compression = "unknown (PG13 or older)";
        if (s.pglz && s.lz4)
          compression = sql::format_count(*s.pglz) + " pglz, " + sql::format_count(*s.lz4) + " lz4, " +
                        sql::format_count(s.non_null - *s.pglz - *s.lz4) + " uncompressed";
        d += "| " + md::escape(r.column ? r.column->attname : "attnum " + std::to_string(s.attnum)) + " | " +
             md::escape(sql::format_count(s.out_of_line) + " of " + sql::format_count(s.non_null)) + " | " +
             md::escape(sql::format_bytes(avg)) + " | " +
             md::escape(sql::format_bytes(static_cast<std::int64_t>(r.out_of_line_bytes))) + " | " +
             md::escape(compression) + " |\n";
      }
      d += "\n";
    }
    d += "What to do depends on how the column is read: see the toast-whisperer/pglz-compression and "
         "toast-whisperer/storage-strategy findings for this table, if any. A large TOAST relation that is rarely "
         "read costs disk, not latency.\n";
    f.detail = d;
    f.object = {"table", t.schemaname, t.relname, std::nullopt, std::nullopt};
    f.evidence = {metric("toast_bytes", static_cast<double>(t.toast_bytes), "bytes"),
                  metric("heap_bytes", static_cast<double>(t.heap_bytes), "bytes"),
                  metric("toast_ratio", ratio, "ratio"),
                  metric("toast_ratio_threshold", ratio_threshold, "ratio"),
                  metric("toast_blks_read_and_hit", static_cast<double>(toast_reads), "pages"),
                  metric("heap_blks_read_and_hit", static_cast<double>(heap_reads), "pages")};
    if (!responsible.empty()) {
      std::string names;
      double total = 0;
      for (const Responsible& r : responsible) {
        if (!names.empty()) names += ", ";
        names += r.column ? sql::quote_ident(r.column->attname) : "attnum " + std::to_string(r.sample->attnum);
        total += r.out_of_line_bytes;
      }
      f.evidence.push_back(text_metric("columns_responsible", names));
      f.evidence.push_back(metric("out_of_line_bytes_estimate", total, "bytes"));
      f.evidence.push_back(metric("sampled_rows", static_cast<double>(responsible[0].sample->sampled_rows), "rows"));
    }
    f.impact.summary = "TOAST holds " + sql::format_bytes(t.toast_bytes) + " (" + sql::format_percent(ratio) +
                       " of the heap); every read of its values costs a secondary index lookup and chunk fetches";
    f.severity = hot ? sdk::Severity::Medium : sdk::Severity::Low;
    f.confidence = sample ? sdk::Confidence::Measured : sdk::Confidence::Modeled;
    f.risk = {sdk::RiskLevel::Low, "observation only: no script"};
    sink.add(f);
  }
}

}  // namespace dbopt::plugins::toast_whisperer

#include "TableBloatCheck.hpp"

#include <algorithm>

#include "Evidence.hpp"
#include "HeapSizeModel.hpp"
#include "TableFacts.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::table_stats {

namespace sql = sdk::sql;

namespace {
/// Bloat ratio from which the severity is medium rather than low: half the heap is waste.
constexpr double kMediumSeverityRatio = 0.5;

/// `text` as one POSIX shell word: single-quoted, embedded ' written as '\''.
std::string shell_quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'')
      out += "'\\''";
    else
      out.push_back(c);
  }
  return out + "'";
}

bool has_extension(const sdk::Catalog& catalog, std::string_view name) {
  const auto& ext = catalog.snapshot().extensions;
  return std::any_of(ext.begin(), ext.end(), [&](const sdk::Extension& e) { return e.extname == name; });
}
}  // namespace

sdk::CheckInfo TableBloatCheck::info() { return {kId, "Bloated table (heap)", "DB-OPT-12"}; }

std::vector<sdk::OptionSpec> TableBloatCheck::options() {
  return {
      {"table-bloat-min-ratio", sdk::OptionType::Double, "0.20",
       "table-bloat: smallest estimated bloat reported, fraction of relpages, 0..1; source: seed 003_…, DB-OPT-12 "
       "(\"no table bloat > 20 %\")",
       0.0, 1.0},
      {"table-bloat-min-bytes", sdk::OptionType::Bytes, "10MB",
       "table-bloat: smallest estimated bloat reported, bytes; dbopt choice: below 10 MB a rewrite under ACCESS "
       "EXCLUSIVE is not worth its lock",
       0.0, std::nullopt},
  };
}

void TableBloatCheck::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  const double min_ratio = options.number("table-bloat-min-ratio");
  const std::int64_t min_bytes = options.bytes("table-bloat-min-bytes");
  const std::int64_t block_size = catalog.block_size();
  const bool repack = has_extension(catalog, "pg_repack");
  std::size_t skipped = 0;

  for (const sdk::Table& table : catalog.tables()) {
    if ((table.relkind != 'r' && table.relkind != 'm') || table.relpages <= 0) continue;
    std::string why;
    const auto est = estimate_heap(catalog, table, why);
    const std::string name = sql::qualified_name(table.schemaname, table.relname);
    if (!est) {
      // Only worth a log line when the table is big enough to matter.
      if (table.relpages * block_size >= min_bytes) {
        ++skipped;
        sink.log("table-bloat: " + name + " not estimated: " + why);
      }
      continue;
    }
    const double bloat_pages = static_cast<double>(table.relpages) - est->expected_pages;
    if (bloat_pages <= 0) continue;
    const double ratio = bloat_pages / static_cast<double>(table.relpages);
    const auto bloat_bytes = static_cast<std::int64_t>(bloat_pages * static_cast<double>(block_size));
    if (ratio < min_ratio || bloat_bytes < min_bytes) continue;
    const auto expected_bytes = static_cast<std::int64_t>(est->expected_pages * static_cast<double>(block_size));

    sdk::Finding f;
    f.check_id = kId;
    f.story = "DB-OPT-12";
    f.title = "Bloated table " + name + " (~" + format_percent(ratio) + ", " + sql::format_bytes(bloat_bytes) + ")";
    std::string d =
        "Table " + sdk::md::escape(name) + " has " + sdk::md::escape(sql::format_count(table.relpages)) +
        " pages (pg\\_class.relpages, " + sdk::md::escape(sql::format_bytes(table.relpages * block_size)) +
        ") where its " + sdk::md::escape(sql::format_count(static_cast<std::int64_t>(*table.reltuples))) +
        " rows (pg\\_class.reltuples) would fill about " +
        sdk::md::escape(sql::format_count(static_cast<std::int64_t>(est->expected_pages))) +
        " pages if rewritten: an estimated " + sdk::md::escape(sql::format_bytes(bloat_bytes)) + " (" +
        sdk::md::escape(format_percent(ratio)) +
        ") of free space left by deletes and updates. VACUUM makes that space reusable but returns it to the "
        "operating system only at the end of the file; sequential scans still read every page.\n\n";
    d += "Estimate (ioguix's pgsql-bloat-estimation table query, as in postgres-checkup F004): row of " +
         sdk::md::escape(sql::format_count(static_cast<std::int64_t>(est->tuple_bytes))) +
         " bytes = " + sdk::md::escape(sql::format_count(static_cast<std::int64_t>(est->header_bytes))) +
         " bytes of tuple header (23 + null bitmap, MAXALIGNed) + " +
         sdk::md::escape(sql::format_count(static_cast<std::int64_t>(est->data_bytes))) +
         " bytes of data (Σ (1 − null\\_frac) × avg\\_width from pg\\_stats, fixed-width columns aligned, "
         "MAXALIGNed) + a 4-byte line pointer; " +
         sdk::md::escape(sql::format_count(static_cast<std::int64_t>(est->tuples_per_page))) + " rows per " +
         sdk::md::escape(sql::format_count(block_size)) + "-byte page (24-byte page header, fillfactor " +
         sdk::md::escape(std::to_string(est->fillfactor)) +
         "). Accuracy depends on how fresh reltuples and avg\\_width are (last ANALYZE); TOAST is not counted.\n\n";
    if (repack) {
      d += "The pg\\_repack extension is installed: rebuild online with the pg\\_repack client (it holds ACCESS "
           "EXCLUSIVE only briefly at the start and the end, needs a primary key or a unique NOT NULL index, and "
           "free disk for a full copy of the table and its indexes):\n\n" +
           sdk::md::code_block("pg_repack --dbname=" + shell_quote(catalog.snapshot().server.database) +
                                   " --table=" + shell_quote(name),
                               "sh") +
           "\n\nNo SQL script is proposed: VACUUM FULL would lock the table for the whole rewrite.";
    } else {
      d += "The script runs VACUUM FULL, which rewrites the table and all its indexes under ACCESS EXCLUSIVE: no "
           "reads or writes for the whole rewrite, and free disk for the new copy (about " +
           sdk::md::escape(sql::format_bytes(expected_bytes + table.indexes_bytes)) +
           " with indexes). Run it in a maintenance window, or install pg\\_repack to rebuild online.";
    }
    f.detail = d;
    f.object = table_ref(table);
    f.evidence = {metric("relpages", static_cast<double>(table.relpages), "pages"),
                  metric("expected_pages", est->expected_pages, "pages"),
                  metric("bloat_bytes", static_cast<double>(bloat_bytes), "bytes"),
                  metric("bloat_ratio", ratio, "ratio"),
                  metric("reltuples", *table.reltuples, "rows"),
                  metric("tuple_bytes", est->tuple_bytes, "bytes"),
                  metric("fillfactor", est->fillfactor, "percent"),
                  metric("heap_bytes", static_cast<double>(table.heap_bytes), "bytes")};
    f.impact.storage_delta_bytes = -bloat_bytes;
    f.impact.summary = std::string(repack ? "pg_repack" : "VACUUM FULL") + " reclaims about " +
                       sql::format_bytes(bloat_bytes) + " (" + format_percent(ratio) + " of the heap)";
    f.severity = ratio >= kMediumSeverityRatio ? sdk::Severity::Medium : sdk::Severity::Low;
    f.confidence = sdk::Confidence::Modeled;
    if (repack) {
      f.risk = {sdk::RiskLevel::Medium,
                "pg_repack copies the table online and takes ACCESS EXCLUSIVE briefly to swap it in; it needs disk "
                "for a full copy and a primary key or unique NOT NULL index"};
    } else {
      f.risk = {sdk::RiskLevel::High,
                "VACUUM FULL holds ACCESS EXCLUSIVE on the table for the whole rewrite (blocks every read and "
                "write), rebuilds every index and needs free disk for the new copy"};
      f.script = sdk::Script{sdk::ScriptCategory::Vacuum, "VACUUM (FULL, ANALYZE) " + name + ";",
                             "-- VACUUM FULL rewrites the same rows into a compact file: it changes no schema and no "
                             "data, there is nothing to undo (the old file cannot be restored)",
                             false};
    }
    sink.add(f);
  }
  if (skipped) sink.log("table-bloat: " + std::to_string(skipped) + " table(s) could not be estimated");
}

}  // namespace dbopt::plugins::table_stats

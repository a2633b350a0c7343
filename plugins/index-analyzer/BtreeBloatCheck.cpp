#include "BtreeBloatCheck.hpp"

#include <algorithm>
#include <cstdio>

#include "BtreeSizeModel.hpp"
#include "Evidence.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::index_analyzer {

namespace sql = sdk::sql;

namespace {
/// REINDEX … CONCURRENTLY exists from PostgreSQL 12 (sql-reindex.html).
constexpr int kReindexConcurrentlySince = 120000;
/// Bloat ratio from which the severity is medium rather than low: half the index is waste.
constexpr double kMediumSeverityRatio = 0.5;
/// Index size from which a concurrent rebuild is a medium risk (disk for a second copy, long build).
constexpr std::int64_t kMediumRiskBytes = 1LL << 30;

}  // namespace

sdk::CheckInfo BtreeBloatCheck::info() { return {kId, "Bloated btree index", ""}; }

std::vector<sdk::OptionSpec> BtreeBloatCheck::options() {
  return {
      {"bloat-min-ratio", sdk::OptionType::Double, "0.30",
       "btree-bloat: smallest estimated bloat reported, as a fraction of relpages, 0..1; dbopt choice: the "
       "estimate's error from avg_width and deduplication is of the order of 20 %, so below 30 % bloat cannot be "
       "told from estimation noise",
       0.0, 1.0},
      {"bloat-min-bytes", sdk::OptionType::Bytes, "1MB",
       "btree-bloat: smallest estimated bloat reported, bytes; dbopt choice: below 128 pages a rebuild gains "
       "nothing measurable",
       0.0, std::nullopt},
  };
}

void BtreeBloatCheck::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  const double min_ratio = options.number("bloat-min-ratio");
  const std::int64_t min_bytes = options.bytes("bloat-min-bytes");
  const std::int64_t block_size = catalog.block_size();
  const bool concurrently = catalog.snapshot().server.server_version_num >= kReindexConcurrentlySince;
  std::size_t skipped = 0;

  for (const sdk::Index& index : catalog.indexes()) {
    if (index.amname != "btree" || !index.indisvalid || index.relpages <= 0) continue;
    const sdk::Table* table = catalog.table(index.table_oid);
    if (!table || table->relkind == 'p') continue;
    if (!index.reltuples || *index.reltuples < 0) continue;
    std::vector<int> attnums;
    for (const auto& k : index.keys) attnums.push_back(k.attnum);
    for (const auto& k : index.include) attnums.push_back(k.attnum);
    std::string why;
    auto widths = key_widths(catalog, index.table_oid, attnums, why);
    if (!widths) {
      ++skipped;
      sink.log("btree-bloat: " + sql::qualified_name(index.schemaname, index.relname) + " not estimated: " + why);
      continue;
    }
    const int fillfactor = fillfactor_of(index.reloptions, kBtreeDefaultFillfactor);
    double tuple_bytes = btree_tuple_bytes(*widths);
    if (index.predicate) {
      // pg_stats.null_frac is the table's: a partial index (e.g. WHERE col IS NOT NULL) may hold
      // no NULLs at all, and modeling them would shrink the expected size and inflate the bloat.
      std::vector<KeyWidth> no_nulls = *widths;
      for (auto& w : no_nulls) w.null_frac = 0;
      tuple_bytes = std::max(tuple_bytes, btree_tuple_bytes(no_nulls));
    }
    const double expected_pages = btree_expected_pages(*index.reltuples, tuple_bytes, fillfactor, block_size);
    const double bloat_pages = static_cast<double>(index.relpages) - expected_pages;
    if (bloat_pages <= 0) continue;
    const double ratio = bloat_pages / static_cast<double>(index.relpages);
    const auto bloat_bytes = static_cast<std::int64_t>(bloat_pages * static_cast<double>(block_size));
    if (ratio < min_ratio || bloat_bytes < min_bytes) continue;

    const std::string iname = sql::qualified_name(index.schemaname, index.relname);
    const std::string tname = sql::qualified_name(table->schemaname, table->relname);
    sdk::Finding f;
    f.check_id = kId;
    f.title = "Bloated index " + iname + " on " + tname + " (~" + sql::format_percent(ratio) + ", " +
              sql::format_bytes(bloat_bytes) + ")";
    std::string d;
    d += "Index " + sdk::md::escape(iname) + " has " + sdk::md::escape(sql::format_count(index.relpages)) +
         " pages (pg\\_class.relpages) where a fresh build of its " +
         sdk::md::escape(sql::format_count(static_cast<std::int64_t>(*index.reltuples))) + " tuples (pg\\_class.reltuples) "
         "would take about " + sdk::md::escape(sql::format_count(static_cast<std::int64_t>(expected_pages))) +
         ": an estimated " + sdk::md::escape(sql::format_bytes(bloat_bytes)) + " (" + sdk::md::escape(sql::format_percent(ratio)) +
         ") of empty or sparse pages left by deletes and updates. Bloat makes every range scan read more pages and "
         "keeps more pages in shared\\_buffers.\n\n";
    d += "Estimate (ioguix's pgsql-bloat-estimation btree query): leaf tuple of " +
         sdk::md::escape(sql::format_count(static_cast<std::int64_t>(tuple_bytes))) +
         " bytes (8-byte header, null bitmap when a column has nulls, key widths from pg\\_stats.avg\\_width, each "
         "padded to 8) + a 4-byte line pointer, on pages of " + sdk::md::escape(sql::format_count(block_size)) +
         " bytes minus 40 bytes of header and btree special space, filled to fillfactor " +
         sdk::md::escape(std::to_string(fillfactor)) +
         ", plus the metapage. Internal pages and btree deduplication (PostgreSQL 13+) are ignored: "
         "deduplicated indexes on repetitive keys are smaller than estimated, so their bloat is under-reported, "
         "never over-reported.\n";
    if (!concurrently)
      d += "\nThis server is older than PostgreSQL 12: REINDEX has no CONCURRENTLY option and locks out writes; "
           "no script is proposed (pg\\_repack can rebuild online).\n";
    if (index.indisexclusion)
      d += "\nREINDEX CONCURRENTLY does not support exclusion-constraint indexes; no script is proposed.\n";
    f.detail = d;
    f.object = {"index", index.schemaname, index.relname, std::nullopt, std::nullopt};
    f.evidence = {metric("relpages", static_cast<double>(index.relpages), "pages"),
                  metric("expected_pages", expected_pages, "pages"),
                  metric("bloat_bytes", static_cast<double>(bloat_bytes), "bytes"),
                  metric("bloat_ratio", ratio, "ratio"),
                  metric("reltuples", *index.reltuples, "rows"),
                  metric("tuple_bytes", tuple_bytes, "bytes"),
                  metric("fillfactor", fillfactor, "percent")};
    f.impact.storage_delta_bytes = -bloat_bytes;
    f.impact.summary = "REINDEX reclaims about " + sql::format_bytes(bloat_bytes) + " (" + sql::format_percent(ratio) +
                       " of the index)";
    f.severity = ratio >= kMediumSeverityRatio ? sdk::Severity::Medium : sdk::Severity::Low;
    f.confidence = sdk::Confidence::Modeled;
    f.risk = {index.size_bytes >= kMediumRiskBytes ? sdk::RiskLevel::Medium : sdk::RiskLevel::Low,
              "REINDEX INDEX CONCURRENTLY builds a new copy beside the old one (free disk for one more copy, about " +
                  sql::format_bytes(static_cast<std::int64_t>(expected_pages * static_cast<double>(block_size))) +
                  "), takes SHARE UPDATE EXCLUSIVE (blocks VACUUM and DDL, not reads or writes) and waits for running "
                  "transactions; a failure leaves an invalid _ccnew index to drop"};
    if (concurrently && !index.indisexclusion)
      f.script = sdk::Script{sdk::ScriptCategory::Indexes,
                             "REINDEX INDEX CONCURRENTLY " + iname + ";",
                             "-- REINDEX has no rollback: the rebuilt index is equivalent", false};
    sink.add(f);
  }
  if (skipped) sink.log("btree-bloat: " + std::to_string(skipped) + " btree index(es) could not be estimated");
}

}  // namespace dbopt::plugins::index_analyzer

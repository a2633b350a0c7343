#include "PartitionCandidateCheck.hpp"

#include <cmath>
#include <cstdio>

#include "Evidence.hpp"
#include "TableFacts.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::table_stats {

namespace sql = sdk::sql;

namespace {
bool is_time_type(const std::string& type) { return type == "date" || type.rfind("timestamp", 0) == 0; }
}  // namespace

sdk::CheckInfo PartitionCandidateCheck::info() { return {kId, "Partition candidate (large time-series table)", ""}; }

std::vector<sdk::OptionSpec> PartitionCandidateCheck::options() {
  return {
      {"partition-min-bytes", sdk::OptionType::Bytes, "0",
       "partition-candidate: smallest table (heap + TOAST) reported, bytes; 0 = the server RAM given with "
       "--server-ram (PostgreSQL docs, ddl-partitioning.html: \"the size of the table should exceed the physical "
       "memory of the database server\"), or 64GB when RAM is unknown",
       0.0, std::nullopt},
      {"partition-min-correlation", sdk::OptionType::Double, "0.9",
       "partition-candidate: smallest |pg_stats.correlation| of the timestamp/date column, 0..1; dbopt choice: rows "
       "are stored in time order, so time ranges map to contiguous partitions",
       0.0, 1.0},
  };
}

void PartitionCandidateCheck::run(const sdk::Catalog& catalog, const sdk::Options& options,
                                  sdk::FindingSink& sink) const {
  const double min_corr = options.number("partition-min-correlation");
  std::int64_t min_bytes = options.bytes("partition-min-bytes");
  std::string threshold_source = "partition-min-bytes";
  if (min_bytes == 0) {
    const auto& ram = catalog.snapshot().hardware.ram_bytes;
    min_bytes = ram && *ram > 0 ? *ram : kFallbackMinBytes;
    threshold_source = ram && *ram > 0 ? "the server's RAM" : "the 64 GB default (server RAM unknown)";
  }
  for (const sdk::Table& t : catalog.tables()) {
    if (t.relkind != 'r' || t.relispartition) continue;
    const std::int64_t data_bytes = t.heap_bytes + t.toast_bytes;
    if (data_bytes < min_bytes) continue;
    const sdk::Column* best = nullptr;
    for (const sdk::Column* c : catalog.columns_of(t.oid)) {
      if (!is_time_type(c->type_name) || !c->stats || !c->stats->correlation) continue;
      if (std::fabs(*c->stats->correlation) < min_corr) continue;
      if (!best || std::fabs(*c->stats->correlation) > std::fabs(*best->stats->correlation)) best = c;
    }
    if (!best) continue;
    const double corr = *best->stats->correlation;
    const std::string name = sql::qualified_name(t.schemaname, t.relname);
    const std::string col = sql::quote_ident(best->attname);
    char corr_text[16];
    std::snprintf(corr_text, sizeof corr_text, "%.3f", corr);

    sdk::Finding f;
    f.check_id = kId;
    f.object = table_ref(t);
    f.title = "Table " + name + " (" + sql::format_bytes(data_bytes) + ") is a RANGE partitioning candidate on " + col;
    std::string d =
        "Table " + sdk::md::escape(name) + " holds " + sdk::md::escape(sql::format_bytes(data_bytes)) +
        " of data (heap + TOAST; " + sdk::md::escape(sql::format_bytes(t.total_bytes)) + " with indexes) and about " +
        sdk::md::escape(sql::format_count(static_cast<std::int64_t>(table_rows(t)))) + " rows, above " +
        sdk::md::escape(threshold_source) + " (" + sdk::md::escape(sql::format_bytes(min_bytes)) + "). Its column " +
        sdk::md::escape(col) + " (" + sdk::md::escape(best->type_name) + ") has pg\\_stats.correlation " +
        sdk::md::escape(corr_text) +
        ": rows are stored in time order, a time-series shape.\n\n"
        "RANGE partitioning on it lets queries with a time condition skip whole partitions (partition pruning), "
        "turns retention into `DROP`/`DETACH PARTITION` instead of a bloating DELETE, and keeps VACUUM and index "
        "maintenance per partition. Outline (no script: the partition size and the migration need a decision):\n\n"
        "1. Create a partitioned twin: " +
        code_span("CREATE TABLE … (LIKE " + name + " INCLUDING ALL) PARTITION BY RANGE (" + col + ")") +
        " — a primary key or unique constraint must include " + sdk::md::escape(col) +
        ".\n"
        "2. Create partitions per month (or per week at high volume) plus a DEFAULT partition.\n"
        "3. Move data in batches (or attach the old table as one historical partition after adding a matching "
        "CHECK constraint, validated beforehand, so ATTACH PARTITION does not scan it), then swap names in a short "
        "transaction.\n\n"
        "If the goal is only faster time-range scans, a BRIN index on " +
        sdk::md::escape(col) + " is a cheap first step at this correlation.";
    f.detail = d;
    f.evidence = {metric("data_bytes", static_cast<double>(data_bytes), "bytes"),
                  metric("total_bytes", static_cast<double>(t.total_bytes), "bytes"),
                  metric("rows", table_rows(t), "rows"),
                  metric("correlation", corr, "ratio"),
                  metric("min_bytes", static_cast<double>(min_bytes), "bytes"),
                  text_metric("partition_key", best->attname)};
    f.impact.summary = "Partition pruning and partition-level retention on " + col;
    f.severity = sdk::Severity::Info;
    f.confidence = sdk::Confidence::Heuristic;
    f.risk = {sdk::RiskLevel::High, "migrating to a partitioned table moves all data and changes keys and constraints"};
    sink.add(f);
  }
}

}  // namespace dbopt::plugins::table_stats

#include "UnusedIndexCheck.hpp"

#include <cstdio>
#include <set>

#include "Evidence.hpp"
#include "IndexScripts.hpp"
#include "IndexShape.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::index_analyzer {

namespace sql = sdk::sql;

namespace {
constexpr double kSecondsPerDay = 86400.0;

std::string format_age(double seconds) {
  if (seconds < 2 * kSecondsPerDay) return sql::format_ms(seconds * 1000.0);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f days", seconds / kSecondsPerDay);
  return buf;
}
}  // namespace

sdk::CheckInfo UnusedIndexCheck::info() { return {kId, "Unused index", ""}; }

std::vector<sdk::OptionSpec> UnusedIndexCheck::options() {
  return {
      {"min-stats-age", sdk::OptionType::Double, "7",
       "minimum age of the usage statistics (pg_stat_database.stats_reset), days, before idx_scan = 0 is "
       "believed (unused-index); dbopt choice: one weekly business cycle",
       0.0, std::nullopt},
      {"unused-min-size", sdk::OptionType::Bytes, "64kB",
       "unused-index: smallest index reported, bytes (pg_relation_size); dbopt choice: 8 pages, below which "
       "the storage and write savings are negligible (an index on a near-empty table)",
       0.0, std::nullopt},
      {"unused-high-size", sdk::OptionType::Bytes, "1GB",
       "unused-index: an unused index at least this large is reported with severity high, bytes; dbopt choice",
       0.0, std::nullopt},
  };
}

void UnusedIndexCheck::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  const auto& db = catalog.snapshot().database;
  if (!db) {
    sink.log("unused-index: skipped: the pg_stat_database row was not captured, so the age of the usage "
             "statistics is unknown");
    return;
  }
  const double min_age_seconds = options.number("min-stats-age") * kSecondsPerDay;
  const std::int64_t min_size = options.bytes("unused-min-size");
  const std::int64_t high_size = options.bytes("unused-high-size");
  const bool never_reset = !db->stats_age_seconds.has_value();
  if (!never_reset && *db->stats_age_seconds < min_age_seconds) {
    sink.log("unused-index: skipped: statistics were reset " + format_age(*db->stats_age_seconds) +
             " ago, less than min-stats-age (" + format_age(min_age_seconds) + ")");
    return;
  }
  const std::string age_text =
      never_reset ? "since the server's statistics began (never reset)" : "in the " + format_age(*db->stats_age_seconds) +
                                                                              " since statistics were reset";

  auto droppable = [&](const sdk::Index& index) {
    if (!usable(index) || index.indisunique || index.indisprimary || index.indisexclusion) return false;
    if (!index.stat || index.stat->idx_scan != 0) return false;
    return index.size_bytes >= min_size && !drop_blocker(catalog, index);
  };
  // Every index this check may propose to drop: when several of them serve one foreign key
  // (duplicates, or a prefix and its longer index), one must stay (foreign_key_keeping).
  std::set<sdk::Oid> candidates;
  for (const sdk::Index& index : catalog.indexes())
    if (droppable(index)) candidates.insert(index.oid);

  for (const sdk::Index& index : catalog.indexes()) {
    if (!candidates.count(index.oid)) continue;
    if (auto fk = foreign_key_keeping(catalog, index, candidates)) {
      // Referential checks use it only when parent rows are deleted or their key updated: zero
      // scans may just mean that has not happened yet (fk-without-index would ask for it back).
      sink.log("unused-index: " + sql::qualified_name(index.schemaname, index.relname) +
               " has no scans but is not reported: it is the index kept for foreign key " + *fk +
               " (no other index serving it is left: the only one, or the others are unused too)");
      continue;
    }
    const sdk::Table* table = catalog.table(index.table_oid);
    auto script = drop_index_script(index, *table);
    if (!script) {
      sink.log("unused-index: " + sql::qualified_name(index.schemaname, index.relname) + " not reported: " +
               std::string(kNoRollbackReason));
      continue;
    }

    const std::string iname = sql::qualified_name(index.schemaname, index.relname);
    const std::string tname = sql::qualified_name(table->schemaname, table->relname);
    const sdk::TableActivity ta = table->stat.value_or(sdk::TableActivity{});
    const std::int64_t maintaining_writes = ta.n_tup_ins + ta.n_tup_upd - ta.n_tup_hot_upd;

    sdk::Finding f;
    f.check_id = kId;
    f.title = "Unused index " + iname + " on " + tname + " (" + sql::format_bytes(index.size_bytes) +
              ", 0 scans)";
    std::string d;
    d += "Index " + sdk::md::escape(iname) + " on " + sdk::md::escape(tname) + " has not been scanned once " +
         sdk::md::escape(age_text) + " (pg\\_stat\\_user\\_indexes.idx\\_scan = 0). ";
    d += "It takes " + sdk::md::escape(sql::format_bytes(index.size_bytes)) +
         ", and every row inserted into the table and every non-HOT update adds an entry to it: " +
         sdk::md::escape(sql::format_count(maintaining_writes)) + " in the same period (n\\_tup\\_ins " +
         sdk::md::escape(sql::format_count(ta.n_tup_ins)) + " + n\\_tup\\_upd " + sdk::md::escape(sql::format_count(ta.n_tup_upd)) +
         " − n\\_tup\\_hot\\_upd " + sdk::md::escape(sql::format_count(ta.n_tup_hot_upd)) +
         "). Its dead entries are also cleaned by every VACUUM of the table (" +
         sdk::md::escape(sql::format_count(ta.n_tup_del)) + " deletes). Dropping it can let updates of its columns "
         "become HOT.\n\n";
    if (never_reset) {
      d += "The statistics of this database were never reset (pg\\_stat\\_database.stats\\_reset is null): they "
           "cover the server's whole statistics lifetime — since initdb, or since the last crash or immediate "
           "shutdown, which discard them. The snapshot cannot tell how long that is; check it is longer than "
           "your slowest cycle (monthly reports, yearly jobs).\n\n";
    } else {
      d += "Statistics age: " + sdk::md::escape(format_age(*db->stats_age_seconds)) +
           " (pg\\_stat\\_database.stats\\_reset = " + sdk::md::escape(db->stats_reset.value_or("?")) +
           "). A job that runs less often than that (a monthly report) may still need the index.\n\n";
    }
    d += "Usage statistics are per server: a standby counts its own scans. Check pg\\_stat\\_user\\_indexes on every "
         "replica before dropping.\n";
    f.detail = d;
    f.object = {"index", index.schemaname, index.relname, std::nullopt, std::nullopt};
    f.evidence = {metric("idx_scan", 0, "count"), metric("size_bytes", static_cast<double>(index.size_bytes), "bytes")};
    if (never_reset)
      f.evidence.push_back(text_metric("stats_reset", "never reset"));
    else
      f.evidence.push_back(metric("stats_age_seconds", *db->stats_age_seconds, "seconds"));
    f.evidence.push_back(metric("n_tup_ins", static_cast<double>(ta.n_tup_ins), "rows"));
    f.evidence.push_back(metric("n_tup_upd", static_cast<double>(ta.n_tup_upd), "rows"));
    f.evidence.push_back(metric("n_tup_hot_upd", static_cast<double>(ta.n_tup_hot_upd), "rows"));
    f.evidence.push_back(metric("n_tup_del", static_cast<double>(ta.n_tup_del), "rows"));
    f.evidence.push_back(metric("index_maintaining_writes", static_cast<double>(maintaining_writes), "rows"));
    f.evidence.push_back(text_metric("indexdef", index.indexdef));
    f.impact.storage_delta_bytes = -index.size_bytes;
    f.impact.write_overhead = "-1 index maintained on " + sql::format_count(maintaining_writes) +
                              " inserts and non-HOT updates";
    f.impact.summary = "DROP frees " + sql::format_bytes(index.size_bytes) +
                       " and one index write per inserted or non-HOT-updated row";
    f.severity = index.size_bytes >= high_size ? sdk::Severity::High : sdk::Severity::Medium;
    f.confidence = sdk::Confidence::Modeled;
    f.risk = {sdk::RiskLevel::Low,
              "DROP INDEX CONCURRENTLY takes no lock that blocks reads or writes; a query that needed it becomes "
              "slower — check replicas, which have their own usage statistics"};
    f.script = *script;
    sink.add(f);
  }
}

}  // namespace dbopt::plugins::index_analyzer

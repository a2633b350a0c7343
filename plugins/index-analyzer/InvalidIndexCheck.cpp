#include "InvalidIndexCheck.hpp"

#include <algorithm>

#include "Evidence.hpp"
#include "IndexScripts.hpp"
#include "IndexShape.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::index_analyzer {

namespace sql = sdk::sql;

sdk::CheckInfo InvalidIndexCheck::info() { return {kId, "Invalid index", ""}; }

std::vector<sdk::OptionSpec> InvalidIndexCheck::options() { return {}; }

void InvalidIndexCheck::run(const sdk::Catalog& catalog, const sdk::Options& /*options*/,
                            sdk::FindingSink& sink) const {
  for (const sdk::Index& index : catalog.indexes()) {
    if (index.indisvalid) continue;
    const std::string iname = sql::qualified_name(index.schemaname, index.relname);
    const sdk::Table* table = catalog.table(index.table_oid);
    if (!table) continue;
    if (table->relkind == 'p') {
      // An invalid partitioned index means a partition lacks an attached index; DROP INDEX
      // CONCURRENTLY is refused on partitioned indexes. The fix is ALTER INDEX … ATTACH PARTITION.
      sink.log("invalid-index: " + iname + " is a partitioned index marked invalid (a partition has no attached "
               "index); not reported: attach the missing partition index with ALTER INDEX … ATTACH PARTITION");
      continue;
    }
    if (auto blocker = drop_blocker(catalog, index)) {
      sink.log("invalid-index: " + iname + " is invalid but not reported: " + *blocker);
      continue;
    }
    auto rollback = recreate_index_sql(index, *table);
    if (!rollback) {
      sink.log("invalid-index: " + iname + " not reported: " + std::string(kNoRollbackReason));
      continue;
    }
    const std::string tname = sql::qualified_name(table->schemaname, table->relname);
    const sdk::TableActivity ta = table->stat.value_or(sdk::TableActivity{});
    const std::int64_t writes = ta.n_tup_ins + ta.n_tup_upd - ta.n_tup_hot_upd;
    const bool leftover = index.relname.find("_ccnew") != std::string::npos ||
                          index.relname.find("_ccold") != std::string::npos;

    sdk::Finding f;
    f.check_id = kId;
    f.title = "Invalid index " + iname + " on " + tname;
    std::string d;
    d += "Index " + sdk::md::escape(iname) + " on " + sdk::md::escape(tname) +
         " is marked invalid (pg\\_index.indisvalid = false): a CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY "
         "failed or was cancelled";
    d += leftover ? " (its name ends like the \\_ccnew/\\_ccold copies REINDEX CONCURRENTLY makes)" : "";
    d += ". The planner never uses it";
    if (index.indisready) {
      d += ", yet every insert and non-HOT update still writes to it (pg\\_index.indisready = true): " +
           sdk::md::escape(sql::format_count(writes)) + " since statistics were reset";
      if (index.indisunique)
        d += ". Being unique, it also still rejects duplicates among the rows it holds — once dropped, nothing "
             "does; if uniqueness is wanted, fix the duplicates and rebuild it with the statement given in the "
             "rollback script's comment instead of keeping it invalid";
    } else {
      d += "; it is not maintained either (indisready = false)";
      d += index.size_bytes > 0 ? ", but it still takes " + sdk::md::escape(sql::format_bytes(index.size_bytes))
                                : ", but it holds its name: a retried CREATE INDEX with that name fails";
    }
    d += ".\n\nBefore dropping, make sure no build is still running on it (pg\\_stat\\_progress\\_create\\_index): "
         "an index being built concurrently is invalid until the build ends.\n\n" +
         sdk::md::code_block(index.indexdef);
    f.detail = d;
    f.object = {"index", index.schemaname, index.relname, std::nullopt, std::nullopt};
    f.evidence = {text_metric("indisvalid", "false"), text_metric("indisready", index.indisready ? "true" : "false"),
                  metric("size_bytes", static_cast<double>(index.size_bytes), "bytes"),
                  metric("index_maintaining_writes", static_cast<double>(index.indisready ? writes : 0), "rows"),
                  text_metric("indexdef", index.indexdef)};
    f.impact.storage_delta_bytes = -index.size_bytes;
    if (index.indisready)
      f.impact.write_overhead = "-1 index maintained on " + sql::format_count(writes) + " inserts and non-HOT updates";
    f.impact.summary = index.size_bytes > 0 ? "DROP frees " + sql::format_bytes(index.size_bytes) +
                                                  (index.indisready ? " and an index write no query benefits from" : "")
                                            : "DROP removes an invalid index that no query can use";
    f.severity = sdk::Severity::High;
    f.confidence = sdk::Confidence::Modeled;
    f.risk = {sdk::RiskLevel::Low,
              "DROP INDEX CONCURRENTLY takes no lock that blocks reads or writes; no query uses an invalid index, "
              "so no plan changes"};
    // Nothing to restore: an invalid index served no query. Rebuilding it is not an inverse (it
    // fails the same way until its cause is fixed, and would stop a rollback run with
    // ON_ERROR_STOP), so the rebuild is given as a comment, every line commented out.
    std::string restore =
        "-- Nothing to restore: the dropped index was INVALID and served no query.\n"
        "-- To build it again once the cause of the failed build is fixed:\n";
    std::size_t start = 0;
    while (start <= rollback->size()) {
      const std::size_t end = std::min(rollback->find('\n', start), rollback->size());
      restore += "-- " + rollback->substr(start, end - start) + "\n";
      start = end + 1;
    }
    restore.pop_back();
    f.script = sdk::Script{sdk::ScriptCategory::Indexes, drop_index_sql(index.schemaname, index.relname), restore,
                           false};
    sink.add(f);
  }
}

}  // namespace dbopt::plugins::index_analyzer

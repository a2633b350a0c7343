#include "RedundantIndexCheck.hpp"

#include "Evidence.hpp"
#include "IndexScripts.hpp"
#include "IndexShape.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::index_analyzer {

namespace sql = sdk::sql;

namespace {
/// True when btree `longer` serves every query btree `prefix` serves (see the class comment).
bool covers(const sdk::Index& prefix, const sdk::Index& longer) {
  if (prefix.amname != "btree" || longer.amname != "btree") return false;
  if (longer.keys.size() <= prefix.keys.size()) return false;
  for (std::size_t i = 0; i < prefix.keys.size(); ++i)
    if (!same_key(prefix.keys[i], longer.keys[i])) return false;
  if (!same_predicate(prefix, longer)) return false;
  for (const auto& inc : prefix.include) {
    bool found = false;
    for (const auto& k : longer.keys) found = found || same_include(inc, k);
    for (const auto& k : longer.include) found = found || same_include(inc, k);
    if (!found) return false;
  }
  return true;
}
}  // namespace

sdk::CheckInfo RedundantIndexCheck::info() { return {kId, "Redundant index (left prefix of another)", ""}; }

std::vector<sdk::OptionSpec> RedundantIndexCheck::options() { return {}; }

void RedundantIndexCheck::run(const sdk::Catalog& catalog, const sdk::Options& /*options*/,
                              sdk::FindingSink& sink) const {
  for (const sdk::Table& table : catalog.tables()) {
    const auto& indexes = catalog.indexes_of(table.oid);
    for (const sdk::Index* a : indexes) {
      // A unique index enforces uniqueness of exactly its keys: a longer unique index does not
      // enforce it (unique (a) is not implied by unique (a, b)), so it is never redundant.
      if (!usable(*a) || a->indisunique || a->indisprimary || a->indisexclusion) continue;
      const sdk::Index* best = nullptr;
      for (const sdk::Index* b : indexes) {
        if (b == a || !usable(*b) || !covers(*a, *b)) continue;
        if (!best || b->keys.size() < best->keys.size()) best = b;  // the closest cover; ties: first by name
      }
      if (!best) continue;
      const std::string aname = sql::qualified_name(a->schemaname, a->relname);
      const std::string bname = sql::qualified_name(best->schemaname, best->relname);
      const std::string tname = sql::qualified_name(table.schemaname, table.relname);
      // B never scanned while A is: unused-index proposes dropping B, and dropping both would
      // leave A's queries without an index. Keep A then.
      if (scans_of(*best) == 0 && scans_of(*a) > 0) {
        sink.log("redundant-index: " + aname + " is a prefix of " + bname + " but is not reported: " + bname +
                 " has never been scanned while " + aname + " has (see unused-index)");
        continue;
      }
      if (auto blocker = drop_blocker(catalog, *a)) {
        sink.log("redundant-index: " + aname + " is a prefix of " + bname + " but is not reported: " + *blocker);
        continue;
      }
      auto script = drop_index_script(*a, table);
      if (!script) {
        sink.log("redundant-index: " + aname + " not reported: " + std::string(kNoRollbackReason));
        continue;
      }
      sdk::Finding f;
      f.check_id = kId;
      f.title = "Redundant index " + aname + " (left prefix of " + bname + ")";
      std::string d;
      d += "The keys of btree index " + sdk::md::escape(aname) + " on " + sdk::md::escape(tname) + " are the leading keys of " +
           sdk::md::escape(bname) + " (same columns or expressions, operator classes, collations and ordering" +
           (a->predicate ? ", same predicate" : "") +
           "). A btree on (a, b) serves every condition and ordering on its leading column a, so " + sdk::md::escape(bname) +
           " serves the queries of " + sdk::md::escape(aname) +
           "; it is wider, so those lookups read slightly more pages. Dropping " + sdk::md::escape(aname) +
           " removes one index write per inserted or non-HOT-updated row and frees its storage.\n\n"
           "Redundant:\n\n" +
           sdk::md::code_block(a->indexdef) + "\nServes its queries:\n\n" + sdk::md::code_block(best->indexdef);
      f.detail = d;
      f.object = {"index", a->schemaname, a->relname, std::nullopt, std::nullopt};
      f.evidence = {text_metric("indexdef", a->indexdef), text_metric("covering_indexdef", best->indexdef),
                    metric("idx_scan", static_cast<double>(scans_of(*a)), "count"),
                    metric("covering_idx_scan", static_cast<double>(scans_of(*best)), "count"),
                    metric("size_bytes", static_cast<double>(a->size_bytes), "bytes"),
                    metric("covering_size_bytes", static_cast<double>(best->size_bytes), "bytes")};
      const sdk::TableActivity ta = table.stat.value_or(sdk::TableActivity{});
      const std::int64_t writes = ta.n_tup_ins + ta.n_tup_upd - ta.n_tup_hot_upd;
      f.impact.storage_delta_bytes = -a->size_bytes;
      f.impact.write_overhead = "-1 index maintained on " + sql::format_count(writes) + " inserts and non-HOT updates";
      f.impact.summary = "DROP frees " + sql::format_bytes(a->size_bytes) + "; " + bname + " serves the same queries";
      f.severity = sdk::Severity::Low;
      f.confidence = sdk::Confidence::Modeled;
      f.risk = {sdk::RiskLevel::Low,
                "DROP INDEX CONCURRENTLY takes no lock that blocks reads or writes; queries that used it switch to "
                "the wider index, which costs a few more page reads per lookup"};
      f.script = *script;
      sink.add(f);
    }
  }
}

}  // namespace dbopt::plugins::index_analyzer

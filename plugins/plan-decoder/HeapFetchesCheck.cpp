#include "HeapFetchesCheck.hpp"

#include <cmath>
#include <cstdio>

#include "Evidence.hpp"
#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::plan_decoder {

sdk::CheckInfo HeapFetchesCheck::info() { return {kId, "Index-only scan fetching from the heap", "DB-OPT-06"}; }

std::vector<sdk::OptionSpec> HeapFetchesCheck::options() {
  return {
      {"heap-fetch-share", sdk::OptionType::Double, "0.1",
       "index-only-heap-fetches: heap fetches per row returned from which an index-only scan is reported, 0..1; "
       "dbopt choice (DB-OPT-06 wants zero heap hits)",
       0.0, std::nullopt},
      {"heap-fetch-min", sdk::OptionType::Double, "1000",
       "index-only-heap-fetches: fewest heap fetches reported, count; dbopt choice", 0.0, std::nullopt},
  };
}

void HeapFetchesCheck::run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options,
                           PlanFindings& out) const {
  const double min_share = options.number("heap-fetch-share");
  const double min_fetches = options.number("heap-fetch-min");
  for (const NodeView& v : view.nodes) {
    const sdk::PlanNode& n = *v.node;
    if (n.node_type != "Index Only Scan" || !n.heap_fetches || !v.act_rows) continue;
    const double fetches = *n.heap_fetches;
    const double rows = std::max(*v.act_rows, 1.0);
    if (fetches < min_fetches || fetches / rows < min_share) continue;
    sdk::Finding f = out.start(kId, "DB-OPT-06", &v, catalog);
    f.severity = sdk::Severity::Medium;
    const std::string pct = sdk::sql::format_percent(std::min(1.0, fetches / rows), 0);
    f.title = node_ref(v) + " fetched " + sdk::sql::format_count(static_cast<std::int64_t>(fetches)) +
              " rows from the heap (" + pct + " of rows returned)";
    f.evidence.push_back(metric("heap_fetches", fetches, "count"));
    f.evidence.push_back(metric("rows_returned", rows, "rows"));
    const sdk::Table* table = find_table(catalog, n);
    std::string d = "An index-only scan reads the table only for pages the visibility map does not mark all-visible. " +
                    sdk::md::escape(node_ref(v)) + " did so " +
                    sdk::md::escape(sdk::sql::format_count(static_cast<std::int64_t>(fetches))) + " times for " +
                    sdk::md::escape(sdk::sql::format_count(static_cast<std::int64_t>(rows))) +
                    " rows: it is mostly an index scan. VACUUM sets the visibility map (DB-OPT-06: \"Visibility map "
                    "is 100 % all-visible\").";
    if (table) {
      if (table->relpages > 0)
        d += " pg\\_class: relallvisible " + sdk::md::escape(sdk::sql::format_count(table->relallvisible)) + " of " +
             sdk::md::escape(sdk::sql::format_count(table->relpages)) + " pages.";
      sdk::Script s;
      s.category = sdk::ScriptCategory::Vacuum;
      s.apply = "VACUUM (ANALYZE) " + sdk::sql::qualified_name(table->schemaname, table->relname) + ";";
      s.rollback = "-- nothing to roll back: VACUUM changes no data and no definition";
      f.script = s;
      d += " If it comes back, lower autovacuum\\_vacuum\\_insert\\_scale\\_factor / autovacuum\\_vacuum\\_scale\\_factor for "
           "this table so autovacuum keeps the map current.";
    } else {
      d += " The table is not in the snapshot, so no script is written: run `VACUUM (ANALYZE)` on it.";
    }
    f.detail = std::move(d);
    f.risk = {sdk::RiskLevel::Low, "VACUUM takes a SHARE UPDATE EXCLUSIVE lock (reads and writes continue) and reads "
                                   "the table"};
    f.impact.summary = "index-only scans that stay in the index";
    out.add(f, &v, "heap-fetches");
  }
}

}  // namespace dbopt::plugins::plan_decoder

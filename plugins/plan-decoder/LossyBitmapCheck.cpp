#include "LossyBitmapCheck.hpp"

#include <cstdio>

#include "Evidence.hpp"
#include "PlanSettings.hpp"
#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::plan_decoder {

namespace {

// The Bitmap Index Scans under a Bitmap Heap Scan (directly or through BitmapAnd/BitmapOr).
void bitmap_indexes(const sdk::PlanNode& n, std::vector<const sdk::PlanNode*>& out) {
  for (const auto& c : n.children) {
    if (c.node_type == "Bitmap Index Scan") out.push_back(&c);
    else if (c.node_type == "BitmapAnd" || c.node_type == "BitmapOr") bitmap_indexes(c, out);
  }
}

const sdk::Index* find_index(const sdk::Catalog& catalog, const std::string& name) {
  const sdk::Index* found = nullptr;
  for (const sdk::Index& i : catalog.indexes()) {
    if (i.relname != name) continue;
    if (found) return nullptr;
    found = &i;
  }
  return found;
}

}  // namespace

sdk::CheckInfo LossyBitmapCheck::info() { return {kId, "Lossy bitmap heap scan (work_mem)", ""}; }

std::vector<sdk::OptionSpec> LossyBitmapCheck::options() {
  return {{"lossy-share", sdk::OptionType::Double, "0.1",
           "lossy-bitmap: share of lossy heap blocks (lossy / (exact + lossy)) from which the finding is medium, "
           "else low, 0..1; dbopt choice",
           0.0, 1.0}};
}

void LossyBitmapCheck::run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options,
                           PlanFindings& out) const {
  const double medium_share = options.number("lossy-share");
  for (const NodeView& v : view.nodes) {
    const sdk::PlanNode& n = *v.node;
    if (n.node_type != "Bitmap Heap Scan" || !n.lossy_heap_blocks || *n.lossy_heap_blocks <= 0) continue;
    std::vector<const sdk::PlanNode*> scans;
    bitmap_indexes(n, scans);
    bool brin = false, known = !scans.empty();
    std::string ams;
    for (const sdk::PlanNode* s : scans) {
      const sdk::Index* idx = s->index_name ? find_index(catalog, *s->index_name) : nullptr;
      if (!idx) {
        known = false;
        continue;
      }
      brin = brin || idx->amname == "brin";
      ams += (ams.empty() ? "" : ", ") + idx->amname;
    }
    const std::int64_t exact = n.exact_heap_blocks.value_or(0);
    if (brin) {
      out.log("lossy-bitmap: " + node_ref(v) + " not reported: its bitmap comes from a BRIN index, lossy by design");
      continue;
    }
    if (!known && exact == 0) {
      out.log("lossy-bitmap: " + node_ref(v) + " not reported: all blocks lossy and the index is not in the snapshot "
              "(a BRIN index reports exactly this)");
      continue;
    }
    const std::int64_t lossy = *n.lossy_heap_blocks;
    const double share = static_cast<double>(lossy) / static_cast<double>(lossy + exact);
    sdk::Finding f = out.start(kId, "", &v, catalog);
    f.severity = share >= medium_share ? sdk::Severity::Medium : sdk::Severity::Low;
    const std::string pct = sdk::sql::format_percent(share, 0);
    f.title = node_ref(v) + ": bitmap lossy on " + sdk::sql::format_count(lossy) + " heap blocks (" + pct + ")";
    f.evidence.push_back(metric("exact_heap_blocks", static_cast<double>(exact), "pages"));
    f.evidence.push_back(metric("lossy_heap_blocks", static_cast<double>(lossy), "pages"));
    if (n.rows_removed_by_index_recheck)
      f.evidence.push_back(metric("rows_removed_by_index_recheck", *n.rows_removed_by_index_recheck, "rows"));
    if (!ams.empty()) f.evidence.push_back(text_metric("index_access_methods", ams));
    std::string d = "The bitmap of " + sdk::md::escape(node_ref(v)) + " outgrew work\\_mem and was degraded to whole "
                    "pages on " + sdk::md::escape(sdk::sql::format_count(lossy)) + " of " +
                    sdk::md::escape(sdk::sql::format_count(lossy + exact)) +
                    " heap blocks: every row of those pages is read and checked again against the Recheck Cond";
    if (n.rows_removed_by_index_recheck)
      d += " (" + sdk::md::escape(sdk::sql::format_count(static_cast<std::int64_t>(*n.rows_removed_by_index_recheck))) +
           " rows removed by the recheck)";
    d += ". The index is " + (ams.empty() ? std::string("not in the snapshot; exact blocks were reported too, so it is not BRIN")
                                          : sdk::md::escape(ams)) + ".";
    if (auto wm = setting_kb(*view.plan, catalog, "work_mem"))
      d += " work\\_mem is " + sdk::md::escape(format_kb(static_cast<double>(*wm))) + ".";
    d += "\n\nRaise work\\_mem for this query (`SET LOCAL work_mem = …`) until EXPLAIN shows no lossy blocks; if the "
         "scan matches most of the table, a sequential scan or a more selective index is the better fix.";
    f.detail = std::move(d);
    f.risk = {sdk::RiskLevel::Low, "a per-transaction setting"};
    f.impact.summary = "exact bitmap: no recheck of whole pages";
    out.add(f, &v, "lossy-bitmap");
  }
}

}  // namespace dbopt::plugins::plan_decoder

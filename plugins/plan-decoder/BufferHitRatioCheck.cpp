#include "BufferHitRatioCheck.hpp"

#include <algorithm>
#include <cstdio>

#include "Evidence.hpp"
#include "PlanSettings.hpp"
#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::plan_decoder {

namespace {
constexpr double kMediumBelow = 0.90;  // dbopt choice: one read in ten from outside shared_buffers
constexpr std::size_t kNodesNamed = 3;

}  // namespace

sdk::CheckInfo BufferHitRatioCheck::info() { return {kId, "Buffer hit ratio below 99 %", "DB-OPT-08"}; }

std::vector<sdk::OptionSpec> BufferHitRatioCheck::options() {
  return {
      {"hit-ratio", sdk::OptionType::Double, "0.99",
       "buffer-hit-ratio: shared_blks_hit / (hit + read) below which a plan is reported, 0..1; seed 003_…, DB-OPT-08 "
       "(> 99 %)",
       0.0, 1.0},
      {"hit-ratio-min-blocks", sdk::OptionType::Double, "1000",
       "buffer-hit-ratio: fewest shared blocks touched (hit + read) for the ratio to mean something, blocks; dbopt "
       "choice",
       0.0, std::nullopt},
  };
}

void BufferHitRatioCheck::run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options,
                              PlanFindings& out) const {
  const sdk::PlanNode& root = view.plan->root;
  if (!root.buffers.shared_hit_blocks || !root.buffers.shared_read_blocks) return;
  const double hit = static_cast<double>(*root.buffers.shared_hit_blocks);
  const double read = static_cast<double>(*root.buffers.shared_read_blocks);
  if (hit + read < options.number("hit-ratio-min-blocks")) return;
  const double ratio = hit / (hit + read);
  if (ratio >= options.number("hit-ratio")) return;
  sdk::Finding f = out.start(kId, "DB-OPT-08", nullptr, catalog);
  f.severity = ratio < kMediumBelow ? sdk::Severity::Medium : sdk::Severity::Low;
  f.title = "Buffer hit ratio " + sdk::sql::format_percent(ratio) + " (" + sdk::sql::format_count(static_cast<std::int64_t>(read)) +
            " blocks read outside shared_buffers)";
  f.evidence.push_back(metric("shared_hit_blocks", hit, "pages"));
  f.evidence.push_back(metric("shared_read_blocks", read, "pages"));
  f.evidence.push_back(metric("hit_ratio", ratio, "ratio"));
  const double block = static_cast<double>(catalog.block_size());
  std::string d = "The statement found " + sdk::md::escape(sdk::sql::format_percent(ratio)) + " of the " +
                  sdk::md::escape(sdk::sql::format_count(static_cast<std::int64_t>(hit + read))) +
                  " shared blocks it touched in shared\\_buffers (shared hit / (hit + read)); DB-OPT-08 wants more "
                  "than 99 %. It read " + sdk::md::escape(sdk::sql::format_bytes(static_cast<std::int64_t>(read * block))) +
                  " from the OS cache or disk";
  if (root.buffers.io_read_time)
    d += " in " + sdk::md::escape(sdk::sql::format_ms(*root.buffers.io_read_time)) + " (I/O Read Time)";
  d += ".";
  if (auto sb = setting_kb(*view.plan, catalog, "shared_buffers")) {
    d += " shared\\_buffers is " + sdk::md::escape(format_kb(static_cast<double>(*sb))) + ".";
    f.evidence.push_back(metric("shared_buffers", static_cast<double>(*sb) * 1024, "bytes"));
  }
  // The nodes that read most blocks themselves.
  std::vector<const NodeView*> readers;
  for (const NodeView& v : view.nodes)
    if (v.exclusive_shared_read && *v.exclusive_shared_read > 0) readers.push_back(&v);
  std::sort(readers.begin(), readers.end(), [](const NodeView* a, const NodeView* b) {
    return *a->exclusive_shared_read > *b->exclusive_shared_read;
  });
  if (!readers.empty()) {
    d += "\n\nMost blocks read by:\n";
    for (std::size_t i = 0; i < readers.size() && i < kNodesNamed; ++i) {
      const NodeView& v = *readers[i];
      const double h = static_cast<double>(v.exclusive_shared_hit.value_or(0));
      const double r = static_cast<double>(*v.exclusive_shared_read);
      d += "\n- " + sdk::md::escape(node_ref(v)) + ": " + sdk::md::escape(sdk::sql::format_count(static_cast<std::int64_t>(r))) +
           " read, hit ratio " + sdk::md::escape(sdk::sql::format_percent(h / (h + r)));
    }
  }
  d += "\n\nA first run after a restart reads from disk by nature: compare with a second run. When the ratio stays "
       "low, the working set exceeds shared\\_buffers (size it to the hot data, see config-tuner) or the rows are "
       "scattered (CLUSTER the table on the index this query uses); seed 003_…, technical reference 6.4.";
  f.detail = std::move(d);
  f.risk = {sdk::RiskLevel::Low, "diagnosis only"};
  f.impact.summary = "reads served from shared_buffers instead of the OS or disk";
  out.add(f, nullptr, "buffer-hit-ratio");
}

}  // namespace dbopt::plugins::plan_decoder

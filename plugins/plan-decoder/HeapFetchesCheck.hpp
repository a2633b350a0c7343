// plan-decoder/index-only-heap-fetches — an Index Only Scan that still visits the heap
// (Heap Fetches > 0) because the visibility map does not mark its pages all-visible. Seed 003_…,
// DB-OPT-06: "Buffers number shows zero heap hits … Visibility map is 100% all-visible".
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::plan_decoder {

/// Reports Index Only Scans with heap_fetches ≥ `heap-fetch-share` of the rows returned
/// (actual_rows × loops) and at least `heap-fetch-min` fetches. Fix: VACUUM (ANALYZE) of the
/// table (sets the visibility map); no rollback needed. Severity medium. README.md, plan-decoder/index-only-heap-fetches.
class HeapFetchesCheck {
 public:
  static constexpr const char* kId = "plan-decoder/index-only-heap-fetches";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options, PlanFindings& out) const;
};

}  // namespace dbopt::plugins::plan_decoder

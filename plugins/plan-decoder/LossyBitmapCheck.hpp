// plan-decoder/lossy-bitmap — a Bitmap Heap Scan whose bitmap did not fit in work_mem and
// degraded to whole pages (Heap Blocks: lossy=N), so every row of those pages is rechecked.
// Source: explain.c show_tidbitmap_info; PostgreSQL docs "Using EXPLAIN" (Heap Blocks).
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::plan_decoder {

/// Reports Bitmap Heap Scans with lossy_heap_blocks > 0 whose bitmap index is not BRIN: BRIN
/// bitmaps are lossy by construction (testdata/README.md: BRIN always reports lossy blocks). The
/// index's access method comes from the catalog; when the index is not in the snapshot, a scan
/// with exact=0 is taken for BRIN and skipped (btree/GIN/GiST bitmaps start exact). Severity
/// medium when at least `lossy-share` of the heap blocks are lossy, else low. README.md, plan-decoder/lossy-bitmap.
class LossyBitmapCheck {
 public:
  static constexpr const char* kId = "plan-decoder/lossy-bitmap";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options, PlanFindings& out) const;
};

}  // namespace dbopt::plugins::plan_decoder

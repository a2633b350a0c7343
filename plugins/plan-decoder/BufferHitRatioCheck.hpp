// plan-decoder/buffer-hit-ratio — shared buffer hit ratio of a plan below 99 %:
// shared_blks_hit / (shared_blks_hit + shared_blks_read). Seed 003_…, DB-OPT-08 ("Queries with
// <99% hit ratio flagged") and technical reference 6.4 (buffer hit ratio).
#pragma once

#include <vector>

#include "Check.hpp"

namespace dbopt::plugins::plan_decoder {

/// Reports plans whose root node (buffers are cumulative) read at least `hit-ratio-min-blocks`
/// blocks with a hit ratio below `hit-ratio`, naming the nodes that read most blocks themselves
/// and comparing the blocks read with shared_buffers. Severity medium below 90 %, else low. README.md, plan-decoder/buffer-hit-ratio.
class BufferHitRatioCheck {
 public:
  static constexpr const char* kId = "plan-decoder/buffer-hit-ratio";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options, PlanFindings& out) const;
};

}  // namespace dbopt::plugins::plan_decoder

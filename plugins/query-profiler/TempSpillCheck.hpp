// query-profiler/temp-spill — a statement writes temporary files: a sort, hash or materialize
// step did not fit in work_mem (hash_mem_multiplier × work_mem for hashes). Issue 3 ("statements
// spilling to temp files, work_mem candidates, handed to config-tuner as evidence"); seed 001_…,
// Config Tuner (work_mem).
//
// CONTRACT with config-tuner (it reads these findings from Context::earlier_findings; do not
// rename): check_id "query-profiler/temp-spill"; object {kind "statement", queryid}; evidence
// metrics "temp_blks_written" (pages), "temp_blks_read" (pages), "calls" (count),
// "temp_bytes_per_call" (bytes = temp_blks_written × block_size / calls), "mean_exec_time" (ms).
// No script: the fix is work_mem, which config-tuner recommends.
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::query_profiler {

/// Reports each statement group with calls > 0 and temp_blks_written ≥ `temp-min-blks-written`
/// pages. Severity low; medium when its share of total statement time is ≥ `temp-medium-share`.
/// Skipped (logged) without pg_stat_statements. README.md, section query-profiler/temp-spill.
class TempSpillCheck {
 public:
  static constexpr const char* kId = "query-profiler/temp-spill";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::query_profiler

// query-profiler/workload-class — OLTP, OLAP or mixed, decided from the statement mix and shown in
// the executive summary. Seed 001_…, "Workload Pattern Analysis: OLTP vs OLAP vs Mixed
// classification" (workload_analysis.classification); issue 3 (reads vs writes, rows per call,
// mean time, with the figures it was decided from).
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::query_profiler {

/// Emits the sdk::SummaryFact kFactKey (value "OLTP", "OLAP" or "Mixed") from the statement groups
/// whose facts say SELECT (reads) or INSERT/UPDATE/DELETE/MERGE (writes); utility and unparsed
/// statements are left out. A statement is analytical when mean_exec_time ≥
/// `olap-statement-mean-ms` or rows / calls ≥ `olap-statement-rows-per-call`. With A = the
/// analytical statements' share of the classified statement time: OLAP when A ≥ `olap-time-share`,
/// OLTP when A ≤ `oltp-time-share`, Mixed otherwise. Evidence: calls and time split between reads
/// and writes, rows per read call, mean time, A. The decision is logged. No finding. Skipped
/// (logged) without pg_stat_statements or without a classified call.
/// README.md, section query-profiler/workload-class.
class WorkloadClassCheck {
 public:
  static constexpr const char* kId = "query-profiler/workload-class";
  static constexpr const char* kFactKey = "query-profiler/workload-class";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::query_profiler
